from django.core.management.base import BaseCommand

from atlas.services import compute_signals
from core.timeutils import cycle_year_for, local_today


class Command(BaseCommand):
    help = (
        "Run the alert function for cycle year Y: raise, update and close the signals per "
        "sectorkamer, qualification, institution and region (idempotent)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, help="the cycle year (default: the coming one)")

    def handle(self, *args, year=None, **options):
        year = year or cycle_year_for(local_today())
        counts = compute_signals(year=year)
        self.stdout.write(
            f"signals {year}: {counts['raised']} raised, {counts['updated']} updated, "
            f"{counts['closed']} closed, {counts['unchanged']} unchanged"
        )
