"""Scale data for load and performance work: ``manage.py seed_scale --factor N``.

Runs after ``load_reference`` (with or without ``seed_demo``) and refuses to run twice on the
same database. See ``kansrijk_site/scale.py`` for what is generated.
"""

import time

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from kansrijk_site import scale
from regions.models import Arbeidsmarktregio, Sectorkamer


class Command(BaseCommand):
    help = (
        "Generate a realistic national data set for load tests: factor 1 is 8 sectorkamers, "
        "35 regional tables, ~1,000 users, 8,000 agreements, 25,000 progress reports and "
        "50,000 notifications; the factor multiplies the volumes. Refuses to run twice."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--factor", type=float, default=1.0, help="multiplies the volumes (default 1)"
        )
        parser.add_argument(
            "--seed", type=int, default=2027, help="random seed (same seed, same data)"
        )

    def handle(self, *args, factor, seed, verbosity=1, **options):
        if not 0 < factor <= 100:
            raise CommandError("--factor must be more than 0 and at most 100.")
        if Sectorkamer.objects.count() < 8 or Arbeidsmarktregio.objects.count() < 35:
            raise CommandError("Load the reference data first: manage.py load_reference")
        if scale.scale_data_exists():
            raise CommandError(
                f"Scale data is already present (users named '{scale.USERNAME_PREFIX}…'); "
                "seed_scale runs once per database. Start from an empty database to run it again."
            )
        started = time.monotonic()

        def log(message):
            if verbosity > 1:
                self.stdout.write(f"{time.monotonic() - started:7.1f}s {message}")

        with transaction.atomic():
            counts = scale.generate(factor=factor, seed=seed, log=log)
            log("  committing")
        elapsed = time.monotonic() - started
        prefix = scale.USERNAME_PREFIX
        width = max(len(label) for label in counts)
        for label, count in counts.items():
            self.stdout.write(f"{label:<{width}}  {count:>9,}")
        self.stdout.write(f"{'total':<{width}}  {sum(counts.values()):>9,}")
        self.stdout.write(
            self.style.SUCCESS(
                f"Scale data (factor {factor:g}) written in {elapsed:.1f} s. Users are named "
                f"'{prefix}<role>-<n>' (e.g. {prefix}secretaris-tgo-1); "
                f"their password is '{scale.PASSWORD}'."
            )
        )
