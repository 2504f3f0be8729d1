from django.urls import path

from . import views

app_name = "regions"

urlpatterns = [
    path("arbeidsmarktregios/", views.region_list, name="region_list"),
    path("organisations/", views.organisation_list, name="organisation_list"),
    path("organisations/new/", views.organisation_create, name="organisation_create"),
    path("organisations/<int:pk>/", views.organisation_detail, name="organisation_detail"),
    path(
        "organisations/<int:pk>/edit/",
        views.organisation_edit,
        name="organisation_edit",
    ),
    path("tables/", views.table_list, name="table_list"),
    path("tables/new/", views.table_create, name="table_create"),
    path("tables/<int:pk>/", views.table_detail, name="table_detail"),
    path("tables/<int:pk>/edit/", views.table_edit, name="table_edit"),
    path("tables/<int:pk>/members/", views.table_member_add, name="table_member_add"),
    path(
        "tables/<int:pk>/members/<int:organisation_pk>/remove/",
        views.table_member_remove,
        name="table_member_remove",
    ),
]
