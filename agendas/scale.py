"""Scale data of the agendas app (the qualification catalogue, the multi-year agendas with four
years of revisions and their priorities): one part of ``kansrijk_site.scale``'s generator,
written through ``core.seeding``."""

import datetime
import math
from collections import defaultdict
from types import SimpleNamespace

from django.utils.translation import gettext as _

from agendas.models import Agenda, AgendaRevision, Priority
from atlas.models import Qualification
from core.seeding import capitalise
from regions.scale import SECTOR_WEIGHTS, SECTORS

# fmt: off
LEVEL_PREFIXES = {
    1: ["Assistent", "Entreemedewerker"],
    2: ["Medewerker", "Basismedewerker", "Monteur"],
    3: ["Vakkracht", "Allround medewerker", "Eerste monteur", "Zelfstandig medewerker"],
    4: ["Specialist", "Coördinator", "Technicus", "Middenkaderfunctionaris"],
}
CHALLENGES = [
    "Tekort aan vakmensen in de {t}", "Dalende instroom in de {t}",
    "Hoge uitval in het eerste jaar bij {t}", "Te weinig leerbedrijven voor {t}",
    "Kleine opleidingen in de {t} behouden", "Arbeidsmarktperspectief {t} onder druk",
    "Doorstroom naar het hbo in de {t}", "Vergrijzing van het personeel in de {t}",
]
OPPORTUNITIES = [
    "Hybride docenten in de {t}", "Leven lang ontwikkelen in de {t}",
    "Baangarantie voor afgestudeerden {t}", "Zij-instromers in de {t}",
    "Regionale samenwerking in de {t}", "Digitalisering in de {t}",
    "Praktijkleren op de werkvloer in de {t}", "Energietransitie en de {t}",
]
# fmt: on


class AgendasScale:
    """The agendas part of the scale generator: a mixin of
    ``kansrijk_site.scale.ScaleGenerator``, whose helpers and shared state it uses."""

    def make_qualifications(self):
        rng = self.rng
        n = self.n("qualifications", len(self.kamers))
        taken = set(Qualification.objects.values_list("crebo", flat=True))
        free = [c for c in range(20000, 99999) if f"{c}" not in taken]
        crebos = sorted(rng.sample(free, n))
        table = self.table(Qualification)
        ids = self.writer.pks(Qualification, n)
        codes = [k.code for k in self.kamers]
        weights = [SECTOR_WEIGHTS.get(code, 10) for code in codes]
        self.quals = []
        self.quals_by_kamer = defaultdict(list)
        for i, (pk, crebo) in enumerate(zip(ids, crebos, strict=True)):
            kamer = self.kamers[i] if i < len(self.kamers) else rng.choices(self.kamers, weights)[0]
            sector = SECTORS.get(kamer.code, SECTORS["08"])
            level = rng.choices([1, 2, 3, 4], weights=[8, 27, 35, 30])[0]
            name = f"{self.pick(LEVEL_PREFIXES[level])} {self.pick(sector['topics'])}"
            valid_from = datetime.date(self.randint(2015, self.year - 2), 8, 1)
            valid_until = (
                datetime.date(self.randint(self.year - 1, self.year + 2), 7, 31)
                if rng.random() < 0.08
                else None
            )
            table.add(
                id=pk,
                crebo=f"{crebo}",
                name=name,
                level=level,
                sectorkamer_id=kamer.pk,
                valid_from=valid_from,
                valid_until=valid_until,
            )
            q = SimpleNamespace(id=pk, name=name, kamer=kamer.pk)
            self.quals.append(q)
            self.quals_by_kamer[kamer.pk].append(q)
        self.qual_by_id = {q.id: q for q in self.quals}

    def make_agendas(self):
        rng = self.rng
        Y = self.year
        agendas = self.table(Agenda)
        revisions = self.table(AgendaRevision)
        priorities = self.table(Priority)
        pq = self.table(Priority.qualifications.through, with_pk=False)
        pr = self.table(Priority.regions.through, with_pk=False)
        existing = defaultdict(list)
        for a in Agenda.objects.all():
            existing[a.sectorkamer_id].append((a.first_year, a.last_year))
        per_revision = max(2, round(10 * math.sqrt(self.f)))
        current_states = [
            "draft",
            "submitted",
            "adopted",
            "draft",
            "adopted",
            "submitted",
            "draft",
            "adopted",
        ]
        rng.shuffle(current_states)
        self.revisions = []
        self.priorities_by_revision = {}
        agenda_ids = iter(self.writer.pks(Agenda, len(self.kamers)))
        revision_ids = iter(self.writer.pks(AgendaRevision, 4 * len(self.kamers)))
        priority_ids = iter(self.writer.pks(Priority, 4 * len(self.kamers) * (per_revision + 3)))
        ct = self.ct[AgendaRevision]
        for index, kamer in enumerate(self.kamers):
            first, last = Y - 3, Y + 1
            shifted = False
            while any(a <= last and b >= first for a, b in existing[kamer.pk]):
                # seed_demo's agenda holds these years: this one covers the years before.
                last = min(a for a, _b in existing[kamer.pk] if a <= last) - 1
                first, shifted = last - 4, True
            sector = SECTORS.get(kamer.code, SECTORS["08"])
            agenda_id = next(agenda_ids)
            agendas.add(
                id=agenda_id,
                sectorkamer_id=kamer.pk,
                title=f"Sectoragenda {kamer.name} {first}-{last}",
                first_year=first,
                last_year=last,
                created_at=self.at(datetime.date(first - 1, 10, 1)),
            )
            secretary = self.secretaries[kamer.pk][0]
            previous = None
            lineages = []  # (lineage, spec) carried from the previous revision
            for offset in range(4):
                year = first + offset
                # the last ratified revision is in force, the ones before it superseded;
                # this cycle's revision (when the agenda reaches it) is still under way
                last_final = 3 if shifted else 2
                if offset < last_final:
                    state = "superseded"
                elif offset == last_final:
                    state = "ratified"
                else:
                    state = current_states[index % len(current_states)]
                rid = next(revision_ids)
                created = self.at(
                    self.day_between(
                        datetime.date(year - 1, 9, 15), datetime.date(year - 1, 11, 15)
                    )
                )
                rev = SimpleNamespace(
                    id=rid,
                    year=year,
                    kamer=kamer.pk,
                    state=state,
                    agenda_last=last,
                    ratified_at=None,
                    index=offset,
                    current=not shifted and offset == 3,
                )
                # the path through the state machine
                meeting, ratified_at = None, None
                moment = created
                if state != "draft":
                    moment = self.later(created, 20, 60)
                    if rev.current:
                        moment = self.later(created, 5, 30)
                    self.statelog(ct, rid, moment, secretary, "draft", "submitted", "submit")
                    if rng.random() < 0.2:
                        returner = self.pick(self.board) if rng.random() < 0.5 else secretary
                        moment = self.later(moment, 2, 10)
                        self.statelog(
                            ct,
                            rid,
                            moment,
                            returner,
                            "submitted",
                            "draft",
                            "return_to_draft",
                            "Graag de arbeidsmarktcijfers van dit jaar verwerken.",
                        )
                        moment = self.later(moment, 3, 12)
                        self.statelog(ct, rid, moment, secretary, "draft", "submitted", "submit")
                if state in ("adopted", "ratified", "superseded"):
                    moment = self.later(moment, 3, 20)
                    meeting = moment.astimezone(self.tz).date()
                    self.statelog(ct, rid, moment, secretary, "submitted", "adopted", "adopt")
                if state in ("ratified", "superseded"):
                    deadline = datetime.datetime(year, 2, 1, tzinfo=self.tz)
                    target = deadline - datetime.timedelta(days=rng.uniform(1, 12))
                    if rng.random() < 0.1:  # ratified late
                        target = deadline + datetime.timedelta(days=rng.uniform(1, 20))
                    ratified_at = max(target, moment + datetime.timedelta(hours=2))
                    ratified_at = min(ratified_at, self.now - datetime.timedelta(minutes=5))
                    self.statelog(
                        ct, rid, ratified_at, self.pick(self.board), "adopted", "ratified", "ratify"
                    )
                    if previous is not None:
                        self.statelog(
                            ct,
                            previous.id,
                            ratified_at + datetime.timedelta(seconds=1),
                            self.pick(self.board),
                            "ratified",
                            "superseded",
                            "supersede",
                            _("Superseded by the ratified revision for %(year)s.") % {"year": year},
                        )
                rev.ratified_at = ratified_at
                revisions.add(
                    id=rid,
                    agenda_id=agenda_id,
                    year=year,
                    state=state,
                    summary=f"Herziening {year} van de sectoragenda {kamer.name}: "
                    "actuele arbeidsmarktinformatie en de voortgang van de afspraken.",
                    adoption_meeting_date=meeting,
                    education_side_agreed=meeting is not None,
                    business_side_agreed=meeting is not None,
                    ratified_at=ratified_at,
                    based_on_id=previous.id if previous is not None else None,
                    created_at=created,
                )
                # priorities: carried over with their lineage, some dropped, some new
                kept = [item for item in lineages if rng.random() < 0.88]
                while len(kept) < per_revision + self.randint(-1, 1):
                    kept.append((self.uuid(), self.priority_spec(kamer, sector, year)))
                lineages = kept
                rev.priorities = []
                for order, (lineage, spec) in enumerate(lineages):
                    pid = next(priority_ids)
                    if rng.random() < 0.1:
                        spec = dict(spec, evidence=f"{spec['evidence']} Bijgewerkt voor {year}.")
                    priorities.add(
                        id=pid,
                        revision_id=rid,
                        lineage=lineage,
                        kind=spec["kind"],
                        title=spec["title"],
                        description=spec["description"],
                        evidence=spec["evidence"],
                        national=spec["national"],
                        sectoral=spec["sectoral"],
                        regional=spec["regional"],
                        order=order,
                    )
                    for qual in spec["quals"]:
                        pq.add(priority_id=pid, qualification_id=qual)
                    for region in spec["regions"]:
                        pr.add(priority_id=pid, arbeidsmarktregio_id=region)
                    rev.priorities.append(
                        SimpleNamespace(id=pid, topic=spec["topic"], regions=spec["regions"])
                    )
                self.revisions.append(rev)
                previous = rev

    def priority_spec(self, kamer, sector, year):
        rng = self.rng
        topic = self.pick(sector["topics"])
        kind = "challenge" if rng.random() < 0.6 else "opportunity"
        title = self.pick(CHALLENGES if kind == "challenge" else OPPORTUNITIES).format(t=topic)
        levels = {
            "national": rng.random() < 0.3,
            "sectoral": rng.random() < 0.7,
            "regional": rng.random() < 0.5,
        }
        if not any(levels.values()):
            levels["sectoral"] = True
        quals = self.quals_by_kamer[kamer.pk]
        chosen = (
            rng.sample(quals, min(len(quals), self.randint(0, 4))) if rng.random() < 0.7 else []
        )
        regions = (
            [r.pk for r in rng.sample(self.regions, self.randint(1, 4))]
            if levels["regional"]
            else []
        )
        ratio = self.randint(40, 180)
        return {
            "kind": kind,
            "title": title,
            "topic": topic,
            "description": f"{capitalise(topic)}: de sectorkamer wil dat onderwijs en "
            "bedrijfsleven hier samen op sturen.",
            "evidence": f"SBB-arbeidsmarktinformatie {year - 1}: {ratio} vacatures per 100 "
            f"gediplomeerden in de {topic}.",
            **levels,
            "quals": [q.id for q in chosen],
            "regions": regions,
        }
