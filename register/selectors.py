"""The public register's reads: only the states and fields that ``public.py`` lists, each
page in a fixed number of queries."""

import django_filters
from django.db.models import Count, F, Prefetch, QuerySet, Window, prefetch_related_objects
from django.utils.translation import gettext_lazy as _

from agendas.models import AgendaRevision, Priority
from agendas.selectors import revision_diff
from agreements.models import (
    Agreement,
    AgreementParty,
    Category,
    Milestone,
    ProgressReport,
)
from agreements.selectors import AGREEMENTS_SHOWN, in_region, of_sectorkamers
from atlas.models import Qualification
from core.filters import SearchFilter
from practices.models import Practice
from practices.selectors import PracticeFilter
from regions.models import Arbeidsmarktregio, RegionalTable, Sectorkamer

from . import public

ALL = _("All")


def _related(prefix: str, fields) -> list[str]:
    return [f"{prefix}__{name}" for name in fields]


def sectorkamers() -> QuerySet:
    return Sectorkamer.objects.only(*public.SECTORKAMER_FIELDS).order_by("code")


def revisions() -> QuerySet:
    """Ratified agenda revisions, with their agenda and sectorkamer."""
    return (
        AgendaRevision.objects.filter(state__in=public.REVISION_STATES, ratified_at__isnull=False)
        .select_related("agenda__sectorkamer")
        .only(
            *public.REVISION_FIELDS,
            *_related("agenda", public.AGENDA_FIELDS),
            *_related("agenda__sectorkamer", public.SECTORKAMER_FIELDS),
        )
    )


def agreements() -> QuerySet:
    """Agreements in force or finished, with their owner's and regional table's names."""
    return (
        Agreement.objects.filter(state__in=public.AGREEMENT_STATES)
        .select_related("owner", "regional_table")
        .only(
            *public.AGREEMENT_FIELDS,
            *_related("owner", public.ORGANISATION_FIELDS),
            *_related("regional_table", public.TABLE_FIELDS),
        )
    )


def public_priorities() -> Prefetch:
    return Prefetch(
        "priorities",
        queryset=Priority.objects.only(*public.PRIORITY_FIELDS)
        .order_by("order", "pk")
        .prefetch_related(
            Prefetch(
                "qualifications", queryset=Qualification.objects.only(*public.QUALIFICATION_FIELDS)
            ),
            Prefetch("regions", queryset=Arbeidsmarktregio.objects.only(*public.REGION_FIELDS)),
        ),
    )


def add_public_agreements(priorities) -> None:
    """Each priority gets ``public_agreements``: its first ``AGREEMENTS_SHOWN`` public
    agreements by title, each row carrying how many the priority has in all (a window count
    taken before the slice), and ``more_agreements``: one query, one page per priority."""
    prefetch_related_objects(
        priorities,
        Prefetch(
            "agreements",
            queryset=agreements()
            .annotate(of_priority=Window(Count("pk"), partition_by=[F("priority_id")]))
            .order_by("title", "pk")[:AGREEMENTS_SHOWN],
            to_attr="public_agreements",
        ),
    )
    for priority in priorities:
        shown = priority.public_agreements
        priority.more_agreements = shown[0].of_priority - len(shown) if shown else 0


def index() -> list[tuple]:
    """Each sectorkamer with its public revisions, newest first (two queries)."""
    by_kamer: dict[int, list] = {}
    for revision in revisions().order_by("-year"):
        by_kamer.setdefault(revision.agenda.sectorkamer_id, []).append(revision)
    return [(kamer, by_kamer.get(kamer.pk, [])) for kamer in sectorkamers()]


def sectorkamer_page(code: str):
    """The sectorkamer, its ratified revisions and its public agreements (sector agreements
    and regional commitments), or None for an unknown code."""
    kamer = sectorkamers().filter(code=code).first()
    if kamer is None:
        return None
    kamer_revisions = list(revisions().filter(agenda__sectorkamer=kamer).order_by("-year"))
    kamer_agreements = list(
        agreements().filter(of_sectorkamers([kamer.pk])).order_by("regional_table_id", "title")
    )
    return {
        "sectorkamer": kamer,
        "revisions": kamer_revisions,
        "sector_agreements": [a for a in kamer_agreements if a.regional_table_id is None],
        "commitments": commitments_by_region(
            [a for a in kamer_agreements if a.regional_table_id is not None]
        ),
    }


def commitments_by_region(commitments: list) -> list[tuple]:
    """Regional commitments per arbeidsmarktregio of their table (one query)."""
    table_ids = {c.regional_table_id for c in commitments}
    regions_of: dict[int, list] = {}
    for table_id, code, name in RegionalTable.regions.through.objects.filter(
        regionaltable_id__in=table_ids
    ).values_list("regionaltable_id", "arbeidsmarktregio__code", "arbeidsmarktregio__name"):
        regions_of.setdefault(table_id, []).append((code, name))
    by_region: dict[tuple, list] = {}
    for commitment in commitments:
        for region in regions_of.get(commitment.regional_table_id, []):
            by_region.setdefault(region, []).append(commitment)
    return sorted(by_region.items(), key=lambda item: item[0][1])


def revision_page(code: str, year: int):
    """A ratified agenda with its priorities (and the public agreements under each) and the
    changes from the previous ratified one, or None."""
    found = list(
        revisions()
        .filter(agenda__sectorkamer__code=code, year__lte=year)
        .prefetch_related(public_priorities())
        .order_by("-year")[:2]
    )
    if not found or found[0].year != year:
        return None
    revision = found[0]
    previous = found[1] if len(found) > 1 else None  # its priorities only, for the changes
    add_public_agreements(list(revision.priorities.all()))
    changes = revision_diff(previous, revision) if previous else []
    return {"revision": revision, "previous": previous,
            "changes": [c for c in changes if c.status != "unchanged"]}  # fmt: skip


def agreement_page(pk: int):
    """A public agreement with its priority (when that is public), parties, milestones,
    reports and regional commitments, or None."""
    agreement = (
        agreements()
        .filter(pk=pk)
        .prefetch_related(
            Prefetch(
                "parties",
                queryset=AgreementParty.objects.select_related("organisation")
                .only(*public.PARTY_FIELDS, *_related("organisation", public.ORGANISATION_FIELDS))
                .order_by("role", "organisation__name"),
            ),
            Prefetch(
                "milestones",
                queryset=Milestone.objects.only(*public.MILESTONE_FIELDS, "id").order_by(
                    "due_date"
                ),
            ),
            Prefetch(
                "progress_reports",
                queryset=ProgressReport.objects.only(*public.REPORT_FIELDS, "id").order_by(
                    "period_end"
                ),
            ),
            Prefetch(
                "commitments",
                queryset=agreements().order_by("regional_table__name"),
                to_attr="public_commitments",
            ),
        )
        .first()
    )
    if agreement is None:
        return None
    priority = None
    if agreement.priority_id:
        priority = (
            Priority.objects.filter(
                pk=agreement.priority_id,
                revision__state__in=public.REVISION_STATES,
                revision__ratified_at__isnull=False,
            )
            .select_related("revision__agenda__sectorkamer")
            .only(
                "id",
                "title",
                "revision__year",
                "revision__state",
                "revision__agenda__sectorkamer__code",
                "revision__agenda__sectorkamer__name",
            )  # fmt: skip
            .first()
        )
    parent = None
    if agreement.parent_id:
        parent = agreements().filter(pk=agreement.parent_id).first()
    return {"agreement": agreement, "priority": priority, "parent": parent}


class PublicAgreementFilter(django_filters.FilterSet):
    """Search and filters of the public list of agreements."""

    q = SearchFilter("title__icontains", "description__icontains", "owner__name__icontains")
    sectorkamer = django_filters.ModelChoiceFilter(
        label=_("Sectorkamer"), queryset=sectorkamers(), to_field_name="code",
        method="filter_sectorkamer", empty_label=ALL,
    )  # fmt: skip
    category = django_filters.ChoiceFilter(
        label=_("Category"), choices=Category.choices, empty_label=ALL
    )
    state = django_filters.ChoiceFilter(
        label=_("Status"), empty_label=ALL,
        choices=[(s.value, s.label) for s in public.AGREEMENT_STATES],
    )  # fmt: skip
    region = django_filters.ModelChoiceFilter(
        label=_("Arbeidsmarktregio"), queryset=Arbeidsmarktregio.objects.order_by("name"),
        to_field_name="code", method="filter_region", empty_label=ALL,
    )  # fmt: skip

    class Meta:
        model = Agreement
        fields = ["q", "sectorkamer", "category", "state", "region"]

    def filter_sectorkamer(self, queryset, name, value):
        return queryset.filter(of_sectorkamers([value.pk]))

    def filter_region(self, queryset, name, value):
        return queryset.filter(in_region(value))


def practices() -> QuerySet:
    """Published practice with its sectorkamer, contact organisation and regions; the
    agreement it is about only when that agreement is public itself (``public_agreement``)."""
    from django.db.models import Case, F, When

    return (
        Practice.objects.filter(state__in=public.PRACTICE_STATES)
        .select_related("sectorkamer", "contact_organisation")
        .only(
            *public.PRACTICE_FIELDS,
            *_related("sectorkamer", public.SECTORKAMER_FIELDS),
            *_related("contact_organisation", public.ORGANISATION_FIELDS),
        )
        .annotate(
            public_agreement=Case(
                When(agreement__state__in=public.AGREEMENT_STATES, then=F("agreement_id"))
            )
        )
        .prefetch_related(
            Prefetch("regions", queryset=Arbeidsmarktregio.objects.only(*public.REGION_FIELDS))
        )
        .order_by("-reviewed_at", "-pk")
    )


class PublicPracticeFilter(PracticeFilter):
    """The practice filters of the inside pages, on the public list."""
