import datetime
import io
import re
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse
from openpyxl import load_workbook

from agreements import services
from agreements.models import Agreement, NoticeConflict, ProgressReport, StartStopNotice
from core.timeutils import local_today
from regions.models import Arbeidsmarktregio, Role, User
from tests.fixtures_agreements import SMART

pytestmark = pytest.mark.django_db


def detail(agreement):
    return reverse("agreements:detail", args=[agreement.pk])


def test_board_query_count_does_not_grow(
    client, secretary, active, priority, school, django_assert_num_queries
):
    client.force_login(secretary)
    url = reverse("agreements:board")
    # user, roles, count, page, parties, filter selects (sectorkamer, region,
    # regional table; owner and party are typed by name: no list of every organisation)
    with django_assert_num_queries(9):
        assert client.get(url).status_code == 200
    for i in range(12):
        services.create_agreement(
            actor=secretary, priority=priority, owner=school, **{**SMART, "title": f"A{i}"}
        )
    with django_assert_num_queries(9):
        page = client.get(url).content.decode()
    assert page.count('href="/afspraken/') >= 13


def test_filtering_on_several_states_lists_each_agreement_once_without_distinct(
    client, secretary, active, priority, school
):
    """A state is a column of the agreement: filtering on several needs no DISTINCT (which
    made PostgreSQL sort every matching row on all its columns before cutting a page)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    draft = services.create_agreement(
        actor=secretary, priority=priority, owner=school, **{**SMART, "title": "Nog een"}
    )
    client.force_login(secretary)
    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("agreements:board"), {"state": ["active", "draft"]})
    html = page.content.decode()
    assert html.count(f'href="{detail(active)}"') == 1
    assert html.count(f'href="{detail(draft)}"') == 1
    listing = [q["sql"] for q in queries if 'FROM "agreements_agreement"' in q["sql"]]
    assert listing and not any("DISTINCT" in sql for sql in listing)


def test_board_puts_overdue_and_at_risk_first(
    client, secretary, active, priority, school, school_rep
):
    late = services.create_agreement(
        actor=secretary,
        priority=priority,
        owner=school,
        **{**SMART, "title": "Te laat", "deadline": datetime.date(2026, 3, 1)},
    )
    services.report_progress(
        actor=school_rep,
        agreement=active,
        period_start=datetime.date(2026, 2, 1),
        period_end=datetime.date(2026, 3, 31),
        value=101,
        status="at_risk",
    )
    client.force_login(secretary)
    with time_machine.travel(datetime.datetime(2026, 6, 1, 12, tzinfo=datetime.UTC)):
        page = client.get(reverse("agreements:board")).content.decode()
    assert page.index(late.title) < page.index(active.title)
    assert "verlopen" in page and "risico" in page


def test_board_filters_on_the_page(client, secretary, active, draft_two, branch):
    client.force_login(secretary)
    url = reverse("agreements:board")
    assert "Zeeuwse stages" not in client.get(url, {"party": branch.pk}).content.decode()
    assert "Zeeuwse stages" in client.get(url, {"state": "draft"}).content.decode()
    assert active.title not in client.get(url, {"state": "draft"}).content.decode()


@pytest.fixture
def draft_two(secretary, priority, school):
    return services.create_agreement(
        actor=secretary, priority=priority, owner=school, **{**SMART, "title": "Zeeuwse stages"}
    )


def test_exports_follow_the_filters(client, secretary, active, draft_two, school_rep):
    services.report_progress(
        actor=school_rep,
        agreement=active,
        period_start=datetime.date(2026, 2, 1),
        period_end=datetime.date(2026, 4, 30),
        value=150,
        status="on_track",
    )
    client.force_login(secretary)
    response = client.get(reverse("agreements:export", args=["xlsx"]), {"state": "active"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:5] == ("id", "titel", "categorie", "niveau", "status")
    assert len(rows) == 2
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["titel"] == SMART["title"] and row["status"] == "actief"
    assert row["voortgang %"] == 50 and row["eigenaar"] == "Albeda College"
    assert "Techniek Nederland" in row["partijen"]
    csv_response = client.get(reverse("agreements:export", args=["csv"]))
    text = csv_response.content.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("id;titel;categorie")
    assert len(text.strip().splitlines()) == 3 and "Zeeuwse stages" in text
    assert client.get(reverse("agreements:export", args=["pdf"])).status_code == 404


# user, agreement, parties, milestones, offer rules (+ their qualifications and
# regions when there are rules), commitments, reports, the tables' inputs, roles, unread count
DETAIL_QUERIES = 10
# user, agreement, state log, agreement and party history, roles, unread count
HISTORY_QUERIES = 7


def test_detail_page(client, secretary, active, school_rep, django_assert_num_queries):
    services.report_progress(
        actor=school_rep,
        agreement=active,
        period_start=datetime.date(2026, 2, 1),
        period_end=datetime.date(2026, 4, 30),
        value=150,
        status="on_track",
    )
    client.force_login(school_rep)
    with django_assert_num_queries(DETAIL_QUERIES):
        page = client.get(detail(active)).content.decode()
    assert 'data-testid="chart"' in page and "50,0%" in page
    assert 'value="50.0"' in page  # machine-readable numbers are not localised
    assert re.search(r'<circle cx="[0-9.]+" cy="[0-9.]+"', page)
    assert 'data-testid="progress-form"' in page
    for i in range(4):
        services.report_progress(
            actor=school_rep,
            agreement=active,
            period_start=datetime.date(2026, 5, 1),
            period_end=datetime.date(2026, 7, 31),
            value=160 + i,
            status="on_track",
        )
    with django_assert_num_queries(DETAIL_QUERIES):
        client.get(detail(active))


def test_the_history_has_its_own_page(client, school_rep, active, django_assert_num_queries):
    client.force_login(school_rep)
    detail_page = client.get(detail(active)).content.decode()
    url = reverse("agreements:history", args=[active.pk])
    assert url in detail_page
    with django_assert_num_queries(HISTORY_QUERIES):
        page = client.get(url).content.decode()
    assert 'data-testid="timeline"' in page
    assert "actief" in page.lower()  # the transition to active, with who and when
    client.logout()
    assert client.get(url).status_code == 302  # to the login


def test_smart_panel_guides_the_draft(client, secretary, draft):
    client.force_login(secretary)
    page = client.get(detail(draft)).content.decode()
    assert 'data-letter="A" ' not in page
    assert "Noem ten minste één verantwoordelijke partij." in page
    response = client.post(
        reverse("agreements:transition", args=[draft.pk, "propose"]), {"comment": ""}, follow=True
    )
    assert "A (Acceptabel)" in response.content.decode()
    assert Agreement.objects.get().state == "draft"


def test_parties_accept_on_the_page(client, proposed, school_rep, branch_rep, union_rep):
    client.force_login(school_rep)
    page = client.get(detail(proposed)).content.decode()
    assert 'data-decision="accept"' in page
    accept = reverse("agreements:transition", args=[proposed.pk, "accept"])
    first = client.post(accept, {"comment": ""}, follow=True).content.decode()
    # The message says what the user did, not only the agreement's (unchanged) state.
    assert "U heeft de afspraak geaccepteerd; de afspraak is nu &#x27;voorgelegd&#x27;." in first
    client.force_login(branch_rep)
    last = client.post(accept, {"comment": ""}, follow=True).content.decode()
    assert "U heeft de afspraak geaccepteerd; de afspraak is nu &#x27;actief&#x27;." in last
    assert Agreement.objects.get().state == "active"


def test_outsiders_cannot_accept_or_report(client, proposed, make_user, make_org, active):
    outsider = make_user(Role.ORGANISATION_REPRESENTATIVE, organisation=make_org("Zadkine"))
    client.force_login(outsider)
    assert 'data-decision="accept"' not in client.get(detail(active)).content.decode()
    response = client.post(
        reverse("agreements:progress_add", args=[active.pk]),
        {
            "period_start": "2026-02-01",
            "period_end": "2026-04-30",
            "value": "1",
            "status": "on_track",
        },
    )
    assert response.status_code == 403
    assert not ProgressReport.objects.exists()


def test_table_workspace_logs_a_commitment(
    client, coordinator, table, active, school, django_assert_num_queries
):
    client.force_login(coordinator)
    url = reverse("agreements:table_workspace", args=[table.pk])
    with django_assert_num_queries(7):
        page = client.get(url).content.decode()
    assert SMART["title"] in page
    create = reverse("agreements:create_for_table", args=[table.pk]) + f"?parent={active.pk}"
    form_page = client.get(create).content.decode()
    assert "BBL-leerbanen" in form_page  # the form starts from the sector agreement
    data = {k: v for k, v in SMART.items()}
    data.update(level="regional", owner=school.pk, cadence=3, weight="1", title="Twente")
    response = client.post(create, data)
    assert response.status_code == 302
    commitment = Agreement.objects.get(title="Twente")
    assert commitment.parent == active and commitment.regional_table == table


def test_table_workspace_stays_bounded(
    client, coordinator, table, active, django_assert_num_queries
):
    """However many agreements there are, the page shows one page of commitments and the
    first SECTOR_CHOICES sector agreements, in the same number of queries."""
    from agreements.views import PAGE_SIZE, SECTOR_CHOICES

    copies = []
    for i in range(SECTOR_CHOICES + 5):
        copy = Agreement.objects.get(pk=active.pk)
        copy.pk, copy.title = None, f"Sectorafspraak {i:02d}"
        copies.append(copy)
    for i in range(PAGE_SIZE + 3):
        copy = Agreement.objects.get(pk=active.pk)
        copy.pk, copy.title, copy.level = None, f"Inzet {i:02d}", "regional"
        copy.priority, copy.regional_table, copy.parent = None, table, active
        copies.append(copy)
    Agreement.objects.bulk_create(copies)
    client.force_login(coordinator)
    url = reverse("agreements:table_workspace", args=[table.pk])
    # user, table, count, commitments, their parties, roles, sector agreements,
    # the table's inputs, unread
    with django_assert_num_queries(9):
        page = client.get(url).content.decode()
    assert page.count("?parent=") == SECTOR_CHOICES
    assert page.count("Inzet ") == PAGE_SIZE and "page=2" in page
    assert "Inzet " in client.get(url + "?page=2").content.decode()


def test_a_table_member_cannot_log_commitments(client, table, make_user, active):
    client.force_login(make_user(Role.TABLE_MEMBER, regional_table=table))
    assert client.get(reverse("agreements:create_for_table", args=[table.pk])).status_code == 403


def test_school_workspace(client, school_rep, proposed, django_assert_num_queries):
    client.force_login(school_rep)
    with django_assert_num_queries(7):
        page = client.get(reverse("agreements:school")).content.decode()
    assert SMART["title"] in page
    assert 'data-testid="new-notice"' in page  # an mbo institution notifies starts and stops


def test_a_branch_organisation_is_not_offered_a_notice(client, branch_rep, proposed):
    client.force_login(branch_rep)
    page = client.get(reverse("agreements:school")).content.decode()
    assert SMART["title"] in page  # its agreements to accept are there ...
    assert 'data-testid="new-notice"' not in page  # ... a notice form it may not use is not
    assert client.get(reverse("agreements:notice_create")).status_code == 403


def test_school_workspace_is_for_representatives(client, secretary):
    client.force_login(secretary)
    assert client.get(reverse("agreements:school")).status_code == 403


@time_machine.travel(datetime.datetime(2026, 11, 23, 12, tzinfo=datetime.UTC))
def test_notice_flow_and_conflict_resolution_on_the_pages(
    client, school_rep, school, branch, secretary, priority, luchtvaart, make_user
):
    from regions.models import Sectorkamer

    agreement = services.create_agreement(
        actor=secretary, priority=priority, owner=branch, **{**SMART, "category": "programme_offer"}
    )
    services.set_parties(actor=secretary, agreement=agreement, parties=[(school, "responsible")])
    services.set_offer_rule(
        actor=secretary,
        agreement=agreement,
        kind="allowed_regions",
        qualifications=[luchtvaart],
        regions=[Arbeidsmarktregio.objects.get(code="AM18")],
    )
    services.propose_agreement(actor=secretary, agreement=agreement)
    services.accept_agreement(actor=school_rep, agreement=agreement)
    client.force_login(school_rep)
    data = {
        "institution": school.pk,
        "qualification": luchtvaart.pk,
        "action": "start",
        "leerweg": "BOL",
        "municipality": "Rotterdam",
        "region": Arbeidsmarktregio.objects.get(code="AM22").pk,
        "study_year": 2028,
    }
    response = client.post(reverse("agreements:notice_create"), data)
    notice = StartStopNotice.objects.get()
    assert response.url == reverse("agreements:notice_detail", args=[notice.pk])
    duplicate = client.post(reverse("agreements:notice_create"), data)
    assert "Er is al een melding" in duplicate.content.decode()
    client.post(reverse("agreements:notice_submit", args=[notice.pk]))
    conflict = NoticeConflict.objects.get()
    page = client.get(reverse("agreements:notice_detail", args=[notice.pk])).content.decode()
    assert "Groot Amsterdam" in page and 'data-testid="resolve-form"' not in page
    mtlm = make_user(Role.SECTORKAMER_SECRETARY, sectorkamer=Sectorkamer.objects.get(code="02"))
    client.force_login(mtlm)
    assert "Groot Amsterdam" in client.get(reverse("agreements:notice_list")).content.decode()
    response = client.post(
        reverse("agreements:conflict_resolve", args=[conflict.pk]),
        {"resolution": "escalated", "reason": ""},
    )
    assert response.url.startswith("/arbitrage/dossiers/")  # a draft dossier is prepared
    conflict.refresh_from_db()
    assert conflict.resolution == "escalated" and conflict.resolved_by == mtlm
    from arbitration.models import Dossier

    dossier = Dossier.objects.get(notice_conflict=conflict)
    assert response.url == dossier.get_absolute_url() and dossier.state == "draft"
    agreement = conflict.rule.agreement
    assert list(dossier.agreements.all()) == [agreement]
    sides = {(p.side, p.organisation_id) for p in dossier.parties.all()}
    assert sides == {("claimant", agreement.owner_id), ("respondent", notice.institution_id)}


def test_notices_are_hidden_from_others(
    client, school_rep, school, luchtvaart, make_user, make_org, reference
):
    notice = services.create_notice(
        actor=school_rep,
        institution=school,
        qualification=luchtvaart,
        action="start",
        leerweg="BBL",
        municipality="Rotterdam",
        region=Arbeidsmarktregio.objects.get(code="AM22"),
        study_year=2029,
    )
    other = make_user(
        Role.ORGANISATION_REPRESENTATIVE,
        organisation=make_org("Zadkine", "mbo_institution", "01NK"),
    )
    client.force_login(other)
    assert client.get(reverse("agreements:notice_detail", args=[notice.pk])).status_code == 404
    assert client.post(reverse("agreements:notice_submit", args=[notice.pk])).status_code == 404
    coordinator = make_user(Role.BOARD_MEMBER)
    client.force_login(coordinator)
    assert client.get(reverse("agreements:notice_detail", args=[notice.pk])).status_code == 200


def test_late_notice_message_names_the_deadline(client, school_rep, school, luchtvaart, reference):
    notice = services.create_notice(
        actor=school_rep,
        institution=school,
        qualification=luchtvaart,
        action="start",
        leerweg="BBL",
        municipality="Rotterdam",
        region=Arbeidsmarktregio.objects.get(code="AM22"),
        study_year=2026,
    )
    client.force_login(school_rep)
    response = client.post(reverse("agreements:notice_submit", args=[notice.pk]), follow=True)
    assert "2026-01-31" in response.content.decode()
    assert StartStopNotice.objects.get().state == "draft"


def test_revision_page_shows_agreements_and_their_rollup(client, secretary, active, school_rep):
    services.report_progress(
        actor=school_rep, agreement=active, period_start=datetime.date(2026, 2, 1),
        period_end=datetime.date(2026, 4, 30), value=175, status="on_track",
    )  # fmt: skip
    client.force_login(secretary)
    revision = active.priority.revision
    page = client.get(reverse("agendas:revision_detail", args=[revision.pk])).content.decode()
    assert SMART["title"] in page and "75,0%" in page
    assert 'data-testid="more-agreements"' not in page


def test_revision_page_lists_a_few_agreements_per_priority_and_counts_them_all(
    client, secretary, active, school_rep, django_assert_num_queries
):
    from agreements.selectors import AGREEMENTS_SHOWN

    services.report_progress(
        actor=school_rep, agreement=active, period_start=datetime.date(2026, 2, 1),
        period_end=datetime.date(2026, 4, 30), value=175, status="on_track",
    )  # fmt: skip
    url = reverse("agendas:revision_detail", args=[active.priority.revision_id])
    client.force_login(secretary)
    # the revision page's queries, with the atlas's top signals and the responses to them,
    # and whether the submit form asks to confirm open top signals, and the agenda topics
    with django_assert_num_queries(15) as before:
        client.get(url)
    copies = []
    for i in range(AGREEMENTS_SHOWN + 4):
        copy = Agreement.objects.get(pk=active.pk)
        copy.pk, copy.title = None, f"Kopie {i:02d}"
        copy.deadline = active.deadline + datetime.timedelta(days=1)  # after the original
        copy.latest_value = active.baseline_value  # 0% progress
        copy.progress = Decimal("0.0")  # as save() keeps it: bulk_create does not call save()
        copies.append(copy)
    Agreement.objects.bulk_create(copies)
    with django_assert_num_queries(len(before.captured_queries)):
        page = client.get(url).content.decode()
    assert page.count("Kopie ") == AGREEMENTS_SHOWN - 1  # the original comes first
    assert 'data-testid="more-agreements"' in page and "en nog 5 op het afsprakenbord" in page
    # the roll-up still averages all 15: (75 + 14 x 0) / 15 = 5.0
    assert re.search(r'data-testid="priority-rollup"><strong>[^<]*</strong> 5,0%', page)


def test_notice_pages_and_lists_have_constant_query_counts(
    client, school_rep, school, luchtvaart, reference, django_assert_num_queries,
    django_assert_max_num_queries,
):  # fmt: skip
    def make(n, year):
        for i in range(n):
            services.create_notice(
                actor=school_rep, institution=school, qualification=luchtvaart, action="start",
                leerweg="BBL", municipality=f"Gemeente {year}-{i}",
                region=Arbeidsmarktregio.objects.get(code="AM22"), study_year=year,
            )  # fmt: skip

    make(1, 2029)
    client.force_login(school_rep)
    urls = [reverse("agreements:notice_list"), "/api/v1/start-stop-notices/",
            "/api/v1/notice-conflicts/", "/api/v1/progress-reports/"]  # fmt: skip
    counts = {}
    for url in urls:
        with django_assert_max_num_queries(12) as context:  # no page needs more than 12
            assert client.get(url).status_code == 200
        counts[url] = len(context.captured_queries)
    make(10, 2030)
    for url in urls:
        with django_assert_num_queries(counts[url]):
            client.get(url)
    notice = StartStopNotice.objects.first()
    detail_url = reverse("agreements:notice_detail", args=[notice.pk])
    with django_assert_num_queries(5):  # user, roles, notice, conflicts
        client.get(detail_url)


def _second_conflict():
    """Albeda College's second start of Luchtvaartdienstverlener outside Groot Amsterdam."""
    from agreements.models import StartStopNotice
    from core.timeutils import cycle_year_for

    first = StartStopNotice.objects.get(qualification__crebo="25462", state="submitted")
    school = User.objects.get(username="school")
    notice = services.create_notice(
        actor=school, institution=first.institution, qualification=first.qualification,
        action="start", leerweg="BOL", municipality="Schiedam", region=first.region,
        study_year=cycle_year_for(local_today()) + 1,
    )  # fmt: skip
    services.submit_notice(actor=school, notice=notice)
    return list(NoticeConflict.objects.filter(resolution="open").order_by("pk"))


def test_the_secretary_resolves_several_conflicts_at_once(client, demo):
    conflicts = _second_conflict()
    assert len(conflicts) == 2
    client.force_login(User.objects.get(username="secretaris-mtlm"))
    page = client.get(reverse("agreements:notice_list")).content.decode()
    assert 'data-testid="bulk-resolve"' in page
    response = client.post(
        reverse("agreements:conflicts_resolve"),
        {"conflicts": [c.pk for c in conflicts], "resolution": "consistent"},
        follow=True,
    )
    assert "2 conflicten zijn afgehandeld." in response.content.decode()
    assert set(NoticeConflict.objects.values_list("resolution", flat=True)) == {"consistent"}


def test_bulk_resolution_is_all_or_nothing(client, demo):
    conflicts = _second_conflict()
    client.force_login(User.objects.get(username="secretaris-mtlm"))
    response = client.post(
        reverse("agreements:conflicts_resolve"),
        {"conflicts": [c.pk for c in conflicts], "resolution": "accepted", "reason": ""},
        follow=True,
    )
    assert "Geef de reden" in response.content.decode()
    assert set(NoticeConflict.objects.values_list("resolution", flat=True)) == {"open"}
    response = client.post(
        reverse("agreements:conflicts_resolve"),
        {"conflicts": [c.pk for c in conflicts], "resolution": "escalated"}, follow=True,
    )  # fmt: skip
    assert set(NoticeConflict.objects.values_list("resolution", flat=True)) == {"open"}


def test_only_the_qualifications_secretary_resolves_in_bulk(client, demo):
    conflicts = _second_conflict()
    for username in ("secretaris", "school", "bestuur"):
        client.force_login(User.objects.get(username=username))
        page = client.get(reverse("agreements:notice_list")).content.decode()
        assert 'data-testid="bulk-resolve"' not in page
        response = client.post(
            reverse("agreements:conflicts_resolve"),
            {"conflicts": [c.pk for c in conflicts], "resolution": "consistent"},
        )
        assert response.status_code == 403
    assert set(NoticeConflict.objects.values_list("resolution", flat=True)) == {"open"}
    assert client.get(reverse("agreements:conflicts_resolve")).status_code == 405


def test_proposing_is_shown_disabled_with_the_failing_letters(client, secretary, draft):
    client.force_login(secretary)
    draft.indicator = ""
    draft.save()
    page = client.get(reverse("agreements:detail", args=[draft.pk])).content.decode()
    form = page[page.index('data-transition="propose"') :]
    form = form[: form.index("</form>")]
    assert "disabled" in form and 'aria-describedby="blocked-propose"' in form
    assert "Nog niet mogelijk: M (Meetbaar), A (Acceptabel)." in form
    assert f'href="/afspraken/{draft.pk}/bewerken/#id_indicator"' in page
    assert 'href="#parties-heading">Aanpassen' in page


def test_a_smart_draft_can_be_proposed_from_its_button(client, secretary, with_parties):
    client.force_login(secretary)
    page = client.get(reverse("agreements:detail", args=[with_parties.pk])).content.decode()
    form = page[page.index('data-transition="propose"') :]
    assert "disabled" not in form[: form.index("</form>")]


def test_marking_a_milestone_done_answers_htmx_with_the_row(client, secretary, draft):
    milestone = services.add_milestone(
        actor=secretary, agreement=draft, title="Werving rond", due_date=datetime.date(2027, 6, 30)
    )
    client.force_login(secretary)
    page = client.get(reverse("agreements:detail", args=[draft.pk])).content.decode()
    assert f'hx-post="/afspraken/mijlpalen/{milestone.pk}/gereed/"' in page
    url = reverse("agreements:milestone_done", args=[milestone.pk])
    row = client.post(url, headers={"HX-Request": "true"})
    assert row.status_code == 200 and row.content.decode().startswith("<li")
    assert 'role="status"' in row.content.decode() and "✓" in row.content.decode()
    milestone.refresh_from_db()
    assert milestone.done_date is not None


def test_marking_a_milestone_done_without_javascript_reloads_the_page(client, secretary, draft):
    milestone = services.add_milestone(
        actor=secretary, agreement=draft, title="Werving rond", due_date=datetime.date(2027, 6, 30)
    )
    client.force_login(secretary)
    response = client.post(reverse("agreements:milestone_done", args=[milestone.pk]))
    assert response.status_code == 302
    assert response.headers["Location"] == reverse("agreements:detail", args=[draft.pk])


def test_the_sector_agreement_shows_what_its_commitments_reported(client, demo):
    """The loop from the regions back to the sectorkamer: each commitment's latest report on
    the sector agreement's page."""
    from regions.models import RegionalTable, User

    parent = Agreement.objects.get(title="Baangarantie Verzorgende-IG")
    commitment = services.create_agreement(
        actor=User.objects.get(username="coordinator"),
        regional_table=RegionalTable.objects.get(name="Rotterdamse Zorg"),
        parent=parent, owner=parent.owner, level="regional", category="job_guarantee",
        title="Baangarantie Verzorgende-IG in Rotterdam",
    )  # fmt: skip
    client.force_login(User.objects.get(username="secretaris"))
    page = client.get(detail(parent)).content.decode()
    table = page[
        page.index('data-testid="commitments"') : page.index(
            "</table>", page.index('data-testid="commitments"')
        )
    ]
    assert commitment.title in table and "Nog geen rapportage" in table
    # what a report on the commitment leaves on it (services.report_progress, tested there)
    Agreement.objects.filter(pk=commitment.pk).update(
        latest_value="7", latest_status="at_risk", latest_period_end=datetime.date(2026, 6, 30)
    )
    page = client.get(detail(parent)).content.decode()
    table = page[
        page.index('data-testid="commitments"') : page.index(
            "</table>", page.index('data-testid="commitments"')
        )
    ]
    assert "7,00" in table and "risico" in table and "30 juni 2026" in table
