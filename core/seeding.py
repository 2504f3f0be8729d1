"""Bulk seeding for load and performance data: rows per model in memory, written with
PostgreSQL ``COPY`` (psycopg 3) or ``executemany`` on SQLite, primary keys from the tables'
own sequences; and the seeded helpers (dates, picks, logged transitions) every app's scale
module draws with. Used by ``kansrijk_site.scale``; imports no app."""

import bisect
import datetime
import itertools
import random
import uuid
from collections import Counter

from django.db import DatabaseError, IntegrityError, connection, connections, transaction
from django.db.models import DateField, DecimalField, UUIDField
from django.utils import timezone

from core.timeutils import amsterdam, cycle_year_for, local_today

# -- writing ----------------------------------------------------------------------------

REQUIRED = object()
MIDNIGHT = datetime.time(0, 0)


class Table:
    """Rows for one model, as tuples in column order; defaults from the model's fields."""

    def __init__(self, model, *, with_pk=True):
        self.model = model
        fields = [f for f in model._meta.concrete_fields if with_pk or not f.primary_key]
        self.fields = fields
        self.names = [f.attname for f in fields]
        self.defaults = []
        for field in fields:
            if field.primary_key or field.is_relation:
                default = REQUIRED if not field.null else None
            elif field.has_default() and not callable(field.default):
                default = field.default
            elif field.has_default():
                default = REQUIRED
            elif field.null:
                default = None
            elif field.empty_strings_allowed:
                default = ""
            else:
                default = REQUIRED
            self.defaults.append(default)
        self.spec = list(zip(self.names, self.defaults, strict=True))
        self.rows = []

    def add(self, **values):
        row = tuple([values.get(name, default) for name, default in self.spec])
        if REQUIRED in row:
            missing = [n for (n, _d), v in zip(self.spec, row, strict=True) if v is REQUIRED]
            raise KeyError(f"{self.model.__name__}: {', '.join(missing)} need a value")
        self.rows.append(row)


class Writer:
    """Bulk inserts and primary keys from the tables' sequences."""

    def __init__(self):
        self.postgres = connection.vendor == "postgresql"
        self.next_pk = {}
        self.counts = Counter()

    def pks(self, model, n: int) -> list[int]:
        if n <= 0:
            return []
        table, column = model._meta.db_table, model._meta.pk.column
        with connection.cursor() as cursor:
            if self.postgres:
                cursor.execute(
                    "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                    [connection.ops.quote_name(table), column, n],
                )
                return [row[0] for row in cursor.fetchall()]
            if model not in self.next_pk:
                cursor.execute(f"SELECT MAX({column}) FROM {connection.ops.quote_name(table)}")
                self.next_pk[model] = (cursor.fetchone()[0] or 0) + 1
        start = self.next_pk[model]
        self.next_pk[model] = start + n
        return list(range(start, start + n))

    def write(self, table: Table) -> None:
        if not table.rows:
            return
        qn = connection.ops.quote_name
        columns = ", ".join(qn(f.column) for f in table.fields)
        name = qn(table.model._meta.db_table)
        with connection.cursor() as cursor:
            if self.postgres:
                with cursor.copy(f"COPY {name} ({columns}) FROM STDIN") as copy:
                    for row in table.rows:
                        copy.write_row(row)
            else:
                # The values the ORM would send: only these types need converting.
                real = connections[connection.alias]
                prep = [
                    (lambda v, f=f: f.get_db_prep_save(v, real))
                    if isinstance(f, (DateField, DecimalField, UUIDField))
                    else None
                    for f in table.fields
                ]
                marks = ", ".join(["%s"] * len(table.fields))
                sql = f"INSERT INTO {name} ({columns}) VALUES ({marks})"
                for start in range(0, len(table.rows), 5000):
                    chunk = table.rows[start : start + 5000]
                    cursor.executemany(
                        sql,
                        [
                            [
                                v if p is None or v is None else p(v)
                                for p, v in zip(prep, row, strict=True)
                            ]
                            for row in chunk
                        ],
                    )
        self.counts[table.model._meta.label] += len(table.rows)
        table.rows = []

    def skip_row_triggers(self) -> bool:
        """Skip the row-by-row foreign-key triggers for this transaction when the database
        allows it (``session_replication_role``, superusers only, as pg_restore's
        --disable-triggers); ``check_foreign_keys`` then checks every reference at once."""
        if not self.postgres:
            return False
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute("SET LOCAL session_replication_role = replica")
        except DatabaseError:
            return False
        return True

    def check_foreign_keys(self, models) -> None:
        """Every foreign key of the written tables points at an existing row, checked with
        one anti-join per key (what the skipped triggers would have checked row by row)."""
        qn = connection.ops.quote_name
        with connection.cursor() as cursor:
            for model in models:
                for field in model._meta.concrete_fields:
                    if not field.is_relation or not field.db_constraint:
                        continue
                    target = field.target_field
                    cursor.execute(
                        f"SELECT count(*) FROM {qn(model._meta.db_table)} c "
                        f"WHERE c.{qn(field.column)} IS NOT NULL AND NOT EXISTS ("
                        f"SELECT 1 FROM {qn(target.model._meta.db_table)} p "
                        f"WHERE p.{qn(target.column)} = c.{qn(field.column)})"
                    )
                    dangling = cursor.fetchone()[0]
                    if dangling:
                        raise IntegrityError(
                            f"{dangling} rows of {model._meta.label} refer to a missing "
                            f"{target.model._meta.label} through {field.column}"
                        )

    def drop_indexes(self, models) -> list[str]:
        """On PostgreSQL, drop the plain indexes (not those of primary keys or unique
        constraints) of the biggest tables; returns the statements that rebuild them. Building
        an index once after the load is several times faster than maintaining it row by row."""
        if not self.postgres or not models:
            return []
        rebuild = []
        with connection.cursor() as cursor:
            for model in models:
                cursor.execute(
                    """
                    SELECT i.indexname, i.indexdef FROM pg_indexes i
                    WHERE i.schemaname = current_schema() AND i.tablename = %s
                      AND NOT EXISTS (
                        SELECT 1 FROM pg_constraint c
                        WHERE c.conindid = format('%%I.%%I', i.schemaname, i.indexname)::regclass
                      )
                    """,
                    [model._meta.db_table],
                )
                for name, definition in cursor.fetchall():
                    cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
                    rebuild.append(definition)
        return rebuild


def parents_first(models) -> list:
    """``models`` ordered so that each comes after the ones among them it refers to (a
    foreign key to its own model is left to the constraint check at the commit)."""
    among, ordered, seen = set(models), [], set()

    def visit(model):
        if model in seen:
            return
        seen.add(model)
        for field in model._meta.concrete_fields:
            if field.is_relation and field.related_model in among:
                visit(field.related_model)
        ordered.append(model)

    for model in models:
        visit(model)
    return ordered


def capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


def slug(text: str) -> str:
    keep = "".join(c if c.isalnum() else "-" for c in text.lower().replace("'", ""))
    return "-".join(part for part in keep.split("-") if part)


class Seeder:
    """Shared state and seeded helpers of a generator: one ``random.Random``, the moment it
    runs, the tables being filled, the django-fsm-log rows to write. ``VOLUMES`` are the
    base counts at factor 1."""

    VOLUMES: dict = {}

    def __init__(self, *, factor: float, seed: int = 2027, log=None):
        self.f = factor
        self.rng = random.Random(seed)
        self.log = log or (lambda message: None)
        self.now = timezone.now()
        self.ceiling = self.now - datetime.timedelta(minutes=1)
        self.cumulative = {}
        self.today = local_today()
        self.year = cycle_year_for(self.today)  # the cycle whose 1 February comes next
        self.tz = amsterdam()
        self.writer = Writer()
        self.tables = {}
        self.statelogs = []  # (timestamp, by, source, target, transition, content type, id, text)

    def n(self, key: str, minimum: int = 1) -> int:
        return max(minimum, round(self.VOLUMES[key] * self.f))

    def table(self, model, **kwargs) -> Table:
        if model not in self.tables:
            self.tables[model] = Table(model, **kwargs)
        return self.tables[model]

    def randint(self, low: int, high: int) -> int:
        """Like ``random.randint``, faster (the generator draws millions of these)."""
        return low + int(self.rng.random() * (high - low + 1))

    def at(self, day: datetime.date, hour: int | None = None) -> datetime.datetime:
        """A moment during office hours on ``day`` (Amsterdam), never after now."""
        seconds = (hour * 3600 if hour is not None else 28800 + int(self.rng.random() * 36000)) + (
            int(self.rng.random() * 3600) if hour is not None else 0
        )
        moment = datetime.datetime.combine(day, MIDNIGHT, self.tz) + datetime.timedelta(
            seconds=seconds
        )
        if moment >= self.ceiling:
            moment = self.now - datetime.timedelta(minutes=1 + self.rng.random() * 89)
        return moment

    def later(self, moment, low: float, high: float) -> datetime.datetime:
        """``low``-``high`` days after ``moment``, kept before now and after ``moment``."""
        candidate = moment + datetime.timedelta(days=low + self.rng.random() * (high - low))
        if candidate > self.ceiling:
            candidate = max(moment + datetime.timedelta(minutes=1), self.ceiling)
        return candidate

    def day_between(self, first: datetime.date, last: datetime.date) -> datetime.date:
        if last <= first:
            return first
        return first + datetime.timedelta(days=int(self.rng.random() * ((last - first).days + 1)))

    def uuid(self) -> uuid.UUID:
        return uuid.UUID(int=self.rng.getrandbits(128), version=4)

    def pick(self, options, weights=None):
        if weights is None:
            return options[int(self.rng.random() * len(options))]
        key = tuple(weights)
        cumulative = self.cumulative.get(key)
        if cumulative is None:
            cumulative = self.cumulative[key] = list(itertools.accumulate(weights))
        return options[bisect.bisect_right(cumulative, self.rng.random() * cumulative[-1])]

    def statelog(self, obj_ct, obj_id, moment, by, source, target, transition, text=None):
        self.statelogs.append((moment, by, source, target, transition, obj_ct, obj_id, text))

    def step(self, name):
        self.log(f"  {name}")
