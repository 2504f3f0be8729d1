from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from core.api import CONFLICT_RESPONSE, RulesPermission, transition_actions, validated_body

from . import selectors, services
from .models import NoticeConflict
from .serializers import (
    AgreementSerializer,
    LateExceptionSerializer,
    NoticeConflictSerializer,
    OfferRuleSerializer,
    ProgressReportSerializer,
    ResolveConflictSerializer,
    StartStopNoticeSerializer,
)
from .workflow import WORKFLOW


class AgreementViewSet(
    mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet
):
    """SMART agreements and regional commitments, with the SMART check, progress and the
    transitions. A transition not allowed from the current state answers 409."""

    serializer_class = AgreementSerializer
    permission_classes = [RulesPermission]
    perms_map = {"update": "agreements.change_agreement",
                 "partial_update": "agreements.change_agreement"}  # fmt: skip
    filterset_class = selectors.AgreementFilter
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return selectors.agreement_queryset().prefetch_related("milestones")

    @staticmethod
    def _service_data(serializer):
        data = dict(serializer.validated_data)
        if data.get("parties") is not None:
            data["parties"] = [(p["organisation"], p["role"]) for p in data["parties"]]
        return data

    def perform_create(self, serializer):
        agreement = services.create_agreement(
            actor=self.request.user, **self._service_data(serializer)
        )
        serializer.instance = self.get_queryset().get(pk=agreement.pk)

    def perform_update(self, serializer):
        agreement = services.update_agreement(
            actor=self.request.user, agreement=serializer.instance, **self._service_data(serializer)
        )
        serializer.instance = self.get_queryset().get(pk=agreement.pk)

    locals().update(transition_actions(WORKFLOW, AgreementSerializer))

    @extend_schema(methods=["get"], responses={200: OfferRuleSerializer(many=True)})
    @extend_schema(
        methods=["post"],
        request=OfferRuleSerializer,
        responses={201: OfferRuleSerializer, 409: CONFLICT_RESPONSE},
    )
    @action(detail=True, methods=["get", "post"], url_path="offer-rules", url_name="offer-rules")
    def offer_rules(self, request, pk=None):
        """The programme-offer rules of the agreement; POST adds one (a draft programme-offer
        agreement, by whoever may change it: as the agreement's page does)."""
        agreement = self.get_object()
        if request.method == "POST":
            data = validated_body(OfferRuleSerializer, request)
            rule = services.set_offer_rule(actor=request.user, agreement=agreement, **data)
            rule = selectors.offer_rules(agreement).get(pk=rule.pk)
            return Response(OfferRuleSerializer(rule).data, status=status.HTTP_201_CREATED)
        page = self.paginate_queryset(selectors.offer_rules(agreement))
        return self.get_paginated_response(OfferRuleSerializer(page, many=True).data)


class ProgressReportViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Progress reports on active agreements."""

    serializer_class = ProgressReportSerializer
    filterset_fields = ["agreement", "status"]

    def get_queryset(self):
        from .models import ProgressReport

        return ProgressReport.objects.select_related("reporter").order_by("-period_end", "-pk")

    def perform_create(self, serializer):
        serializer.instance = services.report_progress(
            actor=self.request.user, **serializer.validated_data
        )


class StartStopNoticeViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Start/stop notices of mbo institutions, with their legal deadline and conflicts.
    Visible to the institution's representatives, the qualification's sectorkamer
    secretary, the SBB board and SBB staff; 404 for anyone else."""

    serializer_class = StartStopNoticeSerializer
    filterset_fields = ["institution", "state", "study_year", "leerweg", "action"]

    def get_queryset(self):
        return selectors.notice_queryset(self.request.user).prefetch_related(
            Prefetch(
                "conflicts",
                queryset=NoticeConflict.objects.select_related("rule").prefetch_related(
                    "rule__regions"
                ),
            )
        )

    def perform_create(self, serializer):
        notice = services.create_notice(actor=self.request.user, **serializer.validated_data)
        serializer.instance = self.get_queryset().get(pk=notice.pk)

    @extend_schema(request=None, responses={200: StartStopNoticeSerializer})
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        """Submit the draft: checked against its legal deadline and the programme-offer rules."""
        notice = services.submit_notice(actor=request.user, notice=self.get_object())
        return Response(self.get_serializer(self.get_queryset().get(pk=notice.pk)).data)

    @extend_schema(request=LateExceptionSerializer, responses={200: StartStopNoticeSerializer})
    @action(detail=True, methods=["post"])
    def exception(self, request, pk=None):
        """Record an exception for a late notice (the qualification's sectorkamer secretary)."""
        data = validated_body(LateExceptionSerializer, request)
        notice = services.record_late_exception(
            actor=request.user, notice=self.get_object(), **data
        )
        return Response(self.get_serializer(self.get_queryset().get(pk=notice.pk)).data)


class NoticeConflictViewSet(viewsets.ReadOnlyModelViewSet):
    """Conflicts between submitted notices and active programme-offer rules."""

    serializer_class = NoticeConflictSerializer
    filterset_fields = ["resolution", "notice"]

    def get_queryset(self):
        return selectors.conflict_queryset(self.request.user).prefetch_related("rule__regions")

    @extend_schema(request=ResolveConflictSerializer, responses={200: NoticeConflictSerializer})
    @action(detail=True, methods=["post"])
    def resolve(self, request, pk=None):
        """Resolve: consistent after all, accepted with a reason, or escalated."""
        data = validated_body(ResolveConflictSerializer, request)
        conflict = services.resolve_conflict(actor=request.user, conflict=self.get_object(), **data)
        return Response(self.get_serializer(conflict).data, status=status.HTTP_200_OK)
