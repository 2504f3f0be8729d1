"""What the two import commands share: the options, the report, the refusal."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from atlas.services import ImportFailed
from regions.models import User


class ImportCommand(BaseCommand):
    """``load(actor=, stream=, filename=, skip_invalid=, title=, **extra)`` from atlas.services;
    ``stored`` names what it stores ("counts", "values")."""

    load = None
    stored = "values"

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--skip-invalid", action="store_true", help="store the good lines, list the bad ones"
        )
        parser.add_argument("--title", default="", help="the dataset's title (default: file name)")
        parser.add_argument("--user", help="who loads it (a username; default: nobody named)")

    def extra(self, options) -> dict:
        return {}

    def handle(self, *args, file: Path, skip_invalid, title, user, **options):
        actor = None
        if user:
            actor = User.objects.filter(username=user).first()
            if actor is None:
                raise CommandError(f"No user '{user}'.")
        try:
            stream = file.open("rb")
        except OSError as exc:
            raise CommandError(f"Cannot read {file}: {exc.strerror}") from exc
        with stream:
            try:
                report = type(self).load(
                    actor=actor, stream=stream, filename=file.name, skip_invalid=skip_invalid,
                    title=title, **self.extra(options),
                )  # fmt: skip
            except ImportFailed as failed:
                for error in failed.report.errors:
                    self.stderr.write(f"{file}: {error}")
                raise CommandError(
                    f"{len(failed.report.errors)} error(s); nothing was written. "
                    "Fix them or use --skip-invalid."
                ) from failed
        for error in report.errors:
            self.stderr.write(f"{file}: skipped: {error}")
        for note in report.notes:
            self.stdout.write(note)
        self.stdout.write(
            f"{report.rows_read} lines read, {report.stored} {self.stored} stored, "
            f"{len({e.line for e in report.errors})} lines skipped; dataset: {report.dataset}"
        )
