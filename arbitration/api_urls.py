"""The arbitration app's API routes (included under /api/v1/ by the root URLconf)."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from . import api

router = SimpleRouter()
router.register("arbitration/dossiers", api.DossierViewSet, basename="dossier")
router.register("arbitration/documents", api.DocumentViewSet, basename="document")
router.register("arbitration/arbiters", api.ArbiterViewSet, basename="arbiter")

urlpatterns = [
    *router.urls,
    path(
        "arbitration/statistics/",
        api.StatisticsView.as_view(),
        name="api-arbitration-statistics",
    ),
]
