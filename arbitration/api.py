from django.db import transaction
from django.http import FileResponse
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api import transition_actions

from . import selectors, services
from .models import ArbiterProfile
from .serializers import (
    ArbiterSerializer,
    DocumentSerializer,
    DossierSerializer,
    StatisticsSerializer,
)
from .workflow import WORKFLOW


class DossierViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Arbitration dossiers. Only the people on a dossier see it (404 for anyone else); a
    transition not allowed from the current state answers 409."""

    serializer_class = DossierSerializer
    filterset_fields = ["state", "kind"]

    def get_queryset(self):
        return selectors.dossier_api_queryset(self.request.user)

    @transaction.atomic
    def perform_create(self, serializer):
        dossier = services.create_dossier(actor=self.request.user, **serializer.validated_data)
        serializer.instance = self.get_queryset().get(pk=dossier.pk)

    locals().update(transition_actions(WORKFLOW, DossierSerializer))


class DocumentViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Dossier documents: type checked from the content, 20 MB at most, visible per their
    visibility, downloaded only through this permission-checked endpoint."""

    serializer_class = DocumentSerializer
    parser_classes = [MultiPartParser, FormParser, JSONParser]
    filterset_fields = ["dossier", "visibility"]

    def get_queryset(self):
        return selectors.document_queryset(self.request.user)

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        dossier = data.pop("dossier")
        if not self.request.user.has_perm("arbitration.view_dossier", dossier):
            raise NotFound()  # confidential: the same answer as for no dossier at all
        serializer.instance = services.upload_document(
            actor=self.request.user, dossier=dossier, title=data["title"],
            visibility=data["visibility"], uploaded_file=data["file"],
            replaces=data.get("replaces"),
        )  # fmt: skip

    @extend_schema(responses={(200, "application/octet-stream"): bytes})
    @action(detail=True, methods=["get"])
    def download(self, request, pk=None):
        """The file itself, always as an attachment."""
        document = self.get_object()
        response = FileResponse(
            document.file.open("rb"), as_attachment=True, filename=document.filename,
            content_type=document.content_type,
        )  # fmt: skip
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "private, no-store"
        return response


class ArbiterViewSet(viewsets.ReadOnlyModelViewSet):
    """The arbiter roster (the arbitration secretariat)."""

    serializer_class = ArbiterSerializer
    queryset = ArbiterProfile.objects.none()  # for the schema; the real one is per request

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return ArbiterProfile.objects.none()
        if not self.request.user.has_perm("arbitration.view_arbiterprofile"):
            raise PermissionDenied()
        return selectors.arbiter_queryset().order_by("user__last_name", "pk")


class StatisticsView(APIView):
    """Counts per state and the average duration to the award: never contents."""

    @extend_schema(responses=StatisticsSerializer)
    def get(self, request):
        if not request.user.has_perm("arbitration.view_statistics"):
            raise PermissionDenied()
        stats = selectors.statistics()
        body = {
            "counts": {value: n for value, _label, n in stats["counts"]},
            "total": stats["total"],
            "average_days_to_award": stats["average_days_to_award"],
        }
        return Response(body, status=status.HTTP_200_OK)
