import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from agreements.models import Agreement, AgreementState
from core.files import private_download
from core.forms import errors_onto_form, handle_small_form
from core.timeutils import local_today
from core.views import permission_required, transition_view
from core.workflow import user_transitions
from regions.models import Organisation, Role
from regions.rules import is_arbitration_secretariat
from regions.selectors import active_roles

from . import selectors, services
from .forms import (
    ArbitrationAgreementForm,
    ChallengeDecisionForm,
    ChallengeForm,
    DeclarationForm,
    DocumentForm,
    DossierForm,
    ExtendForm,
    PanelNotesForm,
)
from .models import (
    AccessChannel,
    Challenge,
    Document,
    DossierState,
    PanelMember,
    ProceduralDeadline,
)
from .rules import dossier_roles
from .workflow import WORKFLOW


def _dossier_or_404(request, pk):
    return get_object_or_404(selectors.dossier_detail_queryset(request.user), pk=pk)


FINISHED_SHOWN = 20  # finished dossiers on the home page; the API lists every one


@permission_required("arbitration.use_arbitration")
def home(request):
    """The docket for the secretariat, the workspace for arbiters, the portal for parties,
    statistics for the board: each user sees the sections their role opens."""
    user = request.user
    context = {"is_secretariat": user.has_perm("arbitration.use_docket")}
    if context["is_secretariat"]:  # every dossier: paged, and only what they are on in person
        docket = selectors.docket(
            user, request.GET.get("page"), local_today(), finished=FINISHED_SHOWN
        )
        context.update(page=docket["page"], queue=docket["page"].object_list)
        context["finished"] = docket["finished"]
        dossiers = docket["own"]
    else:
        dossiers = list(selectors.workload_queryset(user, finished=FINISHED_SHOWN))
    context["seats"] = [d for d in dossiers if "panel" in dossier_roles(user, d)]
    context["is_arbiter"] = active_roles(user).has(Role.ARBITER)
    context["own"] = [
        d for d in dossiers if dossier_roles(user, d) & {"claimant", "respondent", "author"}
    ]
    context["can_file"] = bool(active_roles(user).represents)
    if user.has_perm("arbitration.view_statistics"):
        context["statistics"] = selectors.statistics()
    return render(request, "arbitration/home.html", context)


@login_required
def dossier_create(request):
    represented = Organisation.objects.filter(pk__in=active_roles(request.user).represents)
    if not represented.exists():
        raise PermissionDenied
    agreements = (
        Agreement.objects.filter(parties__organisation__in=represented, state=AgreementState.ACTIVE)
        .distinct()
        .order_by("title")
    )
    form = DossierForm(request.POST or None, organisations=represented, agreements=agreements)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            dossier = services.create_dossier(
                actor=request.user, claimants=[data.pop("claimant")], **data
            )
        except ValidationError as exc:
            errors_onto_form(form, exc)
        else:
            messages.success(
                request, _("The claim has been saved as a draft. File it when it is complete.")
            )
            return redirect("arbitration:dossier_detail", pk=dossier.pk)
    return render(request, "arbitration/dossier_form.html", {"form": form})


@login_required
def dossier_detail(request, pk):
    dossier = _dossier_or_404(request, pk)
    user = request.user
    roles = dossier_roles(user, dossier)
    allowed = user_transitions(dossier, user)
    members = list(dossier.panel.all())
    my_seat = next((m for m in members if m.arbiter.user_id == user.pk and m.active), None)
    challenge_open = dossier.state == DossierState.PANEL_PROPOSED and user.has_perm(
        "arbitration.challenge_arbiter", dossier
    )
    show_notes = user.has_perm("arbitration.view_panel_notes", dossier)
    services.record_access(
        request=request,
        channel=AccessChannel.PAGE,
        opened=services.dossier_opened(dossier, notes=show_notes),
    )
    return render(
        request,
        "arbitration/dossier_detail.html",
        {
            "dossier": dossier,
            "roles": roles,
            "members": members,
            "documents": selectors.visible_documents(user, dossier),
            "timeline": selectors.dossier_timeline(user, dossier),
            "transition_forms": WORKFLOW.page_forms(dossier, user),
            "document_form": DocumentForm()
            if user.has_perm("arbitration.upload_document", dossier)
            and dossier.state not in (DossierState.CLOSED, DossierState.INADMISSIBLE)
            else None,
            "declaration_form": DeclarationForm()
            if my_seat and my_seat.declaration_signed_at is None
            else None,
            "my_seat": my_seat,
            "challenge_form": ChallengeForm() if challenge_open else None,
            "decision_form": ChallengeDecisionForm()
            if user.has_perm("arbitration.decide_challenge", dossier)
            else None,
            "extend_form": ExtendForm()
            if user.has_perm("arbitration.extend_deadline", dossier)
            else None,
            "show_notes": show_notes,
            "notes_form": PanelNotesForm(initial={"notes": dossier.panel_notes})
            if show_notes
            else None,
            "access_log": user.has_perm("arbitration.view_access_log", dossier),
            "independence": [
                (arbiter, services.independence_problems(arbiter, dossier))
                for arbiter in selectors.arbiter_queryset()
            ]
            if "propose_panel" in allowed
            else [],
        },
    )


dossier_transition = transition_view(_dossier_or_404, "arbitration:dossier_detail")


def _small_form(request, pk, form_class, action, success):
    handle_small_form(request, form_class, action, success)
    return redirect("arbitration:dossier_detail", pk=pk)


@login_required
@require_POST
def document_upload(request, pk):
    dossier = _dossier_or_404(request, pk)
    return _small_form(
        request,
        pk,
        DocumentForm,
        lambda data: services.upload_document(
            actor=request.user,
            dossier=dossier,
            title=data["title"],
            visibility=data["visibility"],
            uploaded_file=data["file"],
        ),
        _("The document has been uploaded."),
    )


@login_required
def document_download(request, pk):
    document = get_object_or_404(Document.objects.select_related("dossier"), pk=pk)
    dossier = _dossier_or_404(request, document.dossier_id)  # 404 for outsiders
    document.dossier = dossier
    if not request.user.has_perm("arbitration.view_document", document):
        raise Http404
    services.record_access(
        request=request, channel=AccessChannel.PAGE, opened=[services.document_opened(document)]
    )
    return private_download(
        document.file, filename=document.filename, content_type=document.content_type
    )


def _dossier_form_view(form_class, find, service, success):
    """A form posted from the dossier page about one of its parts: ``find(request, dossier,
    **url_kwargs)`` returns the service's keyword arguments (404 when not on this dossier)."""

    @login_required
    @require_POST
    def view(request, pk, **kwargs):
        dossier = _dossier_or_404(request, pk)
        found = find(request, dossier, **kwargs)
        return _small_form(
            request,
            pk,
            form_class,
            lambda data: service(actor=request.user, **found, **data),
            success,
        )

    return view


def _part(name, model, via="dossier"):
    """A ``find`` for _dossier_form_view: the ``model`` row of the URL's ``<name>_pk``, 404
    unless it belongs to the dossier (through ``via``); the service takes it as ``name``."""

    def find(request, dossier, **kwargs):
        return {name: get_object_or_404(model, **{via: dossier}, pk=kwargs[f"{name}_pk"])}

    return find


declare_independence = _dossier_form_view(
    DeclarationForm,
    lambda request, dossier: {"member": get_object_or_404(
        PanelMember, dossier=dossier, arbiter__user=request.user, replaced_at__isnull=True
    )},
    services.declare_independence,
    gettext_lazy("Your independence declaration has been signed."),
)  # fmt: skip
challenge = _dossier_form_view(
    ChallengeForm,
    _part("member", PanelMember),
    services.challenge_arbiter,
    gettext_lazy("The challenge has been filed."),
)
decide_challenge = _dossier_form_view(
    ChallengeDecisionForm,
    _part("challenge", Challenge, via="panel_member__dossier"),
    services.decide_challenge,
    gettext_lazy("The challenge has been decided."),
)
extend_deadline = _dossier_form_view(
    ExtendForm,
    _part("deadline", ProceduralDeadline),
    services.extend_deadline,
    gettext_lazy("The deadline has been extended."),
)
panel_notes = _dossier_form_view(
    PanelNotesForm,
    lambda request, dossier: {"dossier": dossier},
    services.update_panel_notes,
    gettext_lazy("The notes have been saved."),
)


ACCESS_LOG_COLUMNS = [
    (gettext_lazy("when"), lambda e: timezone.localtime(e.at).isoformat(timespec="seconds")),
    (gettext_lazy("who"), lambda e: e.user.get_full_name() or e.user.username),
    (gettext_lazy("as"), lambda e: e.roles),
    (gettext_lazy("what"), lambda e: e.get_kind_display()),
    (gettext_lazy("description"), lambda e: e.label),
    (gettext_lazy("through"), lambda e: e.get_channel_display()),
    (gettext_lazy("address"), lambda e: e.address or ""),
]


@login_required
def access_log(request, pk):
    """Who opened what of the dossier: the secretariat every entry, a party who of the panel
    and the secretariat opened its documents. Paged; ``?export=csv`` downloads all."""
    dossier = _dossier_or_404(request, pk)
    if not request.user.has_perm("arbitration.view_access_log", dossier):
        raise Http404  # confidential: what an outsider gets for the dossier itself
    entries = selectors.access_log(request.user, dossier)
    if request.GET.get("export") == "csv":
        return _access_log_csv(dossier, entries)
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "arbitration/access_log.html",
        {
            "dossier": dossier,
            "page": page,
            "full": is_arbitration_secretariat(request.user),
        },
    )


class _Echo:
    def write(self, value):
        return value


def _access_log_csv(dossier, entries):
    writer = csv.writer(_Echo(), delimiter=";")

    def rows():
        yield "\ufeff" + writer.writerow([str(name) for name, _value in ACCESS_LOG_COLUMNS])
        for entry in entries.iterator(chunk_size=2000):
            yield writer.writerow([value(entry) for _name, value in ACCESS_LOG_COLUMNS])

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    filename = f"inzage-{dossier.reference}.csv".replace("/", "-")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@permission_required("arbitration.add_arbitrationagreement")
def arbitration_agreements(request):
    """The register of arbitration agreements (the secretariat)."""
    form = ArbitrationAgreementForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.register_arbitration_agreement(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            errors_onto_form(form, exc)
        else:
            messages.success(request, _("The arbitration agreement has been registered."))
            return redirect("arbitration:agreements")
    return render(
        request,
        "arbitration/agreements.html",
        {
            "form": form,
            "records": selectors.arbitration_agreement_queryset(),
            "arbiters": selectors.arbiter_queryset(),
        },
    )
