import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from icalendar import Calendar, Event

from core.forms import errors_onto_form

from . import selectors, services
from .forms import PreferencesForm
from .models import CalendarToken, Notification, NotificationPreference


@login_required
def centre(request):
    page = Paginator(selectors.notification_centre(request.user), 30).get_page(
        request.GET.get("page")
    )
    return render(request, "notifications/centre.html", {"page": page, "query": ""})


@login_required
def open_notification(request, pk):
    notification = get_object_or_404(Notification, pk=pk, recipient=request.user)
    services.mark_read(actor=request.user, notifications=[notification])
    return redirect(notification.url or "notifications:centre")


@login_required
@require_POST
def mark_read(request):
    services.mark_read(actor=request.user)
    return redirect("notifications:centre")


@login_required
def preferences(request):
    current = dict(
        NotificationPreference.objects.filter(user=request.user).values_list("kind", "channel")
    )
    form = PreferencesForm(request.POST or None, current=current)
    if request.method == "POST" and form.is_valid():
        try:
            for kind, channel in form.cleaned_data.items():
                services.set_preference(actor=request.user, kind=kind, channel=channel)
        except ValidationError as exc:
            errors_onto_form(form, exc)
        else:
            messages.success(request, _("Your notification settings have been saved."))
            return redirect("notifications:settings")
    token = CalendarToken.objects.filter(user=request.user, revoked_at__isnull=True).first()
    feed_url = (
        request.build_absolute_uri(reverse("notifications:feed", args=[token.token]))
        if token
        else None
    )
    return render(
        request, "notifications/settings.html", {"form": form, "token": token, "feed_url": feed_url}
    )


@login_required
@require_POST
def calendar_token(request):
    services.new_calendar_token(actor=request.user)
    messages.success(request, _("Your calendar has a new address; the old one no longer works."))
    return redirect("notifications:settings")


@login_required
@require_POST
def calendar_revoke(request):
    services.revoke_calendar_token(actor=request.user)
    messages.success(request, _("Your calendar address no longer works."))
    return redirect("notifications:settings")


def feed(request, token):
    """The person's deadlines as iCalendar (RFC 5545). A wrong or revoked token is a plain
    404, without saying whether it ever existed."""
    record = (
        CalendarToken.objects.filter(token=token, revoked_at__isnull=True)
        .select_related("user")
        .first()
    )
    if record is None or not record.user.is_active:
        raise Http404
    calendar = Calendar()
    calendar.add("prodid", "-//SBB//Kansrijk//NL")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "Kansrijk")
    stamp = timezone.now()
    for deadline in selectors.user_deadlines(record.user):
        event = Event()
        event.add("uid", f"{deadline.source.replace(':', '-')}-{deadline.kind}@kansrijk")
        event.add("summary", deadline.title)
        event.add("dtstamp", stamp)
        if deadline.at is not None:
            start = timezone.localtime(deadline.at)
            event.add("dtstart", start)
            event.add("dtend", start + datetime.timedelta(hours=2))
        else:
            event.add("dtstart", deadline.due)
            event.add("dtend", deadline.due + datetime.timedelta(days=1))
        event.add("url", request.build_absolute_uri(deadline.url))
        calendar.add_component(event)
    calendar.add_missing_timezones()
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, max-age=900"
    return response
