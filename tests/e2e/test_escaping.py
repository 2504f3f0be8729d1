"""User text is escaped everywhere: script and HTML in titles, names and file names never run."""

from django.core.files.uploadedfile import SimpleUploadedFile
from playwright.sync_api import expect

PAYLOAD = '<script>window.__xss=1</script><img src=x onerror="window.__xss=1">'


def test_script_in_user_text_never_runs(page, login, demo_data):
    from agendas import services as agenda_services
    from agendas.models import AgendaRevision
    from agreements.models import Agreement
    from arbitration import services as arbitration_services
    from regions import services as region_services
    from regions.models import Organisation, User

    staff = User.objects.get(username="beheer")
    organisation = region_services.create_organisation(
        actor=staff, name=f"Evil {PAYLOAD}", kind="employer", city=PAYLOAD
    )
    secretary = User.objects.get(username="secretaris")
    draft = AgendaRevision.objects.filter(state="draft", agenda__sectorkamer__code="01").first()
    agenda_services.add_priority(
        actor=secretary,
        revision=draft,
        kind="challenge",
        title=f"T {PAYLOAD}",
        description=PAYLOAD,
        sectoral=True,
    )
    school = User.objects.get(username="school")
    albeda = Organisation.objects.get(name="Albeda College")
    otib = Organisation.objects.get(name__startswith="OTIB")
    dossier = arbitration_services.create_dossier(
        actor=school,
        claimants=[albeda],
        respondents=[otib],
        kind="content",
        claim=PAYLOAD,
        agreements=[Agreement.objects.filter(state="active").first()],
    )
    arbitration_services.upload_document(
        actor=school,
        dossier=dossier,
        title=PAYLOAD,
        visibility="all",
        uploaded_file=SimpleUploadedFile(f'{PAYLOAD}".pdf', b"%PDF-1.4\n%%EOF\n"),
    )
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    # (url, shows the payload as text)
    visits = {
        "secretaris": [
            (f"/organisaties/{organisation.pk}/", True),
            ("/organisaties/", True),
            (f"/revisies/{draft.pk}/", True),
            (f"/revisies/{draft.pk}/afdrukken/", True),
        ],
        "school": [(f"/arbitrage/dossiers/{dossier.pk}/", True), ("/arbitrage/", False)],
    }
    for username, urls in visits.items():
        login(username)
        for url, shows_text in urls:
            page.goto(url)
            if shows_text:
                expect(page.locator("body")).to_contain_text("window.__xss=1")
            assert page.evaluate("window.__xss") is None, url
        page.goto("/")
        page.get_by_role("button", name="Uitloggen").click()
    assert dialogs == []


def test_pages_run_under_a_content_security_policy_without_inline_script(page, login, demo_data):
    from agreements.models import Agreement

    violations = []
    page.on(
        "console",
        lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None,
    )
    agreement = Agreement.objects.filter(state="active").first()
    login("secretaris")
    for url in (
        "/",
        "/sectorkamers/01/",
        f"/afspraken/{agreement.pk}/",
        "/afspraken/",
        "/meldingen/",
    ):
        response = page.goto(url)
        policy = response.headers["content-security-policy"]
        assert (
            "script-src 'self'" in policy
            and "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
        )
    page.goto("/api/docs/")
    expect(page.locator("#swagger-ui .info")).to_be_visible(timeout=20000)  # its script ran
    page.goto("/")
    page.get_by_role("button", name="Uitloggen").click()
    login("beheer")
    page.goto("/admin/regions/organisation/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert violations == []
