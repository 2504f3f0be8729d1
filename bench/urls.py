"""The site's URLs plus the framework floors: a trivial view, and a trivial view behind login
(it loads the session and the user through the site's whole middleware, second factor
included), the floor of every endpoint a logged-in user opens."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.urls import path

from kansrijk_site.urls import handler404, handler500  # noqa: F401
from kansrijk_site.urls import urlpatterns as site_urlpatterns


def trivial(request):
    return HttpResponse(b"ok", content_type="text/plain")


@login_required
def authenticated(request):
    return HttpResponse(str(request.user.pk).encode(), content_type="text/plain")


urlpatterns = [
    path("bench/trivial/", trivial, name="bench-trivial"),
    path("bench/authenticated/", authenticated, name="bench-authenticated"),
    *site_urlpatterns,
]
