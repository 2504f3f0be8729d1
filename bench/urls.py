"""The site's URLs plus a trivial view, the framework floor of the concurrent load."""

from django.http import HttpResponse
from django.urls import path

from kansrijk_site.urls import handler404, handler500  # noqa: F401
from kansrijk_site.urls import urlpatterns as site_urlpatterns


def trivial(request):
    return HttpResponse(b"ok", content_type="text/plain")


urlpatterns = [path("bench/trivial/", trivial, name="bench-trivial"), *site_urlpatterns]
