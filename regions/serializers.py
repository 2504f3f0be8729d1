from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from rest_framework.authtoken.serializers import AuthTokenSerializer

from core.api import CodeRelatedField, StrictFieldsMixin, StrictModelSerializer, StrictSerializer
from regions.models import Sectorkamer

from .models import Arbeidsmarktregio, Organisation, RegionalTable, RoleAssignment, User

UNKNOWN_REGION = _("Unknown arbeidsmarktregio code: {value}.")


class RegionCodeField(CodeRelatedField):
    default_error_messages = {"does_not_exist": UNKNOWN_REGION}

    def __init__(self, **kwargs):
        kwargs.setdefault("slug_field", "code")
        kwargs.setdefault("queryset", Arbeidsmarktregio.objects.all())
        super().__init__(**kwargs)


class ArbeidsmarktregioSerializer(StrictModelSerializer):
    class Meta:
        model = Arbeidsmarktregio
        fields = ["code", "name"]


class OrganisationSerializer(StrictModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    regions = RegionCodeField(many=True, required=False)

    class Meta:
        model = Organisation
        fields = [
            "id",
            "name",
            "kind",
            "kind_display",
            "institution_code",
            "city",
            "website",
            "regions",
        ]
        # Uniqueness and cross-field rules are checked once, by the service (model.full_clean).
        validators = []
        extra_kwargs = {"name": {"validators": []}}


class OrganisationRefSerializer(StrictModelSerializer):
    class Meta:
        model = Organisation
        fields = ["id", "name", "kind"]


class UserRefSerializer(StrictModelSerializer):
    name = serializers.CharField(source="__str__", read_only=True)

    class Meta:
        model = User
        fields = ["id", "username", "name"]


class RegionalTableSerializer(StrictModelSerializer):
    regions = RegionCodeField(many=True)
    sectorkamer = CodeRelatedField(
        slug_field="code",
        queryset=Sectorkamer.objects.all(),
        required=False,
        allow_null=True,
    )
    members = serializers.SerializerMethodField()
    coordinators = serializers.SerializerMethodField()
    coordinator = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.filter(is_active=True),
        write_only=True,
        required=False,
        allow_null=True,
        help_text=_("The user who coordinates the table from today on."),
    )

    class Meta:
        model = RegionalTable
        fields = [
            "id",
            "name",
            "regions",
            "sectorkamer",
            "members",
            "coordinators",
            "coordinator",
        ]
        extra_kwargs = {"name": {"validators": []}}

    def get_members(self, table) -> list[dict]:
        return OrganisationRefSerializer(
            [m.organisation for m in table.memberships.all()], many=True
        ).data

    def get_coordinators(self, table) -> list[dict]:
        return UserRefSerializer(
            [a.user for a in table.active_coordinator_assignments], many=True
        ).data


class TableMemberSerializer(StrictSerializer):
    organisation = serializers.PrimaryKeyRelatedField(queryset=Organisation.objects.all())


class RoleAssignmentSerializer(StrictModelSerializer):
    sectorkamer = CodeRelatedField(
        slug_field="code",
        queryset=Sectorkamer.objects.all(),
        required=False,
        allow_null=True,
    )
    role_display = serializers.CharField(source="get_role_display", read_only=True)

    class Meta:
        model = RoleAssignment
        fields = [
            "id",
            "user",
            "role",
            "role_display",
            "sectorkamer",
            "side",
            "regional_table",
            "organisation",
            "valid_from",
            "valid_until",
        ]
        validators = []


class RoleAssignmentEndSerializer(StrictSerializer):
    valid_until = serializers.DateField()


class MeSerializer(StrictModelSerializer):
    organisation = OrganisationRefSerializer(read_only=True)
    roles = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = [
            "id",
            "username",
            "first_name",
            "last_name",
            "email",
            "organisation",
            "roles",
        ]

    def get_roles(self, user) -> list[dict]:
        from .selectors import active_roles

        return [
            {
                "role": a.role,
                "role_display": a.get_role_display(),
                "scope": str(a.scope) if a.scope else None,
                "side": a.side,
                "valid_from": a.valid_from,
                "valid_until": a.valid_until,
            }
            for a in active_roles(user).assignments
        ]


class TokenSerializer(StrictSerializer):
    token = serializers.CharField(read_only=True)


class TokenRequestSerializer(StrictFieldsMixin, AuthTokenSerializer):
    """Username and password; and, for whoever logs in with a second factor (a privileged
    role, or anyone who set one up), a code from the authenticator or a backup code."""

    otp_token = serializers.CharField(
        required=False, allow_blank=True, write_only=True, max_length=16,
        help_text="The six digits of the authenticator app, or a backup code.",
    )  # fmt: skip
