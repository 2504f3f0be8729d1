from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from core.timeutils import cycle_deadline, cycle_year_for, local_today

from . import selectors, services
from .models import CycleMilestone, Notification, NotificationPreference
from .serializers import CycleSerializer, NotificationSerializer, PreferenceSerializer


class NotificationViewSet(viewsets.ReadOnlyModelViewSet):
    """Your own notifications (never anyone else's)."""

    serializer_class = NotificationSerializer
    filterset_fields = ["kind"]
    queryset = Notification.objects.none()

    def get_queryset(self):
        return selectors.notification_centre(self.request.user)

    @extend_schema(request=None, responses=NotificationSerializer)
    @action(detail=True, methods=["post"])
    def read(self, request, pk=None):
        """Mark one notification as read."""
        notification = self.get_object()
        services.mark_read(actor=request.user, notifications=[notification])
        notification.refresh_from_db()
        return Response(self.get_serializer(notification).data)

    @extend_schema(request=None, responses={200: None})
    @action(detail=False, methods=["post"], url_path="read-all")
    def read_all(self, request):
        """Mark all your notifications as read."""
        return Response({"marked": services.mark_read(actor=request.user)})


class PreferenceViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Your email channel per kind: POST sets it (arbitration cannot be switched off)."""

    serializer_class = PreferenceSerializer
    pagination_class = None
    queryset = NotificationPreference.objects.none()

    def get_queryset(self):
        return NotificationPreference.objects.filter(user=self.request.user).order_by("kind")

    def perform_create(self, serializer):
        serializer.instance = services.set_preference(
            actor=self.request.user, **serializer.validated_data
        )


class CycleViewSet(viewsets.ViewSet):
    """The yearly cycle: its 1 February deadline and milestones."""

    @extend_schema(responses=CycleSerializer(many=True))
    def list(self, request):
        year = cycle_year_for(local_today())
        data = []
        for cycle_year in (year, year + 1):
            data.append(
                {
                    "year": cycle_year,
                    "deadline": cycle_deadline(cycle_year),
                    "milestones": CycleMilestone.objects.filter(year=cycle_year).order_by(
                        "starts_on"
                    ),
                }
            )
        return Response(CycleSerializer(data, many=True).data)
