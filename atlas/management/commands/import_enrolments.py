import datetime

from atlas.services import import_enrolments

from ._import import ImportCommand


class Command(ImportCommand):
    help = (
        "Load a DUO 'students per institution and qualification' CSV (wide or long layout, "
        "';' or ',', UTF-8 or Latin-1) as one dataset. Writes nothing when any line is bad, "
        "unless --skip-invalid; the same file twice changes nothing."
    )
    load = staticmethod(import_enrolments)
    stored = "counts"

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--reference-date",
            type=datetime.date.fromisoformat,
            help="the peildatum (YYYY-MM-DD; default 1 October of the latest year in the file)",
        )

    def extra(self, options) -> dict:
        return {"reference_date": options.get("reference_date")}
