"""What the public register shows: the one place where it is decided, per model, which
states are public and which fields. The register's selectors read only these fields (with
``only()`` or ``values()``); its pages, and later its downloads and API, show nothing else.

Never public, whatever their state: drafts, proposals, returned or superseded-before-
ratification revisions, declined, cancelled or disputed agreements, start/stop notices,
notice conflicts, anything about arbitration, people (names, email addresses, the reporter
of a report, an agreement's contact) and comments (narratives, reasons, closing notes, the
history's comments)."""

from agendas.models import RevisionState
from agreements.models import AgreementState
from practices.models import PracticeState

# Agenda revisions: ratified by the SBB board (superseded is a ratified one of an earlier
# year that a newer ratified revision followed).
REVISION_STATES = (RevisionState.RATIFIED, RevisionState.SUPERSEDED)
REVISION_FIELDS = ("id", "state", "year", "summary", "ratified_at", "agenda_id")
AGENDA_FIELDS = ("id", "title", "first_year", "last_year", "sectorkamer_id")
SECTORKAMER_FIELDS = ("id", "code", "name", "abbreviation")
PRIORITY_FIELDS = ("id", "revision_id", "lineage", "kind", "title", "description", "evidence",
                   "national", "sectoral", "regional", "order")  # fmt: skip
QUALIFICATION_FIELDS = ("crebo", "name")
REGION_FIELDS = ("code", "name")

# Agreements: in force or finished (achieved or not). A regional commitment is public on
# the same terms as a sector agreement.
AGREEMENT_STATES = (AgreementState.ACTIVE, AgreementState.ACHIEVED, AgreementState.NOT_ACHIEVED)
AGREEMENT_FIELDS = (
    "id", "state", "level", "category", "title", "description", "indicator", "unit",
    "baseline_value", "baseline_date", "target_value", "direction", "rationale",
    "start_date", "deadline", "cadence", "latest_value", "latest_status", "latest_period_end",
    "priority_id", "parent_id", "regional_table_id", "owner_id",
)  # fmt: skip
ORGANISATION_FIELDS = ("id", "name")  # an organisation by its name only
PARTY_FIELDS = ("agreement_id", "organisation_id", "role")  # not who decided, nor why
MILESTONE_FIELDS = ("agreement_id", "title", "due_date", "done_date")
REPORT_FIELDS = ("agreement_id", "period_start", "period_end", "value", "status")  # no narrative
TABLE_FIELDS = ("id", "name")

# Shared practice: once the sectorkamer's secretary published it; with the contact
# organisation's name, never who submitted it, nor the reason a practice was returned.
PRACTICE_STATES = (PracticeState.PUBLISHED,)
PRACTICE_FIELDS = (
    "id", "state", "kind", "category", "title", "what_was_done", "result", "lessons", "reviewed_at",
    "sectorkamer_id", "agreement_id", "contact_organisation_id",
)  # fmt: skip
