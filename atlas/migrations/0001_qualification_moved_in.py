import django.core.validators
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    """The qualification catalogue moves from agendas to atlas (step 1 of 3): the table and
    every row stay where they are; only Django's idea of which app owns the model changes."""

    initial = True

    dependencies = [
        ("agendas", "0004_sectorkamer_moved_out"),
        ("regions", "0003_sectorkamer_table"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Qualification",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("crebo", models.CharField(max_length=5, unique=True, validators=[django.core.validators.RegexValidator("^\\d{5}$", "A crebo code is exactly 5 digits.")], verbose_name="crebo")),
                        ("name", models.CharField(max_length=255, verbose_name="name")),
                        ("level", models.PositiveSmallIntegerField(help_text="1 entree, 2 basic vocational, 3 vocational, 4 middle management/specialist.", validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(4)], verbose_name="level")),
                        ("valid_from", models.DateField(blank=True, null=True, verbose_name="valid from")),
                        ("valid_until", models.DateField(blank=True, null=True, verbose_name="valid until")),
                        ("sectorkamer", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="qualifications", to="regions.sectorkamer", verbose_name="sectorkamer")),
                    ],
                    options={
                        "verbose_name": "qualification",
                        "verbose_name_plural": "qualifications",
                        "ordering": ["name"],
                        "db_table": "agendas_qualification",
                        "indexes": [models.Index(fields=["sectorkamer", "level"], name="agendas_qua_sectork_70bff5_idx")],
                        "constraints": [
                            models.CheckConstraint(condition=models.Q(("level__gte", 1), ("level__lte", 4)), name="qual_level_1_4"),
                            models.CheckConstraint(condition=models.Q(("valid_until__isnull", True), ("valid_from__isnull", True), ("valid_until__gte", models.F("valid_from")), _connector="OR"), name="qual_validity_in_order"),
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
