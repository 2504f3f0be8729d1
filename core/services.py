"""Helpers every app's services use: permission checks and validation before a write."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from django_fsm import FSMFieldMixin


def require_perm(actor, perm: str, obj=None) -> None:
    """Raise PermissionDenied unless ``actor`` has ``perm`` (on ``obj``) by the rules."""
    if actor is None or not actor.has_perm(perm, obj):
        raise PermissionDenied(_("You are not allowed to do this."))


def validated_save(instance, *, exclude=None) -> None:
    """Run the model's full validation (fields, clean, uniqueness) and then save it.

    Protected state fields are left out of field cleaning: they change only through
    their transitions, and cleaning would write them back.
    """
    exclude = set(exclude or ())
    exclude.update(
        field.name
        for field in instance._meta.concrete_fields
        if isinstance(field, FSMFieldMixin) and field.protected
    )
    instance.full_clean(exclude=exclude)
    instance.save()
