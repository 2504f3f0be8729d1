"""Defaults of the yearly cycle and the reminder policy (both editable in the admin)."""

import datetime

# kind, days, after the deadline?, recipients
REMINDER_POLICY = [
    *[("agenda_revision", d, False, "secretary,board") for d in (60, 30, 14, 7, 1)],
    ("agenda_revision", 1, True, "secretary,board"),
    *[("agreement", d, False, "owner,parties") for d in (30, 7, 1)],
    ("agreement", 1, True, "owner,parties"),
    ("agreement", 7, True, "owner,parties,secretary,coordinator"),  # the escalation
    *[("milestone", d, False, "owner") for d in (7, 1)],
    *[("progress_report", d, False, "owner,parties") for d in (7, 1)],
    ("progress_report", 1, True, "owner,parties"),
    ("milestone", 1, True, "owner"),
    *[("notice_cycle", d, False, "schools") for d in (30, 14, 7, 1)],
    *[("notice_draft", d, False, "schools") for d in (14, 7, 1)],
    *[("arbitration", d, False, "participants") for d in (7, 2, 1)],
    ("arbitration", 1, True, "secretariat"),
    *[("atlas_signals", d, False, "secretary,members") for d in (14, 7, 1)],
    *[("agenda_topics", d, False, "secretary") for d in (14, 7, 1)],
]


def cycle_milestones(year: int) -> list[tuple[str, datetime.date, datetime.date | None]]:
    """The milestones of cycle year ``year``: (kind, date, until)."""
    return [
        ("atlas", datetime.date(year - 1, 12, 1), None),
        ("topics", datetime.date(year, 1, 1), None),
        ("meeting", datetime.date(year, 1, 15), None),
        ("ratified", datetime.date(year, 1, 31), None),
        ("notices", datetime.date(year, 1, 31), None),
        ("regional", datetime.date(year, 3, 1), datetime.date(year, 6, 30)),
        ("review", datetime.date(year, 10, 1), None),
    ]
