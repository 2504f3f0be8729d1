"""The notifications app's API routes (included under /api/v1/ by the root URLconf)."""

from rest_framework.routers import SimpleRouter

from . import api

router = SimpleRouter()
router.register("notifications", api.NotificationViewSet, basename="notification")
router.register(
    "notification-preferences", api.PreferenceViewSet, basename="notificationpreference"
)
router.register("cycles", api.CycleViewSet, basename="cycle")

urlpatterns = router.urls
