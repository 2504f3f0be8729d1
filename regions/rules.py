"""Who may do what with regions, organisations, regional tables, people and roles.

The role predicates defined here are the building blocks every other app's rules use.
They read the user's roles of today (Amsterdam date) once per request (see
``selectors.active_roles``); an expired assignment grants nothing.
"""

import rules

from .models import Role
from .selectors import active_roles


@rules.predicate
def is_sbb_staff(user):
    """SBB staff: active users with access to the administration."""
    return bool(getattr(user, "is_authenticated", False) and user.is_active and user.is_staff)


def _has_role(name, role):
    """A predicate: the user holds ``role`` today (anywhere)."""

    def has_role(user):
        return active_roles(user).has(role)

    return rules.predicate(has_role, name=name)


def _in_scope(name, scope):
    """A predicate: the object's pk is in the user's ``scope`` of today's roles (an attribute
    of ``selectors.ActiveRoles`` such as ``secretary_of``); ``None`` is in no scope."""

    def in_scope(user, obj):
        return obj is not None and obj.pk in getattr(active_roles(user), scope)

    return rules.predicate(in_scope, name=name)


is_board_member = _has_role("is_board_member", Role.BOARD_MEMBER)
is_arbitration_secretariat = _has_role("is_arbitration_secretariat", Role.ARBITRATION_SECRETARIAT)
is_arbiter = _has_role("is_arbiter", Role.ARBITER)
is_any_secretary = _has_role("is_any_secretary", Role.SECTORKAMER_SECRETARY)
is_any_coordinator = _has_role("is_any_coordinator", Role.TABLE_COORDINATOR)
is_any_representative = _has_role("is_any_representative", Role.ORGANISATION_REPRESENTATIVE)


@rules.predicate
def is_submitter(user, obj):
    """The user submitted ``obj`` (an agenda topic, a practice: a model with ``submitted_by``)."""
    return obj is not None and obj.submitted_by_id == user.pk


def visible_rows(user, queryset, condition):
    """The queryset form of a "who may see it" rule: nothing for an anonymous user, every row
    for the SBB board and staff, and for anyone else the rows matching ``condition(roles)``
    (a ``Q`` over the user's roles today)."""
    if not getattr(user, "is_authenticated", False):
        return queryset.none()
    if is_board_member(user) or is_sbb_staff(user):
        return queryset
    return queryset.filter(condition(active_roles(user)))


is_secretary_of_sectorkamer = _in_scope("is_secretary_of_sectorkamer", "secretary_of")
is_member_of_sectorkamer = _in_scope("is_member_of_sectorkamer", "member_of")
is_coordinator_of_table = _in_scope("is_coordinator_of_table", "coordinator_of")
is_member_of_table = _in_scope("is_member_of_table", "table_member_of")
represents_organisation = _in_scope("represents_organisation", "represents")


# Reference data and the directory of organisations and tables are open to every user;
# maintaining the directory (in the administration) is SBB staff work.
for model in ("arbeidsmarktregio", "organisation", "regionaltable", "tablemembership"):
    rules.add_perm(f"regions.view_{model}", rules.is_authenticated)
for model in ("organisation", "regionaltable", "tablemembership"):
    for action in ("add", "change", "delete"):
        rules.add_perm(f"regions.{action}_{model}", is_sbb_staff)
rules.add_perm("regions.change_arbeidsmarktregio", is_sbb_staff)

# A table's membership is managed by its coordinator (and SBB staff).
rules.add_perm("regions.manage_table_members", is_coordinator_of_table | is_sbb_staff)

# People and their roles are managed by SBB staff.
for action in ("view", "add", "change", "delete"):
    rules.add_perm(f"regions.{action}_user", is_sbb_staff)
    rules.add_perm(f"regions.{action}_roleassignment", is_sbb_staff)

# The sectorkamers are reference data: everyone logged in reads them, SBB staff keeps them.
rules.add_perm("regions.view_sectorkamer", rules.is_authenticated)
rules.add_perm("regions.change_sectorkamer", is_sbb_staff)


# Two-factor login: required for whoever can open confidential work or decide for SBB.
needs_second_factor = is_sbb_staff | is_board_member | is_arbitration_secretariat | is_arbiter
rules.add_perm("regions.reset_second_factor", is_sbb_staff)
rules.add_perm("regions.deactivate_user", is_sbb_staff)


def owed_second_factor(user) -> str:
    """``enrolled`` when ``user`` set up a second factor (it must be shown at every login),
    ``required`` when their role needs one they have not set up yet, else empty."""
    from django_otp import user_has_device

    if user_has_device(user, confirmed=True):
        return "enrolled"
    return "required" if needs_second_factor(user) else ""
