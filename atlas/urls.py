from core.urls import Route, patterns

from . import views

app_name = "atlas"
# (the Dutch path, the English path it replaced: kansrijk_site/urls.py redirects that one)
ROUTES = [
    Route("", "", views.index, "index"),
    Route("datasets/", "datasets/", views.datasets, "datasets"),
    Route(
        "regio/<str:code>/<int:year>/", "regio/<str:code>/<int:year>/", views.region_atlas, "region"
    ),
    Route(
        "<str:code>/<int:year>/", "<str:code>/<int:year>/", views.sectorkamer_atlas, "sectorkamer"
    ),
    Route(
        "<str:code>/<int:year>/publiceren/",
        "<str:code>/<int:year>/publish/",
        views.publish,
        "publish",
    ),
]
urlpatterns = patterns(ROUTES)
