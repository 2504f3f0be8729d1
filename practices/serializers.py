from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from agendas.models import Priority
from agreements.models import Agreement, Category
from core.api import AllowedTransitionsMixin, StrictModelSerializer, StrictSerializer
from regions.models import Organisation
from regions.serializers import RegionCodeField

from .models import Practice, PracticeKind


class PracticeSerializer(AllowedTransitionsMixin, StrictModelSerializer):
    sectorkamer = serializers.SlugRelatedField(slug_field="code", read_only=True)
    regions = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    state_display = serializers.CharField(source="get_state_display", read_only=True)

    class Meta:
        model = Practice
        fields = [
            "id", "sectorkamer", "agreement", "priority", "kind", "category", "title",
            "what_was_done", "result", "lessons", "regions", "contact_organisation", "state",
            "state_display", "submitted_at", "reviewed_at", "return_reason",
            "allowed_transitions",
        ]  # fmt: skip
        read_only_fields = fields


class SubmitPracticeSerializer(StrictSerializer):
    agreement = serializers.PrimaryKeyRelatedField(
        queryset=Agreement.objects.all(), required=False, allow_null=True, default=None
    )
    priority = serializers.PrimaryKeyRelatedField(
        queryset=Priority.objects.select_related("revision__agenda"),
        required=False, allow_null=True, default=None,
    )  # fmt: skip
    kind = serializers.ChoiceField(choices=PracticeKind.choices)
    category = serializers.ChoiceField(choices=Category.choices)
    title = serializers.CharField(max_length=255)
    what_was_done = serializers.CharField()
    result = serializers.CharField()
    lessons = serializers.CharField()
    regions = RegionCodeField(many=True, required=False, default=list)
    contact_organisation = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.all(), required=False, allow_null=True, default=None,
        help_text=_("Default: the organisation you work for."),
    )  # fmt: skip
