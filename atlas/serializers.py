from rest_framework import serializers

from core.api import StrictModelSerializer, StrictSerializer
from regions.models import Sectorkamer

from .models import AtlasPublication, Dataset, Indicator, IndicatorValue, Signal, SignalRule


class DatasetSerializer(StrictModelSerializer):
    loaded_by = serializers.StringRelatedField(allow_null=True)

    class Meta:
        model = Dataset
        fields = ["id", "source", "title", "year", "reference_date", "sha256", "filename",
                  "encoding", "synthetic", "loaded_by", "loaded_at", "rows_read", "rows_stored",
                  "rows_skipped", "replaced_by"]  # fmt: skip


class UploadSerializer(StrictSerializer):
    kind = serializers.ChoiceField(choices=[("enrolments", "DUO enrolments"),
                                            ("indicators", "indicators")])  # fmt: skip
    file = serializers.FileField()
    skip_invalid = serializers.BooleanField(default=False)
    title = serializers.CharField(required=False, allow_blank=True, default="")


class IndicatorSerializer(StrictModelSerializer):
    levels = serializers.ListField(source="level_list", child=serializers.CharField())

    class Meta:
        model = Indicator
        fields = ["code", "name", "definition", "unit", "direction", "minimum", "maximum",
                  "source", "levels"]  # fmt: skip


class IndicatorValueSerializer(StrictModelSerializer):
    # a value's keys are those of its level: the others are null
    indicator = serializers.SlugRelatedField(slug_field="code", read_only=True)
    sectorkamer = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    region = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    crebo = serializers.CharField(
        source="qualification.crebo", default=None, read_only=True, allow_null=True
    )
    institution = serializers.SlugRelatedField(
        slug_field="institution_code", read_only=True, allow_null=True
    )

    class Meta:
        model = IndicatorValue
        fields = ["id", "indicator", "level", "sectorkamer", "region", "crebo", "institution",
                  "occupation_group", "year", "value", "dataset"]  # fmt: skip


class SignalRuleSerializer(StrictModelSerializer):
    indicator = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)

    class Meta:
        model = SignalRule
        fields = ["code", "name", "kind", "indicator", "threshold", "min_students", "weight",
                  "interpretation", "active"]  # fmt: skip


class SignalSerializer(StrictModelSerializer):
    rule = serializers.SlugRelatedField(slug_field="code", read_only=True)
    interpretation = serializers.CharField(source="rule.interpretation", read_only=True)
    sectorkamer = serializers.SlugRelatedField(slug_field="code", read_only=True)
    crebo = serializers.CharField(
        source="qualification.crebo", default=None, read_only=True, allow_null=True
    )
    qualification_name = serializers.CharField(
        source="qualification.name", default=None, read_only=True, allow_null=True
    )
    institution = serializers.SlugRelatedField(
        slug_field="institution_code", read_only=True, allow_null=True
    )
    region = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)

    class Meta:
        model = Signal
        fields = ["id", "rule", "year", "sectorkamer", "crebo", "qualification_name",
                  "institution", "region", "value", "details", "weight", "small_numbers",
                  "state", "interpretation", "raised_at", "closed_at"]  # fmt: skip


class AtlasPublicationSerializer(StrictModelSerializer):
    sectorkamer = serializers.SlugRelatedField(
        slug_field="code", queryset=Sectorkamer.objects.all()
    )
    published_by = serializers.StringRelatedField()

    class Meta:
        model = AtlasPublication
        fields = ["id", "sectorkamer", "year", "published_at", "published_by"]
        read_only_fields = ["published_at", "published_by"]
        validators = []  # one per sectorkamer and year: the service answers 409
