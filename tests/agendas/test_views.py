import datetime

import pytest
import time_machine
from django.urls import reverse

from agendas import services
from agendas.models import Agenda, AgendaRevision, Priority, RevisionState
from atlas.models import Qualification

from .conftest import PRIORITY

pytestmark = pytest.mark.django_db


def detail(revision):
    return reverse("agendas:revision_detail", args=[revision.pk])


def transition(revision, name):
    return reverse("agendas:revision_transition", args=[revision.pk, name])


def test_revision_page_query_count_does_not_grow(client, board, draft, secretary,
                                                 django_assert_num_queries):  # fmt: skip
    # (a privileged role: + its second factor's device, checked by django-otp per request)
    services.add_priority(actor=secretary, revision=draft, **PRIORITY)
    client.force_login(board)
    # user, roles, revision, priorities, qualifications, regions, agreements,
    # transition log, revision history, priority history; the atlas's top signals and the
    # responses to them; the agenda topics taken up as its priorities
    with django_assert_num_queries(15):
        assert client.get(detail(draft)).status_code == 200
    for i in range(8):
        priority = services.add_priority(actor=secretary, revision=draft,
                                         **{**PRIORITY, "title": f"P{i}"})  # fmt: skip
        services.update_priority(actor=secretary, priority=priority, title=f"Q{i}")
    with django_assert_num_queries(15):
        page = client.get(detail(draft)).content.decode()
    assert page.count('class="card"') >= 9 and "Q7" in page


@pytest.mark.parametrize(
    "who, expected",
    [("secretary", ["submit"]), ("member", []), ("board", []), ("staff", [])],
)
def test_only_the_transitions_the_user_may_press_are_shown(client, with_priority, who, expected,
                                                         request, make_user):  # fmt: skip
    user = make_user(is_staff=True) if who == "staff" else request.getfixturevalue(who)
    client.force_login(user)
    page = client.get(detail(with_priority)).content.decode()
    for name in ("submit", "adopt", "ratify", "return"):
        assert (f'data-transition="{name}"' in page) is (name in expected)


def test_the_board_sees_ratify_and_return_on_an_adopted_revision(client, adopted, board):
    client.force_login(board)
    page = client.get(detail(adopted)).content.decode()
    assert 'data-transition="ratify"' in page and 'data-transition="return"' in page
    assert "Bekrachtigen" in page and "Reden van terugsturen" in page


@time_machine.travel(datetime.datetime(2026, 1, 20, 12, tzinfo=datetime.UTC))
def test_the_secretary_walks_the_revision_through_the_pages(
    client, with_priority, secretary, board
):
    client.force_login(secretary)
    assert client.post(transition(with_priority, "submit"), {"comment": ""}).status_code == 302
    response = client.post(
        transition(with_priority, "adopt"),
        {"meeting_date": "2026-01-15", "education_side_agreed": "on", "business_side_agreed": "on"},
    )
    assert response.status_code == 302
    client.force_login(board)
    client.post(transition(with_priority, "ratify"), {"comment": "Akkoord", "confirmed": "on"})
    assert AgendaRevision.objects.get().state == RevisionState.RATIFIED
    page = client.get(detail(with_priority)).content.decode()
    assert "alleen-lezen" in page and "op tijd bekrachtigd" in page
    assert "Akkoord" in page  # the comment is in the timeline


def test_adoption_without_both_sides_shows_field_errors(client, submitted, secretary):
    client.force_login(secretary)
    response = client.post(
        transition(submitted, "adopt"),
        {"meeting_date": "2026-01-15", "education_side_agreed": "on"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Voor vaststelling is instemming van de bedrijfslevenzijde nodig." in page
    assert 'id="id_adopt_business_side_agreed_error"' in page
    assert AgendaRevision.objects.get().state == RevisionState.SUBMITTED


def test_a_return_without_reason_shows_a_field_error(client, adopted, board):
    client.force_login(board)
    response = client.post(transition(adopted, "return"), {"comment": "", "confirmed": "on"})
    assert response.status_code == 400
    assert 'id="id_return_comment_error"' in response.content.decode()
    assert AgendaRevision.objects.get().state == RevisionState.ADOPTED


def test_a_transition_the_user_may_not_do_is_403(client, adopted, member, secretary):
    for user in (member, secretary):
        client.force_login(user)
        assert client.post(transition(adopted, "ratify"), {"comment": ""}).status_code == 403
    assert AgendaRevision.objects.get().state == RevisionState.ADOPTED


def test_a_ratified_revision_refuses_changes_with_a_clear_message(client, ratified, secretary):
    client.force_login(secretary)
    page = client.get(detail(ratified)).content.decode()
    assert reverse("agendas:priority_create", args=[ratified.pk]) not in page
    url = reverse("agendas:priority_create", args=[ratified.pk])
    data = {"kind": "challenge", "title": "Nieuw", "levels": ["sectoral"]}
    response = client.post(url, data, HTTP_REFERER=f"http://testserver{detail(ratified)}")
    assert response.status_code == 302 and response.url.endswith(detail(ratified))
    messages = [str(m) for m in response.wsgi_request._messages]
    assert messages == [
        "Een bekrachtigde revisie is alleen-lezen en kan niet meer worden gewijzigd."
    ]
    page = client.post(url, data)
    assert page.status_code == 409 and "alleen-lezen" in page.content.decode()
    priority = ratified.priorities.get()
    assert client.post(reverse("agendas:priority_delete", args=[priority.pk])).status_code == 409
    assert Priority.objects.count() == 1


def test_drafts_are_404_for_outsiders(client, draft, ratified_other_year, outsider):
    client.force_login(outsider)
    assert client.get(detail(draft)).status_code == 404
    assert client.get(reverse("agendas:revision_print", args=[draft.pk])).status_code == 404
    assert client.get(detail(ratified_other_year)).status_code == 200


@pytest.fixture
def ratified_other_year(tgo, secretary, board):
    agenda = Agenda.objects.create(sectorkamer=tgo, title="Oud", first_year=2022, last_year=2025)
    revision = services.start_revision(actor=secretary, agenda=agenda, year=2025)
    services.add_priority(actor=secretary, revision=revision, **PRIORITY)
    services.submit_revision(actor=secretary, revision=revision)
    services.adopt_revision(actor=secretary, revision=revision,
                            meeting_date=datetime.date(2025, 1, 10), education_side_agreed=True,
                            business_side_agreed=True)  # fmt: skip
    return services.ratify_revision(actor=board, revision=revision)


def test_priority_form_needs_a_level_and_shows_it_in_dutch(client, draft, secretary):
    client.force_login(secretary)
    url = reverse("agendas:priority_create", args=[draft.pk])
    response = client.post(url, {"kind": "challenge", "title": "Zonder niveau"})
    assert response.status_code == 200
    assert "Kies ten minste één niveau" in response.content.decode()
    assert not Priority.objects.exists()
    response = client.post(
        url, {"kind": "opportunity", "title": "Met niveau", "levels": ["national"]}
    )
    assert response.status_code == 302
    assert Priority.objects.get().national is True


def test_ratification_queue(client, adopted, board, member, django_assert_num_queries):
    # (a privileged role: + its second factor's device, checked by django-otp per request)
    client.force_login(board)
    # user, roles, revisions, the atlas's top signals and the responses to them
    with django_assert_num_queries(7):
        page = client.get(reverse("agendas:ratification_queue")).content.decode()
    assert detail(adopted) in page
    client.force_login(member)
    assert client.get(reverse("agendas:ratification_queue")).status_code == 403
    assert reverse("agendas:ratification_queue") not in client.get("/").content.decode()


def test_print_view_and_diff(client, ratified, secretary):
    nxt = services.start_revision(actor=secretary, agenda=ratified.agenda, year=2027)
    services.add_priority(actor=secretary, revision=nxt, **{**PRIORITY, "title": "LLO-aanbod"})
    client.force_login(secretary)
    printed = client.get(reverse("agendas:revision_print", args=[nxt.pk])).content.decode()
    assert "Voor de vergadering van het SBB-bestuur" in printed and "LLO-aanbod" in printed
    diff = client.get(reverse("agendas:revision_diff", args=[nxt.pk])).content.decode()
    assert "Wijzigingen van 2026 naar 2027" in diff and "toegevoegd" in diff


def test_start_a_revision_on_the_agenda_page(client, ratified, secretary, member):
    url = reverse("agendas:agenda_detail", args=[ratified.agenda_id])
    client.force_login(member)
    assert "Revisie starten" not in client.get(url).content.decode()
    assert client.post(url, {"year": 2027}).status_code == 403
    client.force_login(secretary)
    response = client.post(url, {"year": 2026})
    assert "Deze agenda heeft al een revisie voor dit jaar." in response.content.decode()
    response = client.post(url, {"year": 2027})
    assert response.status_code == 302
    assert AgendaRevision.objects.get(year=2027).priorities.count() == 1


def test_agenda_form_rejects_years_out_of_order(client, secretary, tgo):
    client.force_login(secretary)
    url = reverse("agendas:agenda_create", args=["01"])
    response = client.post(url, {"title": "TGO", "first_year": 2029, "last_year": 2026})
    assert "Het laatste jaar kan niet voor het eerste jaar liggen." in response.content.decode()
    assert not Agenda.objects.exists()
    assert client.get(reverse("agendas:agenda_create", args=["03"])).status_code == 403


def test_qualification_list(client, board, tgo, django_assert_num_queries):
    # (a privileged role: + its second factor's device, checked by django-otp per request)
    Qualification.objects.create(crebo="25304", name="Eerste monteur", level=3, sectorkamer=tgo)
    client.force_login(board)
    url = reverse("agendas:qualification_list")
    with django_assert_num_queries(6):  # user, roles, count, page
        page = client.get(url, {"level": 3}).content.decode()
    assert "25304" in page
    assert "25304" not in client.get(url, {"level": 4}).content.decode()


def test_board_overview_shows_each_sectorkamers_status(client, board, adopted):
    client.force_login(board)
    with time_machine.travel(datetime.datetime(2026, 1, 20, 12, tzinfo=datetime.UTC)):
        page = client.get(reverse("agendas:sectorkamer_list")).content.decode()
    assert "cyclusjaar 2026" in page and "vastgesteld" in page and "nog 11 dagen" in page


def test_agenda_diff_and_print_pages_have_constant_query_counts(
    client, ratified, secretary, django_assert_num_queries
):
    nxt = services.start_revision(actor=secretary, agenda=ratified.agenda, year=2027)
    client.force_login(secretary)
    pages = {
        reverse("agendas:agenda_detail", args=[ratified.agenda_id]): 5,
        reverse("agendas:revision_diff", args=[nxt.pk]): 12,  # + the topics per lineage
        reverse("agendas:revision_print", args=[nxt.pk]): 7,
    }
    for url, count in pages.items():
        with django_assert_num_queries(count):
            assert client.get(url).status_code == 200
    for i in range(6):
        services.add_priority(actor=secretary, revision=nxt, **{**PRIORITY, "title": f"P{i}"})
    services.start_revision(actor=secretary, agenda=ratified.agenda, year=2028)
    for url, count in pages.items():
        with django_assert_num_queries(count):
            assert client.get(url).status_code == 200
