from core.urls import Route, patterns

from . import views

app_name = "register"
ROUTES = [
    Route("", None, views.index, "index"),
    Route("sectorkamers/<str:code>/", None, views.sectorkamer, "sectorkamer"),
    Route("sectorkamers/<str:code>/<int:year>/", None, views.revision, "revision"),
    Route("afspraken/", None, views.agreement_list, "agreements"),
    Route("afspraken/<int:pk>/", None, views.agreement, "agreement"),
    Route("praktijken/", None, views.practice_list, "practices"),
    Route("praktijken/<int:pk>/", None, views.practice, "practice"),
    Route("open-data/", None, views.data, "data"),
    Route("open-data/<str:name>.<str:fmt>", None, views.download, "download"),
]
urlpatterns = patterns(ROUTES)
