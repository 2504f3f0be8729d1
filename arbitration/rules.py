"""Confidentiality and powers in arbitration.

A dossier reaches only the people on it: the representatives of its parties, the arbiters on
its panel, and the secretariat (a draft only its claimants and its author). The SBB board sees
statistics, never contents. Everyone else gets a 404 (the querysets in selectors.py are the
same rules as sets).
"""

import rules

from regions.rules import (
    is_any_representative,
    is_arbiter,
    is_arbitration_secretariat,
    is_board_member,
    is_sbb_staff,
)
from regions.selectors import active_roles

from .models import DossierState, Side, Visibility


def dossier_roles(user, dossier) -> frozenset:
    """What the user is on this dossier: claimant, respondent, panel, secretariat, author."""
    if dossier is None or not getattr(user, "is_authenticated", False):
        return frozenset()
    cache = dossier.__dict__.setdefault("_roles_by_user", {})
    if user.pk in cache:
        return cache[user.pk]
    roles = set()
    represented = active_roles(user).represents
    for party in dossier.parties.all():
        if party.organisation_id in represented:
            roles.add(party.side)
    if any(m.replaced_at is None and m.arbiter.user_id == user.pk for m in dossier.panel.all()):
        roles.add("panel")
    if is_arbitration_secretariat(user):
        roles.add("secretariat")
    if dossier.created_by_id == user.pk:
        roles.add("author")
    cache[user.pk] = result = frozenset(roles)
    return result


def document_visibilities(user, dossier) -> set:
    """The visibilities ``user`` may give a document on ``dossier``: the secretariat any,
    the panel all participants or the panel, a party all participants or the secretariat."""
    roles = dossier_roles(user, dossier)
    if "secretariat" in roles:
        return {Visibility.ALL, Visibility.PANEL, Visibility.SECRETARIAT}
    if "panel" in roles:
        return {Visibility.ALL, Visibility.PANEL}
    return {Visibility.ALL, Visibility.SECRETARIAT}


def _dossier(obj):
    return getattr(obj, "dossier", obj)


@rules.predicate
def is_on_dossier(user, obj):
    dossier = _dossier(obj)
    roles = dossier_roles(user, dossier)
    if dossier is not None and dossier.state == DossierState.DRAFT:
        return bool(roles & {Side.CLAIMANT, "author"})
    return bool(roles & {Side.CLAIMANT, Side.RESPONDENT, "panel", "secretariat"})


@rules.predicate
def is_claimant(user, obj):
    return Side.CLAIMANT in dossier_roles(user, _dossier(obj))


@rules.predicate
def is_respondent(user, obj):
    return Side.RESPONDENT in dossier_roles(user, _dossier(obj))


@rules.predicate
def is_party(user, obj):
    return bool(dossier_roles(user, _dossier(obj)) & {Side.CLAIMANT, Side.RESPONDENT})


@rules.predicate
def is_on_panel(user, obj):
    return "panel" in dossier_roles(user, _dossier(obj))


@rules.predicate
def may_see_document(user, document):
    roles = dossier_roles(user, document.dossier)
    if "secretariat" in roles:
        return True
    if document.visibility == Visibility.PANEL:
        return "panel" in roles
    if document.visibility == Visibility.ALL:
        return bool(roles & {Side.CLAIMANT, Side.RESPONDENT, "panel"})
    return False


rules.add_perm("arbitration.view_dossier", is_on_dossier)
rules.add_perm("arbitration.add_dossier", rules.is_authenticated)  # claimants are checked
rules.add_perm("arbitration.change_dossier", is_claimant | is_arbitration_secretariat)
rules.add_perm("arbitration.file_dossier", is_claimant)
rules.add_perm("arbitration.decide_admissibility", is_arbitration_secretariat)
rules.add_perm("arbitration.manage_panel", is_arbitration_secretariat)
rules.add_perm("arbitration.submit_defence", is_respondent)
rules.add_perm("arbitration.manage_hearing", is_arbitration_secretariat)
rules.add_perm("arbitration.record_hearing", is_arbitration_secretariat | is_on_panel)
rules.add_perm("arbitration.issue_award", is_on_panel)
rules.add_perm("arbitration.close_dossier", is_arbitration_secretariat)
rules.add_perm("arbitration.withdraw_dossier", is_claimant)
rules.add_perm("arbitration.settle_dossier", is_arbitration_secretariat)
rules.add_perm("arbitration.extend_deadline", is_arbitration_secretariat)
rules.add_perm("arbitration.challenge_arbiter", is_party)
rules.add_perm("arbitration.decide_challenge", is_arbitration_secretariat)
rules.add_perm("arbitration.view_panel_notes", is_on_panel | is_arbitration_secretariat)
rules.add_perm("arbitration.upload_document", is_on_dossier)
rules.add_perm("arbitration.view_document", may_see_document)
# The access log: the secretariat reads a dossier's whole log, a party who of the panel and
# the secretariat opened the dossier's documents (selectors.access_log).
rules.add_perm(
    "arbitration.view_access_log", (is_arbitration_secretariat | is_party) & is_on_dossier
)
rules.add_perm("arbitration.view_statistics", is_board_member | is_arbitration_secretariat)
rules.add_perm("arbitration.use_docket", is_arbitration_secretariat)
rules.add_perm("arbitration.view_arbiterprofile", is_arbitration_secretariat | is_sbb_staff)
rules.add_perm("arbitration.manage_roster", is_arbitration_secretariat)
rules.add_perm("arbitration.view_arbitrationagreement", is_arbitration_secretariat | is_sbb_staff)
rules.add_perm("arbitration.add_arbitrationagreement", is_arbitration_secretariat)
rules.add_perm("arbitration.view_proceduralruleset", is_arbitration_secretariat | is_sbb_staff)
rules.add_perm("arbitration.add_proceduralruleset", is_arbitration_secretariat)
rules.add_perm("arbitration.change_proceduralruleset", is_arbitration_secretariat)
rules.add_perm(
    "arbitration.use_arbitration",
    is_arbitration_secretariat | is_arbiter | is_any_representative | is_board_member,
)
