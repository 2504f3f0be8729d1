"""Form errors are tied to their fields (WCAG 1.3.1, 3.3.1): aria-invalid on the input,
aria-describedby pointing at the error text, a summary linking to each field in error; and
the ids labels and ARIA point at are unique and exist."""

from collections import Counter
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from agendas.models import AgendaRevision, RevisionState
from agreements.models import Agreement
from core.timeutils import cycle_year_for, local_today
from regions.models import User

pytestmark = pytest.mark.django_db

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}  # fmt: skip


class Node:
    def __init__(self, tag, attrs, parent):
        self.tag, self.attrs, self.parent = tag, dict(attrs), parent
        self.children, self.texts = [], []

    def text(self) -> str:
        return " ".join(" ".join(self.texts + [child.text() for child in self.children]).split())

    def ancestors(self):
        node = self.parent
        while node is not None:
            yield node
            node = node.parent

    def classes(self) -> set:
        return set((self.attrs.get("class") or "").split())


class Page(HTMLParser):
    """Just enough of a DOM: elements with their attributes, text and ancestors."""

    def __init__(self, html: str):
        super().__init__()
        self.root = Node("#document", {}, None)
        self.open = [self.root]
        self.elements = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        node = Node(tag, attrs, self.open[-1])
        self.open[-1].children.append(node)
        self.elements.append(node)
        if tag not in VOID:
            self.open.append(node)

    def handle_endtag(self, tag):
        for index in range(len(self.open) - 1, 0, -1):
            if self.open[index].tag == tag:
                del self.open[index:]
                return

    def handle_data(self, data):
        self.open[-1].texts.append(data)

    def by_id(self, id_) -> Node | None:
        return next((e for e in self.elements if e.attrs.get("id") == id_), None)

    def select(self, tag=None, cls=None, **attrs) -> list:
        return [
            e
            for e in self.elements
            if (tag is None or e.tag == tag)
            and (cls is None or cls in e.classes())
            and all(e.attrs.get(k.replace("_", "-")) == v for k, v in attrs.items())
        ]


def inside(elements, container) -> list:
    return [e for e in elements if container in e.ancestors()]


def assert_ids_are_sound(page: Page) -> None:
    """Every id is unique, and every label and aria-describedby points at an existing one."""
    ids = Counter(e.attrs["id"] for e in page.elements if e.attrs.get("id"))
    assert not [i for i, n in ids.items() if n > 1], "duplicate ids"
    for label in page.select("label"):
        if "for" in label.attrs:
            assert label.attrs["for"] in ids, f"label {label.text()!r} points at nothing"
    for element in page.elements:
        for id_ in (element.attrs.get("aria-describedby") or "").split():
            assert id_ in ids, f"aria-describedby={id_} points at nothing"


def assert_errors_are_tied_to_their_fields(html: str, expected_fields: set[str]) -> Page:
    page = Page(html)
    assert_ids_are_sound(page)
    invalid = page.select(aria_invalid="true")
    assert {e.attrs["name"] for e in invalid} >= expected_fields
    for element in invalid:
        # a single input describes itself; a group of radio buttons or checkboxes is a
        # fieldset that does
        holder = element
        if "aria-describedby" not in element.attrs:
            holder = next(a for a in element.ancestors() if a.tag == "fieldset")
        errors = [
            page.by_id(i) for i in holder.attrs["aria-describedby"].split() if i.endswith("_error")
        ]
        assert errors and all("errorlist" in e.classes() and e.text() for e in errors), (
            f"the error of {element.attrs['name']} is not tied to it"
        )
    # The summary at the top links to each field in error.
    [summary] = page.select(data_testid="error-summary")
    assert summary.attrs.get("tabindex") == "-1" and "autofocus" in summary.attrs
    targets = [link.attrs["href"].lstrip("#") for link in inside(page.select("a"), summary)]
    linked = {page.by_id(target).attrs["name"] for target in targets}
    assert linked == {e.attrs["name"] for e in invalid}
    return page


def login(client, username):
    client.force_login(User.objects.get(username=username))


def current_revision(abbreviation):
    return AgendaRevision.objects.get(
        agenda__sectorkamer__abbreviation=abbreviation, year=cycle_year_for(local_today())
    )


def test_login_errors_are_tied_to_their_fields(client, demo):
    response = client.post(reverse("login"), {"username": "", "password": ""})
    assert_errors_are_tied_to_their_fields(response.content.decode(), {"username", "password"})


def test_a_wrong_password_is_an_alert_not_a_field_error(client, demo):
    response = client.post(reverse("login"), {"username": "school", "password": "wrong"})
    page = Page(response.content.decode())
    [alert] = page.select(role="alert")
    assert "Voer een juiste gebruikersnaam" in alert.text()
    assert not page.select(data_testid="error-summary") and not page.select(aria_invalid="true")


def test_password_reset_errors_are_tied_to_their_field(client, demo):
    response = client.post(reverse("password_reset"), {"email": "geen e-mailadres"})
    assert_errors_are_tied_to_their_fields(response.content.decode(), {"email"})


def test_agreement_form_errors_from_the_form_and_the_service_are_tied(client, demo):
    login(client, "secretaris")
    draft = Agreement.objects.get(title="Elke week een kansberoep op KiesMBO")
    url = reverse("agreements:edit", args=[draft.pk])
    response = client.post(url, {"title": "", "level": "regional", "category": "guidance"})
    assert_errors_are_tied_to_their_fields(response.content.decode(), {"title", "owner"})
    # The service refuses a target equal to the baseline: that error lands on its field too.
    data = {
        "title": draft.title, "level": "regional", "category": "guidance",
        "owner": draft.owner_id, "baseline_value": "10", "target_value": "10",
        "direction": "increase", "cadence": draft.cadence, "weight": "1",
    }  # fmt: skip
    response = client.post(url, data)
    page = assert_errors_are_tied_to_their_fields(response.content.decode(), {"target_value"})
    assert "moet verschillen" in page.by_id("id_target_value_error").text()


@pytest.mark.parametrize(
    "username, url_name, args, data, fields",
    [
        ("school", "agreements:notice_create", [], {"municipality": ""},
         {"qualification", "action", "leerweg", "region", "study_year"}),
        ("school", "arbitration:dossier_create", [], {"claim": ""},
         {"claimant", "respondents", "kind", "claim"}),
        ("beheer", "regions:organisation_create", [], {"name": ""}, {"name", "kind"}),
        ("beheer", "regions:table_create", [], {"name": ""}, {"name"}),
    ],
)  # fmt: skip
def test_main_form_errors_are_tied_to_their_fields(
    client, demo, username, url_name, args, data, fields
):
    login(client, username)
    response = client.post(reverse(url_name, args=args), data)
    assert response.status_code in (200, 400)
    assert_errors_are_tied_to_their_fields(response.content.decode(), fields)


def test_a_choice_group_is_a_fieldset_whose_errors_are_tied_to_it(client, demo):
    login(client, "secretaris")
    url = reverse("agendas:priority_create", args=[current_revision("TGO").pk])
    page = Page(client.get(url).content.decode())
    [levels] = [f for f in page.select("fieldset") if inside(page.select(name="levels"), f)]
    legend = levels.children[0]
    assert legend.tag == "legend" and legend.text().startswith("Niveau")
    assert not page.select("label", **{"for": ""}), "a label that labels nothing"
    response = client.post(url, {"kind": "challenge", "title": "", "levels": ["bogus"]})
    page = assert_errors_are_tied_to_their_fields(response.content.decode(), {"title", "levels"})
    [levels] = [f for f in page.select("fieldset") if inside(page.select(name="levels"), f)]
    assert "id_levels_error" in levels.attrs["aria-describedby"].split()


def test_transition_forms_on_one_page_have_their_own_ids(client, demo):
    """Ratify and return both ask for a comment: each label names its own textarea."""
    login(client, "bestuur")
    zws = current_revision("ZWS")
    assert zws.state == RevisionState.ADOPTED
    page = Page(client.get(reverse("agendas:revision_detail", args=[zws.pk])).content.decode())
    assert_ids_are_sound(page)
    for name in ("ratify", "return"):
        [form] = page.select("form", data_transition=name)
        [textarea] = inside(page.select("textarea"), form)
        labels = [label.attrs["for"] for label in inside(page.select("label"), form)]
        assert textarea.attrs["id"] == f"id_{name}_comment" and textarea.attrs["id"] in labels
        assert f"id_{name}_confirmed" in labels  # the irreversible step asks to confirm
    # Returned with errors (400), the page keeps them apart and ties the error to its form.
    response = client.post(
        reverse("agendas:revision_transition", args=[zws.pk, "return"]), {"confirmed": "on"}
    )
    assert response.status_code == 400
    page = assert_errors_are_tied_to_their_fields(response.content.decode(), {"comment"})
    assert page.select("textarea", aria_invalid="true")[0].attrs["id"] == "id_return_comment"


@pytest.mark.parametrize(
    "path, status", [("/afspraken/start-stopmeldingen/nieuw/", 403), ("/nergens/", 404)]
)
def test_error_pages_have_the_site_layout(client, demo, path, status):
    login(client, "otib")  # OTIB is no mbo institution: it files no notices
    response = client.get(path)
    assert response.status_code == status
    page = Page(response.content.decode())
    assert page.select("html", lang="nl") and page.select("main", id="main")
    assert page.select("a", cls="skip-link") and len(page.select("h1")) == 1
