"""Filters shared by the list pages and the API (django-filter)."""

import functools
import operator

import django_filters
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
