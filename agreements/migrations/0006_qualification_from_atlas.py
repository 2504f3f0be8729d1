import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    """Foreign keys to Qualification now name atlas (step 2 of 3 of the move); the columns
    and their constraints are unchanged."""

    dependencies = [
        ("agreements", "0005_deadline_index"),
        ("atlas", "0001_qualification_moved_in"),
    ]

    run_before = [("agendas", "0005_qualification_moved_out")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="programmeofferrule",
                    name="qualifications",
                    field=models.ManyToManyField(related_name="offer_rules", to="atlas.qualification", verbose_name="qualifications"),
                ),
                migrations.AlterField(
                    model_name="startstopnotice",
                    name="qualification",
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="notices", to="atlas.qualification", verbose_name="qualification"),
                ),
                migrations.AlterField(
                    model_name="historicalstartstopnotice",
                    name="qualification",
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name="+", to="atlas.qualification", verbose_name="qualification"),
                ),
            ],
            database_operations=[],
        ),
    ]
