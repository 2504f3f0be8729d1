from django import forms
from django.utils.translation import gettext_lazy as _

from atlas.models import Qualification
from core.forms import CommentForm, DateInput, ServiceModelForm
from regions.forms import RegionsField

from .models import Agenda, Level, Priority


class AgendaForm(ServiceModelForm, forms.ModelForm):
    class Meta:
        model = Agenda
        fields = ["title", "first_year", "last_year"]


class StartRevisionForm(forms.Form):
    year = forms.IntegerField(label=_("Cycle year"), min_value=2000, max_value=2100)


class RevisionSummaryForm(forms.Form):
    summary = forms.CharField(
        label=_("Summary"), widget=forms.Textarea(attrs={"rows": 6}), required=False
    )


class PriorityForm(ServiceModelForm, forms.ModelForm):
    levels = forms.MultipleChoiceField(
        label=_("Level(s) to work it out at"),
        choices=Level.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    qualifications = forms.ModelMultipleChoiceField(
        label=_("Qualifications (evidence)"),
        queryset=Qualification.objects.select_related("sectorkamer").order_by("name"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    regions = RegionsField(label=_("Arbeidsmarktregio's (evidence)"), required=False)

    class Meta:
        model = Priority
        fields = ["kind", "title", "description", "evidence", "qualifications", "regions"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "evidence": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["levels"] = self.instance.levels

    def service_data(self) -> dict:
        """The cleaned data in the shape the priority services take."""
        data = dict(self.cleaned_data)
        levels = data.pop("levels", [])
        for level in Level.values:
            data[level] = level in levels
        return data


class SubmitForm(CommentForm):
    confirm_open_signals = forms.BooleanField(
        label=_("Submit although top signals of the atlas are still open"), required=False
    )

    def offer_for(self, revision):
        """The confirmation is asked only while the revision leaves top signals open."""
        from .selectors import open_top_signals

        if not open_top_signals(revision).exists():
            del self.fields["confirm_open_signals"]
        return self


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label=_("Reason for returning"), widget=forms.Textarea(attrs={"rows": 3})
    )


class AdoptForm(CommentForm):
    meeting_date = forms.DateField(label=_("Date of the sectorkamer meeting"), widget=DateInput)
    education_side_agreed = forms.BooleanField(label=_("The education side agreed"), required=False)
    business_side_agreed = forms.BooleanField(label=_("The business side agreed"), required=False)
