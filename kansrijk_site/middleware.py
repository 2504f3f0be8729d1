from django.conf import settings
from django.utils import translation

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
