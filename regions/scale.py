"""Scale data of the regions app (organisations (schools, employers, branches, unions, training
funds), the regional tables, the users and their roles): one part of ``kansrijk_site.scale``'s
generator, written through ``core.seeding``."""

import datetime
import math
from collections import Counter, defaultdict
from types import SimpleNamespace

from django.contrib.auth.hashers import make_password

from core.seeding import capitalise, slug
from regions.models import (
    Organisation,
    RegionalTable,
    RoleAssignment,
    TableMembership,
    User,
)

USERNAME_PREFIX = "scale-"
LEAVERS = ("lid-", "tafellid-", "school-", "vertegenwoordiger-")
PASSWORD = "kansrijk-schaal"
EMAIL_DOMAIN = "kansrijk-schaal.example"

# fmt: off
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
PROVINCES = ["Groningen", "Fryslân", "Drenthe", "Overijssel", "Gelderland", "Flevoland",
             "Utrecht", "Noord-Holland", "Zuid-Holland", "Zeeland", "Noord-Brabant", "Limburg"]
# fmt: on


def scale_data_exists() -> bool:
    return User.objects.filter(username__startswith=USERNAME_PREFIX).exists()


class RegionsScale:
    """The regions part of the scale generator: a mixin of
    ``kansrijk_site.scale.ScaleGenerator``, whose helpers and shared state it uses."""

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
                term = {
                    "user_id": pk,
                    "role": role,
                    "side": scope.get("side", ""),
                    "sectorkamer_id": scope.get("sectorkamer_id"),
                    "regional_table_id": scope.get("regional_table_id"),
                    "organisation_id": scope.get("organisation_id"),
                }
                valid_from = self.day_between(datetime.date(self.year - 9, 1, 1), first_history)
                valid_until = None
                if left and index == 0:
                    valid_until = self.day_between(
                        datetime.date(self.year - 2, 1, 1), self.today - datetime.timedelta(days=30)
                    )
                elif rng.random() < 0.08:  # a term that ends in the coming years
                    valid_until = datetime.date(self.year + self.randint(0, 3), 12, 31)
                roles.add(**term, valid_from=valid_from, valid_until=valid_until)
                if rng.random() < 0.06:  # an earlier term of the same role, ended before
                    old_until = valid_from - datetime.timedelta(days=self.randint(30, 400))
                    old_from = old_until - datetime.timedelta(days=self.randint(200, 1500))
                    roles.add(**term, valid_from=old_from, valid_until=old_until)
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
