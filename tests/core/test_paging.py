"""counted_page: the Paginator's page and count in one query."""

import pytest
from django.core.paginator import Paginator

from core.paging import counted_page
from regions.models import Organisation, OrganisationKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def seven():
    Organisation.objects.bulk_create(
        Organisation(name=f"Org {i}", kind=OrganisationKind.BRANCH) for i in range(7)
    )
    return Organisation.objects.filter(name__startswith="Org ").order_by("name")


@pytest.mark.parametrize("number", [1, 2, 3, "2", None, "x", "", 4, 99, 0, -1])
def test_the_same_page_as_the_paginator(seven, number):
    expected = Paginator(seven, 3).get_page(number)
    page = counted_page(seven, 3, number)
    assert [o.pk for o in page.object_list] == [o.pk for o in expected.object_list]
    assert (page.number, page.paginator.count, page.paginator.num_pages) == (
        expected.number, 7, 3,
    )  # fmt: skip
    assert (page.has_next(), page.has_previous()) == (expected.has_next(), expected.has_previous())


@pytest.mark.parametrize("number", [1, 2, 3, None, "x"])
def test_a_page_within_the_list_is_one_query(seven, number, django_assert_num_queries):
    with django_assert_num_queries(1):
        page = counted_page(seven, 3, number)
        assert page.paginator.count == 7 and page.paginator.num_pages == 3


def test_past_the_end_costs_the_count_and_shows_the_last_page(seven, django_assert_num_queries):
    with django_assert_num_queries(3):  # the empty page, the count, the last page
        page = counted_page(seven, 3, 5)
        assert page.number == 3 and len(page.object_list) == 1


def test_an_empty_list_is_one_page_and_one_query(django_assert_num_queries):
    with django_assert_num_queries(1):
        page = counted_page(Organisation.objects.filter(name="nobody").order_by("pk"), 3, 1)
        assert list(page.object_list) == [] and page.paginator.count == 0
    assert page.paginator.num_pages == 1 and not page.has_next()


def test_a_distinct_list_is_counted_after_its_duplicates_merge(reference, seven):
    from regions.models import Arbeidsmarktregio

    two = list(Arbeidsmarktregio.objects.order_by("code")[:2])
    for org in seven[:2]:
        org.regions.set(two)  # each row twice in the join
    joined = seven.filter(regions__in=two).distinct()
    page = counted_page(joined, 3, 1)
    assert page.paginator.count == 2 == Paginator(joined, 3).count
    assert len(page.object_list) == 2
