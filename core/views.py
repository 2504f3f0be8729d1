"""The one way pages check permissions and run transitions: ``rules`` predicates, as the
API's ``RulesPermission`` does, and the app's transition table."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST
from rules.contrib.views import permission_required as rules_permission_required

from .filters import filter_chips
from .forms import errors_onto_form, form_errors_as_messages
from .workflow import CONFIRMED, UnknownTransition, user_transitions, workflow_for


def require_permission(user, perm: str, obj=None) -> None:
    """403 unless ``user`` holds the ``rules`` permission ``perm`` (on ``obj``)."""
    if not user.has_perm(perm, obj):
        raise PermissionDenied


def permission_required(perm: str):
    """A page for logged-in users holding ``perm`` (a model-level ``rules`` permission);
    anonymous users go to the login page, others without it get 403."""

    def decorate(view):
        return login_required(rules_permission_required(perm, raise_exception=True)(view))

    return decorate


def post_transition(request, instance, name: str):
    """Run the transition ``name`` posted from the object's page through its service.

    Returns ``(done, form)``: ``done`` when the service performed it (a success message is
    queued); otherwise the bound form carries the service's field errors. 404 for a name the
    page does not offer; a user who may not perform it gets 403 even with invalid input."""
    workflow = workflow_for(instance)
    try:
        transition = workflow[name]
    except UnknownTransition:
        raise Http404 from None
    if transition.form is None:
        raise Http404
    form = transition.page_form(request.POST)
    if hasattr(form, "offer_for"):  # the choices this object offers, as on its page
        form = form.offer_for(instance)
    if form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != CONFIRMED}
        try:
            workflow.perform(name, actor=request.user, instance=instance, **data)
        except ValidationError as exc:
            errors_onto_form(form, exc)
        else:
            done = transition.done or workflow.done
            messages.success(request, done % {"state": instance.get_state_display()})
            return True, form
    elif name not in user_transitions(instance, request.user):
        raise PermissionDenied
    return False, form


def workflow_page(request, template, instance, context, *, bound=None, status=200):
    """``instance``'s page with the forms of the transitions ``request.user`` may take
    (``bound``: the one just posted, with its errors)."""
    forms = workflow_for(instance).page_forms(instance, request.user, bound=bound)
    return render(request, template, {**context, "transition_forms": forms}, status=status)


def transition_view(get_object, detail: str, page=None):
    """The view posting a transition from an object's page (``<pk>/<name>/``): the object is
    ``get_object(request, pk)``; when the service performed it, back to the ``detail`` page;
    otherwise ``page(request, instance, bound=(name, form), status=400)`` shows the form with
    its errors on the object's page, or, without ``page``, they come back as messages."""

    @login_required
    @require_POST
    def view(request, pk, name):
        instance = get_object(request, pk)
        done, form = post_transition(request, instance, name)
        if done or page is None:
            if not done:
                form_errors_as_messages(request, form)
            return redirect(detail, pk=instance.pk)
        return page(request, instance, bound=(name, form), status=400)

    return view


def client_address(request) -> str | None:
    """The client's address as django-axes reads it (``AXES_IPWARE_PROXY_COUNT`` proxies)."""
    from axes.helpers import get_client_ip_address

    return get_client_ip_address(request) or None


def filtered_page(request, filterset_class, queryset, *, per_page: int = 50) -> dict:
    """A filtered, paged list for a page's context: ``filter`` (the django-filter form),
    ``page`` and ``query`` (the filters as a query string, for the pagination links)."""
    filterset = filterset_class(request.GET or None, queryset=queryset)
    page = Paginator(filterset.qs, per_page).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return {"filter": filterset, "page": page, "query": query.urlencode(),
            "chips": filter_chips(filterset, request.GET)}  # fmt: skip


def create_or_update(request, form, instance, *, create, update, created, saved, detail,
                     template, context):  # fmt: skip
    """The body of a page that creates (``instance`` is None) or edits an object through its
    services. On a valid POST ``create(**cleaned_data)`` (which returns the new object) or
    ``update(**cleaned_data)`` runs, the message ``created`` or ``saved`` is queued and the
    user goes to the object's page (the URL name ``detail``, taking its pk); the services'
    field errors go onto the form. Otherwise ``template`` renders with ``form`` and
    ``context``."""
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            if instance is None:
                instance, message = create(**data), created
            else:
                update(**data)
                message = saved
        except ValidationError as exc:
            errors_onto_form(form, exc)
        else:
            messages.success(request, message)
            return redirect(detail, pk=instance.pk)
    return render(request, template, {"form": form, **context})


def sort_links(request, columns, param: str = "sort") -> dict:
    """Per sortable column: the link that sorts by it (ascending, or descending when it is
    already ascending) and its ``aria-sort`` state, keeping the other filters."""
    current = request.GET.get(param, "")
    links = {}
    for column in columns:
        query = request.GET.copy()
        query.pop("page", None)
        query[param] = f"-{column}" if current == column else column
        state = {column: "ascending", f"-{column}": "descending"}.get(current, "none")
        links[column] = {"url": "?" + query.urlencode(), "aria": state}
    return links
