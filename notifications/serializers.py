from rest_framework import serializers

from core.api import StrictModelSerializer, StrictSerializer

from .models import CycleMilestone, Notification, NotificationPreference


class NotificationSerializer(StrictModelSerializer):
    read = serializers.SerializerMethodField()

    class Meta:
        model = Notification
        fields = [
            "id",
            "kind",
            "title",
            "body",
            "url",
            "deadline",
            "late",
            "created_at",
            "read_at",
            "read",
        ]
        read_only_fields = fields

    def get_read(self, notification) -> bool:
        return notification.read_at is not None


class PreferenceSerializer(StrictModelSerializer):
    class Meta:
        model = NotificationPreference
        fields = ["kind", "channel"]
        validators = []


class CycleMilestoneSerializer(StrictModelSerializer):
    label = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = CycleMilestone
        fields = ["kind", "label", "starts_on", "ends_on"]


class CycleSerializer(StrictSerializer):
    year = serializers.IntegerField()
    deadline = serializers.DateTimeField()
    milestones = CycleMilestoneSerializer(many=True)
