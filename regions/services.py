"""Every write in the regions app: organisations, regional tables, memberships and roles."""

import csv
import datetime
from collections.abc import Iterable
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from core.cache import invalidate
from core.services import require_perm, validated_save
from core.timeutils import local_today

from .models import (
    Arbeidsmarktregio,
    Organisation,
    RegionalTable,
    Role,
    RoleAssignment,
    Sectorkamer,
    SecurityEvent,
    SecurityEventKind,
    TableMembership,
    User,
)
from .selectors import forget_active_roles

ORGANISATION_FIELDS = ("name", "kind", "institution_code", "city", "website")
# What assign_role takes of an assignment; once made, only valid_until changes (end_role).
ASSIGNMENT_FIELDS = ("user", "role", "sectorkamer", "side", "regional_table", "organisation",
                     "valid_from", "valid_until")  # fmt: skip


def _require_regions(regions, *, field="regions", required=False):
    regions = list(regions or [])
    if required and not regions:
        raise ValidationError({field: _("Choose at least one arbeidsmarktregio.")})
    return regions


@transaction.atomic
def create_organisation(
    *,
    actor: User,
    name: str,
    kind: str,
    institution_code: str = "",
    city: str = "",
    website: str = "",
    regions: Iterable[Arbeidsmarktregio] = (),
) -> Organisation:
    require_perm(actor, "regions.add_organisation")
    organisation = Organisation(
        name=name,
        kind=kind,
        institution_code=(institution_code or "").strip().upper(),
        city=city,
        website=website,
    )
    validated_save(organisation)
    organisation.regions.set(_require_regions(regions))
    return organisation


@transaction.atomic
def update_organisation(
    *, actor: User, organisation: Organisation, regions=None, **fields
) -> Organisation:
    require_perm(actor, "regions.change_organisation", organisation)
    unknown = set(fields) - set(ORGANISATION_FIELDS)
    if unknown:
        raise TypeError(f"unknown organisation fields: {sorted(unknown)}")
    if "institution_code" in fields:
        fields["institution_code"] = (fields["institution_code"] or "").strip().upper()
    for key, value in fields.items():
        setattr(organisation, key, value)
    validated_save(organisation)
    if regions is not None:
        organisation.regions.set(_require_regions(regions))
    return organisation


def _set_coordinator(*, table: RegionalTable, coordinator: User | None, day: datetime.date):
    """Make ``coordinator`` the table's one coordinator from ``day``, ending the others."""
    current = RoleAssignment.objects.select_for_update().filter(
        role=Role.TABLE_COORDINATOR, regional_table=table
    )
    already = False
    for assignment in current:
        if assignment.valid_until is not None and assignment.valid_until < day:
            continue  # ended before
        is_coordinator = coordinator is not None and assignment.user_id == coordinator.pk
        if is_coordinator and assignment.valid_from <= day:
            already = True
            continue
        if assignment.valid_from >= day:
            assignment.delete()  # had not started yet: withdrawn
        else:
            assignment.valid_until = day - datetime.timedelta(days=1)
            assignment.save(update_fields=["valid_until"])
    if coordinator is not None and not already:
        validated_save(
            RoleAssignment(
                user=coordinator,
                role=Role.TABLE_COORDINATOR,
                regional_table=table,
                valid_from=day,
            )
        )
        forget_active_roles(coordinator)


@transaction.atomic
def create_regional_table(
    *,
    actor: User,
    name: str,
    regions: Iterable[Arbeidsmarktregio],
    sectorkamer=None,
    coordinator: User | None = None,
    members: Iterable[Organisation] = (),
) -> RegionalTable:
    require_perm(actor, "regions.add_regionaltable")
    regions = _require_regions(regions, required=True)
    table = RegionalTable(name=name, sectorkamer=sectorkamer)
    validated_save(table)
    table.regions.set(regions)
    for organisation in members:
        TableMembership.objects.create(table=table, organisation=organisation)
    if coordinator is not None:
        _set_coordinator(table=table, coordinator=coordinator, day=local_today())
    return table


_UNSET = object()


@transaction.atomic
def update_regional_table(
    *,
    actor: User,
    table: RegionalTable,
    name: str | None = None,
    regions: Iterable[Arbeidsmarktregio] | None = None,
    sectorkamer=_UNSET,
    coordinator=_UNSET,
) -> RegionalTable:
    require_perm(actor, "regions.change_regionaltable", table)
    if name is not None:
        table.name = name
    if sectorkamer is not _UNSET:
        table.sectorkamer = sectorkamer
    validated_save(table)
    if regions is not None:
        table.regions.set(_require_regions(regions, required=True))
    if coordinator is not _UNSET:
        _set_coordinator(table=table, coordinator=coordinator, day=local_today())
    return table


@transaction.atomic
def add_table_member(
    *, actor: User, table: RegionalTable, organisation: Organisation
) -> TableMembership:
    require_perm(actor, "regions.manage_table_members", table)
    if TableMembership.objects.filter(table=table, organisation=organisation).exists():
        raise ValidationError(
            {
                "organisation": _("%(organisation)s is already a member of this table.")
                % {"organisation": organisation}
            }
        )
    return TableMembership.objects.create(table=table, organisation=organisation)


@transaction.atomic
def remove_table_member(*, actor: User, table: RegionalTable, organisation: Organisation) -> None:
    require_perm(actor, "regions.manage_table_members", table)
    deleted, _count = TableMembership.objects.filter(
        table=table, organisation=organisation
    ).delete()
    if not deleted:
        raise ValidationError(
            {
                "organisation": _("%(organisation)s is not a member of this table.")
                % {"organisation": organisation}
            }
        )


@transaction.atomic
def assign_role(
    *,
    actor: User,
    user: User,
    role: str,
    sectorkamer=None,
    side: str = "",
    regional_table: RegionalTable | None = None,
    organisation: Organisation | None = None,
    valid_from: datetime.date | None = None,
    valid_until: datetime.date | None = None,
) -> RoleAssignment:
    require_perm(actor, "regions.add_roleassignment")
    # Serialise concurrent assignments for one user so the overlap check holds.
    User.objects.select_for_update().filter(pk=user.pk).first()
    assignment = RoleAssignment(
        user=user,
        role=role,
        sectorkamer=sectorkamer,
        side=side or "",
        regional_table=regional_table,
        organisation=organisation,
        valid_from=valid_from or local_today(),
        valid_until=valid_until,
    )
    validated_save(assignment)
    forget_active_roles(user)
    return assignment


@transaction.atomic
def end_role(*, actor: User, assignment: RoleAssignment, last_day: datetime.date) -> RoleAssignment:
    require_perm(actor, "regions.change_roleassignment", assignment)
    assignment.valid_until = last_day
    validated_save(assignment)
    forget_active_roles(assignment.user)
    return assignment


REFERENCE_FILES = {
    "arbeidsmarktregios": Path(__file__).resolve().parent / "data" / "arbeidsmarktregios.csv",
    "sectorkamers": Path(__file__).resolve().parent / "data" / "sectorkamers.csv",
}


def _read_csv(path: Path) -> list[dict]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@transaction.atomic
def load_reference_data() -> dict[str, dict[str, int]]:
    """Upsert the arbeidsmarktregio's and sectorkamers from the shipped CSV files.

    Idempotent: a second run creates and changes nothing. Returns counts per table.
    """
    report = {}
    specs = [
        ("arbeidsmarktregios", Arbeidsmarktregio, ("name",)),
        ("sectorkamers", Sectorkamer, ("name", "abbreviation")),
    ]
    for key, model, fields in specs:
        counts = {"created": 0, "updated": 0, "unchanged": 0}
        existing = {obj.code: obj for obj in model.objects.all()}
        for row in _read_csv(REFERENCE_FILES[key]):
            values = {field: row[field].strip() for field in fields}
            obj = existing.get(row["code"].strip())
            if obj is None:
                validated_save(model(code=row["code"].strip(), **values))
                counts["created"] += 1
            elif any(getattr(obj, f) != v for f, v in values.items()):
                for f, v in values.items():
                    setattr(obj, f, v)
                validated_save(obj)
                counts["updated"] += 1
            else:
                counts["unchanged"] += 1
        report[key] = counts
    return report


@transaction.atomic
def issue_api_token(*, actor: User):
    """The person's API token, made on first use; the same token until it is revoked."""
    from rest_framework.authtoken.models import Token

    token, _created = Token.objects.get_or_create(user=actor)
    return token


@transaction.atomic
def revoke_api_token(*, actor: User) -> bool:
    """Revoke the person's API token at once; the next request with it answers 401."""
    from rest_framework.authtoken.models import Token

    deleted, _ = Token.objects.filter(user=actor).delete()
    return bool(deleted)


# -- the second factor (django-otp: an authenticator app, with printable backup codes) -----

BACKUP_CODES = 10


def new_authenticator_key() -> str:
    """A fresh key (hex) for an authenticator being set up; nothing is stored until a code
    from it is entered (``confirm_enrolment``)."""
    from django_otp.util import random_hex

    return random_hex(20)


@transaction.atomic
def confirm_enrolment(*, actor: User, key: str, token: str):
    """Store the authenticator with ``key`` once a code it shows is entered (it replaces an
    earlier one), with new backup codes (shown once): ``(device, codes)``. A wrong code: a
    field error, nothing written."""
    import time

    from django_otp.oath import TOTP
    from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
    from django_otp.plugins.otp_totp.models import TOTPDevice

    token = token.strip().replace(" ", "")
    totp = TOTP(bytes.fromhex(key))
    totp.time = time.time()
    if not (token.isdigit() and len(token) == 6 and totp.verify(int(token), tolerance=1)):
        raise ValidationError(
            {"token": _("That code is not right; enter the six digits the app shows now.")}
        )
    TOTPDevice.objects.filter(user=actor).delete()  # one authenticator
    device = TOTPDevice.objects.create(user=actor, name=_("Authenticator"), key=key,
                                       confirmed=True, last_t=totp.t())  # fmt: skip
    StaticDevice.objects.filter(user=actor).delete()
    backup = StaticDevice.objects.create(user=actor, name=_("Backup codes"))
    codes = [StaticToken.random_token() for _n in range(BACKUP_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=backup, token=code) for code in codes)
    SecurityEvent.objects.create(user=actor, actor=actor, kind=SecurityEventKind.ENROLLED)
    return device, codes


def record_recovery(*, actor: User) -> None:
    """A login with a backup code (used up by django-otp): logged, for the person and SBB."""
    SecurityEvent.objects.create(user=actor, actor=actor, kind=SecurityEventKind.RECOVERED)


@transaction.atomic
def reset_second_factor(*, actor: User, user: User, reason: str) -> None:
    """SBB staff remove a person's authenticator and backup codes (a lost phone): the person
    enrols again at the next login. The reason is required and logged."""
    from django_otp import devices_for_user

    require_perm(actor, "regions.reset_second_factor", user)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the second factor is reset.")})
    if actor.pk == user.pk:
        raise ValidationError({"user": _("Another member of SBB staff resets your second factor.")})
    for device in devices_for_user(user, confirmed=None):
        device.delete()
    SecurityEvent.objects.create(user=user, actor=actor, kind=SecurityEventKind.RESET,
                                 reason=reason.strip())  # fmt: skip


@transaction.atomic
def deactivate_person(*, actor: User, user: User, reason: str) -> User:
    """A person leaves (AVG): the account can no longer log in, its name, email address and
    second factor are removed and its roles end today; what they did stays in the history,
    shown as "former user" (the history keeps pointing at this account)."""
    from django_otp import devices_for_user
    from rest_framework.authtoken.models import Token

    from .models import FORMER_USER_PREFIX

    require_perm(actor, "regions.deactivate_user", user)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the account is deactivated.")})
    if actor.pk == user.pk:
        raise ValidationError({"user": _("Another member of SBB staff deactivates your account.")})
    today = local_today()
    RoleAssignment.objects.filter(user=user, valid_from__lte=today).filter(
        Q(valid_until__isnull=True) | Q(valid_until__gt=today)
    ).update(valid_until=today)
    RoleAssignment.objects.filter(user=user, valid_from__gt=today).delete()  # never began
    for device in devices_for_user(user, confirmed=None):
        device.delete()
    Token.objects.filter(user=user).delete()
    user.username = f"{FORMER_USER_PREFIX}{user.pk}"
    user.first_name, user.last_name, user.email = "", "", ""
    user.is_active, user.is_staff, user.is_superuser = False, False, False
    user.set_unusable_password()
    user.save()
    forget_active_roles(user)
    SecurityEvent.objects.create(user=user, actor=actor, kind=SecurityEventKind.DEACTIVATED,
                                 reason=reason.strip())  # fmt: skip
    return user


# -- what is cached across requests (core.cache) follows every change ----------------------


def forget_cached_roles(sender, instance, **kwargs) -> None:
    """An assignment saved or deleted (post_save, post_delete: admin, services, imports):
    its holder's roles are loaded afresh by the next request. The holder is not loaded for
    this (a cascade deleting many assignments asks no query each)."""
    if type(instance).user.is_cached(instance):
        forget_active_roles(instance.user)
    else:
        invalidate("roles", [instance.user_id])


def forget_cached_user(sender, instance, **kwargs) -> None:
    """A user saved or deleted: the next request loads the account (name, activity,
    password hash for the session check, organisation) afresh."""
    invalidate("user", [instance.pk])


def forget_cached_members(sender, instance, created=False, **kwargs) -> None:
    """An organisation renamed: its people's cached accounts show it."""
    if not created:
        invalidate("user", instance.people.values_list("pk", flat=True))
