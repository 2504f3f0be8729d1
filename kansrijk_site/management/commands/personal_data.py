"""A person's data: ``export`` as JSON (AVG right of access), or ``deactivate`` the account
(their history stays, as "former user"). SBB staff act through this command."""

import json

from django.core.management.base import BaseCommand, CommandError

from kansrijk_site.personal_data import export_person
from regions import services
from regions.models import User


class Command(BaseCommand):
    help = "Export a person's data as JSON, or deactivate their account (--deactivate)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--deactivate", action="store_true")
        parser.add_argument("--by", help="the SBB staff member acting (for --deactivate)")
        parser.add_argument("--reason", default="", help="why (for --deactivate)")

    def handle(self, *args, username, deactivate=False, by=None, reason="", **options):
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user named {username!r}.")
        if not deactivate:
            self.stdout.write(json.dumps(export_person(user), indent=2, ensure_ascii=False))
            return
        actor = User.objects.filter(username=by or "").first()
        if actor is None:
            raise CommandError("--by must name the SBB staff member who deactivates.")
        from django.core.exceptions import PermissionDenied, ValidationError

        try:
            services.deactivate_person(actor=actor, user=user, reason=reason)
        except (PermissionDenied, ValidationError) as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(f"{username} is deactivated: shown as '{user}' in the history.")
