"""The attention list: how urgent an item is, the order of the list, the count the navigation
shows, and the home page that lists it (the apps' sources are tested in their own folders)."""

import datetime
import re

import pytest
from django.core.cache import cache
from django.urls import reverse
from redis.exceptions import RedisError

from notifications import registry, selectors
from notifications.registry import AttentionItem
from notifications.selectors import Urgency, attention_count, attention_for, urgency
from regions.models import Role

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2027, 1, 10)


def days(n):
    return TODAY + datetime.timedelta(days=n)


@pytest.mark.parametrize(
    ("offset", "expected"),
    [
        (-1, Urgency.OVERDUE),
        (0, Urgency.TODAY),
        (1, Urgency.THIS_WEEK),
        (7, Urgency.THIS_WEEK),
        (8, Urgency.THIS_MONTH),
        (31, Urgency.THIS_MONTH),
        (32, Urgency.LATER),
    ],
)
def test_urgency_at_its_edges(offset, expected):
    assert urgency(days(offset), TODAY) == expected


def test_without_a_deadline_an_item_comes_last():
    assert urgency(None, TODAY) == Urgency.NO_DEADLINE
    assert max(Urgency) == Urgency.NO_DEADLINE


def test_every_domain_app_registers_its_attention_sources():
    names = {f"{s.__module__}.{s.__qualname__}" for s in registry.attention_sources()}
    assert names == {
        "agendas.attention.revision_steps",
        "agendas.attention.topics_to_decide",
        "agendas.attention.board_ratification",
        "agreements.attention.secretary_agreements",
        "agreements.attention.representative_agreements",
        "agreements.attention.table_agreements",
        "practices.attention.practices_to_review",
        "arbitration.attention.secretariat_desk",
        "arbitration.attention.arbiter_seats",
    }


# -- the list of every source -----------------------------------------------------------

# (source, due, title) in the order a source might yield them; the list sorts them. Within
# an urgency the due decides, against the titles; without a due, the title decides.
UNSORTED = [
    ("none-b", None, "B"),
    ("later", days(40), "A"),
    ("month-late", days(20), "A"),
    ("overdue-recent", days(-1), "A"),
    ("week", days(7), "A"),
    ("none-a", None, "A"),
    ("month-early", days(8), "B"),
    ("today", days(0), "A"),
    ("overdue-old", days(-5), "B"),
]
SORTED = [
    "overdue-old",
    "overdue-recent",
    "today",
    "week",
    "month-early",
    "month-late",
    "later",
    "none-a",
    "none-b",
]


@pytest.fixture
def only_fake_sources(monkeypatch):
    """Replace the apps' sources by the ones a test registers (the registry is restored)."""
    monkeypatch.setattr(registry, "_ATTENTION", {})
    calls = []

    def register(entries, name="fake"):
        def source(user, roles, today):
            calls.append((user, roles, today))
            for source_id, due, title in entries:
                yield AttentionItem("fake", source_id, title, "Open", f"/{source_id}/", due)

        source.__qualname__ = name
        registry.attention_source(source)

    register.calls = calls
    return register


@pytest.fixture
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


def test_the_list_is_sorted_by_urgency_then_due(only_fake_sources, make_user, fresh_cache):
    only_fake_sources(UNSORTED[:4], name="first")
    only_fake_sources(UNSORTED[4:], name="second")
    user = make_user(Role.BOARD_MEMBER)
    entries = attention_for(user, today=TODAY)
    assert [e.item.source for e in entries] == SORTED
    by_source = {e.item.source: e for e in entries}
    assert by_source["overdue-old"].urgency == Urgency.OVERDUE
    assert (by_source["overdue-old"].days, by_source["overdue-old"].days_late) == (-5, 5)
    assert (by_source["week"].days, by_source["week"].days_late) == (7, 0)
    assert by_source["none-a"].days is None and by_source["none-a"].days_late == 0


def test_each_source_is_asked_with_the_users_roles_and_today(
    only_fake_sources, make_user, tgo, fresh_cache
):
    only_fake_sources([])
    user = make_user(Role.SECTORKAMER_SECRETARY, sectorkamer=tgo)
    attention_for(user, today=TODAY)
    [(asked, roles, today)] = only_fake_sources.calls
    assert asked == user and today == TODAY
    assert roles.secretary_of == {tgo.pk} and roles.has(Role.SECTORKAMER_SECRETARY)


def test_the_count_is_kept_for_the_navigation(only_fake_sources, make_user, fresh_cache):
    only_fake_sources(UNSORTED)
    user, other = make_user(Role.BOARD_MEMBER), make_user(Role.BOARD_MEMBER)
    assert attention_count(user) is None  # never counted
    assert len(attention_for(user, today=TODAY)) == len(UNSORTED)
    assert cache.get(selectors.ATTENTION_COUNT_KEY.format(user.pk)) == len(UNSORTED)
    assert attention_count(user) == len(UNSORTED)
    assert attention_count(other) is None  # counted per user


def test_an_empty_list_is_counted_as_zero(only_fake_sources, make_user, fresh_cache):
    only_fake_sources([])
    user = make_user()
    assert attention_for(user, today=TODAY) == []
    assert attention_count(user) == 0


def test_without_the_cache_the_list_still_shows(only_fake_sources, make_user, monkeypatch):
    only_fake_sources(UNSORTED)
    user = make_user(Role.BOARD_MEMBER)

    class Down:
        def set(self, *args, **kwargs):
            raise RedisError("down")

        get = set

    monkeypatch.setattr(selectors, "cache", Down())
    assert [e.item.source for e in attention_for(user, today=TODAY)] == SORTED
    assert attention_count(user) is None


# -- the home page ----------------------------------------------------------------------


def listed(page):
    """(kind, source, urgency) of each item on the home page, in the page's order."""
    return re.findall(
        r'<li class="attention-item urgency-(\d)" data-kind="([^"]*)" data-source="([^"]*)">',
        page,
    )


@pytest.mark.parametrize("role", [None, Role.ARBITER, Role.ARBITRATION_SECRETARIAT])
def test_the_home_page_says_when_nothing_waits(client, make_user, fresh_cache, role):
    client.force_login(make_user(role))
    page = client.get("/").content.decode()
    assert 'data-testid="attention-empty"' in page
    assert listed(page) == []
    assert 'data-testid="attention-count"' not in page  # zero shows no badge


def test_the_home_page_lists_the_items_most_urgent_first(
    client, make_user, only_fake_sources, fresh_cache
):
    from core.timeutils import local_today

    today = local_today()
    only_fake_sources([(s, due and today + (due - TODAY), t) for s, due, t in UNSORTED])
    client.force_login(make_user(Role.BOARD_MEMBER))
    page = client.get("/").content.decode()
    assert 'data-testid="attention-empty"' not in page
    found = listed(page)
    assert [source for _urgency, _kind, source in found] == SORTED
    assert [int(u) for u, _kind, _source in found] == [0, 0, 1, 2, 3, 3, 4, 5, 5]
    assert {kind for _urgency, kind, _source in found} == {"fake"}
    assert 'href="/overdue-old/"' in page


def test_the_navigation_shows_the_count_after_a_home_page_visit(
    client, make_user, only_fake_sources, fresh_cache
):
    only_fake_sources(UNSORTED[:3])
    client.force_login(make_user(Role.BOARD_MEMBER))
    badge = re.compile(r'data-testid="attention-count">(\d+)<')
    elsewhere = reverse("notifications:centre")
    assert not badge.search(client.get(elsewhere).content.decode())  # not counted yet
    assert badge.search(client.get("/").content.decode()).group(1) == "3"
    assert badge.search(client.get(elsewhere).content.decode()).group(1) == "3"
