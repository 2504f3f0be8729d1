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
from .models import AccessChannel, AccessKind, ArbiterProfile
from .serializers import (
    AccessLogEntrySerializer,
    ArbiterSerializer,
    DocumentSerializer,
    DossierSerializer,
    StatisticsSerializer,
)
from .workflow import WORKFLOW


def _log_list(request, response) -> None:
    """A list of dossiers or documents: one access-log entry for the list, not one per row."""
    if response.status_code == 200:
        count = response.data.get("count", 0) if isinstance(response.data, dict) else 0
        opened = [services.list_opened(request, count)]
        services.record_access(request=request, channel=AccessChannel.API, opened=opened)


class DossierViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Arbitration dossiers. Only the people on a dossier see it (404 for anyone else); a
    transition not allowed from the current state answers 409."""

    serializer_class = DossierSerializer
    filterset_fields = ["state", "kind"]

    def get_queryset(self):
        return selectors.dossier_api_queryset(self.request.user)

    def retrieve(self, request, *args, **kwargs):
        dossier = self.get_object()
        data = self.get_serializer(dossier).data
        services.record_access(
            request=request, channel=AccessChannel.API, opened=services.dossier_opened(dossier)
        )
        return Response(data)

    def list(self, request, *args, **kwargs):
        response = super().list(request, *args, **kwargs)
        _log_list(request, response)
        return response

    @extend_schema(responses={200: AccessLogEntrySerializer(many=True)})
    @action(detail=True, methods=["get"], url_path="access-log", url_name="access-log")
    def access_log(self, request, pk=None):
        """Who opened what of the dossier (the secretariat: every entry; a party: who of the
        panel and the secretariat opened its documents); 404 for anyone else."""
        dossier = self.get_object()
        if not request.user.has_perm("arbitration.view_access_log", dossier):
            raise NotFound()
        page = self.paginate_queryset(selectors.access_log(request.user, dossier))
        return self.get_paginated_response(AccessLogEntrySerializer(page, many=True).data)

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

    def retrieve(self, request, *args, **kwargs):
        document = self.get_object()
        data = self.get_serializer(document).data
        opened = services.document_opened(document, AccessKind.DOCUMENT)
        services.record_access(request=request, channel=AccessChannel.API, opened=[opened])
        return Response(data)

    def list(self, request, *args, **kwargs):
        response = super().list(request, *args, **kwargs)
        _log_list(request, response)
        return response

    @extend_schema(responses={(200, "application/octet-stream"): bytes})
    @action(detail=True, methods=["get"])
    def download(self, request, pk=None):
        """The file itself, always as an attachment."""
        document = self.get_object()
        services.record_access(
            request=request,
            channel=AccessChannel.API,
            opened=[services.document_opened(document)],
        )
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
