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


@rules.predicate
def is_board_member(user):
    return active_roles(user).has(Role.BOARD_MEMBER)


@rules.predicate
def is_arbitration_secretariat(user):
    return active_roles(user).has(Role.ARBITRATION_SECRETARIAT)


@rules.predicate
def is_arbiter(user):
    return active_roles(user).has(Role.ARBITER)


@rules.predicate
def is_any_secretary(user):
    return active_roles(user).has(Role.SECTORKAMER_SECRETARY)


@rules.predicate
def is_any_coordinator(user):
    return active_roles(user).has(Role.TABLE_COORDINATOR)


@rules.predicate
def is_any_representative(user):
    return active_roles(user).has(Role.ORGANISATION_REPRESENTATIVE)


@rules.predicate
def is_secretary_of_sectorkamer(user, sectorkamer):
    return sectorkamer is not None and sectorkamer.pk in active_roles(user).secretary_of


@rules.predicate
def is_member_of_sectorkamer(user, sectorkamer):
    return sectorkamer is not None and sectorkamer.pk in active_roles(user).member_of


@rules.predicate
def is_coordinator_of_table(user, table):
    return table is not None and table.pk in active_roles(user).coordinator_of


@rules.predicate
def is_member_of_table(user, table):
    return table is not None and table.pk in active_roles(user).table_member_of


@rules.predicate
def represents_organisation(user, organisation):
    return organisation is not None and organisation.pk in active_roles(user).represents


# Reference data and the directory of organisations and tables are open to every user.
rules.add_perm("regions.view_arbeidsmarktregio", rules.is_authenticated)
rules.add_perm("regions.view_organisation", rules.is_authenticated)
rules.add_perm("regions.view_regionaltable", rules.is_authenticated)
rules.add_perm("regions.view_tablemembership", rules.is_authenticated)

# Maintaining the directory is SBB staff work.
rules.add_perm("regions.add_organisation", is_sbb_staff)
rules.add_perm("regions.change_organisation", is_sbb_staff)
rules.add_perm("regions.delete_organisation", is_sbb_staff)
rules.add_perm("regions.add_regionaltable", is_sbb_staff)
rules.add_perm("regions.change_regionaltable", is_sbb_staff)
rules.add_perm("regions.delete_regionaltable", is_sbb_staff)
rules.add_perm("regions.change_arbeidsmarktregio", is_sbb_staff)

# A table's membership is managed by its coordinator (and SBB staff).
rules.add_perm("regions.manage_table_members", is_coordinator_of_table | is_sbb_staff)
rules.add_perm("regions.add_tablemembership", is_sbb_staff)
rules.add_perm("regions.change_tablemembership", is_sbb_staff)
rules.add_perm("regions.delete_tablemembership", is_sbb_staff)

# People and their roles are managed by SBB staff.
for action in ("view", "add", "change", "delete"):
    rules.add_perm(f"regions.{action}_user", is_sbb_staff)
    rules.add_perm(f"regions.{action}_roleassignment", is_sbb_staff)

# The sectorkamers are reference data: everyone logged in reads them, SBB staff keeps them.
rules.add_perm("regions.view_sectorkamer", rules.is_authenticated)
rules.add_perm("regions.change_sectorkamer", is_sbb_staff)
