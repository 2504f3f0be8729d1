from django.urls import path

from . import views

app_name = "agreements"

urlpatterns = [
    path("", views.agreement_board, name="board"),
    path("export.<str:fmt>", views.agreement_export, name="export"),
    path("<int:pk>/", views.agreement_detail, name="detail"),
    path("<int:pk>/edit/", views.agreement_edit, name="edit"),
    path("<int:pk>/history/", views.agreement_history, name="history"),
    path("<int:pk>/transition/<str:name>/", views.agreement_transition, name="transition"),
    path("<int:pk>/parties/", views.party_add, name="party_add"),
    path(
        "<int:pk>/parties/<int:organisation_pk>/remove/", views.party_remove, name="party_remove"
    ),  # fmt: skip
    path("<int:pk>/milestones/", views.milestone_add, name="milestone_add"),
    path("milestones/<int:pk>/done/", views.milestone_done, name="milestone_done"),
    path("<int:pk>/rules/", views.rule_add, name="rule_add"),
    path("<int:pk>/progress/", views.progress_add, name="progress_add"),
    path(
        "new/priority/<int:priority_pk>/",
        views.agreement_create_for_priority,
        name="create_for_priority",
    ),  # fmt: skip
    path("new/table/<int:table_pk>/", views.agreement_create_for_table, name="create_for_table"),
    path("tables/<int:table_pk>/", views.table_workspace, name="table_workspace"),
    path("school/", views.school_workspace, name="school"),
    path("notices/", views.notice_list, name="notice_list"),
    path("notices/new/", views.notice_create, name="notice_create"),
    path("notices/<int:pk>/", views.notice_detail, name="notice_detail"),
    path("notices/<int:pk>/submit/", views.notice_submit, name="notice_submit"),
    path("notices/<int:pk>/exception/", views.notice_exception, name="notice_exception"),
    path("conflicts/<int:pk>/resolve/", views.conflict_resolve, name="conflict_resolve"),
]
