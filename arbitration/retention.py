"""What arbitration keeps for a limited time (registered with core.retention): the access log,
and closed dossiers. A closed dossier past its period loses its documents (rows and files)
and its contents (claim, requested ruling, minutes, settlement terms, hearing place, panel
notes, the reasons in its transition log and its edit history); its reference, parties, state,
dates and award stay, so the statistics and the award remain."""

from django.db import transaction
from django.db.models import Max, OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm_log.models import StateLog

from core.retention import Kind, register, remove

from .models import FINAL_STATES, AccessLogEntry, Document, Dossier

ANONYMISED = {"claim": "", "ruling_requested": "", "minutes": "", "settlement_terms": "",
              "hearing_place": ""}  # fmt: skip


def closed_before(cutoff):
    """Dossiers in a final state since before ``cutoff`` (their last transition), not yet
    anonymised."""
    last = (
        StateLog.objects.filter(content_type__app_label="arbitration",
                                content_type__model="dossier", object_id=OuterRef("pk"))
        .values("object_id").annotate(last=Max("timestamp")).values("last")
    )  # fmt: skip
    return (
        Dossier.objects.filter(state__in=FINAL_STATES, anonymised_at__isnull=True)
        .annotate(closed_at=Subquery(last))
        .filter(closed_at__lt=cutoff)
    )


def anonymise_closed_dossiers(cutoff, dry_run: bool) -> int:
    dossiers = list(closed_before(cutoff).values_list("pk", flat=True))
    if dry_run or not dossiers:
        return len(dossiers)
    documents = Document.objects.filter(dossier_id__in=dossiers)
    files = [(d.file.storage, d.file.name) for d in documents.only("file")]
    documents.delete()
    # Files go once the rows are gone for good: a failed run leaves them where they were.
    transaction.on_commit(lambda: [storage.delete(name) for storage, name in files])
    Dossier.objects.filter(pk__in=dossiers).update(
        **ANONYMISED, panel_notes="", anonymised_at=timezone.now()
    )
    Dossier.history.filter(id__in=dossiers).update(**ANONYMISED)
    StateLog.objects.filter(content_type__app_label="arbitration", content_type__model="dossier",
                            object_id__in=dossiers).update(description="")  # fmt: skip
    return len(dossiers)


register(Kind("closed_dossiers", _("closed arbitration dossiers (documents and contents)"),
              7 * 365, anonymise_closed_dossiers))  # fmt: skip
register(Kind(
    "access_log", _("access log of arbitration content"), 10 * 365,
    lambda cutoff, dry_run: remove(AccessLogEntry.objects.filter(at__lt=cutoff), dry_run),
))  # fmt: skip
