"""The Bosatlas: the facts per opleiding, sector and region, starting with the qualification
(crebo) catalogue every other app names."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from regions.models import Sectorkamer

crebo_validator = RegexValidator(r"^\d{5}$", _("A crebo code is exactly 5 digits."))


class Qualification(models.Model):
    """A qualification (opleiding) from the crebo catalogue."""

    crebo = models.CharField(_("crebo"), max_length=5, unique=True, validators=[crebo_validator])
    name = models.CharField(_("name"), max_length=255)
    level = models.PositiveSmallIntegerField(
        _("level"),
        validators=[MinValueValidator(1), MaxValueValidator(4)],
        help_text=_("1 entree, 2 basic vocational, 3 vocational, 4 middle management/specialist."),
    )
    sectorkamer = models.ForeignKey(
        Sectorkamer,
        verbose_name=_("sectorkamer"),
        on_delete=models.PROTECT,
        related_name="qualifications",
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("qualification")
        verbose_name_plural = _("qualifications")
        constraints = [
            models.CheckConstraint(condition=Q(level__gte=1, level__lte=4), name="qual_level_1_4"),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_until__gte=F("valid_from")),
                name="qual_validity_in_order",
            ),
        ]
        # the index keeps the name it got in agendas, where the model began
        indexes = [
            models.Index(fields=["sectorkamer", "level"], name="agendas_qua_sectork_70bff5_idx")
        ]

    def __str__(self):
        return f"{self.name} ({self.crebo})"

    def clean(self):
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            raise ValidationError(
                {"valid_until": _("The end date cannot be before the start date.")}
            )
