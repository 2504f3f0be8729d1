"""The public register: no login, the same page for everyone, cacheable, and nothing that
is not listed in register/public.py. A test walks every public page and looks for every
text that must never be public."""

import re
from html import unescape

import pytest
from django.urls import reverse

from agendas.models import AgendaRevision, AgendaTopic, Priority
from agreements.models import (
    Agreement,
    AgreementParty,
    NoticeConflict,
    ProgressReport,
    TableInput,
)
from arbitration.models import Dossier
from practices import services as practice_services
from practices.models import Practice
from regions.models import User
from register import public

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", response.content.decode())))


def walk(client) -> dict[str, str]:
    """Every page reachable from the register's home within /openbaar/: path -> its text."""
    seen: dict[str, str] = {}
    queue = [reverse("register:index"), reverse("register:agreements") + "?q=installatie"]
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        response = client.get(url)
        assert response.status_code == 200, url
        seen[url] = text(response)
        for href in re.findall(r'href="([^"]+)"', response.content.decode()):
            href = unescape(href)
            if href.startswith("?"):
                href = url.split("?")[0] + href
            if href.startswith("/openbaar/") and not re.search(r"\.(csv|xlsx|json)$", href):
                queue.append(href)  # the downloads: tests/register/test_opendata.py
    return seen


def never_public() -> dict[str, str]:
    """Texts of the demo that must not show on any public page, with what they are."""
    public_titles = set(
        Agreement.objects.filter(state__in=public.AGREEMENT_STATES).values_list("title", flat=True)
    )
    public_priorities = set(
        Priority.objects.filter(revision__state__in=public.REVISION_STATES).values_list(
            "title", flat=True
        )
    )
    found = {}
    for user in User.objects.all():
        if user.first_name and user.last_name:
            found[f"{user.first_name} {user.last_name}"] = "a person's name"
        found[user.email] = "an email address"
    for narrative in ProgressReport.objects.exclude(narrative="").values_list(
        "narrative", flat=True
    ):
        found[narrative] = "a progress narrative"
    for reason in AgreementParty.objects.exclude(decline_reason="").values_list(
        "decline_reason", flat=True
    ):
        found[reason] = "a reason for declining"
    for agreement in Agreement.objects.exclude(state__in=public.AGREEMENT_STATES):
        if not any(agreement.title in title for title in public_titles):
            found[agreement.title] = f"a {agreement.state} agreement"
    for note in Agreement.objects.exclude(closing_note="").values_list("closing_note", flat=True):
        found[note] = "a closing note"
    for revision in AgendaRevision.objects.exclude(state__in=public.REVISION_STATES):
        if revision.summary:
            found[revision.summary] = f"the summary of a {revision.state} revision"
        for priority in revision.priorities.all():
            if priority.title not in public_priorities | public_titles:
                found[priority.title] = f"a priority of a {revision.state} revision"
    for given in TableInput.objects.all():
        found[given.text] = "a regional table's input"
    for conflict in NoticeConflict.objects.all():
        found[conflict.message] = "a notice conflict"
    for practice in Practice.objects.exclude(state__in=public.PRACTICE_STATES):
        found[practice.title] = f"a {practice.state} practice"
        found[practice.lessons] = f"the lessons of a {practice.state} practice"
    for reason in Practice.objects.exclude(return_reason="").values_list(
        "return_reason", flat=True
    ):
        found[reason] = "the reason a practice was returned"
    for topic in AgendaTopic.objects.all():  # agenda topics are never public as such
        if topic.title not in public_priorities:
            found[topic.title] = "an agenda topic"
        found[topic.explanation] = "an agenda topic's explanation"
        if topic.decision_reason:
            found[topic.decision_reason] = "the reason of a decision on a topic"
    for dossier in Dossier.objects.all():
        found[dossier.claim] = "an arbitration claim"
        if dossier.reference:
            found[dossier.reference] = "an arbitration reference"
    return {key: what for key, what in found.items() if key and len(key) > 5}


def test_no_public_page_shows_what_is_not_public(client, demo):
    returned = practice_services.submit_practice(
        actor=User.objects.get(username="school"), agreement=Agreement.objects.get(state="active",
        title="Meer leerbanen in de installatietechniek"), kind="bad", category="guidance",
        title="Voorlichting zonder stagebezoek", what_was_done="Alleen voorlichting op school.",
        result="Weinig aanmeldingen.", lessons="Laat studenten de werkvloer zien.",
    )  # fmt: skip
    practice_services.return_practice(
        actor=User.objects.get(username="secretaris"), practice=returned,
        comment="Vermeld de aantallen aanmeldingen voor en na.",
    )  # fmt: skip
    pages = walk(client)
    assert len(pages) >= 10  # index, sectorkamers, agendas, agreements, their pages
    forbidden = never_public()
    assert len(forbidden) > 20
    leaks = [
        f"{url}: {what} ({secret[:40]})"
        for url, page in pages.items()
        for secret, what in forbidden.items()
        if secret in page
    ]
    assert not leaks, "\n".join(leaks)


def test_what_is_public_is_shown(client, demo):
    pages = " ".join(walk(client).values())
    for agreement in Agreement.objects.filter(state__in=public.AGREEMENT_STATES):
        assert agreement.title in pages
        assert client.get(reverse("register:agreement", args=[agreement.pk])).status_code == 200
    for revision in AgendaRevision.objects.filter(state__in=public.REVISION_STATES):
        code = revision.agenda.sectorkamer.code
        assert (
            client.get(reverse("register:revision", args=[code, revision.year])).status_code == 200
        )


def test_what_is_not_public_is_not_found(client, demo):
    for agreement in Agreement.objects.exclude(state__in=public.AGREEMENT_STATES):
        assert client.get(reverse("register:agreement", args=[agreement.pk])).status_code == 404
    for revision in AgendaRevision.objects.exclude(state__in=public.REVISION_STATES):
        code = revision.agenda.sectorkamer.code
        url = reverse("register:revision", args=[code, revision.year])
        if not AgendaRevision.objects.filter(
            agenda=revision.agenda, year=revision.year, state__in=public.REVISION_STATES
        ).exists():
            assert client.get(url).status_code == 404, url


def test_everyone_gets_the_same_cacheable_page(client, demo):
    url = reverse("register:agreement", args=[Agreement.objects.filter(state="active").first().pk])
    anonymous = client.get(url)
    assert anonymous["Cache-Control"] == "public, max-age=300"
    assert "Cookie" not in anonymous.get("Vary", "") and not anonymous.cookies
    assert "csrfmiddlewaretoken" not in anonymous.content.decode()
    client.force_login(User.objects.get(username="secretaris"))
    client.cookies["django_language"] = "en"
    signed_in = client.get(url)
    assert signed_in.content == anonymous.content  # no account, no English: the same page
    assert '<html lang="nl">' in signed_in.content.decode()


def test_the_register_only_reads_and_only_answers_get(client, demo):
    assert client.post(reverse("register:index")).status_code == 405
    assert client.head(reverse("register:index")).status_code == 200


def test_search_and_filters(client, demo):
    url = reverse("register:agreements")
    found = text(client.get(url, {"q": "installatietechniek"}))
    assert "Meer leerbanen in de installatietechniek" in found
    assert "Baangarantie Verzorgende-IG" not in found
    zws = text(client.get(url, {"sectorkamer": "03"}))
    assert "Baangarantie Verzorgende-IG" in zws and "installatietechniek" not in zws
    bad = client.get(url, {"sectorkamer": "99", "state": "draft"})
    assert bad.status_code == 200
    assert bad.content.decode().count("Selecteer een geldige keuze") == 2  # by each field


@pytest.mark.parametrize(
    "page, queries",
    [("index", 2), ("sectorkamer", 3), ("revision", 5), ("agreements", 4), ("agreement", 6)],
)
def test_query_counts_do_not_grow_with_the_data(
    client, demo, django_assert_num_queries, page, queries
):
    revision = AgendaRevision.objects.filter(
        state__in=public.REVISION_STATES, agenda__sectorkamer__code="01"
    ).first()
    active = Agreement.objects.filter(state="active", priority__revision=revision).first()
    url = {
        "index": reverse("register:index"),
        "sectorkamer": reverse("register:sectorkamer", args=["01"]),
        "revision": reverse("register:revision", args=["01", revision.year]),
        "agreements": reverse("register:agreements"),
        "agreement": reverse("register:agreement", args=[active.pk]),
    }[page]
    with django_assert_num_queries(queries):
        assert client.get(url).status_code == 200
    for n in range(5):  # more agreements, parties and reports under the same priority
        copy = Agreement.objects.get(pk=active.pk)
        copy.pk = None
        copy.title = f"Kopie {n}"
        copy.save()
        AgreementParty.objects.create(agreement=copy, organisation=active.owner, role="responsible")
        ProgressReport.objects.create(
            agreement=copy, period_start=active.start_date, period_end=active.start_date,
            value=1, status="on_track", reporter=User.objects.first(),
        )  # fmt: skip
    with django_assert_num_queries(queries):
        assert client.get(url).status_code == 200


def test_the_public_agenda_shows_a_page_of_agreements_per_priority_and_counts_the_rest(
    client, demo
):
    from agreements.selectors import AGREEMENTS_SHOWN

    revision = AgendaRevision.objects.filter(
        state__in=public.REVISION_STATES, agenda__sectorkamer__code="01"
    ).first()
    active = Agreement.objects.filter(state="active", priority__revision=revision).first()
    url = reverse("register:revision", args=["01", revision.year])

    def add(state, n=1):
        for _ in range(n):
            twin = Agreement.objects.get(pk=active.pk)
            twin.pk = None
            twin.save()
            Agreement.objects.filter(pk=twin.pk).update(state=state)

    def shown():
        response = client.get(url)
        (priority,) = [
            p for p in response.context["revision"].priorities.all() if p.pk == active.priority_id
        ]
        return len(priority.public_agreements), text(response)

    public_count = Agreement.objects.filter(
        priority=active.priority, state__in=public.AGREEMENT_STATES
    ).count()
    assert public_count <= AGREEMENTS_SHOWN
    add("active", AGREEMENTS_SHOWN - public_count)  # exactly a page: all shown, no link
    add("draft")  # never public, never counted
    count, page = shown()
    assert count == AGREEMENTS_SHOWN and "in de lijst met afspraken" not in page
    add("achieved")  # one more: still a page, and the link counts the one left out
    count, page = shown()
    assert count == AGREEMENTS_SHOWN and "en nog 1 in de lijst met afspraken" in page
    assert f"{reverse('register:agreements')}?sectorkamer=01" in client.get(url).content.decode()
