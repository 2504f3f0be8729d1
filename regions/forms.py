from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import ServiceModelForm
from regions.models import Sectorkamer

from .models import Arbeidsmarktregio, Organisation, RegionalTable, User


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
