"""The regions app's API routes (included under /api/v1/ by the root URLconf)."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from . import api

router = SimpleRouter()
router.register("arbeidsmarktregios", api.ArbeidsmarktregioViewSet, basename="arbeidsmarktregio")
router.register("organisations", api.OrganisationViewSet, basename="organisation")
router.register("regional-tables", api.RegionalTableViewSet, basename="regionaltable")
router.register("role-assignments", api.RoleAssignmentViewSet, basename="roleassignment")

urlpatterns = [
    *router.urls,
    path("me/", api.MeView.as_view(), name="api-me"),
    path("auth/token/", api.TokenView.as_view(), name="api-token"),
]
