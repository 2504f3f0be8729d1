from django.db import migrations


def forwards(apps, schema_editor):
    ReminderOffset = apps.get_model("notifications", "ReminderOffset")
    for days, after in ((7, False), (1, False), (1, True)):
        ReminderOffset.objects.get_or_create(
            kind="progress_report", days=days, after=after, defaults={"recipients": "owner,parties"}
        )


class Migration(migrations.Migration):
    dependencies = [("notifications", "0003_default_reminder_policy")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
