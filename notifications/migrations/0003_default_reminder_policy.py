"""The default reminder policy (editable in the administration afterwards)."""

from django.db import migrations

from notifications.defaults import REMINDER_POLICY

def forwards(apps, schema_editor):
    ReminderOffset = apps.get_model("notifications", "ReminderOffset")
    for kind, days, after, recipients in REMINDER_POLICY:
        ReminderOffset.objects.get_or_create(
            kind=kind, days=days, after=after, defaults={"recipients": recipients}
        )


class Migration(migrations.Migration):
    dependencies = [("notifications", "0002_calendartoken_cyclemilestone_digest_notification_and_more")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
