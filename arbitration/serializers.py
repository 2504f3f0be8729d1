from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import exceptions, serializers

from agreements.models import Agreement
from core.api import AllowedTransitionsMixin, StrictModelSerializer, StrictSerializer
from regions.models import Organisation

from .models import (
    AccessLogEntry,
    AgreementEffect,
    ArbiterProfile,
    Award,
    ClaimDecision,
    Document,
    Dossier,
    DossierParty,
    PanelMember,
    ProceduralDeadline,
)


class DossierPartySerializer(StrictModelSerializer):
    name = serializers.CharField(source="organisation.name")

    class Meta:
        model = DossierParty
        fields = ["organisation", "name", "side"]


class PanelMemberSerializer(StrictModelSerializer):
    arbiter = serializers.CharField(source="arbiter.__str__")
    declared = serializers.SerializerMethodField()

    class Meta:
        model = PanelMember
        fields = ["id", "arbiter", "declared", "replaced_at"]

    def get_declared(self, member) -> bool:
        return member.declaration_signed_at is not None


class ProceduralDeadlineSerializer(StrictModelSerializer):
    class Meta:
        model = ProceduralDeadline
        fields = ["id", "kind", "due", "met_at"]


class AwardSerializer(StrictModelSerializer):
    class Meta:
        model = Award
        fields = ["decision", "reasoning", "agreement_effect", "issued_on"]


class DossierSerializer(AllowedTransitionsMixin, StrictModelSerializer):
    parties = DossierPartySerializer(many=True, read_only=True)
    panel = PanelMemberSerializer(many=True, read_only=True)
    deadlines = ProceduralDeadlineSerializer(many=True, read_only=True)
    award = AwardSerializer(read_only=True, allow_null=True)
    claimants = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.all(), many=True, write_only=True
    )
    respondents = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.all(), many=True, write_only=True
    )
    agreements = serializers.PrimaryKeyRelatedField(
        queryset=Agreement.objects.all(), many=True, required=False
    )

    class Meta:
        model = Dossier
        fields = ["id", "reference", "state", "kind", "claim", "ruling_requested", "agreements",
                  "claimants", "respondents", "parties", "panel", "deadlines", "filed_at",
                  "hearing_at", "hearing_place", "minutes", "settlement_terms", "award",
                  "allowed_transitions"]  # fmt: skip
        read_only_fields = ["reference", "state", "filed_at", "hearing_at", "hearing_place",
                            "minutes", "settlement_terms"]  # fmt: skip


class CommentSerializer(StrictSerializer):
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class ProposePanelSerializer(CommentSerializer):
    arbiters = serializers.PrimaryKeyRelatedField(queryset=ArbiterProfile.objects.all(), many=True)


class ScheduleHearingSerializer(CommentSerializer):
    at = serializers.DateTimeField()
    place = serializers.CharField()


class HoldHearingSerializer(CommentSerializer):
    minutes = serializers.CharField(allow_blank=True)


class AwardInputSerializer(StrictSerializer):
    decision = serializers.ChoiceField(choices=ClaimDecision.choices)
    reasoning = serializers.CharField(allow_blank=True)
    agreement_effect = serializers.ChoiceField(choices=AgreementEffect.choices)


class SettleSerializer(CommentSerializer):
    terms = serializers.CharField(allow_blank=True)
    agreement_effect = serializers.ChoiceField(choices=AgreementEffect.choices)


class VisibleDossierField(serializers.PrimaryKeyRelatedField):
    """A dossier named in the body. Dossiers are confidential: one the user is not on
    answers 404, exactly like one that does not exist."""

    def get_queryset(self):
        from .selectors import visible_dossiers

        request = self.context.get("request")
        return visible_dossiers(request.user) if request else Dossier.objects.none()

    def fail(self, key, **kwargs):
        if key == "does_not_exist":
            raise exceptions.NotFound()
        super().fail(key, **kwargs)


@extend_schema_field(OpenApiTypes.INT)
class VisibleDocumentField(serializers.PrimaryKeyRelatedField):
    """A document to replace: one the user may not see (another dossier's, or one kept for
    the panel or the secretariat) is answered like one that does not exist."""

    def get_queryset(self):
        from .selectors import document_queryset

        request = self.context.get("request")
        return document_queryset(request.user) if request else Document.objects.none()

    def to_internal_value(self, data):
        document = super().to_internal_value(data)
        if not self.context["request"].user.has_perm("arbitration.view_document", document):
            self.fail("does_not_exist", pk_value=data)
        return document


class DocumentSerializer(StrictModelSerializer):
    dossier = VisibleDossierField()
    file = serializers.FileField(write_only=True)
    replaces = VisibleDocumentField(required=False, allow_null=True, write_only=True)
    download = serializers.SerializerMethodField()

    class Meta:
        model = Document
        fields = ["id", "dossier", "title", "visibility", "version", "filename", "content_type",
                  "size", "sha256", "uploaded_at", "file", "replaces", "download"]  # fmt: skip
        read_only_fields = ["version", "filename", "content_type", "size", "sha256",
                            "uploaded_at"]  # fmt: skip

    def get_download(self, document) -> str:
        return f"/api/v1/arbitration/documents/{document.pk}/download/"


class ArbiterSerializer(StrictModelSerializer):
    name = serializers.CharField(source="user.__str__")
    expertise = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)

    class Meta:
        model = ArbiterProfile
        fields = ["id", "name", "expertise", "themes", "available"]


class StatisticsSerializer(StrictSerializer):
    counts = serializers.DictField(child=serializers.IntegerField())
    total = serializers.IntegerField()
    average_days_to_award = serializers.IntegerField(allow_null=True)


class AccessLogEntrySerializer(StrictModelSerializer):
    user = serializers.CharField(source="user.username", read_only=True)
    name = serializers.CharField(source="user.get_full_name", read_only=True)

    class Meta:
        model = AccessLogEntry
        fields = ["id", "at", "user", "name", "roles", "kind", "label", "document", "channel",
                  "address"]  # fmt: skip
        read_only_fields = fields
