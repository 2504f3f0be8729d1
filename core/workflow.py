"""Running django-fsm-2 transitions the same way in every app.

A transition is asked for by name. ``run_transition`` checks, in this order: that the name
is a transition of the model (else ``UnknownTransition``), that the actor may perform it
(``PermissionDenied``, 403), that the current state allows it (``StateConflict``, 409), then
runs it with the actor and comment recorded by django-fsm-log, and saves. A concurrent
change of state between loading and saving (optimistic locking through
``ConcurrentTransitionMixin``) is a ``StateConflict`` as well.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _
from django_fsm import ConcurrentTransition, TransitionNotAllowed


class UnknownTransition(LookupError):
    pass


class StateConflict(Exception):
    """An action that the object's current state does not allow (HTTP 409)."""

    def __init__(self, message, *, current_state: str, allowed: list[str]):
        super().__init__(message)
        self.message = message
        self.current_state = current_state
        self.allowed = allowed


def _state(instance) -> str:
    return getattr(instance, instance._meta.get_field(instance.STATE_FIELD).attname)


def _meta(instance, name):
    return getattr(type(instance), instance.TRANSITIONS[name])._django_fsm


def available_transitions(instance) -> list[str]:
    """Transitions the current state allows (whoever performs them), by public name."""
    state = _state(instance)
    return [name for name in instance.TRANSITIONS if _meta(instance, name).has_transition(state)]


def user_transitions(instance, user) -> list[str]:
    """Transitions the current state allows, whose guards (django-fsm-2 ``conditions``, the
    same predicates the services check) hold now, and that ``user`` may perform: what the
    pages offer as buttons and the API as ``allowed_transitions``."""
    state = _state(instance)
    return [
        name
        for name in available_transitions(instance)
        if _meta(instance, name).conditions_met(instance, state)
        and _meta(instance, name).has_transition_perm(instance, state, user)
    ]


def state_conflict(instance, message=None) -> StateConflict:
    state = _state(instance)
    label = instance.get_state_display()
    return StateConflict(
        message or _("This is not possible while the state is '%(state)s'.") % {"state": label},
        current_state=state,
        allowed=available_transitions(instance),
    )


def check_transition(instance, name: str, *, actor) -> None:
    """Raise unless ``actor`` may perform ``name`` now: 403 before 409, as the API answers."""
    if name not in instance.TRANSITIONS:
        raise UnknownTransition(name)
    meta = _meta(instance, name)
    transition = meta.get_transition(_state(instance))
    permission_transition = transition or next(iter(meta.transitions.values()))
    if not permission_transition.has_perm(instance, actor):
        raise PermissionDenied(_("You are not allowed to do this."))
    if transition is None:
        raise state_conflict(
            instance,
            _("'%(action)s' is not possible while the state is '%(state)s'.")
            % {"action": name, "state": instance.get_state_display()},
        )


def run_transition(instance, name: str, *, actor, comment: str = "", **kwargs):
    """Perform transition ``name`` on ``instance`` as ``actor`` and save it."""
    check_transition(instance, name, actor=actor)
    method = getattr(instance, instance.TRANSITIONS[name])
    try:
        # A savepoint: a lost race undoes the transition and its log entry, and leaves the
        # caller's transaction usable.
        with transaction.atomic():
            method(by=actor, description=comment or None, **kwargs)
            instance.save()
    except (TransitionNotAllowed, ConcurrentTransition) as exc:
        instance.refresh_from_db()
        raise state_conflict(
            instance,
            _("Someone else changed this in the meantime; it is now '%(state)s'.")
            % {"state": instance.get_state_display()},
        ) from exc
    return instance


def logged_transition(*, source, target, permission: str, conditions=None):
    """A django-fsm-2 transition whose actor (``by=``) and reason (``description=``) are
    recorded by django-fsm-log; the permission is a ``rules`` permission name and
    ``conditions`` the guards (predicates on the instance) the service checks too."""
    from django_fsm import transition
    from django_fsm_log.decorators import fsm_log_by, fsm_log_description

    def decorate(func):
        return fsm_log_by(
            fsm_log_description(
                transition(
                    field="state",
                    source=source,
                    target=target,
                    permission=permission,
                    conditions=conditions or [],
                )(func)
            )
        )

    return decorate
