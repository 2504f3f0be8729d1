"""The atlas app's API routes (included under /api/v1/ by the root URLconf)."""

from rest_framework.routers import SimpleRouter

from . import api

router = SimpleRouter()
router.register("atlas/datasets", api.DatasetViewSet, basename="dataset")
router.register("atlas/indicators", api.IndicatorViewSet, basename="indicator")
router.register("atlas/indicator-values", api.IndicatorValueViewSet, basename="indicatorvalue")
router.register("atlas/signal-rules", api.SignalRuleViewSet, basename="signalrule")
router.register("atlas/signals", api.SignalViewSet, basename="signal")
router.register("atlas/publications", api.AtlasPublicationViewSet, basename="atlaspublication")

urlpatterns = router.urls
