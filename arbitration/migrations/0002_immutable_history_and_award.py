from django.db import migrations

from core.history import make_immutable


class Migration(migrations.Migration):
    dependencies = [("arbitration", "0001_initial")]

    operations = [
        make_immutable(
            "arbitration_historicalarbitrationagreement",
            "arbitration_historicalproceduralruleset",
            "arbitration_historicaldossier",
            "arbitration_historicalpanelmember",
            "arbitration_historicalchallenge",
            "arbitration_historicalproceduraldeadline",
            # An issued award is final.
            "arbitration_award",
            "arbitration_award_signed_by",
        )
    ]
