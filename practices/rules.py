"""Who shares practice, who sees it and who reviews it."""

import rules

from agreements.rules import manages_agreement
from regions.rules import is_board_member, is_sbb_staff, is_submitter
from regions.selectors import active_roles


@rules.predicate
def may_share_practice_on(user, subject):
    """``subject`` is an agreement or an agenda priority. On an agreement: its manager, the
    sectorkamer's secretaries and members, and the representatives of its owner or parties;
    on a priority: the sectorkamer's secretaries and members."""
    from agendas.models import Priority

    if subject is None:
        return False
    roles = active_roles(user)
    kamers = roles.secretary_of | roles.member_of
    if isinstance(subject, Priority):
        return subject.revision.agenda.sectorkamer_id in kamers
    return (
        subject.sectorkamer_id in kamers
        or manages_agreement(user, subject)
        or subject.owner_id in roles.represents
        or any(p.organisation_id in roles.represents for p in subject.parties.all())
    )


@rules.predicate
def is_published_practice(user, practice):
    return practice is not None and practice.state == "published"


@rules.predicate
def in_practice_sectorkamer(user, practice):
    roles = active_roles(user)
    return practice is not None and practice.sectorkamer_id in (
        roles.secretary_of | roles.member_of
    )


@rules.predicate
def reviews_practice(user, practice):
    return practice is not None and practice.sectorkamer_id in active_roles(user).secretary_of


rules.add_perm("practices.submit_practice", rules.is_authenticated & may_share_practice_on)
rules.add_perm(
    "practices.view_practice",
    rules.is_authenticated
    & (
        is_published_practice
        | in_practice_sectorkamer
        | is_submitter
        | is_board_member
        | is_sbb_staff
    ),
)
rules.add_perm("practices.review_practice", reviews_practice)
