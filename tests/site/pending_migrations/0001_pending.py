"""A migration that is never applied: /health/ must report it as pending."""

from django.db import migrations


class Migration(migrations.Migration):
    operations = []
