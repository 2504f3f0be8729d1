"""Scale data: a realistic national picture for load and performance work (``seed_scale``).

Factor 1 is the whole country in one cycle: the 8 sectorkamers with four years of agenda
revisions, a regional table per arbeidsmarktregio, ~270 organisations, 1,000 people,
600 qualifications, 2,000 sector agreements, 6,000 regional commitments, 25,000 progress
reports, 3,000 start/stop notices, 50 arbitration dossiers and 50,000 notifications. The
factor multiplies those volumes (never the sectorkamers or the regions).

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

import bisect
import datetime
import gc
import hashlib
import itertools
import math
import random
import time
import uuid
from collections import Counter, defaultdict
from decimal import Decimal
from types import SimpleNamespace

from django.contrib.auth.hashers import make_password
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db import DatabaseError, IntegrityError, connection, connections, transaction
from django.db.models import DateField, DecimalField, UUIDField
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_fsm_log.models import StateLog

from agendas.models import Agenda, AgendaRevision, Priority, Qualification
from agreements.models import (
    Agreement,
    AgreementParty,
    Milestone,
    NoticeConflict,
    ProgrammeOfferRule,
    ProgressReport,
    StartStopNotice,
    legal_deadline,
)
from arbitration.models import (
    Affiliation,
    ArbiterProfile,
    ArbitrationAgreement,
    Award,
    Challenge,
    ClaimDecision,
    ConflictDeclaration,
    Document,
    Dossier,
    DossierParty,
    DossierSequence,
    DossierState,
    PanelMember,
    ProceduralDeadline,
    ProceduralRuleSet,
    private_storage,
)
from core.timeutils import amsterdam, cycle_year_for, local_today
from notifications.models import (
    Notification,
    NotificationPreference,
    ReminderOffset,
)
from regions.models import (
    Arbeidsmarktregio,
    Organisation,
    RegionalTable,
    RoleAssignment,
    Sectorkamer,
    TableMembership,
    User,
)

USERNAME_PREFIX = "scale-"
LEAVERS = ("lid-", "tafellid-", "school-", "vertegenwoordiger-")
PASSWORD = "kansrijk-schaal"
EMAIL_DOMAIN = "kansrijk-schaal.example"
PLACEHOLDER_PATH = "arbitration/scale/placeholder.pdf"
PLACEHOLDER_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/MediaBox[0 0 595 842]/Parent 2 0 R>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)

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
}


def scale_data_exists() -> bool:
    return User.objects.filter(username__startswith=USERNAME_PREFIX).exists()


# -- vocabulary -------------------------------------------------------------------------

# fmt: off
CITIES = {
    "AM01": ["Groningen", "Veendam", "Stadskanaal", "Hoogezand", "Delfzijl", "Winschoten"],
    "AM02": ["Leeuwarden", "Sneek", "Heerenveen", "Drachten", "Harlingen", "Franeker"],
    "AM03": ["Assen", "Emmen", "Hoogeveen", "Meppel", "Coevorden"],
    "AM05": ["Enschede", "Hengelo", "Almelo", "Oldenzaal", "Rijssen", "Borne"],
    "AM06": ["Apeldoorn", "Deventer", "Zutphen", "Harderwijk", "Epe"],
    "AM07": ["Arnhem", "Velp", "Zevenaar", "Duiven", "Westervoort"],
    "AM08": ["Nijmegen", "Wijchen", "Beuningen", "Groesbeek"],
    "AM09": ["Doetinchem", "Winterswijk", "Lichtenvoorde", "Aalten"],
    "AM10": ["Tiel", "Culemborg", "Geldermalsen", "Zaltbommel"],
    "AM11": ["Almere", "Lelystad", "Dronten", "Emmeloord"],
    "AM12": ["Hilversum", "Huizen", "Bussum", "Weesp"],
    "AM13": ["Utrecht", "Nieuwegein", "Zeist", "Houten", "IJsselstein"],
    "AM14": ["Amersfoort", "Soest", "Leusden", "Nijkerk", "Baarn"],
    "AM15": ["Alkmaar", "Den Helder", "Hoorn", "Heerhugowaard", "Enkhuizen"],
    "AM17": ["Zaandam", "Purmerend", "Wormerveer", "Edam"],
    "AM18": ["Amsterdam", "Amstelveen", "Hoofddorp", "Diemen", "Uithoorn"],
    "AM19": ["Leiden", "Alphen aan den Rijn", "Katwijk", "Lisse", "Noordwijk"],
    "AM20": ["Gouda", "Waddinxveen", "Bodegraven", "Schoonhoven"],
    "AM21": ["Den Haag", "Delft", "Rijswijk", "Naaldwijk", "Wateringen"],
    "AM22": ["Rotterdam", "Schiedam", "Vlaardingen", "Spijkenisse", "Capelle aan den IJssel",
             "Barendrecht"],
    "AM23": ["Dordrecht", "Zwijndrecht", "Papendrecht", "Sliedrecht"],
    "AM24": ["Middelburg", "Vlissingen", "Goes", "Terneuzen", "Zierikzee"],
    "AM25": ["Breda", "Roosendaal", "Bergen op Zoom", "Oosterhout", "Etten-Leur"],
    "AM26": ["Tilburg", "Waalwijk", "Dongen", "Oisterwijk"],
    "AM27": ["'s-Hertogenbosch", "Oss", "Uden", "Veghel", "Boxtel"],
    "AM28": ["Eindhoven", "Veldhoven", "Best", "Valkenswaard", "Geldrop"],
    "AM29": ["Venlo", "Venray", "Horst", "Gennep"],
    "AM30": ["Maastricht", "Heerlen", "Sittard", "Kerkrade", "Geleen"],
    "AM32": ["Helmond", "Deurne", "Gemert", "Someren"],
    "AM33": ["Roermond", "Weert", "Echt"],
    "AM34": ["Zoetermeer", "Pijnacker", "Berkel en Rodenrijs", "Bleiswijk", "Nootdorp"],
    "AM35": ["Gorinchem", "Leerdam", "Hardinxveld-Giessendam", "Vianen"],
    "AM36": ["Zwolle", "Kampen", "Hardenberg", "Ommen", "Dalfsen"],
    "AM37": ["Haarlem", "IJmuiden", "Beverwijk", "Heemskerk", "Zandvoort"],
    "AM38": ["Ede", "Wageningen", "Veenendaal", "Barneveld", "Rhenen"],
}

FIRST_NAMES = [
    "Anna", "Sanne", "Lotte", "Emma", "Sophie", "Julia", "Lisa", "Eva", "Fleur", "Iris", "Femke",
    "Marieke", "Ingrid", "Karin", "Mirjam", "Esther", "Linda", "Petra", "Monique", "Sandra",
    "Anouk", "Noor", "Fatima", "Yasmina", "Samira", "Ayse", "Priya", "Mei", "Ilse", "Marloes",
    "Chantal", "Nathalie", "Hanneke", "Annemiek", "Roos", "Merel", "Tessa", "Dewi", "Nadia",
    "Layla", "Daan", "Sem", "Lucas", "Bram", "Thijs", "Jeroen", "Pieter", "Bas", "Maarten", "Ruud",
    "Hendrik", "Willem", "Jan", "Kees", "Erik", "Martijn", "Joost", "Sander", "Niels", "Koen",
    "Mohammed", "Youssef", "Ahmed", "Mehmet", "Emre", "Rachid", "Kevin", "Tim", "Rick", "Stefan",
    "Wouter", "Frank", "Gerard", "Hans", "Jasper", "Ruben", "Tom", "Stijn", "Gijs", "Rutger",
    "Vincent", "Dennis", "Marco", "Arjen", "Hamza",
]
LAST_NAMES = [
    "de Vries", "Jansen", "de Jong", "van den Berg", "Bakker", "Visser", "Smit", "Meijer",
    "de Boer", "Mulder", "de Groot", "Bos", "Vos", "Peters", "Hendriks", "van Leeuwen",
    "Dekker", "Brouwer", "de Wit", "Dijkstra", "Smits", "de Graaf", "van der Meer",
    "van der Linden", "Kok", "Jacobs", "de Haan", "Vermeulen", "van den Heuvel",
    "van der Veen", "van den Broek", "de Bruijn", "van der Heijden", "Schouten", "van Beek",
    "Willems", "van Vliet", "van de Ven", "Hoekstra", "Maas", "Verhoeven", "Koster", "van Dam",
    "van der Wal", "Prins", "Blom", "Huisman", "Peeters", "de Lange", "Kuipers", "van Wijk",
    "Postma", "Kramer", "van Dijk", "Yilmaz", "el Amrani", "Bouzid", "Kaya", "Demir",
    "Tahiri", "Ramdin", "Sardjoe", "Nguyen", "Chen", "Kartosen", "Pinas", "Martina",
    "Boukhari", "Aydin", "Wijnands", "Timmermans", "Claassen", "Scholten", "Veenstra",
]

SCHOOL_PATTERNS = [
    "ROC {c}", "{c} College", "Mbo College {c}", "Vakcollege {c}", "Regio College {c}",
    "Technisch College {c}", "Zorgcollege {c}", "Groen College {c}", "Grafisch College {c}",
    "Maritiem College {c}", "Vakschool {c}", "Beroepscollege {c}",
]

# Per sectorkamer code: topics (qualifications, priorities, agreements), employers, themes.
SECTORS = {
    "01": {
        "topics": ["installatietechniek", "elektrotechniek", "bouw en infra", "timmeren",
                   "metselen", "schilderen", "tegelzetten", "dakdekken", "werktuigbouwkunde",
                   "metaalbewerking", "lassen", "koudetechniek", "mechatronica",
                   "procestechniek", "energietechniek", "infratechniek"],
        "employers": ["Bouwbedrijf", "Installatiebedrijf", "Aannemersbedrijf",
                      "Elektrotechniek", "Schildersbedrijf", "Metaalbedrijf", "Dakdekkersbedrijf"],
        "themes": ["Installatietechniek", "Bouw en Infra", "Elektrotechniek", "Metaal",
                   "Afbouw", "Energietechniek"],
    },
    "02": {
        "topics": ["transport en logistiek", "logistiek", "autotechniek", "carrosserie",
                   "tweewielertechniek", "maritieme techniek", "binnenvaart", "luchtvaart",
                   "vliegtuigonderhoud", "goederenvervoer", "personenvervoer", "havenlogistiek"],
        "employers": ["Transportbedrijf", "Logistiek Centrum", "Garagebedrijf", "Autoschade",
                      "Scheepswerf", "Rederij", "Havenbedrijf"],
        "themes": ["Transport en Logistiek", "Mobiliteit", "Maritiem", "Luchtvaart",
                   "Carrosserie"],
    },
    "03": {
        "topics": ["verzorging", "verpleging", "gehandicaptenzorg", "kinderopvang",
                   "welzijn", "sport en bewegen", "jeugdzorg", "thuiszorg", "apotheek",
                   "doktersassistentie", "maatschappelijke zorg", "ouderenzorg"],
        "employers": ["Zorggroep", "Ziekenhuis", "Thuiszorg", "Kinderopvang",
                      "Welzijnsstichting", "Sportcentrum", "Verpleeghuis"],
        "themes": ["Ziekenhuiszorg", "VVT", "Gehandicaptenzorg", "Kinderopvang",
                   "Sport en Bewegen", "Welzijn"],
    },
    "04": {
        "topics": ["detailhandel", "groothandel", "verkoop", "e-commerce", "mode en textiel",
                   "retailmanagement", "inkoop", "klantcontact"],
        "employers": ["Supermarkt", "Groothandel", "Bouwmarkt", "Modehuis", "Webwinkel",
                      "Tuincentrum"],
        "themes": ["Detailhandel", "Groothandel", "E-commerce", "Mode en Textiel"],
    },
    "05": {
        "topics": ["ICT-support", "software development", "netwerkbeheer", "cybersecurity",
                   "mediavormgeving", "audiovisuele productie", "grafische techniek",
                   "game development", "data-analyse"],
        "employers": ["Softwarehuis", "ICT-bedrijf", "Mediabedrijf", "Drukkerij",
                      "Designstudio", "Datacenter", "Gamestudio"],
        "themes": ["ICT", "Media en Communicatie", "Grafische Industrie", "Games"],
    },
    "06": {
        "topics": ["horeca", "koken", "bakkerij", "hoveniers", "teelt", "dierverzorging",
                   "voedingsindustrie", "recreatie", "bloemsierkunst", "veehouderij",
                   "gastheerschap"],
        "employers": ["Hotel", "Restaurant", "Bakkerij", "Hoveniersbedrijf", "Kwekerij",
                      "Vleesverwerker", "Cateraar"],
        "themes": ["Horeca", "Groen", "Voedingsindustrie", "Agrarisch", "Recreatie"],
    },
    "07": {
        "topics": ["beveiliging", "financiële administratie", "secretariaat",
                   "juridische dienstverlening", "facilitaire dienstverlening", "schoonmaak",
                   "personeelszaken", "handhaving", "klantcontact"],
        "employers": ["Beveiligingsbedrijf", "Administratiekantoor", "Uitzendbureau",
                      "Klantcontactcentrum", "Facilitair Bedrijf", "Schoonmaakbedrijf"],
        "themes": ["Beveiliging", "Financiële Dienstverlening", "Facilitaire Dienstverlening",
                   "Schoonmaak"],
    },
    "08": {
        "topics": ["meubelmaken", "interieurbouw", "goudsmeden", "uurwerktechniek",
                   "instrumentmaken", "orgelbouw", "optiek", "glastechniek", "zadelmaken"],
        "employers": ["Meubelmakerij", "Goudsmederij", "Uurwerkatelier", "Interieurbouw",
                      "Instrumentmakerij", "Opticien"],
        "themes": ["Meubel en Interieur", "Edelsmeden", "Muziekinstrumenten",
                   "Fijnmechanica"],
    },
}
SECTOR_WEIGHTS = {"01": 22, "02": 12, "03": 16, "04": 8, "05": 10, "06": 14, "07": 10, "08": 8}
LEVEL_PREFIXES = {
    1: ["Assistent", "Entreemedewerker"],
    2: ["Medewerker", "Basismedewerker", "Monteur"],
    3: ["Vakkracht", "Allround medewerker", "Eerste monteur", "Zelfstandig medewerker"],
    4: ["Specialist", "Coördinator", "Technicus", "Middenkaderfunctionaris"],
}
PROVINCES = ["Groningen", "Fryslân", "Drenthe", "Overijssel", "Gelderland", "Flevoland",
             "Utrecht", "Noord-Holland", "Zuid-Holland", "Zeeland", "Noord-Brabant", "Limburg"]

CHALLENGES = [
    "Tekort aan vakmensen in de {t}", "Dalende instroom in de {t}",
    "Hoge uitval in het eerste jaar bij {t}", "Te weinig leerbedrijven voor {t}",
    "Kleine opleidingen in de {t} behouden", "Arbeidsmarktperspectief {t} onder druk",
    "Doorstroom naar het hbo in de {t}", "Vergrijzing van het personeel in de {t}",
]
OPPORTUNITIES = [
    "Hybride docenten in de {t}", "Leven lang ontwikkelen in de {t}",
    "Baangarantie voor afgestudeerden {t}", "Zij-instromers in de {t}",
    "Regionale samenwerking in de {t}", "Digitalisering in de {t}",
    "Praktijkleren op de werkvloer in de {t}", "Energietransitie en de {t}",
]
CATEGORIES = {
    # category: weight, title patterns, indicator, unit, baseline range, direction
    "internships": (22, ["Meer leerbanen in de {t}", "Extra stageplaatsen {t} in {r}",
                         "BBL-leerbanen {t} in {r}"],
                    "BBL-leerbanen {t}", "leerbanen", (40, 600), "increase"),
    "guidance": (15, ["Voorlichting over kansberoepen in de {t}",
                      "Doorlopende leerlijn vmbo-mbo {t}", "Open dagen {t} met leerbedrijven"],
                 "Leerlingen bereikt met voorlichting", "leerlingen", (200, 5000), "increase"),
    "job_guarantee": (10, ["Baangarantie afgestudeerden {t}", "Werkgarantie na diplomering {t}"],
                      "Afgestudeerden met baangarantie", "procent", (20, 70), "increase"),
    "lifelong_learning": (15, ["LLO-modules {t} voor zij-instromers", "Omscholing naar de {t}",
                               "Certificaten {t} voor werkenden"],
                          "Werkenden met een certificaat", "deelnemers", (20, 400), "increase"),
    "cooperation": (15, ["Gezamenlijk praktijkcentrum {t} in {r}",
                         "Investering in leermiddelen {t}", "Hybride docenten {t} in {r}"],
                    "Hybride docenten", "docenten", (2, 40), "increase"),
    "programme_offer": (15, ["Opleidingsaanbod {t} regionaal afstemmen", "Afbouw {t} in {r}",
                             "Aanbod {t} concentreren in {r}"],
                        "Instellingen met aanbod buiten de afgesproken regio's", "instellingen",
                        (3, 14), "decrease"),
    "other": (8, ["Monitor arbeidsmarkt {t}", "Uitval {t} terugdringen"],
              "Uitval in het eerste jaar", "procent", (15, 35), "decrease"),
}
MILESTONES = [
    "Startbijeenkomst met de partners", "Werving leerbedrijven rond", "Tussenevaluatie",
    "Eerste cohort gestart", "Convenant ondertekend", "Monitoringsrapportage opgeleverd",
    "Eindevaluatie",
]
NARRATIVES = {
    "on_track": ["Op koers; extra leerbedrijven geworven.", "Meer aanmeldingen dan verwacht.",
                 "Planning gehaald, partners blijven betrokken.", "Resultaat volgens plan."],
    "at_risk": ["Vertraging door personeelstekort bij leerbedrijven.",
                "Werving loopt achter; extra inzet gepland.",
                "Minder deelnemers dan verwacht door de krappe arbeidsmarkt."],
    "off_track": ["Ernstige achterstand: twee partners haakten af.",
                  "Financiering vertraagd; bijsturing besproken in de sectorkamer."],
}
CLOSING = {
    "achieve": ["Doel gehaald; de resultaten zijn gedeeld in de sectorkamer.",
                "Streefwaarde bereikt en geborgd in de reguliere samenwerking."],
    "fail": ["Doel niet gehaald: te weinig leerbedrijven beschikbaar.",
             "Streefwaarde niet bereikt; lessen meegenomen in de nieuwe agenda."],
    "cancel": ["Vervallen door herprioritering in de agenda.",
               "Vervangen door een regionale afspraak.",
               "Partners konden de inzet niet leveren."],
}
DECLINE_REASONS = [
    "Capaciteit ontbreekt dit jaar.", "Doelstelling te ambitieus; graag bijstellen.",
    "Onze rol is niet goed omschreven.",
]
CLAIMS = [
    "{o} komt de afgesproken inzet voor '{a}' niet na.",
    "{o} heeft zonder overleg de uitvoering van '{a}' stopgezet.",
    "De afspraak '{a}' wordt door {o} anders uitgelegd dan overeengekomen.",
]
DOCUMENTS = {
    # kind: title, file name, visibility
    "claim": ("Memorie van eis", "memorie-van-eis.pdf", "all"),
    "exhibit": ("Productie {n}: correspondentie", "productie-{n}.pdf", "all"),
    "defence": ("Memorie van antwoord", "memorie-van-antwoord.pdf", "all"),
    "minutes": ("Proces-verbaal van de zitting", "proces-verbaal.pdf", "all"),
    "award": ("Arbitraal vonnis", "vonnis.pdf", "all"),
    "panel": ("Notitie van het scheidsgerecht", "notitie-scheidsgerecht.pdf", "panel"),
    "secretariat": ("Intern advies secretariaat", "advies-secretariaat.pdf", "secretariat"),
}
# fmt: on


def add_months(day: datetime.date, months: int) -> datetime.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    last = (datetime.date(year + month // 12, month % 12 + 1, 1) - datetime.timedelta(days=1)).day
    return datetime.date(year, month, min(day.day, last))


def capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


def slug(text: str) -> str:
    keep = "".join(c if c.isalnum() else "-" for c in text.lower().replace("'", ""))
    return "-".join(part for part in keep.split("-") if part)


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


# -- the generator ----------------------------------------------------------------------


class ScaleGenerator:
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

    # helpers ----------------------------------------------------------------------------

    def n(self, key: str, minimum: int = 1) -> int:
        return max(minimum, round(VOLUMES[key] * self.f))

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

    # run --------------------------------------------------------------------------------

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
            self.step("writing")
            self.write_all()
            self.write_placeholder()
        return dict(sorted(self.writer.counts.items()))

    # reference --------------------------------------------------------------------------

    def load_reference(self):
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
            for model in (AgendaRevision, Agreement, Dossier)
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

    # organisations ----------------------------------------------------------------------

    def make_organisations(self):
        rng = self.rng
        taken_names = set(Organisation.objects.values_list("name", flat=True))
        taken_codes = set(
            Organisation.objects.exclude(institution_code="").values_list(
                "institution_code", flat=True
            )
        )
        table = self.table(Organisation)
        m2m = self.table(Organisation.regions.through, with_pk=False)

        def unique(name):
            candidate, n = name, 1
            while candidate in taken_names:
                n += 1
                candidate = f"{name} {n}"
            taken_names.add(candidate)
            return candidate

        def brin():
            while True:
                code = f"{self.randint(0, 39):02d}{self.pick('ABCDEFGHIJKLMNOPQRSTUVWXYZ')}" + (
                    self.pick("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
                )
                if code not in taken_codes:
                    taken_codes.add(code)
                    return code

        self.orgs = []
        sbb = Organisation.objects.filter(name="SBB").first()
        if sbb is None:
            sbb_id = self.writer.pks(Organisation, 1)[0]
            table.add(
                id=sbb_id,
                name=unique("SBB"),
                kind="sbb",
                city="Zoetermeer",
                website="https://www.s-bb.nl",
            )
        else:
            sbb_id = sbb.pk
        self.sbb_id = sbb_id

        n_schools, n_other = self.n("schools", 2), self.n("organisations", 8)
        ids = iter(self.writer.pks(Organisation, n_schools + n_other))
        school_names = [(p, region) for region in self.regions for p in SCHOOL_PATTERNS]
        rng.shuffle(school_names)
        for i in range(n_schools):
            pattern, region = school_names[i % len(school_names)]
            city = self.pick(self.cities[region.pk])
            name = unique(pattern.format(c=city))
            regions = [region] + rng.sample(self.regions, self.pick([0, 0, 0, 1, 2]))
            org = SimpleNamespace(
                id=next(ids),
                name=name,
                kind="mbo_institution",
                kamer=None,
                city=city,
                regions=list(dict.fromkeys(r.pk for r in regions)),
            )
            table.add(
                id=org.id,
                name=name,
                kind=org.kind,
                institution_code=brin(),
                city=city,
                website=f"https://www.{slug(name)}.example" if rng.random() < 0.8 else "",
            )
            self.orgs.append(org)

        kinds = (
            ["employer"] * 50
            + ["branch"] * 15
            + ["government"] * 12
            + (["training_fund"] * 9 + ["union"] * 6 + ["other"] * 8)
        )
        for _i in range(n_other):
            kind = self.pick(kinds)
            code = self.pick(list(SECTOR_WEIGHTS), list(SECTOR_WEIGHTS.values()))
            sector = SECTORS[code]
            region = self.pick(self.regions)
            city = self.pick(self.cities[region.pk])
            kamer = next(k for k in self.kamers if k.code == code) if kind != "government" else None
            regions = [region.pk]
            if kind == "employer":
                base = self.pick(sector["employers"])
                tail = capitalise(self.pick(LAST_NAMES)) if rng.random() < 0.6 else city
                name = f"{base} {tail}"
            elif kind == "branch":
                name = f"Branchevereniging {self.pick(sector['themes'])}"
                regions = [] if rng.random() < 0.7 else regions
            elif kind == "training_fund":
                name = f"Opleidingsfonds {self.pick(sector['themes'])}"
                regions = []
            elif kind == "union":
                name = f"Vakbond {self.pick(sector['themes'])}"
                regions = []
            elif kind == "government":
                name = (
                    f"Gemeente {city}"
                    if rng.random() < 0.85
                    else (f"Provincie {self.pick(PROVINCES)}")
                )
            else:
                name = self.pick(
                    [
                        f"Kenniscentrum {self.pick(sector['themes'])}",
                        f"Stichting Werk en Scholing {city}",
                        f"Leerwerkloket {region.name}",
                    ]
                )
            name = unique(name)
            org = SimpleNamespace(
                id=next(ids),
                name=name,
                kind=kind,
                kamer=kamer and kamer.pk,
                city=city,
                regions=regions,
            )
            table.add(
                id=org.id,
                name=name,
                kind=kind,
                city=city,
                website=f"https://www.{slug(name)}.example" if rng.random() < 0.5 else "",
            )
            self.orgs.append(org)
        for org in self.orgs:
            for region_id in org.regions:
                m2m.add(organisation_id=org.id, arbeidsmarktregio_id=region_id)
        self.org_by_id = {o.id: o for o in self.orgs}
        self.schools = [o for o in self.orgs if o.kind == "mbo_institution"]
        self.others = [o for o in self.orgs if o.kind != "mbo_institution"]
        self.orgs_by_region = defaultdict(list)
        for org in self.orgs:
            for region_id in org.regions:
                self.orgs_by_region[region_id].append(org)
        self.orgs_by_kamer = defaultdict(list)
        for org in self.others:
            if org.kamer:
                self.orgs_by_kamer[org.kamer].append(org)

    def make_tables(self):
        rng = self.rng
        taken = set(RegionalTable.objects.values_list("name", flat=True))
        table = self.table(RegionalTable)
        regions_m2m = self.table(RegionalTable.regions.through, with_pk=False)
        memberships = self.table(TableMembership, with_pk=False)
        ids = iter(self.writer.pks(RegionalTable, len(self.regions)))
        self.rtables = []
        for region in self.regions:
            name = f"Regionale tafel {region.name}"
            while name in taken:
                name += " (schaal)"
            taken.add(name)
            kamer = self.pick(self.kamers).pk if rng.random() < 0.4 else None
            t = SimpleNamespace(id=next(ids), name=name, region=region, kamer=kamer, members=[])
            table.add(id=t.id, name=name, sectorkamer_id=kamer)
            regions_m2m.add(regionaltable_id=t.id, arbeidsmarktregio_id=region.pk)
            local = list(self.orgs_by_region[region.pk])
            rng.shuffle(local)
            size = max(3, round(self.randint(6, 14) * max(1.0, math.sqrt(self.f))))
            members = local[:size]
            if len(members) < 3:
                members += [
                    o for o in rng.sample(self.others, min(3, len(self.others))) if o not in members
                ]
            if not any(o.kind == "mbo_institution" for o in members):
                members.append(self.pick(self.schools))
            national = [
                o for o in self.others if not o.regions and (kamer is None or o.kamer == kamer)
            ]
            members += [
                o
                for o in rng.sample(national, min(len(national), self.randint(0, 3)))
                if o not in members
            ]
            t.members = members
            for org in members:
                added = self.at(
                    self.day_between(
                        datetime.date(self.year - 6, 1, 1), datetime.date(self.year - 3, 12, 31)
                    )
                )
                memberships.add(table_id=t.id, organisation_id=org.id, added_at=added)
            self.rtables.append(t)
        self.rtable_by_id = {t.id: t for t in self.rtables}

    # people -----------------------------------------------------------------------------

    def make_users(self):
        rng = self.rng
        f = self.f
        password = make_password(PASSWORD)
        users = self.table(User)
        roles = self.table(RoleAssignment, with_pk=False)
        plan = []  # (username, organisation id, is_staff, [(role, scope dict)])
        counter = Counter()

        def username(kind):
            counter[kind] += 1
            return f"{USERNAME_PREFIX}{kind}-{counter[kind]}"

        sbb = self.sbb_id
        for _i in range(max(2, round(7 * f))):
            plan.append((username("bestuur"), sbb, False, [("board_member", {})]))
        for kamer in self.kamers:
            abbr = kamer.abbreviation.lower()
            for _i in range(max(1, round(2 * f))):
                plan.append(
                    (
                        username(f"secretaris-{abbr}"),
                        sbb,
                        False,
                        [("sectorkamer_secretary", {"sectorkamer_id": kamer.pk})],
                    )
                )
            business = self.orgs_by_kamer[kamer.pk] or self.others
            for i in range(max(2, round(16 * f))):
                side = "education" if i % 2 == 0 else "business"
                org = self.pick(self.schools if side == "education" else business)
                plan.append(
                    (
                        username(f"lid-{abbr}"),
                        org.id,
                        False,
                        [("sectorkamer_member", {"sectorkamer_id": kamer.pk, "side": side})],
                    )
                )
        for t in self.rtables:
            hosts = [o for o in t.members if o.kind in ("mbo_institution", "government")]
            for _i in range(max(1, round(f))):
                org = self.pick(hosts or t.members)
                plan.append(
                    (
                        username("coordinator"),
                        org.id,
                        False,
                        [("table_coordinator", {"regional_table_id": t.id})],
                    )
                )
            for _i in range(max(1, round(8 * f))):
                org = self.pick(t.members)
                extra = (
                    [("organisation_representative", {"organisation_id": org.id})]
                    if (rng.random() < 0.25)
                    else []
                )
                plan.append(
                    (
                        username("tafellid"),
                        org.id,
                        False,
                        [("table_member", {"regional_table_id": t.id}), *extra],
                    )
                )
        stays = set()  # the first representative of each organisation stays in office
        for orgs, kind, counts in (
            (self.schools, "school", [2, 3, 3, 4]),
            (self.others, "vertegenwoordiger", [1, 1, 2]),
        ):
            for org in orgs:
                for i in range(self.pick(counts)):
                    name = username(kind)
                    if i == 0:
                        stays.add(name)
                    plan.append(
                        (
                            name,
                            org.id,
                            False,
                            [("organisation_representative", {"organisation_id": org.id})],
                        )
                    )
        for _i in range(max(1, round(4 * f))):
            plan.append((username("secretariaat"), sbb, True, [("arbitration_secretariat", {})]))
        n_arbiters = max(3, round(25 * f))
        for _i in range(n_arbiters):
            plan.append((username("arbiter"), None, False, [("arbiter", {})]))

        ids = self.writer.pks(User, len(plan))
        self.users = {}
        self.reps = defaultdict(list)  # organisation id -> user ids (active representatives)
        self.secretaries = defaultdict(list)
        self.coordinators = defaultdict(list)
        self.board, self.secretariat, self.arbiter_users = [], [], []
        first_history = datetime.date(self.year - 5, 12, 1)
        for pk, (name, org_id, is_staff, assignments) in zip(ids, plan, strict=True):
            first, last = self.pick(FIRST_NAMES), self.pick(LAST_NAMES)
            org = self.org_by_id.get(org_id)
            domain = f"{slug(org.name)}.example" if org else EMAIL_DOMAIN
            if org_id == sbb:
                domain = "s-bb.example"
            email = f"{slug(first)}.{slug(last).replace('-', '')}.{pk}@{domain}"
            joined = self.at(self.day_between(datetime.date(self.year - 9, 1, 1), first_history))
            last_login = self.later(self.now - datetime.timedelta(days=120), 0, 120)
            users.add(
                id=pk,
                password=password,
                username=name,
                first_name=first,
                last_name=capitalise(last),
                email=email,
                is_staff=is_staff,
                is_active=True,
                is_superuser=False,
                date_joined=joined,
                last_login=last_login if rng.random() < 0.85 else None,
                organisation_id=org_id,
            )
            self.users[pk] = SimpleNamespace(id=pk, username=name, org=org_id, roles=[])
            # a few people left: their (first) role ended; key roles always stay filled
            left = (
                rng.random() < 0.03
                and name not in stays
                and name.startswith(tuple(f"{USERNAME_PREFIX}{kind}" for kind in LEAVERS))
            )
            for index, (role, scope) in enumerate(assignments):
                valid_from = self.day_between(datetime.date(self.year - 9, 1, 1), first_history)
                valid_until = None
                if left and index == 0:
                    valid_until = self.day_between(
                        datetime.date(self.year - 2, 1, 1), self.today - datetime.timedelta(days=30)
                    )
                elif rng.random() < 0.08:  # a term that ends in the coming years
                    valid_until = datetime.date(self.year + self.randint(0, 3), 12, 31)
                roles.add(
                    user_id=pk,
                    role=role,
                    valid_from=valid_from,
                    valid_until=valid_until,
                    side=scope.get("side", ""),
                    sectorkamer_id=scope.get("sectorkamer_id"),
                    regional_table_id=scope.get("regional_table_id"),
                    organisation_id=scope.get("organisation_id"),
                )
                if rng.random() < 0.06:  # an earlier term of the same role, ended before
                    old_until = valid_from - datetime.timedelta(days=self.randint(30, 400))
                    old_from = old_until - datetime.timedelta(days=self.randint(200, 1500))
                    roles.add(
                        user_id=pk,
                        role=role,
                        valid_from=old_from,
                        valid_until=old_until,
                        side=scope.get("side", ""),
                        sectorkamer_id=scope.get("sectorkamer_id"),
                        regional_table_id=scope.get("regional_table_id"),
                        organisation_id=scope.get("organisation_id"),
                    )
                if left and index == 0:
                    continue
                self.users[pk].roles.append((role, scope))
                if role == "board_member":
                    self.board.append(pk)
                elif role == "sectorkamer_secretary":
                    self.secretaries[scope["sectorkamer_id"]].append(pk)
                elif role == "table_coordinator":
                    self.coordinators[scope["regional_table_id"]].append(pk)
                elif role == "organisation_representative":
                    self.reps[scope["organisation_id"]].append(pk)
                elif role == "arbitration_secretariat":
                    self.secretariat.append(pk)
                elif role == "arbiter":
                    self.arbiter_users.append(pk)
        # Parties accept through their representatives: every organisation has one.
        assert all(self.reps[org.id] for org in self.orgs)
        self.make_preferences()

    def make_preferences(self):
        table = self.table(NotificationPreference, with_pk=False)
        self.channels = {}
        kinds = ["reminder", "agenda", "agreement", "notice", "arbitration"]
        for user in self.users.values():
            if self.rng.random() >= 0.15:
                continue
            for kind in self.rng.sample(kinds, self.randint(1, 3)):
                options = ["daily", "weekly"] + ([] if kind == "arbitration" else ["off"])
                channel = self.pick(options)
                table.add(user_id=user.id, kind=kind, channel=channel)
                self.channels[(user.id, kind)] = channel

    # agendas ----------------------------------------------------------------------------

    def make_qualifications(self):
        rng = self.rng
        n = self.n("qualifications", len(self.kamers))
        taken = set(Qualification.objects.values_list("crebo", flat=True))
        free = [c for c in range(20000, 99999) if f"{c}" not in taken]
        crebos = sorted(rng.sample(free, n))
        table = self.table(Qualification)
        ids = self.writer.pks(Qualification, n)
        codes = [k.code for k in self.kamers]
        weights = [SECTOR_WEIGHTS.get(code, 10) for code in codes]
        self.quals = []
        self.quals_by_kamer = defaultdict(list)
        for i, (pk, crebo) in enumerate(zip(ids, crebos, strict=True)):
            kamer = self.kamers[i] if i < len(self.kamers) else rng.choices(self.kamers, weights)[0]
            sector = SECTORS.get(kamer.code, SECTORS["08"])
            level = rng.choices([1, 2, 3, 4], weights=[8, 27, 35, 30])[0]
            name = f"{self.pick(LEVEL_PREFIXES[level])} {self.pick(sector['topics'])}"
            valid_from = datetime.date(self.randint(2015, self.year - 2), 8, 1)
            valid_until = (
                datetime.date(self.randint(self.year - 1, self.year + 2), 7, 31)
                if rng.random() < 0.08
                else None
            )
            table.add(
                id=pk,
                crebo=f"{crebo}",
                name=name,
                level=level,
                sectorkamer_id=kamer.pk,
                valid_from=valid_from,
                valid_until=valid_until,
            )
            q = SimpleNamespace(id=pk, name=name, kamer=kamer.pk)
            self.quals.append(q)
            self.quals_by_kamer[kamer.pk].append(q)
        self.qual_by_id = {q.id: q for q in self.quals}

    def make_agendas(self):
        rng = self.rng
        Y = self.year
        agendas = self.table(Agenda)
        revisions = self.table(AgendaRevision)
        priorities = self.table(Priority)
        pq = self.table(Priority.qualifications.through, with_pk=False)
        pr = self.table(Priority.regions.through, with_pk=False)
        existing = defaultdict(list)
        for a in Agenda.objects.all():
            existing[a.sectorkamer_id].append((a.first_year, a.last_year))
        per_revision = max(2, round(10 * math.sqrt(self.f)))
        current_states = [
            "draft",
            "submitted",
            "adopted",
            "draft",
            "adopted",
            "submitted",
            "draft",
            "adopted",
        ]
        rng.shuffle(current_states)
        self.revisions = []
        self.priorities_by_revision = {}
        agenda_ids = iter(self.writer.pks(Agenda, len(self.kamers)))
        revision_ids = iter(self.writer.pks(AgendaRevision, 4 * len(self.kamers)))
        priority_ids = iter(self.writer.pks(Priority, 4 * len(self.kamers) * (per_revision + 3)))
        ct = self.ct[AgendaRevision]
        for index, kamer in enumerate(self.kamers):
            first, last = Y - 3, Y + 1
            shifted = False
            while any(a <= last and b >= first for a, b in existing[kamer.pk]):
                # seed_demo's agenda holds these years: this one covers the years before.
                last = min(a for a, _b in existing[kamer.pk] if a <= last) - 1
                first, shifted = last - 4, True
            sector = SECTORS.get(kamer.code, SECTORS["08"])
            agenda_id = next(agenda_ids)
            agendas.add(
                id=agenda_id,
                sectorkamer_id=kamer.pk,
                title=f"Sectoragenda {kamer.name} {first}-{last}",
                first_year=first,
                last_year=last,
                created_at=self.at(datetime.date(first - 1, 10, 1)),
            )
            secretary = self.secretaries[kamer.pk][0]
            previous = None
            lineages = []  # (lineage, spec) carried from the previous revision
            for offset in range(4):
                year = first + offset
                # the last ratified revision is in force, the ones before it superseded;
                # this cycle's revision (when the agenda reaches it) is still under way
                last_final = 3 if shifted else 2
                if offset < last_final:
                    state = "superseded"
                elif offset == last_final:
                    state = "ratified"
                else:
                    state = current_states[index % len(current_states)]
                rid = next(revision_ids)
                created = self.at(
                    self.day_between(
                        datetime.date(year - 1, 9, 15), datetime.date(year - 1, 11, 15)
                    )
                )
                rev = SimpleNamespace(
                    id=rid,
                    year=year,
                    kamer=kamer.pk,
                    state=state,
                    agenda_last=last,
                    ratified_at=None,
                    index=offset,
                    current=not shifted and offset == 3,
                )
                # the path through the state machine
                meeting, ratified_at = None, None
                moment = created
                if state != "draft":
                    moment = self.later(created, 20, 60)
                    if rev.current:
                        moment = self.later(created, 5, 30)
                    self.statelog(ct, rid, moment, secretary, "draft", "submitted", "submit")
                    if rng.random() < 0.2:
                        returner = self.pick(self.board) if rng.random() < 0.5 else secretary
                        moment = self.later(moment, 2, 10)
                        self.statelog(
                            ct,
                            rid,
                            moment,
                            returner,
                            "submitted",
                            "draft",
                            "return_to_draft",
                            "Graag de arbeidsmarktcijfers van dit jaar verwerken.",
                        )
                        moment = self.later(moment, 3, 12)
                        self.statelog(ct, rid, moment, secretary, "draft", "submitted", "submit")
                if state in ("adopted", "ratified", "superseded"):
                    moment = self.later(moment, 3, 20)
                    meeting = moment.astimezone(self.tz).date()
                    self.statelog(ct, rid, moment, secretary, "submitted", "adopted", "adopt")
                if state in ("ratified", "superseded"):
                    deadline = datetime.datetime(year, 2, 1, tzinfo=self.tz)
                    target = deadline - datetime.timedelta(days=rng.uniform(1, 12))
                    if rng.random() < 0.1:  # ratified late
                        target = deadline + datetime.timedelta(days=rng.uniform(1, 20))
                    ratified_at = max(target, moment + datetime.timedelta(hours=2))
                    ratified_at = min(ratified_at, self.now - datetime.timedelta(minutes=5))
                    self.statelog(
                        ct, rid, ratified_at, self.pick(self.board), "adopted", "ratified", "ratify"
                    )
                    if previous is not None:
                        self.statelog(
                            ct,
                            previous.id,
                            ratified_at + datetime.timedelta(seconds=1),
                            self.pick(self.board),
                            "ratified",
                            "superseded",
                            "supersede",
                            _("Superseded by the ratified revision for %(year)s.") % {"year": year},
                        )
                rev.ratified_at = ratified_at
                revisions.add(
                    id=rid,
                    agenda_id=agenda_id,
                    year=year,
                    state=state,
                    summary=f"Herziening {year} van de sectoragenda {kamer.name}: "
                    "actuele arbeidsmarktinformatie en de voortgang van de afspraken.",
                    adoption_meeting_date=meeting,
                    education_side_agreed=meeting is not None,
                    business_side_agreed=meeting is not None,
                    ratified_at=ratified_at,
                    based_on_id=previous.id if previous is not None else None,
                    created_at=created,
                )
                # priorities: carried over with their lineage, some dropped, some new
                kept = [item for item in lineages if rng.random() < 0.88]
                while len(kept) < per_revision + self.randint(-1, 1):
                    kept.append((self.uuid(), self.priority_spec(kamer, sector, year)))
                lineages = kept
                rev.priorities = []
                for order, (lineage, spec) in enumerate(lineages):
                    pid = next(priority_ids)
                    if rng.random() < 0.1:
                        spec = dict(spec, evidence=f"{spec['evidence']} Bijgewerkt voor {year}.")
                    priorities.add(
                        id=pid,
                        revision_id=rid,
                        lineage=lineage,
                        kind=spec["kind"],
                        title=spec["title"],
                        description=spec["description"],
                        evidence=spec["evidence"],
                        national=spec["national"],
                        sectoral=spec["sectoral"],
                        regional=spec["regional"],
                        order=order,
                    )
                    for qual in spec["quals"]:
                        pq.add(priority_id=pid, qualification_id=qual)
                    for region in spec["regions"]:
                        pr.add(priority_id=pid, arbeidsmarktregio_id=region)
                    rev.priorities.append(
                        SimpleNamespace(id=pid, topic=spec["topic"], regions=spec["regions"])
                    )
                self.revisions.append(rev)
                previous = rev

    def priority_spec(self, kamer, sector, year):
        rng = self.rng
        topic = self.pick(sector["topics"])
        kind = "challenge" if rng.random() < 0.6 else "opportunity"
        title = self.pick(CHALLENGES if kind == "challenge" else OPPORTUNITIES).format(t=topic)
        levels = {
            "national": rng.random() < 0.3,
            "sectoral": rng.random() < 0.7,
            "regional": rng.random() < 0.5,
        }
        if not any(levels.values()):
            levels["sectoral"] = True
        quals = self.quals_by_kamer[kamer.pk]
        chosen = (
            rng.sample(quals, min(len(quals), self.randint(0, 4))) if rng.random() < 0.7 else []
        )
        regions = (
            [r.pk for r in rng.sample(self.regions, self.randint(1, 4))]
            if levels["regional"]
            else []
        )
        ratio = self.randint(40, 180)
        return {
            "kind": kind,
            "title": title,
            "topic": topic,
            "description": f"{capitalise(topic)}: de sectorkamer wil dat onderwijs en "
            "bedrijfsleven hier samen op sturen.",
            "evidence": f"SBB-arbeidsmarktinformatie {year - 1}: {ratio} vacatures per 100 "
            f"gediplomeerden in de {topic}.",
            **levels,
            "quals": [q.id for q in chosen],
            "regions": regions,
        }

    # agreements -------------------------------------------------------------------------

    def make_agreements(self):
        rng = self.rng
        self.agreements = []
        n_sector, n_commit = self.n("sector_agreements"), self.n("commitments")
        ids = iter(self.writer.pks(Agreement, n_sector + n_commit))
        by_index = defaultdict(list)
        for rev in self.revisions:
            by_index[rev.index].append(rev)
        weights = {0: 28, 1: 30, 2: 28, 3: 14}
        indexes = list(by_index)
        self.sector_agreements = []
        for _i in range(n_sector):
            rev = self.pick(by_index[self.pick(indexes, [weights[i] for i in indexes])])
            priority = self.pick(rev.priorities)
            a = self.new_agreement(next(ids), rev=rev, priority=priority)
            self.sector_agreements.append(a)
        self.commitments = []
        parents_by_kamer = defaultdict(list)
        for a in self.sector_agreements:
            if a.state != "draft":
                parents_by_kamer[a.kamer].append(a)
        candidates = [a for a in self.sector_agreements if a.state != "draft"]
        for _i in range(n_commit):
            t = self.pick(self.rtables)
            parent = None
            if candidates and rng.random() < 0.85:
                pool = parents_by_kamer.get(t.kamer) if t.kamer and rng.random() < 0.7 else None
                parent = self.pick(pool or candidates)
            a = self.new_agreement(next(ids), table=t, parent=parent)
            self.commitments.append(a)
        self.agreements = self.sector_agreements + self.commitments

    def new_agreement(self, pk, *, rev=None, priority=None, table=None, parent=None):
        rng = self.rng
        today = self.today
        a = SimpleNamespace(
            id=pk,
            priority=priority and priority.id,
            table=table and table.id,
            parent=parent and parent.id,
            logs=[],
            windows=[],
            closing_note="",
            activated_at=None,
            ended_at=None,
            reports=[],
        )
        if rev is not None:
            a.kamer, last_year = rev.kamer, rev.agenda_last
            topic = priority.topic
            region_ids = priority.regions or [self.pick(self.regions).pk]
            start = self.day_between(
                datetime.date(rev.year - 1, 11, 1), datetime.date(rev.year, 10, 31)
            )
            start = min(start, today + datetime.timedelta(days=150))
            a.level = self.pick(["sectoral", "sectoral", "sectoral", "national", "regional"])
        else:
            a.kamer = parent.kamer if parent else table.kamer
            last_year = parent.last_year if parent else self.year + 1
            topic = (
                parent.topic if parent else self.pick(SECTORS[self.pick(list(SECTORS))]["topics"])
            )
            region_ids = [table.region.pk]
            start = (
                parent.start + datetime.timedelta(days=self.randint(0, 180))
                if parent
                else (
                    self.day_between(
                        datetime.date(self.year - 2, 1, 1), today + datetime.timedelta(days=120)
                    )
                )
            )
            a.level = "regional"
        a.topic, a.last_year = topic, last_year
        cap = datetime.date(last_year, 12, 31)
        months = self.pick([6, 9, 12, 12, 18, 18, 24, 24, 30, 36])
        deadline = add_months(start, months)
        if rng.random() < 0.5:  # agreements often end at a natural moment
            deadline = (
                datetime.date(deadline.year, 12, 31)
                if deadline.month > 6
                else (datetime.date(deadline.year, 7, 31))
            )
        deadline = min(deadline, cap)
        if deadline < start:
            start = deadline - datetime.timedelta(days=self.randint(90, 270))
        a.start, a.deadline = start, deadline
        category = self.pick(list(CATEGORIES), [c[0] for c in CATEGORIES.values()])
        _w, titles, indicator, unit, (low, high), direction = CATEGORIES[category]
        region_name = self.region_name[region_ids[0]]
        if table is not None:
            region_name = table.region.name
        a.category = category
        a.title = self.pick(titles).format(t=topic, r=region_name)[:255]
        if parent is not None and rng.random() < 0.5:
            a.title = f"{parent.title} — {region_name}"[:255]
        a.indicator = indicator.format(t=topic)
        a.unit = unit
        baseline = Decimal(self.randint(low, high))
        if direction == "increase":
            growth = rng.uniform(0.1, 0.6)
            target = baseline + max(Decimal(1), Decimal(round(float(baseline) * growth)))
            if unit == "procent":
                target = min(target, Decimal(98))
                if target <= baseline:
                    baseline, target = Decimal(60), Decimal(80)
        else:
            target = Decimal(round(float(baseline) * rng.uniform(0.0, 0.6)))
            if target >= baseline:
                target = baseline - 1
        if rng.random() < 0.05:
            direction = "reach"
        a.direction, a.baseline, a.target = direction, baseline, target
        a.baseline_date = start - datetime.timedelta(days=self.randint(0, 120))
        a.cadence = self.pick([1, 1, 3, 3, 3, 3, 3, 6, 6, 12])
        a.weight = self.pick([Decimal(1)] * 8 + [Decimal("0.50"), Decimal(2), Decimal(3)])
        # lead and parties
        if table is not None:
            pool = table.members
        else:
            pool = self.schools + (self.orgs_by_kamer.get(a.kamer) or self.others)
        owner = self.pick(pool)
        if table is None and rng.random() < 0.55:
            owner = self.pick(self.schools)
        a.owner = owner.id
        others = [o for o in rng.sample(pool, min(len(pool), 4)) if o.id != owner.id]
        a.party_orgs = [(owner.id, "responsible")]
        for org in others[: self.pick([0, 1, 1, 2, 2, 3])]:
            role = self.pick(["contributing", "contributing", "informed", "responsible"])
            a.party_orgs.append((org.id, role))
        a.contact = self.pick(self.reps[owner.id]) if rng.random() < 0.6 else None
        # manager: the secretary (sector agreements) or the coordinator (commitments)
        if table is not None:
            a.manager = self.pick(self.coordinators[table.id])
        else:
            a.manager = self.pick(self.secretaries[a.kamer])
        # state
        if rev is not None and rev.current:
            state = self.pick(["draft", "proposed", "active"], [50, 30, 20])
        elif parent is not None and parent.state in ("draft", "proposed"):
            state = self.pick(["draft", "proposed"], [70, 30])
        elif deadline < today:
            state = self.pick(["achieved", "not_achieved", "cancelled", "active"], [45, 30, 8, 17])
        else:
            state = self.pick(["active", "proposed", "draft", "cancelled"], [74, 10, 8, 8])
        if parent is not None and parent.state == "cancelled" and rng.random() < 0.7:
            state = "cancelled"
        a.state = state
        a.complete = True
        if state == "draft" and rng.random() < 0.35:
            a.complete = False
        self.agreement_path(a)
        return a

    def agreement_path(self, a):
        """The transitions that brought ``a`` to its state, with their moments and actors."""
        rng = self.rng
        created = self.at(a.start - datetime.timedelta(days=self.randint(20, 100)))
        if created > self.now - datetime.timedelta(days=3):
            created = self.now - datetime.timedelta(days=rng.uniform(3, 40))
        a.created_at = created
        state = a.state
        previous = "draft"
        if state == "cancelled":
            previous = self.pick(["draft", "proposed", "active"], [30, 15, 55])
        reached = state if state != "cancelled" else previous
        moment = created
        responsible = [org for org, role in a.party_orgs if role == "responsible"]
        declined_by = None
        if reached in ("proposed", "active", "achieved", "not_achieved") or (
            reached == "draft" and rng.random() < 0.15
        ):
            moment = self.later(moment, 2, 25)
            a.logs.append((moment, a.manager, "draft", "proposed", "propose", None))
            if reached == "draft" or rng.random() < 0.08:
                declined_by = self.pick(a.party_orgs)[0]
                moment = self.later(moment, 2, 14)
                reason = self.pick(DECLINE_REASONS)
                name = self.org_by_id[declined_by].name
                a.logs.append(
                    (
                        moment,
                        self.pick(self.reps[declined_by]),
                        "proposed",
                        "draft",
                        "decline",
                        f"{name}: {reason}",
                    )
                )
                a.decline = (declined_by, moment, reason)
                if reached != "draft":
                    declined_by = None
                    moment = self.later(moment, 5, 30)
                    a.logs.append((moment, a.manager, "draft", "proposed", "propose", None))
        a.proposed_at = moment if reached != "draft" else None
        if reached in ("active", "achieved", "not_achieved"):
            moment = self.later(moment, 2, 20)
            last = self.pick(responsible)
            a.logs.append(
                (
                    moment,
                    self.pick(self.reps[last]),
                    "proposed",
                    "active",
                    "activate",
                    _("Accepted by the last responsible party."),
                )
            )
            a.activated_at = moment
        if state in ("achieved", "not_achieved"):
            evaluated = self.at(
                self.day_between(
                    a.deadline, min(self.today, a.deadline + datetime.timedelta(days=60))
                )
            )
            evaluated = max(evaluated, moment + datetime.timedelta(hours=1))
            evaluated = min(evaluated, self.now - datetime.timedelta(seconds=30))
            name = "achieve" if state == "achieved" else "fail"
            a.closing_note = self.pick(CLOSING[name])
            a.logs.append((evaluated, a.manager, "active", state, name, a.closing_note))
            a.ended_at = evaluated
        if state == "cancelled":
            ended = self.later(moment, 10, 200)
            if reached == "active" and a.deadline < self.today:
                ended = min(ended, self.at(a.deadline))
                ended = max(ended, moment + datetime.timedelta(hours=1))
            a.closing_note = self.pick(CLOSING["cancel"])
            a.logs.append((ended, a.manager, reached, "cancelled", "cancel", a.closing_note))
            a.ended_at = ended
        if a.activated_at is not None:
            a.windows = [[a.activated_at, a.ended_at or self.now]]
        # parties' acceptance
        a.decided = {}
        pending_responsible = None
        if reached == "proposed":
            pending_responsible = self.pick(responsible)
        for org, role in a.party_orgs:
            if reached == "draft":
                if getattr(a, "decline", None) and a.decline[0] == org:
                    a.decided[org] = ("declined", a.decline[1], a.decline[2])
                continue
            if reached == "proposed":
                if org != pending_responsible and rng.random() < 0.5:
                    a.decided[org] = ("accepted", self.later(a.proposed_at, 0.5, 10), "")
                continue
            if role == "responsible" or (role == "contributing" and rng.random() < 0.7):
                accepted = a.activated_at - datetime.timedelta(hours=rng.uniform(0, 240))
                a.decided[org] = ("accepted", max(accepted, a.proposed_at), "")

    def make_offer_rules(self):
        rng = self.rng
        rules = self.table(ProgrammeOfferRule)
        rq = self.table(ProgrammeOfferRule.qualifications.through, with_pk=False)
        rr = self.table(ProgrammeOfferRule.regions.through, with_pk=False)
        offers = [a for a in self.sector_agreements if a.category == "programme_offer"]
        chosen = [a for a in offers if rng.random() < 0.2]
        in_force = [a for a in chosen if a.state == "active"]
        if not in_force:  # some rule that start notices can break is in force
            in_force = [a for a in offers if a.state == "active"][:1]
            chosen += in_force
        ids = iter(self.writer.pks(ProgrammeOfferRule, len(chosen)))
        self.offer_rules = []
        for a in chosen:
            quals = self.quals_by_kamer[a.kamer]
            if not quals:
                continue
            kinds = ["allowed_regions", "no_new_starts", "phase_out", "intake_cap"]
            if a is in_force[0]:
                kinds = kinds[:3]
            kind = self.pick(kinds, [45, 20, 20, 15][: len(kinds)])
            rule = SimpleNamespace(
                id=next(ids),
                agreement=a,
                kind=kind,
                quals=[q.id for q in rng.sample(quals, min(len(quals), self.randint(1, 2)))],
                regions=[],
                phase_out_by=None,
            )
            if kind == "allowed_regions":
                rule.regions = [r.pk for r in rng.sample(self.regions, self.randint(1, 3))]
            if kind == "phase_out":
                rule.phase_out_by = a.deadline
            rules.add(
                id=rule.id,
                agreement_id=a.id,
                kind=kind,
                phase_out_by=rule.phase_out_by,
                intake_cap=self.randint(20, 200) if kind == "intake_cap" else None,
            )
            for q in rule.quals:
                rq.add(programmeofferrule_id=rule.id, qualification_id=q)
            for r in rule.regions:
                rr.add(programmeofferrule_id=rule.id, arbeidsmarktregio_id=r)
            self.offer_rules.append(rule)
        self.rules_by_qual = defaultdict(list)
        for rule in self.offer_rules:
            if rule.agreement.state == "active":
                for q in rule.quals:
                    self.rules_by_qual[q].append(rule)

    # start/stop notices -----------------------------------------------------------------

    def make_notices(self):
        rng = self.rng
        n = self.n("notices")
        notices = self.table(StartStopNotice)
        conflicts = self.table(NoticeConflict)
        ids = iter(self.writer.pks(StartStopNotice, n))
        seen = set()
        ruled = [q for q in self.rules_by_qual]
        region_name = self.region_name
        self.notices = []
        found = []
        made = 0
        attempts = 0
        while made < n and attempts < n * 20:
            attempts += 1
            school = self.pick(self.schools)
            region = self.pick(school.regions)
            municipality = (
                school.city
                if rng.random() < 0.6 and region == school.regions[0]
                else (self.pick(self.cities[region]))
            )
            if ruled and rng.random() < 0.06:
                qual = self.qual_by_id[self.pick(ruled)]
                action = "start"
            else:
                qual = self.pick(self.quals)
                action = "start" if rng.random() < 0.65 else "stop"
            leerweg = "BOL" if rng.random() < 0.7 else "BBL"
            study_year = self.randint(self.year - 2, self.year + 1)
            key = (school.id, qual.id, leerweg, municipality, study_year)
            if key in seen:
                continue
            seen.add(key)
            made += 1
            due = legal_deadline(leerweg=leerweg, study_year=study_year)
            secretary = self.pick(self.secretaries[qual.kamer])
            state, submitted_at, exception, exception_by = "draft", None, "", None
            window_open = due - datetime.timedelta(days=120)
            if due <= self.now:
                roll = rng.random()
                if roll < 0.95:
                    state = "submitted"
                    submitted_at = self.later(window_open, 0, 119)
                elif roll < 0.98:
                    state = "submitted"
                    exception = "Bestuursbesluit over de nieuwe opleiding viel na 1 februari."
                    exception_by = secretary
                    submitted_at = self.later(due, 1, 40)
            elif rng.random() < 0.4 and window_open < self.now:
                state = "submitted"
                submitted_at = self.later(window_open, 0, (self.now - window_open).days)
            created = (submitted_at or self.now) - datetime.timedelta(days=rng.uniform(0.1, 30))
            pk = next(ids)
            notices.add(
                id=pk,
                institution_id=school.id,
                qualification_id=qual.id,
                action=action,
                leerweg=leerweg,
                municipality=municipality,
                region_id=region,
                study_year=study_year,
                state=state,
                submitted_at=submitted_at,
                submitted_by_id=self.pick(self.reps[school.id]) if submitted_at else None,
                late_exception_reason=exception,
                late_exception_by_id=exception_by,
                created_at=created,
            )
            notice = SimpleNamespace(
                id=pk,
                school=school.id,
                qual=qual.id,
                state=state,
                kamer=qual.kamer,
                submitted_at=submitted_at,
                conflicts=[],
            )
            self.notices.append(notice)
            if state != "submitted" or action != "start":
                continue
            # exactly the conflicts agreements.services.find_conflicts records
            for rule in self.rules_by_qual.get(qual.id, ()):
                if rule.agreement.activated_at > submitted_at:  # not yet in force then
                    continue
                title = rule.agreement.title
                if rule.kind == "allowed_regions":
                    if region in rule.regions:
                        continue
                    message = _(
                        "%(name)s may only be offered in %(regions)s "
                        "(agreement '%(agreement)s'); %(region)s is not one of them."
                    ) % {
                        "name": qual.name,
                        "regions": ", ".join(region_name[r] for r in rule.regions),
                        "agreement": title,
                        "region": region_name[region],
                    }
                elif rule.kind == "no_new_starts":
                    message = _("Agreement '%(agreement)s' allows no new starts of %(name)s.") % {
                        "agreement": title,
                        "name": qual.name,
                    }
                elif rule.kind == "phase_out":
                    message = _(
                        "%(name)s is being phased out by %(day)s (agreement '%(agreement)s')."
                    ) % {
                        "name": qual.name,
                        "day": rule.phase_out_by.isoformat(),
                        "agreement": title,
                    }
                else:
                    continue
                found.append((notice, rule, message))
        ids = iter(self.writer.pks(NoticeConflict, len(found)))
        self.escalated = []
        for notice, rule, message in found:
            pk = next(ids)
            age = (self.now - notice.submitted_at).days
            resolution = "open"
            if age > 21 or rng.random() < 0.5:
                resolution = self.pick(
                    ["open", "consistent", "accepted", "escalated"], [15, 25, 45, 15]
                )
            resolver = resolved_at = None
            reason = ""
            if resolution != "open":
                resolver = self.pick(self.secretaries[notice.kamer])
                resolved_at = self.later(notice.submitted_at, 1, 30)
                reason = {
                    "consistent": "Locatie valt binnen de afspraak na controle.",
                    "accepted": "Tijdelijke uitzondering: regionale vraag aangetoond.",
                    "escalated": "Partijen komen er samen niet uit.",
                }[resolution]
            conflicts.add(
                id=pk,
                notice_id=notice.id,
                rule_id=rule.id,
                message=message,
                resolution=resolution,
                reason=reason,
                resolved_by_id=resolver,
                resolved_at=resolved_at,
                created_at=notice.submitted_at,
            )
            conflict = SimpleNamespace(
                id=pk, notice=notice, rule=rule, resolved_at=resolved_at, resolver=resolver
            )
            notice.conflicts.append(conflict)
            if resolution == "escalated":
                self.escalated.append(conflict)

    # arbitration ------------------------------------------------------------------------

    def make_arbitration(self):
        rng = self.rng
        self.make_roster()
        n = self.n("dossiers", 4)
        states = {
            "draft": 6,
            "filed": 8,
            "admitted": 6,
            "inadmissible": 6,
            "panel_proposed": 8,
            "panel_constituted": 8,
            "defence_submitted": 8,
            "hearing_scheduled": 8,
            "hearing_held": 6,
            "award_issued": 6,
            "closed": 16,
            "withdrawn": 7,
            "settled": 7,
        }
        pool = [
            a
            for a in self.agreements
            if a.state == "active"
            and a.kamer is not None
            and len({o for o, _r in a.party_orgs}) >= 2
        ]
        rng.shuffle(pool)
        self.dossiers = []
        covered = set(self.covered)
        plans = []
        # every stage of the procedure is there, however small the factor
        tour = ["closed", "hearing_scheduled", "panel_proposed", "filed"]
        for i in range(n):
            target = tour[i] if i < len(tour) else self.pick(list(states), list(states.values()))
            plans.append(self.dossier_plan(target))
        free = set(map(id, pool))  # agreements not yet in a dossier (one dossier each)
        escalated = [c for c in self.escalated if id(c.rule.agreement) in free]
        for plan in plans:
            created = plan["created"]
            agreement, conflict = None, None
            if rng.random() < 0.3:
                conflict = next(
                    (
                        c
                        for c in escalated
                        if id(c.rule.agreement) in free
                        and c.resolved_at < created
                        and c.rule.agreement.activated_at < created
                    ),
                    None,
                )
                if conflict is not None:
                    escalated.remove(conflict)
                    agreement = conflict.rule.agreement
            if agreement is None:
                agreement = next(
                    (a for a in pool if id(a) in free and a.activated_at < created), None
                )
            if agreement is None:
                continue
            free.discard(id(agreement))
            self.dossier(plan, agreement, conflict, covered)
        self.write_sequences()

    def make_roster(self):
        rng = self.rng
        profiles = self.table(ArbiterProfile)
        expertise = self.table(ArbiterProfile.expertise.through, with_pk=False)
        affiliations = self.table(Affiliation, with_pk=False)
        agreements = self.table(ArbitrationAgreement, with_pk=False)
        ids = iter(self.writer.pks(ArbiterProfile, len(self.arbiter_users)))
        self.arbiters = []
        years = self.rules.affiliation_years
        horizon = self.today - datetime.timedelta(days=365 * years)
        themes = [
            "opleidingsaanbod",
            "nakoming",
            "stages en leerbanen",
            "bekostiging",
            "samenwerking",
            "zorg",
            "techniek",
        ]
        for user_id in self.arbiter_users:
            pk = next(ids)
            kamers = rng.sample(self.kamers, self.randint(1, 3))
            profiles.add(
                id=pk,
                user_id=user_id,
                themes=", ".join(rng.sample(themes, 2)),
                available=rng.random() < 0.9,
            )
            for k in kamers:
                expertise.add(arbiterprofile_id=pk, sectorkamer_id=k.pk)
            barred = set()
            for _i in range(self.pick([0, 1, 1, 2])):
                org = self.pick(self.orgs)
                start = self.day_between(datetime.date(2000, 1, 1), datetime.date(2018, 1, 1))
                end = (
                    None
                    if rng.random() < 0.3
                    else self.day_between(
                        start + datetime.timedelta(days=365),
                        self.today - datetime.timedelta(days=30),
                    )
                )
                affiliations.add(arbiter_id=pk, organisation_id=org.id, start=start, end=end)
                if end is None or end >= horizon:
                    barred.add(org.id)
            self.arbiters.append(
                SimpleNamespace(id=pk, user=user_id, kamers={k.pk for k in kamers}, barred=barred)
            )
        # arbitration agreements: a share of the organisations, per sectorkamer
        self.covered = set()
        for org in self.orgs:
            if rng.random() >= 0.25:
                continue
            for k in rng.sample(self.kamers, self.randint(1, 3)):
                self.covered.add((org.id, k.pk))
        self.arbitration_agreements = agreements
        self._signed = {}
        for org_id, kamer_id in sorted(self.covered):
            self.sign(
                org_id, kamer_id, self.day_between(datetime.date(self.year - 6, 1, 1), self.today)
            )

    def sign(self, org_id, kamer_id, day):
        self.arbitration_agreements.add(
            organisation_id=org_id,
            signed_on=day,
            signatory=f"{self.pick(FIRST_NAMES)} {capitalise(self.pick(LAST_NAMES))}, bestuurder",
            sectorkamer_id=kamer_id,
            document="",
        )

    def dossier_plan(self, target):
        """Steps and moments of a dossier reaching ``target``, the last one before now."""
        rng = self.rng
        r = self.rules
        main = [
            "filed",
            "admitted",
            "panel_proposed",
            "panel_constituted",
            "defence_submitted",
            "hearing_scheduled",
            "hearing_held",
            "award_issued",
            "closed",
        ]
        if target == "draft":
            path = []
        elif target == "inadmissible":
            path = ["filed", "inadmissible"]
        elif target in ("withdrawn", "settled"):
            path = main[: self.randint(1, 7)] + [target]
        else:
            path = main[: main.index(target) + 1]
        gaps = {
            "filed": (1, 21),
            "admitted": (4, r.admissibility_days),
            "inadmissible": (4, r.admissibility_days),
            "panel_proposed": (3, 21),
            "panel_constituted": (r.challenge_days + 1, r.challenge_days + 14),
            "defence_submitted": (14, r.defence_days),
            "hearing_scheduled": (2, 14),
            "hearing_held": (21, r.hearing_days),
            "award_issued": (14, r.award_days),
            "closed": (7, 30),
            "withdrawn": (5, 60),
            "settled": (5, 60),
        }
        durations = [rng.uniform(*gaps[step]) for step in path]
        final = target in ("closed", "withdrawn", "settled", "inadmissible")
        end = self.now - datetime.timedelta(
            days=rng.uniform(5, 600) if final else rng.uniform(1, 30)
        )
        created = end - datetime.timedelta(days=sum(durations))
        created = self.at(created.astimezone(self.tz).date())
        moments, moment = {}, created
        for step, days in zip(path, durations, strict=True):
            moment = self.later(moment, days * 0.98, days)
            moments[step] = moment
        return {"target": target, "path": path, "created": created, "moments": moments}

    def dossier(self, plan, agreement, conflict, covered):
        rng = self.rng
        ct = self.ct[Dossier]
        pk = self.writer.pks(Dossier, 1)[0]
        path, moments, target = plan["path"], plan["moments"], plan["target"]
        orgs = list(dict.fromkeys(o for o, _r in agreement.party_orgs))
        if conflict is not None:
            respondents = [conflict.notice.school]
            claimant = agreement.owner if agreement.owner != conflict.notice.school else None
            if claimant is None:
                claimant = next((o for o in orgs if o != conflict.notice.school), None)
            if claimant is None:
                return
            claimants = [claimant]
            created_by = conflict.resolver
        else:
            claimants, respondents = [orgs[0]], [orgs[1]]
            if len(orgs) > 2 and rng.random() < 0.2:
                respondents.append(orgs[2])
            created_by = self.pick(self.reps[claimants[0]])
        parties = [(o, "claimant") for o in claimants] + [(o, "respondent") for o in respondents]
        admitted = "admitted" in moments
        filed_at = moments.get("filed")
        # arbitration agreements: every party bound when admitted; one missing when not
        for org, _side in parties:
            if (org, agreement.kamer) not in covered and (admitted or rng.random() < 0.4):
                if target == "inadmissible" and org == respondents[-1]:
                    continue
                covered.add((org, agreement.kamer))
                signed = (filed_at or plan["created"]) - datetime.timedelta(
                    days=self.randint(30, 900)
                )
                self.sign(org, agreement.kamer, signed.astimezone(self.tz).date())
        reference = None
        if filed_at is not None:
            reference = (filed_at.astimezone(self.tz).year, filed_at)
        d = SimpleNamespace(
            id=pk,
            reference=reference,
            state=target,
            plan=plan,
            agreement=agreement,
            parties=parties,
            panel=[],
            kamer=agreement.kamer,
            created_by=created_by,
        )
        self.dossiers.append(d)
        secretariat = self.pick(self.secretariat)
        claimant_rep = self.pick(self.reps[claimants[0]])
        respondent_rep = self.pick(self.reps[respondents[0]])
        d.fields = {
            "id": pk,
            "kind": "performance" if conflict or rng.random() < 0.6 else "content",
            "claim": self.pick(CLAIMS).format(
                o=self.org_by_id[respondents[0]].name, a=agreement.title
            ),
            "ruling_requested": "Nakoming van de afspraak binnen drie maanden.",
            "notice_conflict_id": conflict.id if conflict else None,
            "rule_set_id": self.rules.pk if filed_at and self.rules.pk else None,
            "state": target,
            "filed_at": filed_at,
            "created_by_id": created_by,
            "created_at": plan["created"],
        }
        self.table(Dossier.agreements.through, with_pk=False).add(
            dossier_id=pk, agreement_id=agreement.id
        )
        for org, side in parties:
            self.table(DossierParty, with_pk=False).add(
                dossier_id=pk, organisation_id=org, side=side
            )
        # the transitions
        actors = {
            "filed": created_by,
            "admitted": secretariat,
            "inadmissible": secretariat,
            "panel_proposed": secretariat,
            "panel_constituted": secretariat,
            "defence_submitted": respondent_rep,
            "hearing_scheduled": secretariat,
            "hearing_held": secretariat,
            "award_issued": None,
            "closed": secretariat,
            "withdrawn": claimant_rep,
            "settled": secretariat,
        }
        names = {
            "filed": "file",
            "admitted": "admit",
            "inadmissible": "reject",
            "panel_proposed": "propose_panel",
            "panel_constituted": "constitute",
            "defence_submitted": "submit_defence",
            "hearing_scheduled": "schedule_hearing",
            "hearing_held": "hold_hearing",
            "award_issued": "issue_award",
            "closed": "close",
            "withdrawn": "withdraw",
            "settled": "settle",
        }
        # the panel, chosen independent of the parties
        if "panel_proposed" in moments:
            party_orgs = {o for o, _s in parties}
            eligible = [a for a in self.arbiters if not (a.barred & party_orgs)]
            eligible.sort(key=lambda a: (agreement.kamer not in a.kamers, rng.random()))
            size = 3 if rng.random() < 0.3 and len(eligible) >= 4 else 1
            seats = eligible[:size]
            spare = eligible[size : size + 2]
            proposed = moments["panel_proposed"]
            constituted = moments.get("panel_constituted")
            ceiling = constituted or max(moments.values())
            if target == "panel_proposed":
                ceiling = self.now
            for arbiter in seats:
                signed = None
                if constituted or rng.random() < 0.6:
                    signed = proposed + (ceiling - proposed) * rng.uniform(0.05, 0.6)
                d.panel.append(
                    SimpleNamespace(
                        id=None, arbiter=arbiter, proposed=proposed, signed=signed, replaced=None
                    )
                )
            challenge = rng.random() < 0.12 and spare
            if challenge and (constituted or target == "panel_proposed"):
                member = d.panel[0]
                org = self.pick(list(party_orgs))
                filed = proposed + datetime.timedelta(
                    days=rng.uniform(2, self.rules.challenge_days - 2)
                )
                filed = min(filed, self.now - datetime.timedelta(hours=1))
                decision = "pending"
                if constituted:
                    decision = "sustained" if rng.random() < 0.4 else "rejected"
                elif rng.random() < 0.5 and filed < self.now - datetime.timedelta(days=3):
                    decision = "rejected"
                decided = self.later(filed, 1, 10) if decision != "pending" else None
                if constituted and decided >= constituted:
                    decided = filed + (constituted - filed) * 0.5
                d.challenge = (member, org, filed, decision, decided, secretariat)
                if decision == "sustained":
                    member.replaced = decided
                    new = SimpleNamespace(
                        id=None,
                        arbiter=spare[0],
                        proposed=decided,
                        signed=decided + (constituted - decided) * 0.5,
                        replaced=None,
                    )
                    d.panel.append(new)
            if rng.random() < 0.08 and len(spare) > 1:
                declared = min(ceiling, self.later(proposed, 0.5, 5))
                d.conflict_declaration = (spare[-1], declared)
        award_actor = d.panel[0].arbiter.user if d.panel else secretariat
        actors["award_issued"] = award_actor
        previous = "draft"
        for step in path:
            text = None
            if step in ("admitted", "inadmissible"):
                text = (
                    "Alle partijen zijn gebonden door een arbitrageovereenkomst."
                    if step == "admitted"
                    else "Niet ontvankelijk: geen arbitrageovereenkomst voor alle partijen."
                )
            self.statelog(ct, pk, moments[step], actors[step], previous, step, names[step], text)
            previous = step
        # the agreement in dispute follows the procedure
        if admitted:
            d.dispute = moments["admitted"]
            end = None
            cancel = False
            if "award_issued" in moments:
                end = moments["award_issued"]
                d.effect = self.pick(["active", "cancelled"], [70, 30])
                cancel = d.effect == "cancelled"
            elif target in ("withdrawn", "settled"):
                end = moments[target]
                d.effect = (
                    self.pick(["active", "cancelled"], [60, 40])
                    if target == "settled"
                    else ("active")
                )
                cancel = d.effect == "cancelled"
            d.dispute_end, d.cancel = end, cancel
        # deadlines
        d.deadlines = self.procedural_deadlines(moments, target)
        d.hearing_at = None
        if "hearing_scheduled" in moments:
            d.hearing_at = moments.get("hearing_held") or (
                moments["hearing_scheduled"] + datetime.timedelta(days=rng.uniform(21, 56))
            )
            d.hearing_at = d.hearing_at.replace(hour=10, minute=0, second=0, microsecond=0)
        d.actors = {
            "secretariat": secretariat,
            "claimant": claimant_rep,
            "respondent": respondent_rep,
        }

    def procedural_deadlines(self, moments, target):
        r = self.rules
        spec = [
            ("admissibility", "filed", r.admissibility_days, ("admitted", "inadmissible")),
            ("challenge", "panel_proposed", r.challenge_days, ("panel_constituted",)),
            ("defence", "panel_constituted", r.defence_days, ("defence_submitted",)),
            ("hearing", "defence_submitted", r.hearing_days, ("hearing_held",)),
            ("award", "hearing_held", r.award_days, ("award_issued",)),
        ]
        found = []
        for kind, opened_by, days, met_by in spec:
            if opened_by not in moments:
                continue
            due = moments[opened_by].astimezone(self.tz).date() + datetime.timedelta(days=days)
            met = next((moments[m] for m in met_by if m in moments), None)
            if met is None and target in ("withdrawn", "settled"):
                met = moments[target]
            extension = ""
            if self.rng.random() < 0.1:
                due += datetime.timedelta(days=self.randint(14, 28))
                extension = "Verzoek van partijen om meer tijd voor overleg."
            found.append((kind, due, met, extension))
        return found

    def write_sequences(self):
        """Number the filed dossiers ARB-<year>-<nnnn> in filing order, after what the year's
        counter already gave out, and move the counters on."""
        last = dict(DossierSequence.objects.values_list("year", "last"))
        by_year = defaultdict(list)
        for d in self.dossiers:
            if d.reference is not None:
                by_year[d.reference[0]].append(d)
        for year, dossiers in sorted(by_year.items()):
            dossiers.sort(key=lambda d: d.reference[1])
            start = last.get(year, 0)
            for number, d in enumerate(dossiers, start=start + 1):
                d.reference = f"ARB-{year}-{number:04d}"
            total = start + len(dossiers)
            DossierSequence.objects.update_or_create(year=year, defaults={"last": total})
            self.writer.counts[DossierSequence._meta.label] += 1
        for d in self.dossiers:
            if not isinstance(d.reference, str):
                d.reference = None
        self.write_dossiers()

    def write_dossiers(self):
        rng = self.rng
        dossiers = self.table(Dossier)
        panel = self.table(PanelMember)
        deadlines = self.table(ProceduralDeadline, with_pk=False)
        documents = self.table(Document, with_pk=False)
        challenges = self.table(Challenge, with_pk=False)
        declarations = self.table(ConflictDeclaration, with_pk=False)
        awards = self.table(Award)
        signed_by = self.table(Award.signed_by.through, with_pk=False)
        sha = hashlib.sha256(PLACEHOLDER_PDF).hexdigest()
        for d in self.dossiers:
            moments = d.plan["moments"]
            fields = dict(d.fields, reference=d.reference, hearing_at=d.hearing_at)
            if d.hearing_at:
                fields["hearing_place"] = "SBB, Zoetermeer" if rng.random() < 0.6 else "Utrecht"
            if "hearing_held" in moments:
                fields["minutes"] = (
                    "Partijen zijn gehoord; beide partijen lichtten hun "
                    "standpunt toe. Het scheidsgerecht doet binnen zes weken "
                    "uitspraak."
                )
            if d.state == "settled":
                fields["settlement_terms"] = "Partijen stellen de streefwaarde samen bij."
            if d.panel:
                fields["panel_notes"] = "Aandachtspunt: bewijs van de geleverde inzet opvragen."
            dossiers.add(**fields)
            for member in d.panel:
                member.id = self.writer.pks(PanelMember, 1)[0]
                panel.add(
                    id=member.id,
                    dossier_id=d.id,
                    arbiter_id=member.arbiter.id,
                    proposed_at=member.proposed,
                    declaration_signed_at=member.signed,
                    declaration=(
                        "Ik verklaar onafhankelijk en onpartijdig te zijn ten "
                        "opzichte van partijen."
                    )
                    if member.signed
                    else "",
                    replaced_at=member.replaced,
                )
            if getattr(d, "challenge", None):
                member, org, filed, decision, decided, clerk = d.challenge
                challenges.add(
                    panel_member_id=member.id,
                    organisation_id=org,
                    reasons="Arbiter was eerder adviseur van de wederpartij.",
                    filed_by_id=self.pick(self.reps[org]),
                    filed_at=filed,
                    decision=decision,
                    decided_by_id=clerk if decided else None,
                    decided_at=decided,
                    decision_reasons={
                        "pending": "",
                        "rejected": "Geen concrete aanwijzing voor partijdigheid.",
                        "sustained": "Schijn van partijdigheid; arbiter wordt vervangen.",
                    }[decision],
                )
            if getattr(d, "conflict_declaration", None):
                arbiter, at = d.conflict_declaration
                declarations.add(
                    arbiter_id=arbiter.id,
                    dossier_id=d.id,
                    declared_at=at,
                    reason="Ik heb een zakelijke relatie met een van de partijen.",
                )
            for kind, due, met, extension in d.deadlines:
                deadlines.add(
                    dossier_id=d.id, kind=kind, due=due, met_at=met, extension_reason=extension
                )
            if "award_issued" in moments:
                award_id = self.writer.pks(Award, 1)[0]
                decision = d.decision = self.pick(["granted", "partly", "rejected"])
                awards.add(
                    id=award_id,
                    dossier_id=d.id,
                    decision=decision,
                    reasoning="Het scheidsgerecht heeft de stukken en het verhandelde "
                    "ter zitting gewogen.",
                    agreement_effect=d.effect,
                    issued_on=moments["award_issued"].astimezone(self.tz).date(),
                )
                for member in d.panel:
                    if member.replaced is None:
                        signed_by.add(award_id=award_id, arbiterprofile_id=member.arbiter.id)
            # documents: metadata only, all pointing at one placeholder file
            docs = []
            if "filed" in moments:
                docs.append(("claim", moments["filed"], d.actors["claimant"]))
                for n in range(1, self.randint(1, 4)):
                    docs.append((("exhibit", n), moments["filed"], d.actors["claimant"]))
                docs.append(
                    ("secretariat", self.later(moments["filed"], 0.5, 4), d.actors["secretariat"])
                )
            if "defence_submitted" in moments:
                docs.append(("defence", moments["defence_submitted"], d.actors["respondent"]))
            if "hearing_held" in moments:
                docs.append(
                    ("minutes", self.later(moments["hearing_held"], 1, 7), d.actors["secretariat"])
                )
                if d.panel:
                    docs.append(
                        (
                            "panel",
                            self.later(moments["hearing_held"], 1, 10),
                            d.panel[0].arbiter.user,
                        )
                    )
            if "award_issued" in moments:
                docs.append(("award", moments["award_issued"], d.actors["secretariat"]))
            for kind, at, by in docs:
                n = None
                if isinstance(kind, tuple):
                    kind, n = kind
                title, filename, visibility = DOCUMENTS[kind]
                lineage = self.uuid()
                versions = 2 if kind == "claim" and rng.random() < 0.15 else 1
                for version in range(1, versions + 1):
                    documents.add(
                        dossier_id=d.id,
                        lineage=lineage,
                        version=version,
                        title=title.format(n=n),
                        visibility=visibility,
                        file=PLACEHOLDER_PATH,
                        filename=filename.format(n=n),
                        content_type="application/pdf",
                        size=len(PLACEHOLDER_PDF),
                        sha256=sha,
                        uploaded_by_id=by,
                        uploaded_at=min(
                            self.now - datetime.timedelta(minutes=1),
                            at + datetime.timedelta(days=version - 1),
                        ),
                    )
            # the agreement's side of the procedure
            a = d.agreement
            if getattr(d, "dispute", None):
                clerk = d.actors["secretariat"]
                text = _("In arbitration: %(reference)s") % {"reference": d.reference}
                a.logs.append((d.dispute, clerk, "active", "disputed", "dispute", text))
                a.windows[-1][1] = d.dispute
                a.state = "disputed"
                if d.dispute_end is not None:
                    if d.state in ("withdrawn", "settled"):
                        ended = _("withdrawn") if d.state == "withdrawn" else _("settled")
                        text = f"{d.reference}: {ended}"
                    else:
                        text = _("Award %(reference)s: %(decision)s") % {
                            "reference": d.reference,
                            "decision": dict(ClaimDecision.choices)[d.decision],
                        }
                    back = d.dispute_end
                    a.logs.append((back, clerk, "disputed", "active", "end_dispute", text))
                    a.state = "active"
                    if d.cancel:
                        a.logs.append(
                            (
                                back + datetime.timedelta(seconds=1),
                                clerk,
                                "active",
                                "cancelled",
                                "cancel",
                                text,
                            )
                        )
                        a.state, a.closing_note, a.ended_at = "cancelled", text, back
                    else:
                        a.windows.append([back, self.now])

    # progress ---------------------------------------------------------------------------

    def make_progress(self):
        rng = self.rng
        candidates = []
        total = 0
        for a in self.agreements:
            a.reports = []
            if a.activated_at is None:
                continue
            periods = []
            i = 0
            first_window = a.windows[0][0]
            last_window_end = a.windows[-1][1]
            while True:
                period_start = add_months(a.start, i * a.cadence)
                period_end = add_months(a.start, (i + 1) * a.cadence) - datetime.timedelta(days=1)
                if period_end > min(a.deadline, self.today) or i > 400:
                    break
                i += 1
                reported = self.at(period_end + datetime.timedelta(days=self.randint(2, 25)))
                if reported < first_window:
                    reported = self.later(first_window, 0.05, 3)
                if reported > last_window_end:
                    break
                if not any(start <= reported <= end for start, end in a.windows):
                    later = [start for start, _end in a.windows if start > reported]
                    if not later:
                        continue
                    reported = self.later(later[0], 0.05, 3)
                periods.append((period_start, period_end, reported))
            if periods:
                candidates.append((a, periods))
                total += len(periods)
        target = self.n("progress_reports")
        share = min(1.0, target / total) if total else 0
        reports = self.table(ProgressReport, with_pk=False)
        for a, periods in candidates:
            keep = len(periods) * share
            keep = int(keep) + (1 if rng.random() < keep - int(keep) else 0)
            if keep == 0:
                continue
            span = max(1, (a.deadline - a.start).days)
            performance = {
                "achieved": rng.uniform(1.0, 1.2),
                "not_achieved": rng.uniform(0.4, 0.85),
            }.get(a.state, rng.uniform(0.5, 1.15))
            reporters = self.reps[a.owner]
            counts = a.unit != "procent"
            for period_start, period_end, reported in periods[:keep]:
                expected = min(1.0, (period_end - a.start).days / span)
                actual = max(0.0, expected * performance + rng.gauss(0, 0.04))
                if a.state == "achieved" and period_end >= a.deadline - datetime.timedelta(days=31):
                    actual = max(actual, 1.0)
                value = float(a.baseline) + float(a.target - a.baseline) * min(actual, 1.3)
                value = Decimal(round(value)) if counts else Decimal(f"{value:.2f}")
                ratio = actual / expected if expected > 0.05 else 1
                status = "on_track" if ratio >= 0.9 else "at_risk" if ratio >= 0.7 else "off_track"
                reports.add(
                    agreement_id=a.id,
                    period_start=period_start,
                    period_end=period_end,
                    value=value,
                    status=status,
                    narrative=self.pick(NARRATIVES[status]),
                    reporter_id=self.pick(reporters),
                    reported_at=reported,
                )
                a.reports.append((period_end, value, status))

    def finish_agreements(self):
        """Agreement rows, parties, milestones and the transition log, in their final state."""
        agreements = self.table(Agreement)
        parties = self.table(AgreementParty, with_pk=False)
        milestones = self.table(Milestone, with_pk=False)
        ct = self.ct[Agreement]
        rng = self.rng
        for a in self.agreements:
            # as the services keep them: the latest report (by period) and the next one due,
            # set on activation and on each report
            latest = max(a.reports, default=(None, None, None), key=lambda r: r[0])
            due = None
            if a.activated_at is not None:
                due = add_months(latest[0] or a.start, a.cadence)
            complete = a.complete
            agreements.add(
                id=a.id,
                priority_id=a.priority,
                regional_table_id=a.table,
                parent_id=a.parent,
                level=a.level,
                category=a.category,
                title=a.title,
                description=(
                    f"{capitalise(a.topic)}: onderwijs en bedrijfsleven spreken af "
                    f"wat zij samen doen, met wie en waar."
                )
                if complete or rng.random() < 0.5
                else "",
                indicator=a.indicator if complete else "",
                unit=a.unit if complete else "",
                baseline_value=a.baseline if complete else None,
                baseline_date=a.baseline_date if complete else None,
                target_value=a.target if complete else None,
                direction=a.direction,
                rationale="Partners leveren menskracht en middelen; het O&O-fonds draagt bij."
                if complete
                else "",
                start_date=a.start if complete or rng.random() < 0.5 else None,
                deadline=a.deadline,
                owner_id=a.owner,
                contact_id=a.contact,
                cadence=a.cadence,
                weight=a.weight,
                state=a.state,
                closing_note=a.closing_note,
                next_report_due=due,
                latest_period_end=latest[0],
                latest_value=latest[1],
                latest_status=latest[2],
                created_at=a.created_at,
            )
            for org, role in a.party_orgs:
                decision = a.decided.get(org)
                if decision is None:
                    parties.add(agreement_id=a.id, organisation_id=org, role=role)
                    continue
                acceptance, at, reason = decision
                parties.add(
                    agreement_id=a.id,
                    organisation_id=org,
                    role=role,
                    acceptance=acceptance,
                    decided_by_id=self.pick(self.reps[org]),
                    decided_at=at,
                    decline_reason=reason,
                )
            for _i in range(self.pick([0, 1, 1, 2, 2, 3])):
                due_date = self.day_between(a.start, a.deadline)
                done = None
                if a.activated_at is not None and due_date < self.today and rng.random() < 0.75:
                    done = min(
                        self.today, due_date + datetime.timedelta(days=self.randint(-20, 20))
                    )
                milestones.add(
                    agreement_id=a.id,
                    title=self.pick(MILESTONES),
                    due_date=due_date,
                    done_date=done,
                )
            for moment, by, source, target, name, text in sorted(a.logs, key=lambda x: x[0]):
                self.statelog(ct, a.id, moment, by, source, target, name, text)

    # notifications ----------------------------------------------------------------------

    def make_notifications(self):
        rng, tz = self.rng, self.tz
        n = self.n("notifications")
        table = self.table(Notification, with_pk=False)
        # what each role hears about
        revisions_by_kamer = defaultdict(list)
        for rev in self.revisions:
            revisions_by_kamer[rev.kamer].append(rev)
        abbreviation = {k.pk: k.abbreviation for k in self.kamers}
        sector_by_kamer = defaultdict(list)
        for a in self.sector_agreements:
            sector_by_kamer[a.kamer].append(a)
        by_table = defaultdict(list)
        for a in self.commitments:
            by_table[a.table].append(a)
        by_party = defaultdict(list)
        for a in self.agreements:
            for org, _role in a.party_orgs:
                by_party[org].append(a)
        conflicts_by_school = defaultdict(list)
        conflicts_by_kamer = defaultdict(list)
        for notice in self.notices:
            if notice.conflicts:
                conflicts_by_school[notice.school].append(notice)
                conflicts_by_kamer[notice.kamer].append(notice)
        dossiers_by_user = defaultdict(list)
        for d in self.dossiers:
            if d.reference is None:
                continue
            people = set(self.secretariat)
            people.update(m.arbiter.user for m in d.panel if m.replaced is None)
            for org, _side in d.parties:
                people.update(self.reps[org])
            for user in people:
                dossiers_by_user[user].append(d)
        years = [self.year - 2, self.year - 1, self.year]

        def menu(user):
            """What ``user`` hears about: (what, pool) pairs, some twice (more often)."""
            found = []
            for role, scope in user.roles:
                kamer = scope.get("sectorkamer_id")
                if role in ("sectorkamer_secretary", "sectorkamer_member", "board_member"):
                    kamers = [kamer] if kamer else [k.pk for k in self.kamers]
                    revs = [r for k in kamers for r in revisions_by_kamer[k]]
                    found.append(("revision", revs))
                if role == "sectorkamer_secretary":
                    found += [("agreement", sector_by_kamer[kamer])] * 2
                    found.append(("agreement_reminder", sector_by_kamer[kamer]))
                    found.append(("conflict", conflicts_by_kamer[kamer]))
                elif role in ("table_coordinator", "table_member"):
                    found.append(("agreement", by_table[scope["regional_table_id"]]))
                    found.append(("agreement_reminder", by_table[scope["regional_table_id"]]))
                elif role == "organisation_representative":
                    org = scope["organisation_id"]
                    found += [("agreement", by_party[org])] * 2
                    found.append(("report_reminder", by_party[org]))
                    if self.org_by_id[org].kind == "mbo_institution":
                        found.append(("notice_cycle", years))
                        found.append(("conflict", conflicts_by_school[org]))
            if dossiers_by_user.get(user.id):
                found += [("dossier", dossiers_by_user[user.id])] * 2
            return [(what, pool) for what, pool in found if pool] or [("notice_cycle", years)]

        weights = {
            "sectorkamer_secretary": 6, "board_member": 3, "table_coordinator": 4,
            "arbitration_secretariat": 3, "organisation_representative": 2, "table_member": 1,
            "sectorkamer_member": 1, "arbiter": 1,
        }  # fmt: skip
        people = [u for u in self.users.values() if u.roles]
        menus = {u.id: menu(u) for u in people}
        cumulative = list(
            itertools.accumulate(max(weights[r] for r, _s in u.roles) for u in people)
        )
        total_weight = cumulative[-1]
        # the product's own (Dutch) texts, translated once
        url = self.urls
        agreement_url, revision_url = url["agreements:detail"], url["agendas:revision_detail"]
        notice_url, dossier_url = url["agreements:notice_detail"], url["arbitration:dossier_detail"]
        agreement_events = list({
            "proposed": _("proposed to your organisation"), "accepted": _("accepted"),
            "declined": _("declined"), "activated": _("active: all parties accepted"),
        }.items())  # fmt: skip
        revision_events = list({
            "submitted": _("submitted"), "adopted": _("adopted by the sectorkamer"),
            "ratified": _("ratified by the SBB board"), "returned": _("returned to draft"),
        }.items())  # fmt: skip
        dossier_labels = {value: str(label) for value, label in DossierState.choices}
        text = {
            "agenda": _("Agenda %(s)s %(year)s: %(event)s"),
            "agreement": _("Agreement '%(title)s': %(event)s"),
            "report": _("A progress report on '%(title)s' is due"),
            "due": _("Agreement '%(title)s' is due"),
            "conflict": _("The notice for %(name)s conflicts with an agreement"),
            "dossier": _("Dossier %(reference)s: %(what)s"),
            "notices": _(
                "Start/stop notices for the study years ahead are due by 31 January %(year)s"
            ),
            "overdue": _("Overdue since %(day)s: %(title)s"),
            "today": _("Today is the last day: %(title)s"),
            "left": ngettext(
                "%(days)s day left (until %(day)s): %(title)s",
                "%(days)s days left (until %(day)s): %(title)s",
                2,
            ),
            "left_one": ngettext(
                "%(days)s day left (until %(day)s): %(title)s",
                "%(days)s days left (until %(day)s): %(title)s",
                1,
            ),
        }
        offsets = {
            kind: self.offsets.get(kind) or ["-14"]
            for kind in ("agreement", "progress_report", "notice_cycle")
        }
        pick = self.pick

        def reminder_title(title, due, offset, created):
            if offset.startswith("+"):
                return text["overdue"] % {"day": due, "title": title}
            days = (due - created.astimezone(tz).date()).days
            if days <= 0:
                return text["today"] % {"title": title}
            template = text["left_one"] if days == 1 else text["left"]
            return template % {"days": days, "day": due, "title": title}

        def event(user, created):
            """(kind, key, title, url, deadline) of one thing ``user`` hears about."""
            what, pool = pick(menus[user.id])
            item = pick(pool)
            if what == "revision":
                name, label = pick(revision_events)
                title = text["agenda"] % {
                    "s": abbreviation[item.kamer], "year": item.year, "event": label
                }  # fmt: skip
                key = f"event:revision:{item.id}:{name}:{created.isoformat()}"
                return "agenda", key, title, revision_url.format(item.id), None
            if what == "agreement":
                name, label = pick(agreement_events)
                title = text["agreement"] % {"title": item.title, "event": label}
                key = f"event:agreement:{item.id}:{name}:{created.isoformat()}"
                return "agreement", key, title, agreement_url.format(item.id), None
            if what in ("agreement_reminder", "report_reminder"):
                if what == "report_reminder":
                    source = f"report:{item.id}"
                    title = text["report"] % {"title": item.title}
                    offset = pick(offsets["progress_report"])
                else:
                    source = f"agreement:{item.id}"
                    title = text["due"] % {"title": item.title}
                    offset = pick(offsets["agreement"])
                due = item.deadline
                return (
                    "reminder",
                    f"reminder:{source}:{due.isoformat()}:{offset}",
                    reminder_title(title, due, offset, created),
                    agreement_url.format(item.id),
                    due,
                )
            if what == "conflict":
                title = text["conflict"] % {"name": self.qual_by_id[item.qual].name}
                key = f"event:notice:{item.id}:conflict"
                return "notice", key, title, notice_url.format(item.id), None
            if what == "dossier":
                state = pick(item.plan["path"])
                title = text["dossier"] % {
                    "reference": item.reference, "what": dossier_labels[state]
                }  # fmt: skip
                key = f"event:dossier:{item.id}:{state}:{created.isoformat()}"
                return "arbitration", key, title, dossier_url.format(item.id), None
            due = datetime.date(item, 1, 31)
            offset = pick(offsets["notice_cycle"])
            return (
                "reminder",
                f"reminder:notices:{item}:{due.isoformat()}:{offset}",
                reminder_title(text["notices"] % {"year": item}, due, offset, created),
                url["notice_list"],
                due,
            )

        seen = set()
        made = attempts = 0
        now, random = self.now, rng.random
        timedelta = datetime.timedelta
        while made < n and attempts < n * 3:
            attempts += 1
            user = people[bisect.bisect_right(cumulative, random() * total_weight)]
            age = min(720.0, rng.expovariate(1 / 120))
            created = now - timedelta(days=age)
            kind, key, title, link, deadline = event(user, created)
            if (user.id, key) in seen:
                continue
            seen.add((user.id, key))
            made += 1
            read_at = None
            if random() < (0.85 if age > 14 else 0.4):
                read_at = min(now, created + timedelta(hours=0.1 + random() * 240))
            channel = self.channels.get((user.id, kind), "immediate")
            attempts_made, emailed = 0, None
            if channel == "off":
                status = "off"
            elif channel in ("daily", "weekly"):
                status = "in_digest"
                emailed = min(now, created + timedelta(days=1 if channel == "daily" else 7))
            elif random() < 0.03:
                status, attempts_made = "failed", 6
            else:
                status, attempts_made = "sent", 1 if random() < 0.97 else 2
                emailed = min(now, created + timedelta(seconds=5 + random() * 900))
            table.add(
                recipient_id=user.id,
                kind=kind,
                key=key[:200],
                title=title[:255],
                url=link,
                deadline=deadline,
                late=kind == "reminder" and random() < 0.05,
                created_at=created,
                read_at=read_at,
                email_status=status,
                attempts=attempts_made,
                emailed_at=emailed,
            )
        # in the order they were written, as in a real database
        created_at = table.names.index("created_at")
        table.rows.sort(key=lambda row: row[created_at])

    # writing ----------------------------------------------------------------------------

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
        order = [
            Organisation,
            Organisation.regions.through,
            RegionalTable,
            RegionalTable.regions.through,
            TableMembership,
            User,
            RoleAssignment,
            NotificationPreference,
            Qualification,
            Agenda,
            AgendaRevision,
            Priority,
            Priority.qualifications.through,
            Priority.regions.through,
            Agreement,
            AgreementParty,
            Milestone,
            ProgrammeOfferRule,
            ProgrammeOfferRule.qualifications.through,
            ProgrammeOfferRule.regions.through,
            ProgressReport,
            StartStopNotice,
            NoticeConflict,
            ArbiterProfile,
            ArbiterProfile.expertise.through,
            Affiliation,
            ArbitrationAgreement,
            Dossier,
            Dossier.agreements.through,
            DossierParty,
            PanelMember,
            Challenge,
            ConflictDeclaration,
            ProceduralDeadline,
            Award,
            Award.signed_by.through,
            Document,
            Notification,
            StateLog,
        ]
        missing = set(self.tables) - set(order)
        if missing:
            raise RuntimeError(f"tables without a place in the write order: {missing}")
        # in the order they happened, as a real database fills up
        for model, column in ((ProgressReport, "reported_at"), (StateLog, "timestamp")):
            if model in self.tables:
                index = self.tables[model].names.index(column)
                self.tables[model].rows.sort(key=lambda row, i=index: row[i])
        written = [m for m in order if m in self.tables]
        rebuild = self.drop_indexes([m for m in written if len(self.tables[m].rows) >= 20000])
        bulk_mode = self.skip_row_triggers()
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
                self.check_foreign_keys(written)
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

    def write_placeholder(self):
        storage = private_storage()
        if not storage.exists(PLACEHOLDER_PATH):
            storage.save(PLACEHOLDER_PATH, ContentFile(PLACEHOLDER_PDF))

    def skip_row_triggers(self) -> bool:
        """Skip the row-by-row foreign-key triggers for this transaction when the database
        allows it (``session_replication_role``, superusers only, as pg_restore's
        --disable-triggers); ``check_foreign_keys`` then checks every reference at once."""
        if not self.writer.postgres:
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
        if not self.writer.postgres or not models:
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


def generate(*, factor: float, seed: int = 2027, log=None) -> dict:
    """Generate and write the scale data; returns the rows written per model."""
    return ScaleGenerator(factor=factor, seed=seed, log=log).run()


__all__ = ["generate", "scale_data_exists", "PASSWORD", "USERNAME_PREFIX"]
