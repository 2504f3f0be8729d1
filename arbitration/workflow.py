"""The dossier's state machine, declared once: pages, API and history read this."""

from django.utils.translation import gettext_lazy as _

from core.workflow import Transition, Workflow, register_workflow

from . import forms, services
from . import serializers as s
from .models import Dossier

REASONS = _("Give the reasons for the decision.")

WORKFLOW = register_workflow(
    Workflow(
        model=Dossier,
        object_arg="dossier",
        done=_("Done: the dossier is now '%(state)s'."),
        transitions=(
            Transition("file", services.file_dossier, s.CommentSerializer, forms.CommentForm,
                       label=_("File the claim"), logged_as=_("claim filed")),
            Transition("admit", services.admit_dossier, s.CommentSerializer, forms.CommentForm,
                       label=_("Admit"), logged_as=_("admitted"), reason=REASONS),
            Transition("reject", services.reject_dossier, s.CommentSerializer,
                       forms.CommentForm, label=_("Declare inadmissible"),
                       logged_as=_("declared inadmissible"), reason=REASONS, irreversible=True),
            Transition("propose_panel", services.propose_panel, s.ProposePanelSerializer,
                       forms.ProposePanelForm, label=_("Propose the panel"),
                       logged_as=_("panel proposed")),
            Transition("constitute", services.constitute_panel, s.CommentSerializer,
                       forms.CommentForm, label=_("Constitute the panel"),
                       logged_as=_("panel constituted")),
            Transition("submit_defence", services.submit_defence, s.CommentSerializer,
                       forms.CommentForm, label=_("Submit the defence"),
                       logged_as=_("defence submitted")),
            Transition("schedule_hearing", services.schedule_hearing,
                       s.ScheduleHearingSerializer, forms.ScheduleHearingForm,
                       label=_("Schedule the hearing"), logged_as=_("hearing scheduled")),
            Transition("hold_hearing", services.hold_hearing, s.HoldHearingSerializer,
                       forms.HoldHearingForm, label=_("Record the hearing"),
                       logged_as=_("hearing held")),
            Transition("issue_award", services.issue_award, s.AwardInputSerializer,
                       forms.AwardForm, label=_("Issue the award"), logged_as=_("award issued"),
                       irreversible=True),
            Transition("close", services.close_dossier, s.CommentSerializer, forms.CommentForm,
                       label=_("Close the dossier"), logged_as=_("closed"), irreversible=True),
            Transition("withdraw", services.withdraw_dossier, s.CommentSerializer,
                       forms.CommentForm, label=_("Withdraw the claim"),
                       logged_as=_("withdrawn"), irreversible=True),
            Transition("settle", services.settle_dossier, s.SettleSerializer, forms.SettleForm,
                       label=_("Record the settlement"), logged_as=_("settled"),
                       irreversible=True),
        ),
    )
)  # fmt: skip
