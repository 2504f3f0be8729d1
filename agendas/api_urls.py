"""The agendas app's API routes (included under /api/v1/ by the root URLconf)."""

from rest_framework.routers import SimpleRouter

from . import api

router = SimpleRouter()
router.register("sectorkamers", api.SectorkamerViewSet, basename="sectorkamer")
router.register("qualifications", api.QualificationViewSet, basename="qualification")
router.register("agendas", api.AgendaViewSet, basename="agenda")
router.register("agenda-revisions", api.AgendaRevisionViewSet, basename="agendarevision")
router.register("priorities", api.PriorityViewSet, basename="priority")
router.register("agenda-topics", api.AgendaTopicViewSet, basename="agendatopic")

urlpatterns = router.urls
