"""Glue between Django forms and services: a service's ValidationError lands on the form."""

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext_lazy as _


def errors_onto_form(form, exc: ValidationError) -> None:
    """Attach a service's validation errors to the form fields they name."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            target = field if field in form.fields else NON_FIELD_ERRORS
            form.add_error(None if target == NON_FIELD_ERRORS else target, errors)
    else:
        form.add_error(None, exc)


def save_through_service(request, form, service, **kwargs):
    """On a valid POST, call ``service`` with the form's data; return its result.

    Returns None when the form is not posted, not valid, or the service refused the data
    (its field errors are then on the form).
    """
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        return service(actor=request.user, **form.cleaned_data, **kwargs)
    except ValidationError as exc:
        errors_onto_form(form, exc)
        return None


class ServiceModelForm:
    """Mixin for ModelForms whose model validation runs in the service, not in the form."""

    def _post_clean(self):
        pass


class CommentForm(forms.Form):
    """An optional comment with a transition (agenda revisions, agreements)."""

    comment = forms.CharField(
        label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class DateInput(forms.DateInput):
    """A native date picker: its value is always ISO (YYYY-MM-DD), whatever the language."""

    input_type = "date"

    def __init__(self, attrs=None, format="%Y-%m-%d"):  # noqa: A002 - Django's own name
        super().__init__(attrs=attrs, format=format)


def attempt(request, action, success: str | None = None) -> tuple[bool, object]:
    """Run ``action()`` (a service call) for a page that redirects afterwards: the service's
    ValidationError becomes error messages on the page the user returns to, otherwise
    ``success``, when given, a success message. Returns ``(True, its result)`` or
    ``(False, None)``."""
    from django.contrib import messages

    try:
        result = action()
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return False, None
    if success is not None:
        messages.success(request, success)
    return True, result


def handle_small_form(request, form_class, action, success: str) -> bool:
    """A small form posted from an object's page: run ``action(cleaned_data)``; every error
    (the form's or the service's) becomes a message on the page it returns to."""
    form = form_class(request.POST, request.FILES)
    if form.is_valid():
        return attempt(request, lambda: action(form.cleaned_data), success)[0]
    form_errors_as_messages(request, form)
    return False


def form_errors_as_messages(request, form) -> None:
    """Every error of ``form`` as a message on the page the user returns to."""
    from django.contrib import messages

    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for error in errors:
            messages.error(request, f"{label}: {error}" if label else error)


class SuggestInput(forms.TextInput):
    """A text input that suggests as the user types: htmx fetches ``url`` with the typed text
    into the input's own datalist (the browser shows it as the input's choices). Without
    JavaScript it is a plain text field."""

    template_name = "core/widgets/suggest_input.html"

    def __init__(self, url, attrs=None):
        self.url = url
        super().__init__(attrs)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget_attrs = context["widget"]["attrs"]
        list_id = f"{widget_attrs.get('id') or name}-suggestions"
        widget_attrs.update({
            "list": list_id, "autocomplete": "off", "hx-get": str(self.url),
            "hx-trigger": "input changed delay:250ms", "hx-target": f"#{list_id}",
            "hx-swap": "innerHTML",
        })  # fmt: skip
        context["widget"]["list_id"] = list_id
        return context
