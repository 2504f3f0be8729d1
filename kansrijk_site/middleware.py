from urllib.parse import urlsplit

from django.conf import settings
from django.utils import translation
from django_htmx.http import HttpResponseClientRedirect

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


class ChosenLanguageMiddleware:
    """Dutch unless the user chose English (the language switch sets Django's language
    cookie): the browser's Accept-Language header is not followed, so a Dutch user on an
    English browser still gets Dutch pages. Takes the place of Django's LocaleMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


REDIRECTS = {301, 302, 303, 307, 308}


class HtmxInPlaceMiddleware:
    """The rules for a form that htmx posts in place (core/_in_place.html):

    - the usual answer, a redirect back to the same page, is followed by the browser and a
      section of that page is swapped in;
    - a redirect elsewhere (the dossier an escalation prepared, the login page when the
      session ended) becomes a full navigation there (``HX-Redirect``);
    - an error page (403, 404, 409, 500) takes the place of the page's ``main``, as it would
      without JavaScript, instead of being dropped.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        htmx = getattr(request, "htmx", None)
        if not htmx:
            return response
        if response.status_code in REDIRECTS:
            target = response["Location"]
            if urlsplit(target).path != urlsplit(htmx.current_url or "").path:
                return HttpResponseClientRedirect(target)
        elif response.status_code >= 400 and "text/html" in response.get("Content-Type", ""):
            response["HX-Retarget"] = "main"
            response["HX-Reselect"] = "main"
            response["HX-Reswap"] = "outerHTML"
        return response
