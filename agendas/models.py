"""Sectorkamers and their multi-year agendas."""

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

sectorkamer_code_validator = RegexValidator(
    r"^0[1-8]$", _("A sectorkamer code is two digits from 01 to 08.")
)


class Sectorkamer(models.Model):
    """One of SBB's 8 sector chambers, coded 01-08 as in DUO and crebo files."""

    code = models.CharField(
        _("code"), max_length=2, unique=True, validators=[sectorkamer_code_validator]
    )
    name = models.CharField(_("name"), max_length=200)
    abbreviation = models.CharField(_("abbreviation"), max_length=10, unique=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("sectorkamer")
        verbose_name_plural = _("sectorkamers")

    def __str__(self):
        return self.name
