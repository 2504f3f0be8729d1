"""The public API (/api/public/v1/): the open-data datasets, read-only, anonymous (no
session, no token: nothing personal can come in), rate-limited per address and paged. Each
resource is a dataset of ``opendata``: the same queryset and the same records as the files."""

import django_filters
from django.utils.cache import patch_cache_control
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.permissions import AllowAny
from rest_framework.throttling import AnonRateThrottle

from agreements.models import Category
from core.api import StrictSerializer

from . import public
from .opendata import DATASETS, LICENCE, Dataset
from .views import MAX_AGE

TAG = "Openbaar"
FIELDS = {
    "integer": lambda help: serializers.IntegerField(help_text=help, allow_null=True),
    "text": lambda help: serializers.CharField(help_text=help, allow_null=True),
    "decimal": lambda help: serializers.DecimalField(
        max_digits=14, decimal_places=2, help_text=help, allow_null=True
    ),
    "date": lambda help: serializers.DateField(help_text=help, allow_null=True),
    "boolean": lambda help: serializers.BooleanField(help_text=help),
}


class PublicThrottle(AnonRateThrottle):
    scope = "public"  # its rate: REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["public"]


def serializer_for(dataset: Dataset) -> type[serializers.Serializer]:
    """A read-only serializer with the dataset's columns, which writes its record."""
    fields = {c.key: FIELDS[c.kind](str(c.description)) for c in dataset.columns}

    def to_representation(self, item):
        return serializers.Serializer.to_representation(self, dataset.record(item))

    name = "Public" + dataset.name.title().replace("_", "") + "Serializer"
    return type(name, (StrictSerializer,), {**fields, "to_representation": to_representation})


class PublicViewSet(viewsets.GenericViewSet):
    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = [PublicThrottle]
    filter_backends = [DjangoFilterBackend]
    dataset: Dataset

    def get_queryset(self):
        return self.dataset.queryset()

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if response.status_code == 200:
            patch_cache_control(response, public=True, max_age=MAX_AGE)
            response["X-Licence"] = LICENCE
        return response


class AgreementFilter(django_filters.FilterSet):
    sectorkamer = django_filters.CharFilter(field_name="sectorkamer_code", help_text="01-08")
    state = django_filters.ChoiceFilter(
        choices=[(s.value, s.label) for s in public.AGREEMENT_STATES]
    )
    category = django_filters.ChoiceFilter(choices=Category.choices)


def _viewset(name: str, *, detail: bool = False, filterset=None, summary: str):
    dataset = DATASETS[name]
    mixin_classes = (mixins.ListModelMixin,) + ((mixins.RetrieveModelMixin,) if detail else ())
    attrs = {"dataset": dataset, "serializer_class": serializer_for(dataset),
             "lookup_field": dataset.key, "filterset_class": filterset}  # fmt: skip
    views = {"list": extend_schema(tags=[TAG], summary=summary)}
    if detail:
        views["retrieve"] = extend_schema(tags=[TAG], summary=summary + " (one)")
    cls = type(f"Public{name.title()}ViewSet", (*mixin_classes, PublicViewSet), attrs)
    return extend_schema_view(**views)(cls)


AgendaViewSet = _viewset("agendas", summary="Ratified sector agendas, one record per priority")
AgreementViewSet = _viewset(
    "agreements", detail=True, filterset=AgreementFilter,
    summary="Agreements in force or finished",
)  # fmt: skip
PartyViewSet = _viewset("parties", summary="The parties to the agreements")
ReportViewSet = _viewset("reports", summary="Progress reports: reported values and status")
PracticeViewSet = _viewset(
    "practices", detail=True, summary="Shared practice: good practice and lessons"
)
