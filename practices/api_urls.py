"""The practices app's API routes (included under /api/v1/ by the root URLconf)."""

from rest_framework.routers import SimpleRouter

from . import api

router = SimpleRouter()
router.register("practices", api.PracticeViewSet, basename="practice")

urlpatterns = router.urls
