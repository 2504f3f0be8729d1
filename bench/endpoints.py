"""The endpoints `make bench` measures, each with its floor: one hand-written SQL query that
fetches exactly the data the endpoint shows (a page of 50 where the endpoint pages), so that
endpoint time / floor time says what the framework and our code add to the database's work.
"""

import dataclasses
import datetime

from django.db.models import Count, Q

from agendas.models import AgendaRevision
from agreements.models import OPEN_STATES, Agreement, AgreementState
from arbitration.models import Dossier
from core.timeutils import cycle_year_for, local_today
from notifications.models import Notification
from regions.models import RegionalTable, Role, RoleAssignment

PAGE = 50


@dataclasses.dataclass
class Endpoint:
    name: str
    kind: str  # "page" or "api"
    user: str  # key into the context's users
    url: str
    floor: str  # key into FLOORS
    is_list: bool = False


def _user_with(role, **scope):
    today = local_today()
    assignment = (
        RoleAssignment.objects.filter(role=role, valid_from__lte=today, **scope)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today))
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return assignment.user


def context() -> dict:
    """The people and objects measured: the same choice rule at every factor."""
    revision = (
        AgendaRevision.objects.annotate(n=Count("priorities"))
        .filter(n__gt=0)
        .order_by("-year", "-n", "pk")
        .first()
    )
    kamer = revision.agenda.sectorkamer
    agreement = (
        Agreement.objects.filter(priority__isnull=False, state=AgreementState.ACTIVE)
        .annotate(n=Count("commitments"))
        .order_by("-n", "pk")
        .first()
    )
    table = (
        RegionalTable.objects.annotate(n=Count("commitments"))
        .filter(n__gt=0)
        .order_by("-n", "pk")
        .first()
    )
    secretary = _user_with(Role.SECTORKAMER_SECRETARY, sectorkamer=kamer)
    recipient = (
        Notification.objects.values("recipient")
        .annotate(n=Count("pk"))
        .order_by("-n", "recipient")
        .first()["recipient"]
    )
    from regions.models import User

    return {
        "users": {
            "secretary": secretary,
            "board": _user_with(Role.BOARD_MEMBER),
            "coordinator": _user_with(Role.TABLE_COORDINATOR, regional_table=table),
            "secretariat": _user_with(Role.ARBITRATION_SECRETARIAT),
            "recipient": User.objects.get(pk=recipient),
            "anonymous": None,
        },
        # the ratified agenda with the most priorities: the public register's heaviest agenda
        "public_revision": AgendaRevision.objects.filter(
            state__in=("ratified", "superseded"), ratified_at__isnull=False
        )
        .annotate(n=Count("priorities"))
        .order_by("-n", "-year", "pk")
        .select_related("agenda__sectorkamer")
        .first(),
        "kamer": kamer,
        "revision": revision,
        "agreement": agreement,
        "table": table,
        "today": local_today(),
        "dossiers": Dossier.objects.count(),
        "cycle_year": cycle_year_for(local_today()),
        "region": table.regions.order_by("code").first(),
    }


def endpoints(ctx) -> list[Endpoint]:
    kamer, revision = ctx["kamer"].code, ctx["revision"].pk
    agreement, table = ctx["agreement"].pk, ctx["table"].pk
    year, region = ctx["cycle_year"], ctx["region"].code
    board_filter = f"state=active&sectorkamer={kamer}"
    public = ctx["public_revision"]
    return [
        Endpoint("agreement board", "page", "secretary", f"/afspraken/?{board_filter}",
                 "board", True),
        Endpoint("agreements", "api", "secretary", f"/api/v1/agreements/?{board_filter}",
                 "board", True),
        Endpoint("agreement detail", "page", "secretary", f"/afspraken/{agreement}/", "agreement"),
        Endpoint("agreement", "api", "secretary", f"/api/v1/agreements/{agreement}/",
                 "agreement"),
        Endpoint("regional table workspace", "page", "coordinator",
                 f"/afspraken/tafels/{table}/", "table", True),
        Endpoint("table commitments", "api", "coordinator",
                 f"/api/v1/agreements/?regional_table={table}", "table", True),
        Endpoint("ratification queue", "page", "board", "/bekrachtiging/", "queue", True),
        Endpoint("adopted revisions", "api", "board", "/api/v1/agenda-revisions/?state=adopted",
                 "queue", True),
        Endpoint("agenda revision", "page", "secretary", f"/revisies/{revision}/",
                 "revision"),
        Endpoint("agenda revision", "api", "secretary", f"/api/v1/agenda-revisions/{revision}/",
                 "revision"),
        Endpoint("secretariat docket", "page", "secretariat", "/arbitrage/", "docket", True),
        Endpoint("dossiers", "api", "secretariat", "/api/v1/arbitration/dossiers/", "docket",
                 True),
        Endpoint("notification centre", "page", "recipient", "/meldingen/", "notifications",
                 True),
        Endpoint("notifications", "api", "recipient", "/api/v1/notifications/", "notifications",
                 True),
        Endpoint("sectorkamer atlas", "page", "secretary", f"/atlas/{kamer}/{year}/", "atlas"),
        Endpoint("region atlas", "page", "coordinator", f"/atlas/regio/{region}/{year}/",
                 "region_atlas"),
        Endpoint("signals", "api", "secretary",
                 f"/api/v1/atlas/signals/?sectorkamer={kamer}&year={year}", "signals", True),
        Endpoint("monitor (national)", "page", "board", "/afspraken/monitor/", "monitor_national"),
        Endpoint("monitor (sectorkamer)", "page", "secretary",
                 f"/afspraken/monitor/sectorkamer/{kamer}/", "monitor_sectorkamer"),
        Endpoint("monitor (region)", "page", "coordinator", f"/afspraken/monitor/regio/{region}/",
                 "monitor_region"),
        Endpoint("monitor (table)", "page", "coordinator", f"/afspraken/monitor/tafel/{table}/",
                 "monitor_table"),
        Endpoint("home (secretary)", "page", "secretary", "/", "home_secretary"),
        Endpoint("home (board)", "page", "board", "/", "home_board"),
        Endpoint("home (coordinator)", "page", "coordinator", "/", "home_coordinator"),
        Endpoint("home (secretariat)", "page", "secretariat", "/", "home_secretariat"),
        Endpoint("public register", "page", "anonymous", "/openbaar/", "public_index"),
        Endpoint("public agenda", "page", "anonymous", f"/openbaar/sectorkamers/"
                 f"{public.agenda.sectorkamer.code}/{public.year}/", "public_revision"),
        Endpoint("public agreements", "page", "anonymous", "/openbaar/afspraken/",
                 "public_agreements", True),
        Endpoint("public agreement", "page", "anonymous", f"/openbaar/afspraken/{agreement}/",
                 "public_agreement"),
        Endpoint("public practices", "page", "anonymous", "/openbaar/praktijken/",
                 "public_practices", True),
    ]  # fmt: skip


def floor_params(ctx) -> dict:
    return {
        "kamer": ctx["kamer"].pk,
        "revision": ctx["revision"].pk,
        "agreement": ctx["agreement"].pk,
        "table": ctx["table"].pk,
        "today": ctx["today"],
        "open": list(OPEN_STATES),
        "states": ["active"],
        "user": None,  # set per endpoint
        "limit": PAGE,
        "year": ctx["cycle_year"],
        "first": ctx["cycle_year"] - 5,
        "last": ctx["cycle_year"] - 1,
        "region": ctx["region"].pk,
        "public_revision": ctx["public_revision"].pk,
        "public_states": ["active", "achieved", "not_achieved"],
        "soon": ctx["today"] + datetime.timedelta(days=31),
        "week": ctx["today"] + datetime.timedelta(days=7),
        "half_year": ctx["today"] - datetime.timedelta(days=183),
    }


# the latest report is kept on the agreement (latest_*), as the product stores it
_PARTIES = """(SELECT coalesce(json_agg(json_build_object('organisation', po.name, 'role', p.role,
        'acceptance', p.acceptance) ORDER BY p.id), '[]')
    FROM agreements_agreementparty p JOIN regions_organisation po ON po.id = p.organisation_id
    WHERE p.agreement_id = a.id)"""
_ROW = """a.id, a.title, a.state, a.category, a.level, a.deadline, a.unit, a.baseline_value,
    a.target_value, a.direction, a.cadence, a.weight, a.next_report_due, o.name AS owner,
    a.latest_value, a.latest_status, a.latest_period_end"""
_URGENCY = """CASE WHEN a.state = ANY(%(open)s) AND a.deadline < %(today)s THEN 0
    WHEN a.latest_status IN ('off_track', 'at_risk') THEN 1 ELSE 2 END"""

FLOORS = {
    # the agreement board: one page of the filtered board, with the total and each row's parties
    "board": f"""
SELECT {_ROW}, rt.name AS regional_table, {_PARTIES} AS parties, count(*) OVER () AS total
FROM agreements_agreement a
JOIN regions_organisation o ON o.id = a.owner_id
LEFT JOIN regions_regionaltable rt ON rt.id = a.regional_table_id
WHERE a.state = ANY(%(states)s)
    AND (a.sectorkamer_id = %(kamer)s OR a.table_sectorkamer_id = %(kamer)s)
ORDER BY {_URGENCY}, a.deadline, a.id
LIMIT %(limit)s""",
    # one agreement with everything its page shows
    "agreement": f"""
SELECT {_ROW}, a.description, a.indicator, a.rationale, a.start_date, a.closing_note,
    {_PARTIES} AS parties,
    (SELECT coalesce(json_agg(json_build_object('title', m.title, 'due', m.due_date,
        'done', m.done_date) ORDER BY m.due_date), '[]')
        FROM agreements_milestone m WHERE m.agreement_id = a.id) AS milestones,
    (SELECT coalesce(json_agg(json_build_object('start', r.period_start, 'end', r.period_end,
        'value', r.value, 'status', r.status, 'narrative', r.narrative,
        'reporter', u.first_name || ' ' || u.last_name) ORDER BY r.period_end), '[]')
        FROM agreements_progressreport r JOIN regions_user u ON u.id = r.reporter_id
        WHERE r.agreement_id = a.id) AS reports,
    (SELECT coalesce(json_agg(json_build_object('id', c.id, 'title', c.title, 'table', t.name,
        'state', c.state, 'weight', c.weight, 'deadline', c.deadline, 'value', (
            SELECT r.value FROM agreements_progressreport r WHERE r.agreement_id = c.id
            ORDER BY r.period_end DESC, r.id DESC LIMIT 1)) ORDER BY c.deadline, c.id), '[]')
        FROM agreements_agreement c JOIN regions_regionaltable t ON t.id = c.regional_table_id
        WHERE c.parent_id = a.id) AS commitments,
    (SELECT coalesce(json_agg(json_build_object('kind', x.kind, 'phase_out_by', x.phase_out_by,
        'cap', x.intake_cap)), '[]')
        FROM agreements_programmeofferrule x WHERE x.agreement_id = a.id) AS rules
FROM agreements_agreement a
JOIN regions_organisation o ON o.id = a.owner_id
WHERE a.id = %(agreement)s""",
    # the table's commitments (one page) with their parties
    "table": f"""
SELECT {_ROW}, {_PARTIES} AS parties, count(*) OVER () AS total
FROM agreements_agreement a
JOIN regions_organisation o ON o.id = a.owner_id
WHERE a.regional_table_id = %(table)s
ORDER BY {_URGENCY}, a.deadline, a.id
LIMIT %(limit)s""",
    # revisions awaiting the board
    "queue": """
SELECT rv.id, rv.year, rv.state, rv.summary, rv.adoption_meeting_date, s.code, s.name,
    (SELECT count(*) FROM agendas_priority p WHERE p.revision_id = rv.id) AS priorities
FROM agendas_agendarevision rv
JOIN agendas_agenda ag ON ag.id = rv.agenda_id
JOIN regions_sectorkamer s ON s.id = ag.sectorkamer_id
WHERE rv.state = 'adopted'
ORDER BY rv.year, s.code
LIMIT %(limit)s""",
    # a revision with its priorities, their qualifications and regions
    "revision": """
SELECT rv.id, rv.year, rv.state, rv.summary, rv.adoption_meeting_date, rv.ratified_at, s.name,
    (SELECT coalesce(json_agg(json_build_object('id', p.id, 'title', p.title, 'kind', p.kind,
        'description', p.description, 'evidence', p.evidence,
        'qualifications', (SELECT coalesce(json_agg(q.qualification_id), '[]')
            FROM agendas_priority_qualifications q WHERE q.priority_id = p.id),
        'regions', (SELECT coalesce(json_agg(g.arbeidsmarktregio_id), '[]')
            FROM agendas_priority_regions g WHERE g.priority_id = p.id))
        ORDER BY p."order", p.id), '[]')
        FROM agendas_priority p WHERE p.revision_id = rv.id) AS priorities
FROM agendas_agendarevision rv
JOIN agendas_agenda ag ON ag.id = rv.agenda_id
JOIN regions_sectorkamer s ON s.id = ag.sectorkamer_id
WHERE rv.id = %(revision)s""",
    # the secretariat's docket: dossiers (not drafts) with parties, panel and next deadline
    "docket": """
SELECT d.id, d.reference, d.kind, d.state, d.filed_at, d.hearing_at,
    (SELECT coalesce(json_agg(json_build_object('organisation', o.name, 'side', dp.side)), '[]')
        FROM arbitration_dossierparty dp JOIN regions_organisation o ON o.id = dp.organisation_id
        WHERE dp.dossier_id = d.id) AS parties,
    (SELECT coalesce(json_agg(u.first_name || ' ' || u.last_name), '[]')
        FROM arbitration_panelmember pm
        JOIN arbitration_arbiterprofile ap ON ap.id = pm.arbiter_id
        JOIN regions_user u ON u.id = ap.user_id
        WHERE pm.dossier_id = d.id AND pm.replaced_at IS NULL) AS panel,
    (SELECT min(pd.due) FROM arbitration_proceduraldeadline pd
        WHERE pd.dossier_id = d.id AND pd.met_at IS NULL) AS next_due
FROM arbitration_dossier d
WHERE d.state <> 'draft'
ORDER BY next_due ASC NULLS LAST, d.filed_at DESC, d.id DESC
LIMIT %(limit)s""",
    # one page of a person's notifications and the unread count
    "notifications": """
SELECT n.id, n.kind, n.title, n.body, n.url, n.deadline, n.late, n.created_at, n.read_at,
    count(*) FILTER (WHERE n.read_at IS NULL) OVER () AS unread
FROM notifications_notification n
WHERE n.recipient_id = %(user)s
ORDER BY n.created_at DESC, n.id DESC
LIMIT %(limit)s""",
}

# The atlas's floors: what its pages show, aggregated by the database in one query: the
# enrolment series per opleiding, one page of the ranked signals and their number.
_SIGNALS = """(SELECT coalesce(json_agg(x), '[]') FROM (SELECT r.name AS rule, g.subject,
        g.weight, g.value, g.small_numbers, r.interpretation
        FROM atlas_signal g JOIN atlas_signalrule r ON r.id = g.rule_id
        WHERE g.year = %(year)s AND g.state = 'open' AND {where}
        ORDER BY g.weight DESC, r.code, g.subject LIMIT 25) x) AS signals,
    (SELECT count(*) FROM atlas_signal g
        WHERE g.year = %(year)s AND g.state = 'open' AND {where}) AS signal_count"""
_SERIES = """SELECT e.qualification_id, e.year, e.leerweg = 'BBL' AS bbl, sum(e.low) AS low,
        sum(e.high) AS high, bool_or(e.suppressed) AS suppressed
    FROM atlas_enrolment e JOIN atlas_dataset d ON d.id = e.dataset_id
    WHERE d.replaced_by_id IS NULL AND e.gender = '' AND e.year BETWEEN %(first)s AND %(last)s
        AND {where}
    GROUP BY e.qualification_id, e.year, e.leerweg = 'BBL'"""
_OPLEIDINGEN = """opleidingen AS (SELECT q.crebo, q.name, q.level, json_agg(json_build_object(
        'year', s.year, 'bbl', s.bbl, 'low', s.low, 'high', s.high,
        'suppressed', s.suppressed)) AS series
    FROM series s JOIN atlas_qualification q ON q.id = s.qualification_id GROUP BY q.id)"""
_IN_REGION = (
    "(SELECT organisation_id FROM regions_organisation_regions "
    "WHERE arbeidsmarktregio_id = %(region)s)"
)
# the sectorkamer's series from the totals per qualification the product stores
_TOTAL_SERIES = """SELECT t.qualification_id, t.year, t.leerweg = 'BBL' AS bbl,
        sum(t.low) AS low, sum(t.high) AS high, sum(t.suppressed_cells) > 0 AS suppressed
    FROM atlas_qualificationtotal t JOIN atlas_dataset d ON d.id = t.dataset_id
    WHERE d.replaced_by_id IS NULL AND t.gender = '' AND t.year BETWEEN %(first)s AND %(last)s
        AND t.qualification_id IN (SELECT id FROM atlas_qualification
            WHERE sectorkamer_id = %(kamer)s)
    GROUP BY t.qualification_id, t.year, t.leerweg = 'BBL'"""
FLOORS["atlas"] = f"""
WITH series AS ({_TOTAL_SERIES}),
{_OPLEIDINGEN}
SELECT (SELECT json_agg(o ORDER BY o.crebo) FROM opleidingen o) AS opleidingen,
    {_SIGNALS.format(where="g.sectorkamer_id = %(kamer)s")}"""
FLOORS["region_atlas"] = f"""
WITH series AS ({_SERIES.format(where=f"e.institution_id IN {_IN_REGION}")}),
{_OPLEIDINGEN}
SELECT (SELECT json_agg(o ORDER BY o.crebo) FROM opleidingen o) AS opleidingen,
    {_SIGNALS.format(where=f"(g.region_id = %(region)s OR g.institution_id IN {_IN_REGION})")}"""
FLOORS["signals"] = """
SELECT g.id, r.code, r.name, g.year, g.state, g.weight, g.subject, g.value, g.small_numbers,
    q.crebo, o.name AS institution, a.code AS region, count(*) OVER () AS total
FROM atlas_signal g JOIN atlas_signalrule r ON r.id = g.rule_id
LEFT JOIN atlas_qualification q ON q.id = g.qualification_id
LEFT JOIN regions_organisation o ON o.id = g.institution_id
LEFT JOIN regions_arbeidsmarktregio a ON a.id = g.region_id
WHERE g.sectorkamer_id = %(kamer)s AND g.year = %(year)s
ORDER BY g.weight DESC, r.code, g.subject
LIMIT %(limit)s"""

# compute_signals' floor: the enrolment totals its rules compare, per institution and
# qualification and per qualification and region, for the three years they look at, in one
# query (the rules then only compare numbers).
SIGNALS_FLOOR = """
SELECT e.institution_id, e.qualification_id, NULL::bigint AS region, e.year,
    sum(e.low), sum(e.high), bool_or(e.suppressed)
FROM atlas_enrolment e JOIN atlas_dataset d ON d.id = e.dataset_id
WHERE d.replaced_by_id IS NULL AND e.gender = '' AND e.year BETWEEN %(year)s - 3 AND %(year)s - 1
GROUP BY e.institution_id, e.qualification_id, e.year
UNION ALL
SELECT NULL, e.qualification_id, r.arbeidsmarktregio_id, e.year, sum(e.low), sum(e.high),
    bool_or(e.suppressed)
FROM atlas_enrolment e JOIN atlas_dataset d ON d.id = e.dataset_id
JOIN regions_organisation_regions r ON r.organisation_id = e.institution_id
WHERE d.replaced_by_id IS NULL AND e.gender = '' AND e.year BETWEEN %(year)s - 2 AND %(year)s - 1
GROUP BY e.qualification_id, r.arbeidsmarktregio_id, e.year"""

# The sweep's floor: one SQL query selecting the open deadlines of every source the sweep reads
# in its window (revisions, agreements, milestones, progress reports, draft notices,
# procedural deadlines), with the organisations that answer for them.
SWEEP_FLOOR = """
SELECT 'revision' AS source, rv.id, make_date(rv.year, 1, 31) AS due, ag.sectorkamer_id AS who
FROM agendas_agendarevision rv JOIN agendas_agenda ag ON ag.id = rv.agenda_id
WHERE rv.state IN ('draft', 'submitted', 'adopted')
    AND make_date(rv.year, 1, 31) BETWEEN %(start)s AND %(end)s
UNION ALL
SELECT 'agreement', a.id, a.deadline, p.organisation_id
FROM agreements_agreement a JOIN agreements_agreementparty p ON p.agreement_id = a.id
WHERE a.state = ANY(%(open)s) AND a.deadline BETWEEN %(start)s AND %(end)s
UNION ALL
SELECT 'milestone', m.id, m.due_date, a.owner_id
FROM agreements_milestone m JOIN agreements_agreement a ON a.id = m.agreement_id
WHERE m.done_date IS NULL AND a.state = 'active' AND m.due_date BETWEEN %(start)s AND %(end)s
UNION ALL
SELECT 'report', a.id, a.next_report_due, p.organisation_id
FROM agreements_agreement a JOIN agreements_agreementparty p ON p.agreement_id = a.id
WHERE a.state = 'active' AND a.next_report_due BETWEEN %(start)s AND %(end)s
    AND (p.role = 'responsible' OR p.organisation_id = a.owner_id)
UNION ALL
SELECT 'notice', n.id, make_date(%(year)s, 1, 31), n.institution_id
FROM agreements_startstopnotice n
WHERE n.state = 'draft' AND make_date(%(year)s, 1, 31) BETWEEN %(start)s AND %(end)s
    AND ((n.leerweg = 'BOL' AND n.study_year = %(year)s + 1)
        OR (n.leerweg = 'BBL' AND n.study_year = %(year)s))
UNION ALL
SELECT 'procedural', pd.id, pd.due, dp.organisation_id
FROM arbitration_proceduraldeadline pd JOIN arbitration_dossierparty dp
    ON dp.dossier_id = pd.dossier_id
WHERE pd.met_at IS NULL AND pd.due BETWEEN %(start)s AND %(end)s"""


def sweep_params(today: datetime.date, *, before: int, after: int) -> dict:
    """The same window as the sweep: the longest offset before and after a deadline."""
    start = today - datetime.timedelta(days=after)
    end = today + datetime.timedelta(days=before)
    year = end.year if datetime.date(end.year, 1, 31) >= start else start.year
    return {"today": today, "open": list(OPEN_STATES), "start": start, "end": end, "year": year}


# The home pages' floors: each attention list as one query, every source's rows (at most 20
# each, as the sources take) in a UNION ALL, with the user's role rows that decide them.
_SECTOR_OF = "a.sectorkamer_id"  # the agenda an agreement serves, stored on it
_ROLES = """(SELECT 'role', ra.id, ra.role, NULL::date FROM regions_roleassignment ra
    WHERE ra.user_id = %(user)s AND ra.valid_from <= %(today)s
        AND (ra.valid_until IS NULL OR ra.valid_until >= %(today)s))"""
FLOORS["home_secretary"] = f"""
{_ROLES}
UNION ALL (SELECT 'revision', rv.id, rv.state, NULL FROM agendas_agendarevision rv
    JOIN agendas_agenda ag ON ag.id = rv.agenda_id
    WHERE ag.sectorkamer_id = %(kamer)s AND rv.year = %(year)s)
UNION ALL (SELECT 'waiting', a.id, a.title, a.deadline FROM agreements_agreement a
    WHERE a.state = 'proposed' AND {_SECTOR_OF} = %(kamer)s AND EXISTS (SELECT 1
        FROM agreements_agreementparty p WHERE p.agreement_id = a.id AND p.acceptance = 'pending')
    ORDER BY a.deadline, a.id LIMIT 20)
UNION ALL (SELECT 'report', a.id, a.title, a.next_report_due FROM agreements_agreement a
    WHERE a.state = 'active' AND a.next_report_due <= %(soon)s AND {_SECTOR_OF} = %(kamer)s
    ORDER BY a.next_report_due, a.id LIMIT 20)
UNION ALL (SELECT 'conflict', c.id, o.name || ' ' || q.name, NULL FROM agreements_noticeconflict c
    JOIN agreements_startstopnotice n ON n.id = c.notice_id
    JOIN atlas_qualification q ON q.id = n.qualification_id
    JOIN regions_organisation o ON o.id = n.institution_id
    WHERE c.resolution = 'open' AND q.sectorkamer_id = %(kamer)s
    ORDER BY c.created_at, c.id LIMIT 20)
UNION ALL (SELECT 'signals', count(*), '', NULL FROM atlas_signal g
    WHERE g.sectorkamer_id = %(kamer)s AND g.year = %(year)s AND g.state = 'open')"""
FLOORS["home_board"] = f"""
{_ROLES}
UNION ALL (SELECT 'ratify', rv.id, s.abbreviation, NULL FROM agendas_agendarevision rv
    JOIN agendas_agenda ag ON ag.id = rv.agenda_id
    JOIN regions_sectorkamer s ON s.id = ag.sectorkamer_id
    WHERE rv.state = 'adopted' ORDER BY rv.year, s.code LIMIT 20)
UNION ALL (SELECT 'overdue', rv.id, s.abbreviation, NULL FROM agendas_agendarevision rv
    JOIN agendas_agenda ag ON ag.id = rv.agenda_id
    JOIN regions_sectorkamer s ON s.id = ag.sectorkamer_id
    WHERE rv.year = %(year)s - 1 AND rv.state IN ('draft', 'submitted') LIMIT 20)
UNION ALL (SELECT 'ratified', count(*), '', NULL FROM agendas_agendarevision rv
    WHERE rv.year = %(year)s AND rv.state = 'ratified')
UNION ALL (SELECT 'glance', count(*), sum(a.weight * a.progress)::text,
        NULL FROM agreements_agreement a WHERE a.state = 'active')"""
FLOORS["home_coordinator"] = f"""
{_ROLES}
UNION ALL (SELECT 'report', a.id, a.title, a.next_report_due FROM agreements_agreement a
    WHERE a.regional_table_id = %(table)s AND a.state = 'active'
        AND a.next_report_due <= %(soon)s ORDER BY a.next_report_due, a.id LIMIT 20)
UNION ALL (SELECT 'work_out', a.id, a.title, a.deadline FROM agreements_agreement a
    JOIN agendas_priority pr ON pr.id = a.priority_id
    JOIN agendas_agendarevision rv ON rv.id = pr.revision_id
    JOIN agendas_agenda ag ON ag.id = rv.agenda_id
    WHERE a.state = 'active' AND ag.sectorkamer_id = (SELECT t.sectorkamer_id
            FROM regions_regionaltable t WHERE t.id = %(table)s)
        AND NOT EXISTS (SELECT 1 FROM agreements_agreement c
            WHERE c.parent_id = a.id AND c.regional_table_id = %(table)s)
    ORDER BY a.deadline, a.id LIMIT 20)"""
FLOORS["home_secretariat"] = f"""
{_ROLES}
UNION ALL (SELECT 'admissibility', d.id, d.reference, pd.due FROM arbitration_proceduraldeadline pd
    JOIN arbitration_dossier d ON d.id = pd.dossier_id
    WHERE pd.met_at IS NULL AND pd.kind = 'admissibility' AND d.state = 'filed'
    ORDER BY pd.due, pd.id LIMIT 20)
UNION ALL (SELECT 'procedural', d.id, d.reference, pd.due FROM arbitration_proceduraldeadline pd
    JOIN arbitration_dossier d ON d.id = pd.dossier_id
    WHERE pd.met_at IS NULL AND pd.kind <> 'admissibility' AND pd.due <= %(week)s
        AND d.state NOT IN ('inadmissible', 'closed', 'withdrawn', 'settled')
    ORDER BY pd.due, pd.id LIMIT 20)
UNION ALL (SELECT 'challenge', c.id, d.reference, NULL FROM arbitration_challenge c
    JOIN arbitration_panelmember pm ON pm.id = c.panel_member_id
    JOIN arbitration_dossier d ON d.id = pm.dossier_id
    WHERE c.decision = 'pending' ORDER BY c.filed_at, c.id LIMIT 20)"""

# The monitor's floors: every figure of the dashboard, grouped by the database, in one query.
_MONITOR = """WITH scoped AS (SELECT a.* FROM agreements_agreement a WHERE {where})
SELECT 'matrix' AS figure, category AS k1, state AS k2, count(*) AS n, NULL::numeric AS v
    FROM scoped GROUP BY category, state
UNION ALL SELECT 'progress', category, NULL, count(*), sum(weight * progress)
    FROM scoped WHERE state = 'active' GROUP BY category
UNION ALL SELECT 'region', r.code, NULL, count(DISTINCT s.id), NULL FROM scoped s
    JOIN regions_regionaltable_regions tr ON tr.regionaltable_id = s.regional_table_id
    JOIN regions_arbeidsmarktregio r ON r.id = tr.arbeidsmarktregio_id GROUP BY r.code
UNION ALL SELECT 'reports', pr.status, NULL, count(*), NULL FROM agreements_progressreport pr
    WHERE pr.agreement_id IN (SELECT id FROM scoped)
        AND pr.period_end BETWEEN %(half_year)s AND %(today)s GROUP BY pr.status
UNION ALL SELECT 'cycle', s.start_date::text, NULL, count(*), NULL FROM scoped s
    WHERE s.start_date >= %(half_year)s GROUP BY s.start_date
UNION ALL SELECT 'notices', n.study_year::text, n.action, count(*), NULL
    FROM agreements_startstopnotice n WHERE {notices} GROUP BY n.study_year, n.action"""
FLOORS["monitor_national"] = _MONITOR.format(where="true", notices="true")
FLOORS["monitor_sectorkamer"] = _MONITOR.format(
    where="a.sectorkamer_id = %(kamer)s OR a.table_sectorkamer_id = %(kamer)s",
    notices="n.qualification_id IN (SELECT id FROM atlas_qualification "
    "WHERE sectorkamer_id = %(kamer)s)",
)
FLOORS["monitor_region"] = _MONITOR.format(
    where="a.regional_table_id IN (SELECT regionaltable_id FROM regions_regionaltable_regions "
    "WHERE arbeidsmarktregio_id = %(region)s) OR a.priority_id IN (SELECT priority_id FROM "
    "agendas_priority_regions WHERE arbeidsmarktregio_id = %(region)s)",
    notices="n.region_id = %(region)s",
)
FLOORS["monitor_table"] = _MONITOR.format(
    where="a.regional_table_id = %(table)s",
    notices="n.region_id IN (SELECT arbeidsmarktregio_id FROM regions_regionaltable_regions "
    "WHERE regionaltable_id = %(table)s)",
)

# The public register's floors: exactly the public fields it shows, one query each.
FLOORS["public_index"] = """SELECT s.code, s.name, rv.year FROM regions_sectorkamer s
    LEFT JOIN agendas_agenda ag ON ag.sectorkamer_id = s.id
    LEFT JOIN agendas_agendarevision rv ON rv.agenda_id = ag.id
        AND rv.state IN ('ratified', 'superseded') AND rv.ratified_at IS NOT NULL
    ORDER BY s.code, rv.year DESC"""
FLOORS["public_revision"] = """SELECT pr.id, pr.kind, pr.title, pr.description, pr.evidence,
    (SELECT json_agg(q.crebo || ' ' || q.name) FROM agendas_priority_qualifications pq
        JOIN atlas_qualification q ON q.id = pq.qualification_id WHERE pq.priority_id = pr.id),
    (SELECT json_agg(r.name) FROM agendas_priority_regions prr
        JOIN regions_arbeidsmarktregio r ON r.id = prr.arbeidsmarktregio_id
        WHERE prr.priority_id = pr.id),
    (SELECT json_agg(json_build_object('title', a.title, 'owner', o.name) ORDER BY a.title)
        FROM agreements_agreement a JOIN regions_organisation o ON o.id = a.owner_id
        WHERE a.priority_id = pr.id AND a.state = ANY(%(public_states)s))
    FROM agendas_priority pr WHERE pr.revision_id = %(public_revision)s
    ORDER BY pr."order", pr.id"""
FLOORS["public_agreements"] = """SELECT a.id, a.title, a.state, a.category, o.name, t.name,
        count(*) OVER () AS total
    FROM agreements_agreement a JOIN regions_organisation o ON o.id = a.owner_id
    LEFT JOIN regions_regionaltable t ON t.id = a.regional_table_id
    WHERE a.state = ANY(%(public_states)s) ORDER BY a.title, a.id LIMIT %(limit)s"""
FLOORS["public_agreement"] = """SELECT a.title, a.state, a.level, a.category, a.description,
    a.indicator, a.unit, a.baseline_value, a.baseline_date, a.target_value, a.direction,
    a.rationale, a.start_date, a.deadline, a.cadence, o.name AS owner,
    (SELECT json_agg(json_build_object('organisation', po.name, 'role', p.role))
        FROM agreements_agreementparty p JOIN regions_organisation po ON po.id = p.organisation_id
        WHERE p.agreement_id = a.id),
    (SELECT json_agg(json_build_object('title', m.title, 'due', m.due_date, 'done', m.done_date))
        FROM agreements_milestone m WHERE m.agreement_id = a.id),
    (SELECT json_agg(json_build_object('start', r.period_start, 'end', r.period_end,
            'value', r.value, 'status', r.status) ORDER BY r.period_end)
        FROM agreements_progressreport r WHERE r.agreement_id = a.id),
    (SELECT json_agg(json_build_object('title', c.title, 'table', ct.name) ORDER BY ct.name)
        FROM agreements_agreement c JOIN regions_regionaltable ct ON ct.id = c.regional_table_id
        WHERE c.parent_id = a.id AND c.state = ANY(%(public_states)s)),
    (SELECT pr.title FROM agendas_priority pr JOIN agendas_agendarevision rv
        ON rv.id = pr.revision_id WHERE pr.id = a.priority_id
        AND rv.state IN ('ratified', 'superseded'))
    FROM agreements_agreement a JOIN regions_organisation o ON o.id = a.owner_id
    WHERE a.id = %(agreement)s AND a.state = ANY(%(public_states)s)"""
# the public practice list: a page of published practice, newest review first, with its
# sectorkamer, contact organisation, regions and (when public) its agreement
FLOORS["public_practices"] = """SELECT p.id, p.kind, p.category, p.title, p.what_was_done,
    p.result, p.lessons, p.reviewed_at, k.code, k.name, o.name AS contact,
    CASE WHEN a.state = ANY(%(public_states)s) THEN a.id END AS agreement,
    (SELECT json_agg(json_build_object('code', r.code, 'name', r.name))
        FROM practices_practice_regions pr JOIN regions_arbeidsmarktregio r
        ON r.id = pr.arbeidsmarktregio_id WHERE pr.practice_id = p.id) AS regions,
    count(*) OVER () AS total
    FROM practices_practice p JOIN regions_sectorkamer k ON k.id = p.sectorkamer_id
    JOIN regions_organisation o ON o.id = p.contact_organisation_id
    LEFT JOIN agreements_agreement a ON a.id = p.agreement_id
    WHERE p.state = 'published' ORDER BY p.reviewed_at DESC, p.id DESC LIMIT %(limit)s"""
