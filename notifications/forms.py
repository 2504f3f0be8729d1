from django import forms

from .models import MANDATORY_KINDS, Channel, NotificationKind


class PreferencesForm(forms.Form):
    """One email channel per kind of notification; mandatory kinds cannot be switched off."""

    def __init__(self, *args, current=None, **kwargs):
        super().__init__(*args, **kwargs)
        current = current or {}
        for kind, label in NotificationKind.choices:
            choices = Channel.choices
            if kind in MANDATORY_KINDS:
                choices = [c for c in Channel.choices if c[0] != Channel.OFF]
            self.fields[kind] = forms.ChoiceField(
                label=label, choices=choices, initial=current.get(kind, Channel.IMMEDIATE)
            )
