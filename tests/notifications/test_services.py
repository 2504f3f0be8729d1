import datetime

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from icalendar import Calendar

from agendas.models import Agenda, AgendaRevision
from notifications import services
from notifications.models import (
    DeliveryLog,
    EmailStatus,
    Notification,
    NotificationPreference,
)
from regions.models import Role

pytestmark = pytest.mark.django_db
AMS = datetime.timezone(datetime.timedelta(hours=1))


def at(year, month, day, hour=9):
    return time_machine.travel(datetime.datetime(year, month, day, hour, tzinfo=AMS), tick=False)


@pytest.fixture
def cycle(tgo, make_user, make_org):
    """Cycle 2027: a TGO revision in draft, its secretary, a board member, a school rep."""
    from regions.models import OrganisationKind

    agenda = Agenda.objects.create(sectorkamer=tgo, title="TGO", first_year=2027, last_year=2030)
    revision = AgendaRevision.objects.create(agenda=agenda, year=2027)
    school = make_org("Albeda College", OrganisationKind.MBO_INSTITUTION, "00GT")
    return {
        "revision": revision,
        "secretary": make_user(Role.SECTORKAMER_SECRETARY, username="sec", sectorkamer=tgo),
        "board": make_user(Role.BOARD_MEMBER, username="board"),
        "school": make_user(Role.ORGANISATION_REPRESENTATIVE, username="rep", organisation=school),
    }


def keys(user):
    return sorted(Notification.objects.filter(recipient=user).values_list("key", flat=True))


def test_a_whole_cycle_year_day_by_day(cycle):
    """October to March: who gets what when, each exactly once."""
    day = datetime.date(2026, 10, 1)
    log = []
    while day <= datetime.date(2027, 3, 31):
        with at(day.year, day.month, day.day):
            services.sweep()
            for name in ("secretary", "board", "school"):
                for n in Notification.objects.filter(recipient=cycle[name], created_at__date=day):
                    log.append((day.isoformat(), name, n.key.rsplit(":", 1)[-1], n.late))
        day += datetime.timedelta(days=1)
    revision = [entry for entry in log if entry[1] == "secretary"]
    assert [(d, offset) for d, _who, offset, _late in revision] == [
        ("2026-12-02", "-60"),
        ("2027-01-01", "-30"),
        ("2027-01-17", "-14"),
        ("2027-01-24", "-7"),
        ("2027-01-30", "-1"),
        ("2027-02-01", "+1"),
    ]
    assert [e[2] for e in log if e[1] == "board"] == ["-60", "-30", "-14", "-7", "-1", "+1"]
    assert [(d, o) for d, who, o, _l in log if who == "school"] == [
        ("2027-01-01", "-30"),
        ("2027-01-17", "-14"),
        ("2027-01-24", "-7"),
        ("2027-01-30", "-1"),
    ]
    assert not any(late for *_rest, late in log)
    assert Notification.objects.count() == len(log) == 16


def test_a_ratified_revision_is_no_longer_reminded(cycle):
    with at(2026, 12, 2):
        services.sweep()
    AgendaRevision.objects.filter(pk=cycle["revision"].pk).update(
        state="ratified", ratified_at=datetime.datetime(2026, 12, 3, tzinfo=AMS)
    )
    with at(2027, 1, 1):
        services.sweep()
    assert keys(cycle["secretary"]) == [f"reminder:revision:{cycle['revision'].pk}:2027-01-31:-60"]


def test_after_a_three_day_gap_only_the_latest_due_reminder_is_sent_once(cycle):
    with at(2027, 1, 23):
        services.sweep()  # the 14-day reminder was due on 17 January: caught up, late
    with at(2027, 1, 26):
        services.sweep()  # the sweep did not run for three days: 7 days (24 Jan) is latest
        services.sweep()
    notes = list(Notification.objects.filter(recipient=cycle["secretary"]).order_by("pk"))
    assert [(n.key.rsplit(":", 1)[-1], n.late) for n in notes] == [("-14", True), ("-7", True)]


def test_two_sweeps_on_one_day_write_nothing_twice(cycle):
    with at(2027, 1, 24):
        first = services.sweep()
        second = services.sweep()
    assert first["created"] == 3 and second["created"] == 0


@pytest.mark.parametrize("batch", [1, 2, 1000])
def test_the_sweep_in_batches_writes_the_same_reminders_and_nothing_when_nothing_is_new(
    cycle, batch
):
    """The deadlines are handled ``batch`` at a time: the same reminders whatever the batch;
    a second sweep reads but writes nothing (no INSERT at all)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with at(2027, 1, 24):
        first = services.sweep(batch=batch)
        with CaptureQueriesContext(connection) as second_queries:
            second = services.sweep(batch=batch)
    assert first["created"] == 3 and second["created"] == 0
    assert first["deadlines"] == second["deadlines"] >= 2
    assert Notification.objects.count() == 3
    inserts = [q["sql"] for q in second_queries if q["sql"].startswith("INSERT")]
    assert inserts == []


def test_preferences(cycle):
    secretary = cycle["secretary"]
    with pytest.raises(ValidationError) as error:
        services.set_preference(actor=secretary, kind="arbitration", channel="off")
    assert "channel" in error.value.message_dict
    assert not NotificationPreference.objects.exists()
    services.set_preference(actor=secretary, kind="reminder", channel="daily")
    services.set_preference(actor=cycle["board"], kind="reminder", channel="off")
    with at(2027, 1, 24):
        services.sweep()
    status = dict(Notification.objects.values_list("recipient__username", "email_status"))
    assert status == {"sec": "digest", "board": "off", "rep": "pending"}


def test_daily_digest_is_sent_once(cycle):
    services.set_preference(actor=cycle["secretary"], kind="reminder", channel="daily")
    with at(2027, 1, 24):
        services.sweep()
    with at(2027, 1, 25, 7):
        assert services.send_digests(channel="daily") == 1
        assert services.send_digests(channel="daily") == 0
    assert len(mail.outbox) == 1
    assert "Agenda TGO 2027" in mail.outbox[0].body
    assert Notification.objects.get(recipient=cycle["secretary"]).email_status == "in_digest"


def test_email_is_sent_once_with_a_link(cycle, settings):
    settings.SITE_URL = "https://kansrijk.example.org"
    with at(2027, 1, 24):
        services.sweep()
    notification = Notification.objects.get(recipient=cycle["school"])
    assert services.send_notification_email(notification.pk) == "sent"
    assert services.send_notification_email(notification.pk) == "sent"  # claimed already
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [cycle["school"].email]
    assert "https://kansrijk.example.org/afspraken/start-stopmeldingen/" in message.body
    assert message.alternatives[0][0].count("<a href=") == 1


def test_a_recipient_without_email_is_kept_in_the_app_and_logged(cycle):
    cycle["school"].email = ""
    cycle["school"].save()
    with at(2027, 1, 24):
        services.sweep()
    notification = Notification.objects.get(recipient=cycle["school"])
    assert notification.email_status == EmailStatus.NO_ADDRESS
    services.send_notification_email(notification.pk)
    services.send_notification_email(notification.pk)
    assert mail.outbox == []
    assert DeliveryLog.objects.filter(outcome="no_address").count() == 1


def test_a_failing_smtp_server_is_retried_and_logged(cycle, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9  # nothing listens
    settings.EMAIL_TIMEOUT = 1
    with at(2027, 1, 24):
        services.sweep()
    notification = Notification.objects.get(recipient=cycle["school"])
    with pytest.raises(services.DeliveryFailed):
        services.send_notification_email(notification.pk)
    notification.refresh_from_db()
    assert notification.email_status == "pending" and notification.attempts == 1
    assert DeliveryLog.objects.get().outcome == "retry"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert services.send_notification_email(notification.pk) == "sent"
    assert len(mail.outbox) == 1


def test_the_calendar_feed_holds_exactly_the_users_deadlines(cycle, client):
    token = services.new_calendar_token(actor=cycle["secretary"])
    with at(2026, 11, 23):
        response = client.get(f"/meldingen/agenda/{token.token}.ics")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    events = [c for c in calendar.walk("VEVENT")]
    assert [str(e["uid"]) for e in events] == [
        f"revision-{cycle['revision'].pk}-agenda_revision@kansrijk"
    ]
    assert events[0].decoded("dtstart") == datetime.date(2027, 1, 31)
    school_token = services.new_calendar_token(actor=cycle["school"])
    with at(2026, 11, 23):
        school = Calendar.from_ical(
            client.get(f"/meldingen/agenda/{school_token.token}.ics").content
        )
    assert [str(e["uid"]) for e in school.walk("VEVENT")] == ["notices-2027-notice_cycle@kansrijk"]
    services.revoke_calendar_token(actor=cycle["secretary"])
    assert client.get(f"/meldingen/agenda/{token.token}.ics").status_code == 404
    assert client.get("/meldingen/agenda/not-a-token.ics").status_code == 404


def test_notification_centre_query_count(client, cycle, django_assert_num_queries):
    client.force_login(cycle["secretary"])
    with at(2027, 1, 24):
        services.sweep()
    url = "/meldingen/"
    with django_assert_num_queries(5) as first:
        client.get(url)
    for i in range(20):
        services.notify(recipients=[cycle["secretary"]], kind="agenda", key=f"k{i}", title=f"T{i}")
    with django_assert_num_queries(len(first.captured_queries)):
        page = client.get(url).content.decode()
    assert page.count('class="card unread"') == 21


def test_the_api_shows_only_your_own(client, cycle):
    from rest_framework.test import APIClient

    services.notify(recipients=[cycle["secretary"]], kind="agenda", key="x", title="Voor jou")
    services.notify(recipients=[cycle["board"]], kind="agenda", key="y", title="Niet voor jou")
    api = APIClient()
    api.force_authenticate(cycle["secretary"])
    results = api.get("/api/v1/notifications/").json()["results"]
    assert [n["title"] for n in results] == ["Voor jou"]
    other = Notification.objects.get(recipient=cycle["board"])
    assert api.get(f"/api/v1/notifications/{other.pk}/").status_code == 404
    assert api.post(f"/api/v1/notifications/{results[0]['id']}/read/").json()["read"] is True
    bad = api.post("/api/v1/notification-preferences/", {"kind": "arbitration", "channel": "off"})
    assert bad.status_code == 400 and "channel" in bad.json()["errors"]
    cycles = api.get("/api/v1/cycles/").json()
    assert cycles[0]["milestones"][0]["kind"] == "atlas"


def test_events_are_written_with_the_change(active_agreement_proposal):
    proposal, reps = active_agreement_proposal
    titles = Notification.objects.filter(recipient__in=reps).values_list("title", flat=True)
    assert all("voorgelegd aan uw organisatie" in t for t in titles) and len(titles) == 2


@pytest.fixture
def active_agreement_proposal(with_parties, secretary, school_rep, branch_rep):
    from agreements import services as agreement_services

    agreement_services.propose_agreement(actor=secretary, agreement=with_parties)
    return with_parties, [school_rep, branch_rep]


def test_progress_reports_due_are_reminded(active, school_rep):
    from agreements.models import Agreement

    agreement = Agreement.objects.get(pk=active.pk)
    assert agreement.next_report_due == datetime.date(2026, 5, 1)  # start + a quarter
    with at(2026, 4, 30):
        services.sweep()
    reminder = Notification.objects.get(recipient=school_rep, key__startswith="reminder:report")
    assert "voortgangsrapportage" in reminder.title.lower()


@pytest.mark.parametrize(
    "data, field",
    [({"days": -1}, "days"), ({"days": 7}, "__all__"), ({"recipients": "iedereen"}, "recipients")],
)
def test_bad_reminder_policy_is_refused(data, field, db):
    from notifications.models import ReminderOffset

    services.ensure_defaults(2027)
    offset = ReminderOffset(kind="agreement", days=3, after=False, recipients="owner")
    for key, value in data.items():
        setattr(offset, key, value)
    with pytest.raises(ValidationError) as error:
        offset.full_clean()
    assert field in error.value.message_dict
