from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from atlas.models import Qualification
from core.forms import DateInput, ServiceModelForm
from regions.forms import OrganisationByName, RegionsField
from regions.models import Arbeidsmarktregio

from .models import (
    Agreement,
    ConflictResolution,
    Milestone,
    NoticeConflict,
    PartyRole,
    ProgrammeOfferRule,
    ProgressReport,
    StartStopNotice,
)


class AgreementForm(ServiceModelForm, forms.ModelForm):
    owner = OrganisationByName(label=capfirst(Agreement._meta.get_field("owner").verbose_name))

    class Meta:
        model = Agreement
        fields = [
            "level", "category", "title", "description", "owner", "contact", "indicator", "unit",
            "baseline_value", "baseline_date", "target_value", "direction", "rationale",
            "start_date", "deadline", "cadence", "weight",
        ]  # fmt: skip
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "rationale": forms.Textarea(attrs={"rows": 3}),
            "baseline_date": DateInput,
            "start_date": DateInput,
            "deadline": DateInput,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contact"].queryset = self.fields["contact"].queryset.order_by(
            "last_name", "username"
        )


class PartyForm(forms.Form):
    organisation = OrganisationByName(label=_("Organisation"))
    role = forms.ChoiceField(label=_("Role"), choices=PartyRole.choices)


class MilestoneForm(ServiceModelForm, forms.ModelForm):
    class Meta:
        model = Milestone
        fields = ["title", "due_date"]
        widgets = {"due_date": DateInput}


class OfferRuleForm(ServiceModelForm, forms.ModelForm):
    qualifications = forms.ModelMultipleChoiceField(
        label=_("Qualifications"), queryset=Qualification.objects.order_by("name"),
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )  # fmt: skip
    regions = RegionsField(label=_("Allowed arbeidsmarktregio's"), required=False, size=6)

    class Meta:
        model = ProgrammeOfferRule
        fields = ["kind", "qualifications", "regions", "phase_out_by", "intake_cap"]
        widgets = {"phase_out_by": DateInput}


class ProgressForm(ServiceModelForm, forms.ModelForm):
    class Meta:
        model = ProgressReport
        fields = ["period_start", "period_end", "value", "status", "narrative"]
        widgets = {
            "period_start": DateInput,
            "period_end": DateInput,
            "narrative": forms.Textarea(attrs={"rows": 3}),
        }


class RequiredCommentForm(forms.Form):
    comment = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class ClosingNoteForm(forms.Form):
    comment = forms.CharField(label=_("Closing note"), widget=forms.Textarea(attrs={"rows": 3}))


class NoticeForm(ServiceModelForm, forms.ModelForm):
    class Meta:
        model = StartStopNotice
        fields = ["institution", "qualification", "action", "leerweg", "municipality", "region",
                  "study_year"]  # fmt: skip

    def __init__(self, *args, institutions=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["institution"].queryset = institutions
        self.fields["qualification"].queryset = Qualification.objects.order_by("name")
        self.fields["region"].queryset = Arbeidsmarktregio.objects.order_by("name")
        if institutions is not None and len(institutions) == 1:
            self.fields["institution"].initial = institutions[0]


class ExceptionForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for the exception"), widget=forms.Textarea(attrs={"rows": 2})
    )


class ResolveForm(forms.Form):
    resolution = forms.ChoiceField(
        label=_("Resolution"),
        choices=[c for c in ConflictResolution.choices if c[0] != ConflictResolution.OPEN],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class PeriodForm(forms.Form):
    """The period of the monitoring report (default: the last complete half year)."""

    van = forms.DateField(label=_("From"), widget=DateInput)
    tot = forms.DateField(label=_("Until"), widget=DateInput)

    def clean(self):
        data = super().clean()
        start, end = data.get("van"), data.get("tot")
        if start and end and end < start:
            self.add_error("tot", _("The end of the period lies before its start."))
        if start and end and (end - start).days > 3 * 366:
            self.add_error("tot", _("Choose a period of at most three years."))
        return data


class BulkResolveForm(forms.Form):
    """Several open conflicts resolved the same way, from the notice list."""

    conflicts = forms.ModelMultipleChoiceField(
        label=_("Conflicts"), queryset=NoticeConflict.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    resolution = forms.ChoiceField(
        label=_("Resolution"),
        choices=[(ConflictResolution.CONSISTENT, ConflictResolution.CONSISTENT.label),
                 (ConflictResolution.ACCEPTED, ConflictResolution.ACCEPTED.label)],
        widget=forms.RadioSelect,
    )  # fmt: skip
    reason = forms.CharField(
        label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, conflicts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["conflicts"].queryset = conflicts
        self.fields["conflicts"].label_from_instance = lambda c: (
            f"{c.notice.institution.name}: {c.notice.qualification.name} — {c.message}"
        )


class TableInputForm(forms.Form):
    """A regional table's input for the sectorkamer; the sector agreement it is about, if any,
    from those the table works on (passed in: a page never lists every agreement)."""

    text = forms.CharField(
        label=_("Input for the sectorkamer"), widget=forms.Textarea(attrs={"rows": 3})
    )
    agreement = forms.ModelChoiceField(
        label=_("About the sector agreement"), queryset=Agreement.objects.none(), required=False,
        empty_label=_("The sector agenda in general"),
    )  # fmt: skip

    def __init__(self, *args, agreements=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agreement"].queryset = Agreement.objects.filter(
            pk__in=[a.pk for a in agreements]
        )
        self.fields["agreement"].choices = [("", self.fields["agreement"].empty_label)] + [
            (a.pk, a.title) for a in agreements
        ]
