from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from core.forms import ServiceModelForm, SuggestInput
from regions.models import Sectorkamer

from .models import Arbeidsmarktregio, Organisation, RegionalTable, User


class OrganisationByName(forms.ModelChoiceField):
    """An organisation typed by its name, with suggestions from the directory as the user
    types: the page never lists every organisation. The exact name is taken whatever its
    case; an organisation's number (what scripts and the API's tests post) is taken too."""

    def __init__(self, **kwargs):
        kwargs.setdefault("queryset", Organisation.objects.all())
        kwargs.setdefault("widget", SuggestInput(reverse_lazy("regions:organisation_names")))
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, Organisation):
            return value.name
        if isinstance(value, int):  # a ModelForm's initial: the organisation's number
            return self.queryset.filter(pk=value).values_list("name", flat=True).first()
        return value

    def to_python(self, value):
        if value in self.empty_values:
            return None
        value = str(value).strip()
        if value.isdigit() and (by_number := self.queryset.filter(pk=value).first()):
            return by_number
        found = list(self.queryset.filter(name__iexact=value)[:2])
        if len(found) == 1:
            return found[0]
        if found:
            raise ValidationError(
                _("Several organisations are called “%(name)s”; ask SBB to tell them apart."),
                code="ambiguous", params={"name": value},
            )  # fmt: skip
        raise ValidationError(
            _("There is no organisation called “%(name)s”. Choose a name from the suggestions."),
            code="invalid_choice", params={"name": value},
        )  # fmt: skip


class RegionsField(forms.ModelMultipleChoiceField):
    """A choice of arbeidsmarktregio's, by name, in a list of ``size`` rows."""

    def __init__(self, *, label, size: int = 8, **kwargs):
        super().__init__(
            label=label,
            queryset=Arbeidsmarktregio.objects.order_by("name"),
            widget=forms.SelectMultiple(attrs={"size": size}),
            **kwargs,
        )


class OrganisationForm(ServiceModelForm, forms.ModelForm):
    website = forms.URLField(label=_("website"), required=False, assume_scheme="https")
    regions = RegionsField(label=_("Arbeidsmarktregio's"), required=False)

    class Meta:
        model = Organisation
        fields = ["name", "kind", "institution_code", "city", "website", "regions"]

    def clean_institution_code(self):
        return (self.cleaned_data.get("institution_code") or "").strip().upper()


class RegionalTableForm(ServiceModelForm, forms.ModelForm):
    regions = RegionsField(label=_("Arbeidsmarktregio's"))
    sectorkamer = forms.ModelChoiceField(
        label=_("Sectorkamer focus"), queryset=Sectorkamer.objects.all(), required=False
    )
    coordinator = forms.ModelChoiceField(
        label=_("Coordinator"),
        queryset=User.objects.filter(is_active=True).order_by("last_name", "username"),
        required=False,
    )

    class Meta:
        model = RegionalTable
        fields = ["name", "regions", "sectorkamer"]


class TableMemberForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.order_by("name")
    )
