"""Demo data: realistic organisations, regional tables and one demo user per role.

Idempotent: running it again creates nothing new. Every write goes through the services,
acting as the demo SBB administrator (the one account this command creates directly).
"""

import base64
import datetime

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction

from agendas.demo import seed_agendas, seed_signal_priorities, seed_topics
from agreements.demo import seed_agreements
from arbitration.demo import seed_arbitration
from atlas.demo import seed_atlas
from core.timeutils import cycle_year_for, local_today
from notifications.models import EmailStatus, Notification
from notifications.services import ensure_defaults
from practices.demo import seed_practices
from regions import services
from regions.models import (
    Arbeidsmarktregio,
    Organisation,
    OrganisationKind,
    RegionalTable,
    Role,
    Sectorkamer,
)
from regions.services import load_reference_data

DEMO_PASSWORD = "kansrijk-demo"
# The demo's privileged users (SBB staff, board, arbitration secretariat, arbiters) log in with
# a second factor: an authenticator with this fixed, printed key, so `make run` stays a
# one-command start. Never a real key: it is in the source.
DEMO_TOTP_KEY = "4b616e7372696a6b2064656d6f20746f74702121"  # hex, 20 bytes


def demo_secret() -> str:
    return base64.b32encode(bytes.fromhex(DEMO_TOTP_KEY)).decode()


def enrol_demo_second_factor(users) -> set[str]:
    """Give every demo user whose role needs a second factor the demo authenticator."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from regions.rules import needs_second_factor

    enrolled = set()
    for user in users:
        if needs_second_factor(user):
            TOTPDevice.objects.update_or_create(
                user=user, name="Demo", defaults={"key": DEMO_TOTP_KEY, "confirmed": True}
            )
            enrolled.add(user.username)
    return enrolled


K = OrganisationKind
ORGANISATIONS = [
    # name, kind, institution code, city, arbeidsmarktregio codes
    ("SBB", K.SBB, "", "Zoetermeer", []),
    ("Albeda College", K.MBO_INSTITUTION, "00GT", "Rotterdam", ["AM22"]),
    ("Zadkine", K.MBO_INSTITUTION, "01NK", "Rotterdam", ["AM22"]),
    ("Alfa-college", K.MBO_INSTITUTION, "01OE", "Groningen", ["AM01", "AM03"]),
    ("Noorderpoort", K.MBO_INSTITUTION, "01AP", "Groningen", ["AM01"]),
    ("ROC van Twente", K.MBO_INSTITUTION, "25LR", "Hengelo", ["AM05"]),
    ("ROC van Amsterdam", K.MBO_INSTITUTION, "25LJ", "Amsterdam", ["AM18"]),
    ("Techniek Nederland", K.BRANCH, "", "Gouda", []),
    ("TLN (Transport en Logistiek Nederland)", K.BRANCH, "", "Zoetermeer", []),
    ("FNV", K.UNION, "", "Utrecht", []),
    ("Erasmus MC", K.EMPLOYER, "", "Rotterdam", ["AM22"]),
    ("Maasstad Ziekenhuis", K.EMPLOYER, "", "Rotterdam", ["AM22"]),
    ("Royal Schiphol Group", K.EMPLOYER, "", "Schiphol", ["AM18"]),
    (
        "OTIB (Opleidingsfonds installatietechniek)",
        K.TRAINING_FUND,
        "",
        "Zoetermeer",
        [],
    ),
    ("Gemeente Rotterdam", K.GOVERNMENT, "", "Rotterdam", ["AM22"]),
    ("Arbitrage-instituut Onderwijs", K.OTHER, "", "Utrecht", []),
]

TABLES = [
    # name, region codes, sectorkamer code, member organisations
    (
        "Rotterdamse Zorg",
        ["AM22"],
        "03",
        [
            "Albeda College",
            "Zadkine",
            "Erasmus MC",
            "Maasstad Ziekenhuis",
            "Gemeente Rotterdam",
        ],
    ),
    (
        "Techniek Twente",
        ["AM05"],
        "01",
        ["ROC van Twente", "Techniek Nederland", "FNV"],
    ),
    ("Groningen Werkt", ["AM01"], None, ["Alfa-college", "Noorderpoort"]),
]

# username, first name, last name, organisation, role, scope, side, description
USERS = [
    ("bestuur", "Anna", "de Vries", "SBB", Role.BOARD_MEMBER, None, "", "SBB-bestuurslid"),
    ("secretaris", "Sanne", "Jansen", "SBB", Role.SECTORKAMER_SECRETARY, "01", "",
     "secretaris sectorkamer Techniek en gebouwde omgeving"),
    ("lid-onderwijs", "Pieter", "Bakker", "ROC van Twente", Role.SECTORKAMER_MEMBER, "01",
     "education", "lid sectorkamer TGO, onderwijszijde"),
    ("lid-bedrijfsleven", "Karin", "Visser", "Techniek Nederland", Role.SECTORKAMER_MEMBER, "01",
     "business", "lid sectorkamer TGO, bedrijfslevenzijde"),
    ("coordinator", "Mohammed", "el Amrani", "Albeda College", Role.TABLE_COORDINATOR,
     "Rotterdamse Zorg", "", "coordinator regionale tafel Rotterdamse Zorg"),
    ("tafellid", "Lotte", "Smit", "Erasmus MC", Role.TABLE_MEMBER, "Rotterdamse Zorg", "",
     "lid regionale tafel Rotterdamse Zorg"),
    ("school", "Jeroen", "de Boer", "Albeda College", Role.ORGANISATION_REPRESENTATIVE,
     "Albeda College", "", "vertegenwoordiger Albeda College"),
    ("otib", "Ingrid", "Bos", "OTIB (Opleidingsfonds installatietechniek)",
     Role.ORGANISATION_REPRESENTATIVE, "OTIB (Opleidingsfonds installatietechniek)", "",
     "vertegenwoordiger OTIB (wederpartij in de arbitragedemo)"),
    ("secretaris-zws", "Mirjam", "Hendriks", "SBB", Role.SECTORKAMER_SECRETARY, "03", "",
     "secretaris sectorkamer Zorg, welzijn en sport"),
    ("secretaris-mtlm", "Bas", "Kok", "SBB", Role.SECTORKAMER_SECRETARY, "02", "",
     "secretaris sectorkamer Mobiliteit, transport, logistiek en maritiem"),
    ("secretariaat", "Fatma", "Yilmaz", "SBB", Role.ARBITRATION_SECRETARIAT, None, "",
     "arbitragesecretariaat SBB"),
    ("arbiter", "Hendrik", "Mulder", "Arbitrage-instituut Onderwijs", Role.ARBITER, None, "",
     "arbiter"),
]  # fmt: skip


ALSO_REPRESENTS = [("lid-bedrijfsleven", "Techniek Nederland")]


class Command(BaseCommand):
    help = "Create demo organisations, regional tables and one demo user per role (idempotent)."

    @transaction.atomic
    def handle(self, *args, **options):
        load_reference_data()
        ensure_defaults(cycle_year_for(local_today()))
        User = get_user_model()
        regions = {r.code: r for r in Arbeidsmarktregio.objects.all()}
        sectorkamers = {s.code: s for s in Sectorkamer.objects.all()}

        sbb = Organisation.objects.filter(name="SBB").first()
        admin = User.objects.filter(username="beheer").first()
        if admin is None:
            admin = User.objects.create_user(
                "beheer",
                email="beheer@kansrijk.example",
                password=DEMO_PASSWORD,
                first_name="Els",
                last_name="Vermeulen",
                is_staff=True,
            )

        orgs = {o.name: o for o in Organisation.objects.all()}
        for name, kind, code, city, region_codes in ORGANISATIONS:
            if name not in orgs:
                orgs[name] = services.create_organisation(
                    actor=admin,
                    name=name,
                    kind=kind,
                    institution_code=code,
                    city=city,
                    regions=[regions[c] for c in region_codes],
                )
        sbb = orgs["SBB"]
        if admin.organisation_id is None:
            admin.organisation = sbb
            admin.save(update_fields=["organisation"])

        tables = {t.name: t for t in RegionalTable.objects.all()}
        for name, region_codes, sk_code, members in TABLES:
            if name not in tables:
                tables[name] = services.create_regional_table(
                    actor=admin,
                    name=name,
                    regions=[regions[c] for c in region_codes],
                    sectorkamer=sectorkamers.get(sk_code) if sk_code else None,
                    members=[orgs[m] for m in members],
                )

        rows = [("beheer", "SBB-beheerder (Django-beheer, organisaties en rollen)")]
        for username, first, last, org_name, role, scope, side, description in USERS:
            user = User.objects.filter(username=username).first()
            if user is None:
                user = User.objects.create_user(
                    username,
                    email=f"{username}@kansrijk.example",
                    password=DEMO_PASSWORD,
                    first_name=first,
                    last_name=last,
                    organisation=orgs[org_name],
                    # the secretariat maintains the procedural rules in the administration
                    is_staff=role == Role.ARBITRATION_SECRETARIAT,
                )
            if not user.role_assignments.filter(role=role).exists():
                scope_kwargs = {}
                if role in (Role.SECTORKAMER_SECRETARY, Role.SECTORKAMER_MEMBER):
                    scope_kwargs["sectorkamer"] = sectorkamers[scope]
                elif role in (Role.TABLE_COORDINATOR, Role.TABLE_MEMBER):
                    scope_kwargs["regional_table"] = tables[scope]
                elif role == Role.ORGANISATION_REPRESENTATIVE:
                    scope_kwargs["organisation"] = orgs[scope]
                services.assign_role(
                    actor=admin,
                    user=user,
                    role=role,
                    side=side,
                    valid_from=datetime.date(local_today().year - 3, 1, 1),
                    **scope_kwargs,
                )
            rows.append((username, description))

        # A sectorkamer member who also represents her organisation (Pieter is a member only).
        for username, org_name in ALSO_REPRESENTS:
            user = User.objects.get(username=username)
            if not user.role_assignments.filter(role=Role.ORGANISATION_REPRESENTATIVE).exists():
                services.assign_role(
                    actor=admin,
                    user=user,
                    role=Role.ORGANISATION_REPRESENTATIVE,
                    organisation=orgs[org_name],
                    valid_from=datetime.date(local_today().year - 3, 1, 1),
                )
        seed_agendas(
            secretaries={
                "TGO": User.objects.get(username="secretaris"),
                "ZWS": User.objects.get(username="secretaris-zws"),
                "MTLM": User.objects.get(username="secretaris-mtlm"),
            },
            board_member=User.objects.get(username="bestuur"),
        )
        seed_atlas(loaded_by=User.objects.filter(is_staff=True).order_by("pk").first())
        seed_signal_priorities(secretary=User.objects.get(username="secretaris"))
        seed_topics(users={u.username: u for u in User.objects.all()})

        seed_agreements(users={u.username: u for u in User.objects.all()})
        seed_practices(users={u.username: u for u in User.objects.all()})

        def make_user(username, first, last, role):
            user = User.objects.filter(username=username).first()
            if user is None:
                user = User.objects.create_user(
                    username, email=f"{username}@kansrijk.example", password=DEMO_PASSWORD,
                    first_name=first, last_name=last,
                )  # fmt: skip
                services.assign_role(
                    actor=admin, user=user, role=role,
                    valid_from=datetime.date(local_today().year - 3, 1, 1),
                )  # fmt: skip
            return user

        seed_arbitration(users={u.username: u for u in User.objects.all()}, make_user=make_user)

        # The demo's own events stay in the app: no email for what happened while seeding.
        Notification.objects.filter(email_status=EmailStatus.PENDING).update(
            email_status=EmailStatus.OFF
        )

        enrolled = enrol_demo_second_factor(User.objects.filter(is_active=True))

        self.stdout.write(f"Demo users (password for all: {DEMO_PASSWORD}):")
        for username, description in rows:
            second = " (second factor)" if username in enrolled else ""
            self.stdout.write(f"  {username:<18} {description}{second}")
        self.stdout.write(
            f"Second factor of the demo users marked so: authenticator key {demo_secret()} "
            "(add it to an authenticator app), or `python manage.py demo_code` for the "
            "current code."
        )
