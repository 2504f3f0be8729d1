import datetime

import pytest
from django.urls import reverse

from arbitration import services
from arbitration.models import ArbitrationAgreement, Dossier
from regions.models import Role, RoleAssignment

from .conftest import pdf

pytestmark = pytest.mark.django_db


def detail(dossier):
    return reverse("arbitration:dossier_detail", args=[dossier.pk])


def test_docket_and_dossier_pages_have_constant_query_counts(
    client,
    clerk,
    school_rep,
    school,
    branch,
    active,
    covered,
    arbiters,
    django_assert_max_num_queries,
    django_assert_num_queries,
):
    def make(n):
        made = []
        for i in range(n):
            d = services.create_dossier(
                actor=school_rep,
                claimants=[school],
                respondents=[branch],
                kind="content",
                claim=f"C{i}",
                agreements=[active],
            )
            services.file_dossier(actor=school_rep, dossier=d)
            services.upload_document(
                actor=school_rep, dossier=d, title=f"D{i}", visibility="all", uploaded_file=pdf()
            )
            made.append(d)
        return made

    first = make(1)[0]
    services.admit_dossier(actor=clerk, dossier=Dossier.objects.get(pk=first.pk), comment="Ok")
    client.force_login(clerk)
    urls = [reverse("arbitration:home"), detail(first), reverse("arbitration:agreements")]
    counts = {}
    for url in urls:
        with django_assert_max_num_queries(40) as context:
            assert client.get(url).status_code == 200
        counts[url] = len(context.captured_queries)
    make(5)
    for url in urls:
        with django_assert_num_queries(counts[url]):
            client.get(url)
    # the docket stays within the 12-query budget; the dossier page also checks the
    # independence of every arbiter when a panel is to be proposed
    assert counts[reverse("arbitration:home")] <= 12


def test_a_clerk_on_dossiers_in_person_keeps_the_docket_within_budget(
    client, clerk, school_rep, school, branch, active, covered, django_assert_num_queries
):
    """The secretariat's page, its finished dossiers and the ones the clerk is on in person
    (here: for the school they also represent) share one set of prefetches, and the queue's
    page is counted in the query that fetches it."""
    RoleAssignment.objects.create(
        user=clerk, role=Role.ORGANISATION_REPRESENTATIVE, organisation=school,
        valid_from=datetime.date(2020, 1, 1),
    )  # fmt: skip

    def filed(claim):
        d = services.create_dossier(
            actor=school_rep, claimants=[school], respondents=[branch], kind="content",
            claim=claim, agreements=[active],
        )  # fmt: skip
        return services.file_dossier(actor=school_rep, dossier=d)

    def make(n):  # n running and n withdrawn dossiers, all for the clerk's school
        for i in range(n):
            filed(f"C{i}")
            services.withdraw_dossier(actor=school_rep, dossier=filed(f"W{i}"), comment="Weg")

    make(1)
    client.force_login(clerk)
    home = reverse("arbitration:home")
    page = client.get(home).content.decode()
    assert 'data-testid="queue"' in page
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as first:
        client.get(home)
    assert len(first.captured_queries) <= 12
    make(4)
    with django_assert_num_queries(len(first.captured_queries)):
        response = client.get(home)
    own = response.context["own"]
    assert len(own) == 10 and len(response.context["queue"]) == 5
    assert len(response.context["finished"]) == 5
    assert response.context["page"].paginator.count == 5


def test_panel_notes_stay_with_the_panel(client, proposed_panel, arbiters, school_rep, branch_rep):
    arbiter = arbiters[0].user
    services.update_panel_notes(actor=arbiter, dossier=proposed_panel, notes="Zwak verweer?")
    client.force_login(arbiter)
    assert "Zwak verweer?" in client.get(detail(proposed_panel)).content.decode()
    for party in (school_rep, branch_rep):
        client.force_login(party)
        page = client.get(detail(proposed_panel)).content.decode()
        assert "Zwak verweer?" not in page and 'data-testid="panel-notes"' not in page
        with pytest.raises(Exception):  # noqa: B017 - PermissionDenied
            services.update_panel_notes(actor=party, dossier=proposed_panel, notes="x")


def test_the_secretariat_registers_an_arbitration_agreement(client, clerk, school, tgo, school_rep):
    url = reverse("arbitration:agreements")
    client.force_login(school_rep)
    assert client.get(url).status_code == 403
    client.force_login(clerk)
    response = client.post(
        url, {"organisation": school.pk, "signed_on": "2026-01-05", "signatory": "Bestuurder"}
    )
    assert "Een arbitrageovereenkomst dekt een sectorkamer of genoemde afspraken." in (
        response.content.decode()
    )
    response = client.post(
        url,
        {
            "organisation": school.pk,
            "signed_on": "2026-01-05",
            "signatory": "Bestuurder",
            "sectorkamer": tgo.pk,
            "document": pdf("overeenkomst.pdf"),
        },
    )
    assert response.status_code == 302
    record = ArbitrationAgreement.objects.get()
    assert record.document.name and record.signed_on == datetime.date(2026, 1, 5)


def test_a_party_files_a_claim_on_the_portal(client, school_rep, school, branch, active):
    client.force_login(school_rep)
    url = reverse("arbitration:dossier_create")
    response = client.post(
        url, {"claimant": school.pk, "respondents": [school.pk], "kind": "content", "claim": "X"}
    )
    assert "tegelijk eiser en wederpartij" in response.content.decode()
    response = client.post(
        url,
        {
            "claimant": school.pk,
            "respondents": [branch.pk],
            "kind": "content",
            "claim": "X",
            "agreements": [active.pk],
        },
    )
    dossier = Dossier.objects.get()
    assert response.url == detail(dossier)
    client.post(
        reverse("arbitration:dossier_transition", args=[dossier.pk, "file"]), {"comment": ""}
    )
    assert Dossier.objects.get().state == "filed"


def test_outsider_without_a_role_has_no_arbitration(client, make_user):
    client.force_login(make_user())
    assert client.get(reverse("arbitration:home")).status_code == 403
    assert client.get(reverse("arbitration:dossier_create")).status_code == 403


def test_the_home_page_lists_running_dossiers_and_only_the_latest_finished(
    client, clerk, school_rep, school, branch, active, covered, monkeypatch
):
    from arbitration import views

    monkeypatch.setattr(views, "FINISHED_SHOWN", 2)
    made = []
    for i in range(4):
        d = services.create_dossier(
            actor=school_rep, claimants=[school], respondents=[branch], kind="content",
            claim=f"C{i}", agreements=[active],
        )  # fmt: skip
        made.append(services.file_dossier(actor=school_rep, dossier=d))
    for d in made[:3]:
        services.withdraw_dossier(actor=school_rep, dossier=Dossier.objects.get(pk=d.pk))
    client.force_login(clerk)
    page = client.get(reverse("arbitration:home")).content.decode()
    references = [Dossier.objects.get(pk=d.pk).reference for d in made]
    assert references[3] in page  # still running
    assert references[2] in page and references[1] in page  # the two latest finished
    assert references[0] not in page
    api = client.get("/api/v1/arbitration/dossiers/").json()
    assert api["count"] == 4  # the API pages through every one


def test_the_secretariat_works_from_a_queue_of_next_steps(
    client, clerk, school_rep, school, branch, active, covered
):
    client.force_login(clerk)
    empty = client.get(reverse("arbitration:home")).content.decode()
    assert 'data-testid="queue-empty"' in empty and 'data-testid="no-statistics"' in empty
    dossiers = []
    for i in range(2):
        d = services.create_dossier(
            actor=school_rep, claimants=[school], respondents=[branch], kind="content",
            claim=f"C{i}", agreements=[active],
        )  # fmt: skip
        dossiers.append(services.file_dossier(actor=school_rep, dossier=d))
    admitted = services.admit_dossier(actor=clerk, dossier=dossiers[1], comment="Ok")
    deadline = dossiers[0].deadlines.get(kind="admissibility")
    deadline.due = datetime.date(2020, 1, 1)  # long past: overdue, and first in the queue
    deadline.save()
    page = client.get(reverse("arbitration:home")).content.decode()
    queue = page[page.index('data-testid="queue"') : page.index("</table>", page.index("queue"))]
    assert queue.index(dossiers[0].reference) < queue.index(admitted.reference)
    assert "Beslissen over de ontvankelijkheid (secretariaat)" in queue
    assert "Panel voorstellen (secretariaat)" in queue
    assert "te laat" in queue or "verlopen" in queue
    assert 'data-testid="queue-empty"' not in page


def test_the_docket_pages_through_the_running_dossiers_in_deadline_order(
    client, clerk, school_rep, school, branch, active, covered, monkeypatch
):
    from arbitration import selectors

    monkeypatch.setattr(selectors, "DOCKET_PAGE", 2)
    filed = []
    for i, due in enumerate([datetime.date(2031, 1, 3), datetime.date(2031, 1, 1), None]):
        d = services.create_dossier(
            actor=school_rep, claimants=[school], respondents=[branch], kind="content",
            claim=f"C{i}", agreements=[active],
        )  # fmt: skip
        d = services.file_dossier(actor=school_rep, dossier=d)
        if due is None:
            d.deadlines.update(met_at=datetime.datetime(2030, 1, 1, tzinfo=datetime.UTC))
        else:
            d.deadlines.update(due=due)
        filed.append(d.reference)
    client.force_login(clerk)

    def queue(page):
        html = client.get(reverse("arbitration:home"), {"page": page}).content.decode()
        rows = html[html.index('data-testid="queue"') : html.index("</table>", html.index("queue"))]
        return html, sorted((ref for ref in filed if ref in rows), key=rows.index)

    first, on_first = queue(1)
    assert on_first == [filed[1], filed[0]]  # nearest deadline first, two per page
    assert "3 lopende dossiers" in first and "Pagina 1 van 2" in first
    last, on_last = queue(2)
    assert on_last == [filed[2]]  # no open deadline: last
    assert queue("99")[1] == on_last and queue("x")[1] == on_first  # out of range, not a number


def test_an_arbiter_without_seats_is_told_what_will_appear(client, arbiters):
    client.force_login(arbiters[0].user)
    page = client.get(reverse("arbitration:home")).content.decode()
    assert 'data-testid="no-seats"' in page and "onafhankelijkheidsverklaring" in page
