"""Scale data: a realistic national picture for load and performance work (``seed_scale``).

Factor 1 is the whole country in one cycle: the 8 sectorkamers with four years of agenda
revisions, a regional table per arbeidsmarktregio, ~270 organisations, 1,000 people,
600 qualifications, 2,000 sector agreements, 6,000 regional commitments, 25,000 progress
reports, 3,000 start/stop notices, 50 arbitration dossiers, 50,000 notifications, 400 shared
practices and the atlas's ~500,000 enrolment rows with the indicators the signal rules read
(the signals are then computed by the atlas's own service). The factor multiplies those
volumes (never the sectorkamers or the regions).

Everything is generated in memory with one seeded ``random.Random`` and written with bulk
inserts: PostgreSQL ``COPY`` (psycopg 3), or ``executemany`` on SQLite. Primary keys come from
the tables' own sequences, so later inserts through the ORM continue after them. The rows
keep the models' invariants and the services' rules (states reached through their
transitions, logged in django-fsm-log's table; next_report_due as the services keep it;
gap-free dossier references through ``DossierSequence``; the latest report kept on each
agreement), but no simple-history rows are written. Dates are relative to today, so the
picture stays current; the same seed gives the same data, relative to the moment it runs.

On PostgreSQL the biggest tables are loaded without their plain indexes (rebuilt afterwards),
and, when the role may (superuser, as pg_restore --disable-triggers), without the row-by-row
foreign-key triggers: one anti-join per foreign key then checks every reference instead.
Everything happens in one transaction.
"""

import gc
import time
from collections import defaultdict

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.urls import reverse
from django.utils import translation
from django_fsm_log.models import StateLog

from agendas.models import AgendaRevision
from agendas.scale import AgendasScale
from agreements.models import Agreement, ProgressReport
from agreements.scale import AgreementsScale
from arbitration.models import Dossier, DossierState, ProceduralRuleSet
from arbitration.scale import ArbitrationScale
from atlas.scale import AtlasScale
from atlas.services import compute_signals
from core.seeding import Seeder, parents_first
from notifications.models import ReminderOffset
from notifications.scale import NotificationsScale
from practices.models import Practice
from practices.scale import PracticesScale
from regions.models import Arbeidsmarktregio, Sectorkamer
from regions.scale import CITIES, PASSWORD, USERNAME_PREFIX, RegionsScale, scale_data_exists

# Base volumes at factor 1.
VOLUMES = {
    "schools": 70,
    "organisations": 200,
    "users": 1000,
    "qualifications": 600,
    "sector_agreements": 2000,
    "commitments": 6000,
    "progress_reports": 25000,
    "notices": 3000,
    "dossiers": 50,
    "notifications": 50000,
    "enrolments": 500000,
    "practices": 400,
}


class ScaleGenerator(
    RegionsScale,
    AgendasScale,
    AtlasScale,
    AgreementsScale,
    ArbitrationScale,
    NotificationsScale,
    PracticesScale,
    Seeder,
):
    """The national picture: each app's part makes its own rows, in the order of the layers;
    ``write_all`` writes them parents first."""

    VOLUMES = VOLUMES

    def load_reference(self):
        """What every part reads from the reference data, and the shared lookups (content
        types, URL patterns, state names) only the top of the house may know all of."""
        self.kamers = list(Sectorkamer.objects.order_by("code"))
        self.regions = list(Arbeidsmarktregio.objects.order_by("code"))
        self.region_name = {r.pk: r.name for r in self.regions}
        self.cities = {}
        for region in self.regions:
            self.cities[region.pk] = CITIES.get(region.code) or [region.name]
        self.rules = ProceduralRuleSet.current()
        self.offsets = defaultdict(list)
        for offset in ReminderOffset.objects.all():
            self.offsets[offset.kind].append(offset.key)
        self.ct = {
            model: ContentType.objects.get_for_model(model).pk
            for model in (AgendaRevision, Agreement, Dossier, Practice)
        }
        self.urls = {
            name: reverse(name, args=[987654321]).replace("987654321", "{}")
            for name in (
                "agendas:revision_detail",
                "agreements:detail",
                "agreements:notice_detail",
                "arbitration:dossier_detail",
            )
        }
        self.urls["notice_list"] = reverse("agreements:notice_list")
        self.dossier_labels = {value: str(label) for value, label in DossierState.choices}

    def run(self) -> dict:
        # Millions of small objects and no reference cycles: the cyclic garbage collector
        # would only rescan them, again and again.
        collecting = gc.isenabled()
        gc.disable()
        try:
            return self._run()
        finally:
            if collecting:
                gc.enable()

    def _run(self) -> dict:
        with translation.override("nl"):
            self.step("reference data")
            self.load_reference()
            self.step("organisations and regional tables")
            self.make_organisations()
            self.make_tables()
            self.step("users and roles")
            self.make_users()
            self.step("qualifications and agendas")
            self.make_qualifications()
            self.make_agendas()
            self.step("agreements")
            self.make_agreements()
            self.make_offer_rules()
            self.step("start/stop notices")
            self.make_notices()
            self.step("arbitration")
            self.make_arbitration()
            self.step("progress reports")
            self.make_progress()
            self.finish_agreements()
            self.step("notifications")
            self.make_notifications()
            # last: its draws leave the other parts' random streams as they were
            self.step("atlas: enrolments and indicators")
            self.make_atlas()
            self.step("practices")  # after the atlas: the same data as before for the rest
            self.make_practices()
            self.step("writing")
            self.write_all()
            self.write_placeholder()
            self.step("atlas: enrolment totals")
            self.finish_atlas()
            self.step("atlas: the alert function")
            signals = compute_signals(year=self.year)
            self.writer.counts["atlas.Signal"] += signals.get("raised", 0)
        return dict(sorted(self.writer.counts.items()))

    def write_all(self):
        logs = self.table(StateLog, with_pk=False)
        for moment, by, source, target, transition, ct, obj, text in self.statelogs:
            logs.add(
                timestamp=moment,
                by_id=by,
                source_state=source,
                state=target,
                transition=transition,
                content_type_id=ct,
                object_id=obj,
                description=text,
            )
        # parents before children (foreign keys are checked at commit anyway)
        order = parents_first(self.tables)
        # in the order they happened, as a real database fills up
        for model, column in ((ProgressReport, "reported_at"), (StateLog, "timestamp")):
            if model in self.tables:
                index = self.tables[model].names.index(column)
                self.tables[model].rows.sort(key=lambda row, i=index: row[i])
        written = [m for m in order if m in self.tables]
        rebuild = self.writer.drop_indexes(
            [m for m in written if len(self.tables[m].rows) >= 20000]
        )
        bulk_mode = self.writer.skip_row_triggers()
        for model in written:
            started, rows = time.monotonic(), len(self.tables[model].rows)
            self.writer.write(self.tables[model])
            self.log(f"    {model._meta.label}: {rows} rows in {time.monotonic() - started:.1f} s")
        if not self.writer.postgres:
            return
        with connection.cursor() as cursor:
            started = time.monotonic()
            if bulk_mode:
                cursor.execute("SET LOCAL session_replication_role = origin")
                self.writer.check_foreign_keys(written)
            elif rebuild:
                # An index cannot be built while foreign-key checks are pending on its table:
                # run them now (they would run at the commit anyway).
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            self.log(f"    foreign keys checked in {time.monotonic() - started:.1f} s")
            started = time.monotonic()
            for definition in rebuild:
                cursor.execute(definition)
            if rebuild and not bulk_mode:
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")
            self.log(f"    {len(rebuild)} indexes rebuilt in {time.monotonic() - started:.1f} s")
            for model in written:
                cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


def generate(*, factor: float, seed: int = 2027, log=None) -> dict:
    """Generate and write the scale data; returns the rows written per model."""
    return ScaleGenerator(factor=factor, seed=seed, log=log).run()


__all__ = ["generate", "scale_data_exists", "PASSWORD", "USERNAME_PREFIX"]
