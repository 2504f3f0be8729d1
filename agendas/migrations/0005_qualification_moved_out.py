import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    """Qualification leaves agendas (step 2 of 3 of the move to atlas)."""

    dependencies = [
        ("agendas", "0004_sectorkamer_moved_out"),
        ("atlas", "0001_qualification_moved_in"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="priority",
                    name="qualifications",
                    field=models.ManyToManyField(blank=True, related_name="priorities", to="atlas.qualification", verbose_name="qualifications"),
                ),
                migrations.AlterField(
                    model_name="historicalpriority_qualifications",
                    name="qualification",
                    field=models.ForeignKey(blank=True, db_constraint=False, db_tablespace="", null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name="+", to="atlas.qualification"),
                ),
                migrations.DeleteModel(name="Qualification"),
            ],
            database_operations=[],
        ),
    ]
