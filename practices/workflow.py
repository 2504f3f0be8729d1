"""The practice's review, declared once: pages, API and history read this."""

from django.utils.translation import gettext_lazy as _

from agreements.forms import RequiredCommentForm
from agreements.serializers import AgreementTransitionSerializer
from core.forms import CommentForm
from core.workflow import Transition, Workflow, register_workflow

from . import services
from .models import Practice

WORKFLOW = register_workflow(
    Workflow(
        model=Practice,
        object_arg="practice",
        done=_("Done: the practice is now '%(state)s'."),
        transitions=(
            Transition(
                "publish",
                services.publish_practice,
                AgreementTransitionSerializer,
                CommentForm,
                label=_("Publish"),
                logged_as=_("published"),
                description="Publish the practice: every user and the public register see it "
                "(the sectorkamer's secretary).",
            ),
            Transition(
                "return",
                services.return_practice,
                AgreementTransitionSerializer,
                RequiredCommentForm,
                method="return_to_submitter",
                label=_("Return to the submitter"),
                logged_as=_("returned"),
                reason=_("Give the reason for returning the practice."),
                description="Return the practice with the reason (the sectorkamer's secretary).",
            ),
        ),
    )
)
