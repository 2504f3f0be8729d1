"""The atlas's open top signals are reminded before the sectorkamer meeting: to the
secretary and the members, while the revision leaves them neither addressed nor set aside."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agendas import services
from agendas.deadlines import open_signal_deadlines
from agendas.models import AgendaRevision
from agendas.selectors import open_top_signals
from core.timeutils import cycle_year_for, local_today
from notifications import services as notification_services
from notifications.models import CycleMilestone, Notification
from notifications.registry import People
from regions.models import Role, User
from regions.selectors import users_with_role

pytestmark = pytest.mark.django_db

YEAR = cycle_year_for(local_today())
AMS = datetime.timezone(datetime.timedelta(hours=1))


def sweep_on(day):
    with time_machine.travel(datetime.datetime(day.year, day.month, day.day, 9, tzinfo=AMS),
                             tick=False):  # fmt: skip
        return notification_services.sweep()


def meeting():
    notification_services.ensure_defaults(YEAR)
    return CycleMilestone.objects.get(year=YEAR, kind="meeting").starts_on


def signal_reminders():
    return Notification.objects.filter(key__startswith="reminder:signals:")


def tgo_revision():
    return AgendaRevision.objects.get(agenda__sectorkamer__code="01", year=YEAR)


def test_the_secretary_and_the_members_are_reminded_two_weeks_before_the_meeting(demo):
    day = meeting()
    sweep_on(day - datetime.timedelta(days=15))
    assert not signal_reminders().exists()  # before the first offset
    sweep_on(day - datetime.timedelta(days=14))
    revision = tgo_revision()
    tgo = revision.agenda.sectorkamer_id
    expected = {
        u.pk
        for role in (Role.SECTORKAMER_SECRETARY, Role.SECTORKAMER_MEMBER)
        for u in users_with_role(role, sectorkamer_id=tgo)
    }
    reminded = signal_reminders().filter(key__startswith=f"reminder:signals:{revision.pk}:")
    assert set(reminded.values_list("recipient_id", flat=True)) == expected
    still_open = open_top_signals(revision).count()
    assert still_open == 4  # the demo addressed two of its six
    first = reminded.first()
    assert first.title.startswith("Nog 14 dagen") and f"{still_open} topsignalen" in first.title
    assert first.url == reverse("atlas:sectorkamer", args=["01", YEAR])
    # the board, the schools and the other sectorkamers' people are not reminded of TGO's
    assert not reminded.filter(recipient__username__in=["bestuur", "school", "secretaris-zws"])


def test_no_reminder_once_every_top_signal_is_answered(demo):
    revision = tgo_revision()
    secretary = User.objects.get(username="secretaris")
    for signal in open_top_signals(revision):
        services.set_signal_aside(actor=secretary, revision=revision, signal=signal, reason="x")
    sweep_on(meeting() - datetime.timedelta(days=7))
    assert not signal_reminders().filter(key__startswith=f"reminder:signals:{revision.pk}:")


def test_no_reminder_for_an_adopted_revision(demo):
    # once adopted, the meeting has decided: the open signals are no longer reminded
    day = meeting()

    def reminded():
        found = open_signal_deadlines(day, day, People(day))
        return {int(d.source.split(":")[1]) for d in found}

    assert tgo_revision().pk in reminded()
    AgendaRevision.objects.filter(pk=tgo_revision().pk).update(state="adopted")
    assert tgo_revision().pk not in reminded()


def test_the_source_takes_the_same_queries_for_any_number_of_revisions(demo):
    from agendas.models import Agenda
    from atlas.models import Signal
    from regions.models import Sectorkamer

    day = meeting()
    people = People(day)
    with CaptureQueriesContext(connection) as before:
        first = list(open_signal_deadlines(day, day, people))
    assert {d.source for d in first} >= {f"signals:{tgo_revision().pk}"}
    # two more sectorkamers with a draft of the same cycle and a top signal open each
    template = Signal.objects.filter(sectorkamer__code="01", year=YEAR, weight__gte=3).first()
    for code in ("05", "06"):
        kamer = Sectorkamer.objects.get(code=code)
        agenda = Agenda.objects.create(sectorkamer=kamer, title=code, first_year=YEAR,
                                       last_year=YEAR + 3)  # fmt: skip
        AgendaRevision.objects.create(agenda=agenda, year=YEAR)
        Signal.objects.create(rule=template.rule, year=YEAR, subject=f"extra-{code}",
                              sectorkamer=kamer, value="1", weight=3, details={})  # fmt: skip
    with CaptureQueriesContext(connection) as after:
        second = list(open_signal_deadlines(day, day, people))
    assert len(second) == len(first) + 2
    assert len(before) == len(after) == 2


def test_outside_the_window_the_source_yields_nothing(demo):
    day = meeting()
    later = day + datetime.timedelta(days=1)
    assert (
        list(open_signal_deadlines(later, later + datetime.timedelta(days=30), People(day))) == []
    )
