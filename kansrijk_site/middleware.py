from django.contrib import messages
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme

from .workflow import StateConflict


class StateConflictMiddleware:
    """A page action the current state does not allow: say why, back where the user was."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, StateConflict):
            return None
        referer = request.META.get("HTTP_REFERER", "")
        if request.method == "POST" and url_has_allowed_host_and_scheme(
            referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            messages.error(request, exception.message)
            return HttpResponseRedirect(referer)
        return render(request, "409.html", {"message": exception.message}, status=409)


STRICT_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)
# Swagger UI and the Django admin set inline styles; they still run no inline script.
RELAXED_STYLE_PATHS = ("/api/docs/", "/admin/")


class ContentSecurityPolicyMiddleware:
    """A Content Security Policy without inline script on every response."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        policy = STRICT_POLICY
        if request.path.startswith(RELAXED_STYLE_PATHS):
            policy = policy.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")
        response.headers.setdefault("Content-Security-Policy", policy)
        return response
