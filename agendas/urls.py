from django.urls import path

from . import views

app_name = "agendas"

urlpatterns = [
    path("sectorkamers/", views.sectorkamer_list, name="sectorkamer_list"),
    path("sectorkamers/<str:code>/", views.sectorkamer_detail, name="sectorkamer_detail"),
]
