"""What the apps register with notifications: their deadline sources.

Notifications knows no domain app. Each app declares, in its own ``deadlines.py``, one
function per kind of deadline that yields :class:`Deadline` rows with their recipients, and
registers it with :func:`deadline_source` (imported from its ``AppConfig.ready()``). The
reminder sweep and the calendar feed ask :func:`deadline_sources`.
"""

import dataclasses
import datetime
from collections import defaultdict
from collections.abc import Callable, Iterable

from regions.models import Role
from regions.selectors import assignments_valid_on


@dataclasses.dataclass
class Deadline:
    kind: str
    source: str  # stable id, e.g. "agreement:12"
    due: datetime.date
    title: str
    url: str
    who: dict  # recipient role -> set of user ids
    at: datetime.datetime | None = None  # for timed events (a hearing)


class People:
    """Today's role holders, loaded with one query, to resolve recipients."""

    def __init__(self, day: datetime.date):
        self.secretaries = defaultdict(set)  # sectorkamer id -> users
        self.members = defaultdict(set)  # sectorkamer id -> users
        self.coordinators = defaultdict(set)  # table id -> users
        self.representatives = defaultdict(set)  # organisation id -> users
        self.board, self.secretariat, self.schools = set(), set(), set()
        assignments = assignments_valid_on(day, user__is_active=True).values_list(
            "role",
            "user_id",
            "sectorkamer_id",
            "regional_table_id",
            "organisation_id",
            "organisation__kind",
        )
        for role, user, sectorkamer, table, organisation, kind in assignments:
            if role == Role.SECTORKAMER_SECRETARY:
                self.secretaries[sectorkamer].add(user)
            elif role == Role.SECTORKAMER_MEMBER:
                self.members[sectorkamer].add(user)
            elif role == Role.TABLE_COORDINATOR:
                self.coordinators[table].add(user)
            elif role == Role.ORGANISATION_REPRESENTATIVE:
                self.representatives[organisation].add(user)
                if kind == "mbo_institution":
                    self.schools.add(user)
            elif role == Role.BOARD_MEMBER:
                self.board.add(user)
            elif role == Role.ARBITRATION_SECRETARIAT:
                self.secretariat.add(user)

    def of(self, organisations) -> set:
        return (
            set().union(*(self.representatives[o] for o in organisations))
            if organisations
            else set()
        )


DeadlineSource = Callable[[datetime.date, datetime.date, People], Iterable[Deadline]]
_SOURCES: dict[str, DeadlineSource] = {}


def deadline_source(func: DeadlineSource) -> DeadlineSource:
    """Register ``func(start, end, people)`` as a source of deadlines (once, by its name)."""
    _SOURCES[f"{func.__module__}.{func.__qualname__}"] = func
    return func


def deadline_sources() -> list[DeadlineSource]:
    return list(_SOURCES.values())


@dataclasses.dataclass(frozen=True)
class AttentionItem:
    """One thing that waits for a user: what it is, the action it asks and where to take it,
    with its deadline if it has one (the home page ranks by it)."""

    kind: str  # stable, per source: "agreement_acceptance"
    source: str  # stable id of the object, e.g. "agreement:12"
    title: str
    action: str  # the link's text: what the user does there
    url: str
    due: datetime.date | None = None


# ``source(user, roles, today)``: ``roles`` is the user's ActiveRoles. A source returns at once,
# without a query, when the user holds none of its roles, and otherwise asks a fixed number of
# queries for at most ATTENTION_LIMIT items, so a home page costs the same for any data.
AttentionSource = Callable[..., Iterable[AttentionItem]]
_ATTENTION: dict[str, AttentionSource] = {}
ATTENTION_LIMIT = 20


def attention_source(func: AttentionSource) -> AttentionSource:
    """Register ``func(user, roles, today)`` as a source of attention items (once, by name)."""
    _ATTENTION[f"{func.__module__}.{func.__qualname__}"] = func
    return func


def attention_sources() -> list[AttentionSource]:
    return list(_ATTENTION.values())
