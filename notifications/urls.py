from core.urls import Route, patterns

from . import views

app_name = "notifications"
# (the Dutch path, the English path it replaced: kansrijk_site/urls.py redirects that one)
ROUTES = [
    Route("", "", views.centre, "centre"),
    Route("<int:pk>/", "<int:pk>/", views.open_notification, "open"),
    Route("gelezen/", "read/", views.mark_read, "mark_read"),
    Route("instellingen/", "settings/", views.preferences, "settings"),
    Route("agenda/nieuw/", "calendar/new/", views.calendar_token, "calendar_token"),
    Route("agenda/stoppen/", "calendar/stop/", views.calendar_revoke, "calendar_revoke"),
    Route("agenda/<str:token>.ics", "calendar/<str:token>.ics", views.feed, "feed"),
]
urlpatterns = patterns(ROUTES)
