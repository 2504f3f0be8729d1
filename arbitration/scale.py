"""Scale data of the arbitration app (the arbiter roster, arbitration agreements and the dossiers
with their panels, deadlines, awards and documents): one part of ``kansrijk_site.scale``'s
generator, written through ``core.seeding``."""

import datetime
import hashlib
from collections import defaultdict
from types import SimpleNamespace

from django.core.files.base import ContentFile
from django.utils.translation import gettext as _

from arbitration.models import (
    Affiliation,
    ArbiterProfile,
    ArbitrationAgreement,
    Award,
    Challenge,
    ClaimDecision,
    ConflictDeclaration,
    Document,
    Dossier,
    DossierParty,
    DossierSequence,
    PanelMember,
    ProceduralDeadline,
    private_storage,
)
from core.seeding import capitalise
from regions.scale import FIRST_NAMES, LAST_NAMES

PLACEHOLDER_PATH = "arbitration/scale/placeholder.pdf"
PLACEHOLDER_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/MediaBox[0 0 595 842]/Parent 2 0 R>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)

# fmt: off
CLAIMS = [
    "{o} komt de afgesproken inzet voor '{a}' niet na.",
    "{o} heeft zonder overleg de uitvoering van '{a}' stopgezet.",
    "De afspraak '{a}' wordt door {o} anders uitgelegd dan overeengekomen.",
]
DOCUMENTS = {
    # kind: title, file name, visibility
    "claim": ("Memorie van eis", "memorie-van-eis.pdf", "all"),
    "exhibit": ("Productie {n}: correspondentie", "productie-{n}.pdf", "all"),
    "defence": ("Memorie van antwoord", "memorie-van-antwoord.pdf", "all"),
    "minutes": ("Proces-verbaal van de zitting", "proces-verbaal.pdf", "all"),
    "award": ("Arbitraal vonnis", "vonnis.pdf", "all"),
    "panel": ("Notitie van het scheidsgerecht", "notitie-scheidsgerecht.pdf", "panel"),
    "secretariat": ("Intern advies secretariaat", "advies-secretariaat.pdf", "secretariat"),
}
# fmt: on


class ArbitrationScale:
    """The arbitration part of the scale generator: a mixin of
    ``kansrijk_site.scale.ScaleGenerator``, whose helpers and shared state it uses."""

    def make_arbitration(self):
        rng = self.rng
        self.make_roster()
        n = self.n("dossiers", 4)
        states = {
            "draft": 6,
            "filed": 8,
            "admitted": 6,
            "inadmissible": 6,
            "panel_proposed": 8,
            "panel_constituted": 8,
            "defence_submitted": 8,
            "hearing_scheduled": 8,
            "hearing_held": 6,
            "award_issued": 6,
            "closed": 16,
            "withdrawn": 7,
            "settled": 7,
        }
        pool = [
            a
            for a in self.agreements
            if a.state == "active"
            and a.kamer is not None
            and len({o for o, _r in a.party_orgs}) >= 2
        ]
        rng.shuffle(pool)
        self.dossiers = []
        covered = set(self.covered)
        plans = []
        # every stage of the procedure is there, however small the factor
        tour = ["closed", "hearing_scheduled", "panel_proposed", "filed"]
        for i in range(n):
            target = tour[i] if i < len(tour) else self.pick(list(states), list(states.values()))
            plans.append(self.dossier_plan(target))
        free = set(map(id, pool))  # agreements not yet in a dossier (one dossier each)
        escalated = [c for c in self.escalated if id(c.rule.agreement) in free]
        for plan in plans:
            created = plan["created"]
            agreement, conflict = None, None
            if rng.random() < 0.3:
                conflict = next(
                    (
                        c
                        for c in escalated
                        if id(c.rule.agreement) in free
                        and c.resolved_at < created
                        and c.rule.agreement.activated_at < created
                    ),
                    None,
                )
                if conflict is not None:
                    escalated.remove(conflict)
                    agreement = conflict.rule.agreement
            if agreement is None:
                agreement = next(
                    (a for a in pool if id(a) in free and a.activated_at < created), None
                )
            if agreement is None:
                continue
            free.discard(id(agreement))
            self.dossier(plan, agreement, conflict, covered)
        self.write_sequences()

    def make_roster(self):
        rng = self.rng
        profiles = self.table(ArbiterProfile)
        expertise = self.table(ArbiterProfile.expertise.through, with_pk=False)
        affiliations = self.table(Affiliation, with_pk=False)
        agreements = self.table(ArbitrationAgreement, with_pk=False)
        ids = iter(self.writer.pks(ArbiterProfile, len(self.arbiter_users)))
        self.arbiters = []
        years = self.rules.affiliation_years
        horizon = self.today - datetime.timedelta(days=365 * years)
        themes = [
            "opleidingsaanbod",
            "nakoming",
            "stages en leerbanen",
            "bekostiging",
            "samenwerking",
            "zorg",
            "techniek",
        ]
        for user_id in self.arbiter_users:
            pk = next(ids)
            kamers = rng.sample(self.kamers, self.randint(1, 3))
            profiles.add(
                id=pk,
                user_id=user_id,
                themes=", ".join(rng.sample(themes, 2)),
                available=rng.random() < 0.9,
            )
            for k in kamers:
                expertise.add(arbiterprofile_id=pk, sectorkamer_id=k.pk)
            barred = set()
            for _i in range(self.pick([0, 1, 1, 2])):
                org = self.pick(self.orgs)
                start = self.day_between(datetime.date(2000, 1, 1), datetime.date(2018, 1, 1))
                end = (
                    None
                    if rng.random() < 0.3
                    else self.day_between(
                        start + datetime.timedelta(days=365),
                        self.today - datetime.timedelta(days=30),
                    )
                )
                affiliations.add(arbiter_id=pk, organisation_id=org.id, start=start, end=end)
                if end is None or end >= horizon:
                    barred.add(org.id)
            self.arbiters.append(
                SimpleNamespace(id=pk, user=user_id, kamers={k.pk for k in kamers}, barred=barred)
            )
        # arbitration agreements: a share of the organisations, per sectorkamer
        self.covered = set()
        for org in self.orgs:
            if rng.random() >= 0.25:
                continue
            for k in rng.sample(self.kamers, self.randint(1, 3)):
                self.covered.add((org.id, k.pk))
        self.arbitration_agreements = agreements
        self._signed = {}
        for org_id, kamer_id in sorted(self.covered):
            self.sign(
                org_id, kamer_id, self.day_between(datetime.date(self.year - 6, 1, 1), self.today)
            )

    def sign(self, org_id, kamer_id, day):
        self.arbitration_agreements.add(
            organisation_id=org_id,
            signed_on=day,
            signatory=f"{self.pick(FIRST_NAMES)} {capitalise(self.pick(LAST_NAMES))}, bestuurder",
            sectorkamer_id=kamer_id,
            document="",
        )

    def dossier_plan(self, target):
        """Steps and moments of a dossier reaching ``target``, the last one before now."""
        rng = self.rng
        r = self.rules
        main = [
            "filed",
            "admitted",
            "panel_proposed",
            "panel_constituted",
            "defence_submitted",
            "hearing_scheduled",
            "hearing_held",
            "award_issued",
            "closed",
        ]
        if target == "draft":
            path = []
        elif target == "inadmissible":
            path = ["filed", "inadmissible"]
        elif target in ("withdrawn", "settled"):
            path = main[: self.randint(1, 7)] + [target]
        else:
            path = main[: main.index(target) + 1]
        gaps = {
            "filed": (1, 21),
            "admitted": (4, r.admissibility_days),
            "inadmissible": (4, r.admissibility_days),
            "panel_proposed": (3, 21),
            "panel_constituted": (r.challenge_days + 1, r.challenge_days + 14),
            "defence_submitted": (14, r.defence_days),
            "hearing_scheduled": (2, 14),
            "hearing_held": (21, r.hearing_days),
            "award_issued": (14, r.award_days),
            "closed": (7, 30),
            "withdrawn": (5, 60),
            "settled": (5, 60),
        }
        durations = [rng.uniform(*gaps[step]) for step in path]
        final = target in ("closed", "withdrawn", "settled", "inadmissible")
        end = self.now - datetime.timedelta(
            days=rng.uniform(5, 600) if final else rng.uniform(1, 30)
        )
        created = end - datetime.timedelta(days=sum(durations))
        created = self.at(created.astimezone(self.tz).date())
        moments, moment = {}, created
        for step, days in zip(path, durations, strict=True):
            moment = self.later(moment, days * 0.98, days)
            moments[step] = moment
        return {"target": target, "path": path, "created": created, "moments": moments}

    def dossier(self, plan, agreement, conflict, covered):
        rng = self.rng
        ct = self.ct[Dossier]
        pk = self.writer.pks(Dossier, 1)[0]
        path, moments, target = plan["path"], plan["moments"], plan["target"]
        orgs = list(dict.fromkeys(o for o, _r in agreement.party_orgs))
        if conflict is not None:
            respondents = [conflict.notice.school]
            claimant = agreement.owner if agreement.owner != conflict.notice.school else None
            if claimant is None:
                claimant = next((o for o in orgs if o != conflict.notice.school), None)
            if claimant is None:
                return
            claimants = [claimant]
            created_by = conflict.resolver
        else:
            claimants, respondents = [orgs[0]], [orgs[1]]
            if len(orgs) > 2 and rng.random() < 0.2:
                respondents.append(orgs[2])
            created_by = self.pick(self.reps[claimants[0]])
        parties = [(o, "claimant") for o in claimants] + [(o, "respondent") for o in respondents]
        admitted = "admitted" in moments
        filed_at = moments.get("filed")
        # arbitration agreements: every party bound when admitted; one missing when not
        for org, _side in parties:
            if (org, agreement.kamer) not in covered and (admitted or rng.random() < 0.4):
                if target == "inadmissible" and org == respondents[-1]:
                    continue
                covered.add((org, agreement.kamer))
                signed = (filed_at or plan["created"]) - datetime.timedelta(
                    days=self.randint(30, 900)
                )
                self.sign(org, agreement.kamer, signed.astimezone(self.tz).date())
        reference = None
        if filed_at is not None:
            reference = (filed_at.astimezone(self.tz).year, filed_at)
        d = SimpleNamespace(
            id=pk,
            reference=reference,
            state=target,
            plan=plan,
            agreement=agreement,
            parties=parties,
            panel=[],
            kamer=agreement.kamer,
            created_by=created_by,
        )
        self.dossiers.append(d)
        secretariat = self.pick(self.secretariat)
        claimant_rep = self.pick(self.reps[claimants[0]])
        respondent_rep = self.pick(self.reps[respondents[0]])
        d.fields = {
            "id": pk,
            "kind": "performance" if conflict or rng.random() < 0.6 else "content",
            "claim": self.pick(CLAIMS).format(
                o=self.org_by_id[respondents[0]].name, a=agreement.title
            ),
            "ruling_requested": "Nakoming van de afspraak binnen drie maanden.",
            "notice_conflict_id": conflict.id if conflict else None,
            "rule_set_id": self.rules.pk if filed_at and self.rules.pk else None,
            "state": target,
            "filed_at": filed_at,
            "created_by_id": created_by,
            "created_at": plan["created"],
        }
        self.table(Dossier.agreements.through, with_pk=False).add(
            dossier_id=pk, agreement_id=agreement.id
        )
        for org, side in parties:
            self.table(DossierParty, with_pk=False).add(
                dossier_id=pk, organisation_id=org, side=side
            )
        # the transitions
        actors = {
            "filed": created_by,
            "admitted": secretariat,
            "inadmissible": secretariat,
            "panel_proposed": secretariat,
            "panel_constituted": secretariat,
            "defence_submitted": respondent_rep,
            "hearing_scheduled": secretariat,
            "hearing_held": secretariat,
            "award_issued": None,
            "closed": secretariat,
            "withdrawn": claimant_rep,
            "settled": secretariat,
        }
        names = {
            "filed": "file",
            "admitted": "admit",
            "inadmissible": "reject",
            "panel_proposed": "propose_panel",
            "panel_constituted": "constitute",
            "defence_submitted": "submit_defence",
            "hearing_scheduled": "schedule_hearing",
            "hearing_held": "hold_hearing",
            "award_issued": "issue_award",
            "closed": "close",
            "withdrawn": "withdraw",
            "settled": "settle",
        }
        # the panel, chosen independent of the parties
        if "panel_proposed" in moments:
            party_orgs = {o for o, _s in parties}
            eligible = [a for a in self.arbiters if not (a.barred & party_orgs)]
            eligible.sort(key=lambda a: (agreement.kamer not in a.kamers, rng.random()))
            size = 3 if rng.random() < 0.3 and len(eligible) >= 4 else 1
            seats = eligible[:size]
            spare = eligible[size : size + 2]
            proposed = moments["panel_proposed"]
            constituted = moments.get("panel_constituted")
            ceiling = constituted or max(moments.values())
            if target == "panel_proposed":
                ceiling = self.now
            for arbiter in seats:
                signed = None
                if constituted or rng.random() < 0.6:
                    signed = proposed + (ceiling - proposed) * rng.uniform(0.05, 0.6)
                d.panel.append(
                    SimpleNamespace(
                        id=None, arbiter=arbiter, proposed=proposed, signed=signed, replaced=None
                    )
                )
            challenge = rng.random() < 0.12 and spare
            if challenge and (constituted or target == "panel_proposed"):
                member = d.panel[0]
                org = self.pick(list(party_orgs))
                filed = proposed + datetime.timedelta(
                    days=rng.uniform(2, self.rules.challenge_days - 2)
                )
                filed = min(filed, self.now - datetime.timedelta(hours=1))
                decision = "pending"
                if constituted:
                    decision = "sustained" if rng.random() < 0.4 else "rejected"
                elif rng.random() < 0.5 and filed < self.now - datetime.timedelta(days=3):
                    decision = "rejected"
                decided = self.later(filed, 1, 10) if decision != "pending" else None
                if constituted and decided >= constituted:
                    decided = filed + (constituted - filed) * 0.5
                d.challenge = (member, org, filed, decision, decided, secretariat)
                if decision == "sustained":
                    member.replaced = decided
                    new = SimpleNamespace(
                        id=None,
                        arbiter=spare[0],
                        proposed=decided,
                        signed=decided + (constituted - decided) * 0.5,
                        replaced=None,
                    )
                    d.panel.append(new)
            if rng.random() < 0.08 and len(spare) > 1:
                declared = min(ceiling, self.later(proposed, 0.5, 5))
                d.conflict_declaration = (spare[-1], declared)
        award_actor = d.panel[0].arbiter.user if d.panel else secretariat
        actors["award_issued"] = award_actor
        previous = "draft"
        for step in path:
            text = None
            if step in ("admitted", "inadmissible"):
                text = (
                    "Alle partijen zijn gebonden door een arbitrageovereenkomst."
                    if step == "admitted"
                    else "Niet ontvankelijk: geen arbitrageovereenkomst voor alle partijen."
                )
            self.statelog(ct, pk, moments[step], actors[step], previous, step, names[step], text)
            previous = step
        # the agreement in dispute follows the procedure
        if admitted:
            d.dispute = moments["admitted"]
            end = None
            cancel = False
            if "award_issued" in moments:
                end = moments["award_issued"]
                d.effect = self.pick(["active", "cancelled"], [70, 30])
                cancel = d.effect == "cancelled"
            elif target in ("withdrawn", "settled"):
                end = moments[target]
                d.effect = (
                    self.pick(["active", "cancelled"], [60, 40])
                    if target == "settled"
                    else ("active")
                )
                cancel = d.effect == "cancelled"
            d.dispute_end, d.cancel = end, cancel
        # deadlines
        d.deadlines = self.procedural_deadlines(moments, target)
        d.hearing_at = None
        if "hearing_scheduled" in moments:
            d.hearing_at = moments.get("hearing_held") or (
                moments["hearing_scheduled"] + datetime.timedelta(days=rng.uniform(21, 56))
            )
            d.hearing_at = d.hearing_at.replace(hour=10, minute=0, second=0, microsecond=0)
        d.actors = {
            "secretariat": secretariat,
            "claimant": claimant_rep,
            "respondent": respondent_rep,
        }

    def procedural_deadlines(self, moments, target):
        r = self.rules
        spec = [
            ("admissibility", "filed", r.admissibility_days, ("admitted", "inadmissible")),
            ("challenge", "panel_proposed", r.challenge_days, ("panel_constituted",)),
            ("defence", "panel_constituted", r.defence_days, ("defence_submitted",)),
            ("hearing", "defence_submitted", r.hearing_days, ("hearing_held",)),
            ("award", "hearing_held", r.award_days, ("award_issued",)),
        ]
        found = []
        for kind, opened_by, days, met_by in spec:
            if opened_by not in moments:
                continue
            due = moments[opened_by].astimezone(self.tz).date() + datetime.timedelta(days=days)
            met = next((moments[m] for m in met_by if m in moments), None)
            if met is None and target in ("withdrawn", "settled"):
                met = moments[target]
            extension = ""
            if self.rng.random() < 0.1:
                due += datetime.timedelta(days=self.randint(14, 28))
                extension = "Verzoek van partijen om meer tijd voor overleg."
            found.append((kind, due, met, extension))
        return found

    def write_sequences(self):
        """Number the filed dossiers ARB-<year>-<nnnn> in filing order, after what the year's
        counter already gave out, and move the counters on."""
        last = dict(DossierSequence.objects.values_list("year", "last"))
        by_year = defaultdict(list)
        for d in self.dossiers:
            if d.reference is not None:
                by_year[d.reference[0]].append(d)
        for year, dossiers in sorted(by_year.items()):
            dossiers.sort(key=lambda d: d.reference[1])
            start = last.get(year, 0)
            for number, d in enumerate(dossiers, start=start + 1):
                d.reference = f"ARB-{year}-{number:04d}"
            total = start + len(dossiers)
            DossierSequence.objects.update_or_create(year=year, defaults={"last": total})
            self.writer.counts[DossierSequence._meta.label] += 1
        for d in self.dossiers:
            if not isinstance(d.reference, str):
                d.reference = None
        self.write_dossiers()

    def write_dossiers(self):
        rng = self.rng
        dossiers = self.table(Dossier)
        panel = self.table(PanelMember)
        deadlines = self.table(ProceduralDeadline, with_pk=False)
        documents = self.table(Document, with_pk=False)
        challenges = self.table(Challenge, with_pk=False)
        declarations = self.table(ConflictDeclaration, with_pk=False)
        awards = self.table(Award)
        signed_by = self.table(Award.signed_by.through, with_pk=False)
        sha = hashlib.sha256(PLACEHOLDER_PDF).hexdigest()
        for d in self.dossiers:
            moments = d.plan["moments"]
            fields = dict(d.fields, reference=d.reference, hearing_at=d.hearing_at)
            if d.hearing_at:
                fields["hearing_place"] = "SBB, Zoetermeer" if rng.random() < 0.6 else "Utrecht"
            if "hearing_held" in moments:
                fields["minutes"] = (
                    "Partijen zijn gehoord; beide partijen lichtten hun "
                    "standpunt toe. Het scheidsgerecht doet binnen zes weken "
                    "uitspraak."
                )
            if d.state == "settled":
                fields["settlement_terms"] = "Partijen stellen de streefwaarde samen bij."
            if d.panel:
                fields["panel_notes"] = "Aandachtspunt: bewijs van de geleverde inzet opvragen."
            dossiers.add(**fields)
            for member in d.panel:
                member.id = self.writer.pks(PanelMember, 1)[0]
                panel.add(
                    id=member.id,
                    dossier_id=d.id,
                    arbiter_id=member.arbiter.id,
                    proposed_at=member.proposed,
                    declaration_signed_at=member.signed,
                    declaration=(
                        "Ik verklaar onafhankelijk en onpartijdig te zijn ten "
                        "opzichte van partijen."
                    )
                    if member.signed
                    else "",
                    replaced_at=member.replaced,
                )
            if getattr(d, "challenge", None):
                member, org, filed, decision, decided, clerk = d.challenge
                challenges.add(
                    panel_member_id=member.id,
                    organisation_id=org,
                    reasons="Arbiter was eerder adviseur van de wederpartij.",
                    filed_by_id=self.pick(self.reps[org]),
                    filed_at=filed,
                    decision=decision,
                    decided_by_id=clerk if decided else None,
                    decided_at=decided,
                    decision_reasons={
                        "pending": "",
                        "rejected": "Geen concrete aanwijzing voor partijdigheid.",
                        "sustained": "Schijn van partijdigheid; arbiter wordt vervangen.",
                    }[decision],
                )
            if getattr(d, "conflict_declaration", None):
                arbiter, at = d.conflict_declaration
                declarations.add(
                    arbiter_id=arbiter.id,
                    dossier_id=d.id,
                    declared_at=at,
                    reason="Ik heb een zakelijke relatie met een van de partijen.",
                )
            for kind, due, met, extension in d.deadlines:
                deadlines.add(
                    dossier_id=d.id, kind=kind, due=due, met_at=met, extension_reason=extension
                )
            if "award_issued" in moments:
                award_id = self.writer.pks(Award, 1)[0]
                decision = d.decision = self.pick(["granted", "partly", "rejected"])
                awards.add(
                    id=award_id,
                    dossier_id=d.id,
                    decision=decision,
                    reasoning="Het scheidsgerecht heeft de stukken en het verhandelde "
                    "ter zitting gewogen.",
                    agreement_effect=d.effect,
                    issued_on=moments["award_issued"].astimezone(self.tz).date(),
                )
                for member in d.panel:
                    if member.replaced is None:
                        signed_by.add(award_id=award_id, arbiterprofile_id=member.arbiter.id)
            # documents: metadata only, all pointing at one placeholder file
            docs = []
            if "filed" in moments:
                docs.append(("claim", moments["filed"], d.actors["claimant"]))
                for n in range(1, self.randint(1, 4)):
                    docs.append((("exhibit", n), moments["filed"], d.actors["claimant"]))
                docs.append(
                    ("secretariat", self.later(moments["filed"], 0.5, 4), d.actors["secretariat"])
                )
            if "defence_submitted" in moments:
                docs.append(("defence", moments["defence_submitted"], d.actors["respondent"]))
            if "hearing_held" in moments:
                docs.append(
                    ("minutes", self.later(moments["hearing_held"], 1, 7), d.actors["secretariat"])
                )
                if d.panel:
                    docs.append(
                        (
                            "panel",
                            self.later(moments["hearing_held"], 1, 10),
                            d.panel[0].arbiter.user,
                        )
                    )
            if "award_issued" in moments:
                docs.append(("award", moments["award_issued"], d.actors["secretariat"]))
            for kind, at, by in docs:
                n = None
                if isinstance(kind, tuple):
                    kind, n = kind
                title, filename, visibility = DOCUMENTS[kind]
                lineage = self.uuid()
                versions = 2 if kind == "claim" and rng.random() < 0.15 else 1
                for version in range(1, versions + 1):
                    documents.add(
                        dossier_id=d.id,
                        lineage=lineage,
                        version=version,
                        title=title.format(n=n),
                        visibility=visibility,
                        file=PLACEHOLDER_PATH,
                        filename=filename.format(n=n),
                        content_type="application/pdf",
                        size=len(PLACEHOLDER_PDF),
                        sha256=sha,
                        uploaded_by_id=by,
                        uploaded_at=min(
                            self.now - datetime.timedelta(minutes=1),
                            at + datetime.timedelta(days=version - 1),
                        ),
                    )
            # the agreement's side of the procedure
            a = d.agreement
            if getattr(d, "dispute", None):
                clerk = d.actors["secretariat"]
                text = _("In arbitration: %(reference)s") % {"reference": d.reference}
                a.logs.append((d.dispute, clerk, "active", "disputed", "dispute", text))
                a.windows[-1][1] = d.dispute
                a.state = "disputed"
                if d.dispute_end is not None:
                    if d.state in ("withdrawn", "settled"):
                        ended = _("withdrawn") if d.state == "withdrawn" else _("settled")
                        text = f"{d.reference}: {ended}"
                    else:
                        text = _("Award %(reference)s: %(decision)s") % {
                            "reference": d.reference,
                            "decision": dict(ClaimDecision.choices)[d.decision],
                        }
                    back = d.dispute_end
                    a.logs.append((back, clerk, "disputed", "active", "end_dispute", text))
                    a.state = "active"
                    if d.cancel:
                        a.logs.append(
                            (
                                back + datetime.timedelta(seconds=1),
                                clerk,
                                "active",
                                "cancelled",
                                "cancel",
                                text,
                            )
                        )
                        a.state, a.closing_note, a.ended_at = "cancelled", text, back
                    else:
                        a.windows.append([back, self.now])

    def write_placeholder(self):
        storage = private_storage()
        if not storage.exists(PLACEHOLDER_PATH):
            storage.save(PLACEHOLDER_PATH, ContentFile(PLACEHOLDER_PDF))
