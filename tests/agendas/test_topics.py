"""Agenda topics (agenderingsrecht): who may put a topic on a sectorkamer's agenda, until
when, what it carries, and how the secretary decides on it."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from agendas import services
from agendas.models import AgendaTopic, TopicState
from agendas.selectors import open_topic_year, topic_channels, topics_close_on
from atlas.models import Dataset, Enrolment, Qualification, Source
from core.workflow import StateConflict
from notifications.models import CycleMilestone, Notification
from regions.models import Arbeidsmarktregio, OrganisationKind, RegionalTable, Role

pytestmark = pytest.mark.django_db

AMS = zoneinfo.ZoneInfo("Europe/Amsterdam")
YEAR = 2027  # the cycle that takes topics on the frozen day below


@pytest.fixture(autouse=True)
def _december():
    with time_machine.travel(datetime.datetime(2026, 12, 4, 10, tzinfo=AMS), tick=False):
        yield


@pytest.fixture
def qualification(tgo):
    return Qualification.objects.create(
        crebo="25100", name="Monteur elektrotechnische installaties", level=2, sectorkamer=tgo
    )


@pytest.fixture
def school(make_org, qualification, secretary):
    """An mbo institution with students in one of the sectorkamer's qualifications."""
    school = make_org("Techniek College", OrganisationKind.MBO_INSTITUTION)
    dataset = Dataset.objects.create(
        source=Source.DUO_ENROLMENTS, title="DUO 2026", year=2026,
        reference_date=datetime.date(2026, 10, 1), sha256="a" * 64, encoding="utf-8",
        loaded_by=secretary,
    )  # fmt: skip
    Enrolment.objects.create(
        dataset=dataset, institution=school, qualification=qualification, leerweg="BBL",
        year=2026, low=40, high=40,
    )  # fmt: skip
    return school


@pytest.fixture
def school_rep(make_user, school):
    return make_user(Role.ORGANISATION_REPRESENTATIVE, username="schoolrep", organisation=school)


@pytest.fixture
def colleague(make_user, school):
    """Another representative of the same school."""
    return make_user(Role.ORGANISATION_REPRESENTATIVE, username="collega", organisation=school)


@pytest.fixture
def agenda_2027(agenda, secretary):
    return services.start_revision(actor=secretary, agenda=agenda, year=YEAR)


def submit(actor, sectorkamer, **overrides):
    data = {
        "year": YEAR,
        "title": "Meer praktijkplaatsen voor monteurs",
        "explanation": "Leerbedrijven in de regio haken af; de sectorkamer moet dit agenderen.",
        "evidence": "120 BBL-studenten zonder leerbedrijf in 2026.",
        **overrides,
    }
    return services.submit_topic(actor=actor, sectorkamer=sectorkamer, **data)


def pdf(name="onderbouwing.pdf", body=b"%PDF-1.7 evidence"):
    return SimpleUploadedFile(name, body, content_type="application/pdf")


# -- who may submit -------------------------------------------------------------------------


def test_a_school_with_students_in_the_sectorkamer_may_submit(school_rep, school, tgo, zws):
    assert [c.key for c in topic_channels(school_rep, tgo)] == [f"organisation:{school.pk}"]
    assert topic_channels(school_rep, zws) == []  # no students in that sectorkamer
    topic = submit(school_rep, tgo)
    assert (topic.state, topic.organisation, topic.regional_table) == (
        TopicState.SUBMITTED, school, None,
    )  # fmt: skip


def test_a_school_without_students_there_may_not(make_user, make_org, tgo):
    other = make_org("Zorgcollege", OrganisationKind.MBO_INSTITUTION)
    rep = make_user(Role.ORGANISATION_REPRESENTATIVE, organisation=other)
    with pytest.raises(PermissionDenied) as refused, translation.override("en"):
        submit(rep, tgo)
    assert "takes part" in str(refused.value)
    assert not AgendaTopic.objects.exists()


def test_a_member_submits_for_the_organisation_they_work_for(make_user, make_org, tgo):
    branch = make_org("Techniek Nederland", OrganisationKind.BRANCH)
    member = make_user(Role.SECTORKAMER_MEMBER, sectorkamer=tgo, side="business", works_for=branch)
    assert [c.organisation for c in topic_channels(member, tgo)] == [branch]
    without_organisation = make_user(Role.SECTORKAMER_MEMBER, sectorkamer=tgo, side="business")
    assert topic_channels(without_organisation, tgo) == []


def test_a_representative_of_an_organisation_seated_in_the_sectorkamer(
    make_user, make_org, tgo, zws
):
    branch = make_org("Techniek Nederland", OrganisationKind.BRANCH)
    make_user(Role.SECTORKAMER_MEMBER, sectorkamer=tgo, side="business", works_for=branch)
    rep = make_user(Role.ORGANISATION_REPRESENTATIVE, organisation=branch)
    assert [c.organisation for c in topic_channels(rep, tgo)] == [branch]
    assert topic_channels(rep, zws) == []


def test_an_expired_seat_no_longer_counts(make_user, make_org, tgo):
    branch = make_org("Techniek Nederland", OrganisationKind.BRANCH)
    make_user(
        Role.SECTORKAMER_MEMBER, sectorkamer=tgo, side="business", works_for=branch,
        valid_until=datetime.date(2026, 12, 3),
    )  # fmt: skip
    rep = make_user(Role.ORGANISATION_REPRESENTATIVE, organisation=branch)
    assert topic_channels(rep, tgo) == []


def test_a_coordinator_submits_for_a_table_with_this_focus_or_none(make_user, tgo, zws):
    region = Arbeidsmarktregio.objects.get(code="AM22")
    unfocused = RegionalTable.objects.create(name="Rijnmond breed")
    focused = RegionalTable.objects.create(name="Rijnmond techniek", sectorkamer=tgo)
    elsewhere = RegionalTable.objects.create(name="Rijnmond zorg", sectorkamer=zws)
    for table in (unfocused, focused, elsewhere):
        table.regions.set([region])
    coordinator = make_user(Role.TABLE_COORDINATOR, regional_table=unfocused)
    for table in (focused, elsewhere):
        from regions.models import RoleAssignment

        RoleAssignment.objects.create(
            user=coordinator, role=Role.TABLE_COORDINATOR, regional_table=table,
            valid_from=datetime.date(2020, 1, 1),
        )  # fmt: skip
    keys = [c.key for c in topic_channels(coordinator, tgo)]
    assert keys == [f"table:{unfocused.pk}", f"table:{focused.pk}"]
    with pytest.raises(ValidationError) as error:
        submit(coordinator, tgo)  # two tables: say which
    assert "on_behalf" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        submit(coordinator, tgo, on_behalf=f"table:{elsewhere.pk}")
    assert "on_behalf" in error.value.message_dict
    topic = submit(coordinator, tgo, on_behalf=f"table:{focused.pk}")
    assert (topic.regional_table, topic.organisation) == (focused, None)


# -- until when ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("moment", "allowed"),
    [
        (datetime.datetime(2026, 12, 31, 23, 59, tzinfo=AMS), True),
        (datetime.datetime(2027, 1, 1, 0, 0, tzinfo=AMS), False),
    ],
)
def test_topics_close_on_1_january_amsterdam_time(school_rep, tgo, moment, allowed):
    with time_machine.travel(moment, tick=False):
        if allowed:
            assert submit(school_rep, tgo).year == YEAR
        else:
            with pytest.raises(ValidationError) as error, translation.override("en"):
                submit(school_rep, tgo)
            assert "closed on" in error.value.message_dict["year"][0]
            assert open_topic_year(moment.date()) == YEAR + 1
            assert submit(school_rep, tgo, year=YEAR + 1).year == YEAR + 1


def test_the_closing_date_follows_the_milestone(school_rep, tgo):
    CycleMilestone.objects.update_or_create(
        year=YEAR, kind="topics", defaults={"starts_on": datetime.date(2026, 12, 4)}
    )
    assert topics_close_on(YEAR) == datetime.date(2026, 12, 4)
    with pytest.raises(ValidationError):
        submit(school_rep, tgo)  # closed today


@pytest.mark.parametrize("year", [2026, 2029, None])
def test_only_the_open_cycle_and_the_next_take_topics(school_rep, tgo, year):
    with pytest.raises(ValidationError) as error:
        submit(school_rep, tgo, year=year)
    assert "year" in error.value.message_dict
    assert submit(school_rep, tgo, year=2028).year == 2028


# -- what it carries -------------------------------------------------------------------------


def test_qualifications_must_be_the_sectorkamers(school_rep, tgo, zws, qualification):
    care = Qualification.objects.create(crebo="25655", name="Verzorgende-IG", level=3,
                                        sectorkamer=zws)  # fmt: skip
    with pytest.raises(ValidationError) as error:
        submit(school_rep, tgo, qualifications=[qualification, care])
    assert "25655" in error.value.message_dict["qualifications"][0]
    topic = submit(school_rep, tgo, qualifications=[qualification])
    assert list(topic.qualifications.all()) == [qualification]


def test_links_must_be_web_addresses(school_rep, tgo):
    with pytest.raises(ValidationError) as error:
        submit(school_rep, tgo, links="https://www.s-bb.nl/\njavascript:alert(1)")
    assert "javascript:alert(1)" in error.value.message_dict["links"][0]
    topic = submit(school_rep, tgo, links=" https://www.s-bb.nl/ \n\nhttp://duo.nl/open")
    assert topic.link_list == ["https://www.s-bb.nl/", "http://duo.nl/open"]


def test_an_attachment_is_checked_by_content_and_kept_with_its_hash(school_rep, tgo):
    with pytest.raises(ValidationError) as error:
        submit(school_rep, tgo, attachment=pdf(body=b"MZ not a pdf"))
    assert list(error.value.message_dict) == ["attachment"]
    assert not AgendaTopic.objects.exists()
    topic = submit(school_rep, tgo, attachment=pdf())
    assert (topic.attachment_name, topic.attachment_type, topic.attachment_size) == (
        "onderbouwing.pdf", "application/pdf", 17,
    )  # fmt: skip
    assert len(topic.attachment_sha256) == 64
    assert topic.attachment.open("rb").read() == b"%PDF-1.7 evidence"


def test_the_secretaries_are_told_of_a_new_topic(school_rep, secretary, member, tgo):
    topic = submit(school_rep, tgo)
    told = Notification.objects.filter(url=reverse("agendas:topic_detail", args=[topic.pk]))
    assert [n.recipient for n in told] == [secretary]


# -- decisions -------------------------------------------------------------------------------


def test_taking_up_makes_a_priority_in_the_draft_from_the_topic(
    school_rep, secretary, tgo, agenda_2027, qualification
):
    region = Arbeidsmarktregio.objects.get(code="AM22")
    topic = submit(school_rep, tgo, qualifications=[qualification], regions=[region],
                   links="https://www.s-bb.nl/")  # fmt: skip
    services.consider_topic(actor=secretary, topic=topic)
    services.take_up_topic(actor=secretary, topic=topic, comment="Past bij ons speerpunt.")
    topic.refresh_from_db()
    priority = topic.priority
    assert (topic.state, priority.revision, priority.title) == (
        TopicState.TAKEN_UP, agenda_2027, topic.title,
    )  # fmt: skip
    assert (
        priority.evidence == "120 BBL-studenten zonder leerbedrijf in 2026.\nhttps://www.s-bb.nl/"
    )
    assert (priority.sectoral, priority.regional, priority.national) == (True, True, False)
    assert list(priority.qualifications.all()) == [qualification]
    assert topic.decision_reason == "Past bij ons speerpunt."
    told = Notification.objects.filter(recipient=school_rep).order_by("pk")
    assert [n.title.split(": ")[-1] for n in told] == [
        "in behandeling",
        "op de agenda genomen",
    ]


def test_without_regions_the_new_priority_is_sectoral_only(school_rep, secretary, tgo, agenda_2027):
    topic = services.take_up_topic(actor=secretary, topic=submit(school_rep, tgo))
    assert (topic.priority.sectoral, topic.priority.regional) == (True, False)


def test_taking_up_needs_the_cycles_revision(school_rep, secretary, tgo, draft):
    topic = submit(school_rep, tgo)  # there is a 2026 draft, no 2027 revision
    with pytest.raises(ValidationError) as error, translation.override("en"):
        services.take_up_topic(actor=secretary, topic=topic)
    assert "start it first" in error.value.message_dict["priority"][0]
    draft_priority = services.add_priority(
        actor=secretary, revision=draft, kind="challenge", title="Oud", sectoral=True
    )
    with pytest.raises(ValidationError) as error:
        services.take_up_topic(actor=secretary, topic=topic, priority=draft_priority)
    assert "priority" in error.value.message_dict  # a priority of another year
    topic.refresh_from_db()
    assert topic.state == TopicState.SUBMITTED


def test_a_revision_past_draft_takes_an_existing_priority_only(
    school_rep, secretary, tgo, agenda_2027
):
    priority = services.add_priority(
        actor=secretary, revision=agenda_2027, kind="challenge", title="Praktijk", sectoral=True
    )
    services.submit_revision(actor=secretary, revision=agenda_2027)
    topic = submit(school_rep, tgo)
    with pytest.raises(ValidationError) as error, translation.override("en"):
        services.take_up_topic(actor=secretary, topic=topic)
    assert "no longer a draft" in error.value.message_dict["priority"][0]
    services.take_up_topic(actor=secretary, topic=topic, priority=priority)
    assert topic.priority == priority


def test_a_priority_a_topic_became_cannot_be_deleted(school_rep, secretary, tgo, agenda_2027):
    topic = services.take_up_topic(actor=secretary, topic=submit(school_rep, tgo))
    with pytest.raises(ValidationError) as error:
        services.delete_priority(actor=secretary, priority=topic.priority)
    assert "priority" in error.value.message_dict


def test_combining_needs_an_open_or_taken_up_topic_of_the_same_cycle(
    school_rep, secretary, tgo, zws, make_user, make_org, agenda_2027
):
    first, second = submit(school_rep, tgo), submit(school_rep, tgo, title="Ook praktijk")
    later = submit(school_rep, tgo, year=2028, title="Later")
    declined = services.decline_topic(
        actor=secretary, topic=submit(school_rep, tgo, title="Nee"), comment="Valt buiten."
    )
    for other, fragment in [
        (None, "Choose the topic"), (first, "itself"), (later, "same sectorkamer"),
        (declined, "not taken up"),
    ]:  # fmt: skip
        with pytest.raises(ValidationError) as error, translation.override("en"):
            services.combine_topic(actor=secretary, topic=first, with_topic=other)
        assert fragment in error.value.message_dict["with_topic"][0]
    services.take_up_topic(actor=secretary, topic=second)
    services.combine_topic(actor=secretary, topic=first, with_topic=second)
    assert (first.state, first.combined_with) == (TopicState.COMBINED, second)


def test_not_taking_up_needs_the_reason(school_rep, secretary, tgo):
    topic = submit(school_rep, tgo)
    for blank in ("", "   "):
        with pytest.raises(ValidationError) as error:
            services.decline_topic(actor=secretary, topic=topic, comment=blank)
        assert "comment" in error.value.message_dict
    services.decline_topic(actor=secretary, topic=topic, comment="Landelijk al belegd.")
    topic.refresh_from_db()
    assert (topic.state, topic.decision_reason) == (TopicState.NOT_TAKEN_UP, "Landelijk al belegd.")


def test_only_the_secretary_of_that_sectorkamer_decides(
    school_rep, member, make_user, zws, board, tgo
):
    topic = submit(school_rep, tgo)
    other_secretary = make_user(Role.SECTORKAMER_SECRETARY, sectorkamer=zws)
    for actor in (member, other_secretary, board, school_rep):
        with pytest.raises(PermissionDenied):
            services.consider_topic(actor=actor, topic=topic)
        with pytest.raises(PermissionDenied):
            services.decline_topic(actor=actor, topic=topic, comment="Nee")


def test_only_the_submitter_withdraws_and_only_while_undecided(
    school_rep, colleague, secretary, tgo
):
    topic = submit(school_rep, tgo)
    for actor in (colleague, secretary):
        with pytest.raises(PermissionDenied) as refused, translation.override("en"):
            services.withdraw_topic(actor=actor, topic=topic)
        assert "Only the person who submitted" in str(refused.value)
    services.withdraw_topic(actor=school_rep, topic=topic, comment="Dubbel ingediend.")
    assert topic.state == TopicState.WITHDRAWN
    with pytest.raises(StateConflict):
        services.consider_topic(actor=secretary, topic=topic)
    with pytest.raises(StateConflict):
        services.withdraw_topic(actor=school_rep, topic=topic)


def test_a_decided_topic_cannot_be_decided_again(school_rep, secretary, tgo):
    topic = services.decline_topic(actor=secretary, topic=submit(school_rep, tgo), comment="Nee")
    with pytest.raises(StateConflict):
        services.take_up_topic(actor=secretary, topic=topic)
    with pytest.raises(StateConflict):
        services.withdraw_topic(actor=school_rep, topic=topic)


# -- pages -------------------------------------------------------------------------------------


def test_a_school_submits_a_topic_from_the_page(client, school_rep, school, tgo, qualification):
    client.force_login(school_rep)
    url = reverse("agendas:topic_create", args=[tgo.code])
    page = client.get(url)
    assert page.status_code == 200 and b'enctype="multipart/form-data"' in page.content
    posted = client.post(url, {
        "on_behalf": f"organisation:{school.pk}", "year": YEAR, "title": "Leerbedrijven",
        "explanation": "Te weinig leerbedrijven.", "qualifications": [qualification.pk],
        "attachment": pdf(),
    })  # fmt: skip
    topic = AgendaTopic.objects.get()
    assert posted.status_code == 302 and posted.url == reverse(
        "agendas:topic_detail", args=[topic.pk]
    )
    detail = client.get(posted.url)
    assert b"onderbouwing.pdf" in detail.content
    download = client.get(reverse("agendas:topic_attachment", args=[topic.pk]))
    assert download.status_code == 200 and download["X-Content-Type-Options"] == "nosniff"
    assert b"".join(download.streaming_content) == b"%PDF-1.7 evidence"


def test_the_page_shows_the_services_errors_per_field(client, school_rep, school, tgo):
    client.force_login(school_rep)
    posted = client.post(reverse("agendas:topic_create", args=[tgo.code]), {
        "on_behalf": f"organisation:{school.pk}", "year": YEAR, "title": "Vals",
        "explanation": "Uitleg", "attachment": pdf(body=b"no pdf"),
    })  # fmt: skip
    assert posted.status_code == 400
    assert posted.context["form"].errors.keys() == {"attachment"}
    posted = client.post(reverse("agendas:topic_create", args=[tgo.code]), {
        "on_behalf": f"organisation:{school.pk}", "year": 2026, "title": "Te laat",
        "explanation": "Uitleg",
    })  # fmt: skip
    assert posted.context["form"].errors.keys() == {"year"}
    assert not AgendaTopic.objects.exists()


def test_someone_without_a_link_to_the_sectorkamer_cannot_open_the_form(client, outsider, tgo):
    client.force_login(outsider)
    assert client.get(reverse("agendas:topic_create", args=[tgo.code])).status_code == 403
    detail = client.get(reverse("agendas:sectorkamer_detail", args=[tgo.code]))
    assert reverse("agendas:topic_create", args=[tgo.code]).encode() not in detail.content


def test_a_topic_is_seen_only_by_the_sectorkamer_the_board_and_its_submitters(
    client, school_rep, colleague, secretary, member, board, outsider, make_user, zws, tgo
):
    topic = submit(school_rep, tgo, attachment=pdf())
    other_secretary = make_user(Role.SECTORKAMER_SECRETARY, sectorkamer=zws)
    urls = [
        reverse(name, args=[topic.pk])
        for name in ("agendas:topic_detail", "agendas:topic_attachment")
    ]
    for user in (school_rep, colleague, secretary, member, board):
        client.force_login(user)
        assert [client.get(url).status_code for url in urls] == [200, 200], user
    for user in (outsider, other_secretary):
        client.force_login(user)
        assert [client.get(url).status_code for url in urls] == [404, 404], user
        listing = client.get(reverse("agendas:topic_list", args=[tgo.code]))
        assert topic.title.encode() not in listing.content


def test_the_secretary_decides_from_the_topic_page(client, school_rep, secretary, tgo, agenda_2027):
    topic = submit(school_rep, tgo)
    client.force_login(secretary)
    page = client.get(reverse("agendas:topic_detail", args=[topic.pk]))
    offered = [t.name for t, _ in page.context["transition_forms"]]
    assert offered == ["consider", "take_up", "combine", "decline"]  # never withdraw
    step = reverse("agendas:topic_transition", args=[topic.pk, "decline"])
    refused = client.post(step, {"comment": "", "confirmed": "on"})
    assert refused.status_code == 400
    step = reverse("agendas:topic_transition", args=[topic.pk, "take_up"])
    assert client.post(step, {"priority": ""}).status_code == 302
    topic.refresh_from_db()
    assert topic.state == TopicState.TAKEN_UP
    revision = client.get(reverse("agendas:revision_detail", args=[agenda_2027.pk]))
    assert topic.title in revision.content.decode()
    assert revision.context["priorities"][0].topic_list == [topic]


def test_the_submitter_may_only_withdraw(client, school_rep, colleague, tgo):
    topic = submit(school_rep, tgo)
    client.force_login(colleague)
    page = client.get(reverse("agendas:topic_detail", args=[topic.pk]))
    assert page.context["transition_forms"] == []
    step = reverse("agendas:topic_transition", args=[topic.pk, "withdraw"])
    assert client.post(step, {"confirmed": "on"}).status_code == 403
    client.force_login(school_rep)
    page = client.get(reverse("agendas:topic_detail", args=[topic.pk]))
    assert [t.name for t, _ in page.context["transition_forms"]] == ["withdraw"]
    assert client.post(step, {"confirmed": "on"}).status_code == 302


def test_the_diff_shows_the_topics_of_each_priority(
    school_rep, secretary, board, tgo, agenda, client
):
    from agendas.models import Agenda  # noqa: F401 - the 2026-2029 agenda fixture

    y2027 = services.start_revision(actor=secretary, agenda=agenda, year=YEAR)
    topic = services.take_up_topic(actor=secretary, topic=submit(school_rep, tgo))
    services.submit_revision(actor=secretary, revision=y2027, confirm_open_signals=True)
    services.adopt_revision(
        actor=secretary, revision=y2027, meeting_date=datetime.date(2026, 12, 1),
        education_side_agreed=True, business_side_agreed=True,
    )  # fmt: skip
    services.ratify_revision(actor=board, revision=y2027)
    y2028 = services.start_revision(actor=secretary, agenda=agenda, year=2028)
    client.force_login(secretary)
    diff = client.get(reverse("agendas:revision_diff", args=[y2028.pk]) + f"?with={y2027.pk}")
    assert [d.topic_list for d in diff.context["diff"]] == [[topic]]
    later = client.get(reverse("agendas:revision_detail", args=[y2028.pk]))
    assert later.context["priorities"][0].topic_list == [topic]  # kept across revisions


# -- API -----------------------------------------------------------------------------------------


def test_the_api_submits_with_an_attachment_and_decides(
    api, school_rep, secretary, tgo, agenda_2027
):
    api.force_authenticate(school_rep)
    created = api.post("/api/v1/agenda-topics/", {
        "sectorkamer": tgo.code, "year": YEAR, "title": "Praktijk", "explanation": "Uitleg",
        "attachment": pdf(),
    }, format="multipart")  # fmt: skip
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["state"] == "submitted" and body["attachment"]["size"] == 17
    assert body["allowed_transitions"] == ["withdraw"]
    api.force_authenticate(secretary)
    url = f"/api/v1/agenda-topics/{body['id']}/"
    assert api.post(url + "decline/", {"comment": ""}, format="json").status_code == 400
    taken = api.post(url + "take-up/", {}, format="json")
    assert taken.status_code == 200 and taken.json()["state"] == "taken_up"
    assert api.post(url + "combine/", {"with_topic": body["id"]}, format="json").status_code == 409


def test_the_api_refuses_bad_input_per_field(api, school_rep, tgo, outsider):
    api.force_authenticate(school_rep)
    bad = api.post("/api/v1/agenda-topics/", {
        "sectorkamer": "99", "year": YEAR, "title": "", "explanation": "Uitleg",
    }, format="json")  # fmt: skip
    assert bad.status_code == 400 and {"sectorkamer", "title"} <= bad.json()["errors"].keys()
    closed = api.post("/api/v1/agenda-topics/", {
        "sectorkamer": tgo.code, "year": 2026, "title": "T", "explanation": "U",
    }, format="json")  # fmt: skip
    assert closed.status_code == 400 and "year" in closed.json()["errors"]
    api.force_authenticate(outsider)
    refused = api.post("/api/v1/agenda-topics/", {
        "sectorkamer": tgo.code, "year": YEAR, "title": "T", "explanation": "U",
    }, format="json")  # fmt: skip
    assert refused.status_code == 403
    topic = submit(school_rep, tgo)
    assert api.get(f"/api/v1/agenda-topics/{topic.pk}/").status_code == 404
    assert api.get("/api/v1/agenda-topics/").json()["count"] == 0
    api.force_authenticate(school_rep)
    assert (
        api.post(f"/api/v1/agenda-topics/{topic.pk}/consider/", {}, format="json").status_code
        == 403
    )


def test_the_topic_list_costs_the_same_for_one_or_many(
    client, school_rep, secretary, tgo, django_assert_max_num_queries, qualification
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(secretary)
    url = reverse("agendas:topic_list", args=[tgo.code])
    submit(school_rep, tgo, qualifications=[qualification])
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for n in range(6):
        submit(school_rep, tgo, title=f"Onderwerp {n}", qualifications=[qualification])
    with CaptureQueriesContext(connection) as seven:
        assert len(client.get(url).context["page"]) == 7
    assert len(seven) == len(one)


# -- reminders and attention -----------------------------------------------------------------


def test_undecided_topics_are_due_at_the_meeting_for_the_secretary(school_rep, secretary, tgo):
    from agendas.deadlines import undecided_topic_deadlines
    from notifications import services as notification_services
    from notifications.registry import People

    notification_services.ensure_defaults(YEAR)
    meeting = CycleMilestone.objects.get(year=YEAR, kind="meeting").starts_on
    first, second = submit(school_rep, tgo), submit(school_rep, tgo, title="Tweede")
    services.decline_topic(actor=secretary, topic=first, comment="Nee")
    start, end = datetime.date(2026, 12, 1), datetime.date(2027, 3, 1)
    people = People(datetime.date(2026, 12, 4))
    found = list(undecided_topic_deadlines(start, end, people))
    assert [(d.kind, d.due, d.who["secretary"]) for d in found] == [
        ("agenda_topics", meeting, {secretary.pk})
    ]
    assert "1 " in found[0].title
    services.consider_topic(actor=secretary, topic=second)
    assert len(list(undecided_topic_deadlines(start, end, people))) == 1  # still undecided
    services.decline_topic(actor=secretary, topic=second, comment="Nee")
    assert list(undecided_topic_deadlines(start, end, people)) == []


def test_the_reminder_policy_has_the_topic_reminders():
    from notifications.models import ReminderOffset

    offsets = ReminderOffset.objects.filter(kind="agenda_topics").order_by("-days")
    assert [(o.days, o.after, o.recipients) for o in offsets] == [
        (14, False, "secretary"), (7, False, "secretary"), (1, False, "secretary"),
    ]  # fmt: skip


def test_the_secretary_sees_the_topics_to_decide(
    school_rep, secretary, member, tgo, django_assert_num_queries
):
    from agendas.attention import topics_to_decide
    from regions.selectors import active_roles

    today = datetime.date(2026, 12, 4)
    roles = active_roles(secretary)
    with django_assert_num_queries(1):
        assert list(topics_to_decide(secretary, roles, today)) == []
    for n in range(3):
        submit(school_rep, tgo, title=f"Onderwerp {n}")
    submit(school_rep, tgo, title="Later", year=2028)
    with django_assert_num_queries(2):
        items = list(topics_to_decide(secretary, roles, today))
    assert [(i.kind, i.source) for i in items] == [
        ("agenda_topics", f"topics:{tgo.code}:2027"), ("agenda_topics", f"topics:{tgo.code}:2028"),
    ]  # fmt: skip
    assert items[0].url.endswith("?year=2027")
    member_roles = active_roles(member)
    with django_assert_num_queries(0):
        assert list(topics_to_decide(member, member_roles, today)) == []
