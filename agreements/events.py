"""Events agreements announces to the apps above it, which connect to them in their
``AppConfig.ready()`` (agreements imports none of them).

``conflict_escalated`` is sent inside the transaction of ``services.resolve_conflict`` when a
start/stop notice conflict is escalated; a receiver's return value (arbitration answers with
the draft dossier it prepared) comes back as the resolution's ``escalation``, and a
receiver's ``ValidationError`` undoes the whole resolution."""

from django.dispatch import Signal

conflict_escalated = Signal()  # sent with actor=, conflict=
