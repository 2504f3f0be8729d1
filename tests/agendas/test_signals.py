"""From the atlas's signals to the agenda: a priority made from signals (their evidence), a
signal set aside with its reason, and the coverage the revision page shows."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from agendas import selectors, services
from agendas.models import AgendaRevision, SignalResponse
from atlas.models import Signal
from core.timeutils import cycle_year_for, local_today
from regions.models import User

pytestmark = pytest.mark.django_db

YEAR = cycle_year_for(local_today())


@pytest.fixture
def tgo(demo):
    revision = AgendaRevision.objects.get(agenda__sectorkamer__code="01", year=YEAR)
    signals = list(  # the open top signals the demo's draft has not answered yet
        Signal.objects.filter(sectorkamer__code="01", year=YEAR, state="open", weight__gte=3)
        .exclude(responses__revision=revision)
        .select_related("rule", "qualification", "institution", "region")
        .order_by("-weight", "pk")
    )
    return revision, signals, User.objects.get(username="secretaris")


def test_a_priority_is_made_from_a_signal_with_it_as_evidence(tgo):
    revision, signals, secretary = tgo
    signal = signals[0]
    priority = services.priority_from_signals(actor=secretary, revision=revision, signals=[signal])
    assert priority.revision == revision and signal.rule.name in priority.title
    assert f"Bosatlas {YEAR}: {signal.rule.name}" in priority.evidence
    assert list(priority.qualifications.all()) == [signal.qualification]
    assert SignalResponse.objects.get(signal=signal).priority == priority


def test_setting_aside_needs_a_reason(tgo):
    revision, signals, secretary = tgo
    before = SignalResponse.objects.count()
    with pytest.raises(ValidationError) as error:
        services.set_signal_aside(actor=secretary, revision=revision, signal=signals[0], reason=" ")
    assert "reason" in error.value.message_dict
    assert SignalResponse.objects.count() == before


def test_only_the_sectorkamer_acts_on_its_signals(tgo):
    revision, signals, _secretary = tgo
    other = User.objects.get(username="secretaris-mtlm")
    with pytest.raises(PermissionDenied):
        services.priority_from_signals(actor=other, revision=revision, signals=signals[:1])
    with pytest.raises(PermissionDenied):
        services.set_signal_aside(actor=other, revision=revision, signal=signals[0], reason="x")


def test_a_signal_of_another_sectorkamer_is_refused(tgo):
    revision, _signals, secretary = tgo
    foreign = Signal.objects.exclude(sectorkamer__code="01").first()
    with pytest.raises(ValidationError):
        services.priority_from_signals(actor=secretary, revision=revision, signals=[foreign])


def test_the_coverage_counts_addressed_aside_and_open(tgo, client):
    revision, signals, secretary = tgo
    assert len(signals) >= 2
    services.priority_from_signals(actor=secretary, revision=revision, signals=[signals[0]])
    services.set_signal_aside(actor=secretary, revision=revision, signal=signals[1],
                              reason="al belegd bij de regionale tafel")  # fmt: skip
    coverage = selectors.signal_coverage(revision)
    # the demo turned two others into priorities already
    assert signals[0].pk in {s.pk for s in coverage["addressed"]}
    assert len(coverage["addressed"]) == 3
    assert [s.pk for s in coverage["aside"]] == [signals[1].pk]
    assert {s.pk for s in coverage["open"]} == {s.pk for s in signals[2:]}
    client.force_login(secretary)
    page = client.get(reverse("agendas:revision_detail", args=[revision.pk])).content.decode()
    assert page.count('data-testid="covered"') == 3 and page.count('data-testid="set-aside"') == 1
    assert "al belegd bij de regionale tafel" in page


def test_the_open_count_and_list_leave_out_only_what_this_revision_answered(tgo):
    revision, signals, secretary = tgo
    assert len(signals) >= 4
    services.set_signal_aside(actor=secretary, revision=revision, signal=signals[0], reason="x")
    # answered in another revision: still open here
    other = AgendaRevision.objects.exclude(pk=revision.pk).first()
    SignalResponse.objects.create(revision=other, signal=signals[1], reason="x",
                                  decided_by=secretary)  # fmt: skip
    # a light signal answered here does not lower the count of the top ones
    light = Signal.objects.filter(sectorkamer__code="01", year=YEAR, weight__lt=3).first()
    SignalResponse.objects.create(revision=revision, signal=light, reason="x",
                                  decided_by=secretary)  # fmt: skip
    coverage = selectors.signal_coverage(revision)
    still_open = selectors.open_top_signals(revision)
    assert coverage["open_count"] == still_open.count() == len(signals) - 1
    assert [s.pk for s in coverage["open"]] == [
        s.pk for s in still_open.order_by(*selectors.SIGNAL_ORDER)[: selectors.OPEN_SIGNALS_SHOWN]
    ]
    assert signals[0].pk not in {s.pk for s in coverage["open"]}
    # every top signal answered: nothing open, and the count says so
    for signal in signals[1:]:
        services.set_signal_aside(actor=secretary, revision=revision, signal=signal, reason="x")
    coverage = selectors.signal_coverage(revision)
    assert coverage["open"] == [] and coverage["open_count"] == 0


def test_the_queue_counts_each_revision_only_its_own_sectorkamer_and_year(tgo):
    revision, signals, secretary = tgo
    from agendas.models import Agenda

    # another sectorkamer's draft of the next cycle
    agenda = Agenda.objects.exclude(sectorkamer=revision.agenda.sectorkamer).first()
    other = AgendaRevision.objects.create(agenda=agenda, year=revision.year + 1)

    def counts():
        found = selectors.with_signal_coverage(
            AgendaRevision.objects.filter(pk__in=[revision.pk, other.pk]).select_related("agenda")
        )
        return {r.pk: r.coverage for r in found}

    before = counts()
    assert (
        sum(before[revision.pk])
        == selectors.top_signals(
            sectorkamer=revision.agenda.sectorkamer, year=revision.year
        ).count()
    )
    # top signals of each sectorkamer in the other's year: counted for neither revision
    template = signals[0]
    for kamer, year in ((revision.agenda.sectorkamer, other.year),
                        (other.agenda.sectorkamer, revision.year)):  # fmt: skip
        Signal.objects.create(rule=template.rule, year=year, subject=f"crossed-{year}",
                              sectorkamer=kamer, value="1", weight=3, details={})  # fmt: skip
    assert counts() == before
    # one in the revision's own sectorkamer and year counts as still open
    Signal.objects.create(rule=template.rule, year=revision.year, subject="own",
                          sectorkamer=revision.agenda.sectorkamer, value="1", weight=3,
                          details={})  # fmt: skip
    addressed, aside, still_open = before[revision.pk]
    assert counts()[revision.pk] == (addressed, aside, still_open + 1)


def test_the_atlas_page_turns_a_signal_into_a_priority(tgo, client):
    revision, signals, secretary = tgo
    client.force_login(secretary)
    atlas = reverse("atlas:sectorkamer", args=["01", YEAR])
    assert 'data-testid="to-priority"' in client.get(atlas).content.decode()
    response = client.post(
        reverse("agendas:signals_to_priority", args=[revision.pk]), {"signals": [signals[0].pk]}
    )
    priority = SignalResponse.objects.get(signal=signals[0]).priority
    assert response.status_code == 302
    assert response["Location"] == reverse("agendas:priority_edit", args=[priority.pk])
    page = client.get(atlas).content.decode()
    assert 'data-testid="addressed"' in page
    # the board reads the atlas but may not act on it
    client.force_login(User.objects.get(username="bestuur"))
    assert 'data-testid="to-priority"' not in client.get(atlas).content.decode()


def test_the_board_sees_the_coverage_on_the_queue(tgo, client):
    revision, signals, secretary = tgo
    services.priority_from_signals(actor=secretary, revision=revision, signals=[signals[0]])
    services.set_signal_aside(actor=secretary, revision=revision, signal=signals[1], reason="x")
    AgendaRevision.objects.filter(pk=revision.pk).update(state="adopted")
    [queued] = [r for r in selectors.with_signal_coverage(selectors.ratification_queue())
                if r.pk == revision.pk]  # fmt: skip
    assert queued.coverage == (3, 1, len(signals) - 2)  # with the demo's two
    client.force_login(User.objects.get(username="bestuur"))
    page = client.get(reverse("agendas:ratification_queue")).content.decode()
    assert f"3 opgepakt, 1 terzijde gelegd, {len(signals) - 2} open" in page


# -- submitting with open top signals asks for confirmation --------------------------------


def submit_url(revision):
    return reverse("agendas:revision_transition", args=[revision.pk, "submit"])


def leave_one_open(revision, signals, secretary):
    """Set every top signal aside but the last; the revision gets a priority of its own."""
    services.priority_from_signals(actor=secretary, revision=revision, signals=[signals[0]])
    for signal in signals[1:-1]:
        services.set_signal_aside(actor=secretary, revision=revision, signal=signal, reason="x")
    return signals[-1]


def test_submitting_with_one_open_top_signal_needs_the_confirmation(tgo):
    revision, signals, secretary = tgo
    leave_one_open(revision, signals, secretary)
    with pytest.raises(ValidationError) as error:
        services.submit_revision(actor=secretary, revision=revision)
    assert "1 topsignaal" in error.value.message_dict["confirm_open_signals"][0]
    assert AgendaRevision.objects.get(pk=revision.pk).state == "draft"
    services.submit_revision(actor=secretary, revision=revision, confirm_open_signals=True)
    assert AgendaRevision.objects.get(pk=revision.pk).state == "submitted"


def test_no_confirmation_once_every_top_signal_is_answered(tgo):
    revision, signals, secretary = tgo
    last = leave_one_open(revision, signals, secretary)
    services.set_signal_aside(actor=secretary, revision=revision, signal=last, reason="x")
    services.submit_revision(actor=secretary, revision=revision)
    assert AgendaRevision.objects.get(pk=revision.pk).state == "submitted"


@pytest.mark.parametrize(("weight", "state", "asks"), [
    (selectors.TOP_SIGNAL_WEIGHT, "open", True),
    (selectors.TOP_SIGNAL_WEIGHT - 1, "open", False),  # below the top: not asked about
    (selectors.TOP_SIGNAL_WEIGHT, "closed", False),  # no longer holds
])  # fmt: skip
def test_only_open_top_signals_ask_for_confirmation(tgo, weight, state, asks):
    revision, signals, secretary = tgo
    last = leave_one_open(revision, signals, secretary)
    Signal.objects.filter(pk=last.pk).update(weight=weight, state=state)
    if asks:
        with pytest.raises(ValidationError):
            services.submit_revision(actor=secretary, revision=revision)
    else:
        services.submit_revision(actor=secretary, revision=revision)


def test_a_signal_answered_in_another_revision_still_counts_as_open(tgo):
    revision, signals, secretary = tgo
    last = leave_one_open(revision, signals, secretary)
    other = AgendaRevision.objects.exclude(pk=revision.pk).first()
    SignalResponse.objects.create(
        revision=other, signal=last, reason="elders", decided_by=secretary
    )
    with pytest.raises(ValidationError):
        services.submit_revision(actor=secretary, revision=revision)


def test_the_page_asks_for_the_confirmation_only_while_signals_are_open(tgo, client):
    revision, signals, secretary = tgo
    last = leave_one_open(revision, signals, secretary)
    client.force_login(secretary)
    page = client.get(reverse("agendas:revision_detail", args=[revision.pk])).content.decode()
    assert 'name="confirm_open_signals"' in page
    refused = client.post(submit_url(revision), {"comment": ""})
    assert refused.status_code == 400
    errors = refused.content.decode().split('id="id_submit_confirm_open_signals_error"')[1][:400]
    assert "1 topsignaal van de atlas is niet opgepakt en niet terzijde gelegd" in errors
    assert AgendaRevision.objects.get(pk=revision.pk).state == "draft"
    services.set_signal_aside(actor=secretary, revision=revision, signal=last, reason="x")
    page = client.get(reverse("agendas:revision_detail", args=[revision.pk])).content.decode()
    assert 'name="confirm_open_signals"' not in page
    assert client.post(submit_url(revision), {"comment": ""}).status_code == 302


def test_the_api_asks_for_the_confirmation(tgo):
    from rest_framework.test import APIClient

    revision, signals, secretary = tgo
    leave_one_open(revision, signals, secretary)
    api = APIClient()
    api.force_authenticate(secretary)
    url = f"/api/v1/agenda-revisions/{revision.pk}/submit/"
    refused = api.post(url, {}, format="json")
    assert refused.status_code == 400
    assert "confirm_open_signals" in refused.json()["errors"]
    accepted = api.post(url, {"confirm_open_signals": True}, format="json")
    assert accepted.status_code == 200 and accepted.json()["state"] == "submitted"


# -- the same through the API ----------------------------------------------------------------


def api_as(username):
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(User.objects.get(username=username))
    return api


def test_the_api_turns_a_signal_into_a_priority_and_sets_another_aside(tgo):
    revision, signals, _secretary = tgo
    api = api_as("secretaris")
    base = f"/api/v1/agenda-revisions/{revision.pk}/"
    made = api.post(base + "signals-to-priority/", {"signals": [signals[0].pk]}, format="json")
    assert made.status_code == 201 and made.json()["revision"] == revision.pk
    aside = api.post(base + "set-signal-aside/", {"signal": signals[1].pk, "reason": "elders"},
                     format="json")  # fmt: skip
    assert aside.status_code == 201 and aside.json()["reason"] == "elders"
    coverage = api.get(base + "signal-coverage/").json()
    assert signals[0].pk in {r["signal"] for r in coverage["addressed"]}
    assert made.json()["id"] in {r["priority"] for r in coverage["addressed"]}
    assert [r["signal"] for r in coverage["aside"]] == [signals[1].pk]
    assert set(coverage["open"]) == {s.pk for s in signals[2:]}


def test_the_api_refuses_bad_signal_input_field_by_field(tgo):
    revision, signals, _secretary = tgo
    api = api_as("secretaris")
    base = f"/api/v1/agenda-revisions/{revision.pk}/"
    before = SignalResponse.objects.count()
    for body, field in (
        ({"signals": []}, "signals"),
        ({"signals": ["x"]}, "signals"),
        ({"signals": [Signal.objects.exclude(sectorkamer__code="01").first().pk]}, "signals"),
    ):
        answer = api.post(base + "signals-to-priority/", body, format="json")
        assert answer.status_code == 400 and field in answer.json()["errors"], body
    for body, field in (
        ({"signal": signals[0].pk, "reason": " "}, "reason"),
        ({"signal": 987654321, "reason": "x"}, "signal"),
        ({"reason": "x"}, "signal"),
    ):
        answer = api.post(base + "set-signal-aside/", body, format="json")
        assert answer.status_code == 400 and field in answer.json()["errors"], body
    assert SignalResponse.objects.count() == before


def test_the_api_lets_only_the_sectorkamer_act_and_hides_the_draft_from_outsiders(tgo):
    revision, signals, _secretary = tgo
    base = f"/api/v1/agenda-revisions/{revision.pk}/"
    board = api_as("bestuur")  # sees the draft, may not act on it
    assert board.get(base + "signal-coverage/").status_code == 200
    body = {"signals": [signals[0].pk]}
    assert board.post(base + "signals-to-priority/", body, format="json").status_code == 403
    outsider = api_as("secretaris-mtlm")  # another sectorkamer: the draft does not exist
    assert outsider.get(base + "signal-coverage/").status_code == 404
    assert outsider.post(base + "signals-to-priority/", body, format="json").status_code == 404
    assert not SignalResponse.objects.filter(signal=signals[0]).exists()


def test_the_revision_page_lists_the_heaviest_open_signals_whatever_their_number(tgo, client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    revision, signals, secretary = tgo
    template = signals[0]

    def add(n, start):
        Signal.objects.bulk_create(
            Signal(rule=template.rule, year=YEAR, subject=f"extra-{start + i}",
                   sectorkamer=template.sectorkamer, value="1", weight=3, details={})
            for i in range(n)
        )  # fmt: skip

    url = reverse("agendas:revision_detail", args=[revision.pk])
    client.force_login(secretary)
    add(selectors.OPEN_SIGNALS_SHOWN, 0)
    with CaptureQueriesContext(connection) as before:
        page = client.get(url).content.decode()
    total = selectors.open_top_signals(revision).count()
    assert page.count('data-testid="still-open"') == selectors.OPEN_SIGNALS_SHOWN
    assert f"{total} nog open" in page and f"Alle {total} in de atlas" in page
    add(40, 100)
    with CaptureQueriesContext(connection) as after:
        page = client.get(url).content.decode()
    assert page.count('data-testid="still-open"') == selectors.OPEN_SIGNALS_SHOWN
    assert len(after) == len(before) and f"{total + 40} nog open" in page
