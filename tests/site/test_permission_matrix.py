"""Who may read what through the API: every role (and anonymous) against every readable API
route, for objects inside and outside the role's scope.

Every API route must be listed here, either in READS (checked cell by cell below) or in
WRITES (each write's rights are tested with its app, negative cases included); a new route
that is in neither makes this test fail.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from kansrijk_site.urls import router

pytestmark = pytest.mark.django_db

ROLES = [
    "anonymous",
    "board",
    "secretary",
    "member",
    "coordinator",
    "table_member",
    "school",
    "otib",
    "secretariat",
    "arbiter",
    "other_arbiter",
    "staff",
]
ALL_USERS = {r: 200 for r in ROLES if r != "anonymous"} | {"anonymous": 401}


def only(allowed, denied=404, **extra):
    """200 for the allowed roles, ``denied`` for the other users, 401 for anonymous."""
    return {r: 200 if r in allowed else denied for r in ROLES if r != "anonymous"} | {
        "anonymous": 401,
        **extra,
    }


# The demo's arbitration secretariat is also SBB staff (it keeps the procedural rule sets in
# the administration), so it has the staff's rights besides its own.
STAFF = {"staff", "secretariat"}
DOSSIER_PEOPLE = {"school", "otib", "secretariat", "arbiter"}
REVISION_PEOPLE = {"board", "secretary", "member"} | STAFF
NOTICE_PEOPLE = {"school", "board"} | STAFF

# route name -> (url template, expected answer per role)
READS = {
    "api-root": ("/api/v1/", ALL_USERS),
    "arbeidsmarktregio-list": ("/api/v1/arbeidsmarktregios/", ALL_USERS),
    "arbeidsmarktregio-detail": ("/api/v1/arbeidsmarktregios/AM22/", ALL_USERS),
    "sectorkamer-list": ("/api/v1/sectorkamers/", ALL_USERS),
    "sectorkamer-detail": ("/api/v1/sectorkamers/01/", ALL_USERS),
    "organisation-list": ("/api/v1/organisations/", ALL_USERS),
    "organisation-detail": ("/api/v1/organisations/{organisation}/", ALL_USERS),
    "regionaltable-list": ("/api/v1/regional-tables/", ALL_USERS),
    "regionaltable-detail": ("/api/v1/regional-tables/{table}/", ALL_USERS),
    "roleassignment-list": ("/api/v1/role-assignments/", only(STAFF, denied=403)),
    "roleassignment-detail": (
        "/api/v1/role-assignments/{assignment}/",
        only(STAFF, denied=403),
    ),
    "qualification-list": ("/api/v1/qualifications/", ALL_USERS),
    "qualification-detail": ("/api/v1/qualifications/25462/", ALL_USERS),
    "agenda-list": ("/api/v1/agendas/", ALL_USERS),
    "agenda-detail": ("/api/v1/agendas/{agenda}/", ALL_USERS),
    "agendarevision-list": ("/api/v1/agenda-revisions/", ALL_USERS),
    "agendarevision-detail": ("/api/v1/agenda-revisions/{draft}/", only(REVISION_PEOPLE)),
    "agendarevision-history": ("/api/v1/agenda-revisions/{draft}/history/", only(REVISION_PEOPLE)),
    "agendarevision-diff": (
        "/api/v1/agenda-revisions/{draft}/diff/?with={ratified}",
        only(REVISION_PEOPLE),
    ),
    "priority-list": ("/api/v1/priorities/", ALL_USERS),
    "priority-detail": ("/api/v1/priorities/{draft_priority}/", only(REVISION_PEOPLE)),
    "agreement-list": ("/api/v1/agreements/", ALL_USERS),
    "agreement-detail": ("/api/v1/agreements/{agreement}/", ALL_USERS),
    "progressreport-list": ("/api/v1/progress-reports/", ALL_USERS),
    "progressreport-detail": ("/api/v1/progress-reports/{report}/", ALL_USERS),
    "startstopnotice-list": ("/api/v1/start-stop-notices/", ALL_USERS),
    "startstopnotice-detail": ("/api/v1/start-stop-notices/{notice}/", only(NOTICE_PEOPLE)),
    "noticeconflict-list": ("/api/v1/notice-conflicts/", ALL_USERS),
    "noticeconflict-detail": ("/api/v1/notice-conflicts/{conflict}/", only(NOTICE_PEOPLE)),
    "dossier-list": ("/api/v1/arbitration/dossiers/", ALL_USERS),
    "dossier-detail": ("/api/v1/arbitration/dossiers/{dossier}/", only(DOSSIER_PEOPLE)),
    "document-list": ("/api/v1/arbitration/documents/", ALL_USERS),
    "document-detail": ("/api/v1/arbitration/documents/{document}/", only(DOSSIER_PEOPLE)),
    "document-download": (
        "/api/v1/arbitration/documents/{document}/download/",
        only(DOSSIER_PEOPLE),
    ),
    "arbiter-list": ("/api/v1/arbitration/arbiters/", only({"secretariat", "staff"}, 403)),
    "arbiter-detail": (
        "/api/v1/arbitration/arbiters/{arbiter}/",
        only({"secretariat", "staff"}, 403),
    ),
    "notification-list": ("/api/v1/notifications/", ALL_USERS),
    "notification-detail": ("/api/v1/notifications/{notification}/", only({"school"})),
    "notificationpreference-list": ("/api/v1/notification-preferences/", ALL_USERS),
    "cycle-list": ("/api/v1/cycles/", ALL_USERS),
}
# Write routes: their rights (403/404 for the wrong person, 409 for the wrong state) are
# tested with each app (tests/<app>/test_api.py).
WRITES = {
    "agenda-start-revision",
    "agendarevision-submit",
    "agendarevision-adopt",
    "agendarevision-ratify",
    "agendarevision-return",
    "priority-move",
    "agreement-propose",
    "agreement-accept",
    "agreement-decline",
    "agreement-achieve",
    "agreement-fail",
    "agreement-cancel",
    "regionaltable-members",
    "regionaltable-remove-member",
    "roleassignment-end",
    "startstopnotice-submit",
    "startstopnotice-exception",
    "noticeconflict-resolve",
    "dossier-file",
    "dossier-admit",
    "dossier-reject",
    "dossier-propose_panel",
    "dossier-constitute",
    "dossier-submit_defence",
    "dossier-schedule_hearing",
    "dossier-hold_hearing",
    "dossier-issue_award",
    "dossier-close",
    "dossier-withdraw",
    "dossier-settle",
    "notification-read",
    "notification-read-all",
    "notificationpreference-detail",
}


def test_every_api_route_is_in_the_matrix():
    names = {u.name for u in router.urls if u.name}
    missing = names - set(READS) - WRITES
    assert not missing, f"add these routes to the permission matrix: {sorted(missing)}"
    assert not (set(READS) | WRITES) - names, "the matrix names routes that do not exist"


@pytest.fixture
def world(demo, make_user, reference):
    """The demo data plus a dossier with a panel, a draft notice with a conflict, etc."""
    import datetime

    from agendas.models import AgendaRevision, Priority, Sectorkamer
    from agreements import services as agreement_services
    from agreements.models import Agreement, NoticeConflict
    from arbitration import services as arbitration_services
    from arbitration.models import ArbiterProfile
    from notifications.services import notify
    from regions.models import Arbeidsmarktregio, Organisation, RegionalTable, Role, User

    users = {u.username: u for u in User.objects.all()}
    people = {
        "board": users["bestuur"],
        "secretary": users["secretaris"],
        "member": users["lid-onderwijs"],
        "coordinator": users["coordinator"],
        "table_member": users["tafellid"],
        "school": users["school"],
        "otib": users["otib"],
        "secretariat": users["secretariaat"],
        "arbiter": users["arbiter"],
        "other_arbiter": users["arbiter-albeda"],
        "staff": users["beheer"],
        "secretary_mtlm": users["secretaris-mtlm"],
    }
    albeda = Organisation.objects.get(name="Albeda College")
    otib = Organisation.objects.get(name__startswith="OTIB")
    agreement = Agreement.objects.get(title="Meer leerbanen in de installatietechniek")
    dossier = arbitration_services.create_dossier(
        actor=people["school"],
        claimants=[albeda],
        respondents=[otib],
        kind="performance",
        claim="Vertrouwelijk",
        agreements=[agreement],
    )
    dossier = arbitration_services.file_dossier(actor=people["school"], dossier=dossier)
    arbitration_services.admit_dossier(actor=people["secretariat"], dossier=dossier, comment="Ok")
    arbitration_services.propose_panel(
        actor=people["secretariat"],
        dossier=dossier,
        arbiters=[ArbiterProfile.objects.get(user=people["arbiter"])],
    )
    document = arbitration_services.upload_document(
        actor=people["school"],
        dossier=dossier,
        title="Eis",
        visibility="all",
        uploaded_file=SimpleUploadedFile("eis.pdf", b"%PDF-1.4\n%%EOF\n"),
    )
    from agendas.models import Qualification

    notice = agreement_services.create_notice(
        actor=people["school"],
        institution=albeda,
        qualification=Qualification.objects.get(crebo="25462"),
        action="start",
        leerweg="BBL",
        municipality="Rotterdam",
        region=Arbeidsmarktregio.objects.get(code="AM22"),
        study_year=datetime.date.today().year + 2,
    )
    agreement_services.submit_notice(actor=people["school"], notice=notice)
    conflict = NoticeConflict.objects.get(notice=notice)
    notify(recipients=[people["school"]], kind="agenda", key="matrix", title="Alleen voor school")
    ids = {
        "organisation": albeda.pk,
        "table": RegionalTable.objects.first().pk,
        "assignment": people["school"].role_assignments.first().pk,
        "agenda": AgendaRevision.objects.filter(state="draft").first().agenda_id,
        "draft": AgendaRevision.objects.filter(state="draft", agenda__sectorkamer__code="01")
        .get()
        .pk,
        "ratified": AgendaRevision.objects.get(state="ratified").pk,
        "draft_priority": Priority.objects.filter(
            revision__state="draft", revision__agenda__sectorkamer__code="01"
        )
        .first()
        .pk,
        "agreement": agreement.pk,
        "report": agreement.progress_reports.first().pk,
        "notice": notice.pk,
        "conflict": conflict.pk,
        "dossier": dossier.pk,
        "document": document.pk,
        "arbiter": ArbiterProfile.objects.get(user=people["arbiter"]).pk,
        "notification": people["school"].notifications.get(key="matrix").pk,
    }
    assert Sectorkamer.objects.count() == 8 and Role  # the demo is complete
    return people, ids


def test_the_read_matrix(world):
    people, ids = world
    failures = []
    for name, (template, expected) in READS.items():
        url = template.format(**ids)
        for role, status in expected.items():
            client = APIClient()
            if role != "anonymous":
                client.force_authenticate(people[role])
            got = client.get(url).status_code
            if got != status:
                failures.append(f"{name} {role}: expected {status}, got {got}")
    # the MTLM secretary sees the notice of a qualification of her sectorkamer
    client = APIClient()
    client.force_authenticate(people["secretary_mtlm"])
    assert client.get(f"/api/v1/start-stop-notices/{ids['notice']}/").status_code == 200
    cells = sum(len(expected) for _template, expected in READS.values())
    assert not failures, f"{len(failures)} of {cells} cells differ:\n" + "\n".join(failures)
