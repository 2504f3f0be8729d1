from django import forms
from django.utils.translation import gettext_lazy as _

from agreements.models import Agreement
from core.forms import DateInput
from regions.models import Organisation, Sectorkamer

from .models import AgreementEffect, ArbiterProfile, ClaimDecision, DisputeKind, Visibility


class DossierForm(forms.Form):
    claimant = forms.ModelChoiceField(label=_("On behalf of"), queryset=Organisation.objects.none())
    respondents = forms.ModelMultipleChoiceField(
        label=_("Respondent(s)"),
        queryset=Organisation.objects.order_by("name"),
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    kind = forms.ChoiceField(label=_("The dispute is about"), choices=DisputeKind.choices)
    agreements = forms.ModelMultipleChoiceField(
        label=_("Agreement(s) in dispute"),
        queryset=Agreement.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    claim = forms.CharField(label=_("Claim"), widget=forms.Textarea(attrs={"rows": 4}))
    ruling_requested = forms.CharField(
        label=_("Ruling requested"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, organisations=None, agreements=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["claimant"].queryset = organisations
        self.fields["agreements"].queryset = agreements


class CommentForm(forms.Form):
    comment = forms.CharField(
        label=_("Reasons or comment"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ProposePanelForm(CommentForm):
    arbiters = forms.ModelMultipleChoiceField(
        label=_("Arbiters (one or three)"),
        queryset=ArbiterProfile.objects.select_related("user").filter(available=True),
        widget=forms.CheckboxSelectMultiple,
    )


class ScheduleHearingForm(CommentForm):
    at = forms.DateTimeField(
        label=_("Date and time"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    place = forms.CharField(label=_("Place"))


class HoldHearingForm(CommentForm):
    minutes = forms.CharField(
        label=_("Minutes"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )


class AwardForm(forms.Form):
    decision = forms.ChoiceField(label=_("Decision on the claim"), choices=ClaimDecision.choices)
    reasoning = forms.CharField(
        label=_("Reasoning"), widget=forms.Textarea(attrs={"rows": 5}), required=False
    )
    agreement_effect = forms.ChoiceField(
        label=_("The agreement(s) in dispute"), choices=AgreementEffect.choices
    )


class SettleForm(CommentForm):
    terms = forms.CharField(
        label=_("Settlement terms"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    agreement_effect = forms.ChoiceField(
        label=_("The agreement(s) in dispute"), choices=AgreementEffect.choices
    )


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("Title"))
    visibility = forms.ChoiceField(label=_("Visible to"), choices=Visibility.choices)
    file = forms.FileField(label=_("File (PDF, DOCX, ODT, XLSX, PNG or JPEG, at most 20 MB)"))


class DeclarationForm(forms.Form):
    declaration = forms.CharField(
        label=_("Independence declaration"),
        widget=forms.Textarea(attrs={"rows": 3}),
        initial=_(
            "I declare that I am independent of the parties and have no interest in the "
            "outcome of this dispute."
        ),
    )


class ChallengeForm(forms.Form):
    reasons = forms.CharField(
        label=_("Reasons for the challenge"), widget=forms.Textarea(attrs={"rows": 3})
    )


class ChallengeDecisionForm(forms.Form):
    sustained = forms.TypedChoiceField(
        label=_("Decision"),
        coerce=lambda v: v == "yes",
        choices=[("yes", _("sustained: replace the arbiter")), ("no", _("rejected"))],
        widget=forms.RadioSelect,
    )
    reasons = forms.CharField(label=_("Reasons"), widget=forms.Textarea(attrs={"rows": 2}))
    replacement = forms.ModelChoiceField(
        label=_("Replacement arbiter"),
        required=False,
        queryset=ArbiterProfile.objects.select_related("user").filter(available=True),
    )


class ExtendForm(forms.Form):
    due = forms.DateField(label=_("New due date"), widget=DateInput)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class PanelNotesForm(forms.Form):
    notes = forms.CharField(
        label=_("Internal notes of the panel"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class ArbitrationAgreementForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.order_by("name")
    )
    signed_on = forms.DateField(label=_("Signed on"), widget=DateInput)
    signatory = forms.CharField(label=_("Signatory"))
    sectorkamer = forms.ModelChoiceField(
        label=_("Covers all agreements of sectorkamer"),
        queryset=Sectorkamer.objects.all(),
        required=False,
    )
    agreements = forms.ModelMultipleChoiceField(
        label=_("Or covers these agreements"),
        required=False,
        queryset=Agreement.objects.order_by("title"),
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    document = forms.FileField(label=_("Signed document (PDF)"), required=False)
