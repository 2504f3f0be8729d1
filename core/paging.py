"""Paging a list in one query."""

from django.core.paginator import Page, Paginator
from django.db.models import Count, Window


def counted_page(queryset, per_page: int, number) -> Page:
    """``Paginator(queryset, per_page).get_page(number)`` in one query instead of two: the
    page's rows carry the total as a window count. Only a page past the end (or below 1)
    costs the Paginator's count as well, and then shows the last page, as ``get_page`` does;
    a ``number`` that is not a whole number is page 1. A DISTINCT list is counted apart."""
    try:
        wanted = int(number)
    except (TypeError, ValueError):
        wanted = 1
    paginator = Paginator(queryset, per_page)
    if wanted < 1 or queryset.query.distinct:
        # a window counts the rows before DISTINCT merges them: count apart
        return paginator.get_page(number)
    start = (wanted - 1) * per_page
    rows = list(queryset.annotate(paged_total=Window(Count("pk")))[start : start + per_page])
    if not rows and wanted > 1:
        return paginator.get_page(number)
    paginator.count = rows[0].paged_total if rows else 0
    return Page(rows, wanted, paginator)
