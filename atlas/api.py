import csv
import io

from django.http import HttpResponse
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from core.api import RulesPermission

from . import selectors, services
from .models import AtlasPublication, Dataset, Indicator, SignalRule
from .serializers import (
    AtlasPublicationSerializer,
    DatasetSerializer,
    IndicatorSerializer,
    IndicatorValueSerializer,
    SignalRuleSerializer,
    SignalSerializer,
    UploadSerializer,
)


class DatasetViewSet(viewsets.ReadOnlyModelViewSet):
    """Every delivery loaded into the atlas, with its provenance; SBB staff upload files."""

    serializer_class = DatasetSerializer
    queryset = Dataset.objects.select_related("loaded_by").order_by("-loaded_at", "-pk")
    filterset_fields = ["source", "year", "synthetic"]
    permission_classes = [RulesPermission]
    perms_map = {"upload": "atlas.add_dataset"}

    @extend_schema(
        request={"multipart/form-data": UploadSerializer},
        responses={201: DatasetSerializer, 200: DatasetSerializer,
                   400: OpenApiResponse(description="Bad lines, by line and column.")},
    )  # fmt: skip
    @action(detail=False, methods=["post"], parser_classes=[MultiPartParser, FormParser])
    def upload(self, request):
        """Load a DUO enrolment file or an indicator file; the whole file is refused (400,
        every bad line by number and column) unless skip_invalid. The same file again
        answers 200 with the dataset it was loaded as."""
        data = UploadSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        load = {"enrolments": services.import_enrolments,
                "indicators": services.import_indicators}[data.validated_data["kind"]]  # fmt: skip
        upload = data.validated_data["file"]
        try:
            report = load(
                actor=request.user, stream=upload.file, filename=upload.name,
                skip_invalid=data.validated_data["skip_invalid"],
                title=data.validated_data["title"],
            )  # fmt: skip
        except services.ImportFailed as failed:
            return Response(
                {"status": 400, "code": "invalid",
                 "detail": str(failed.report.errors[0]) if failed.report.errors else "",
                 "errors": {"file": [str(e) for e in failed.report.errors]}},
                status=status.HTTP_400_BAD_REQUEST,
            )  # fmt: skip
        fresh = report.stored > 0
        body = self.get_serializer(report.dataset).data
        body["notes"] = report.notes
        body["skipped"] = [str(e) for e in report.errors]
        return Response(body, status=status.HTTP_201_CREATED if fresh else status.HTTP_200_OK)


class IndicatorViewSet(viewsets.ReadOnlyModelViewSet):
    """The catalogue of indicators: definition, unit, direction, range, source, levels."""

    serializer_class = IndicatorSerializer
    queryset = Indicator.objects.order_by("code")
    lookup_field = "code"
    pagination_class = None


class SignalRuleViewSet(viewsets.ReadOnlyModelViewSet):
    """The alert function's rules, as the SBB administrator set them."""

    serializer_class = SignalRuleSerializer
    queryset = SignalRule.objects.select_related("indicator").order_by("code")
    lookup_field = "code"
    pagination_class = None


def _csv_response(serializer_class, rows, filename):
    out = io.StringIO()
    fields = list(serializer_class().fields)
    writer = csv.DictWriter(out, fieldnames=fields, delimiter=";", extrasaction="ignore")
    writer.writeheader()
    for row in serializer_class(rows, many=True).data:
        writer.writerow(row)
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class IndicatorValueViewSet(viewsets.ReadOnlyModelViewSet):
    """Indicator values of the datasets in force, filtered and paged; ``csv/`` gives the
    filtered list as a file."""

    serializer_class = IndicatorValueSerializer
    filterset_class = selectors.IndicatorValueFilter
    queryset = selectors.indicator_value_queryset()

    @extend_schema(responses={(200, "text/csv"): bytes})
    @action(detail=False, methods=["get"], url_path="csv", pagination_class=None)
    def export(self, request):
        rows = self.filter_queryset(self.get_queryset())[:100000]
        return _csv_response(IndicatorValueSerializer, rows, "indicatorwaarden.csv")


class SignalViewSet(viewsets.ReadOnlyModelViewSet):
    """The alert function's signals per cycle year, heaviest first. A signal about one
    institution reaches that institution, its sectorkamer, SBB staff and the board only."""

    serializer_class = SignalSerializer
    filterset_class = selectors.SignalFilter

    def get_queryset(self):
        return selectors.visible_signals(self.request.user).order_by("-weight", "rule__code",
                                                                      "subject", "pk")  # fmt: skip

    @extend_schema(responses={(200, "text/csv"): bytes})
    @action(detail=False, methods=["get"], url_path="csv", pagination_class=None)
    def export(self, request):
        rows = self.filter_queryset(self.get_queryset())[:100000]
        return _csv_response(SignalSerializer, rows, "signalen.csv")


class AtlasPublicationViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):  # fmt: skip
    """Which sectorkamer's atlas is published for which cycle year, by whom and when. SBB
    staff publish one (once: 409 the second time); its secretary and members are told."""

    serializer_class = AtlasPublicationSerializer
    queryset = AtlasPublication.objects.select_related("sectorkamer", "published_by")
    filterset_fields = ["year"]
    permission_classes = [RulesPermission]
    perms_map = {"create": "atlas.add_atlaspublication"}

    @extend_schema(responses={201: AtlasPublicationSerializer,
                              409: OpenApiResponse(description="Already published.")})  # fmt: skip
    def create(self, request, *args, **kwargs):
        data = self.get_serializer(data=request.data)
        data.is_valid(raise_exception=True)
        publication = services.publish_atlas(
            actor=request.user, sectorkamer=data.validated_data["sectorkamer"],
            year=data.validated_data["year"],
        )  # fmt: skip
        return Response(self.get_serializer(publication).data, status=status.HTTP_201_CREATED)
