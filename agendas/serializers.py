from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from atlas.models import Qualification
from core.api import (
    AllowedTransitionsMixin,
    CodeRelatedField,
    StrictModelSerializer,
    StrictSerializer,
)
from regions.models import Sectorkamer
from regions.serializers import RegionCodeField

from .models import Agenda, AgendaRevision, AgendaTopic, Priority, SignalResponse
from .services import PRIORITY_FIELDS


class SectorkamerSerializer(StrictModelSerializer):
    class Meta:
        model = Sectorkamer
        fields = ["code", "name", "abbreviation"]


class SectorkamerCodeField(CodeRelatedField):
    default_error_messages = {"does_not_exist": _("Unknown sectorkamer code: {value}.")}

    def __init__(self, **kwargs):
        kwargs.setdefault("slug_field", "code")
        if not kwargs.get("read_only"):
            kwargs.setdefault("queryset", Sectorkamer.objects.all())
        super().__init__(**kwargs)


class CreboField(CodeRelatedField):
    default_error_messages = {"does_not_exist": _("Unknown crebo code: {value}.")}

    def __init__(self, **kwargs):
        kwargs.setdefault("slug_field", "crebo")
        kwargs.setdefault("queryset", Qualification.objects.all())
        super().__init__(**kwargs)


class QualificationSerializer(StrictModelSerializer):
    sectorkamer = SectorkamerCodeField(read_only=True)

    class Meta:
        model = Qualification
        fields = ["crebo", "name", "level", "sectorkamer", "valid_from", "valid_until"]


class DeadlineSerializer(StrictSerializer):
    due = serializers.DateTimeField()
    last_day = serializers.DateField()
    status = serializers.ChoiceField(choices=["open", "on_time", "late", "overdue"])
    days_left = serializers.IntegerField(allow_null=True)


class PrioritySerializer(StrictModelSerializer):
    qualifications = CreboField(many=True, required=False)
    regions = RegionCodeField(many=True, required=False)
    levels = serializers.SerializerMethodField()

    class Meta:
        model = Priority
        fields = [
            "id",
            "revision",
            "lineage",
            "order",
            *PRIORITY_FIELDS,
            "levels",
            "qualifications",
            "regions",
        ]
        read_only_fields = ["lineage", "order"]

    def get_levels(self, priority) -> list[str]:
        return priority.levels

    def get_fields(self):
        fields = super().get_fields()
        if self.instance is not None and not isinstance(self.instance, list):
            fields["revision"].read_only = True  # a priority does not move between revisions
        return fields


class AgendaSerializer(StrictModelSerializer):
    sectorkamer = SectorkamerCodeField()

    class Meta:
        model = Agenda
        fields = ["id", "sectorkamer", "title", "first_year", "last_year"]
        validators = []

    def get_fields(self):
        fields = super().get_fields()
        if self.instance is not None:
            fields["sectorkamer"].read_only = True
            fields["first_year"].read_only = True
        return fields


class StartRevisionSerializer(StrictSerializer):
    year = serializers.IntegerField(min_value=2000, max_value=2100)


class AgendaRevisionSerializer(AllowedTransitionsMixin, StrictModelSerializer):
    sectorkamer = serializers.CharField(source="agenda.sectorkamer.code", read_only=True)
    state_display = serializers.CharField(source="get_state_display", read_only=True)
    deadline = serializers.SerializerMethodField()
    priorities = PrioritySerializer(many=True, read_only=True)

    class Meta:
        model = AgendaRevision
        fields = [
            "id",
            "agenda",
            "sectorkamer",
            "year",
            "state",
            "state_display",
            "summary",
            "adoption_meeting_date",
            "education_side_agreed",
            "business_side_agreed",
            "ratified_at",
            "based_on",
            "deadline",
            "allowed_transitions",
            "priorities",
        ]
        read_only_fields = [f for f in fields if f != "summary"]

    @extend_schema_field(DeadlineSerializer)
    def get_deadline(self, revision) -> dict:
        deadline = revision.deadline
        return {
            "due": deadline.due,
            "last_day": deadline.last_day,
            "status": deadline.status,
            "days_left": deadline.days_left,
        }


class TransitionSerializer(StrictSerializer):
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class SubmitSerializer(TransitionSerializer):
    confirm_open_signals = serializers.BooleanField(
        default=False,
        help_text=_("Required while top signals of the cycle's atlas are neither addressed "
                    "nor set aside."),
    )  # fmt: skip


class ReturnSerializer(StrictSerializer):
    comment = serializers.CharField(
        allow_blank=True, help_text=_("Why the revision goes back to draft (required).")
    )


class AdoptSerializer(TransitionSerializer):
    meeting_date = serializers.DateField(allow_null=True, required=False, default=None)
    education_side_agreed = serializers.BooleanField(default=False)
    business_side_agreed = serializers.BooleanField(default=False)


class MovePrioritySerializer(StrictSerializer):
    direction = serializers.ChoiceField(choices=["up", "down"])


class TimelineEventSerializer(StrictSerializer):
    at = serializers.DateTimeField()
    who = serializers.CharField(allow_null=True)
    kind = serializers.CharField()
    action = serializers.CharField()
    source_state = serializers.CharField()
    state = serializers.CharField()
    comment = serializers.CharField()
    subject = serializers.CharField()
    changes = serializers.ListField(child=serializers.ListField(child=serializers.CharField()))


class PriorityDiffSerializer(StrictSerializer):
    status = serializers.CharField()
    old = PrioritySerializer(allow_null=True)
    new = PrioritySerializer(allow_null=True)
    changes = serializers.ListField(child=serializers.ListField(child=serializers.CharField()))


# -- the atlas's signals and the revision -----------------------------------------------------


class SignalsToPrioritySerializer(StrictSerializer):
    signals = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=2**31 - 1), min_length=1,
        max_length=100,
    )  # fmt: skip
    title = serializers.CharField(required=False, allow_blank=True, default="", max_length=255)


class SignalAsideSerializer(StrictSerializer):
    signal = serializers.IntegerField(min_value=1, max_value=2**31 - 1)
    reason = serializers.CharField(allow_blank=True)


class SignalResponseSerializer(StrictModelSerializer):
    decided_by = serializers.StringRelatedField()

    class Meta:
        model = SignalResponse
        fields = ["signal", "priority", "reason", "decided_by", "decided_at"]
        read_only_fields = fields


class SignalCoverageSerializer(StrictSerializer):
    """The sectorkamer's open top signals of the revision's cycle and what it did with them."""

    addressed = SignalResponseSerializer(many=True)
    aside = SignalResponseSerializer(many=True)
    open = serializers.ListField(child=serializers.IntegerField())
    open_count = serializers.IntegerField()


# -- agenda topics ---------------------------------------------------------------------------


class AgendaTopicSerializer(AllowedTransitionsMixin, StrictModelSerializer):
    sectorkamer = SectorkamerCodeField(read_only=True)
    state_display = serializers.CharField(source="get_state_display", read_only=True)
    qualifications = serializers.SlugRelatedField(slug_field="crebo", many=True, read_only=True)
    regions = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    submitted_for = serializers.CharField(source="submitter_label", read_only=True)
    attachment = serializers.SerializerMethodField()

    class Meta:
        model = AgendaTopic
        fields = [
            "id", "sectorkamer", "year", "state", "state_display", "title", "explanation",
            "evidence", "links", "qualifications", "regions", "organisation", "regional_table",
            "submitted_for", "submitted_at", "attachment", "priority", "combined_with",
            "decision_reason", "decided_at", "allowed_transitions",
        ]  # fmt: skip
        read_only_fields = fields

    def get_attachment(self, topic) -> dict | None:
        if not topic.attachment_name:
            return None
        request = self.context.get("request")
        url = reverse("agendas:topic_attachment", args=[topic.pk])
        return {
            "name": topic.attachment_name,
            "content_type": topic.attachment_type,
            "size": topic.attachment_size,
            "sha256": topic.attachment_sha256,
            "url": request.build_absolute_uri(url) if request else url,
        }


class SubmitTopicSerializer(StrictSerializer):
    sectorkamer = SectorkamerCodeField()
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    title = serializers.CharField(max_length=255)
    explanation = serializers.CharField()
    evidence = serializers.CharField(required=False, allow_blank=True, default="")
    links = serializers.CharField(required=False, allow_blank=True, default="")
    qualifications = CreboField(many=True, required=False, default=list)
    regions = RegionCodeField(many=True, required=False, default=list)
    on_behalf = serializers.CharField(
        required=False, allow_blank=True, default="",
        help_text=_("'organisation:<id>' or 'table:<id>'; needed when you speak for more "
                    "than one."),
    )  # fmt: skip
    attachment = serializers.FileField(required=False, allow_null=True, default=None)


class TakeUpTopicSerializer(TransitionSerializer):
    priority = serializers.PrimaryKeyRelatedField(
        queryset=Priority.objects.select_related("revision__agenda"),
        required=False, allow_null=True, default=None,
        help_text=_("A priority of the cycle's revision; none: a new one in the draft."),
    )  # fmt: skip


class CombineTopicSerializer(TransitionSerializer):
    with_topic = serializers.PrimaryKeyRelatedField(queryset=AgendaTopic.objects.all())
