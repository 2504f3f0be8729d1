import datetime

from notifications import registry, selectors
from notifications.models import DeadlineKind


def test_every_domain_app_registers_its_deadline_sources():
    names = {f"{s.__module__}.{s.__qualname__}" for s in registry.deadline_sources()}
    assert names == {
        "agendas.deadlines.revision_deadlines",
        "agendas.deadlines.open_signal_deadlines",
        "agendas.deadlines.undecided_topic_deadlines",
        "agreements.deadlines.agreement_deadlines",
        "agreements.deadlines.milestone_deadlines",
        "agreements.deadlines.progress_report_deadlines",
        "agreements.deadlines.notice_deadlines",
        "arbitration.deadlines.procedural_deadlines",
    }


def test_a_registered_source_reaches_the_sweep_without_editing_notifications(db, monkeypatch):
    monkeypatch.setattr(registry, "_SOURCES", dict(registry._SOURCES))
    due = datetime.date(2027, 3, 1)

    @registry.deadline_source
    def extra(start, end, people):
        if start <= due <= end:
            yield registry.Deadline(DeadlineKind.MILESTONE, "extra:1", due, "Extra", "/", {})

    people = registry.People(due)
    found = selectors.deadlines(start=due, end=due, people=people)
    assert [d.source for d in found] == ["extra:1"]
    assert (
        selectors.deadlines(start=due.replace(day=2), end=due.replace(day=3), people=people) == []
    )
