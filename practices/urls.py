from core.urls import Route, patterns

from . import views

app_name = "practices"
ROUTES = [
    Route("", None, views.practice_list, "list"),
    Route("<int:pk>/", None, views.practice_detail, "detail"),
    Route("<int:pk>/stap/<str:name>/", None, views.practice_transition, "transition"),
    Route("nieuw/afspraak/<int:pk>/", None, views.practice_create_for_agreement, "create"),
    Route(
        "nieuw/prioriteit/<int:priority_pk>/",
        None,
        views.practice_create_for_priority,
        "create_for_priority",
    ),
]
urlpatterns = patterns(ROUTES)
