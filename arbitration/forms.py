from django import forms
from django.utils.translation import gettext_lazy as _

from agreements.models import Agreement
from kansrijk_site.forms import DateInput
from regions.models import Organisation

from .models import AgreementEffect, ArbiterProfile, ClaimDecision, DisputeKind, Visibility


class DossierForm(forms.Form):
    claimant = forms.ModelChoiceField(label=_("On behalf of"), queryset=Organisation.objects.none())
    respondents = forms.ModelMultipleChoiceField(
        label=_("Respondent(s)"), queryset=Organisation.objects.order_by("name"),
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )  # fmt: skip
    kind = forms.ChoiceField(label=_("The dispute is about"), choices=DisputeKind.choices)
    agreements = forms.ModelMultipleChoiceField(
        label=_("Agreement(s) in dispute"), queryset=Agreement.objects.none(), required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )  # fmt: skip
    claim = forms.CharField(label=_("Claim"), widget=forms.Textarea(attrs={"rows": 4}))
    ruling_requested = forms.CharField(
        label=_("Ruling requested"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, organisations=None, agreements=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["claimant"].queryset = organisations
        self.fields["agreements"].queryset = agreements


class CommentForm(forms.Form):
    comment = forms.CharField(label=_("Reasons or comment"), required=False,
                              widget=forms.Textarea(attrs={"rows": 2}))  # fmt: skip


class ProposePanelForm(CommentForm):
    arbiters = forms.ModelMultipleChoiceField(
        label=_("Arbiters (one or three)"),
        queryset=ArbiterProfile.objects.select_related("user").filter(available=True),
        widget=forms.CheckboxSelectMultiple,
    )


class ScheduleHearingForm(CommentForm):
    at = forms.DateTimeField(label=_("Date and time"),
                             widget=forms.DateTimeInput(attrs={"type": "datetime-local"},
                                                        format="%Y-%m-%dT%H:%M"))  # fmt: skip
    place = forms.CharField(label=_("Place"))


class HoldHearingForm(CommentForm):
    minutes = forms.CharField(label=_("Minutes"), widget=forms.Textarea(attrs={"rows": 4}),
                              required=False)  # fmt: skip


class AwardForm(forms.Form):
    decision = forms.ChoiceField(label=_("Decision on the claim"), choices=ClaimDecision.choices)
    reasoning = forms.CharField(label=_("Reasoning"), widget=forms.Textarea(attrs={"rows": 5}),
                                required=False)  # fmt: skip
    agreement_effect = forms.ChoiceField(label=_("The agreement(s) in dispute"),
                                         choices=AgreementEffect.choices)  # fmt: skip


class SettleForm(CommentForm):
    terms = forms.CharField(label=_("Settlement terms"), required=False,
                            widget=forms.Textarea(attrs={"rows": 3}))  # fmt: skip
    agreement_effect = forms.ChoiceField(label=_("The agreement(s) in dispute"),
                                         choices=AgreementEffect.choices)  # fmt: skip


TRANSITION_FORMS = {
    "file": CommentForm, "admit": CommentForm, "reject": CommentForm,
    "propose_panel": ProposePanelForm, "constitute": CommentForm, "submit_defence": CommentForm,
    "schedule_hearing": ScheduleHearingForm, "hold_hearing": HoldHearingForm,
    "issue_award": AwardForm, "close": CommentForm, "withdraw": CommentForm,
    "settle": SettleForm,
}  # fmt: skip


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("Title"))
    visibility = forms.ChoiceField(label=_("Visible to"), choices=Visibility.choices)
    file = forms.FileField(label=_("File (PDF, DOCX, ODT, XLSX, PNG or JPEG, at most 20 MB)"))


class DeclarationForm(forms.Form):
    declaration = forms.CharField(
        label=_("Independence declaration"), widget=forms.Textarea(attrs={"rows": 3}),
        initial=_("I declare that I am independent of the parties and have no interest in the "
                  "outcome of this dispute."),
    )  # fmt: skip


class ChallengeForm(forms.Form):
    reasons = forms.CharField(label=_("Reasons for the challenge"),
                              widget=forms.Textarea(attrs={"rows": 3}))  # fmt: skip


class ChallengeDecisionForm(forms.Form):
    sustained = forms.TypedChoiceField(
        label=_("Decision"), coerce=lambda v: v == "yes",
        choices=[("yes", _("sustained: replace the arbiter")), ("no", _("rejected"))],
        widget=forms.RadioSelect,
    )  # fmt: skip
    reasons = forms.CharField(label=_("Reasons"), widget=forms.Textarea(attrs={"rows": 2}))
    replacement = forms.ModelChoiceField(
        label=_("Replacement arbiter"), required=False,
        queryset=ArbiterProfile.objects.select_related("user").filter(available=True),
    )  # fmt: skip


class ExtendForm(forms.Form):
    due = forms.DateField(label=_("New due date"), widget=DateInput)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))
