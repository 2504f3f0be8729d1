from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from agendas.services import ImportFailed, import_qualifications


class Command(BaseCommand):
    help = (
        "Upsert qualifications (crebo, name, level, sectorkamer, valid from/until) from a "
        "crebo-list CSV. Writes nothing when any row is bad, unless --skip-invalid."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--skip-invalid", action="store_true", help="write the good rows, skip the bad ones"
        )

    def handle(self, *args, file: Path, skip_invalid: bool, **options):
        try:
            text = file.read_text(encoding="utf-8-sig")
        except OSError as exc:
            raise CommandError(f"Cannot read {file}: {exc.strerror}") from exc
        try:
            report = import_qualifications(text=text, skip_invalid=skip_invalid)
        except ImportFailed as failed:
            for line, reason in failed.report.errors:
                self.stderr.write(f"{file}:{line}: {reason}")
            raise CommandError(
                f"{len(failed.report.errors)} bad row(s); nothing was written. "
                "Fix them or use --skip-invalid."
            ) from failed
        for line, reason in report.errors:
            self.stderr.write(f"{file}:{line}: skipped: {reason}")
        self.stdout.write(
            f"{report.created} created, {report.updated} updated, {report.unchanged} unchanged, "
            f"{report.skipped} skipped"
        )
