"""Two-factor login (django-otp): an authenticator app (TOTP) with printable backup codes.

Required for SBB staff, board members, the arbitration secretariat and arbiters
(``regions.rules.needs_second_factor``): until they enrolled they open nothing but the
enrolment page; once enrolled, nothing before the code. Optional for everyone else; whoever
enrolled is asked for the code too. Whether a session still owes its second factor is decided
once, at login, and kept in the session, so a request costs no query for it.
"""

import base64

import segno
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_lockout_response
from django import forms
from django.contrib import messages
from django.contrib.auth import user_logged_in
from django.contrib.auth.decorators import login_required
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.dispatch import receiver
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render, resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django_otp import devices_for_user, user_has_device
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.forms import errors_onto_form
from core.timeutils import local_today
from core.views import permission_required
from regions import services
from regions.models import Role, SecurityEvent, User
from regions.rules import needs_second_factor, owed_second_factor

ENROL_KEY = "kansrijk_authenticator_key"  # the key being set up, until confirmed
STATE_KEY = "kansrijk_second_factor"  # "required" (enrol first), "enrolled" (code), or ""
ENROLLED, REQUIRED = "enrolled", "required"
# Paths that never wait for the second factor: logging in and out, the enrolment and code
# pages themselves, password reset, and what needs no login at all.
EXEMPT = ("/accounts/", "/static/", "/health/", "/openbaar/", "/api/public/", "/i18n/")
PRIVILEGED = [Role.BOARD_MEMBER, Role.ARBITRATION_SECRETARIAT, Role.ARBITER]


second_factor_state = owed_second_factor


@receiver(user_logged_in)
def _decide_at_login(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        request.session[STATE_KEY] = second_factor_state(user)


def owes_second_factor(request) -> str:
    """``required`` or ``enrolled`` when this session must still show its second factor."""
    if request.user.is_verified():  # django-otp: the session's device, loaded with the user
        return ""
    state = request.session.get(STATE_KEY)
    if state is None or state == ENROLLED:
        # Decided again while the code is owed (a few requests around a login): a session
        # from before two-factor login, or one whose device SBB staff removed (a reset).
        state = request.session[STATE_KEY] = second_factor_state(request.user)
    return state


class SecondFactorMiddleware:
    """Sends a session that owes its second factor to the code page (or, for a privileged
    role not yet enrolled, to the enrolment page); the API answers 403 instead."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith(EXEMPT) or not request.user.is_authenticated:
            return self.get_response(request)
        state = owes_second_factor(request)
        if not state:
            return self.get_response(request)
        if request.path.startswith("/api/"):
            return JsonResponse(
                {
                    "status": 403,
                    "code": "second_factor_required",
                    "detail": _("Log in with your second factor first (or use an API token)."),
                },
                status=403,
            )
        target = "second_factor_verify" if state == ENROLLED else "second_factor_enrol"
        return redirect(f"{reverse(target)}?next={request.get_full_path()}")


def _next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return resolve_url("home")


class CodeForm(forms.Form):
    token = forms.CharField(
        label=gettext_lazy("Code"), max_length=16,
        help_text=gettext_lazy("The six digits your authenticator app shows, or a backup code."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric",
                                      "autofocus": True}),  # fmt: skip
    )  # fmt: skip


class ResetForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


@login_required
def enrol(request):
    """Set up the authenticator: scan the QR code (or type the key), enter a code it shows;
    the backup codes are shown once, to print."""
    key = request.session.get(ENROL_KEY) or services.new_authenticator_key()
    request.session[ENROL_KEY] = key
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device, codes = services.confirm_enrolment(
                actor=request.user, key=key, token=form.cleaned_data["token"]
            )
        except ValidationError as exc:
            errors_onto_form(form, exc)
        else:
            del request.session[ENROL_KEY]
            otp_login(request, device)
            request.session[STATE_KEY] = ENROLLED
            return render(request, "registration/backup_codes.html",
                          {"codes": codes, "next": _next(request)})  # fmt: skip
    totp = TOTPDevice(user=request.user, key=key)  # not saved: for its otpauth:// URL
    qr = segno.make(totp.config_url, error="m")
    return render(
        request,
        "registration/second_factor_enrol.html",
        {
            "form": form,
            "qr": mark_safe(qr.svg_inline(scale=4, title=_("QR code for your authenticator app"))),  # noqa: S308 - segno's own SVG
            "secret": base64.b32encode(totp.bin_key).decode(),
            "required": needs_second_factor(request.user),
            "enrolled": user_has_device(request.user, confirmed=True),
            "next": _next(request),
        },
    )


@login_required
def verify(request):
    """The second step of the login: a code from the authenticator, or a backup code. Failed
    codes count towards django-axes' lockout, as failed passwords do."""
    user = request.user
    credentials = {"username": user.get_username()}
    if AxesProxyHandler.is_locked(request, credentials):
        return get_lockout_response(request, credentials=credentials)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        token = form.cleaned_data["token"].strip().replace(" ", "")
        with transaction.atomic():  # for_verify locks the devices (django-otp's throttling)
            device = next((d for d in devices_for_user(user, for_verify=True)
                           if d.verify_token(token)), None)  # fmt: skip
        if device is not None:
            otp_login(request, device)
            if isinstance(device, StaticDevice):
                services.record_recovery(actor=user)
                left = device.token_set.count()
                messages.warning(request, _("You logged in with a backup code; %(n)s left. "
                                            "Set up your authenticator again if you lost it.")
                                 % {"n": left})  # fmt: skip
            return redirect(_next(request))
        user_login_failed.send(sender=__name__, credentials=credentials, request=request)
        if AxesProxyHandler.is_locked(request, credentials):
            return get_lockout_response(request, credentials=credentials)
        form.add_error("token", _("That code is not right. Try the code the app shows now."))
    return render(request, "registration/second_factor_verify.html",
                  {"form": form, "next": _next(request)})  # fmt: skip


@permission_required("regions.reset_second_factor")
def staff_overview(request):
    """SBB staff: who must use a second factor and who enrolled; reset a lost one."""
    people = (
        User.objects.filter(is_active=True)
        .filter(_privileged_or_enrolled())
        .distinct()
        .order_by("username")
    )
    query = request.GET.get("q", "").strip()
    if query:
        people = people.filter(username__icontains=query)
    page = Paginator(people, 50).get_page(request.GET.get("page"))
    enrolled = set(devices_for_user_ids([u.pk for u in page]))  # one query for the page
    events = SecurityEvent.objects.select_related("user", "actor")[:20]
    return render(request, "registration/second_factor_staff.html",
                  {"page": page, "enrolled": enrolled, "events": events, "query": query,
                   "form": ResetForm()})  # fmt: skip


def _privileged_or_enrolled():
    from django.db.models import Q

    from regions.selectors import assignments_valid_on

    holders = assignments_valid_on(local_today(), role__in=PRIVILEGED).values("user_id")
    devices = TOTPDevice.objects.filter(confirmed=True).values("user_id")
    return Q(is_staff=True) | Q(pk__in=holders) | Q(pk__in=devices)


def devices_for_user_ids(ids):
    return TOTPDevice.objects.filter(user_id__in=ids, confirmed=True).values_list(
        "user_id", flat=True
    )


@require_POST
@permission_required("regions.reset_second_factor")
def staff_reset(request, pk):
    person = get_object_or_404(User, pk=pk)
    form = ResetForm(request.POST)
    if form.is_valid():
        try:
            services.reset_second_factor(actor=request.user, user=person,
                                         reason=form.cleaned_data["reason"])  # fmt: skip
        except ValidationError as exc:
            for errors in exc.message_dict.values():
                for error in errors:
                    messages.error(request, error)
        else:
            done = _("The second factor of %(user)s has been reset; they enrol again at their "
                     "next login.")  # fmt: skip
            messages.success(request, done % {"user": person})
    else:
        messages.error(request, _("Say why the second factor is reset."))
    return redirect("second_factor_staff")
