"""Running django-fsm-2 transitions the same way in every app.

Each app declares its state machine's transitions once, in its ``workflow.py``: a
``Workflow`` of ``Transition`` rows (public name, model method, service, page form, API
serializer, button label, history label, required reason). It registers the table from its
``AppConfig.ready()``; pages, API and history read it through ``workflow_for``.

A transition is asked for by name. ``run_transition`` checks, in this order: that the name
is a transition of the model (else ``UnknownTransition``), that the actor may perform it
(``PermissionDenied``, 403), that the current state allows it (``StateConflict``, 409), then
runs it with the actor and comment recorded by django-fsm-log, and saves. A concurrent
change of state between loading and saving (optimistic locking through
``ConcurrentTransitionMixin``) is a ``StateConflict`` as well.
"""

import functools
from collections.abc import Callable
from dataclasses import dataclass, field

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_fsm import ConcurrentTransition, TransitionNotAllowed


@dataclass(frozen=True)
class Transition:
    """One transition of a state machine, as pages, API and history see it."""

    name: str  # public name: the API's POST .../{id}/{name}/ and the page's form
    service: Callable  # keyword-only: actor=, <the workflow's object_arg>=, **input
    serializer: type  # the API's input
    form: type | None = None  # the page's input; None: not posted from the page
    label: str = ""  # the button
    logged_as: str = ""  # the history's label
    method: str = ""  # the django-fsm-2 method on the model (default: the name)
    reason: str = ""  # when set, the comment is required and this is the error
    description: str = ""  # the API's documentation
    button: bool = True  # offered among the page's next steps (else the page has its own)
    irreversible: bool = False  # the page asks to confirm it and styles its button apart
    blocked: Callable | None = None  # instance -> why the service would refuse it now (page)
    done: str = ""  # the page's message after it, when not the workflow's; %(state)s as there

    @property
    def model_method(self) -> str:
        return self.method or self.name

    @property
    def page_form(self) -> type | None:
        """The page's form: for an irreversible step, with a required confirmation box."""
        if self.form is None or not self.irreversible:
            return self.form
        return confirmed(self.form)


CONFIRMED = "confirmed"  # the confirmation box's field: the page's, never the service's


@functools.cache
def confirmed(form_class: type) -> type:
    """``form_class`` with a required box "I understand that this cannot be undone"."""
    box = forms.BooleanField(
        label=gettext_lazy("I understand that this cannot be undone."),
        error_messages={"required": gettext_lazy("Confirm that you mean to take this step.")},
    )
    return type(f"Confirmed{form_class.__name__}", (form_class,), {CONFIRMED: box})


@dataclass(frozen=True)
class Workflow:
    """A model's transitions, declared once."""

    model: type
    object_arg: str  # the keyword the services take the object by
    transitions: tuple[Transition, ...]
    done: str = ""  # the page's message after a transition; %(state)s is the new state
    other_events: dict = field(default_factory=dict)  # logged methods that are no transition

    def __post_init__(self):
        names = [t.name for t in self.transitions]
        if len(names) != len(set(names)):
            raise ValueError(f"{self.model.__name__}: a transition name is declared twice")

    def __getitem__(self, name: str) -> Transition:
        for transition in self.transitions:
            if transition.name == name:
                return transition
        raise UnknownTransition(name)

    def __contains__(self, name: str) -> bool:
        return any(t.name == name for t in self.transitions)

    @property
    def names(self) -> list[str]:
        return [t.name for t in self.transitions]

    @property
    def history_labels(self) -> dict:
        """Label per logged model method, for the timeline."""
        labels = {t.model_method: t.logged_as or t.name for t in self.transitions}
        labels.update(self.other_events)
        return labels

    def page_forms(self, instance, user, *, bound=None) -> list:
        """(transition, form) for every transition ``user`` may perform now that the page
        offers; ``bound`` is a posted form to show again in its place. A form with an
        ``offer_for(instance)`` method adapts itself to the object."""
        offered = []
        for name in user_transitions(instance, user):
            transition = self[name]
            if transition.form is None or not transition.button:
                continue
            if bound is not None and bound[0] == name:
                offered.append((transition, bound[1]))
                continue
            form = transition.page_form()
            if hasattr(form, "offer_for"):  # a form that asks only what this object needs
                form = form.offer_for(instance)
            # Offered but refused now: the page shows the button disabled, with the reasons.
            form.blocked = transition.blocked(instance) if transition.blocked else []
            offered.append((transition, form))
        return offered

    def perform(self, name: str, *, actor, instance, **data):
        """Run the transition's service: what page and API both call."""
        return self[name].service(actor=actor, **{self.object_arg: instance}, **data)


_WORKFLOWS: dict[type, Workflow] = {}


def register_workflow(workflow: Workflow) -> Workflow:
    """Called from the app's ``AppConfig.ready()`` (importing its ``workflow.py``)."""
    _WORKFLOWS[workflow.model] = workflow
    return workflow


def workflow_for(instance_or_model) -> Workflow:
    model = instance_or_model if isinstance(instance_or_model, type) else type(instance_or_model)
    try:
        return _WORKFLOWS[model._meta.concrete_model]
    except KeyError:
        raise LookupError(f"{model.__name__} has no registered workflow") from None


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
    method = workflow_for(instance)[name].model_method
    return getattr(type(instance), method)._django_fsm


def available_transitions(instance) -> list[str]:
    """Transitions the current state allows (whoever performs them), by public name."""
    state = _state(instance)
    return [
        name for name in workflow_for(instance).names if _meta(instance, name).has_transition(state)
    ]


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


_UNCHECKED = object()


def check_transition(instance, name: str, *, actor, comment=_UNCHECKED) -> None:
    """Raise unless ``actor`` may perform ``name`` now: 403 before 409, as the API answers;
    given ``comment``, then a missing required reason (400 on ``comment``)."""
    spec = workflow_for(instance)[name]
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
    if comment is not _UNCHECKED and spec.reason and not (comment or "").strip():
        raise ValidationError({"comment": spec.reason})


def run_transition(instance, name: str, *, actor, comment: str = "", **kwargs):
    """Perform transition ``name`` on ``instance`` as ``actor`` and save it; the actor is
    recorded by django-fsm-log and, for the saved row, by django-simple-history."""
    check_transition(instance, name, actor=actor, comment=comment)
    comment = (comment or "").strip()
    method = getattr(instance, workflow_for(instance)[name].model_method)
    instance._history_user = actor
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
