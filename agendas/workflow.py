"""The agenda revision's state machine, declared once: pages, API and history read this."""

from django.utils.translation import gettext_lazy as _

from core.forms import CommentForm
from core.workflow import Transition, Workflow, register_workflow

from . import services
from .forms import AdoptForm, ReturnForm, SubmitForm
from .models import AgendaRevision
from .serializers import (
    AdoptSerializer,
    ReturnSerializer,
    SubmitSerializer,
    TransitionSerializer,
)

WORKFLOW = register_workflow(
    Workflow(
        model=AgendaRevision,
        object_arg="revision",
        done=_("Done: the revision is now '%(state)s'."),
        transitions=(
            Transition(
                "submit",
                services.submit_revision,
                SubmitSerializer,
                SubmitForm,
                label=_("Submit to the sectorkamer"),
                logged_as=_("submitted"),
                description="Submit the draft (the sectorkamer's secretary).",
            ),
            Transition(
                "adopt",
                services.adopt_revision,
                AdoptSerializer,
                AdoptForm,
                label=_("Record adoption"),
                logged_as=_("adoption recorded"),
                description="Record adoption by the sectorkamer: meeting date and both sides.",
            ),
            Transition(
                "ratify",
                services.ratify_revision,
                TransitionSerializer,
                CommentForm,
                label=_("Ratify"),
                logged_as=_("ratified"),
                irreversible=True,
                description="Ratify (an SBB board member).",
            ),
            Transition(
                "return",
                services.return_revision,
                ReturnSerializer,
                ReturnForm,
                method="return_to_draft",
                label=_("Return to draft"),
                logged_as=_("returned to draft"),
                irreversible=True,
                reason=_("Give the reason for returning the revision."),
                description="Return to draft with a reason (an SBB board member).",
            ),
        ),
        other_events={"supersede": _("superseded")},
    )
)
