from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from atlas.models import Signal
from core.files import private_download
from core.forms import attempt, errors_onto_form, save_through_service
from core.timeutils import cycle_year_for, local_today
from core.views import (
    filtered_page,
    permission_required,
    require_permission,
    transition_view,
    workflow_page,
)
from regions.models import Role, Sectorkamer, Side

from . import selectors, services
from .forms import (
    AgendaForm,
    PriorityForm,
    RevisionSummaryForm,
    StartRevisionForm,
    TopicForm,
)
from .workflow import WORKFLOW


def _revision_or_404(request, pk):
    return get_object_or_404(selectors.revision_queryset(request.user), pk=pk)


def _priority_or_404(request, pk):
    return get_object_or_404(selectors.priorities_queryset(request.user), pk=pk)


@permission_required("regions.view_sectorkamer")
def sectorkamer_list(request):
    year = cycle_year_for(local_today())
    return render(
        request,
        "agendas/sectorkamer_list.html",
        {"overview": selectors.cycle_overview(year=year), "year": year},
    )


@permission_required("regions.view_sectorkamer")
def sectorkamer_detail(request, code):
    sectorkamer = get_object_or_404(selectors.sectorkamer_workspace_queryset(), code=code)
    people = sectorkamer.active_people
    return render(
        request,
        "agendas/sectorkamer_detail.html",
        {
            "sectorkamer": sectorkamer,
            "secretaries": [a for a in people if a.role == Role.SECTORKAMER_SECRETARY],
            "education": [a for a in people if a.side == Side.EDUCATION],
            "business": [a for a in people if a.side == Side.BUSINESS],
            "can_add_agenda": request.user.has_perm("agendas.add_agenda", sectorkamer),
            "can_submit_topic": request.user.has_perm("agendas.submit_topic", sectorkamer),
        },
    )


@login_required
def agenda_create(request, code):
    sectorkamer = get_object_or_404(Sectorkamer, code=code)
    require_permission(request.user, "agendas.add_agenda", sectorkamer)
    form = AgendaForm(request.POST or None)
    agenda = save_through_service(request, form, services.create_agenda, sectorkamer=sectorkamer)
    if agenda is not None:
        messages.success(request, _("The agenda has been created."))
        return redirect("agendas:agenda_detail", pk=agenda.pk)
    return render(request, "agendas/agenda_form.html", {"form": form, "sectorkamer": sectorkamer})


@login_required
def agenda_detail(request, pk):
    agenda = get_object_or_404(selectors.agenda_detail_queryset(request.user), pk=pk)
    require_permission(request.user, "agendas.view_agenda", agenda)
    can_start = request.user.has_perm("agendas.start_revision", agenda)
    form = None
    if can_start:
        taken = {r.year for r in agenda.revisions.all()}
        suggested = max(cycle_year_for(local_today()), agenda.first_year)
        while suggested in taken:
            suggested += 1
        form = StartRevisionForm(request.POST or None, initial={"year": suggested})
        revision = save_through_service(request, form, services.start_revision, agenda=agenda)
        if revision is not None:
            messages.success(request, _("The revision has been started as a draft."))
            return redirect("agendas:revision_detail", pk=revision.pk)
    elif request.method == "POST":
        raise PermissionDenied
    return render(request, "agendas/agenda_detail.html", {"agenda": agenda, "start_form": form})


def _priorities_with_agreements(request, revision):
    """The revision's priorities, with what the apps above add to them (the agreements
    under each, kept across yearly revisions)."""
    priorities = list(revision.priorities.all())
    selectors.annotate_priorities(revision, priorities)
    topics = selectors.topics_by_lineage({p.lineage for p in priorities}, request.user)
    for priority in priorities:
        priority.topic_list = topics.get(priority.lineage, [])
    can_add = bool(priorities) and request.user.has_perm("agreements.add_agreement", priorities[0])
    # the practice shared on a priority: the sectorkamer's secretaries and members
    request.can_share_practice = bool(priorities) and request.user.has_perm(
        "practices.submit_practice", priorities[0]
    )
    return priorities, can_add


@login_required
def revision_detail(request, pk):
    revision = _revision_or_404(request, pk)
    can_edit = revision.is_editable and request.user.has_perm(
        "agendas.change_agendarevision", revision
    )
    priorities, can_add_agreements = _priorities_with_agreements(request, revision)
    return render(
        request,
        "agendas/revision_detail.html",
        {
            "revision": revision,
            "priorities": priorities,
            "can_add_agreements": can_add_agreements,
            "can_share_practice": request.can_share_practice,
            "can_edit": can_edit,
            "transition_forms": WORKFLOW.page_forms(revision, request.user),
            "timeline": selectors.revision_timeline(revision),
            "coverage": selectors.signal_coverage(revision),
        },
    )


@login_required
def revision_print(request, pk):
    revision = _revision_or_404(request, pk)
    return render(
        request,
        "agendas/revision_print.html",
        {"revision": revision, "priorities": list(revision.priorities.all())},
    )


@login_required
def revision_edit(request, pk):
    revision = _revision_or_404(request, pk)
    require_permission(request.user, "agendas.change_agendarevision", revision)
    form = RevisionSummaryForm(request.POST or None, initial={"summary": revision.summary})
    if save_through_service(request, form, services.update_revision, revision=revision):
        messages.success(request, _("The summary has been saved."))
        return redirect("agendas:revision_detail", pk=revision.pk)
    return render(request, "agendas/revision_form.html", {"form": form, "revision": revision})


def _revision_form_errors(request, revision, *, bound, status):
    """The revision page with a transition's form and its errors."""
    return workflow_page(
        request,
        "agendas/revision_detail.html",
        revision,
        {
            "revision": revision,
            "priorities": list(revision.priorities.all()),
            "can_edit": False,
            "timeline": selectors.revision_timeline(revision),
            "coverage": selectors.signal_coverage(revision),
        },
        bound=bound,
        status=status,
    )


revision_transition = transition_view(
    _revision_or_404, "agendas:revision_detail", _revision_form_errors
)


@login_required
def revision_diff(request, pk):
    revision = _revision_or_404(request, pk)
    others = [
        r for r in selectors.revision_queryset(request.user).filter(agenda=revision.agenda)
        if r.pk != revision.pk
    ]  # fmt: skip
    other_id = request.GET.get("with") or (revision.based_on_id and str(revision.based_on_id))
    other = next((r for r in others if str(r.pk) == str(other_id)), None)
    diff = selectors.revision_diff(other, revision) if other else []
    topics = selectors.topics_by_lineage({(d.new or d.old).lineage for d in diff}, request.user)
    for entry in diff:
        entry.topic_list = topics.get((entry.new or entry.old).lineage, [])
    return render(
        request,
        "agendas/revision_diff.html",
        {"revision": revision, "other": other, "others": others, "diff": diff},
    )


def _priority_form(request, revision, priority=None):
    form = PriorityForm(request.POST or None, instance=priority)
    if request.method == "POST" and form.is_valid():
        try:
            if priority is None:
                services.add_priority(actor=request.user, revision=revision, **form.service_data())
                messages.success(request, _("The priority has been added."))
            else:
                services.update_priority(
                    actor=request.user, priority=priority, **form.service_data()
                )
                messages.success(request, _("The priority has been saved."))
        except ValidationError as exc:
            errors_onto_form(form, exc)
        else:
            return redirect("agendas:revision_detail", pk=revision.pk)
    return render(
        request,
        "agendas/priority_form.html",
        {"form": form, "revision": revision, "priority": priority},
    )


@login_required
def priority_create(request, pk):
    revision = _revision_or_404(request, pk)
    require_permission(request.user, "agendas.add_priority", revision)
    return _priority_form(request, revision)


@login_required
def priority_edit(request, pk):
    priority = _priority_or_404(request, pk)
    require_permission(request.user, "agendas.change_priority", priority)
    return _priority_form(request, priority.revision, priority)


@login_required
@require_POST
def priority_delete(request, pk):
    priority = _priority_or_404(request, pk)
    services.delete_priority(actor=request.user, priority=priority)
    messages.success(request, _("The priority has been deleted."))
    return redirect("agendas:revision_detail", pk=priority.revision_id)


@login_required
@require_POST
def priority_move(request, pk, direction):
    priority = _priority_or_404(request, pk)
    services.move_priority(
        actor=request.user, priority=priority, direction=-1 if direction == "up" else 1
    )
    return redirect("agendas:revision_detail", pk=priority.revision_id)


@permission_required("agendas.view_ratification_queue")
def ratification_queue(request):
    return render(
        request,
        "agendas/ratification_queue.html",
        {"revisions": selectors.with_signal_coverage(selectors.ratification_queue())},
    )


@permission_required("atlas.view_qualification")
def qualification_list(request):
    return render(
        request,
        "agendas/qualification_list.html",
        filtered_page(request, selectors.QualificationFilter, selectors.qualification_queryset()),
    )


# -- the atlas's signals -----------------------------------------------------------------


def atlas_signal_panel(request, sectorkamer, year, signals) -> dict:
    """What the atlas page offers per signal (registered from AppConfig.ready()): the
    cycle's revision, and for each signal what the sectorkamer did with it."""
    revision = selectors.cycle_revision(sectorkamer, year)
    if revision is None:
        return {}
    responses = {r.signal_id: r for r in revision.signal_responses.select_related("priority")}
    for signal in signals:
        signal.response = responses.get(signal.pk)
    can_act = revision.is_editable and request.user.has_perm("agendas.add_priority", revision)
    return {"signal_actions": True, "cycle_revision": revision, "can_act_on_signals": can_act}


@login_required
@require_POST
def signals_to_priority(request, pk):
    revision = _revision_or_404(request, pk)
    ids = [int(v) for v in request.POST.getlist("signals") if v.isdigit()]
    signals = Signal.objects.filter(pk__in=ids).select_related("rule", "qualification",
                                                               "institution", "region")  # fmt: skip
    made, priority = attempt(request, lambda: services.priority_from_signals(
        actor=request.user, revision=revision, signals=signals,
        title=request.POST.get("title", ""),
    ), _("A draft priority has been made from the signal; edit it here."))  # fmt: skip
    if not made:
        return redirect("atlas:sectorkamer", revision.agenda.sectorkamer.code, revision.year)
    return redirect("agendas:priority_edit", pk=priority.pk)


@login_required
@require_POST
def signal_aside(request, pk, signal_pk):
    revision = _revision_or_404(request, pk)
    signal = get_object_or_404(Signal, pk=signal_pk)
    attempt(request, lambda: services.set_signal_aside(
        actor=request.user, revision=revision, signal=signal,
        reason=request.POST.get("reason", ""),
    ), _("Recorded: no action on this signal, with the reason."))  # fmt: skip
    return redirect("atlas:sectorkamer", revision.agenda.sectorkamer.code, revision.year)


# -- agenda topics (agenderingsrecht) ------------------------------------------------------


def _topic_or_404(request, pk):
    return get_object_or_404(selectors.topic_queryset(request.user), pk=pk)


@permission_required("regions.view_sectorkamer")
def topic_list(request, code):
    """The sectorkamer's agenda topics the user may see, newest first, filtered and paged."""
    sectorkamer = get_object_or_404(Sectorkamer, code=code)
    topics = selectors.topic_queryset(request.user).filter(sectorkamer=sectorkamer)
    context = filtered_page(request, selectors.TopicFilter, topics)
    context.update(
        sectorkamer=sectorkamer,
        can_submit=request.user.has_perm("agendas.submit_topic", sectorkamer),
        closes_on=selectors.topics_close_on(selectors.open_topic_year(local_today())),
        can_decide=request.user.has_perm("agendas.decide_topic", sectorkamer),
    )
    return render(request, "agendas/topic_list.html", context)


@login_required
def topic_create(request, code):
    sectorkamer = get_object_or_404(Sectorkamer, code=code)
    channels = selectors.topic_channels(request.user, sectorkamer)
    if not channels:
        raise PermissionDenied(
            _("You can put topics on the agenda of a sectorkamer only for an organisation "
              "or regional table that takes part in it.")
        )  # fmt: skip
    year = selectors.open_topic_year(local_today())
    form = TopicForm(
        request.POST or None,
        request.FILES or None,
        sectorkamer=sectorkamer,
        channels=channels,
        initial={"year": year},
    )
    topic = save_through_service(request, form, services.submit_topic, sectorkamer=sectorkamer)
    if topic is not None:
        messages.success(
            request, _("The topic has been submitted; the sectorkamer's secretary is told.")
        )
        return redirect("agendas:topic_detail", pk=topic.pk)
    return render(
        request,
        "agendas/topic_form.html",
        {
            "form": form,
            "sectorkamer": sectorkamer,
            "closes_on": selectors.topics_close_on(year),
            "year": year,
        },
        status=400 if request.method == "POST" else 200,
    )


def _topic_page(request, topic, *, bound=None, status=200):
    return workflow_page(
        request,
        "agendas/topic_detail.html",
        topic,
        {
            "topic": topic,
            "timeline": selectors.topic_timeline(topic),
            "combined": list(topic.combined_topics.order_by("title")),
        },
        bound=bound,
        status=status,
    )


@login_required
def topic_detail(request, pk):
    return _topic_page(request, _topic_or_404(request, pk))


topic_transition = transition_view(_topic_or_404, "agendas:topic_detail", _topic_page)


@login_required
def topic_attachment(request, pk):
    topic = _topic_or_404(request, pk)  # 404 for whoever may not see the topic
    if not topic.attachment_name:
        raise Http404
    return private_download(
        topic.attachment, filename=topic.attachment_name, content_type=topic.attachment_type
    )
