from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import ServiceModelForm
from regions.forms import RegionsField

from .models import Practice


class PracticeForm(ServiceModelForm, forms.ModelForm):
    regions = RegionsField(label=_("Arbeidsmarktregio's"), required=False)

    class Meta:
        model = Practice
        fields = ["kind", "category", "title", "what_was_done", "result", "lessons", "regions",
                  "contact_organisation"]  # fmt: skip
        widgets = {
            "what_was_done": forms.Textarea(attrs={"rows": 4}),
            "result": forms.Textarea(attrs={"rows": 3}),
            "lessons": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "lessons": _("What should others copy or avoid?"),
            "contact_organisation": _("Shown with the practice: whom others can ask about it."),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        from regions.models import Organisation
        from regions.selectors import active_roles

        ids = set(active_roles(user).represents) | {user.organisation_id} - {None}
        self.fields["contact_organisation"].queryset = Organisation.objects.filter(
            pk__in=ids
        ).order_by("name")
        # empty: the organisation the user works for (the service says so when there is none)
        self.fields["contact_organisation"].required = False
        if user.organisation_id:
            self.fields["contact_organisation"].initial = user.organisation_id
