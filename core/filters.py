"""Filters shared by the list pages and the API (django-filter)."""

import functools
import operator

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class SearchFilter(django_filters.CharFilter):
    """The free-text search ``q`` of a list: the rows matching any of ``lookups`` (such as
    ``"name__icontains"``) for the value given; an empty value filters nothing."""

    def __init__(self, *lookups: str, **kwargs):
        self.lookups = lookups
        kwargs.setdefault("label", _("Search"))
        super().__init__(**kwargs)

    def filter(self, qs, value):
        if value in django_filters.constants.EMPTY_VALUES:
            return qs
        matches = (Q(**{lookup: value}) for lookup in self.lookups)
        return qs.filter(functools.reduce(operator.or_, matches))


class SortFilter(django_filters.OrderingFilter):
    """Sortable columns (``?sort=deadline``, ``?sort=-deadline``), ties broken by the primary
    key so that pages never repeat or skip a row; unsorted, the queryset keeps its order."""

    def filter(self, qs, value):
        if value in django_filters.constants.EMPTY_VALUES:
            return qs
        ordering = [self.get_ordering_value(param) for param in value]
        return qs.order_by(*ordering, "pk")


def filter_chips(filterset, query) -> list[dict]:
    """The filters a list is narrowed by, each as a chip with the query string that drops it
    (``query``: the request's GET), for the "chosen filters" row above a list."""
    form = filterset.form
    if not form.is_bound or not form.is_valid():
        return []
    chips = []
    for name, field in form.fields.items():
        value = form.cleaned_data.get(name)
        if value in (None, "", [], ()) or name in ("sort", "page"):
            continue
        if isinstance(field, forms.ModelChoiceField):  # its object names itself: no query
            shown = [str(value)]
        else:
            choices = dict(getattr(field, "choices", ()) or ())
            values = value if isinstance(value, list) else [query.get(name)]
            shown = [str(choices.get(v, v)) for v in values]
        for raw, text in zip(query.getlist(name), shown, strict=False):
            rest = query.copy()
            rest.setlist(name, [v for v in query.getlist(name) if v != raw])
            rest.pop("page", None)
            chips.append({"label": field.label, "value": text, "without": rest.urlencode()})
    return chips
