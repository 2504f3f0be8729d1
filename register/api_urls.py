"""The public API's routes, mounted at /api/public/v1/ by the root URLconf."""

from django.urls import path
from rest_framework.routers import DefaultRouter, SimpleRouter

from . import api

router = SimpleRouter()
router.register("agendas", api.AgendaViewSet, basename="public-agenda")
router.register("agreements", api.AgreementViewSet, basename="public-agreement")
router.register("parties", api.PartyViewSet, basename="public-party")
router.register("reports", api.ReportViewSet, basename="public-report")
router.register("practices", api.PracticeViewSet, basename="public-practice")


class Root(DefaultRouter.APIRootView):
    authentication_classes = []
    permission_classes = []
    throttle_classes = [api.PublicThrottle]
    schema = None


urlpatterns = [
    path(
        "",
        Root.as_view(api_root_dict={p: f"{b}-list" for p, _v, b in router.registry}),
        name="public-api-root",
    ),  # fmt: skip
    *router.urls,
]
