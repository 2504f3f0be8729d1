"""Scale data of the agreements app (sector agreements, regional commitments, their parties,
milestones, programme-offer rules, start/stop notices and progress reports): one part of
``kansrijk_site.scale``'s generator, written through ``core.seeding``."""

import datetime
from collections import defaultdict
from decimal import Decimal
from types import SimpleNamespace

from dateutil.relativedelta import relativedelta
from django.utils.translation import gettext as _

from agreements.models import (
    Agreement,
    AgreementParty,
    Milestone,
    NoticeConflict,
    ProgrammeOfferRule,
    ProgressReport,
    StartStopNotice,
    legal_deadline,
    progress_between,
)
from core.seeding import capitalise
from regions.scale import SECTORS

# fmt: off
CATEGORIES = {
    # category: weight, title patterns, indicator, unit, baseline range, direction
    "internships": (22, ["Meer leerbanen in de {t}", "Extra stageplaatsen {t} in {r}",
                         "BBL-leerbanen {t} in {r}"],
                    "BBL-leerbanen {t}", "leerbanen", (40, 600), "increase"),
    "guidance": (15, ["Voorlichting over kansberoepen in de {t}",
                      "Doorlopende leerlijn vmbo-mbo {t}", "Open dagen {t} met leerbedrijven"],
                 "Leerlingen bereikt met voorlichting", "leerlingen", (200, 5000), "increase"),
    "job_guarantee": (10, ["Baangarantie afgestudeerden {t}", "Werkgarantie na diplomering {t}"],
                      "Afgestudeerden met baangarantie", "procent", (20, 70), "increase"),
    "lifelong_learning": (15, ["LLO-modules {t} voor zij-instromers", "Omscholing naar de {t}",
                               "Certificaten {t} voor werkenden"],
                          "Werkenden met een certificaat", "deelnemers", (20, 400), "increase"),
    "cooperation": (15, ["Gezamenlijk praktijkcentrum {t} in {r}",
                         "Investering in leermiddelen {t}", "Hybride docenten {t} in {r}"],
                    "Hybride docenten", "docenten", (2, 40), "increase"),
    "programme_offer": (15, ["Opleidingsaanbod {t} regionaal afstemmen", "Afbouw {t} in {r}",
                             "Aanbod {t} concentreren in {r}"],
                        "Instellingen met aanbod buiten de afgesproken regio's", "instellingen",
                        (3, 14), "decrease"),
    "other": (8, ["Monitor arbeidsmarkt {t}", "Uitval {t} terugdringen"],
              "Uitval in het eerste jaar", "procent", (15, 35), "decrease"),
}
MILESTONES = [
    "Startbijeenkomst met de partners", "Werving leerbedrijven rond", "Tussenevaluatie",
    "Eerste cohort gestart", "Convenant ondertekend", "Monitoringsrapportage opgeleverd",
    "Eindevaluatie",
]
NARRATIVES = {
    "on_track": ["Op koers; extra leerbedrijven geworven.", "Meer aanmeldingen dan verwacht.",
                 "Planning gehaald, partners blijven betrokken.", "Resultaat volgens plan."],
    "at_risk": ["Vertraging door personeelstekort bij leerbedrijven.",
                "Werving loopt achter; extra inzet gepland.",
                "Minder deelnemers dan verwacht door de krappe arbeidsmarkt."],
    "off_track": ["Ernstige achterstand: twee partners haakten af.",
                  "Financiering vertraagd; bijsturing besproken in de sectorkamer."],
}
CLOSING = {
    "achieve": ["Doel gehaald; de resultaten zijn gedeeld in de sectorkamer.",
                "Streefwaarde bereikt en geborgd in de reguliere samenwerking."],
    "fail": ["Doel niet gehaald: te weinig leerbedrijven beschikbaar.",
             "Streefwaarde niet bereikt; lessen meegenomen in de nieuwe agenda."],
    "cancel": ["Vervallen door herprioritering in de agenda.",
               "Vervangen door een regionale afspraak.",
               "Partners konden de inzet niet leveren."],
}
DECLINE_REASONS = [
    "Capaciteit ontbreekt dit jaar.", "Doelstelling te ambitieus; graag bijstellen.",
    "Onze rol is niet goed omschreven.",
]
# fmt: on


class AgreementsScale:
    """The agreements part of the scale generator: a mixin of
    ``kansrijk_site.scale.ScaleGenerator``, whose helpers and shared state it uses."""

    def make_agreements(self):
        rng = self.rng
        self.agreements = []
        n_sector, n_commit = self.n("sector_agreements"), self.n("commitments")
        ids = iter(self.writer.pks(Agreement, n_sector + n_commit))
        by_index = defaultdict(list)
        for rev in self.revisions:
            by_index[rev.index].append(rev)
        weights = {0: 28, 1: 30, 2: 28, 3: 14}
        indexes = list(by_index)
        self.sector_agreements = []
        for _i in range(n_sector):
            rev = self.pick(by_index[self.pick(indexes, [weights[i] for i in indexes])])
            priority = self.pick(rev.priorities)
            a = self.new_agreement(next(ids), rev=rev, priority=priority)
            self.sector_agreements.append(a)
        self.commitments = []
        parents_by_kamer = defaultdict(list)
        for a in self.sector_agreements:
            if a.state != "draft":
                parents_by_kamer[a.kamer].append(a)
        candidates = [a for a in self.sector_agreements if a.state != "draft"]
        for _i in range(n_commit):
            t = self.pick(self.rtables)
            parent = None
            if candidates and rng.random() < 0.85:
                pool = parents_by_kamer.get(t.kamer) if t.kamer and rng.random() < 0.7 else None
                parent = self.pick(pool or candidates)
            a = self.new_agreement(next(ids), table=t, parent=parent)
            self.commitments.append(a)
        self.agreements = self.sector_agreements + self.commitments

    def new_agreement(self, pk, *, rev=None, priority=None, table=None, parent=None):
        rng = self.rng
        today = self.today
        a = SimpleNamespace(
            id=pk,
            priority=priority and priority.id,
            table=table and table.id,
            parent=parent and parent.id,
            logs=[],
            windows=[],
            closing_note="",
            activated_at=None,
            ended_at=None,
            reports=[],
        )
        if rev is not None:
            a.kamer, last_year = rev.kamer, rev.agenda_last
            topic = priority.topic
            region_ids = priority.regions or [self.pick(self.regions).pk]
            start = self.day_between(
                datetime.date(rev.year - 1, 11, 1), datetime.date(rev.year, 10, 31)
            )
            start = min(start, today + datetime.timedelta(days=150))
            a.level = self.pick(["sectoral", "sectoral", "sectoral", "national", "regional"])
        else:
            a.kamer = parent.kamer if parent else table.kamer
            last_year = parent.last_year if parent else self.year + 1
            topic = (
                parent.topic if parent else self.pick(SECTORS[self.pick(list(SECTORS))]["topics"])
            )
            region_ids = [table.region.pk]
            start = (
                parent.start + datetime.timedelta(days=self.randint(0, 180))
                if parent
                else (
                    self.day_between(
                        datetime.date(self.year - 2, 1, 1), today + datetime.timedelta(days=120)
                    )
                )
            )
            a.level = "regional"
        a.topic, a.last_year = topic, last_year
        cap = datetime.date(last_year, 12, 31)
        months = self.pick([6, 9, 12, 12, 18, 18, 24, 24, 30, 36])
        deadline = start + relativedelta(months=months)
        if rng.random() < 0.5:  # agreements often end at a natural moment
            deadline = (
                datetime.date(deadline.year, 12, 31)
                if deadline.month > 6
                else (datetime.date(deadline.year, 7, 31))
            )
        deadline = min(deadline, cap)
        if deadline < start:
            start = deadline - datetime.timedelta(days=self.randint(90, 270))
        a.start, a.deadline = start, deadline
        category = self.pick(list(CATEGORIES), [c[0] for c in CATEGORIES.values()])
        _w, titles, indicator, unit, (low, high), direction = CATEGORIES[category]
        region_name = self.region_name[region_ids[0]]
        if table is not None:
            region_name = table.region.name
        a.category = category
        a.title = self.pick(titles).format(t=topic, r=region_name)[:255]
        if parent is not None and rng.random() < 0.5:
            a.title = f"{parent.title} — {region_name}"[:255]
        a.indicator = indicator.format(t=topic)
        a.unit = unit
        baseline = Decimal(self.randint(low, high))
        if direction == "increase":
            growth = rng.uniform(0.1, 0.6)
            target = baseline + max(Decimal(1), Decimal(round(float(baseline) * growth)))
            if unit == "procent":
                target = min(target, Decimal(98))
                if target <= baseline:
                    baseline, target = Decimal(60), Decimal(80)
        else:
            target = Decimal(round(float(baseline) * rng.uniform(0.0, 0.6)))
            if target >= baseline:
                target = baseline - 1
        if rng.random() < 0.05:
            direction = "reach"
        a.direction, a.baseline, a.target = direction, baseline, target
        a.baseline_date = start - datetime.timedelta(days=self.randint(0, 120))
        a.cadence = self.pick([1, 1, 3, 3, 3, 3, 3, 6, 6, 12])
        a.weight = self.pick([Decimal(1)] * 8 + [Decimal("0.50"), Decimal(2), Decimal(3)])
        # lead and parties
        if table is not None:
            pool = table.members
        else:
            pool = self.schools + (self.orgs_by_kamer.get(a.kamer) or self.others)
        owner = self.pick(pool)
        if table is None and rng.random() < 0.55:
            owner = self.pick(self.schools)
        a.owner = owner.id
        others = [o for o in rng.sample(pool, min(len(pool), 4)) if o.id != owner.id]
        a.party_orgs = [(owner.id, "responsible")]
        for org in others[: self.pick([0, 1, 1, 2, 2, 3])]:
            role = self.pick(["contributing", "contributing", "informed", "responsible"])
            a.party_orgs.append((org.id, role))
        a.contact = self.pick(self.reps[owner.id]) if rng.random() < 0.6 else None
        # manager: the secretary (sector agreements) or the coordinator (commitments)
        if table is not None:
            a.manager = self.pick(self.coordinators[table.id])
        else:
            a.manager = self.pick(self.secretaries[a.kamer])
        # state
        if rev is not None and rev.current:
            state = self.pick(["draft", "proposed", "active"], [50, 30, 20])
        elif parent is not None and parent.state in ("draft", "proposed"):
            state = self.pick(["draft", "proposed"], [70, 30])
        elif deadline < today:
            state = self.pick(["achieved", "not_achieved", "cancelled", "active"], [45, 30, 8, 17])
        else:
            state = self.pick(["active", "proposed", "draft", "cancelled"], [74, 10, 8, 8])
        if parent is not None and parent.state == "cancelled" and rng.random() < 0.7:
            state = "cancelled"
        a.state = state
        a.complete = True
        if state == "draft" and rng.random() < 0.35:
            a.complete = False
        self.agreement_path(a)
        return a

    def agreement_path(self, a):
        """The transitions that brought ``a`` to its state, with their moments and actors."""
        rng = self.rng
        created = self.at(a.start - datetime.timedelta(days=self.randint(20, 100)))
        if created > self.now - datetime.timedelta(days=3):
            created = self.now - datetime.timedelta(days=rng.uniform(3, 40))
        a.created_at = created
        state = a.state
        previous = "draft"
        if state == "cancelled":
            previous = self.pick(["draft", "proposed", "active"], [30, 15, 55])
        reached = state if state != "cancelled" else previous
        moment = created
        responsible = [org for org, role in a.party_orgs if role == "responsible"]
        declined_by = None
        if reached in ("proposed", "active", "achieved", "not_achieved") or (
            reached == "draft" and rng.random() < 0.15
        ):
            moment = self.later(moment, 2, 25)
            a.logs.append((moment, a.manager, "draft", "proposed", "propose", None))
            if reached == "draft" or rng.random() < 0.08:
                declined_by = self.pick(a.party_orgs)[0]
                moment = self.later(moment, 2, 14)
                reason = self.pick(DECLINE_REASONS)
                name = self.org_by_id[declined_by].name
                a.logs.append(
                    (
                        moment,
                        self.pick(self.reps[declined_by]),
                        "proposed",
                        "draft",
                        "decline",
                        f"{name}: {reason}",
                    )
                )
                a.decline = (declined_by, moment, reason)
                if reached != "draft":
                    declined_by = None
                    moment = self.later(moment, 5, 30)
                    a.logs.append((moment, a.manager, "draft", "proposed", "propose", None))
        a.proposed_at = moment if reached != "draft" else None
        if reached in ("active", "achieved", "not_achieved"):
            moment = self.later(moment, 2, 20)
            last = self.pick(responsible)
            a.logs.append(
                (
                    moment,
                    self.pick(self.reps[last]),
                    "proposed",
                    "active",
                    "activate",
                    _("Accepted by the last responsible party."),
                )
            )
            a.activated_at = moment
        if state in ("achieved", "not_achieved"):
            evaluated = self.at(
                self.day_between(
                    a.deadline, min(self.today, a.deadline + datetime.timedelta(days=60))
                )
            )
            evaluated = max(evaluated, moment + datetime.timedelta(hours=1))
            evaluated = min(evaluated, self.now - datetime.timedelta(seconds=30))
            name = "achieve" if state == "achieved" else "fail"
            a.closing_note = self.pick(CLOSING[name])
            a.logs.append((evaluated, a.manager, "active", state, name, a.closing_note))
            a.ended_at = evaluated
        if state == "cancelled":
            ended = self.later(moment, 10, 200)
            if reached == "active" and a.deadline < self.today:
                ended = min(ended, self.at(a.deadline))
                ended = max(ended, moment + datetime.timedelta(hours=1))
            a.closing_note = self.pick(CLOSING["cancel"])
            a.logs.append((ended, a.manager, reached, "cancelled", "cancel", a.closing_note))
            a.ended_at = ended
        if a.activated_at is not None:
            a.windows = [[a.activated_at, a.ended_at or self.now]]
        # parties' acceptance
        a.decided = {}
        pending_responsible = None
        if reached == "proposed":
            pending_responsible = self.pick(responsible)
        for org, role in a.party_orgs:
            if reached == "draft":
                if getattr(a, "decline", None) and a.decline[0] == org:
                    a.decided[org] = ("declined", a.decline[1], a.decline[2])
                continue
            if reached == "proposed":
                if org != pending_responsible and rng.random() < 0.5:
                    a.decided[org] = ("accepted", self.later(a.proposed_at, 0.5, 10), "")
                continue
            if role == "responsible" or (role == "contributing" and rng.random() < 0.7):
                accepted = a.activated_at - datetime.timedelta(hours=rng.uniform(0, 240))
                a.decided[org] = ("accepted", max(accepted, a.proposed_at), "")

    def make_offer_rules(self):
        rng = self.rng
        rules = self.table(ProgrammeOfferRule)
        rq = self.table(ProgrammeOfferRule.qualifications.through, with_pk=False)
        rr = self.table(ProgrammeOfferRule.regions.through, with_pk=False)
        offers = [a for a in self.sector_agreements if a.category == "programme_offer"]
        chosen = [a for a in offers if rng.random() < 0.2]
        in_force = [a for a in chosen if a.state == "active"]
        if not in_force:  # some rule that start notices can break is in force
            in_force = [a for a in offers if a.state == "active"][:1]
            chosen += in_force
        ids = iter(self.writer.pks(ProgrammeOfferRule, len(chosen)))
        self.offer_rules = []
        for a in chosen:
            quals = self.quals_by_kamer[a.kamer]
            if not quals:
                continue
            kinds = ["allowed_regions", "no_new_starts", "phase_out", "intake_cap"]
            if a is in_force[0]:
                kinds = kinds[:3]
            kind = self.pick(kinds, [45, 20, 20, 15][: len(kinds)])
            rule = SimpleNamespace(
                id=next(ids),
                agreement=a,
                kind=kind,
                quals=[q.id for q in rng.sample(quals, min(len(quals), self.randint(1, 2)))],
                regions=[],
                phase_out_by=None,
            )
            if kind == "allowed_regions":
                rule.regions = [r.pk for r in rng.sample(self.regions, self.randint(1, 3))]
            if kind == "phase_out":
                rule.phase_out_by = a.deadline
            rules.add(
                id=rule.id,
                agreement_id=a.id,
                kind=kind,
                phase_out_by=rule.phase_out_by,
                intake_cap=self.randint(20, 200) if kind == "intake_cap" else None,
            )
            for q in rule.quals:
                rq.add(programmeofferrule_id=rule.id, qualification_id=q)
            for r in rule.regions:
                rr.add(programmeofferrule_id=rule.id, arbeidsmarktregio_id=r)
            self.offer_rules.append(rule)
        self.rules_by_qual = defaultdict(list)
        for rule in self.offer_rules:
            if rule.agreement.state == "active":
                for q in rule.quals:
                    self.rules_by_qual[q].append(rule)

    def make_notices(self):
        rng = self.rng
        n = self.n("notices")
        notices = self.table(StartStopNotice)
        conflicts = self.table(NoticeConflict)
        ids = iter(self.writer.pks(StartStopNotice, n))
        seen = set()
        ruled = [q for q in self.rules_by_qual]
        region_name = self.region_name
        self.notices = []
        found = []
        made = 0
        attempts = 0
        while made < n and attempts < n * 20:
            attempts += 1
            school = self.pick(self.schools)
            region = self.pick(school.regions)
            municipality = (
                school.city
                if rng.random() < 0.6 and region == school.regions[0]
                else (self.pick(self.cities[region]))
            )
            if ruled and rng.random() < 0.06:
                qual = self.qual_by_id[self.pick(ruled)]
                action = "start"
            else:
                qual = self.pick(self.quals)
                action = "start" if rng.random() < 0.65 else "stop"
            leerweg = "BOL" if rng.random() < 0.7 else "BBL"
            study_year = self.randint(self.year - 2, self.year + 1)
            key = (school.id, qual.id, leerweg, municipality, study_year)
            if key in seen:
                continue
            seen.add(key)
            made += 1
            due = legal_deadline(leerweg=leerweg, study_year=study_year)
            secretary = self.pick(self.secretaries[qual.kamer])
            state, submitted_at, exception, exception_by = "draft", None, "", None
            window_open = due - datetime.timedelta(days=120)
            if due <= self.now:
                roll = rng.random()
                if roll < 0.95:
                    state = "submitted"
                    submitted_at = self.later(window_open, 0, 119)
                elif roll < 0.98:
                    state = "submitted"
                    exception = "Bestuursbesluit over de nieuwe opleiding viel na 1 februari."
                    exception_by = secretary
                    submitted_at = self.later(due, 1, 40)
            elif rng.random() < 0.4 and window_open < self.now:
                state = "submitted"
                submitted_at = self.later(window_open, 0, (self.now - window_open).days)
            created = (submitted_at or self.now) - datetime.timedelta(days=rng.uniform(0.1, 30))
            pk = next(ids)
            notices.add(
                id=pk,
                institution_id=school.id,
                qualification_id=qual.id,
                action=action,
                leerweg=leerweg,
                municipality=municipality,
                region_id=region,
                study_year=study_year,
                state=state,
                submitted_at=submitted_at,
                submitted_by_id=self.pick(self.reps[school.id]) if submitted_at else None,
                late_exception_reason=exception,
                late_exception_by_id=exception_by,
                created_at=created,
            )
            notice = SimpleNamespace(
                id=pk,
                school=school.id,
                qual=qual.id,
                state=state,
                kamer=qual.kamer,
                submitted_at=submitted_at,
                conflicts=[],
            )
            self.notices.append(notice)
            if state != "submitted" or action != "start":
                continue
            # exactly the conflicts agreements.services.find_conflicts records
            for rule in self.rules_by_qual.get(qual.id, ()):
                if rule.agreement.activated_at > submitted_at:  # not yet in force then
                    continue
                title = rule.agreement.title
                if rule.kind == "allowed_regions":
                    if region in rule.regions:
                        continue
                    message = _(
                        "%(name)s may only be offered in %(regions)s "
                        "(agreement '%(agreement)s'); %(region)s is not one of them."
                    ) % {
                        "name": qual.name,
                        "regions": ", ".join(region_name[r] for r in rule.regions),
                        "agreement": title,
                        "region": region_name[region],
                    }
                elif rule.kind == "no_new_starts":
                    message = _("Agreement '%(agreement)s' allows no new starts of %(name)s.") % {
                        "agreement": title,
                        "name": qual.name,
                    }
                elif rule.kind == "phase_out":
                    message = _(
                        "%(name)s is being phased out by %(day)s (agreement '%(agreement)s')."
                    ) % {
                        "name": qual.name,
                        "day": rule.phase_out_by.isoformat(),
                        "agreement": title,
                    }
                else:
                    continue
                found.append((notice, rule, message))
        ids = iter(self.writer.pks(NoticeConflict, len(found)))
        self.escalated = []
        for notice, rule, message in found:
            pk = next(ids)
            age = (self.now - notice.submitted_at).days
            resolution = "open"
            if age > 21 or rng.random() < 0.5:
                resolution = self.pick(
                    ["open", "consistent", "accepted", "escalated"], [15, 25, 45, 15]
                )
            resolver = resolved_at = None
            reason = ""
            if resolution != "open":
                resolver = self.pick(self.secretaries[notice.kamer])
                resolved_at = self.later(notice.submitted_at, 1, 30)
                reason = {
                    "consistent": "Locatie valt binnen de afspraak na controle.",
                    "accepted": "Tijdelijke uitzondering: regionale vraag aangetoond.",
                    "escalated": "Partijen komen er samen niet uit.",
                }[resolution]
            conflicts.add(
                id=pk,
                notice_id=notice.id,
                rule_id=rule.id,
                message=message,
                resolution=resolution,
                reason=reason,
                resolved_by_id=resolver,
                resolved_at=resolved_at,
                created_at=notice.submitted_at,
            )
            conflict = SimpleNamespace(
                id=pk, notice=notice, rule=rule, resolved_at=resolved_at, resolver=resolver
            )
            notice.conflicts.append(conflict)
            if resolution == "escalated":
                self.escalated.append(conflict)

    def make_progress(self):
        rng = self.rng
        candidates = []
        total = 0
        for a in self.agreements:
            a.reports = []
            if a.activated_at is None:
                continue
            periods = []
            i = 0
            first_window = a.windows[0][0]
            last_window_end = a.windows[-1][1]
            while True:
                period_start = a.start + relativedelta(months=i * a.cadence)
                period_end = (
                    a.start + relativedelta(months=(i + 1) * a.cadence)
                ) - datetime.timedelta(days=1)
                if period_end > min(a.deadline, self.today) or i > 400:
                    break
                i += 1
                reported = self.at(period_end + datetime.timedelta(days=self.randint(2, 25)))
                if reported < first_window:
                    reported = self.later(first_window, 0.05, 3)
                if reported > last_window_end:
                    break
                if not any(start <= reported <= end for start, end in a.windows):
                    later = [start for start, _end in a.windows if start > reported]
                    if not later:
                        continue
                    reported = self.later(later[0], 0.05, 3)
                periods.append((period_start, period_end, reported))
            if periods:
                candidates.append((a, periods))
                total += len(periods)
        target = self.n("progress_reports")
        share = min(1.0, target / total) if total else 0
        reports = self.table(ProgressReport, with_pk=False)
        for a, periods in candidates:
            keep = len(periods) * share
            keep = int(keep) + (1 if rng.random() < keep - int(keep) else 0)
            if keep == 0:
                continue
            span = max(1, (a.deadline - a.start).days)
            performance = {
                "achieved": rng.uniform(1.0, 1.2),
                "not_achieved": rng.uniform(0.4, 0.85),
            }.get(a.state, rng.uniform(0.5, 1.15))
            reporters = self.reps[a.owner]
            counts = a.unit != "procent"
            for period_start, period_end, reported in periods[:keep]:
                expected = min(1.0, (period_end - a.start).days / span)
                actual = max(0.0, expected * performance + rng.gauss(0, 0.04))
                if a.state == "achieved" and period_end >= a.deadline - datetime.timedelta(days=31):
                    actual = max(actual, 1.0)
                value = float(a.baseline) + float(a.target - a.baseline) * min(actual, 1.3)
                value = Decimal(round(value)) if counts else Decimal(f"{value:.2f}")
                ratio = actual / expected if expected > 0.05 else 1
                status = "on_track" if ratio >= 0.9 else "at_risk" if ratio >= 0.7 else "off_track"
                reports.add(
                    agreement_id=a.id,
                    period_start=period_start,
                    period_end=period_end,
                    value=value,
                    status=status,
                    narrative=self.pick(NARRATIVES[status]),
                    reporter_id=self.pick(reporters),
                    reported_at=reported,
                )
                a.reports.append((period_end, value, status))

    def finish_agreements(self):
        """Agreement rows, parties, milestones and the transition log, in their final state."""
        agreements = self.table(Agreement)
        parties = self.table(AgreementParty, with_pk=False)
        milestones = self.table(Milestone, with_pk=False)
        ct = self.ct[Agreement]
        rng = self.rng
        for a in self.agreements:
            # as the services keep them: the latest report (by period) and the next one due,
            # set on activation and on each report
            latest = max(a.reports, default=(None, None, None), key=lambda r: r[0])
            due = None
            if a.activated_at is not None:
                due = (latest[0] or a.start) + relativedelta(months=a.cadence)
            complete = a.complete
            agreements.add(
                id=a.id,
                priority_id=a.priority,
                regional_table_id=a.table,
                parent_id=a.parent,
                level=a.level,
                category=a.category,
                title=a.title,
                description=(
                    f"{capitalise(a.topic)}: onderwijs en bedrijfsleven spreken af "
                    f"wat zij samen doen, met wie en waar."
                )
                if complete or rng.random() < 0.5
                else "",
                indicator=a.indicator if complete else "",
                unit=a.unit if complete else "",
                baseline_value=a.baseline if complete else None,
                baseline_date=a.baseline_date if complete else None,
                target_value=a.target if complete else None,
                direction=a.direction,
                rationale="Partners leveren menskracht en middelen; het O&O-fonds draagt bij."
                if complete
                else "",
                start_date=a.start if complete or rng.random() < 0.5 else None,
                deadline=a.deadline,
                owner_id=a.owner,
                contact_id=a.contact,
                cadence=a.cadence,
                weight=a.weight,
                state=a.state,
                closing_note=a.closing_note,
                next_report_due=due,
                latest_period_end=latest[0],
                latest_value=latest[1],
                latest_status=latest[2],
                progress=progress_between(
                    a.baseline if complete else None, a.target if complete else None, latest[1]
                ),
                created_at=a.created_at,
                # as Agreement.save derives them
                sectorkamer_id=a.kamer,
                table_sectorkamer_id=self.rtable_by_id[a.table].kamer if a.table else None,
            )
            for org, role in a.party_orgs:
                decision = a.decided.get(org)
                if decision is None:
                    parties.add(agreement_id=a.id, organisation_id=org, role=role)
                    continue
                acceptance, at, reason = decision
                parties.add(
                    agreement_id=a.id,
                    organisation_id=org,
                    role=role,
                    acceptance=acceptance,
                    decided_by_id=self.pick(self.reps[org]),
                    decided_at=at,
                    decline_reason=reason,
                )
            for _i in range(self.pick([0, 1, 1, 2, 2, 3])):
                due_date = self.day_between(a.start, a.deadline)
                done = None
                if a.activated_at is not None and due_date < self.today and rng.random() < 0.75:
                    done = min(
                        self.today, due_date + datetime.timedelta(days=self.randint(-20, 20))
                    )
                milestones.add(
                    agreement_id=a.id,
                    title=self.pick(MILESTONES),
                    due_date=due_date,
                    done_date=done,
                )
            for moment, by, source, target, name, text in sorted(a.logs, key=lambda x: x[0]):
                self.statelog(ct, a.id, moment, by, source, target, name, text)
