"""Scale data of the atlas (the national picture of enrolments and indicators): one part of
``kansrijk_site.scale``'s generator, written through ``core.seeding``.

Factor 1 is about 500,000 enrolment rows: the 70 institutions offering the 600
qualifications in BOL full-time and BBL (and a share in BOL part-time) over five years,
with small cells suppressed as DUO publishes them; and the indicators the default signal
rules read: kans op werk, work within a year and below level per crebo, internship
shortage per crebo in ten regions, the UWV spanningsindicator per region. The signals are
computed afterwards by the real ``compute_signals``."""

import datetime

from atlas.models import (
    SUPPRESSED_HIGH,
    SUPPRESSED_LOW,
    Dataset,
    Enrolment,
    Indicator,
    IndicatorValue,
    Level,
    Source,
)
from atlas.totals import store_enrolment_totals

YEARS = 5  # the years an atlas shows
LEERWEGEN = (("BOLVT", 1.0, 1.0), ("BBL", 1.0, 0.6), ("BOLDT", 0.4, 0.1))  # share, size
PER_ROW = YEARS * sum(share for _code, share, _size in LEERWEGEN)


class AtlasScale:
    """The atlas part of the scale generator: a mixin of
    ``kansrijk_site.scale.ScaleGenerator``, whose helpers and shared state it uses."""

    def make_atlas(self):
        last = self.year - 1
        titles = {
            Source.DUO_ENROLMENTS: "Deelnemers mbo per instelling en kwalificatie (schaal)",
            Source.SBB: "SBB-indicatoren (schaal)",
            Source.CBS: "CBS-indicatoren (schaal)",
            Source.UWV: "UWV-spanningsindicator (schaal)",
        }
        pks = self.writer.pks(Dataset, len(titles))
        self.datasets = dict(zip(titles, pks, strict=True))
        self.rows_per_dataset = dict.fromkeys(pks, 0)
        self.make_enrolments(last)
        self.make_indicator_values(last)
        table = self.table(Dataset)
        for source, title in titles.items():
            pk, rows = self.datasets[source], self.rows_per_dataset[self.datasets[source]]
            table.add(
                id=pk, source=source, title=title, year=last,
                reference_date=datetime.date(last, 10, 1),
                sha256=f"{self.rng.getrandbits(256):064x}", filename=f"{source}-schaal.csv",
                encoding="utf-8", synthetic=True, loaded_at=self.now, rows_read=rows,
                rows_stored=rows,
            )  # fmt: skip

    def finish_atlas(self):
        """After writing: the enrolments' stored roll-ups, as the import writes them."""
        store_enrolment_totals(dataset=self.datasets[Source.DUO_ENROLMENTS])

    def make_enrolments(self, last: int):
        rng, quals = self.rng, self.quals
        per_school = min(
            len(quals), max(1, round(self.n("enrolments") / (len(self.schools) * PER_ROW)))
        )
        table = self.table(Enrolment, with_pk=False)
        dataset = self.datasets[Source.DUO_ENROLMENTS]
        for school in self.schools:
            for qual in rng.sample(quals, per_school):
                base = 3 + int(rng.random() ** 2 * 160)
                for leerweg, share, size in LEERWEGEN:
                    if share < 1 and rng.random() >= share:
                        continue
                    count = base * size
                    trend = 0.85 + rng.random() * 0.3  # shrinking to growing, per year
                    for year in range(last - YEARS + 1, last + 1):
                        students = int(count)
                        if students < 5:
                            low, high, suppressed = SUPPRESSED_LOW, SUPPRESSED_HIGH, True
                        else:
                            low = high = students
                            suppressed = False
                        table.add(
                            dataset_id=dataset, institution_id=school.id,
                            qualification_id=qual.id, leerweg=leerweg, year=year, gender="",
                            low=low, high=high, suppressed=suppressed,
                        )  # fmt: skip
                        count *= trend
                        self.rows_per_dataset[dataset] += 1

    def make_indicator_values(self, last: int):
        rng = self.rng
        indicators = dict(Indicator.objects.values_list("code", "pk"))
        table = self.table(IndicatorValue, with_pk=False)

        def add(code, source, level, value, **keys):
            self.rows_per_dataset[self.datasets[source]] += 1
            table.add(
                dataset_id=self.datasets[source], indicator_id=indicators[code], level=level,
                year=last, value=round(value, 1), **keys,
            )  # fmt: skip

        for qual in self.quals:
            add("kans_op_werk", Source.SBB, Level.CREBO, 30 + rng.random() * 65,
                qualification_id=qual.id)  # fmt: skip
            add("werk_12u_1j", Source.CBS, Level.CREBO, 55 + rng.random() * 42,
                qualification_id=qual.id)  # fmt: skip
            add("onder_niveau", Source.CBS, Level.CREBO, 10 + rng.random() * 50,
                qualification_id=qual.id)  # fmt: skip
            for region in rng.sample(self.regions, min(10, len(self.regions))):
                add("stage_tekort", Source.SBB, Level.CREBO_REGION,
                    int(rng.random() ** 3 * 60), qualification_id=qual.id,
                    region_id=region.pk)  # fmt: skip
        for region in self.regions:
            add("spanningsindicator", Source.UWV, Level.REGION, 0.5 + rng.random() * 3.5,
                region_id=region.pk)  # fmt: skip
