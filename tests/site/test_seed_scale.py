"""manage.py seed_scale: volumes that follow the factor, rows that keep the models' rules, pages
that still work for the generated people, and no second run on the same database."""

import io
import re
from collections import defaultdict

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError, connection
from django.db.models import Max, Q
from django.urls import reverse
from django_fsm import FSMFieldMixin
from django_fsm_log.models import StateLog

from agendas.models import Agenda, AgendaRevision, Priority
from agreements.models import (
    Agreement,
    AgreementParty,
    Milestone,
    NoticeConflict,
    ProgrammeOfferRule,
    ProgressReport,
    StartStopNotice,
)
from agreements.selectors import (
    consistency_errors,
    next_report_due,
    progress_percentage,
    smart_check,
)
from agreements.services import find_conflicts
from arbitration.models import (
    Affiliation,
    ArbiterProfile,
    ArbitrationAgreement,
    Award,
    Challenge,
    Document,
    Dossier,
    DossierParty,
    DossierSequence,
    PanelMember,
    ProceduralDeadline,
)
from arbitration.services import uncovered_parties
from atlas.models import Dataset, Enrolment, IndicatorValue, Qualification, Signal
from core.timeutils import local_today
from kansrijk_site import scale
from notifications.models import Notification, NotificationPreference
from practices.models import Practice
from regions.models import (
    Organisation,
    RegionalTable,
    Role,
    RoleAssignment,
    TableMembership,
    User,
)

FACTOR = 0.05


def seed(factor=FACTOR):
    out = io.StringIO()
    call_command("seed_scale", factor=factor, stdout=out)
    return out.getvalue()


@pytest.fixture
def scaled(reference):
    return seed()


def active_user(role, **scope):
    today = local_today()
    assignment = (
        RoleAssignment.objects.filter(role=role, valid_from__lte=today, **scope)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today))
        .filter(user__username__startswith=scale.USERNAME_PREFIX)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return assignment.user


@pytest.mark.parametrize("factor", [0.01, 0.03])
def test_volumes_follow_the_factor_and_are_reported(reference, factor):
    output = seed(factor)

    def scaled_count(base):
        return max(1, round(base * factor))

    sector = Agreement.objects.filter(priority__isnull=False).count()
    commitments = Agreement.objects.filter(regional_table__isnull=False).count()
    assert sector == scaled_count(2000)
    assert commitments == scaled_count(6000)
    assert Agreement.objects.filter(regional_table__isnull=False, parent__isnull=False).exists()
    assert StartStopNotice.objects.count() == scaled_count(3000)
    assert Practice.objects.count() == scaled_count(400)
    assert Notification.objects.count() == scaled_count(50000)
    assert Qualification.objects.count() == max(8, scaled_count(600))
    reports = ProgressReport.objects.count()
    assert abs(reports - 25000 * factor) <= 0.1 * 25000 * factor
    # never multiplied: 8 sectorkamers with 4 yearly revisions each, a table per region
    assert Agenda.objects.count() == 8
    assert AgendaRevision.objects.count() == 32
    assert RegionalTable.objects.count() == 35
    assert Organisation.objects.filter(kind="mbo_institution").count() == max(2, round(70 * factor))
    # the atlas: every school offers qualifications over five years, as the rules need
    assert Enrolment.objects.values("year").distinct().count() == 5
    assert set(Enrolment.objects.values_list("institution__kind", flat=True)) == {"mbo_institution"}
    # the command reports what it wrote, per table, and how long it took
    assert re.search(rf"^agreements\.Agreement +{sector + commitments}$", output, re.MULTILINE)
    assert "written in" in output


def test_running_twice_is_refused(scaled):
    before = Agreement.objects.count(), User.objects.count(), Notification.objects.count()
    with pytest.raises(CommandError, match="already present"):
        seed()
    assert (Agreement.objects.count(), User.objects.count(), Notification.objects.count()) == (
        before
    )


def test_needs_the_reference_data(db):
    with pytest.raises(CommandError, match="load_reference"):
        seed()
    assert not User.objects.exists()


def test_runs_after_the_demo_data_without_touching_it(reference):
    call_command("seed_demo", stdout=io.StringIO())
    demo_agendas = {a.pk: (a.first_year, a.last_year) for a in Agenda.objects.all()}
    demo_revisions = set(AgendaRevision.objects.values_list("pk", "state"))
    seed(0.01)
    # the demo's agendas and revisions are as they were; no sectorkamer has overlapping agendas
    assert {
        a.pk: (a.first_year, a.last_year) for a in Agenda.objects.filter(pk__in=demo_agendas)
    } == demo_agendas
    assert demo_revisions <= set(AgendaRevision.objects.values_list("pk", "state"))
    for agenda in Agenda.objects.all():
        agenda.full_clean()
    assert Agenda.objects.count() == len(demo_agendas) + 8


MODELS = [
    Organisation, User, RoleAssignment, RegionalTable, TableMembership, Qualification, Agenda,
    AgendaRevision, Priority, Agreement, AgreementParty, Milestone, ProgrammeOfferRule,
    ProgressReport, StartStopNotice, NoticeConflict, ArbitrationAgreement, ArbiterProfile,
    Affiliation, Dossier, DossierParty, PanelMember, Challenge, ProceduralDeadline, Document,
    Award, Notification, NotificationPreference, Dataset, Enrolment, IndicatorValue, Signal,
    Practice,
]  # fmt: skip


def test_a_sample_of_every_table_passes_model_validation(scaled):
    checked = 0
    for model in MODELS:
        protected = [
            f.name
            for f in model._meta.concrete_fields
            if isinstance(f, FSMFieldMixin) and f.protected
        ]
        rows = list(model.objects.order_by("pk")[:4]) + list(model.objects.order_by("-pk")[:4])
        if model not in (Challenge, Award):  # a few per run; present at larger factors
            assert rows, f"no {model.__name__} rows generated"
        for row in rows:
            row.full_clean(exclude=protected)  # fields, clean(), unique and check constraints
            checked += 1
    assert checked > 150


def test_agreements_keep_the_rules_of_their_services(scaled):
    today = local_today()
    agreements = list(
        Agreement.objects.select_related(
            "priority__revision__agenda", "parent__priority__revision__agenda"
        ).prefetch_related("parties")
    )
    latest = {}
    for report in ProgressReport.objects.order_by("period_end", "pk"):
        latest[report.agreement_id] = report
    states = defaultdict(int)
    for agreement in agreements:
        states[agreement.state] += 1
        assert not consistency_errors(agreement), agreement.pk
        parties = list(agreement.parties.all())
        responsible = [p for p in parties if p.role == "responsible"]
        if agreement.state not in ("draft", "cancelled"):  # (a draft may be cancelled)
            assert all(letter.ok for letter in smart_check(agreement, parties)), agreement.pk
        if agreement.state == "proposed":  # the last responsible acceptance activates
            assert any(p.acceptance != "accepted" for p in responsible)
        if agreement.state in ("active", "achieved", "not_achieved", "disputed"):
            assert all(p.acceptance == "accepted" and p.decided_by_id for p in responsible)
        if agreement.state in ("achieved", "not_achieved"):  # evaluated at/after the deadline
            assert agreement.deadline <= today
        # the stored sectorkamers and progress, as Agreement.save derives them
        assert (agreement.sectorkamer_id, agreement.table_sectorkamer_id) == (
            agreement.derive_sectorkamers()
        ), agreement.pk
        assert agreement.progress == progress_percentage(agreement, agreement.latest_value)
        report = latest.get(agreement.pk)
        # the latest report is kept on the agreement, and the next one due after it
        assert (agreement.latest_period_end, agreement.latest_value, agreement.latest_status) == (
            (report.period_end, report.value, report.status) if report else (None, None, None)
        )
        if agreement.state == "active":
            assert agreement.next_report_due == next_report_due(
                agreement, report and report.period_end
            )
        if report:  # progress is only reported while active
            assert agreement.state in (
                "active",
                "achieved",
                "not_achieved",
                "disputed",
                "cancelled",
            )
            assert agreement.next_report_due is not None
    assert {"draft", "proposed", "active", "achieved", "not_achieved", "cancelled"} <= set(states)


def test_state_machines_have_their_transition_log(scaled):
    for model in (AgendaRevision, Agreement, Dossier):
        last = {}
        logs = StateLog.objects.filter(content_type__model=model._meta.model_name)
        for log in logs.order_by("timestamp", "pk"):
            assert log.source_state != log.state
            assert last.get(log.object_id, "draft") == log.source_state, (model, log.object_id)
            last[log.object_id] = log.state
        for obj in model.objects.exclude(state="draft"):
            assert last[obj.pk] == obj.state, (model, obj.pk)
    for revision in AgendaRevision.objects.filter(state__in=["ratified", "superseded"]):
        assert revision.ratified_at is not None
    # one revision per cycle is still in the making; the older ones are final
    for agenda in Agenda.objects.all():
        open_revisions = agenda.revisions.exclude(state__in=["ratified", "superseded"])
        assert open_revisions.count() <= 1
    # priorities carry their lineage from one yearly revision to the next
    assert Priority.objects.values("lineage").annotate(n=Max("revision__year")).count() < (
        Priority.objects.count()
    )


def test_practices_keep_the_rules_of_their_review(scaled, client):
    """On an agreement under way, in its sectorkamer, by a representative of its owner;
    each review logged as the workflow logs it; the published ones on the public register."""
    logs = {log.object_id: log for log in StateLog.objects.filter(content_type__model="practice")}
    practices = Practice.objects.select_related("agreement__priority__revision__agenda")
    states = {p.state for p in practices}
    assert "published" in states and states <= {"published", "submitted", "returned"}
    for practice in practices:
        agreement = practice.agreement
        assert agreement.state in ("active", "achieved", "not_achieved")
        assert practice.sectorkamer_id == agreement.priority.revision.agenda.sectorkamer_id
        assert practice.contact_organisation_id == agreement.owner_id
        assert practice.submitted_by.role_assignments.filter(
            role=Role.ORGANISATION_REPRESENTATIVE, organisation=agreement.owner_id
        ).exists()
        if practice.state == "submitted":
            assert practice.reviewed_at is None and practice.pk not in logs
            continue
        log = logs[practice.pk]
        assert (log.source_state, log.state) == ("submitted", practice.state)
        assert (
            log.transition
            == {"published": "publish", "returned": "return_to_submitter"}[practice.state]
        )
        assert practice.submitted_at <= practice.reviewed_at == log.timestamp
    published = practices.filter(state="published").order_by("-reviewed_at").first()
    response = client.get(reverse("register:practices"))
    assert response.status_code == 200
    assert published.title in response.content.decode()


def test_notices_and_dossiers_keep_their_rules(scaled):
    activated = dict(
        StateLog.objects.filter(content_type__model="agreement", transition="activate")
        .values_list("object_id")
        .annotate(at=Max("timestamp"))
    )
    conflicts = 0
    for notice in StartStopNotice.objects.filter(state="submitted", action="start"):
        recorded = set(notice.conflicts.values_list("rule_id", flat=True))
        in_force = {  # the rules of agreements active when the notice was submitted
            rule.pk
            for rule, _message in find_conflicts(notice)
            if activated[rule.agreement_id] <= notice.submitted_at
        }
        assert in_force <= recorded, notice.pk
        conflicts += len(recorded)
    assert conflicts == NoticeConflict.objects.count() > 0
    numbers = defaultdict(list)
    for dossier in Dossier.objects.exclude(state="draft"):
        match = re.fullmatch(r"ARB-(\d{4})-(\d{4})", dossier.reference)
        numbers[int(match[1])].append(int(match[2]))
        assert dossier.filed_at is not None
        if dossier.state not in ("filed", "inadmissible", "withdrawn", "settled"):
            assert dossier.panel.exists() or dossier.state == "admitted"
        if dossier.state in ("admitted", "panel_proposed", "panel_constituted",
                             "defence_submitted", "hearing_scheduled", "hearing_held"):  # fmt: skip
            assert not uncovered_parties(dossier)
            assert {a.state for a in dossier.agreements.all()} == {"disputed"}
    assert numbers
    for year, taken in numbers.items():  # gap-free per year, and the counter moved on
        assert sorted(taken) == list(range(1, len(taken) + 1))
        assert DossierSequence.objects.get(year=year).last == len(taken)


def test_the_atlas_datasets_count_their_rows_and_the_alert_function_ran(scaled):
    from atlas.services import compute_signals
    from core.timeutils import cycle_year_for

    for dataset in Dataset.objects.all():
        stored = dataset.enrolments.count() + dataset.values.count()
        assert stored and dataset.rows_stored == stored and dataset.synthetic
    # small cells are suppressed as DUO publishes them: bounds, never a count
    assert not Enrolment.objects.filter(low__lt=5, suppressed=False).exists()
    assert Enrolment.objects.filter(suppressed=True, low=1, high=4).exists()
    year = cycle_year_for(local_today())
    signals = Signal.objects.filter(year=year, state="open").count()
    assert signals and {"few-students", "work-within-a-year"} <= set(
        Signal.objects.values_list("rule__code", flat=True)
    )
    again = compute_signals(year=year)  # what the seed computed is what the service computes
    assert again["raised"] == again["closed"] == 0 and again["unchanged"] == signals


def test_pages_render_for_the_generated_people(scaled, client):
    secretary = active_user(Role.SECTORKAMER_SECRETARY)
    kamer = secretary.role_assignments.first().sectorkamer
    login = {"username": secretary.username, "password": scale.PASSWORD}  # one shared hash
    assert client.post(reverse("login"), login).status_code == 302
    assert client.get(reverse("home")).status_code == 200
    assert client.get(reverse("agreements:board")).status_code == 200
    agreement = Agreement.objects.filter(priority__revision__agenda__sectorkamer=kamer).first()
    assert client.get(reverse("agreements:detail", args=[agreement.pk])).status_code == 200
    revision = AgendaRevision.objects.filter(agenda__sectorkamer=kamer).first()
    assert client.get(reverse("agendas:revision_detail", args=[revision.pk])).status_code == 200
    assert client.get(reverse("notifications:centre")).status_code == 200
    year = revision.year
    assert client.get(reverse("atlas:sectorkamer", args=[kamer.code, year])).status_code == 200

    coordinator = active_user(Role.TABLE_COORDINATOR)
    table = coordinator.role_assignments.get(role=Role.TABLE_COORDINATOR).regional_table
    client.force_login(coordinator)
    assert client.get(reverse("agreements:table_workspace", args=[table.pk])).status_code == 200
    region = table.regions.first()
    assert client.get(reverse("atlas:region", args=[region.code, year])).status_code == 200

    school = Organisation.objects.filter(kind="mbo_institution").first()
    client.force_login(active_user(Role.ORGANISATION_REPRESENTATIVE, organisation=school))
    assert client.get(reverse("agreements:school")).status_code == 200
    assert client.get(reverse("agreements:notice_list")).status_code == 200

    # a document's metadata points at a real file (one shared placeholder)
    document = Document.objects.filter(visibility="all").first()
    client.force_login(active_user(Role.ARBITRATION_SECRETARIAT))
    url = reverse("arbitration:dossier_detail", args=[document.dossier_id])
    assert client.get(url).status_code == 200
    response = client.get(reverse("arbitration:document_download", args=[document.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL bulk mode")
def test_a_dangling_reference_is_caught_when_the_row_triggers_are_skipped(reference):
    generator = scale.ScaleGenerator(factor=0.01)
    assert generator.writer.skip_row_triggers()
    user = User.objects.create(username="someone")
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO notifications_notification (recipient_id, kind, key, title, body, url, "
            "late, created_at, email_status, attempts) "
            "VALUES (%s, 'agenda', 'k', 't', '', '', false, now(), 'off', 0)",
            [user.pk + 1000],
        )
    with pytest.raises(IntegrityError, match="notifications.Notification refer to a missing"):
        generator.writer.check_foreign_keys([Notification])
