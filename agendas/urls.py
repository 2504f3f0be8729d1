from django.urls import path

from . import views

app_name = "agendas"

urlpatterns = [
    path("sectorkamers/", views.sectorkamer_list, name="sectorkamer_list"),
    path("sectorkamers/<str:code>/", views.sectorkamer_detail, name="sectorkamer_detail"),
    path("sectorkamers/<str:code>/agendas/new/", views.agenda_create, name="agenda_create"),
    path("agendas/<int:pk>/", views.agenda_detail, name="agenda_detail"),
    path("revisions/<int:pk>/", views.revision_detail, name="revision_detail"),
    path("revisions/<int:pk>/edit/", views.revision_edit, name="revision_edit"),
    path("revisions/<int:pk>/print/", views.revision_print, name="revision_print"),
    path(
        "revisions/<int:pk>/signals/priority/",
        views.signals_to_priority,
        name="signals_to_priority",
    ),
    path(
        "revisions/<int:pk>/signals/<int:signal_pk>/aside/", views.signal_aside, name="signal_aside"
    ),
    path("revisions/<int:pk>/diff/", views.revision_diff, name="revision_diff"),
    path(
        "revisions/<int:pk>/transition/<str:name>/",
        views.revision_transition,
        name="revision_transition",
    ),
    path("revisions/<int:pk>/priorities/new/", views.priority_create, name="priority_create"),
    path("priorities/<int:pk>/edit/", views.priority_edit, name="priority_edit"),
    path("priorities/<int:pk>/delete/", views.priority_delete, name="priority_delete"),
    path("priorities/<int:pk>/move/<str:direction>/", views.priority_move, name="priority_move"),
    path("ratification/", views.ratification_queue, name="ratification_queue"),
    path("qualifications/", views.qualification_list, name="qualification_list"),
]
