from django.db import transaction
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api import RulesPermission, validated_body

from . import selectors, services
from .models import Arbeidsmarktregio, Organisation, RoleAssignment
from .rules import owed_second_factor
from .serializers import (
    ArbeidsmarktregioSerializer,
    MeSerializer,
    OrganisationSerializer,
    RegionalTableSerializer,
    RoleAssignmentEndSerializer,
    RoleAssignmentSerializer,
    TableMemberSerializer,
    TokenRequestSerializer,
    TokenSerializer,
)


class ArbeidsmarktregioViewSet(viewsets.ReadOnlyModelViewSet):
    """The 35 arbeidsmarktregio's with their CBS codes."""

    serializer_class = ArbeidsmarktregioSerializer
    queryset = Arbeidsmarktregio.objects.order_by("code")
    lookup_field = "code"
    search_fields = ["name", "code"]
    ordering_fields = ["code", "name"]


class OrganisationViewSet(
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.ReadOnlyModelViewSet,
):
    """Organisations: mbo institutions, branches, employers, unions and others."""

    serializer_class = OrganisationSerializer
    permission_classes = [RulesPermission]
    perms_map = {
        "create": "regions.add_organisation",
        "update": "regions.change_organisation",
        "partial_update": "regions.change_organisation",
    }
    filterset_class = selectors.OrganisationFilter
    ordering_fields = ["name", "kind"]

    def get_queryset(self):
        return selectors.organisation_queryset()

    def perform_create(self, serializer):
        serializer.instance = services.create_organisation(
            actor=self.request.user, **serializer.validated_data
        )

    def perform_update(self, serializer):
        serializer.instance = services.update_organisation(
            actor=self.request.user,
            organisation=serializer.instance,
            **serializer.validated_data,
        )


class RegionalTableViewSet(
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.ReadOnlyModelViewSet,
):
    """Regional tables (per arbeidsmarktregio), their members and coordinators."""

    serializer_class = RegionalTableSerializer
    permission_classes = [RulesPermission]
    perms_map = {
        "create": "regions.add_regionaltable",
        "update": "regions.change_regionaltable",
        "partial_update": "regions.change_regionaltable",
        "members": "regions.manage_table_members",
        "remove_member": "regions.manage_table_members",
    }
    filterset_fields = {"regions__code": ["exact"], "sectorkamer__code": ["exact"]}
    search_fields = ["name"]
    ordering_fields = ["name"]

    def get_queryset(self):
        return selectors.regional_table_queryset()

    def perform_create(self, serializer):
        table = services.create_regional_table(actor=self.request.user, **serializer.validated_data)
        serializer.instance = self.get_queryset().get(pk=table.pk)

    def perform_update(self, serializer):
        table = services.update_regional_table(
            actor=self.request.user,
            table=serializer.instance,
            **serializer.validated_data,
        )
        serializer.instance = self.get_queryset().get(pk=table.pk)

    @extend_schema(request=TableMemberSerializer, responses={201: RegionalTableSerializer})
    @action(detail=True, methods=["post"])
    def members(self, request, pk=None):
        """Add a member organisation (the table's coordinator or SBB staff)."""
        table = self.get_object()
        data = validated_body(TableMemberSerializer, request)
        services.add_table_member(
            actor=request.user,
            table=table,
            organisation=data["organisation"],
        )
        table = self.get_queryset().get(pk=table.pk)
        return Response(self.get_serializer(table).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={204: None})
    @action(detail=True, methods=["delete"], url_path=r"members/(?P<organisation_id>\d+)")
    def remove_member(self, request, pk=None, organisation_id=None):
        """Remove a member organisation (the table's coordinator or SBB staff)."""
        table = self.get_object()
        organisation = get_object_or_404(Organisation, pk=organisation_id)
        services.remove_table_member(actor=request.user, table=table, organisation=organisation)
        return Response(status=status.HTTP_204_NO_CONTENT)


class RoleAssignmentViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Role assignments with their scope and validity (SBB staff)."""

    serializer_class = RoleAssignmentSerializer
    permission_classes = [RulesPermission]
    perms_map = {
        "list": "regions.view_roleassignment",
        "retrieve": "regions.view_roleassignment",
        "create": "regions.add_roleassignment",
        "end": "regions.change_roleassignment",
    }
    filterset_fields = ["user", "role", "regional_table", "organisation"]

    def get_queryset(self):
        return RoleAssignment.objects.select_related(
            "sectorkamer", "regional_table", "organisation", "user"
        ).order_by("user_id", "role", "valid_from")

    def perform_create(self, serializer):
        serializer.instance = services.assign_role(
            actor=self.request.user, **serializer.validated_data
        )

    @extend_schema(request=RoleAssignmentEndSerializer, responses={200: RoleAssignmentSerializer})
    @action(detail=True, methods=["post"])
    def end(self, request, pk=None):
        """End the assignment on the given (inclusive) last day."""
        assignment = self.get_object()
        data = validated_body(RoleAssignmentEndSerializer, request)
        assignment = services.end_role(
            actor=request.user,
            assignment=assignment,
            last_day=data["valid_until"],
        )
        return Response(self.get_serializer(assignment).data)


class MeView(APIView):
    """The signed-in user with the roles they hold today."""

    @extend_schema(responses=MeSerializer)
    def get(self, request):
        return Response(MeSerializer(request.user).data)


def _verified_session_of(request, user) -> bool:
    from django_otp import DEVICE_ID_SESSION_KEY

    session = getattr(request, "session", None)
    return bool(session and session.get(DEVICE_ID_SESSION_KEY) and request.user.pk == user.pk)


def _check_second_factor(request, user, owed, token) -> None:
    """A token for whoever logs in with a second factor is issued only with its code (or from
    a session that showed it); a wrong code counts towards the login throttling."""
    from django.contrib.auth.signals import user_login_failed
    from django_otp import devices_for_user
    from rest_framework.exceptions import ValidationError as Invalid

    if owed == "required":
        raise Invalid({"otp_token": [_("Set up your second factor on the site first.")]})
    token = (token or "").strip().replace(" ", "")
    with transaction.atomic():  # for_verify locks the devices (django-otp's throttling)
        verified = token and any(
            d.verify_token(token) for d in devices_for_user(user, for_verify=True)
        )
    if verified:
        return
    user_login_failed.send(sender=__name__, credentials={"username": user.get_username()},
                           request=request)  # fmt: skip
    raise Invalid({"otp_token": [_("Give the code of your second factor.")]})


class TokenView(ObtainAuthToken):
    """Obtain the API token with username and password (POST); revoke it (DELETE).

    Failed attempts count towards the login throttling of the web login."""

    permission_classes = ()

    def get_permissions(self):
        if self.request.method == "DELETE":
            return [permissions.IsAuthenticated()]
        return super().get_permissions()

    serializer_class = TokenRequestSerializer

    @extend_schema(request=TokenRequestSerializer, responses=TokenSerializer)
    def post(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = serializer.validated_data["user"]
        owed = owed_second_factor(user)
        if owed and not _verified_session_of(request, user):
            _check_second_factor(request, user, owed, serializer.validated_data.get("otp_token"))
        token = services.issue_api_token(actor=user)
        return Response({"token": token.key})

    @extend_schema(request=None, responses={204: None})
    def delete(self, request, *args, **kwargs):
        services.revoke_api_token(actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
