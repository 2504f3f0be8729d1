"""Who may do what with agreements, progress reports, start/stop notices and conflicts.

Sector agreements are managed by the secretary of their sectorkamer, regional commitments by
the coordinator of their table. Parties accept through their representatives; the owner's
representatives (and the manager) evaluate and report progress. Agreements are open to every
user to read: they are the shared record of what was agreed.
"""

import rules

from regions.rules import (
    is_any_representative,
    is_any_secretary,
    is_arbitration_secretariat,
    is_board_member,
    is_sbb_staff,
    represents_organisation,
)
from regions.selectors import active_roles


def _agreement_manager(user, agreement):
    roles = active_roles(user)
    if agreement.regional_table_id:
        return agreement.regional_table_id in roles.coordinator_of
    return agreement.sectorkamer_id in roles.secretary_of


@rules.predicate
def manages_agreement(user, agreement):
    return agreement is not None and _agreement_manager(user, agreement)


@rules.predicate
def may_add_agreement_under(user, scope):
    """``scope`` is an agenda priority (sector agreement) or a regional table."""
    from agendas.models import Priority
    from regions.models import RegionalTable

    roles = active_roles(user)
    if isinstance(scope, Priority):
        return scope.revision.agenda.sectorkamer_id in roles.secretary_of
    if isinstance(scope, RegionalTable):
        return scope.pk in roles.coordinator_of
    return False


@rules.predicate
def represents_owner(user, agreement):
    return agreement is not None and agreement.owner_id in active_roles(user).represents


@rules.predicate
def represents_a_party(user, agreement):
    if agreement is None:
        return False
    represented = active_roles(user).represents
    return any(p.organisation_id in represented for p in agreement.parties.all())


@rules.predicate
def represents_a_responsible_party(user, agreement):
    if agreement is None:
        return False
    represented = active_roles(user).represents
    return any(
        p.organisation_id in represented and p.role == "responsible"
        for p in agreement.parties.all()
    )


@rules.predicate
def secretary_of_qualification(user, obj):
    """For a notice or conflict: the secretary of the qualification's sectorkamer."""
    notice = getattr(obj, "notice", obj)
    return (
        notice is not None
        and notice.qualification.sectorkamer_id in active_roles(user).secretary_of
    )


@rules.predicate
def represents_notice_institution(user, obj):
    notice = getattr(obj, "notice", obj)
    return notice is not None and notice.institution_id in active_roles(user).represents


# A regional table's coordinator gives input to the sectorkamer on the table's behalf.
rules.add_perm("agreements.add_tableinput", may_add_agreement_under)
rules.add_perm("agreements.view_agreement", rules.is_authenticated)
rules.add_perm("agreements.add_agreement", may_add_agreement_under)
rules.add_perm("agreements.change_agreement", manages_agreement)
rules.add_perm("agreements.propose_agreement", manages_agreement)
rules.add_perm("agreements.accept_agreement", represents_a_party)
rules.add_perm("agreements.evaluate_agreement", manages_agreement | represents_owner)
rules.add_perm("agreements.manage_agreement", manages_agreement)
rules.add_perm("agreements.dispute_agreement", is_arbitration_secretariat)
rules.add_perm(
    "agreements.report_progress",
    manages_agreement | represents_owner | represents_a_responsible_party,
)
rules.add_perm("agreements.view_progressreport", rules.is_authenticated)

can_see_notice = (
    represents_notice_institution | secretary_of_qualification | is_board_member | is_sbb_staff
)
rules.add_perm("agreements.view_startstopnotice", can_see_notice)
rules.add_perm("agreements.add_startstopnotice", represents_organisation)  # the institution
rules.add_perm("agreements.submit_startstopnotice", represents_notice_institution)
rules.add_perm("agreements.except_startstopnotice", secretary_of_qualification)
rules.add_perm("agreements.view_noticeconflict", can_see_notice)
rules.add_perm("agreements.resolve_noticeconflict", secretary_of_qualification)

# Navigation: the school workspace for representatives; notices for those who handle them.
rules.add_perm("agreements.use_school_workspace", is_any_representative)
rules.add_perm(
    "agreements.view_notices",
    is_any_representative | is_any_secretary | is_board_member | is_sbb_staff,
)

# The (read-only) administration; the other models' view rules are above.
for model in ("agreementparty", "milestone", "programmeofferrule", "tableinput"):
    rules.add_perm(f"agreements.view_{model}", is_sbb_staff)
