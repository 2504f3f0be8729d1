from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from agendas.models import Priority
from agendas.serializers import CreboField
from atlas.models import Qualification
from core.api import (
    AllowedTransitionsMixin,
    CodeRelatedField,
    StrictModelSerializer,
    StrictSerializer,
)
from regions.models import Organisation, RegionalTable, User
from regions.serializers import RegionCodeField

from . import selectors
from .models import (
    Agreement,
    AgreementParty,
    ConflictResolution,
    Milestone,
    NoticeConflict,
    PartyRole,
    ProgrammeOfferRule,
    ProgressReport,
    StartStopNotice,
)


class PartySerializer(StrictModelSerializer):
    organisation_name = serializers.CharField(source="organisation.name", read_only=True)

    class Meta:
        model = AgreementParty
        fields = ["organisation", "organisation_name", "role", "acceptance", "decided_at",
                  "decline_reason"]  # fmt: skip
        read_only_fields = ["acceptance", "decided_at", "decline_reason"]


class PartyInputSerializer(StrictSerializer):
    organisation = serializers.PrimaryKeyRelatedField(queryset=Organisation.objects.all())
    role = serializers.ChoiceField(choices=PartyRole.choices)


class MilestoneSerializer(StrictModelSerializer):
    class Meta:
        model = Milestone
        fields = ["id", "title", "due_date", "done_date"]


class OfferRuleSerializer(StrictModelSerializer):
    """A programme-offer rule: which qualifications (crebo), and where they may run."""

    qualifications = CreboField(many=True)
    regions = RegionCodeField(many=True, required=False)

    class Meta:
        model = ProgrammeOfferRule
        fields = ["id", "kind", "qualifications", "regions", "phase_out_by", "intake_cap"]
        read_only_fields = ["id"]


class SmartLetterSerializer(StrictSerializer):
    letter = serializers.CharField()
    name = serializers.CharField()
    ok = serializers.BooleanField()
    reasons = serializers.ListField(child=serializers.CharField())


class VisiblePriorityField(serializers.PrimaryKeyRelatedField):
    """A priority of a revision the user cannot see (a draft of another sectorkamer) is
    answered like one that does not exist."""

    def get_queryset(self):
        from agendas.selectors import priorities_queryset

        request = self.context.get("request")
        return priorities_queryset(request.user) if request else Priority.objects.none()


class AgreementSerializer(AllowedTransitionsMixin, StrictModelSerializer):
    priority = VisiblePriorityField(required=False, allow_null=True)
    regional_table = serializers.PrimaryKeyRelatedField(
        queryset=RegionalTable.objects.all(), required=False, allow_null=True
    )
    parent = serializers.PrimaryKeyRelatedField(
        queryset=Agreement.objects.all(), required=False, allow_null=True
    )
    owner = serializers.PrimaryKeyRelatedField(queryset=Organisation.objects.all())
    contact = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.filter(is_active=True), required=False, allow_null=True
    )
    parties = PartyInputSerializer(many=True, required=False, write_only=True)
    party_list = PartySerializer(source="parties", many=True, read_only=True)
    milestones = MilestoneSerializer(many=True, read_only=True)
    state_display = serializers.CharField(source="get_state_display", read_only=True)
    smart = serializers.SerializerMethodField()
    progress = serializers.SerializerMethodField()
    latest_status = serializers.CharField(read_only=True, allow_null=True)
    next_report_due = serializers.SerializerMethodField()

    class Meta:
        model = Agreement
        fields = [
            "id", "priority", "regional_table", "parent", "level", "category", "title",
            "description", "indicator", "unit", "baseline_value", "baseline_date",
            "target_value", "direction", "rationale", "start_date", "deadline", "owner",
            "contact", "cadence", "weight", "state", "state_display", "closing_note",
            "parties", "party_list", "milestones", "smart", "progress", "latest_status",
            "next_report_due", "allowed_transitions",
        ]  # fmt: skip
        read_only_fields = ["state", "closing_note"]

    def get_fields(self):
        fields = super().get_fields()
        if self.instance is not None:
            for name in ("priority", "regional_table"):
                fields[name].read_only = True
        return fields

    @extend_schema_field(SmartLetterSerializer(many=True))
    def get_smart(self, agreement) -> list:
        parties = list(agreement.parties.all())
        return [
            {"letter": x.letter, "name": x.name, "ok": x.ok, "reasons": list(x.reasons)}
            for x in selectors.smart_check(agreement, parties)
        ]

    @extend_schema_field(serializers.DecimalField(max_digits=5, decimal_places=1, allow_null=True))
    def get_progress(self, agreement):
        value = selectors.progress_percentage(agreement, getattr(agreement, "latest_value", None))
        return None if value is None else str(value)

    @extend_schema_field(serializers.DateField(allow_null=True))
    def get_next_report_due(self, agreement):
        return selectors.next_report_due(agreement, getattr(agreement, "latest_period_end", None))


class AgreementTransitionSerializer(StrictSerializer):
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class PartyDecisionSerializer(AgreementTransitionSerializer):
    organisation = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.all(), required=False, allow_null=True, default=None,
        help_text=_("The party you decide for, when you represent more than one."),
    )  # fmt: skip


class ProgressReportSerializer(StrictModelSerializer):
    reporter = serializers.StringRelatedField(read_only=True)

    class Meta:
        model = ProgressReport
        fields = ["id", "agreement", "period_start", "period_end", "value", "status",
                  "narrative", "reporter", "reported_at"]  # fmt: skip


class NoticeConflictSerializer(StrictModelSerializer):
    rule_kind = serializers.CharField(source="rule.kind", read_only=True)
    agreement = serializers.IntegerField(source="rule.agreement_id", read_only=True)
    allowed_regions = serializers.SlugRelatedField(
        slug_field="code", source="rule.regions", many=True, read_only=True,
        help_text="The arbeidsmarktregio codes where the rule lets the qualification run.",
    )  # fmt: skip

    class Meta:
        model = NoticeConflict
        fields = ["id", "notice", "rule", "rule_kind", "agreement", "allowed_regions", "message",
                  "resolution", "reason", "resolved_at", "created_at"]  # fmt: skip
        read_only_fields = fields


class ResolveConflictSerializer(StrictSerializer):
    resolution = serializers.ChoiceField(
        choices=[c for c in ConflictResolution.choices if c[0] != ConflictResolution.OPEN]
    )
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class StartStopNoticeSerializer(StrictModelSerializer):
    qualification = CodeRelatedField(
        slug_field="crebo", queryset=Qualification.objects.all(),
        error_messages={"does_not_exist": _("Unknown crebo code: {value}.")},
    )  # fmt: skip
    region = RegionCodeField()
    deadline = serializers.DateTimeField(read_only=True)
    conflicts = NoticeConflictSerializer(many=True, read_only=True)

    class Meta:
        model = StartStopNotice
        fields = ["id", "institution", "qualification", "action", "leerweg", "municipality",
                  "region", "study_year", "state", "deadline", "submitted_at",
                  "late_exception_reason", "conflicts"]  # fmt: skip
        read_only_fields = ["state", "submitted_at", "late_exception_reason"]
        validators = []


class LateExceptionSerializer(StrictSerializer):
    reason = serializers.CharField(allow_blank=True)
