"""The current code of the demo authenticator (``seed_demo``'s fixed key), for ``make run``."""

import time

from django.core.management.base import BaseCommand
from django_otp.oath import TOTP

from .seed_demo import DEMO_TOTP_KEY


def current_code() -> str:
    totp = TOTP(bytes.fromhex(DEMO_TOTP_KEY))
    totp.time = time.time()
    return f"{totp.token():06d}"


class Command(BaseCommand):
    help = "Print the current second-factor code of the demo users."

    def handle(self, *args, **options):
        self.stdout.write(current_code())
