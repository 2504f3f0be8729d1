from django.urls import path

from . import views

app_name = "atlas"

urlpatterns = [
    path("", views.index, name="index"),
    path("datasets/", views.datasets, name="datasets"),
    path("regio/<str:code>/<int:year>/", views.region_atlas, name="region"),
    path("<str:code>/<int:year>/", views.sectorkamer_atlas, name="sectorkamer"),
    path("<str:code>/<int:year>/publish/", views.publish, name="publish"),
]
