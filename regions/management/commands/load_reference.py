from django.core.management.base import BaseCommand

from regions.services import load_reference_data


class Command(BaseCommand):
    help = "Load the 35 arbeidsmarktregio's and the 8 sectorkamers (idempotent)."

    def handle(self, *args, **options):
        for table, counts in load_reference_data().items():
            self.stdout.write(
                f"{table}: {counts['created']} created, {counts['updated']} updated, "
                f"{counts['unchanged']} unchanged"
            )
