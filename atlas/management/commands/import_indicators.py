from atlas.services import import_indicators

from ._import import ImportCommand


class Command(ImportCommand):
    help = (
        "Load an indicator CSV (INDICATOR;NIVEAU;SECTORKAMER;REGIO;CREBO;INSTELLINGSCODE;"
        "BEROEPSGROEP;JAAR;WAARDE;EENHEID;BRON, see README) as one dataset of one source. "
        "Writes nothing when any line is bad, unless --skip-invalid."
    )
    load = staticmethod(import_indicators)
