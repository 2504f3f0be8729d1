"""The state machines of agenda revisions and agenda topics, declared once: pages, API and
history read this."""

from django.utils.translation import gettext_lazy as _

from core.forms import CommentForm
from core.workflow import Transition, Workflow, register_workflow

from . import services
from .forms import AdoptForm, CombineForm, DeclineForm, ReturnForm, SubmitForm, TakeUpForm
from .models import AgendaRevision, AgendaTopic
from .serializers import (
    AdoptSerializer,
    CombineTopicSerializer,
    ReturnSerializer,
    SubmitSerializer,
    TakeUpTopicSerializer,
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


TOPIC_WORKFLOW = register_workflow(
    Workflow(
        model=AgendaTopic,
        object_arg="topic",
        done=_("Done: the topic is now '%(state)s'."),
        transitions=(
            Transition(
                "consider",
                services.consider_topic,
                TransitionSerializer,
                CommentForm,
                label=_("Take into consideration"),
                logged_as=_("taken into consideration"),
                description="Take the topic into consideration (the sectorkamer's secretary).",
            ),
            Transition(
                "take_up",
                services.take_up_topic,
                TakeUpTopicSerializer,
                TakeUpForm,
                label=_("Take up on the agenda"),
                logged_as=_("taken up"),
                description="Take the topic up as a priority of the cycle's revision: an "
                "existing one, or a new one in the draft (the secretary).",
            ),
            Transition(
                "combine",
                services.combine_topic,
                CombineTopicSerializer,
                CombineForm,
                label=_("Combine with another topic"),
                logged_as=_("combined"),
                description="Combine with another topic of the same sectorkamer and year.",
            ),
            Transition(
                "decline",
                services.decline_topic,
                TransitionSerializer,
                DeclineForm,
                label=_("Do not take up"),
                logged_as=_("not taken up"),
                reason=_("Give the reason why the topic is not taken up."),
                irreversible=True,
                description="Do not take the topic up, with the reason (the secretary).",
            ),
            Transition(
                "withdraw",
                services.withdraw_topic,
                TransitionSerializer,
                CommentForm,
                label=_("Withdraw the topic"),
                logged_as=_("withdrawn"),
                irreversible=True,
                description="Withdraw the topic while it is undecided (the submitter only).",
            ),
        ),
    )
)
