"""The dossier's transition table against its services (see tests/core/test_workflow_table.py):
in every state, for every user on or off the dossier, what is offered is what is allowed."""

import datetime

import pytest

from arbitration.models import DeadlineKind, Dossier, ProceduralDeadline
from core.timeutils import local_today
from tests.core.test_workflow_table import check_walk


def _challenge_period_ends(days):
    def prepare(dossier):
        due = local_today() + datetime.timedelta(days=days)
        ProceduralDeadline.objects.filter(dossier=dossier, kind=DeadlineKind.CHALLENGE).update(
            due=due
        )

    return prepare


@pytest.mark.parametrize(
    ("ends_in", "never_offered"),
    [(-1, set()), (0, {"constitute"})],
    ids=["challenge-period-over", "challenge-period-running"],
)
def test_what_is_offered_is_what_the_service_allows(constituted, ends_in, never_offered):
    check_walk(Dossier, _challenge_period_ends(ends_in), never_offered)
