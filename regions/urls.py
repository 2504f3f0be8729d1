from core.urls import Route, patterns

from . import views

app_name = "regions"
# (the Dutch path, the English path it replaced: kansrijk_site/urls.py redirects that one)
ROUTES = [
    Route("arbeidsmarktregios/", "arbeidsmarktregios/", views.region_list, "region_list"),
    Route("organisaties/", "organisations/", views.organisation_list, "organisation_list"),
    Route(
        "organisaties/nieuw/",
        "organisations/new/",
        views.organisation_create,
        "organisation_create",
    ),
    Route(
        "organisaties/<int:pk>/",
        "organisations/<int:pk>/",
        views.organisation_detail,
        "organisation_detail",
    ),
    Route(
        "organisaties/<int:pk>/bewerken/",
        "organisations/<int:pk>/edit/",
        views.organisation_edit,
        "organisation_edit",
    ),
    Route("organisaties/namen/", None, views.organisation_names, "organisation_names"),
    Route("regionale-tafels/", "tables/", views.table_list, "table_list"),
    Route("regionale-tafels/nieuw/", "tables/new/", views.table_create, "table_create"),
    Route("regionale-tafels/<int:pk>/", "tables/<int:pk>/", views.table_detail, "table_detail"),
    Route(
        "regionale-tafels/<int:pk>/bewerken/",
        "tables/<int:pk>/edit/",
        views.table_edit,
        "table_edit",
    ),
    Route(
        "regionale-tafels/<int:pk>/leden/",
        "tables/<int:pk>/members/",
        views.table_member_add,
        "table_member_add",
    ),
    Route(
        "regionale-tafels/<int:pk>/leden/<int:organisation_pk>/verwijderen/",
        "tables/<int:pk>/members/<int:organisation_pk>/remove/",
        views.table_member_remove,
        "table_member_remove",
    ),
]
urlpatterns = patterns(ROUTES)
