from core.urls import Route, patterns

from . import views

app_name = "agreements"
# (the Dutch path, the English path it replaced: kansrijk_site/urls.py redirects that one)
ROUTES = [
    Route("", "", views.agreement_board, "board"),
    Route("export.<str:fmt>", "export.<str:fmt>", views.agreement_export, "export"),
    Route("<int:pk>/", "<int:pk>/", views.agreement_detail, "detail"),
    Route("<int:pk>/bewerken/", "<int:pk>/edit/", views.agreement_edit, "edit"),
    Route("<int:pk>/geschiedenis/", "<int:pk>/history/", views.agreement_history, "history"),
    Route(
        "<int:pk>/stap/<str:name>/",
        "<int:pk>/transition/<str:name>/",
        views.agreement_transition,
        "transition",
    ),
    Route("<int:pk>/partijen/", "<int:pk>/parties/", views.party_add, "party_add"),
    Route(
        "<int:pk>/partijen/<int:organisation_pk>/verwijderen/",
        "<int:pk>/parties/<int:organisation_pk>/remove/",
        views.party_remove,
        "party_remove",
    ),
    Route("<int:pk>/mijlpalen/", "<int:pk>/milestones/", views.milestone_add, "milestone_add"),
    Route(
        "mijlpalen/<int:pk>/gereed/",
        "milestones/<int:pk>/done/",
        views.milestone_done,
        "milestone_done",
    ),
    Route("<int:pk>/regels/", "<int:pk>/rules/", views.rule_add, "rule_add"),
    Route("<int:pk>/voortgang/", "<int:pk>/progress/", views.progress_add, "progress_add"),
    Route(
        "nieuw/prioriteit/<int:priority_pk>/",
        "new/priority/<int:priority_pk>/",
        views.agreement_create_for_priority,
        "create_for_priority",
    ),
    Route(
        "nieuw/tafel/<int:table_pk>/",
        "new/table/<int:table_pk>/",
        views.agreement_create_for_table,
        "create_for_table",
    ),
    Route(
        "tafels/<int:table_pk>/", "tables/<int:table_pk>/", views.table_workspace, "table_workspace"
    ),
    Route("mijn-school/", "school/", views.school_workspace, "school"),
    Route("start-stopmeldingen/", "notices/", views.notice_list, "notice_list"),
    Route("start-stopmeldingen/nieuw/", "notices/new/", views.notice_create, "notice_create"),
    Route(
        "start-stopmeldingen/<int:pk>/", "notices/<int:pk>/", views.notice_detail, "notice_detail"
    ),
    Route(
        "start-stopmeldingen/<int:pk>/indienen/",
        "notices/<int:pk>/submit/",
        views.notice_submit,
        "notice_submit",
    ),
    Route(
        "start-stopmeldingen/<int:pk>/uitzondering/",
        "notices/<int:pk>/exception/",
        views.notice_exception,
        "notice_exception",
    ),
    Route(
        "conflicten/<int:pk>/afhandelen/",
        "conflicts/<int:pk>/resolve/",
        views.conflict_resolve,
        "conflict_resolve",
    ),
]
ROUTES += [
    Route("conflicten/afhandelen/", None, views.conflicts_resolve, "conflicts_resolve"),
    Route("tafels/<int:table_pk>/inbreng/", None, views.table_input, "table_input"),
    Route("monitor/", None, views.monitor_national, "monitor"),
    Route(
        "monitor/sectorkamer/<str:code>/", None, views.monitor_sectorkamer, "monitor_sectorkamer"
    ),
    Route("monitor/regio/<str:code>/", None, views.monitor_region, "monitor_region"),
    Route("monitor/tafel/<int:pk>/", None, views.monitor_table, "monitor_table"),
]
urlpatterns = patterns(ROUTES)
