"""Reads shared by the practice pages and API (the public register reads its own fields)."""

import django_filters
from django.db.models import Q, QuerySet
from django.forms import HiddenInput
from django.utils.translation import gettext_lazy

from agreements.models import Category
from core.filters import SearchFilter
from regions.models import Arbeidsmarktregio, Sectorkamer

from .models import Practice, PracticeKind, PracticeState

ALL = gettext_lazy("All")


def visible_practices(user) -> QuerySet:
    """Practices the user may see (the queryset form of ``practices.view_practice``):
    published ones for every user; the others for the sectorkamer, the board, SBB staff and
    the submitter."""
    from regions.rules import visible_rows

    return visible_rows(
        user,
        Practice.objects.all(),
        lambda roles: (
            Q(state=PracticeState.PUBLISHED)
            | Q(sectorkamer_id__in=roles.secretary_of | roles.member_of)
            | Q(submitted_by=user)
        ),
    )


def practice_queryset(user) -> QuerySet:
    return (
        visible_practices(user)
        .select_related("sectorkamer", "agreement", "priority__revision", "contact_organisation")
        .prefetch_related("regions")
    )


class PracticeFilter(django_filters.FilterSet):
    """Practices by sectorkamer, category, region and kind, and free text: the same filters
    inside and on the public register."""

    q = SearchFilter(
        "title__icontains", "what_was_done__icontains", "result__icontains",
        "lessons__icontains",
    )  # fmt: skip
    sectorkamer = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Sectorkamer"), queryset=Sectorkamer.objects.order_by("name"),
        to_field_name="code", empty_label=ALL,
    )  # fmt: skip
    category = django_filters.ChoiceFilter(
        label=gettext_lazy("Category"), choices=Category.choices, empty_label=ALL
    )
    region = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Arbeidsmarktregio"),
        queryset=Arbeidsmarktregio.objects.order_by("name"),
        to_field_name="code", field_name="regions", empty_label=ALL,
    )  # fmt: skip
    agreement = django_filters.NumberFilter(label=gettext_lazy("Agreement"), widget=HiddenInput)
    kind = django_filters.ChoiceFilter(
        label=gettext_lazy("Kind"), choices=PracticeKind.choices, empty_label=ALL
    )
