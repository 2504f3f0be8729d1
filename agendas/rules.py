"""Who may do what with sectorkamers, qualifications, agendas and their revisions.

Ratified (and superseded) revisions are open to every user; drafts and revisions in
progress only to the sectorkamer (secretary and members), the SBB board and SBB staff.
The secretary prepares, submits and records adoption; the board ratifies or returns.
"""

import rules

from regions.models import Sectorkamer
from regions.rules import is_board_member, is_sbb_staff, is_submitter
from regions.selectors import active_roles

from .models import FINAL_REVISION_STATES, Agenda, AgendaRevision, AgendaTopic, Priority


def _sectorkamer_id(obj):
    if isinstance(obj, Sectorkamer):
        return obj.pk
    if isinstance(obj, Agenda):
        return obj.sectorkamer_id
    if isinstance(obj, AgendaRevision):
        return obj.agenda.sectorkamer_id
    if isinstance(obj, Priority):
        return obj.revision.agenda.sectorkamer_id
    if isinstance(obj, AgendaTopic):
        return obj.sectorkamer_id
    return None


def _revision(obj):
    return obj.revision if isinstance(obj, Priority) else obj


@rules.predicate
def is_secretary_for(user, obj):
    """The user is secretary of the sectorkamer ``obj`` belongs to."""
    return obj is not None and _sectorkamer_id(obj) in active_roles(user).secretary_of


@rules.predicate
def is_member_for(user, obj):
    return obj is not None and _sectorkamer_id(obj) in active_roles(user).member_of


@rules.predicate
def is_final_revision(user, obj):
    revision = _revision(obj)
    return revision is not None and revision.state in FINAL_REVISION_STATES


can_see_revision = (
    (rules.is_authenticated & is_final_revision)
    | is_secretary_for
    | is_member_for
    | is_board_member
    | is_sbb_staff
)


rules.add_perm("agendas.view_agenda", rules.is_authenticated)
rules.add_perm("agendas.add_agenda", is_secretary_for)  # object: the sectorkamer
rules.add_perm("agendas.change_agenda", is_secretary_for)
rules.add_perm("agendas.start_revision", is_secretary_for)  # object: the agenda

rules.add_perm("agendas.view_agendarevision", can_see_revision)
rules.add_perm("agendas.change_agendarevision", is_secretary_for)
rules.add_perm("agendas.submit_revision", is_secretary_for)
rules.add_perm("agendas.adopt_revision", is_secretary_for)
rules.add_perm("agendas.ratify_revision", is_board_member)
rules.add_perm("agendas.return_revision", is_board_member)
rules.add_perm("agendas.view_ratification_queue", is_board_member | is_sbb_staff)

rules.add_perm("agendas.view_priority", can_see_revision)
rules.add_perm("agendas.add_priority", is_secretary_for)  # object: the revision
rules.add_perm("agendas.change_priority", is_secretary_for)
rules.add_perm("agendas.delete_priority", is_secretary_for)


# -- agenda topics (agenderingsrecht) ---------------------------------------------------


@rules.predicate
def may_put_topics_to(user, sectorkamer):
    """The user can submit a topic to the sectorkamer on someone's behalf today."""
    from .selectors import topic_channels

    return sectorkamer is not None and bool(topic_channels(user, sectorkamer))


@rules.predicate
def is_topic_party(user, topic):
    """The user represents the organisation, or coordinates the table, it was submitted for."""
    roles = active_roles(user)
    return topic is not None and (
        (topic.organisation_id is not None and topic.organisation_id in roles.represents)
        or (topic.regional_table_id is not None and topic.regional_table_id in roles.coordinator_of)
    )


rules.add_perm("agendas.submit_topic", rules.is_authenticated & may_put_topics_to)  # the kamer
rules.add_perm(
    "agendas.view_agendatopic",
    rules.is_authenticated
    & (
        is_secretary_for
        | is_member_for
        | is_board_member
        | is_sbb_staff
        | is_submitter
        | is_topic_party
    ),
)
rules.add_perm("agendas.decide_topic", is_secretary_for)
rules.add_perm("agendas.withdraw_topic", rules.is_authenticated & is_submitter)
