from importlib import import_module

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from core.urls import redirects

from . import two_factor, views

# Each app owns its API routes (its api_urls.py with its own router); the root only includes
# them, and lists their collections at /api/v1/ with DRF's own root view.
API_APPS = (
    "regions", "atlas", "agendas", "agreements", "practices", "arbitration", "notifications",
)  # fmt: skip
api_root = DefaultRouter.APIRootView.as_view(
    api_root_dict={
        prefix: f"{basename}-list"
        for app in API_APPS
        for prefix, _viewset, basename in import_module(f"{app}.api_urls").router.registry
    }
)

# Each app's pages under their Dutch prefix, and the English prefix they had before.
PAGE_APPS = {
    "regions": ("", "regions/"),
    "atlas": ("atlas/", "atlas/"),
    "agendas": ("", "agendas/"),
    "practices": ("afspraken/praktijken/", "afspraken/praktijken/"),  # before agreements
    "agreements": ("afspraken/", "agreements/"),
    "arbitration": ("arbitrage/", "arbitration/"),
    "notifications": ("meldingen/", "notifications/"),
    "register": ("openbaar/", "openbaar/"),
}

admin.site.site_header = "Kansrijk beheer"
admin.site.site_title = "Kansrijk"

urlpatterns = [
    path("", views.home, name="home"),
    path("health/", views.health, name="health"),
    path("health/web/", views.health_web, name="health-web"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/tweede-factor/", two_factor.verify, name="second_factor_verify"),
    path("accounts/tweede-factor/instellen/", two_factor.enrol, name="second_factor_enrol"),
    path("tweede-factor/beheer/", two_factor.staff_overview, name="second_factor_staff"),
    path(
        "tweede-factor/beheer/<int:pk>/herstellen/",
        two_factor.staff_reset,
        name="second_factor_reset",
    ),
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
    *[path(prefix, include(f"{app}.urls")) for app, (prefix, _was) in PAGE_APPS.items()],
    path("admin/", admin.site.urls),
    path("api/v1/", api_root, name="api-root"),
    *[path("api/v1/", include(f"{app}.api_urls")) for app in API_APPS],
    path("api/public/v1/", include("register.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path(
        "api/docs/",
        SpectacularSwaggerSplitView.as_view(url_name="api-schema"),
        name="api-docs",
    ),
]

# The pages' English paths of before, redirected permanently to the Dutch ones (last, so
# that they never shadow a page).
urlpatterns += [
    route
    for app, (prefix, was) in PAGE_APPS.items()
    for route in redirects(app, import_module(f"{app}.urls").ROUTES, prefix=prefix, was=was)
]

handler404 = "kansrijk_site.views.page_not_found"
handler500 = "kansrijk_site.views.server_error"
