from django import forms
from django.utils.translation import gettext_lazy as _

from atlas.models import Qualification
from core.forms import CommentForm, DateInput, ServiceModelForm
from regions.forms import RegionsField

from .models import COMBINABLE_TOPIC_STATES, Agenda, AgendaTopic, Level, Priority


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


# -- agenda topics ---------------------------------------------------------------------------


class TopicForm(forms.Form):
    """A topic for a sectorkamer's agenda; ``channels`` are the behalfs the user may choose."""

    on_behalf = forms.ChoiceField(label=_("On behalf of"))
    year = forms.IntegerField(label=_("For the agenda revision of"), min_value=2000, max_value=2100)
    title = forms.CharField(label=_("Title"), max_length=255)
    explanation = forms.CharField(
        label=_("Explanation"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What is the challenge or opportunity, and what should the sectorkamer do?"),
    )
    evidence = forms.CharField(
        label=_("Evidence"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("The facts that show why this matters."),
    )
    links = forms.CharField(
        label=_("Links"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("Web addresses of sources, one per line."),
    )
    qualifications = forms.ModelMultipleChoiceField(
        label=_("Qualifications concerned"),
        queryset=Qualification.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    regions = RegionsField(label=_("Arbeidsmarktregio's concerned"), required=False)
    attachment = forms.FileField(
        label=_("Attachment"),
        required=False,
        help_text=_("PDF, DOCX, ODT, XLSX, PNG or JPEG; 20 MB at most."),
    )

    def __init__(self, *args, sectorkamer, channels, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["on_behalf"].choices = [(c.key, c.label) for c in channels]
        if len(channels) == 1:  # nothing to choose: the one party the user speaks for
            self.fields["on_behalf"].required = False
            self.fields["on_behalf"].initial = channels[0].key
        self.fields["qualifications"].queryset = Qualification.objects.filter(
            sectorkamer=sectorkamer
        ).order_by("name")


class TakeUpForm(CommentForm):
    priority = forms.ModelChoiceField(
        label=_("As priority"),
        queryset=Priority.objects.none(),
        required=False,
        empty_label=_("A new priority in the draft revision"),
    )

    def offer_for(self, topic):
        """The priorities of the sectorkamer's revision of the topic's year."""
        self.fields["priority"].queryset = Priority.objects.filter(
            revision__agenda__sectorkamer_id=topic.sectorkamer_id, revision__year=topic.year
        ).order_by("order", "pk")
        return self


class CombineForm(CommentForm):
    with_topic = forms.ModelChoiceField(
        label=_("Combine with"), queryset=AgendaTopic.objects.none()
    )

    def offer_for(self, topic):
        """The other topics of the same sectorkamer and year that can take it."""
        self.fields["with_topic"].queryset = (
            AgendaTopic.objects.filter(
                sectorkamer_id=topic.sectorkamer_id,
                year=topic.year,
                state__in=COMBINABLE_TOPIC_STATES,
            )
            .exclude(pk=topic.pk)
            .order_by("title")
        )
        return self


class DeclineForm(forms.Form):
    comment = forms.CharField(
        label=_("Why it is not taken up"), widget=forms.Textarea(attrs={"rows": 3})
    )
