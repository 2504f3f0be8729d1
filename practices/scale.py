"""Scale data for practices (``seed_scale``): good and bad practice shared on agreements that
are under way, reviewed by the sectorkamer's secretary as the services do (published with
its review time, returned with a reason, or still waiting), each review in django-fsm-log's
table. A part of ``kansrijk_site.scale.ScaleGenerator``."""

import datetime

from .models import Practice, PracticeKind, PracticeState

LESSONS = [
    "Begin met de werkgevers in de regio, niet met het rooster.",
    "Leg de afspraak over stageplaatsen vast voordat de werving begint.",
    "Een gezamenlijke open dag trok twee keer zoveel aanmeldingen.",
    "Zonder vaste contactpersoon bij het bedrijf liep de begeleiding vast.",
]


class PracticesScale:
    def make_practices(self):
        rng, today = self.rng, self.today
        table = self.table(Practice)
        regions = self.table(Practice.regions.through, with_pk=False)
        under_way = [
            a for a in self.sector_agreements if a.state in ("active", "achieved", "not_achieved")
        ]
        n = self.n("practices") if under_way else 0
        ids = iter(self.writer.pks(Practice, n))
        for _i in range(n):
            a = self.pick(under_way)
            submitter = self.pick(self.reps[a.owner])
            began = (a.activated_at or a.created_at).date()
            submitted = self.later(
                self.at(max(began, today - datetime.timedelta(days=700))), 1, 120
            )  # Seeder.later keeps it after the start and before now
            state = self.pick(
                [PracticeState.PUBLISHED, PracticeState.SUBMITTED, PracticeState.RETURNED],
                [65, 20, 15],
            )
            reviewed = reason = None
            pk = next(ids)
            if state != PracticeState.SUBMITTED:
                reviewed = self.later(submitted, 0.5, 20)  # after it, before now
                secretary = self.pick(self.secretaries[a.kamer] or self.board)
                if state == PracticeState.RETURNED:
                    reason = "Graag de resultaten in cijfers toevoegen."
                    transition = "return_to_submitter"
                else:
                    transition = "publish"
                self.statelog(
                    self.ct[Practice], pk, reviewed, secretary, PracticeState.SUBMITTED, state,
                    transition, reason,
                )  # fmt: skip
            kind = PracticeKind.GOOD if rng.random() < 0.75 else PracticeKind.BAD
            table.add(
                id=pk,
                sectorkamer_id=a.kamer,
                agreement_id=a.id,
                priority_id=None,
                kind=kind,
                category=a.category,
                title=f"{'Geleerd' if kind == PracticeKind.GOOD else 'Niet gelukt'}: {a.title}"[
                    :255
                ],
                what_was_done=f"Uitvoering van '{a.title}' in {self.year}.",
                result="De helft van de doelen is gehaald; de rest volgt in het tweede jaar.",
                lessons=self.pick(LESSONS),
                contact_organisation_id=a.owner,
                state=state,
                submitted_by_id=submitter,
                submitted_at=submitted,
                reviewed_at=reviewed,
                return_reason=reason or "",
            )
            regions.add(practice_id=pk, arbeidsmarktregio_id=self.pick(self.regions).pk)
