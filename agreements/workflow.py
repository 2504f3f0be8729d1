"""The agreement's state machine, declared once: pages, API and history read this."""

from django.utils.translation import gettext_lazy as _

from core.forms import CommentForm
from core.workflow import Transition, Workflow, register_workflow

from . import services
from .forms import ClosingNoteForm, RequiredCommentForm
from .models import Agreement
from .selectors import smart_blockers
from .serializers import AgreementTransitionSerializer, PartyDecisionSerializer

CLOSING_NOTE = _("Write a closing note.")

WORKFLOW = register_workflow(
    Workflow(
        model=Agreement,
        object_arg="agreement",
        done=_("Done: the agreement is now '%(state)s'."),
        transitions=(
            Transition(
                "propose",
                services.propose_agreement,
                AgreementTransitionSerializer,
                CommentForm,
                label=_("Propose to the parties"),
                logged_as=_("proposed to the parties"),
                blocked=smart_blockers,
                description="Send the draft to the parties (needs a passing SMART check).",
            ),
            # accept and decline are decided per party, on the page's own form
            Transition(
                "accept",
                services.accept_agreement,
                PartyDecisionSerializer,
                CommentForm,
                button=False,
                method="activate",
                logged_as=_("activated: all responsible parties accepted"),
                done=_("You have accepted the agreement; it is now '%(state)s'."),
                description="Accept for the party you represent; the last responsible "
                "acceptance activates the agreement.",
            ),
            Transition(
                "decline",
                services.decline_agreement,
                PartyDecisionSerializer,
                RequiredCommentForm,
                button=False,
                logged_as=_("declined by a party"),
                done=_("You have declined the agreement; it is now '%(state)s'."),
                reason=_("Give the reason for declining."),
                description="Decline with a reason; the agreement returns to draft.",
            ),
            Transition(
                "achieve",
                services.achieve_agreement,
                AgreementTransitionSerializer,
                ClosingNoteForm,
                label=_("Achieved"),
                irreversible=True,
                logged_as=_("evaluated: achieved"),
                reason=CLOSING_NOTE,
                description="Evaluate as achieved, at or after the deadline, with a closing note.",
            ),
            Transition(
                "fail",
                services.fail_agreement,
                AgreementTransitionSerializer,
                ClosingNoteForm,
                label=_("Not achieved"),
                irreversible=True,
                logged_as=_("evaluated: not achieved"),
                reason=CLOSING_NOTE,
                description="Evaluate as not achieved, at or after the deadline, with a "
                "closing note.",
            ),
            Transition(
                "cancel",
                services.cancel_agreement,
                AgreementTransitionSerializer,
                RequiredCommentForm,
                label=_("Cancel agreement"),
                irreversible=True,
                logged_as=_("cancelled"),
                reason=_("Give the reason for cancelling."),
                description="Cancel with a reason.",
            ),
        ),
        other_events={
            "dispute": _("disputed in arbitration"),
            "end_dispute": _("dispute ended"),
        },
    )
)
