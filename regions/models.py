"""Who and where: sectorkamers, arbeidsmarktregio's, organisations, regional tables, people
and their roles."""

import datetime

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.timeutils import local_today

arbeidsmarktregio_code_validator = RegexValidator(
    r"^AM\d{2}$",
    _("An arbeidsmarktregio code is 'AM' followed by two digits, e.g. AM24."),
)
sectorkamer_code_validator = RegexValidator(
    r"^0[1-8]$", _("A sectorkamer code is two digits from 01 to 08.")
)
institution_code_validator = RegexValidator(
    r"^[0-9]{2}[0-9A-Z]{2}$",
    _(
        "An institution code (BRIN) is exactly 4 characters: two digits followed by two "
        "capital letters or digits, e.g. 00GT."
    ),
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


class Arbeidsmarktregio(models.Model):
    """One of the 35 labour-market regions, with its CBS code (AM01 ... AM40, with gaps)."""

    code = models.CharField(
        _("CBS code"),
        max_length=4,
        unique=True,
        validators=[arbeidsmarktregio_code_validator],
    )
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        ordering = ["name"]
        verbose_name = _("arbeidsmarktregio")
        verbose_name_plural = _("arbeidsmarktregio's")

    def __str__(self):
        return self.name


class OrganisationKind(models.TextChoices):
    MBO_INSTITUTION = "mbo_institution", _("mbo institution")
    BRANCH = "branch", _("branch organisation")
    EMPLOYER = "employer", _("employer")
    UNION = "union", _("union")
    TRAINING_FUND = "training_fund", _("O&O fund")
    GOVERNMENT = "government", _("municipality or province")
    SBB = "sbb", _("SBB")
    OTHER = "other", _("other")


class Organisation(models.Model):
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=OrganisationKind.choices)
    institution_code = models.CharField(
        _("institution code (BRIN)"),
        max_length=4,
        blank=True,
        validators=[institution_code_validator],
        help_text=_("Only for mbo institutions: the 4-character code, e.g. 00GT."),
    )
    city = models.CharField(_("city"), max_length=100, blank=True)
    website = models.URLField(_("website"), blank=True)
    regions = models.ManyToManyField(
        Arbeidsmarktregio,
        verbose_name=_("arbeidsmarktregio's"),
        related_name="organisations",
        blank=True,
        help_text=_("The arbeidsmarktregio's this organisation works in."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(kind=OrganisationKind.MBO_INSTITUTION) & ~Q(institution_code="")
                    | ~Q(kind=OrganisationKind.MBO_INSTITUTION) & Q(institution_code="")
                ),
                name="organisation_institution_code_iff_mbo",
            ),
            models.UniqueConstraint(
                fields=["institution_code"],
                condition=~Q(institution_code=""),
                name="organisation_unique_institution_code",
            ),
            models.UniqueConstraint(fields=["name"], name="organisation_unique_name"),
        ]
        indexes = [models.Index(fields=["kind", "name"])]

    def __str__(self):
        return self.name

    def clean(self):
        if self.kind == OrganisationKind.MBO_INSTITUTION and not self.institution_code:
            raise ValidationError(
                {"institution_code": _("An mbo institution needs its institution code (BRIN).")}
            )
        if self.kind != OrganisationKind.MBO_INSTITUTION and self.institution_code:
            raise ValidationError(
                {"institution_code": _("Only an mbo institution has an institution code.")}
            )
        if not self.institution_code:
            return
        taken = (
            Organisation.objects.filter(institution_code=self.institution_code)
            .exclude(pk=self.pk)
            .first()
        )
        if taken is not None:
            raise ValidationError(
                {
                    "institution_code": _("%(code)s is already the code of %(name)s.")
                    % {"code": self.institution_code, "name": taken.name}
                }
            )


class User(AbstractUser):
    """A person using Kansrijk; belongs to an organisation and holds scoped roles."""

    email = models.EmailField(_("email address"), blank=True)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="people",
        null=True,
        blank=True,
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        if self.is_former:
            return str(_("former user %(pk)s") % {"pk": self.pk})
        return self.get_full_name() or self.username

    @property
    def is_former(self) -> bool:
        """Deactivated with their personal data removed; their history stays readable."""
        return self.username.startswith(FORMER_USER_PREFIX) and not self.is_active


FORMER_USER_PREFIX = "voormalig-"


class RegionalTable(models.Model):
    """A regional table (regionale tafel), usually for one arbeidsmarktregio."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    regions = models.ManyToManyField(
        Arbeidsmarktregio,
        verbose_name=_("arbeidsmarktregio's"),
        related_name="regional_tables",
    )
    sectorkamer = models.ForeignKey(
        Sectorkamer,
        verbose_name=_("sectorkamer focus"),
        on_delete=models.PROTECT,
        related_name="regional_tables",
        null=True,
        blank=True,
    )
    members = models.ManyToManyField(
        Organisation,
        verbose_name=_("member organisations"),
        through="TableMembership",
        related_name="regional_tables",
        blank=True,
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("regional table")
        verbose_name_plural = _("regional tables")

    def __str__(self):
        return self.name


class TableMembership(models.Model):
    table = models.ForeignKey(RegionalTable, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="table_memberships"
    )
    added_at = models.DateTimeField(_("added at"), default=timezone.now)

    class Meta:
        ordering = ["organisation__name"]
        verbose_name = _("table membership")
        verbose_name_plural = _("table memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["table", "organisation"], name="table_membership_unique"
            )
        ]

    def __str__(self):
        return f"{self.organisation} @ {self.table}"


class Role(models.TextChoices):
    BOARD_MEMBER = "board_member", _("SBB board member")
    SECTORKAMER_SECRETARY = "sectorkamer_secretary", _("sectorkamer secretary")
    SECTORKAMER_MEMBER = "sectorkamer_member", _("sectorkamer member")
    TABLE_COORDINATOR = "table_coordinator", _("regional table coordinator")
    TABLE_MEMBER = "table_member", _("regional table member")
    ORGANISATION_REPRESENTATIVE = (
        "organisation_representative",
        _("organisation representative"),
    )
    ARBITRATION_SECRETARIAT = "arbitration_secretariat", _("arbitration secretariat")
    ARBITER = "arbiter", _("arbiter")


class Side(models.TextChoices):
    EDUCATION = "education", _("education")
    BUSINESS = "business", _("business")


# Which scope field each role needs; every other scope field must stay empty.
ROLE_SCOPE = {
    Role.BOARD_MEMBER: None,
    Role.SECTORKAMER_SECRETARY: "sectorkamer",
    Role.SECTORKAMER_MEMBER: "sectorkamer",
    Role.TABLE_COORDINATOR: "regional_table",
    Role.TABLE_MEMBER: "regional_table",
    Role.ORGANISATION_REPRESENTATIVE: "organisation",
    Role.ARBITRATION_SECRETARIAT: None,
    Role.ARBITER: None,
}
SCOPE_FIELDS = ("sectorkamer", "regional_table", "organisation")


def _scope_condition():
    """The database form of ROLE_SCOPE: each role with exactly its own scope set."""
    condition = Q()
    for role, scope in ROLE_SCOPE.items():
        shape = Q(role=role)
        for field in SCOPE_FIELDS:
            shape &= Q(**{f"{field}__isnull": field != scope})
        if role == Role.SECTORKAMER_MEMBER:
            shape &= Q(side__in=[Side.EDUCATION, Side.BUSINESS])
        else:
            shape &= Q(side="")
        condition |= shape
    return condition


class RoleAssignment(models.Model):
    """A role a user holds, for a scope, during a validity period (both ends inclusive)."""

    user = models.ForeignKey(
        User,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="role_assignments",
    )
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    sectorkamer = models.ForeignKey(
        Sectorkamer,
        verbose_name=_("sectorkamer"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="role_assignments",
    )
    side = models.CharField(_("side"), max_length=10, choices=Side.choices, blank=True)
    regional_table = models.ForeignKey(
        RegionalTable,
        verbose_name=_("regional table"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="role_assignments",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="role_assignments",
    )
    valid_from = models.DateField(_("valid from"), default=local_today)
    valid_until = models.DateField(
        _("valid until"),
        null=True,
        blank=True,
        help_text=_("Inclusive; empty means open-ended."),
    )

    class Meta:
        ordering = ["user", "role", "valid_from"]
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [
            models.CheckConstraint(condition=_scope_condition(), name="role_scope_fits_role"),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("valid_from")),
                name="role_validity_in_order",
            ),
        ]
        indexes = [
            models.Index(fields=["user", "valid_from", "valid_until"]),
            models.Index(fields=["role", "sectorkamer"]),
            models.Index(fields=["role", "regional_table"]),
            models.Index(fields=["role", "organisation"]),
        ]

    def __str__(self):
        scope = self.scope
        label = self.get_role_display()
        return f"{self.user}: {label} ({scope})" if scope else f"{self.user}: {label}"

    @property
    def scope(self):
        field = ROLE_SCOPE.get(self.role)
        return getattr(self, field) if field else None

    def is_active_on(self, day: datetime.date) -> bool:
        return self.valid_from <= day and (self.valid_until is None or day <= self.valid_until)

    def clean(self):
        errors = {}
        scope = ROLE_SCOPE.get(self.role)
        for field in SCOPE_FIELDS:
            is_set = getattr(self, f"{field}_id") is not None
            if field == scope and not is_set:
                errors[field] = _("The role %(role)s needs a %(scope)s.") % {
                    "role": self.get_role_display(),
                    "scope": self._meta.get_field(field).verbose_name,
                }
            elif field != scope and is_set:
                errors[field] = _("The role %(role)s has no %(scope)s.") % {
                    "role": self.get_role_display(),
                    "scope": self._meta.get_field(field).verbose_name,
                }
        if self.role == Role.SECTORKAMER_MEMBER and not self.side:
            errors["side"] = _(
                "A sectorkamer member is on the education side or the business side."
            )
        elif self.role and self.role != Role.SECTORKAMER_MEMBER and self.side:
            errors["side"] = _("Only a sectorkamer member has a side.")
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            errors["valid_until"] = _("The end date cannot be before the start date.")
        if errors:
            raise ValidationError(errors)
        if self.user_id and self.role and not errors:
            self._check_overlap()

    def _check_overlap(self):
        same = RoleAssignment.objects.filter(
            user_id=self.user_id,
            role=self.role,
            sectorkamer_id=self.sectorkamer_id,
            regional_table_id=self.regional_table_id,
            organisation_id=self.organisation_id,
        ).exclude(pk=self.pk)
        # Two inclusive periods overlap when each starts on or before the other ends.
        overlapping = same.filter(Q(valid_until__isnull=True) | Q(valid_until__gte=self.valid_from))
        if self.valid_until is not None:
            overlapping = overlapping.filter(valid_from__lte=self.valid_until)
        clash = overlapping.first()
        if clash is not None:
            until = clash.valid_until.isoformat() if clash.valid_until else _("open-ended")
            raise ValidationError(
                {
                    "valid_from": _(
                        "This user already holds this role for this scope from %(start)s "
                        "until %(end)s; the periods may not overlap."
                    )
                    % {"start": clash.valid_from.isoformat(), "end": until}
                }
            )


class SecurityEventKind(models.TextChoices):
    ENROLLED = "enrolled", _("second factor enrolled")
    RECOVERED = "recovered", _("logged in with a backup code")
    RESET = "reset", _("second factor reset")
    DEACTIVATED = "deactivated", _("account deactivated (former user)")


class SecurityEvent(models.Model):
    """What happened to a person's second factor, by whom and why: written once, never
    changed (a PostgreSQL trigger, as for the history)."""

    at = models.DateTimeField(_("at"), default=timezone.now)
    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="security_events",
                             verbose_name=_("user"))  # fmt: skip
    actor = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+",
                              verbose_name=_("by"))  # fmt: skip
    kind = models.CharField(_("what"), max_length=12, choices=SecurityEventKind.choices)
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("security event")
        verbose_name_plural = _("security events")
        indexes = [models.Index(fields=["user", "-at"], name="securityevent_user_at")]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.user}: {self.get_kind_display()}"
