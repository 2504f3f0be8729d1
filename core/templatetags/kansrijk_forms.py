"""Template helpers for rendering forms accessibly (see core/form_fields.html)."""

from django import template

register = template.Library()


@register.filter
def fields_in_error(form) -> list:
    """The visible bound fields of ``form`` that have errors, in form order."""
    return [field for field in form.visible_fields() if field.errors]


@register.filter
def top_errors(form) -> list:
    """The form's own errors and those of its hidden fields: they belong to no input."""
    errors = list(form.non_field_errors())
    for field in form.hidden_fields():
        errors.extend(f"{field.label}: {error}" for error in field.errors)
    return errors


@register.filter
def scoped_ids(form, scope):
    """Give the ids of ``form``'s inputs a scope ("id_<scope>_<field>"), so a page with
    several forms with the same fields (transition forms, one form per row) has unique ids and
    every label names its own input. Field names, and so the posted data, stay the same."""
    if form.auto_id:
        form.auto_id = f"id_{scope}_%s"
    return form
