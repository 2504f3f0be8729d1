from django.core.management.base import BaseCommand

from notifications import services


class Command(BaseCommand):
    help = "Write the reminders that are due (the sweep) and relay pending email."

    def handle(self, *args, **options):
        result = services.sweep()
        self.stdout.write(f"{result['deadlines']} deadlines, {result['created']} new reminders")
        services.relay_soon()
