"""WCAG 2.1 AA: axe-core on every page each demo user reaches, and on the anonymous pages,
at desktop and at phone width (where no page may scroll sideways).

For every demo user the crawl starts at the home page and the main navigation and follows
the links it finds on the way, one page per URL pattern (``/afspraken/12/`` and
``/afspraken/13/`` are the same page), so every main detail page is reached: agenda
revisions, agreements, regional table workspaces, dossiers, notices, the notification centre,
preferences. Every post form on the way that has a required field is also submitted empty,
and the page with its errors is scanned too. The Django admin and Swagger UI (third-party
pages) and downloads are left out. A page whose DOM (without the header, numbers and CSRF
tokens) is the same as one already scanned clean for another user is visited, not scanned
again: the same DOM gets the same answer.

Besides axe's rules, ids that a label or aria-describedby points at must be unique (axe no
longer checks that; a duplicate leaves every element but the first without its label).

axe-core is vendored in ``assets/axe-core`` (see its README). The site's Content Security
Policy forbids inline script, so ``page.add_script_tag`` (an inline ``<script>``) is refused;
the engine is evaluated through the DevTools protocol instead (``page.evaluate``), which the
page's CSP does not govern: the pages are scanned with their real policy, no ``bypass_csp``.
"""

import hashlib
import re
from collections import Counter, deque
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from .conftest import log_in

AXE_SOURCE = (Path(__file__).parent / "assets" / "axe-core" / "axe.min.js").read_text(
    encoding="utf-8"
)
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
BLOCKING = {"serious", "critical"}

DEMO_USERS = [
    "beheer",
    "bestuur",
    "secretaris",
    "secretaris-zws",
    "secretaris-mtlm",
    "lid-onderwijs",
    "lid-bedrijfsleven",
    "coordinator",
    "tafellid",
    "school",
    "otib",
    "secretariaat",
    "arbiter",
    "arbiter-albeda",
]
# Pages that are not ours (Django admin, Swagger UI), not HTML (downloads, feeds, exports),
# or not for signed-in users (the account pages are scanned anonymously).
NOT_SCANNED = re.compile(
    r"^/(admin|api|i18n|static|accounts)/|/downloaden/|/export\.|\.ics$|^/meldingen/agenda/"
)
# The main detail pages each user must reach: a crawl that misses them proves nothing.
MUST_REACH = {
    "bestuur": ["/bekrachtiging/", "/revisies/N/", "/afspraken/N/"],
    "secretaris": [
        "/revisies/N/",
        "/revisies/N/bewerken/",
        "/revisies/N/prioriteiten/nieuw/",
        "/afspraken/N/",
        "/afspraken/N/bewerken/",
        "/afspraken/start-stopmeldingen/",
        "/atlas/N/N/",
        "/atlas/regio/AMNN/N/",
        "/sectorkamers/N/onderwerpen/",
        "/onderwerpen/N/",
        "/afspraken/praktijken/N/",
    ],
    "secretaris-zws": ["/revisies/N/"],
    "secretaris-mtlm": ["/revisies/N/", "/afspraken/N/"],
    "coordinator": ["/afspraken/tafels/N/", "/regionale-tafels/N/", "/afspraken/nieuw/tafel/N/"],
    "tafellid": ["/afspraken/tafels/N/"],
    "school": [
        "/afspraken/mijn-school/",
        "/afspraken/N/",
        "/afspraken/start-stopmeldingen/nieuw/",
        "/arbitrage/dossiers/N/",
        "/arbitrage/dossiers/nieuw/",
        "/sectorkamers/N/onderwerpen/nieuw/",
        "/afspraken/praktijken/nieuw/afspraak/N/",
    ],
    "otib": ["/arbitrage/dossiers/N/"],
    "secretariaat": ["/arbitrage/dossiers/N/", "/arbitrage/overeenkomsten/"],
    "arbiter": ["/arbitrage/dossiers/N/"],
    "beheer": ["/organisaties/nieuw/", "/regionale-tafels/nieuw/", "/regionale-tafels/N/"],
}
EVERYONE_REACHES = ["/", "/meldingen/", "/meldingen/instellingen/"]


def page_key(path: str) -> str:
    """One key per page pattern: numbers and sectorkamer codes become N, region codes AMNN."""
    return re.sub(r"/AM\d\d(?=/)", "/AMNN", re.sub(r"/\d+(?=/|$)", "/N", path))


# axe-core no longer reports duplicate ids, but a label or aria-describedby that points at a
# duplicated id names the first element with it only: the others lose their label.
DUPLICATE_IDS = """() => {
    const byId = new Map();
    for (const el of document.querySelectorAll('[id]')) {
        byId.set(el.id, [...(byId.get(el.id) || []), el]);
    }
    const referenced = new Set([...document.querySelectorAll('label[for]')].map((l) => l.htmlFor));
    for (const el of document.querySelectorAll('[aria-describedby], [aria-labelledby]')) {
        for (const attr of ['aria-describedby', 'aria-labelledby']) {
            for (const id of (el.getAttribute(attr) || '').split(/\\s+/)) referenced.add(id);
        }
    }
    const nodes = [...byId].filter(([id, els]) => els.length > 1 && referenced.has(id))
        .map(([id, els]) => ({
            target: '#' + id, impact: 'serious', html: els[1].outerHTML.slice(0, 160),
            summary: `${els.length} elements share the id a label or ARIA uses`,
        }));
    return nodes.length ? [{id: 'duplicate-referenced-id', impact: 'serious', nodes,
                            help: 'Ids used by labels and ARIA must be unique'}] : [];
}"""


def run_axe(page) -> list[dict]:
    """The violations axe-core finds on the current page, with their selectors."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(AXE_SOURCE)
    found = page.evaluate(
        """async (tags) => {
            const result = await axe.run(document, {
                runOnly: {type: 'tag', values: tags}, resultTypes: ['violations'],
            });
            return result.violations.map((v) => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map((n) => ({
                    target: n.target.join(' '), impact: n.impact, html: n.html.slice(0, 160),
                    summary: n.failureSummary,
                })),
            }));
        }""",
        AXE_TAGS,
    )
    return found + page.evaluate(DUPLICATE_IDS)


# The DOM of a page without its header (the user's navigation, scanned on their first page),
# CSRF tokens and numbers: two pages with the same one get the same answer from axe.
FINGERPRINT = """() => {
    const copy = document.documentElement.cloneNode(true);
    copy.querySelectorAll('.site-header, [name=csrfmiddlewaretoken]').forEach((e) => e.remove());
    return copy.outerHTML.replace(/\\d+/g, 'N');
}"""
# Every page is scanned at desktop width and at phone width (390 px: an iPhone's), where it
# may not scroll sideways either (a wide table scrolls inside its own frame).
WIDTHS = {"desktop": 1280, "phone": 390}
# Fingerprints scanned clean so far in this run, over all users, per width.
SCANNED: dict[str, set[str]] = {name: set() for name in WIDTHS}
# The elements that stick out at the right, outside any frame that scrolls or clips them.
STICKING_OUT = """(width) => [...document.querySelectorAll('body *')].filter((el) => {
    if (el.getBoundingClientRect().right <= width + 1) return false;
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
        if (['auto', 'scroll', 'hidden'].includes(getComputedStyle(p).overflowX)
            && p.getBoundingClientRect().right <= width + 1) return false;
    }
    return true;
}).slice(0, 8).map((el) => ({target: el.tagName.toLowerCase() + (el.id ? '#' + el.id : ''),
                              impact: 'serious', html: el.outerHTML.slice(0, 160),
                              summary: `right edge at ${el.getBoundingClientRect().right}px`}))"""


class Scan:
    """The pages visited, the ones scanned and the violations found, for one report."""

    def __init__(self):
        self.pages = []
        self.scanned = 0
        self.violations = []  # (page label, violation)

    def scan(self, page, label: str) -> None:
        self.pages.append(label)
        fingerprint = hashlib.sha256(page.evaluate(FINGERPRINT).encode()).hexdigest()
        for name, width in WIDTHS.items():
            page.set_viewport_size({"width": width, "height": 900})
            if page.evaluate("document.documentElement.scrollWidth") > width:
                nodes = page.evaluate(STICKING_OUT, width)
                self.violations.append((f"{label} at {width}px", {
                    "id": "horizontal-scroll", "impact": "serious", "nodes": nodes,
                    "help": "The page scrolls sideways",
                }))  # fmt: skip
            if fingerprint in SCANNED[name]:
                continue  # the same page as one scanned before, for another user
            self.scanned += 1
            found = run_axe(page)
            self.violations += [(f"{label} at {width}px", violation) for violation in found]
            if not found:
                SCANNED[name].add(fingerprint)
        page.set_viewport_size({"width": WIDTHS["desktop"], "height": 900})

    def blocking(self) -> list:
        return [(label, v) for label, v in self.violations if v["impact"] in BLOCKING]

    def report(self) -> str:
        lines = [f"{len(self.pages)} pages visited, {self.scanned} scanned"]
        for label, v in self.violations:
            lines.append(f"[{v['impact']}] {v['id']} on {label}: {v['help']}")
            for node in v["nodes"][:8]:
                lines.append(f"    {node['target']}  {node['html']}")
                lines.append("      " + (node["summary"] or "").replace("\n", "\n      "))
        return "\n".join(lines)

    def by_rule(self) -> Counter:
        return Counter(v["id"] for _, v in self.violations)


SUBMIT_EMPTY = """(form) => {
    form.noValidate = true;
    for (const el of form.elements) {
        if (el.type === 'hidden' || el.type === 'submit' || el.type === 'button') continue;
        if (el.type === 'checkbox' || el.type === 'radio') el.checked = false;
        else if (el.tagName === 'SELECT') { for (const o of el.options) o.selected = false;
                                            el.selectedIndex = -1; }
        else el.value = '';
    }
    form.requestSubmit(form.querySelector('[type=submit]'));
}"""
# Post forms in the page's content with a field the user must fill: an empty submit cannot
# change anything and shows the form's errors.
REQUIRED_FORMS = "main form[method=post]:has([required]:not([type=hidden]))"


def crawl(page, origin: str, scan: Scan, start: list[str], always: list[str]) -> set[str]:
    """Scan every page reachable from ``start``, one per pattern, and every page of ``always``
    (the main detail pages, whose forms differ with their state); return the keys seen."""
    seen: set[str] = set()
    submitted: set[tuple[str, str]] = set()
    queue = deque([(path, True) for path in always] + [(path, False) for path in start])
    while queue:
        path, forced = queue.popleft()
        key = page_key(path)
        if NOT_SCANNED.search(path) or (key in seen and not forced):
            continue
        seen.add(key)
        response = page.goto(path)
        assert response.status < 500, f"{path} answered {response.status}"
        landed = urlsplit(page.url).path  # a notification leads to what it is about
        if landed != path:
            if page_key(landed) in seen and not forced:
                continue
            path, key = landed, page_key(landed)
            seen.add(key)
        scan.scan(page, f"{path} ({response.status})")
        for href in page.eval_on_selector_all("a[href]", "els => els.map((a) => a.href)"):
            if href.startswith(origin):
                queue.append((urlsplit(href).path, False))
        actions = page.eval_on_selector_all(
            REQUIRED_FORMS, "forms => forms.map((f) => f.getAttribute('action') || '')"
        )
        for index, action in enumerate(actions):
            if (key, page_key(action)) in submitted:
                continue
            submitted.add((key, page_key(action)))
            if index:
                page.goto(path)
            form = page.locator(REQUIRED_FORMS).nth(index)
            if form.get_attribute("hx-post"):  # posted in place: the section is swapped
                with page.expect_request_finished(lambda r: r.method == "POST"):
                    form.evaluate(SUBMIT_EMPTY)
                page.wait_for_load_state("networkidle")
            else:
                with page.expect_navigation():
                    form.evaluate(SUBMIT_EMPTY)
            errors = page.locator(".errorlist, .errorlist-box, .message.error, [role=alert]")
            expect(errors.first).to_be_visible()
            scan.scan(page, f"{path} after an empty submit of {action or 'the form'}")
    return seen


def main_detail_pages(username: str) -> list[str]:
    """The main detail pages the user may open, whose forms differ with their state: this
    cycle's agenda revisions, an agreement in each state, the dossiers."""
    from agendas.models import AgendaRevision
    from agreements.models import Agreement
    from arbitration.selectors import visible_dossiers
    from core.timeutils import cycle_year_for, local_today
    from regions.models import User

    user = User.objects.get(username=username)
    revisions = AgendaRevision.objects.filter(year=cycle_year_for(local_today()))
    agreements = {}
    for agreement in Agreement.objects.order_by("pk"):
        if user.has_perm("agreements.view_agreement", agreement):
            key = (agreement.state, user.has_perm("agreements.change_agreement", agreement))
            agreements.setdefault(key, agreement)
    return [
        *(
            reverse("agendas:revision_detail", args=[revision.pk])
            for revision in revisions.order_by("agenda__sectorkamer__code")
            if user.has_perm("agendas.view_agendarevision", revision)
        ),
        *(reverse("agreements:detail", args=[agreement.pk]) for agreement in agreements.values()),
        *(
            reverse("arbitration:dossier_detail", args=[dossier.pk])
            for dossier in visible_dossiers(user)
        ),
    ]


@pytest.fixture
def dossier_in_progress(demo_data):
    """A filed and admitted claim of Albeda College against OTIB, with Hendrik Mulder
    proposed as arbiter: the demo has no dossier of its own."""
    from agreements.models import Agreement
    from arbitration import services
    from arbitration.models import ArbiterProfile
    from regions.models import Organisation, User

    school = User.objects.get(username="school")
    clerk = User.objects.get(username="secretariaat")
    dossier = services.create_dossier(
        actor=school,
        claimants=[Organisation.objects.get(name="Albeda College")],
        respondents=[Organisation.objects.get(name__startswith="OTIB")],
        kind="performance",
        claim="OTIB financiert de toegezegde begeleiding niet.",
        agreements=[Agreement.objects.get(title="Meer leerbanen in de installatietechniek")],
    )
    dossier = services.file_dossier(actor=school, dossier=dossier)
    dossier = services.admit_dossier(
        actor=clerk, dossier=dossier, comment="Alle partijen doen mee."
    )
    arbiter = ArbiterProfile.objects.get(user__username="arbiter")
    return services.propose_panel(actor=clerk, dossier=dossier, arbiters=[arbiter])


def scan_as(browser, origin: str, username: str) -> tuple[Scan, set[str]]:
    """Log in as ``username`` in a browser context of their own and crawl what they reach."""
    context = browser.new_context(base_url=origin, locale="nl-NL")
    try:
        page = context.new_page()
        page.set_default_timeout(15000)
        scan = Scan()
        log_in(page, username, on_second_factor=lambda p: scan.scan(p, "second factor"))
        expect(page.get_by_test_id("current-user")).to_be_visible()
        nav = page.get_by_role("navigation", name="Hoofdnavigatie").get_by_role("link")
        start = ["/", *(urlsplit(a).path for a in nav.evaluate_all("as => as.map(a => a.href)"))]
        start += ["/meldingen/", "/meldingen/instellingen/"]
        return scan, crawl(page, origin, scan, start, main_detail_pages(username))
    finally:
        context.close()


def test_every_page_each_demo_user_reaches_has_no_serious_violations(
    browser, live_server, dossier_in_progress
):
    """One test for all demo users (one database seeding); the report covers them all."""
    failures = []
    visited = scanned = 0
    for username in DEMO_USERS:
        scan, seen = scan_as(browser, live_server.url, username)
        visited, scanned = visited + len(scan.pages), scanned + scan.scanned
        rules = dict(scan.by_rule()) or "clean"
        print(f"{username}: {len(scan.pages)} pages visited, {scan.scanned} scanned; {rules}")
        missed = [key for key in EVERYONE_REACHES + MUST_REACH.get(username, []) if key not in seen]
        if missed:
            failures.append(f"{username} did not reach {missed}; reached {sorted(seen)}")
        if scan.blocking():
            failures.append(f"{username}: {scan.report()}")
    print(f"{len(DEMO_USERS)} users: {visited} pages visited, {scanned} scanned")
    assert not failures, "\n\n".join(failures)
    from tests.reliability import record

    record(
        "accessibility",
        "axe-core on every page each demo user reaches",
        users=len(DEMO_USERS),
        pages_visited=visited,
        widths_px=", ".join(str(width) for width in WIDTHS.values()),
        axe_scans=scanned,
        pages_scrolling_sideways=0,
        serious_or_critical_violations=0,
    )


def test_the_anonymous_pages_have_no_serious_violations(page, demo_data):
    scan = Scan()
    page.goto("/accounts/login/")
    scan.scan(page, "login")
    page.get_by_role("button", name="Inloggen").click()
    expect(page.locator(".errorlist").first).to_be_visible()
    scan.scan(page, "login after an empty submit")
    page.get_by_label("Gebruikersnaam").fill("school")
    page.get_by_label("Wachtwoord").fill("wrong")
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("alert")).to_be_visible()
    scan.scan(page, "login with a wrong password")
    page.get_by_role("link", name="Wachtwoord vergeten?").click()
    scan.scan(page, "password reset")
    page.get_by_role("button", name="Link versturen").click()
    expect(page.locator(".errorlist").first).to_be_visible()
    scan.scan(page, "password reset after an empty submit")
    page.get_by_label(re.compile("^E-mail")).fill("school@kansrijk.example")
    page.get_by_role("button", name="Link versturen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kijk in uw e-mail")
    scan.scan(page, "password reset sent")
    page.goto("/accounts/reset/MQ/invalid-token/")
    scan.scan(page, "password reset with an invalid link")
    page.goto("/nergens/")
    scan.scan(page, "not found")
    # The public register: every page of it that the anonymous visitor reaches from its home.
    page.goto("/openbaar/")
    public = ["/openbaar/", "/openbaar/open-data/"] + [
        urlsplit(href).path
        for href in page.eval_on_selector_all(
            "main a[href^='/openbaar/']", "as => as.map(a => a.href)"
        )
    ]
    page.goto("/openbaar/afspraken/")
    public += page.eval_on_selector_all(
        "main a[href*='/openbaar/afspraken/']", "as => as.map(a => new URL(a.href).pathname)"
    )[:3]
    for path in dict.fromkeys(public):
        page.goto(path)
        scan.scan(page, f"public {path}")
    page.goto("/openbaar/afspraken/?sectorkamer=99")
    expect(page.locator(".errorlist").first).to_be_visible()
    scan.scan(page, "public agreements with a wrong filter")
    assert len(scan.pages) > 15
    print(f"anonymous: {len(scan.pages)} pages, violations by rule: {dict(scan.by_rule())}")
    assert not scan.blocking(), scan.report()


def test_form_errors_are_announced_with_their_fields_in_the_browser(page, login, demo_data):
    """After a submit with errors the summary has the focus; its links lead to the fields,
    whose accessible description (what a screen reader reads with them) is their error."""
    login("school")
    page.goto("/afspraken/start-stopmeldingen/nieuw/")
    page.get_by_label("Gemeente (vestiging)").fill("Rotterdam")
    page.get_by_role("button", name="Opslaan als concept").click()
    summary = page.get_by_test_id("error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Verbeter deze velden:")
    expect(summary.get_by_role("link")).to_have_count(5)  # qualification, action, ...
    page.keyboard.press("Tab")
    expect(summary.get_by_role("link").first).to_be_focused()
    page.keyboard.press("Enter")
    qualification = page.get_by_label(re.compile(r"^Kwalificatie"))
    expect(qualification).to_be_focused()
    expect(qualification).to_have_attribute("aria-invalid", "true")
    expect(qualification).to_have_accessible_description("Dit veld is vereist.")
    study_year = page.get_by_label(re.compile(r"^Studiejaar"))
    expect(study_year).to_have_accessible_description(re.compile("Dit veld is vereist."))
    municipality = page.get_by_label(re.compile(r"^Gemeente"))
    expect(municipality).not_to_have_attribute("aria-invalid", "true")
    expect(municipality).to_have_value("Rotterdam")
