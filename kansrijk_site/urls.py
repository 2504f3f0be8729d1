from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from agendas.api import (
    AgendaRevisionViewSet,
    AgendaViewSet,
    PriorityViewSet,
    QualificationViewSet,
    SectorkamerViewSet,
)
from agreements.api import (
    AgreementViewSet,
    NoticeConflictViewSet,
    ProgressReportViewSet,
    StartStopNoticeViewSet,
)
from arbitration.api import ArbiterViewSet, DocumentViewSet, DossierViewSet, StatisticsView
from notifications.api import CycleViewSet, NotificationViewSet, PreferenceViewSet
from regions.api import (
    ArbeidsmarktregioViewSet,
    MeView,
    OrganisationViewSet,
    RegionalTableViewSet,
    RoleAssignmentViewSet,
    TokenView,
)

from . import views

router = DefaultRouter()
router.register("arbeidsmarktregios", ArbeidsmarktregioViewSet, basename="arbeidsmarktregio")
router.register("sectorkamers", SectorkamerViewSet, basename="sectorkamer")
router.register("organisations", OrganisationViewSet, basename="organisation")
router.register("regional-tables", RegionalTableViewSet, basename="regionaltable")
router.register("role-assignments", RoleAssignmentViewSet, basename="roleassignment")
router.register("qualifications", QualificationViewSet, basename="qualification")
router.register("agendas", AgendaViewSet, basename="agenda")
router.register("agenda-revisions", AgendaRevisionViewSet, basename="agendarevision")
router.register("priorities", PriorityViewSet, basename="priority")
router.register("agreements", AgreementViewSet, basename="agreement")
router.register("progress-reports", ProgressReportViewSet, basename="progressreport")
router.register("start-stop-notices", StartStopNoticeViewSet, basename="startstopnotice")
router.register("notice-conflicts", NoticeConflictViewSet, basename="noticeconflict")
router.register("arbitration/dossiers", DossierViewSet, basename="dossier")
router.register("arbitration/documents", DocumentViewSet, basename="document")
router.register("arbitration/arbiters", ArbiterViewSet, basename="arbiter")
router.register("notifications", NotificationViewSet, basename="notification")
router.register("notification-preferences", PreferenceViewSet, basename="notificationpreference")
router.register("cycles", CycleViewSet, basename="cycle")

admin.site.site_header = "Kansrijk beheer"
admin.site.site_title = "Kansrijk"

urlpatterns = [
    path("", views.home, name="home"),
    path("health/", views.health, name="health"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/password-reset/",
        auth_views.PasswordResetView.as_view(
            email_template_name="registration/password_reset_email.txt",
            html_email_template_name="registration/password_reset_email.html",
            subject_template_name="registration/password_reset_subject.txt",
        ),
        name="password_reset",
    ),
    path(
        "accounts/password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "accounts/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "accounts/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("i18n/", include("django.conf.urls.i18n")),
    path("regions/", include("regions.urls")),
    path("agendas/", include("agendas.urls")),
    path("agreements/", include("agreements.urls")),
    path("arbitration/", include("arbitration.urls")),
    path("notifications/", include("notifications.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", include(router.urls)),
    path("api/v1/me/", MeView.as_view(), name="api-me"),
    path(
        "api/v1/arbitration/statistics/",
        StatisticsView.as_view(),
        name="api-arbitration-statistics",
    ),
    path("api/v1/auth/token/", TokenView.as_view(), name="api-token"),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path(
        "api/docs/",
        SpectacularSwaggerSplitView.as_view(url_name="api-schema"),
        name="api-docs",
    ),
]

handler404 = "kansrijk_site.views.page_not_found"
handler500 = "kansrijk_site.views.server_error"
