"""Rules that hold after the fact: a later edit may not break a rule checked earlier.

An agreement's deadline lies within its agenda's last year (checked when it is saved); the
agenda's last year may then not be moved below an open agreement under it. A milestone lies
on or before the deadline (checked when it is added); the deadline may then not be moved
before it."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from rest_framework.test import APIClient

from agendas import services as agenda_services
from agreements import services
from agreements.models import Agreement
from tests.fixtures_agreements import SMART

pytestmark = pytest.mark.django_db


def _agreement(secretary, priority, school, deadline, title="Leerbanen"):
    return services.create_agreement(
        actor=secretary, priority=priority, owner=school,
        **{**SMART, "title": title, "deadline": deadline},
    )  # fmt: skip


def _refused(secretary, agenda, last_year) -> str:
    with pytest.raises(ValidationError) as refused:
        agenda_services.update_agenda(actor=secretary, agenda=agenda, last_year=last_year)
    return " ".join(refused.value.message_dict["last_year"])


@pytest.mark.parametrize(
    ("deadline", "allowed"),
    [(datetime.date(2027, 12, 31), True), (datetime.date(2028, 1, 1), False)],
    ids=["on the last day of the new last year", "one day later"],
)
def test_the_agenda_cannot_end_before_an_open_agreement_under_it(
    secretary, priority, school, deadline, allowed
):
    agenda = priority.revision.agenda  # 2026-2029
    _agreement(secretary, priority, school, deadline, title="Zij-instroom")
    history = agenda.history.count()
    if allowed:
        agenda_services.update_agenda(actor=secretary, agenda=agenda, last_year=2027)
        agenda.refresh_from_db()
        assert agenda.last_year == 2027
        return
    message = _refused(secretary, agenda, 2027)
    assert "2027" in message and "'Zij-instroom'" in message and "1-1-2028" in message
    agenda.refresh_from_db()
    assert agenda.last_year == 2029 and agenda.history.count() == history  # nothing written


def test_an_active_agreement_and_a_regional_commitment_under_it_are_named(
    active, coordinator, table, school, secretary
):
    services.create_agreement(
        actor=coordinator, regional_table=table, parent=active, owner=school,
        **{**SMART, "level": "regional", "title": "Leerbanen Twente"},
    )  # fmt: skip
    message = _refused(secretary, active.priority.revision.agenda, 2026)
    assert f"'{active.title}'" in message and "'Leerbanen Twente'" in message


def test_closed_agreements_do_not_hold_the_agenda(secretary, priority, school):
    agreement = _agreement(secretary, priority, school, datetime.date(2029, 6, 30))
    services.cancel_agreement(actor=secretary, agreement=agreement, comment="Vervalt")
    agenda = agenda_services.update_agenda(
        actor=secretary, agenda=priority.revision.agenda, last_year=2027
    )
    assert agenda.last_year == 2027


def test_many_agreements_are_named_up_to_five_and_counted(secretary, priority, school):
    for n in range(7):
        _agreement(secretary, priority, school, datetime.date(2029, 1, 1 + n), title=f"A{n}")
    message = _refused(secretary, priority.revision.agenda, 2028)
    assert all(f"'A{n}'" in message for n in range(5))
    assert "'A5'" not in message and "en nog 2 afspraken" in message


def test_the_api_refuses_it_as_a_field_error(secretary, priority, school):
    _agreement(secretary, priority, school, datetime.date(2029, 3, 1), title="Zij-instroom")
    client = APIClient()
    client.force_authenticate(secretary)
    agenda = priority.revision.agenda
    response = client.patch(f"/api/v1/agendas/{agenda.pk}/", {"last_year": 2028}, format="json")
    assert response.status_code == 400
    assert "'Zij-instroom'" in response.json()["errors"]["last_year"][0]
    agenda.refresh_from_db()
    assert agenda.last_year == 2029


@pytest.mark.parametrize(
    ("deadline", "allowed"),
    [(datetime.date(2027, 6, 30), True), (datetime.date(2027, 6, 29), False)],
    ids=["on the milestone's day", "the day before"],
)
def test_the_deadline_cannot_move_before_a_milestone(draft, secretary, deadline, allowed):
    services.add_milestone(
        actor=secretary, agreement=draft, title="Tussenmeting", due_date=datetime.date(2027, 6, 30)
    )
    if allowed:
        services.update_agreement(actor=secretary, agreement=draft, deadline=deadline)
        assert Agreement.objects.get(pk=draft.pk).deadline == deadline
        return
    with pytest.raises(ValidationError) as refused:
        services.update_agreement(actor=secretary, agreement=draft, deadline=deadline)
    assert "'Tussenmeting' (30-6-2027)" in refused.value.message_dict["deadline"][0]
    assert Agreement.objects.get(pk=draft.pk).deadline == SMART["deadline"]
