from django.db import migrations

from core.history import make_immutable


class Migration(migrations.Migration):
    dependencies = [("agreements", "0001_initial")]

    operations = [
        make_immutable(
            "agreements_historicalagreement",
            "agreements_historicalagreementparty",
            "agreements_historicalmilestone",
            "agreements_historicalstartstopnotice",
            "agreements_historicalnoticeconflict",
        )
    ]
