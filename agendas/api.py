from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from atlas.models import Signal
from core.api import RulesPermission, transition_actions, validated_body
from regions.models import Sectorkamer

from . import selectors, services
from .serializers import (
    AgendaRevisionSerializer,
    AgendaSerializer,
    AgendaTopicSerializer,
    MovePrioritySerializer,
    PriorityDiffSerializer,
    PrioritySerializer,
    QualificationSerializer,
    SectorkamerSerializer,
    SignalAsideSerializer,
    SignalCoverageSerializer,
    SignalResponseSerializer,
    SignalsToPrioritySerializer,
    StartRevisionSerializer,
    SubmitTopicSerializer,
    TimelineEventSerializer,
)
from .workflow import TOPIC_WORKFLOW, WORKFLOW


class SectorkamerViewSet(viewsets.ReadOnlyModelViewSet):
    """The 8 sectorkamers, coded 01-08 as in DUO and crebo files."""

    serializer_class = SectorkamerSerializer
    queryset = Sectorkamer.objects.order_by("code")
    lookup_field = "code"
    search_fields = ["name", "abbreviation"]


class QualificationViewSet(viewsets.ReadOnlyModelViewSet):
    """The qualification (crebo) catalogue."""

    serializer_class = QualificationSerializer
    lookup_field = "crebo"
    filterset_class = selectors.QualificationFilter
    ordering_fields = ["name", "crebo", "level"]

    def get_queryset(self):
        return selectors.qualification_queryset()


class AgendaViewSet(
    mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet
):
    """Multi-year agendas of the sectorkamers."""

    serializer_class = AgendaSerializer
    permission_classes = [RulesPermission]
    perms_map = {
        "update": "agendas.change_agenda",
        "partial_update": "agendas.change_agenda",
        "start_revision": "agendas.start_revision",
    }
    filterset_fields = {"sectorkamer__code": ["exact"], "first_year": ["lte", "gte"]}

    def get_queryset(self):
        return selectors.agenda_queryset()

    def perform_create(self, serializer):
        serializer.instance = services.create_agenda(
            actor=self.request.user, **serializer.validated_data
        )

    def perform_update(self, serializer):
        serializer.instance = services.update_agenda(
            actor=self.request.user, agenda=serializer.instance, **serializer.validated_data
        )

    @extend_schema(request=StartRevisionSerializer, responses={201: AgendaRevisionSerializer})
    @action(detail=True, methods=["post"], url_path="start-revision")
    def start_revision(self, request, pk=None):
        """Start the revision for a cycle year (the secretary); copies the last ratified one."""
        agenda = self.get_object()
        data = validated_body(StartRevisionSerializer, request)
        revision = services.start_revision(actor=request.user, agenda=agenda, **data)
        revision = selectors.revision_queryset(request.user).get(pk=revision.pk)
        return Response(
            AgendaRevisionSerializer(revision, context=self.get_serializer_context()).data,
            status=status.HTTP_201_CREATED,
        )


class AgendaRevisionViewSet(mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Yearly agenda revisions and their transitions.

    A draft is visible to its sectorkamer, the SBB board and SBB staff only; ratified
    revisions to every user. A transition not allowed from the current state answers 409
    with the current state and the transitions that are allowed.
    """

    serializer_class = AgendaRevisionSerializer
    permission_classes = [RulesPermission]
    perms_map = {"update": "agendas.change_agendarevision"}
    filterset_fields = {
        "agenda": ["exact"],
        "agenda__sectorkamer__code": ["exact"],
        "year": ["exact"],
        "state": ["exact"],
    }
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return selectors.revision_queryset(self.request.user)

    def perform_update(self, serializer):
        serializer.instance = services.update_revision(
            actor=self.request.user,
            revision=serializer.instance,
            summary=serializer.validated_data.get("summary", serializer.instance.summary),
        )

    locals().update(transition_actions(WORKFLOW, AgendaRevisionSerializer))

    @extend_schema(responses=TimelineEventSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None)
    def history(self, request, pk=None):
        """Every transition and edit, oldest first."""
        revision = self.get_object()
        events = selectors.revision_timeline(revision)
        for event in events:
            event.who = str(event.who) if event.who else None
        return Response(TimelineEventSerializer(events, many=True).data)

    @extend_schema(
        parameters=[OpenApiParameter("with", int, required=True, description="other revision")],
        responses=PriorityDiffSerializer(many=True),
    )
    @action(detail=True, methods=["get"], pagination_class=None)
    def diff(self, request, pk=None):
        """Priorities added, removed and changed from the other revision to this one."""
        revision = self.get_object()
        other_id = request.query_params.get("with", "")
        if not other_id.isdigit():
            raise serializers.ValidationError({"with": [_("Give the id of another revision.")]})
        other = get_object_or_404(self.get_queryset(), pk=other_id)
        diff = selectors.revision_diff(other, revision)
        return Response(PriorityDiffSerializer(diff, many=True).data)

    @extend_schema(responses=SignalCoverageSerializer)
    @action(detail=True, methods=["get"], url_path="signal-coverage", pagination_class=None)
    def signal_coverage(self, request, pk=None):
        """The sectorkamer's open top signals of the cycle: addressed by a priority, set
        aside with a reason, or still open (the ids of the heaviest 25, and their number)."""
        coverage = selectors.signal_coverage(self.get_object())
        body = {
            "addressed": [s.response for s in coverage["addressed"]],
            "aside": [s.response for s in coverage["aside"]],
            "open": [s.pk for s in coverage["open"]],
            "open_count": coverage["open_count"],
        }
        return Response(SignalCoverageSerializer(body).data)

    @extend_schema(request=SignalsToPrioritySerializer, responses={201: PrioritySerializer})
    @action(detail=True, methods=["post"], url_path="signals-to-priority")
    def signals_to_priority(self, request, pk=None):
        """A draft priority made from one or more of the cycle's signals (its evidence); the
        signals then count as addressed in this revision."""
        revision = self.get_object()
        data = validated_body(SignalsToPrioritySerializer, request)
        signals = Signal.objects.filter(pk__in=data["signals"]).select_related(
            "rule", "qualification", "institution", "region"
        )
        priority = services.priority_from_signals(
            actor=request.user, revision=revision, signals=signals, title=data["title"]
        )
        return Response(PrioritySerializer(priority).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=SignalAsideSerializer, responses={201: SignalResponseSerializer})
    @action(detail=True, methods=["post"], url_path="set-signal-aside")
    def set_signal_aside(self, request, pk=None):
        """Record that no action is taken on a signal in this revision, with the reason."""
        revision = self.get_object()
        data = validated_body(SignalAsideSerializer, request)
        signal = Signal.objects.filter(pk=data["signal"]).first()
        if signal is None:
            raise serializers.ValidationError({"signal": [_("Unknown signal: %(id)s.")
                                                          % {"id": data["signal"]}]})  # fmt: skip
        response = services.set_signal_aside(
            actor=request.user, revision=revision, signal=signal, reason=data["reason"]
        )
        return Response(SignalResponseSerializer(response).data, status=status.HTTP_201_CREATED)


class PriorityViewSet(viewsets.ModelViewSet):
    """Priorities (challenges and opportunities) on agenda revisions."""

    serializer_class = PrioritySerializer
    permission_classes = [RulesPermission]
    perms_map = {
        "update": "agendas.change_priority",
        "partial_update": "agendas.change_priority",
        "destroy": "agendas.delete_priority",
        "move": "agendas.change_priority",
    }
    filterset_fields = ["revision", "kind"]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self):
        return selectors.priorities_queryset(self.request.user)

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        revision = data.pop("revision")
        if not self.request.user.has_perm("agendas.view_agendarevision", revision):
            raise serializers.ValidationError(
                {"revision": [_("Unknown revision: %(id)s.") % {"id": revision.pk}]}
            )
        serializer.instance = services.add_priority(
            actor=self.request.user, revision=revision, **data
        )

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        data.pop("revision", None)
        serializer.instance = services.update_priority(
            actor=self.request.user, priority=serializer.instance, **data
        )

    def perform_destroy(self, instance):
        services.delete_priority(actor=self.request.user, priority=instance)

    @extend_schema(request=MovePrioritySerializer, responses={200: PrioritySerializer})
    @action(detail=True, methods=["post"])
    def move(self, request, pk=None):
        """Move the priority one place up or down."""
        priority = self.get_object()
        data = validated_body(MovePrioritySerializer, request)
        direction = -1 if data["direction"] == "up" else 1
        services.move_priority(actor=request.user, priority=priority, direction=direction)
        return Response(self.get_serializer(self.get_queryset().get(pk=priority.pk)).data)


class AgendaTopicViewSet(viewsets.ReadOnlyModelViewSet):
    """Topics parties put on a sectorkamer's agenda (agenderingsrecht) and their decisions.

    Visible to the sectorkamer, the SBB board and staff, the submitter and the organisation or
    regional table it was submitted for; anyone else gets 404. POST (JSON or multipart, with
    an optional ``attachment``) submits one while topics for that cycle year are open.
    """

    serializer_class = AgendaTopicSerializer
    filterset_fields = {"sectorkamer__code": ["exact"], "year": ["exact"], "state": ["exact"]}
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_queryset(self):
        return selectors.topic_queryset(self.request.user).order_by("-submitted_at", "-pk")

    @extend_schema(request=SubmitTopicSerializer, responses={201: AgendaTopicSerializer})
    def create(self, request):
        data = validated_body(SubmitTopicSerializer, request)
        topic = services.submit_topic(actor=request.user, **data)
        topic = self.get_queryset().get(pk=topic.pk)
        return Response(self.get_serializer(topic).data, status=status.HTTP_201_CREATED)

    locals().update(transition_actions(TOPIC_WORKFLOW, AgendaTopicSerializer))
