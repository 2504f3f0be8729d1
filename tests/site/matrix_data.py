"""The permission matrix: who gets which answer from every API operation, page, page action
and download, for objects inside and outside their scope.

Expectations come from the rules (each app's ``rules.py``) and the README, never from what the
code happens to answer: ``ok`` roles may act (200/201/204 in the API, 302 after a page
action), roles that can see the object but may not act get 403, everyone else 404 (an
arbitration dossier reaches only the people on it), anonymous 401 in the API and a redirect
to the login page on the site. A request body that names an object the user may not see is
answered as if that object did not exist: 400 for a revision or priority (an unknown id), 404
for a dossier (confidential: the same answer as for a dossier that does not exist).

``build_world`` builds, once, the demo plus the objects every operation needs in the state
that lets the allowed role succeed (a draft to submit, a proposed agreement to accept, a
dossier in every step of the procedure, ...). Each cell runs in a savepoint that is rolled
back, so one role's successful write never changes what the next role meets.
"""

import dataclasses
import datetime
import io
from collections.abc import Callable
from decimal import Decimal

import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import URLPattern, URLResolver, get_resolver

ROLES = [
    "anonymous",
    "board",
    "secretary",  # sectorkamer TGO (01)
    "secretary_mtlm",  # sectorkamer MTLM (02): outside TGO's scope
    "member",  # sectorkamer TGO, education side
    "coordinator",  # regional table Rotterdamse Zorg (works for Albeda, represents nobody)
    "table_member",  # regional table Rotterdamse Zorg
    "school",  # represents Albeda College: claimant in the dossiers, party to agreements
    "otib",  # represents OTIB: respondent in the dossiers
    "secretariat",  # the arbitration secretariat (also SBB staff in the demo)
    "arbiter",  # on the panel of the dossiers
    "other_arbiter",  # on the roster, on no panel
    "staff",  # SBB staff (the administration), no role
]
USERNAMES = {
    "board": "bestuur",
    "secretary": "secretaris",
    "secretary_mtlm": "secretaris-mtlm",
    "member": "lid-onderwijs",
    "coordinator": "coordinator",
    "table_member": "tafellid",
    "school": "school",
    "otib": "otib",
    "secretariat": "secretariaat",
    "arbiter": "arbiter",
    "other_arbiter": "arbiter-albeda",
    "staff": "beheer",
}
PASSWORD = "kansrijk-demo"
USERS = frozenset(ROLES) - {"anonymous"}
LOGIN = "login"  # expected answer: a redirect to the login page

# Who can see what (the rules as sets of roles of this world).
STAFF = {"staff", "secretariat"}  # the demo's secretariat is SBB staff as well
TGO_DRAFT_PEOPLE = {"board", "secretary", "member"} | STAFF
ZWS_DRAFT_PEOPLE = {"board"} | STAFF
MTLM_DRAFT_PEOPLE = {"board", "secretary_mtlm"} | STAFF
NOTICE_PEOPLE = {"school", "secretary_mtlm", "board"} | STAFF  # crebo 25462 is MTLM's
DRAFT_DOSSIER_PEOPLE = {"school"}  # a draft: its claimants and its author only
FILED_DOSSIER_PEOPLE = {"school", "otib", "secretariat"}  # parties and secretariat
DOSSIER_PEOPLE = FILED_DOSSIER_PEOPLE | {"arbiter"}  # ... and the panel, once proposed
TABLE_MANAGERS = {"coordinator"} | STAFF
REPRESENTATIVES = {"school", "otib"}
ARBITRATION_USERS = {"board", "school", "otib", "secretariat", "arbiter", "other_arbiter"}
NOTICE_USERS = REPRESENTATIVES | {"secretary", "secretary_mtlm", "board"} | STAFF
# Albeda's agenda topic for TGO: the sectorkamer, the board, SBB staff and Albeda's
# representative (who submitted it); the coordinator works for Albeda but does not speak for it
TOPIC_PEOPLE = {"board", "secretary", "member", "school"} | STAFF
TOPIC_SUBMITTERS = {"school", "member"}
# Shared practice on TGO's internships agreement: its manager and TGO's members, and the
# representatives of its owner (Albeda) and parties (OTIB); the one waiting for review (by the
# member) is seen by the sectorkamer, the board and SBB staff only
PRACTICE_SHARERS = {"secretary", "member", "school", "otib"}
PRACTICE_REVIEW_PEOPLE = TGO_DRAFT_PEOPLE
PRACTICE = {
    "kind": "good",
    "category": "internships",
    "title": "Nieuwe praktijk",
    "what_was_done": "Wat we deden",
    "result": "Wat het opleverde",
    "lessons": "Wat anderen kunnen leren",
}  # Albeda teaches TGO opleidingen; a TGO member


def api(ok, seen=USERS, *, status=200, unseen=404, **override):
    """API answers: ``status`` for ``ok``, 403 for the others in ``seen`` (they see the object
    but may not act), ``unseen`` for the rest, 401 for anonymous."""
    answers = {"anonymous": 401}
    for role in ROLES[1:]:
        answers[role] = status if role in ok else 403 if role in seen else unseen
    answers.update(override)
    return answers


def page(ok, seen=USERS, *, status=200, **override):
    """Page answers: as ``api`` but anonymous is sent to the login page."""
    return api(ok, seen, status=status, anonymous=LOGIN, **override)


def done(ok, seen=USERS, **override):
    """A page action (POST): a redirect (302) back to the page for the allowed roles."""
    return page(ok, seen, status=302, **override)


EVERYONE_API = api(USERS)
EVERYONE_PAGE = page(USERS)
# An irreversible step posted from its page carries the confirmation box (core.workflow).
CONFIRMED = {"confirmed": "on"}


@dataclasses.dataclass(frozen=True)
class Case:
    """One request against every role: the URL (with ``{ids}``), the body (a dict or a
    function of the ids) and the expected answer per role."""

    url: str
    expected: dict
    body: dict | Callable | None = None
    format: str = "json"
    note: str = ""

    def data(self, ids):
        body = self.body(ids) if callable(self.body) else self.body
        return body if body is not None else {}


def pdf(name="bijlage.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")


# -- the API: reads ----------------------------------------------------------------------

# route name -> cases (GET)
READS = {
    "api-root": [Case("/api/v1/", EVERYONE_API)],
    # the public API: anonymous, the same for everyone; what is not public is not found
    "public-api-root": [Case("/api/public/v1/", {r: 200 for r in ROLES})],
    "public-agenda-list": [Case("/api/public/v1/agendas/", {r: 200 for r in ROLES})],
    "public-agreement-list": [Case("/api/public/v1/agreements/", {r: 200 for r in ROLES})],
    "public-agreement-detail": [
        Case("/api/public/v1/agreements/{public_agreement}/", {r: 200 for r in ROLES}),
        Case("/api/public/v1/agreements/{kies}/", {r: 404 for r in ROLES}, note="a draft"),
        Case("/api/public/v1/agreements/{agreement}/", {r: 404 for r in ROLES}, note="disputed"),
    ],
    "public-party-list": [Case("/api/public/v1/parties/", {r: 200 for r in ROLES})],
    "public-report-list": [Case("/api/public/v1/reports/", {r: 200 for r in ROLES})],
    "public-practice-list": [Case("/api/public/v1/practices/", {r: 200 for r in ROLES})],
    "public-practice-detail": [
        Case("/api/public/v1/practices/{published_practice}/", {r: 200 for r in ROLES}),
        Case(
            "/api/public/v1/practices/{waiting_practice}/",
            {r: 404 for r in ROLES},
            note="waiting for review",
        ),
    ],
    "api-me": [Case("/api/v1/me/", EVERYONE_API)],
    "arbeidsmarktregio-list": [Case("/api/v1/arbeidsmarktregios/", EVERYONE_API)],
    "arbeidsmarktregio-detail": [Case("/api/v1/arbeidsmarktregios/AM22/", EVERYONE_API)],
    "sectorkamer-list": [Case("/api/v1/sectorkamers/", EVERYONE_API)],
    "sectorkamer-detail": [Case("/api/v1/sectorkamers/01/", EVERYONE_API)],
    "organisation-list": [Case("/api/v1/organisations/", EVERYONE_API)],
    "organisation-detail": [Case("/api/v1/organisations/{albeda}/", EVERYONE_API)],
    "regionaltable-list": [Case("/api/v1/regional-tables/", EVERYONE_API)],
    "regionaltable-detail": [Case("/api/v1/regional-tables/{rotterdam}/", EVERYONE_API)],
    "roleassignment-list": [Case("/api/v1/role-assignments/", api(STAFF, unseen=403))],
    "roleassignment-detail": [
        Case("/api/v1/role-assignments/{assignment}/", api(STAFF, unseen=403))
    ],
    "qualification-list": [Case("/api/v1/qualifications/", EVERYONE_API)],
    "qualification-detail": [Case("/api/v1/qualifications/25462/", EVERYONE_API)],
    "agenda-list": [Case("/api/v1/agendas/", EVERYONE_API)],
    "agenda-detail": [Case("/api/v1/agendas/{tgo_agenda}/", EVERYONE_API)],
    "agendarevision-list": [Case("/api/v1/agenda-revisions/", EVERYONE_API)],
    "agendarevision-detail": [
        Case("/api/v1/agenda-revisions/{draft}/", api(TGO_DRAFT_PEOPLE, ())),
        Case("/api/v1/agenda-revisions/{ratified}/", EVERYONE_API, note="ratified: open"),
    ],
    "agendarevision-history": [
        Case("/api/v1/agenda-revisions/{draft}/history/", api(TGO_DRAFT_PEOPLE, ()))
    ],
    "agendarevision-signal-coverage": [
        Case("/api/v1/agenda-revisions/{draft}/signal-coverage/", api(TGO_DRAFT_PEOPLE, ()))
    ],
    "agendarevision-diff": [
        Case(
            "/api/v1/agenda-revisions/{draft}/diff/?with={ratified}",
            api(TGO_DRAFT_PEOPLE, ()),
        )
    ],
    "priority-list": [Case("/api/v1/priorities/", EVERYONE_API)],
    "agendatopic-list": [Case("/api/v1/agenda-topics/", EVERYONE_API)],
    "practice-list": [Case("/api/v1/practices/", EVERYONE_API)],
    "practice-detail": [
        Case("/api/v1/practices/{published_practice}/", EVERYONE_API),
        Case("/api/v1/practices/{waiting_practice}/", api(PRACTICE_REVIEW_PEOPLE, ())),
    ],
    "agendatopic-detail": [Case("/api/v1/agenda-topics/{open_topic}/", api(TOPIC_PEOPLE, ()))],
    "priority-detail": [
        Case("/api/v1/priorities/{draft_priority}/", api(TGO_DRAFT_PEOPLE, ())),
        Case("/api/v1/priorities/{ratified_priority}/", EVERYONE_API),
    ],
    "agreement-list": [Case("/api/v1/agreements/", EVERYONE_API)],
    "agreement-detail": [Case("/api/v1/agreements/{agreement}/", EVERYONE_API)],
    "agreement-offer-rules": [Case("/api/v1/agreements/{smart_draft}/offer-rules/", EVERYONE_API)],
    "progressreport-list": [Case("/api/v1/progress-reports/", EVERYONE_API)],
    "progressreport-detail": [Case("/api/v1/progress-reports/{report}/", EVERYONE_API)],
    "startstopnotice-list": [Case("/api/v1/start-stop-notices/", EVERYONE_API)],
    "startstopnotice-detail": [
        Case("/api/v1/start-stop-notices/{notice}/", api(NOTICE_PEOPLE, ()))
    ],
    "noticeconflict-list": [Case("/api/v1/notice-conflicts/", EVERYONE_API)],
    "noticeconflict-detail": [Case("/api/v1/notice-conflicts/{conflict}/", api(NOTICE_PEOPLE, ()))],
    "dossier-list": [Case("/api/v1/arbitration/dossiers/", EVERYONE_API)],
    "dossier-detail": [
        Case("/api/v1/arbitration/dossiers/{dossier}/", api(DOSSIER_PEOPLE, ())),
        Case("/api/v1/arbitration/dossiers/{d_draft}/", api(DRAFT_DOSSIER_PEOPLE, ())),
        Case("/api/v1/arbitration/dossiers/{d_filed}/", api(FILED_DOSSIER_PEOPLE, ())),
    ],
    "dossier-access-log": [
        Case(
            "/api/v1/arbitration/dossiers/{dossier}/access-log/",
            api(FILED_DOSSIER_PEOPLE, ()),
            note="the secretariat and the parties; not the panel; 404 for everyone else",
        ),
        Case("/api/v1/arbitration/dossiers/{d_draft}/access-log/", api(DRAFT_DOSSIER_PEOPLE, ())),
    ],
    "document-list": [Case("/api/v1/arbitration/documents/", EVERYONE_API)],
    "document-detail": [
        Case("/api/v1/arbitration/documents/{doc_all}/", api(DOSSIER_PEOPLE, ())),
        Case("/api/v1/arbitration/documents/{doc_panel}/", api({"arbiter", "secretariat"}, ())),
        Case("/api/v1/arbitration/documents/{doc_secretariat}/", api({"secretariat"}, ())),
    ],
    "document-download": [
        Case("/api/v1/arbitration/documents/{doc_all}/download/", api(DOSSIER_PEOPLE, ())),
        Case(
            "/api/v1/arbitration/documents/{doc_panel}/download/",
            api({"arbiter", "secretariat"}, ()),
        ),
        Case(
            "/api/v1/arbitration/documents/{doc_secretariat}/download/",
            api({"secretariat"}, ()),
        ),
    ],
    "arbiter-list": [
        Case("/api/v1/arbitration/arbiters/", api({"secretariat", "staff"}, unseen=403))
    ],
    "arbiter-detail": [
        Case("/api/v1/arbitration/arbiters/{arbiter}/", api({"secretariat", "staff"}, unseen=403))
    ],
    "api-arbitration-statistics": [
        Case("/api/v1/arbitration/statistics/", api({"board", "secretariat"}, unseen=403))
    ],
    "notification-list": [Case("/api/v1/notifications/", EVERYONE_API)],
    "notification-detail": [Case("/api/v1/notifications/{notification}/", api({"school"}, ()))],
    "notificationpreference-list": [Case("/api/v1/notification-preferences/", EVERYONE_API)],
    "notificationpreference-detail": [
        Case("/api/v1/notification-preferences/{preference}/", api({"school"}, ()))
    ],
    "cycle-list": [Case("/api/v1/cycles/", EVERYONE_API)],
    # the atlas: facts and signals for every logged-in user ...
    "dataset-list": [Case("/api/v1/atlas/datasets/", EVERYONE_API)],
    "atlaspublication-list": [Case("/api/v1/atlas/publications/", EVERYONE_API)],
    "atlaspublication-detail": [
        Case("/api/v1/atlas/publications/{atlas_publication}/", EVERYONE_API)
    ],
    "dataset-detail": [Case("/api/v1/atlas/datasets/{dataset}/", EVERYONE_API)],
    "indicator-list": [Case("/api/v1/atlas/indicators/", EVERYONE_API)],
    "indicator-detail": [Case("/api/v1/atlas/indicators/kans_op_werk/", EVERYONE_API)],
    "indicatorvalue-list": [
        Case("/api/v1/atlas/indicator-values/?indicator=kans_op_werk", EVERYONE_API)
    ],  # fmt: skip
    "indicatorvalue-detail": [
        Case("/api/v1/atlas/indicator-values/{indicator_value}/", EVERYONE_API)
    ],
    "indicatorvalue-export": [Case("/api/v1/atlas/indicator-values/csv/", EVERYONE_API)],
    "signalrule-list": [Case("/api/v1/atlas/signal-rules/", EVERYONE_API)],
    "signalrule-detail": [Case("/api/v1/atlas/signal-rules/few-students/", EVERYONE_API)],
    "signal-list": [Case("/api/v1/atlas/signals/", EVERYONE_API)],
    "signal-export": [Case("/api/v1/atlas/signals/csv/", EVERYONE_API)],
    "signal-detail": [
        Case("/api/v1/atlas/signals/{signal_opleiding}/", EVERYONE_API),
        # ... but a signal about one institution reaches that institution, its sectorkamer
        # (TGO), SBB staff and the board only
        Case(
            "/api/v1/atlas/signals/{signal_institution}/",
            api({"board", "secretary", "member"} | STAFF, ()),
        ),  # fmt: skip
    ],
}

# Open by design: the API description (no data in it) and the token endpoint.
# (route name, method) -> expected answer for every role, anonymous included
PUBLIC_API = {
    ("api-schema", "GET"): 200,
    ("api-docs", "GET"): 200,
    ("api-token", "POST"): 200,  # with the caller's own credentials (tested separately)
}

# -- the API: writes ---------------------------------------------------------------------

PARTIES_OF_PROPOSED = {"school", "otib"}  # Albeda responsible, OTIB contributing

# (route name, method) -> cases
WRITES = {
    # regions: the directory and the roles are SBB staff work; a table's members its coordinator
    ("organisation-list", "POST"): [
        Case(
            "/api/v1/organisations/",
            api(STAFF, status=201),
            {"name": "Matrix BV", "kind": "employer", "city": "Utrecht"},
        )
    ],
    ("organisation-detail", "PUT"): [
        Case(
            "/api/v1/organisations/{albeda}/",
            api(STAFF),
            {
                "name": "Albeda College",
                "kind": "mbo_institution",
                "institution_code": "00GT",
                "city": "Rotterdam",
                "regions": ["AM22"],
            },
        )
    ],
    ("organisation-detail", "PATCH"): [
        Case("/api/v1/organisations/{albeda}/", api(STAFF), {"city": "Rotterdam-Zuid"})
    ],
    ("regionaltable-list", "POST"): [
        Case(
            "/api/v1/regional-tables/",
            api(STAFF, status=201),
            {"name": "Matrixtafel", "regions": ["AM18"]},
        )
    ],
    ("regionaltable-detail", "PUT"): [
        Case(
            "/api/v1/regional-tables/{rotterdam}/",
            api(STAFF),
            lambda i: {
                "name": "Rotterdamse Zorg",
                "regions": ["AM22"],
                "sectorkamer": "03",
                "coordinator": i["coordinator_user"],
            },
            note="not the coordinator: the table itself is SBB staff work",
        )
    ],
    ("regionaltable-detail", "PATCH"): [
        Case("/api/v1/regional-tables/{rotterdam}/", api(STAFF), {"name": "Zorg Rijnmond"})
    ],
    ("regionaltable-members", "POST"): [
        Case(
            "/api/v1/regional-tables/{rotterdam}/members/",
            api(TABLE_MANAGERS, status=201),
            lambda i: {"organisation": i["roc_twente"]},
        ),
        Case(
            "/api/v1/regional-tables/{twente}/members/",
            api(STAFF, status=201),
            lambda i: {"organisation": i["zadkine"]},
            note="another table: not the Rotterdam coordinator's",
        ),
    ],
    ("regionaltable-remove-member", "DELETE"): [
        Case(
            "/api/v1/regional-tables/{rotterdam}/members/{zadkine}/",
            api(TABLE_MANAGERS, status=204),
        ),
        Case("/api/v1/regional-tables/{twente}/members/{roc_twente}/", api(STAFF, status=204)),
    ],
    ("roleassignment-list", "POST"): [
        Case(
            "/api/v1/role-assignments/",
            api(STAFF, status=201),
            lambda i: {
                "user": i["table_member_user"],
                "role": "organisation_representative",
                "organisation": i["zadkine"],
                "valid_from": i["today"],
            },
        )
    ],
    ("roleassignment-end", "POST"): [
        Case(
            "/api/v1/role-assignments/{assignment}/end/",
            api(STAFF),
            lambda i: {"valid_until": i["in_a_month"]},
        )
    ],
    # agendas: the sectorkamer's secretary drafts; the board ratifies or returns
    ("agenda-list", "POST"): [
        Case(
            "/api/v1/agendas/",
            api({"secretary"}, status=201),
            lambda i: {
                "sectorkamer": "01",
                "title": "Volgende agenda TGO",
                "first_year": i["next_agenda_year"],
                "last_year": i["next_agenda_year"] + 3,
            },
        )
    ],
    ("agenda-detail", "PUT"): [
        Case(
            "/api/v1/agendas/{tgo_agenda}/",
            api({"secretary"}),
            lambda i: {
                "sectorkamer": "01",
                "title": "Sectoragenda TGO",
                "first_year": i["tgo_first_year"],
                "last_year": i["tgo_last_year"],
            },
        )
    ],
    ("agenda-detail", "PATCH"): [
        Case("/api/v1/agendas/{tgo_agenda}/", api({"secretary"}), {"title": "Agenda TGO"})
    ],
    ("agenda-start-revision", "POST"): [
        Case(
            "/api/v1/agendas/{tgo_agenda}/start-revision/",
            api({"secretary"}, status=201),
            lambda i: {"year": i["cycle_year"] + 1},
        )
    ],
    ("agendarevision-detail", "PATCH"): [
        Case(
            "/api/v1/agenda-revisions/{draft}/",
            api({"secretary"}, TGO_DRAFT_PEOPLE),
            {"summary": "Bijgewerkt"},
        )
    ],
    ("agendarevision-signals-to-priority", "POST"): [
        Case(
            "/api/v1/agenda-revisions/{draft}/signals-to-priority/",
            api({"secretary"}, TGO_DRAFT_PEOPLE, status=201),
            lambda i: {"signals": [i["tgo_signal"]]},
        )
    ],
    ("agendarevision-set-signal-aside", "POST"): [
        Case(
            "/api/v1/agenda-revisions/{draft}/set-signal-aside/",
            api({"secretary"}, TGO_DRAFT_PEOPLE, status=201),
            lambda i: {"signal": i["tgo_signal"], "reason": "al belegd bij de regionale tafel"},
        )
    ],
    ("agendarevision-submit", "POST"): [
        Case(
            "/api/v1/agenda-revisions/{draft}/submit/",
            api({"secretary"}, TGO_DRAFT_PEOPLE),
            {"confirm_open_signals": True},  # the demo's TGO atlas has open top signals
        )
    ],
    ("agendarevision-adopt", "POST"): [
        Case(
            "/api/v1/agenda-revisions/{mtlm_submitted}/adopt/",
            api({"secretary_mtlm"}, MTLM_DRAFT_PEOPLE),
            lambda i: {
                "meeting_date": i["today"],
                "education_side_agreed": True,
                "business_side_agreed": True,
            },
            note="MTLM's revision: the TGO secretary does not even see it",
        )
    ],
    ("agendarevision-ratify", "POST"): [
        Case("/api/v1/agenda-revisions/{zws_adopted}/ratify/", api({"board"}, ZWS_DRAFT_PEOPLE))
    ],
    ("agendarevision-return", "POST"): [
        Case(
            "/api/v1/agenda-revisions/{zws_adopted}/return/",
            api({"board"}, ZWS_DRAFT_PEOPLE),
            {"comment": "Graag de onderbouwing aanvullen."},
        )
    ],
    ("practice-list", "POST"): [
        Case(
            "/api/v1/practices/",
            api(PRACTICE_SHARERS, status=201),
            lambda i: {**PRACTICE, "agreement": i["agreement"]},
        )
    ],
    ("practice-publish", "POST"): [
        Case(
            "/api/v1/practices/{waiting_practice}/publish/",
            api({"secretary"}, PRACTICE_REVIEW_PEOPLE),
        )
    ],
    ("practice-return", "POST"): [
        Case(
            "/api/v1/practices/{waiting_practice}/return/",
            api({"secretary"}, PRACTICE_REVIEW_PEOPLE),
            {"comment": "Graag cijfers erbij."},
        )
    ],
    ("agendatopic-list", "POST"): [
        Case(
            "/api/v1/agenda-topics/",
            api(TOPIC_SUBMITTERS, status=201),
            lambda i: {
                "sectorkamer": "01",
                "year": i["topic_year"],
                "title": "Nieuw onderwerp",
                "explanation": "Toelichting",
            },
            note="only who speaks for a party in the sectorkamer: the others get 403",
        )
    ],
    ("agendatopic-consider", "POST"): [
        Case("/api/v1/agenda-topics/{open_topic}/consider/", api({"secretary"}, TOPIC_PEOPLE))
    ],
    ("agendatopic-take_up", "POST"): [
        Case("/api/v1/agenda-topics/{open_topic}/take-up/", api({"secretary"}, TOPIC_PEOPLE))
    ],
    ("agendatopic-combine", "POST"): [
        Case(
            "/api/v1/agenda-topics/{open_topic}/combine/",
            api({"secretary"}, TOPIC_PEOPLE),
            lambda i: {"with_topic": i["member_topic"]},
        )
    ],
    ("agendatopic-decline", "POST"): [
        Case(
            "/api/v1/agenda-topics/{open_topic}/decline/",
            api({"secretary"}, TOPIC_PEOPLE),
            {"comment": "Valt buiten de sector."},
        )
    ],
    ("agendatopic-withdraw", "POST"): [
        Case("/api/v1/agenda-topics/{open_topic}/withdraw/", api({"school"}, TOPIC_PEOPLE))
    ],
    ("priority-list", "POST"): [
        Case(
            "/api/v1/priorities/",
            api({"secretary"}, TGO_DRAFT_PEOPLE, status=201, unseen=400),
            lambda i: {
                "revision": i["draft"],
                "kind": "challenge",
                "title": "Nieuwe prioriteit",
                "description": "Beschrijving",
                "evidence": "Onderbouwing",
                "sectoral": True,
            },
            note="a revision one cannot see is answered as an unknown revision (400)",
        )
    ],
    ("priority-detail", "PATCH"): [
        Case(
            "/api/v1/priorities/{draft_priority}/",
            api({"secretary"}, TGO_DRAFT_PEOPLE),
            {"title": "Tekort aan technici"},
        )
    ],
    ("priority-detail", "DELETE"): [
        Case(
            "/api/v1/priorities/{draft_priority}/",
            api({"secretary"}, TGO_DRAFT_PEOPLE, status=204),
        )
    ],
    ("priority-move", "POST"): [
        Case(
            "/api/v1/priorities/{draft_priority}/move/",
            api({"secretary"}, TGO_DRAFT_PEOPLE),
            {"direction": "down"},
        )
    ],
    # agreements: managed by the sectorkamer's secretary or the table's coordinator; parties
    # accept through their representatives; the manager and the owner evaluate
    ("agreement-list", "POST"): [
        Case(
            "/api/v1/agreements/",
            api({"secretary"}, status=201),
            lambda i: {
                "priority": i["ratified_priority"],
                "level": "sectoral",
                "category": "guidance",
                "title": "Nieuwe sectorafspraak",
                "owner": i["albeda"],
            },
        ),
        Case(
            "/api/v1/agreements/",
            api({"coordinator"}, status=201),
            lambda i: {
                "regional_table": i["rotterdam"],
                "level": "regional",
                "category": "internships",
                "title": "Nieuwe regionale afspraak",
                "owner": i["albeda"],
            },
        ),
        Case(
            "/api/v1/agreements/",
            api({"secretary_mtlm"}, MTLM_DRAFT_PEOPLE, status=201, unseen=400),
            lambda i: {
                "priority": i["mtlm_priority"],
                "level": "sectoral",
                "category": "guidance",
                "title": "Nieuwe MTLM-afspraak",
                "owner": i["albeda"],
            },
            note="a priority of a revision one cannot see: answered as an unknown priority",
        ),
    ],
    ("agreement-detail", "PATCH"): [
        Case("/api/v1/agreements/{kies}/", api({"secretary"}), {"title": "Kansberoepen"}),
        Case(
            "/api/v1/agreements/{commitment}/",
            api({"coordinator"}),
            {"title": "Baangarantie VIG"},
            note="the table's commitment: its coordinator, not the TGO secretary",
        ),
    ],
    ("agreement-offer-rules", "POST"): [
        Case(
            "/api/v1/agreements/{smart_draft}/offer-rules/",
            api({"secretary"}, status=201),
            {"kind": "allowed_regions", "qualifications": ["25304"], "regions": ["AM22"]},
            note="as the agreement's page: whoever may change the draft",
        )
    ],
    ("agreement-propose", "POST"): [
        Case("/api/v1/agreements/{smart_draft}/propose/", api({"secretary"}))
    ],
    ("agreement-accept", "POST"): [
        Case("/api/v1/agreements/{proposed}/accept/", api(PARTIES_OF_PROPOSED))
    ],
    ("agreement-decline", "POST"): [
        Case(
            "/api/v1/agreements/{proposed}/decline/",
            api(PARTIES_OF_PROPOSED),
            {"comment": "Niet haalbaar"},
        )
    ],
    ("agreement-achieve", "POST"): [
        Case(
            "/api/v1/agreements/{evaluable}/achieve/",
            api({"secretary", "school"}),
            {"comment": "Gehaald"},
            note="the manager and the owner's representative",
        )
    ],
    ("agreement-fail", "POST"): [
        Case(
            "/api/v1/agreements/{evaluable}/fail/",
            api({"secretary", "school"}),
            {"comment": "Niet gehaald"},
        )
    ],
    ("agreement-cancel", "POST"): [
        Case("/api/v1/agreements/{kies}/cancel/", api({"secretary"}), {"comment": "Vervalt"}),
        Case(
            "/api/v1/agreements/{mtlm_offer}/cancel/",
            api({"secretary_mtlm"}),
            {"comment": "Vervalt"},
            note="an MTLM agreement: not the TGO secretary's",
        ),
    ],
    ("progressreport-list", "POST"): [
        Case(
            "/api/v1/progress-reports/",
            api({"secretary_mtlm", "school"}, status=201),
            lambda i: {
                "agreement": i["mtlm_offer"],
                "period_start": i["a_month_ago"],
                "period_end": i["today"],
                "value": "3",
                "status": "on_track",
            },
            note="the manager and the responsible party's representative",
        )
    ],
    ("startstopnotice-list", "POST"): [
        Case(
            "/api/v1/start-stop-notices/",
            api({"school"}, status=201),
            lambda i: {
                "institution": i["albeda"],
                "qualification": "25462",
                "action": "stop",
                "leerweg": "BOL",
                "municipality": "Rotterdam",
                "region": "AM22",
                "study_year": i["cycle_year"] + 3,
            },
        )
    ],
    ("startstopnotice-submit", "POST"): [
        Case("/api/v1/start-stop-notices/{draft_notice}/submit/", api({"school"}, NOTICE_PEOPLE))
    ],
    ("startstopnotice-exception", "POST"): [
        Case(
            "/api/v1/start-stop-notices/{draft_notice}/exception/",
            api({"secretary_mtlm"}, NOTICE_PEOPLE),
            {"reason": "Nieuwe vestiging"},
            note="the qualification's sectorkamer secretary (MTLM), not TGO's",
        )
    ],
    ("noticeconflict-resolve", "POST"): [
        Case(
            "/api/v1/notice-conflicts/{conflict}/resolve/",
            api({"secretary_mtlm"}, NOTICE_PEOPLE),
            {"resolution": "consistent"},
        )
    ],
    # arbitration: only the people on a dossier see it; anyone else gets 404
    ("dossier-list", "POST"): [
        Case(
            "/api/v1/arbitration/dossiers/",
            api({"school", "secretariat"}, status=201),
            lambda i: {
                "claimants": [i["albeda"]],
                "respondents": [i["otib_org"]],
                "kind": "performance",
                "claim": "Nakoming",
            },
            note="a claimant's representative, or the secretariat preparing it",
        )
    ],
    ("dossier-file", "POST"): [
        Case("/api/v1/arbitration/dossiers/{d_draft}/file/", api({"school"}, ()))
    ],
    ("dossier-admit", "POST"): [
        Case(
            "/api/v1/arbitration/dossiers/{d_filed}/admit/",
            api({"secretariat"}, FILED_DOSSIER_PEOPLE),
            {"comment": "Ontvankelijk"},
        )
    ],
    ("dossier-reject", "POST"): [
        Case(
            "/api/v1/arbitration/dossiers/{d_filed}/reject/",
            api({"secretariat"}, FILED_DOSSIER_PEOPLE),
            {"comment": "Niet ontvankelijk"},
        )
    ],
    ("dossier-propose_panel", "POST"): [
        Case(
            "/api/v1/arbitration/dossiers/{d_admitted}/propose-panel/",
            api({"secretariat"}, FILED_DOSSIER_PEOPLE),
            lambda i: {"arbiters": [i["arbiter"]]},
        )
    ],
    ("dossier-constitute", "POST"): [
        Case(
            "/api/v1/arbitration/dossiers/{d_ready}/constitute/",
            api({"secretariat"}, DOSSIER_PEOPLE),
        )
    ],
    ("dossier-submit_defence", "POST"): [
        Case(
            "/api/v1/arbitration/dossiers/{d_constituted}/submit-defence/",
            api({"otib"}, DOSSIER_PEOPLE),
            {"comment": "Verweer"},
            note="the respondent",
        )
    ],
    ("dossier-schedule_hearing", "POST"): [
        Case(
            "/api/v1/arbitration/dossiers/{d_defence}/schedule-hearing/",
            api({"secretariat"}, DOSSIER_PEOPLE),
            lambda i: {"at": i["hearing_at"], "place": "Zoetermeer"},
        )
    ],
    ("dossier-hold_hearing", "POST"): [
        Case(
            "/api/v1/arbitration/dossiers/{d_scheduled}/hold-hearing/",
            api({"secretariat", "arbiter"}, DOSSIER_PEOPLE),
            {"minutes": "Partijen gehoord."},
        )
    ],
    ("dossier-issue_award", "POST"): [
        Case(
            "/api/v1/arbitration/dossiers/{d_held}/issue-award/",
            api({"arbiter"}, DOSSIER_PEOPLE),
            {"decision": "granted", "reasoning": "Toegewezen.", "agreement_effect": "active"},
            note="the panel only",
        )
    ],
    ("dossier-close", "POST"): [
        Case(
            "/api/v1/arbitration/dossiers/{d_awarded}/close/",
            api({"secretariat"}, DOSSIER_PEOPLE),
        )
    ],
    ("dossier-withdraw", "POST"): [
        Case(
            "/api/v1/arbitration/dossiers/{d_filed}/withdraw/",
            api({"school"}, FILED_DOSSIER_PEOPLE),
            note="the claimant",
        )
    ],
    ("dossier-settle", "POST"): [
        Case(
            "/api/v1/arbitration/dossiers/{d_filed}/settle/",
            api({"secretariat"}, FILED_DOSSIER_PEOPLE),
            {"terms": "Partijen schikken.", "agreement_effect": "active"},
        )
    ],
    ("document-list", "POST"): [
        Case(
            "/api/v1/arbitration/documents/",
            api(DOSSIER_PEOPLE, (), status=201),
            lambda i: {
                "dossier": i["dossier"],
                "title": "Bijlage",
                "visibility": "all",
                "file": pdf(),
            },
            format="multipart",
            note="an outsider learns nothing: 404, as for a dossier that does not exist",
        ),
        Case(
            "/api/v1/arbitration/documents/",
            api(DRAFT_DOSSIER_PEOPLE, (), status=201),
            lambda i: {
                "dossier": i["d_draft"],
                "title": "Concept",
                "visibility": "all",
                "file": pdf(),
            },
            format="multipart",
            note="a draft dossier: its claimants and author only",
        ),
        Case(
            "/api/v1/arbitration/documents/",
            api({"arbiter", "secretariat"}, (), status=201, school=400, otib=400),
            lambda i: {
                "dossier": i["dossier"],
                "title": "Nieuwe versie",
                "visibility": "all",
                "file": pdf(),
                "replaces": i["doc_panel"],
            },
            format="multipart",
            note="a new version of a panel document: the parties cannot name it (unknown)",
        ),
    ],
    # the atlas: SBB staff publish a sectorkamer's atlas (ZWS: the demo published TGO's)
    ("atlaspublication-list", "POST"): [
        Case(
            "/api/v1/atlas/publications/",
            api(STAFF, status=201),
            lambda i: {"sectorkamer": "02", "year": i["cycle_year"]},
        )
    ],
    # the atlas: SBB staff load the data
    ("dataset-upload", "POST"): [
        Case(
            "/api/v1/atlas/datasets/upload/",
            api(STAFF, status=201),
            lambda i: {
                "kind": "indicators",
                "file": SimpleUploadedFile(
                    "kans.csv",
                    b"INDICATOR;NIVEAU;CREBO;JAAR;WAARDE\nkans_op_werk;crebo;25462;2026;51\n",
                ),
            },
            format="multipart",
        )
    ],
    # your own API token: revoking it needs no more than being signed in
    ("api-token", "DELETE"): [Case("/api/v1/auth/token/", api(USERS, status=204))],
    # notifications: your own only
    ("notification-read", "POST"): [
        Case("/api/v1/notifications/{notification}/read/", api({"school"}, ()))
    ],
    ("notification-read-all", "POST"): [Case("/api/v1/notifications/read-all/", EVERYONE_API)],
    ("notificationpreference-list", "POST"): [
        Case(
            "/api/v1/notification-preferences/",
            api(USERS, status=201),
            {"kind": "agenda", "channel": "daily"},
        )
    ],
}

# -- the site: pages (GET) ---------------------------------------------------------------

# Public by design (login and password reset): every role and anonymous get this answer.
PUBLIC_PAGES = {
    "health": [Case("/health/", {r: 200 for r in ROLES})],
    "health-web": [Case("/health/web/", {r: 200 for r in ROLES})],
    "login": [Case("/accounts/login/", {r: 200 for r in ROLES})],
    "logout": [Case("/accounts/logout/", {r: 405 for r in ROLES}, note="POST only")],
    "password_reset": [Case("/accounts/password-reset/", {r: 200 for r in ROLES})],
    "password_reset_done": [Case("/accounts/password-reset/sent/", {r: 200 for r in ROLES})],
    "password_reset_confirm": [
        Case("/accounts/reset/MQ/wrong-token/", {r: 200 for r in ROLES}, note="invalid link")
    ],
    "password_reset_complete": [Case("/accounts/reset/done/", {r: 200 for r in ROLES})],
    # the public register: the same for everyone; what is not public is not found
    "register:index": [Case("/openbaar/", {r: 200 for r in ROLES})],
    "register:sectorkamer": [
        Case("/openbaar/sectorkamers/01/", {r: 200 for r in ROLES}),
        Case("/openbaar/sectorkamers/99/", {r: 404 for r in ROLES}, note="no such sectorkamer"),
    ],
    "register:revision": [
        Case("/openbaar/sectorkamers/01/{ratified_year}/", {r: 200 for r in ROLES}),
        Case(
            "/openbaar/sectorkamers/01/{cycle_year}/",
            {r: 404 for r in ROLES},
            note="TGO's revision of this cycle is a draft",
        ),  # fmt: skip
    ],
    "register:agreements": [Case("/openbaar/afspraken/", {r: 200 for r in ROLES})],
    "register:data": [Case("/openbaar/open-data/", {r: 200 for r in ROLES})],
    "register:practices": [Case("/openbaar/praktijken/", {r: 200 for r in ROLES})],
    "register:practice": [
        Case("/openbaar/praktijken/{published_practice}/", {r: 200 for r in ROLES}),
        Case(
            "/openbaar/praktijken/{waiting_practice}/",
            {r: 404 for r in ROLES},
            note="waiting for review: not public",
        ),
    ],
    "register:download": [
        Case("/openbaar/open-data/agreements.csv", {r: 200 for r in ROLES}),
        Case("/openbaar/open-data/dossiers.csv", {r: 404 for r in ROLES}, note="no such data"),
    ],
    "register:agreement": [
        Case("/openbaar/afspraken/{public_agreement}/", {r: 200 for r in ROLES}),
        Case(
            "/openbaar/afspraken/{agreement}/",
            {r: 404 for r in ROLES},
            note="disputed: nothing about arbitration is public",
        ),  # fmt: skip
        Case("/openbaar/afspraken/{kies}/", {r: 404 for r in ROLES}, note="a draft"),
    ],
}

# URL name -> cases (GET)
PAGES = {
    "home": [Case("/", EVERYONE_PAGE)],
    # two-factor login: everyone may set one up; SBB staff see who did and reset
    "second_factor_verify": [Case("/accounts/tweede-factor/", EVERYONE_PAGE)],
    "second_factor_enrol": [Case("/accounts/tweede-factor/instellen/", EVERYONE_PAGE)],
    "second_factor_staff": [Case("/tweede-factor/beheer/", page(STAFF))],
    # the atlas: every signed-in user reads it (institution-level signals filtered inside)
    "atlas:index": [Case("/atlas/", EVERYONE_PAGE)],
    "atlas:datasets": [Case("/atlas/datasets/", page(STAFF))],
    "atlas:sectorkamer": [
        Case("/atlas/01/{cycle_year}/", EVERYONE_PAGE),
        Case("/atlas/99/{cycle_year}/", page((), ())),  # no such sectorkamer
    ],
    "atlas:region": [
        Case("/atlas/regio/AM22/{cycle_year}/", EVERYONE_PAGE),
        Case("/atlas/regio/AM99/{cycle_year}/", page((), ())),  # no such region
    ],
    # regions
    "regions:region_list": [Case("/arbeidsmarktregios/", EVERYONE_PAGE)],
    "regions:organisation_list": [Case("/organisaties/", EVERYONE_PAGE)],
    "regions:organisation_names": [Case("/organisaties/namen/?q=Albeda", EVERYONE_PAGE)],
    "regions:organisation_create": [Case("/organisaties/nieuw/", page(STAFF))],
    "regions:organisation_detail": [Case("/organisaties/{albeda}/", EVERYONE_PAGE)],
    "regions:organisation_edit": [Case("/organisaties/{albeda}/bewerken/", page(STAFF))],
    "regions:table_list": [Case("/regionale-tafels/", EVERYONE_PAGE)],
    "regions:table_create": [Case("/regionale-tafels/nieuw/", page(STAFF))],
    "regions:table_detail": [Case("/regionale-tafels/{rotterdam}/", EVERYONE_PAGE)],
    "regions:table_edit": [Case("/regionale-tafels/{rotterdam}/bewerken/", page(STAFF))],
    # agendas
    "agendas:sectorkamer_list": [Case("/sectorkamers/", EVERYONE_PAGE)],
    "agendas:sectorkamer_detail": [Case("/sectorkamers/01/", EVERYONE_PAGE)],
    "agendas:agenda_create": [
        Case("/sectorkamers/01/agendas/nieuw/", page({"secretary"})),
        Case("/sectorkamers/02/agendas/nieuw/", page({"secretary_mtlm"})),
    ],
    "agendas:agenda_detail": [Case("/agendas/{tgo_agenda}/", EVERYONE_PAGE)],
    "agendas:topic_list": [Case("/sectorkamers/01/onderwerpen/", EVERYONE_PAGE)],
    "agendas:topic_create": [Case("/sectorkamers/01/onderwerpen/nieuw/", page(TOPIC_SUBMITTERS))],
    "agendas:topic_detail": [Case("/onderwerpen/{open_topic}/", page(TOPIC_PEOPLE, ()))],
    "agendas:revision_detail": [
        Case("/revisies/{draft}/", page(TGO_DRAFT_PEOPLE, ())),
        Case("/revisies/{mtlm_submitted}/", page(MTLM_DRAFT_PEOPLE, ())),
        Case("/revisies/{ratified}/", EVERYONE_PAGE),
    ],
    "agendas:revision_edit": [
        Case("/revisies/{draft}/bewerken/", page({"secretary"}, TGO_DRAFT_PEOPLE))
    ],
    "agendas:revision_diff": [
        Case("/revisies/{draft}/verschillen/", page(TGO_DRAFT_PEOPLE, ())),
        Case("/revisies/{ratified}/verschillen/", EVERYONE_PAGE),
    ],
    "agendas:priority_create": [
        Case("/revisies/{draft}/prioriteiten/nieuw/", page({"secretary"}, TGO_DRAFT_PEOPLE))
    ],
    "agendas:priority_edit": [
        Case("/prioriteiten/{draft_priority}/bewerken/", page({"secretary"}, TGO_DRAFT_PEOPLE))
    ],
    "agendas:ratification_queue": [Case("/bekrachtiging/", page({"board"} | STAFF))],
    "agendas:qualification_list": [Case("/kwalificaties/", EVERYONE_PAGE)],
    # agreements
    "agreements:board": [Case("/afspraken/", EVERYONE_PAGE)],
    "agreements:monitor": [Case("/afspraken/monitor/", EVERYONE_PAGE)],
    "agreements:monitor_sectorkamer": [
        Case("/afspraken/monitor/sectorkamer/01/", EVERYONE_PAGE),
        Case("/afspraken/monitor/sectorkamer/99/", page(USERS, status=404)),
    ],
    "agreements:monitor_region": [
        Case("/afspraken/monitor/regio/AM22/", EVERYONE_PAGE),
        Case("/afspraken/monitor/regio/AM99/", page(USERS, status=404)),
    ],
    "agreements:monitor_table": [Case("/afspraken/monitor/tafel/{rotterdam}/", EVERYONE_PAGE)],
    "agreements:detail": [
        Case("/afspraken/{agreement}/", EVERYONE_PAGE),
        Case("/afspraken/{kies}/", EVERYONE_PAGE, note="a draft: agreements are open"),
    ],
    "agreements:history": [Case("/afspraken/{agreement}/geschiedenis/", EVERYONE_PAGE)],
    "practices:list": [Case("/afspraken/praktijken/", EVERYONE_PAGE)],
    "practices:detail": [
        Case("/afspraken/praktijken/{published_practice}/", EVERYONE_PAGE),
        Case("/afspraken/praktijken/{waiting_practice}/", page(PRACTICE_REVIEW_PEOPLE, ())),
    ],
    "practices:create": [
        Case("/afspraken/praktijken/nieuw/afspraak/{agreement}/", page(PRACTICE_SHARERS))
    ],
    "practices:create_for_priority": [
        Case(
            "/afspraken/praktijken/nieuw/prioriteit/{draft_priority}/",
            page({"secretary", "member"}, TGO_DRAFT_PEOPLE),
        )
    ],
    "agreements:edit": [
        Case("/afspraken/{kies}/bewerken/", page({"secretary"})),
        Case("/afspraken/{commitment}/bewerken/", page({"coordinator"})),
        Case("/afspraken/{mtlm_offer}/bewerken/", page({"secretary_mtlm"})),
    ],
    "agreements:create_for_priority": [
        Case("/afspraken/nieuw/prioriteit/{ratified_priority}/", page({"secretary"})),
        Case(
            "/afspraken/nieuw/prioriteit/{mtlm_priority}/",
            page({"secretary_mtlm"}, MTLM_DRAFT_PEOPLE),
            note="a priority of MTLM's submitted revision: hidden like the revision",
        ),
    ],
    "agreements:create_for_table": [
        Case("/afspraken/nieuw/tafel/{rotterdam}/", page({"coordinator"})),
        Case("/afspraken/nieuw/tafel/{twente}/", page(())),
    ],
    "agreements:table_workspace": [Case("/afspraken/tafels/{rotterdam}/", EVERYONE_PAGE)],
    "agreements:school": [Case("/afspraken/mijn-school/", page(REPRESENTATIVES))],
    "agreements:notice_list": [Case("/afspraken/start-stopmeldingen/", page(NOTICE_USERS))],
    "agreements:notice_create": [Case("/afspraken/start-stopmeldingen/nieuw/", page({"school"}))],
    "agreements:notice_detail": [
        Case("/afspraken/start-stopmeldingen/{notice}/", page(NOTICE_PEOPLE, ())),
        Case("/afspraken/start-stopmeldingen/{draft_notice}/", page(NOTICE_PEOPLE, ())),
    ],
    # arbitration
    "arbitration:home": [Case("/arbitrage/", page(ARBITRATION_USERS))],
    "arbitration:dossier_create": [Case("/arbitrage/dossiers/nieuw/", page(REPRESENTATIVES))],
    "arbitration:dossier_detail": [
        Case("/arbitrage/dossiers/{dossier}/", page(DOSSIER_PEOPLE, ())),
        Case("/arbitrage/dossiers/{d_draft}/", page(DRAFT_DOSSIER_PEOPLE, ())),
        Case("/arbitrage/dossiers/{d_filed}/", page(FILED_DOSSIER_PEOPLE, ())),
        Case("/arbitrage/dossiers/{d_awarded}/", page(DOSSIER_PEOPLE, ())),
    ],
    "arbitration:access_log": [
        Case("/arbitrage/dossiers/{dossier}/inzage/", page(FILED_DOSSIER_PEOPLE, ())),
        Case("/arbitrage/dossiers/{d_draft}/inzage/", page(DRAFT_DOSSIER_PEOPLE, ())),
    ],
    "arbitration:agreements": [Case("/arbitrage/overeenkomsten/", page({"secretariat"}))],
    # notifications
    "notifications:centre": [Case("/meldingen/", EVERYONE_PAGE)],
    "notifications:open": [
        Case(
            "/meldingen/{notification}/",
            page({"school"}, (), status=302),
            note="opens (and marks read) your own notification",
        )
    ],
    "notifications:settings": [Case("/meldingen/instellingen/", EVERYONE_PAGE)],
}

# -- the site: page actions (POST) --------------------------------------------------------

DOSSIER_PAGE = "/arbitrage/dossiers/{%s}/stap/%s/"

# URL name -> cases (POST with a valid form for the allowed roles)
PAGE_POSTS = {
    "logout": [Case("/accounts/logout/", {r: 302 for r in ROLES}, note="public")],
    "second_factor_verify": [
        Case("/accounts/tweede-factor/", page(USERS), {"token": "000000"}, note="wrong code")
    ],
    "second_factor_enrol": [
        Case(
            "/accounts/tweede-factor/instellen/",
            page(USERS),
            {"token": "000000"},
            note="wrong code: the form again, nothing stored",
        )  # fmt: skip
    ],
    "second_factor_reset": [
        Case(
            "/tweede-factor/beheer/{arbiter_user}/herstellen/",
            done(STAFF),
            {"reason": "Telefoon kwijt"},
            note="SBB staff, with a reason",
        )
    ],
    # SBB staff load atlas files
    "atlas:datasets": [
        Case(
            "/atlas/datasets/",
            done(STAFF),
            lambda i: {
                "kind": "indicators",
                "file": SimpleUploadedFile(
                    "kans.csv",
                    b"INDICATOR;NIVEAU;CREBO;JAAR;WAARDE\nkans_op_werk;crebo;25462;2026;52\n",
                ),
            },
        )
    ],
    # SBB staff publish a sectorkamer's atlas (ZWS: the demo published TGO's)
    "atlas:publish": [Case("/atlas/02/{cycle_year}/publiceren/", done(STAFF))],
    # the atlas's signals in the TGO draft of this cycle: its secretary acts on them
    "agendas:signals_to_priority": [
        Case(
            "/revisies/{draft}/signalen/prioriteit/",
            done({"secretary"}, TGO_DRAFT_PEOPLE),
            lambda i: {"signals": [i["tgo_signal"]]},
        )
    ],
    "agendas:signal_aside": [
        Case(
            "/revisies/{draft}/signalen/{tgo_signal}/terzijde/",
            done({"secretary"}, TGO_DRAFT_PEOPLE),
            {"reason": "al belegd bij de regionale tafel"},
        )
    ],
    # regions
    "regions:organisation_create": [
        Case("/organisaties/nieuw/", done(STAFF), {"name": "Matrix BV", "kind": "employer"})
    ],
    "regions:organisation_edit": [
        Case(
            "/organisaties/{albeda}/bewerken/",
            done(STAFF),
            lambda i: {
                "name": "Albeda College",
                "kind": "mbo_institution",
                "institution_code": "00GT",
                "city": "Rotterdam",
                "regions": [i["am22"]],
            },
        )
    ],
    "regions:table_create": [
        Case(
            "/regionale-tafels/nieuw/",
            done(STAFF),
            lambda i: {"name": "Matrixtafel", "regions": [i["am22"]]},
        )
    ],
    "regions:table_edit": [
        Case(
            "/regionale-tafels/{rotterdam}/bewerken/",
            done(STAFF),
            lambda i: {
                "name": "Zorg Rijnmond",
                "regions": [i["am22"]],
                "coordinator": i["coordinator_user"],
            },
        )
    ],
    "regions:table_member_add": [
        Case(
            "/regionale-tafels/{rotterdam}/leden/",
            done(TABLE_MANAGERS),
            lambda i: {"organisation": i["roc_twente"]},
        ),
        Case(
            "/regionale-tafels/{twente}/leden/",
            done(STAFF),
            lambda i: {"organisation": i["zadkine"]},
        ),
    ],
    "regions:table_member_remove": [
        Case("/regionale-tafels/{rotterdam}/leden/{zadkine}/verwijderen/", done(TABLE_MANAGERS)),
        Case("/regionale-tafels/{twente}/leden/{roc_twente}/verwijderen/", done(STAFF)),
    ],
    # agendas
    "agendas:agenda_create": [
        Case(
            "/sectorkamers/01/agendas/nieuw/",
            done({"secretary"}),
            lambda i: {
                "title": "Volgende agenda",
                "first_year": i["next_agenda_year"],
                "last_year": i["next_agenda_year"] + 3,
            },
        )
    ],
    "agendas:agenda_detail": [
        Case(
            "/agendas/{tgo_agenda}/",
            done({"secretary"}),
            lambda i: {"year": i["cycle_year"] + 1},
            note="starts a revision",
        )
    ],
    "agendas:revision_edit": [
        Case(
            "/revisies/{draft}/bewerken/",
            done({"secretary"}, TGO_DRAFT_PEOPLE),
            {"summary": "Bijgewerkt"},
        )
    ],
    "agendas:topic_create": [
        Case(
            "/sectorkamers/01/onderwerpen/nieuw/",
            done(TOPIC_SUBMITTERS),
            lambda i: {
                "on_behalf": "",  # each speaks for one party: the form offers only that one
                "year": i["topic_year"],
                "title": "Nieuw onderwerp",
                "explanation": "Toelichting",
            },
        )
    ],
    "practices:create": [
        Case("/afspraken/praktijken/nieuw/afspraak/{agreement}/", done(PRACTICE_SHARERS), PRACTICE)
    ],
    "practices:create_for_priority": [
        Case(
            "/afspraken/praktijken/nieuw/prioriteit/{draft_priority}/",
            done({"secretary", "member"}, TGO_DRAFT_PEOPLE),
            PRACTICE,
        )
    ],
    "practices:transition": [
        Case(
            "/afspraken/praktijken/{waiting_practice}/stap/publish/",
            done({"secretary"}, PRACTICE_REVIEW_PEOPLE),
        ),
        Case(
            "/afspraken/praktijken/{waiting_practice}/stap/return/",
            done({"secretary"}, PRACTICE_REVIEW_PEOPLE),
            {"comment": "Graag cijfers erbij."},
        ),
    ],
    "agendas:topic_transition": [
        Case("/onderwerpen/{open_topic}/stap/consider/", done({"secretary"}, TOPIC_PEOPLE)),
        Case(
            "/onderwerpen/{open_topic}/stap/decline/",
            done({"secretary"}, TOPIC_PEOPLE),
            {"comment": "Valt buiten de sector.", **CONFIRMED},
        ),
        Case(
            "/onderwerpen/{open_topic}/stap/withdraw/",
            done({"school"}, TOPIC_PEOPLE),
            CONFIRMED,
            note="the submitter only",
        ),
    ],
    "agendas:revision_transition": [
        Case(
            "/revisies/{draft}/stap/submit/",
            done({"secretary"}, TGO_DRAFT_PEOPLE),
            {"confirm_open_signals": "on"},  # the demo's TGO atlas has open top signals
        ),
        Case(
            "/revisies/{mtlm_submitted}/stap/adopt/",
            done({"secretary_mtlm"}, MTLM_DRAFT_PEOPLE),
            lambda i: {
                "meeting_date": i["today"],
                "education_side_agreed": "on",
                "business_side_agreed": "on",
            },
        ),
        Case(
            "/revisies/{zws_adopted}/stap/ratify/",
            done({"board"}, ZWS_DRAFT_PEOPLE),
            CONFIRMED,
        ),
        Case(
            "/revisies/{zws_adopted}/stap/return/",
            done({"board"}, ZWS_DRAFT_PEOPLE),
            {"comment": "Aanvullen", **CONFIRMED},
        ),
    ],
    "agendas:priority_create": [
        Case(
            "/revisies/{draft}/prioriteiten/nieuw/",
            done({"secretary"}, TGO_DRAFT_PEOPLE),
            {
                "kind": "challenge",
                "title": "Nieuw",
                "description": "Wat",
                "evidence": "Bron",
                "levels": ["sectoral"],
            },
        )
    ],
    "agendas:priority_edit": [
        Case(
            "/prioriteiten/{draft_priority}/bewerken/",
            done({"secretary"}, TGO_DRAFT_PEOPLE),
            {
                "kind": "challenge",
                "title": "Anders",
                "description": "Wat",
                "evidence": "Bron",
                "levels": ["sectoral"],
            },
        )
    ],
    "agendas:priority_delete": [
        Case("/prioriteiten/{draft_priority}/verwijderen/", done({"secretary"}, TGO_DRAFT_PEOPLE))
    ],
    "agendas:priority_move": [
        Case(
            "/prioriteiten/{draft_priority}/verplaatsen/down/",
            done({"secretary"}, TGO_DRAFT_PEOPLE),
        )
    ],
    # agreements
    "agreements:edit": [
        Case("/afspraken/{kies}/bewerken/", done({"secretary"}), lambda i: i["kies_form"]),
        Case(
            "/afspraken/{commitment}/bewerken/",
            done({"coordinator"}),
            lambda i: i["commitment_form"],
        ),
    ],
    "agreements:transition": [
        Case("/afspraken/{smart_draft}/stap/propose/", done({"secretary"})),
        Case("/afspraken/{proposed}/stap/accept/", done(PARTIES_OF_PROPOSED)),
        Case(
            "/afspraken/{proposed}/stap/decline/",
            done(PARTIES_OF_PROPOSED),
            {"comment": "Niet haalbaar"},
        ),
        Case(
            "/afspraken/{evaluable}/stap/achieve/",
            done({"secretary", "school"}),
            {"comment": "Gehaald", **CONFIRMED},
        ),
        Case(
            "/afspraken/{evaluable}/stap/fail/",
            done({"secretary", "school"}),
            {"comment": "Niet gehaald", **CONFIRMED},
        ),
        Case(
            "/afspraken/{kies}/stap/cancel/", done({"secretary"}), {"comment": "Weg", **CONFIRMED}
        ),
        Case(
            "/afspraken/{mtlm_offer}/stap/cancel/",
            done({"secretary_mtlm"}),
            {"comment": "Weg", **CONFIRMED},
        ),
    ],
    "agreements:party_add": [
        Case(
            "/afspraken/{kies}/partijen/",
            done({"secretary"}),
            lambda i: {"organisation": i["fnv"], "role": "informed"},
        ),
        Case(
            "/afspraken/{commitment}/partijen/",
            done({"coordinator"}),
            lambda i: {"organisation": i["zadkine"], "role": "contributing"},
        ),
    ],
    "agreements:party_remove": [
        Case("/afspraken/{smart_draft}/partijen/{otib_org}/verwijderen/", done({"secretary"}))
    ],
    "agreements:milestone_add": [
        Case(
            "/afspraken/{kies}/mijlpalen/",
            done({"secretary"}),
            lambda i: {"title": "Eerste kansberoep", "due_date": i["in_a_month"]},
        )
    ],
    "agreements:milestone_done": [
        Case(
            "/afspraken/mijlpalen/{milestone}/gereed/",
            done({"secretary", "school"}),
            note="the manager or who reports progress (owner Albeda)",
        )
    ],
    "agreements:rule_add": [
        Case(
            "/afspraken/{smart_draft}/regels/",
            done({"secretary"}),
            lambda i: {
                "kind": "allowed_regions",
                "qualifications": [i["crebo_25304"]],
                "regions": [i["am22"]],
            },
        )
    ],
    "agreements:progress_add": [
        Case(
            "/afspraken/{mtlm_offer}/voortgang/",
            done({"secretary_mtlm", "school"}),
            lambda i: {
                "period_start": i["a_month_ago"],
                "period_end": i["today"],
                "value": "3",
                "status": "on_track",
            },
        )
    ],
    "agreements:create_for_priority": [
        Case(
            "/afspraken/nieuw/prioriteit/{ratified_priority}/",
            done({"secretary"}),
            lambda i: {
                "level": "sectoral",
                "category": "guidance",
                "title": "Nieuw",
                "owner": i["albeda"],
                "direction": "increase",
                "cadence": 3,
                "weight": "1",
            },
        )
    ],
    "agreements:create_for_table": [
        Case(
            "/afspraken/nieuw/tafel/{rotterdam}/",
            done({"coordinator"}),
            lambda i: {
                "level": "regional",
                "category": "internships",
                "title": "Nieuw",
                "owner": i["albeda"],
                "direction": "increase",
                "cadence": 3,
                "weight": "1",
            },
        )
    ],
    "agreements:notice_create": [
        Case(
            "/afspraken/start-stopmeldingen/nieuw/",
            done({"school"}),
            lambda i: {
                "institution": i["albeda"],
                "qualification": i["crebo_25462"],
                "action": "stop",
                "leerweg": "BOL",
                "municipality": "Rotterdam",
                "region": i["am22"],
                "study_year": i["cycle_year"] + 3,
            },
        )
    ],
    "agreements:notice_submit": [
        Case(
            "/afspraken/start-stopmeldingen/{draft_notice}/indienen/",
            done({"school"}, NOTICE_PEOPLE),
        )
    ],
    "agreements:notice_exception": [
        Case(
            "/afspraken/start-stopmeldingen/{draft_notice}/uitzondering/",
            done({"secretary_mtlm"}, NOTICE_PEOPLE),
            {"reason": "Nieuwe vestiging"},
        )
    ],
    "agreements:table_input": [
        Case(
            "/afspraken/tafels/{rotterdam}/inbreng/",
            done({"coordinator"}),
            lambda i: {"text": "Inbreng voor de sectorkamer", "agreement": ""},
            note="the table's coordinator only",
        )
    ],
    "agreements:conflicts_resolve": [
        Case(
            "/afspraken/conflicten/afhandelen/",
            done({"secretary_mtlm"}),
            lambda i: {"conflicts": [i["conflict"]], "resolution": "consistent"},
        )
    ],
    "agreements:conflict_resolve": [
        Case(
            "/afspraken/conflicten/{conflict}/afhandelen/",
            done({"secretary_mtlm"}, NOTICE_PEOPLE),
            {"resolution": "consistent"},
        )
    ],
    # arbitration
    "arbitration:dossier_create": [
        Case(
            "/arbitrage/dossiers/nieuw/",
            done({"school"}, otib=200),
            lambda i: {
                "claimant": i["albeda"],
                "respondents": [i["otib_org"]],
                "kind": "performance",
                "claim": "Nakoming",
            },
            note="OTIB may file only for OTIB: the form comes back (200) with the error",
        )
    ],
    "arbitration:dossier_transition": [
        Case(DOSSIER_PAGE % ("d_draft", "file"), done({"school"}, ())),
        Case(
            DOSSIER_PAGE % ("d_filed", "admit"),
            done({"secretariat"}, FILED_DOSSIER_PEOPLE),
            {"comment": "Ontvankelijk"},
        ),
        Case(
            DOSSIER_PAGE % ("d_filed", "reject"),
            done({"secretariat"}, FILED_DOSSIER_PEOPLE),
            {"comment": "Niet ontvankelijk", **CONFIRMED},
        ),
        Case(
            DOSSIER_PAGE % ("d_admitted", "propose_panel"),
            done({"secretariat"}, FILED_DOSSIER_PEOPLE),
            lambda i: {"arbiters": [i["arbiter"]]},
        ),
        Case(DOSSIER_PAGE % ("d_ready", "constitute"), done({"secretariat"}, DOSSIER_PEOPLE)),
        Case(DOSSIER_PAGE % ("d_constituted", "submit_defence"), done({"otib"}, DOSSIER_PEOPLE)),
        Case(
            DOSSIER_PAGE % ("d_defence", "schedule_hearing"),
            done({"secretariat"}, DOSSIER_PEOPLE),
            lambda i: {"at": i["hearing_at_local"], "place": "Zoetermeer"},
        ),
        Case(
            DOSSIER_PAGE % ("d_scheduled", "hold_hearing"),
            done({"secretariat", "arbiter"}, DOSSIER_PEOPLE),
            {"minutes": "Gehoord"},
        ),
        Case(
            DOSSIER_PAGE % ("d_held", "issue_award"),
            done({"arbiter"}, DOSSIER_PEOPLE),
            {
                "decision": "granted",
                "reasoning": "Toegewezen",
                "agreement_effect": "active",
                **CONFIRMED,
            },
        ),
        Case(
            DOSSIER_PAGE % ("d_awarded", "close"), done({"secretariat"}, DOSSIER_PEOPLE), CONFIRMED
        ),
        Case(
            DOSSIER_PAGE % ("d_filed", "withdraw"),
            done({"school"}, FILED_DOSSIER_PEOPLE),
            CONFIRMED,
        ),
        Case(
            DOSSIER_PAGE % ("d_filed", "settle"),
            done({"secretariat"}, FILED_DOSSIER_PEOPLE),
            {"terms": "Geschikt", "agreement_effect": "active", **CONFIRMED},
        ),
    ],
    "arbitration:document_upload": [
        Case(
            "/arbitrage/dossiers/{dossier}/documenten/",
            done(DOSSIER_PEOPLE, ()),
            lambda i: {"title": "Bijlage", "visibility": "all", "file": pdf()},
        ),
        Case(
            "/arbitrage/dossiers/{d_draft}/documenten/",
            done(DRAFT_DOSSIER_PEOPLE, ()),
            lambda i: {"title": "Concept", "visibility": "all", "file": pdf()},
        ),
    ],
    "arbitration:declare_independence": [
        Case(
            "/arbitrage/dossiers/{dossier}/verklaring/",
            done({"arbiter"}, ()),
            {"declaration": "Ik ben onafhankelijk."},
            note="only the arbiter has a seat to declare for; others find none (404)",
        )
    ],
    "arbitration:challenge": [
        Case(
            "/arbitrage/dossiers/{dossier}/panel/{member}/wraking/",
            done(REPRESENTATIVES, DOSSIER_PEOPLE),
            {"reasons": "Twijfel aan onafhankelijkheid"},
            note="the parties",
        )
    ],
    "arbitration:decide_challenge": [
        Case(
            "/arbitrage/dossiers/{dossier}/wrakingen/{challenge}/beslissen/",
            done({"secretariat"}, DOSSIER_PEOPLE),
            {"sustained": "no", "reasons": "Geen grond"},
        )
    ],
    "arbitration:extend_deadline": [
        Case(
            "/arbitrage/dossiers/{dossier}/termijnen/{deadline}/verlengen/",
            done({"secretariat"}, DOSSIER_PEOPLE),
            lambda i: {"due": i["extended_due"], "reason": "Op verzoek"},
        )
    ],
    "arbitration:panel_notes": [
        Case(
            "/arbitrage/dossiers/{dossier}/notities/",
            done({"arbiter", "secretariat"}, DOSSIER_PEOPLE),
            {"notes": "Intern"},
            note="never the parties",
        )
    ],
    "arbitration:agreements": [
        Case(
            "/arbitrage/overeenkomsten/",
            done({"secretariat"}),
            lambda i: {
                "organisation": i["zadkine"],
                "signed_on": i["today"],
                "signatory": "Bestuurder",
                "sectorkamer": i["tgo"],
            },
        )
    ],
    # notifications: your own
    "notifications:mark_read": [Case("/meldingen/gelezen/", done(USERS))],
    "notifications:settings": [
        Case(
            "/meldingen/instellingen/",
            done(USERS),
            {
                "reminder": "immediate",
                "agenda": "daily",
                "agreement": "weekly",
                "notice": "off",
                "arbitration": "immediate",
            },
        )
    ],
    "notifications:calendar_token": [Case("/meldingen/agenda/nieuw/", done(USERS))],
    "notifications:calendar_revoke": [Case("/meldingen/agenda/stoppen/", done(USERS))],
}

# -- downloads -----------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Download:
    """A file answer: who gets it, and what the allowed answer must look like."""

    url: str
    expected: dict
    content_type: str
    attachment: bool = True  # Content-Disposition: attachment
    uploaded: bool = False  # a user's file: X-Content-Type-Options: nosniff as well
    starts_with: bytes = b""  # what the allowed answer's body begins with
    note: str = ""


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FEED = {r: 200 for r in ROLES}  # the secret address is the key; the session does not matter

# URL name -> downloads (GET)
DOWNLOADS = {
    "agendas:topic_attachment": [
        Download(
            "/onderwerpen/{open_topic}/bijlage/downloaden/",
            page(TOPIC_PEOPLE, ()),
            "application/pdf",
            uploaded=True,
            starts_with=b"%PDF",
        )
    ],
    "arbitration:document_download": [
        Download(
            "/arbitrage/documenten/{doc_all}/downloaden/",
            page(DOSSIER_PEOPLE, ()),
            "application/pdf",
            uploaded=True,
            starts_with=b"%PDF",
        ),
        Download(
            "/arbitrage/documenten/{doc_panel}/downloaden/",
            page({"arbiter", "secretariat"}, ()),
            "application/pdf",
            uploaded=True,
            starts_with=b"%PDF",
            note="visible to the panel: the parties get 404",
        ),
        Download(
            "/arbitrage/documenten/{doc_secretariat}/downloaden/",
            page({"secretariat"}, ()),
            "application/pdf",
            uploaded=True,
            starts_with=b"%PDF",
        ),
        Download(
            "/arbitrage/documenten/{d_draft_doc}/downloaden/",
            page(DRAFT_DOSSIER_PEOPLE, ()),
            "application/pdf",
            uploaded=True,
            starts_with=b"%PDF",
            note="a draft dossier's document: not even the secretariat",
        ),
    ],
    "document-download": [
        Download(
            "/api/v1/arbitration/documents/{doc_all}/download/",
            api(DOSSIER_PEOPLE, ()),
            "application/pdf",
            uploaded=True,
            starts_with=b"%PDF",
        ),
        Download(
            "/api/v1/arbitration/documents/{doc_panel}/download/",
            api({"arbiter", "secretariat"}, ()),
            "application/pdf",
            uploaded=True,
            starts_with=b"%PDF",
        ),
        Download(
            "/api/v1/arbitration/documents/{d_draft_doc}/download/",
            api(DRAFT_DOSSIER_PEOPLE, ()),
            "application/pdf",
            uploaded=True,
            starts_with=b"%PDF",
        ),
    ],
    "agreements:export": [
        Download(
            "/afspraken/export.csv",
            EVERYONE_PAGE,
            "text/csv",
            starts_with="\ufeffid;titel".encode(),
        ),
        Download("/afspraken/export.xlsx?state=active", EVERYONE_PAGE, XLSX, starts_with=b"PK"),
        Download("/afspraken/export.pdf", page((), ()), "", note="no such format"),
    ],
    "agendas:revision_print": [
        Download(
            "/revisies/{draft}/afdrukken/",
            page(TGO_DRAFT_PEOPLE, ()),
            "text/html",
            attachment=False,
            note="a print view, not a file",
        ),
        Download("/revisies/{ratified}/afdrukken/", EVERYONE_PAGE, "text/html", attachment=False),
    ],
    "notifications:feed": [
        Download(
            "/meldingen/agenda/{token}.ics",
            FEED,
            "text/calendar",
            attachment=False,
            starts_with=b"BEGIN:VCALENDAR",
            note="a subscription, read by calendar programs",
        ),
        Download("/meldingen/agenda/{old_token}.ics", {r: 404 for r in ROLES}, "", note="revoked"),
        Download("/meldingen/agenda/not-a-token.ics", {r: 404 for r in ROLES}, ""),
    ],
}

# -- what exists -------------------------------------------------------------------------

NOT_MATRIX_PREFIXES = ("admin/", "api/", "i18n/", "static/", "media/")


def _walk(patterns, prefix="", namespace=None):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            name = pattern.name and (f"{namespace}:{pattern.name}" if namespace else pattern.name)
            yield prefix + str(pattern.pattern), name, pattern.callback


def site_pages() -> set[str]:
    """Every named URL pattern of the site outside the API, the admin, i18n and files."""
    return {
        name
        for route, name, _callback in _walk(get_resolver().url_patterns)
        if name and not route.lstrip("^").startswith(NOT_MATRIX_PREFIXES)
    }


HTTP_METHODS = ("get", "post", "put", "patch", "delete")


def api_operations() -> set[tuple[str, str]]:
    """Every (route name, HTTP method) the API answers: the router's viewset actions that
    the viewset allows, and the API views outside the router."""
    operations = set()
    for route, name, callback in _walk(get_resolver().url_patterns):
        if not name or not route.lstrip("^").startswith("api/"):
            continue
        actions = getattr(callback, "actions", None)
        if actions:  # a viewset route: method -> action
            allowed = callback.cls.http_method_names
            methods = [m for m in actions if m in allowed and m in HTTP_METHODS]
        else:
            view_class = getattr(callback, "cls", None) or getattr(callback, "view_class", None)
            methods = [m for m in HTTP_METHODS if view_class and hasattr(view_class, m)]
        operations |= {(name, method.upper()) for method in methods}
    return operations


# -- the world -----------------------------------------------------------------------------


def build_world():
    """The demo plus every object the matrix needs, each in the state its operation needs.

    Returns (people, ids): the user per role, and the ids and values the URLs and bodies use.
    """
    from agendas.models import AgendaRevision, Priority
    from agreements import services as agreement_services
    from agreements.models import Agreement, NoticeConflict
    from arbitration import services as arbitration_services
    from arbitration.models import ArbiterProfile, DeadlineKind, Dossier
    from atlas.models import AtlasPublication, Dataset, IndicatorValue, Qualification, Signal
    from core.timeutils import cycle_year_for, local_today
    from notifications.services import new_calendar_token, notify, set_preference
    from regions.models import Arbeidsmarktregio, Organisation, RegionalTable, User

    call_command("seed_demo", stdout=io.StringIO())
    people = {role: User.objects.get(username=name) for role, name in USERNAMES.items()}
    school, secretary = people["school"], people["secretary"]
    secretariat, arbiter_user = people["secretariat"], people["arbiter"]
    orgs = {o.name: o for o in Organisation.objects.all()}
    albeda, zadkine = orgs["Albeda College"], orgs["Zadkine"]
    otib = orgs["OTIB (Opleidingsfonds installatietechniek)"]
    today = local_today()
    cycle_year = cycle_year_for(today)

    # agendas (the demo has TGO's draft and ratified revision, ZWS adopted, MTLM submitted)
    draft = AgendaRevision.objects.get(state="draft", agenda__sectorkamer__code="01")
    ratified = AgendaRevision.objects.get(state="ratified", agenda__sectorkamer__code="01")
    ratified_priority = ratified.priorities.order_by("order").first()
    tgo_agenda = draft.agenda

    # agenda topics: Albeda's (the demo's) waits for the secretary, with a member's of the
    # same cycle to combine it with; a revision of that cycle to take it up in
    from agendas import services as agenda_services
    from agendas.models import AgendaTopic
    from agendas.selectors import open_topic_year
    from practices.models import Practice

    topic_year = open_topic_year(today)
    open_topic = AgendaTopic.objects.get(organisation=albeda, state="submitted")
    member_topic = agenda_services.submit_topic(
        actor=people["member"], sectorkamer=tgo_agenda.sectorkamer, year=topic_year,
        title="Doorstroom naar niveau 4", explanation="Te weinig doorstroom.",
    )  # fmt: skip
    if not tgo_agenda.revisions.filter(year=topic_year).exists():  # January: the next cycle
        agenda_services.start_revision(actor=secretary, agenda=tgo_agenda, year=topic_year)

    # agreements in each state an operation starts from
    agreement = Agreement.objects.get(title="Meer leerbanen in de installatietechniek")
    kies = Agreement.objects.get(title="Elke week een kansberoep op KiesMBO")  # TGO draft
    commitment = Agreement.objects.get(title="Baangarantie Verzorgende-IG in Rijnmond")
    mtlm_offer = Agreement.objects.get(title__startswith="Luchtvaartdienstverlener")  # active
    smart = {
        "level": "sectoral",
        "description": "Bedrijven en scholen bieden samen extra leerbanen.",
        "indicator": "leerbanen",
        "unit": "leerbanen",
        "direction": "increase",
        "baseline_value": Decimal("100"),
        "baseline_date": today - datetime.timedelta(days=400),
        "target_value": Decimal("200"),
        "rationale": "OTIB financiert de begeleiding.",
        "start_date": today - datetime.timedelta(days=400),
        "deadline": datetime.date(tgo_agenda.last_year, 12, 31),
    }

    def tgo_agreement(title, category="internships", **changes):
        made = agreement_services.create_agreement(
            actor=secretary,
            priority=ratified_priority,
            owner=albeda,
            category=category,
            title=title,
            **{**smart, **changes},
        )
        agreement_services.set_parties(
            actor=secretary,
            agreement=made,
            parties=[(albeda, "responsible"), (otib, "contributing")],
        )
        return made

    smart_draft = tgo_agreement("Matrix: klaar om voor te stellen", category="programme_offer")
    proposed = tgo_agreement("Matrix: voorgesteld")
    agreement_services.propose_agreement(actor=secretary, agreement=proposed)
    evaluable = tgo_agreement("Matrix: te evalueren", deadline=today - datetime.timedelta(days=1))
    agreement_services.propose_agreement(actor=secretary, agreement=evaluable)
    agreement_services.accept_agreement(actor=school, agreement=evaluable)

    # start/stop notices: a submitted one with its conflict, and a draft
    luchtvaart = Qualification.objects.get(crebo="25462")  # MTLM
    am22 = Arbeidsmarktregio.objects.get(code="AM22")

    def notice(action, leerweg):
        return agreement_services.create_notice(
            actor=school,
            institution=albeda,
            qualification=luchtvaart,
            action=action,
            leerweg=leerweg,
            municipality="Rotterdam",
            region=am22,
            study_year=cycle_year + 2,
        )

    submitted_notice = notice("start", "BBL")
    agreement_services.submit_notice(actor=school, notice=submitted_notice)
    conflict = NoticeConflict.objects.get(notice=submitted_notice)
    draft_notice = notice("start", "BOL")

    # arbitration: Albeda (school) against OTIB, a dossier in every step of the procedure
    profile = ArbiterProfile.objects.get(user=arbiter_user)

    def claim(agreements=()):
        return arbitration_services.create_dossier(
            actor=school,
            claimants=[albeda],
            respondents=[otib],
            kind="performance",
            claim="Vertrouwelijk",
            agreements=agreements,
        )

    def upload(actor, dossier, visibility):
        return arbitration_services.upload_document(
            actor=actor,
            dossier=dossier,
            title=f"Stuk ({visibility})",
            visibility=visibility,
            uploaded_file=pdf("stuk.pdf"),
        )

    later = datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=30)
    hearing_at = later.replace(microsecond=0, second=0)
    steps = {
        "file": lambda d: arbitration_services.file_dossier(actor=school, dossier=d),
        "admit": lambda d: arbitration_services.admit_dossier(
            actor=secretariat, dossier=d, comment="Ok"
        ),
        "propose_panel": lambda d: arbitration_services.propose_panel(
            actor=secretariat, dossier=d, arbiters=[profile]
        ),
        "declare": lambda d: arbitration_services.declare_independence(
            actor=arbiter_user, member=d.panel.get(), declaration="Onafhankelijk."
        ),
        "constitute": lambda d: arbitration_services.constitute_panel(actor=secretariat, dossier=d),
        "submit_defence": lambda d: arbitration_services.submit_defence(
            actor=people["otib"], dossier=d
        ),
        "schedule_hearing": lambda d: arbitration_services.schedule_hearing(
            actor=secretariat, dossier=d, at=hearing_at, place="Zoetermeer"
        ),
        "hold_hearing": lambda d: arbitration_services.hold_hearing(
            actor=secretariat, dossier=d, minutes="Ok"
        ),
        "issue_award": lambda d: arbitration_services.issue_award(
            actor=arbiter_user,
            dossier=d,
            decision="granted",
            reasoning="Ok",
            agreement_effect="active",
        ),
    }

    def advance(dossier, *names):
        for name in names:
            steps[name](Dossier.objects.get(pk=dossier.pk))
        return Dossier.objects.get(pk=dossier.pk)

    to_panel = ("file", "admit", "propose_panel")
    dossier = advance(claim([agreement]), *to_panel)  # proposed today: challenge period runs
    doc_all = upload(school, dossier, "all")
    doc_secretariat = upload(school, dossier, "secretariat")
    doc_panel = upload(secretariat, dossier, "panel")
    member = dossier.panel.get()
    challenge = arbitration_services.challenge_arbiter(
        actor=people["otib"], member=member, reasons="Twijfel"
    )
    d_draft = claim()
    d_draft_doc = upload(school, d_draft, "all")
    d_filed = advance(claim(), "file")
    d_admitted = advance(claim(), "file", "admit")
    # Panels proposed two months ago: declared independent, the challenge period is over.
    with time_machine.travel(datetime.datetime.now(datetime.UTC) - datetime.timedelta(days=60)):
        ready = [advance(claim(), *to_panel, "declare") for _ in range(6)]
    procedure = ["constitute", "submit_defence", "schedule_hearing", "hold_hearing", "issue_award"]
    d_ready, d_constituted, d_defence, d_scheduled, d_held, d_awarded = (
        advance(item, *procedure[:n]) for n, item in enumerate(ready)
    )

    # notifications and calendar feeds
    notify(recipients=[school], kind="agenda", key="matrix", title="Alleen voor school")
    preference = set_preference(actor=school, kind="agreement", channel="weekly")
    old_token = new_calendar_token(actor=school)
    token = new_calendar_token(actor=school)  # revokes the old one

    commitment_form = _agreement_form(commitment)
    ids = {
        "albeda": albeda.pk,
        "otib_org": otib.pk,
        "zadkine": zadkine.pk,
        "roc_twente": orgs["ROC van Twente"].pk,
        "fnv": orgs["FNV"].pk,
        "rotterdam": RegionalTable.objects.get(name="Rotterdamse Zorg").pk,
        "twente": RegionalTable.objects.get(name="Techniek Twente").pk,
        "am22": am22.pk,
        "tgo": tgo_agenda.sectorkamer_id,
        "crebo_25462": luchtvaart.pk,
        "crebo_25304": Qualification.objects.get(crebo="25304").pk,
        "coordinator_user": people["coordinator"].pk,
        "arbiter_user": people["arbiter"].pk,
        "table_member_user": people["table_member"].pk,
        "assignment": school.role_assignments.get().pk,
        "tgo_agenda": tgo_agenda.pk,
        "tgo_first_year": tgo_agenda.first_year,
        "tgo_last_year": tgo_agenda.last_year,
        "next_agenda_year": tgo_agenda.last_year + 1,
        "cycle_year": cycle_year,
        "draft": draft.pk,
        "ratified": ratified.pk,
        "zws_adopted": AgendaRevision.objects.get(state="adopted").pk,
        "mtlm_submitted": AgendaRevision.objects.get(state="submitted").pk,
        "draft_priority": draft.priorities.order_by("order").first().pk,
        "ratified_priority": ratified_priority.pk,
        "open_topic": open_topic.pk,
        "published_practice": Practice.objects.get(state="published").pk,
        "waiting_practice": Practice.objects.get(state="submitted").pk,
        "member_topic": member_topic.pk,
        "topic_year": topic_year,
        "ratified_year": ratified_priority.revision.year,
        "public_agreement": Agreement.objects.filter(state="active").order_by("pk").first().pk,
        "mtlm_priority": Priority.objects.filter(revision__agenda__sectorkamer__code="02")
        .first()
        .pk,
        "agreement": agreement.pk,
        "kies": kies.pk,
        "kies_form": _agreement_form(kies),
        "commitment": commitment.pk,
        "commitment_form": commitment_form,
        "mtlm_offer": mtlm_offer.pk,
        "smart_draft": smart_draft.pk,
        "proposed": proposed.pk,
        "evaluable": evaluable.pk,
        "milestone": agreement.milestones.first().pk,
        "report": agreement.progress_reports.first().pk,
        "notice": submitted_notice.pk,
        "draft_notice": draft_notice.pk,
        "conflict": conflict.pk,
        "dossier": dossier.pk,
        "member": member.pk,
        "challenge": challenge.pk,
        "deadline": dossier.deadlines.get(kind=DeadlineKind.CHALLENGE).pk,
        "extended_due": (
            dossier.deadlines.get(kind=DeadlineKind.CHALLENGE).due + datetime.timedelta(days=7)
        ).isoformat(),
        "doc_all": doc_all.pk,
        "doc_panel": doc_panel.pk,
        "doc_secretariat": doc_secretariat.pk,
        "d_draft": d_draft.pk,
        "d_draft_doc": d_draft_doc.pk,
        "d_filed": d_filed.pk,
        "d_admitted": d_admitted.pk,
        "d_ready": d_ready.pk,
        "d_constituted": d_constituted.pk,
        "d_defence": d_defence.pk,
        "d_scheduled": d_scheduled.pk,
        "d_held": d_held.pk,
        "d_awarded": d_awarded.pk,
        "arbiter": profile.pk,
        "hearing_at": hearing_at.isoformat(),
        "hearing_at_local": hearing_at.strftime("%Y-%m-%dT%H:%M"),
        "notification": school.notifications.get(key="matrix").pk,
        "preference": preference.pk,
        "token": token.token,
        "old_token": old_token.token,
        "today": today.isoformat(),
        "a_month_ago": (today - datetime.timedelta(days=30)).isoformat(),
        "in_a_month": (today + datetime.timedelta(days=30)).isoformat(),
        "dataset": Dataset.objects.order_by("pk").first().pk,
        "atlas_publication": AtlasPublication.objects.get(sectorkamer__code="01").pk,
        "tgo_signal": Signal.objects.filter(sectorkamer__code="01", year=draft.year)
        .exclude(responses__revision=draft)  # not yet answered in the draft
        .order_by("-weight", "pk")
        .first()
        .pk,
        "indicator_value": IndicatorValue.objects.order_by("pk").first().pk,
        "signal_opleiding": Signal.objects.filter(institution__isnull=True).first().pk,
        "signal_institution": Signal.objects.filter(
            institution__institution_code="25LR", sectorkamer__code="01"
        )
        .first()
        .pk,
    }
    return people, ids


def _agreement_form(agreement) -> dict:
    """The agreement's edit form as the page posts it, with a new title."""
    from agreements.forms import AgreementForm

    form = AgreementForm(instance=agreement)
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if value is None:
            continue
        data[name] = value.isoformat() if hasattr(value, "isoformat") else value
    data["title"] = f"{agreement.title} (bijgewerkt)"
    return data
