"""Remove or anonymise what passed its retention period; ``--dry-run`` first says how much."""

from django.core.management.base import BaseCommand

from core import retention


class Command(BaseCommand):
    help = "Apply the retention periods (Beheer > retention periods); --dry-run changes nothing."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="count, change nothing")

    def handle(self, *args, dry_run=False, **options):
        labels = {kind.name: kind.label for kind in retention.kinds()}
        for run in retention.run(dry_run=dry_run):
            verb = "would handle" if dry_run else "handled"
            self.stdout.write(f"{run.kind:<16} {run.days:>5} days  {verb} {run.count:>6}  "
                              f"({labels[run.kind]})")  # fmt: skip
