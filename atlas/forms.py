from django import forms
from django.utils.translation import gettext_lazy as _


class UploadForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind of file"),
        choices=[
            ("enrolments", _("DUO: students per institution and qualification")),
            ("indicators", _("Indicators (one source per file)")),
        ],
    )
    file = forms.FileField(label=_("CSV file"))
    title = forms.CharField(label=_("Title"), required=False)
    skip_invalid = forms.BooleanField(
        label=_("Store the good lines and list the bad ones"), required=False
    )
