from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.response import Response

from core.api import transition_actions, validated_body

from . import selectors, services
from .serializers import PracticeSerializer, SubmitPracticeSerializer
from .workflow import WORKFLOW


class PracticeViewSet(viewsets.ReadOnlyModelViewSet):
    """Practice shared by the parties on an agreement or an agenda priority, good or bad.

    Published practice is open to every user (and, with the fields the register lists, to the
    public); practice waiting for review or returned only to the sectorkamer, the SBB board and
    staff and its submitter. POST shares one; the sectorkamer's secretary publishes or returns it.
    """

    serializer_class = PracticeSerializer
    filterset_class = selectors.PracticeFilter

    def get_queryset(self):
        return selectors.practice_queryset(self.request.user).order_by("-submitted_at", "-pk")

    @extend_schema(request=SubmitPracticeSerializer, responses={201: PracticeSerializer})
    def create(self, request):
        data = validated_body(SubmitPracticeSerializer, request)
        priority = data.get("priority")
        if priority is not None and not request.user.has_perm("agendas.view_priority", priority):
            raise serializers.ValidationError(
                {"priority": [_("Unknown priority: %(id)s.") % {"id": priority.pk}]}
            )
        practice = services.submit_practice(actor=request.user, **data)
        practice = self.get_queryset().get(pk=practice.pk)
        return Response(self.get_serializer(practice).data, status=status.HTTP_201_CREATED)

    locals().update(transition_actions(WORKFLOW, PracticeSerializer))
