"""The transition tables against the services: in every state of every machine, for every
demo user, what the pages and the API offer (``user_transitions``, the API's
``allowed_transitions``) is exactly what the service lets that user do now."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from agendas.models import AgendaRevision
from agreements.models import Agreement
from arbitration.models import AgreementEffect, ArbiterProfile, ClaimDecision, Dossier
from core.timeutils import local_today
from core.workflow import StateConflict, user_transitions, workflow_for

REASON = {"comment": "Omdat het zo is afgesproken."}


def _sample_input(name, instance):
    """Valid input for each transition (the same for every state and user)."""
    return {
        "adopt": lambda: {
            "meeting_date": local_today(),
            "education_side_agreed": True,
            "business_side_agreed": True,
        },
        "return": lambda: REASON,
        "decline": lambda: REASON,
        "achieve": lambda: REASON,
        "fail": lambda: REASON,
        "cancel": lambda: REASON,
        "admit": lambda: REASON,
        "reject": lambda: REASON,
        "propose_panel": lambda: {
            "arbiters": [
                ArbiterProfile.objects.exclude(seats__dossier=instance).order_by("pk").first()
            ]
        },
        "schedule_hearing": lambda: {
            "at": timezone.now() + datetime.timedelta(days=7),
            "place": "Zoetermeer",
        },
        "hold_hearing": lambda: {"minutes": "Beide partijen gehoord."},
        "issue_award": lambda: {
            "decision": ClaimDecision.PARTLY,
            "reasoning": "Zie de overwegingen.",
            "agreement_effect": AgreementEffect.ACTIVE,
        },
        "settle": lambda: {
            "terms": "Partijen schikken.",
            "agreement_effect": AgreementEffect.ACTIVE,
        },
    }.get(name, dict)()


class _Undo(Exception):
    pass


def _outcome(model, pk, name, user) -> str:
    """What the service does with ``name`` for ``user`` now, undone afterwards."""
    try:
        with transaction.atomic():
            instance = model.objects.get(pk=pk)
            workflow_for(model).perform(
                name, actor=user, instance=instance, **_sample_input(name, instance)
            )
            raise _Undo
    except _Undo:
        return "done"
    except (PermissionDenied, StateConflict):
        return "refused"
    except ValidationError as exc:
        return f"invalid: {exc.messages}"


def _walk(model, prepare):
    """(state, user, offered, outcome per transition) over every state and demo user."""
    workflow = workflow_for(model)
    instance = model.objects.order_by("pk").first()
    assert instance is not None, f"the demo has no {model.__name__}"
    prepare(instance)
    users = list(get_user_model().objects.order_by("pk"))
    field = model._meta.get_field("state")
    for state, _label in field.choices:
        model.objects.filter(pk=instance.pk).update(state=state)
        instance = model.objects.get(pk=instance.pk)
        for user in users:
            offered = user_transitions(instance, user)
            outcomes = {name: _outcome(model, instance.pk, name, user) for name in workflow.names}
            yield state, user, offered, outcomes


def _deadline_in(days):
    def prepare(agreement):
        due = local_today() + datetime.timedelta(days=days)
        Agreement.objects.filter(pk=agreement.pk).update(deadline=due)

    return prepare


MACHINES = {
    "revision": (AgendaRevision, lambda revision: None, set()),
    "agreement-before-deadline": (Agreement, _deadline_in(1), {"achieve", "fail"}),
    "agreement-at-deadline": (Agreement, _deadline_in(0), set()),
}


@pytest.mark.parametrize("machine", MACHINES)
def test_what_is_offered_is_what_the_service_allows(demo, machine):
    check_walk(*MACHINES[machine])


def check_walk(model, prepare, never_offered):
    """Every state, every user in the database, every transition of ``model``'s table."""
    offered_somewhere = set()
    for state, user, offered, outcomes in _walk(model, prepare):
        for name, outcome in outcomes.items():
            where = f"{model.__name__} {state!r}, {user.username}, {name}: {outcome}"
            if name in offered:
                offered_somewhere.add(name)
                # offered: the service performs it (its guards are the table's conditions)
                assert outcome == "done", where
            else:
                # not offered: the service does not perform it either
                assert outcome != "done", where
    # the walk reached every transition of the table at least once
    assert offered_somewhere == set(workflow_for(model).names) - never_offered


def test_achieve_is_offered_only_from_the_deadline_as_the_service_allows(demo):
    agreement = Agreement.objects.filter(state="active").order_by("pk").first()
    today = local_today()
    Agreement.objects.filter(pk=agreement.pk).update(deadline=today)
    agreement.refresh_from_db()
    owner = next(
        u
        for u in get_user_model().objects.order_by("pk")
        if "achieve" in user_transitions(agreement, u)
    )
    Agreement.objects.filter(pk=agreement.pk).update(deadline=today + datetime.timedelta(days=1))
    agreement.refresh_from_db()
    assert "achieve" not in user_transitions(agreement, owner)
    assert _outcome(Agreement, agreement.pk, "achieve", owner).startswith("invalid")
    Agreement.objects.filter(pk=agreement.pk).update(deadline=today)
    agreement.refresh_from_db()
    assert "achieve" in user_transitions(agreement, owner)
    assert _outcome(Agreement, agreement.pk, "achieve", owner) == "done"


def test_a_required_reason_is_checked_from_the_table(demo):
    revision = AgendaRevision.objects.filter(state="adopted").order_by("pk").first()
    board = next(
        u
        for u in get_user_model().objects.order_by("pk")
        if "return" in user_transitions(revision, u)
    )
    with pytest.raises(ValidationError) as exc:
        workflow_for(revision).perform("return", actor=board, instance=revision, comment="  ")
    assert exc.value.message_dict == {"comment": [str(workflow_for(revision)["return"].reason)]}
    revision.refresh_from_db()
    assert revision.state == "adopted"


def test_an_irreversible_step_asks_to_confirm_on_the_page_only(client, demo):
    """Ratifying is final: the page's form asks to confirm (and the step is not taken
    without it); the API, whose caller states what it wants, does not ask."""
    from agendas.models import AgendaRevision, RevisionState
    from regions.models import User

    board = User.objects.get(username="bestuur")
    revision = AgendaRevision.objects.get(state=RevisionState.ADOPTED)
    client.force_login(board)
    url = reverse("agendas:revision_transition", args=[revision.pk, "ratify"])
    page = client.get(reverse("agendas:revision_detail", args=[revision.pk])).content.decode()
    assert 'id="id_ratify_confirmed"' in page and 'class="danger"' in page
    assert 'id="id_submit_confirmed"' not in page
    response = client.post(url, {"comment": "Akkoord"})
    assert response.status_code == 400
    assert "Bevestig dat u deze stap wilt zetten." in response.content.decode()
    revision.refresh_from_db()
    assert revision.state == RevisionState.ADOPTED
    assert client.post(url, {"comment": "Akkoord", "confirmed": "on"}).status_code == 302
    revision.refresh_from_db()
    assert revision.state == RevisionState.RATIFIED


def test_the_api_takes_an_irreversible_step_without_the_box(client, demo):
    from agendas.models import AgendaRevision, RevisionState
    from regions.models import User

    client.force_login(User.objects.get(username="bestuur"))
    revision = AgendaRevision.objects.get(state=RevisionState.ADOPTED)
    response = client.post(
        f"/api/v1/agenda-revisions/{revision.pk}/ratify/", {"comment": "Akkoord"},
        content_type="application/json",
    )  # fmt: skip
    assert response.status_code == 200
    assert AgendaRevision.objects.get(pk=revision.pk).state == RevisionState.RATIFIED


def test_every_final_step_is_marked_irreversible():
    marked = {
        (model.__name__, t.name)
        for model in (AgendaRevision, Agreement, Dossier)
        for t in workflow_for(model).transitions
        if t.irreversible
    }
    assert marked == {
        ("AgendaRevision", "ratify"), ("AgendaRevision", "return"),
        ("Agreement", "achieve"), ("Agreement", "fail"), ("Agreement", "cancel"),
        ("Dossier", "reject"), ("Dossier", "issue_award"), ("Dossier", "close"),
        ("Dossier", "withdraw"), ("Dossier", "settle"),
    }  # fmt: skip
