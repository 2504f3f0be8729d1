from django.urls import path

from . import views

app_name = "arbitration"

urlpatterns = [
    path("", views.home, name="home"),
    path("dossiers/new/", views.dossier_create, name="dossier_create"),
    path("dossiers/<int:pk>/", views.dossier_detail, name="dossier_detail"),
    path(
        "dossiers/<int:pk>/transition/<str:name>/",
        views.dossier_transition,
        name="dossier_transition",
    ),  # fmt: skip
    path("dossiers/<int:pk>/documents/", views.document_upload, name="document_upload"),
    path(
        "dossiers/<int:pk>/declaration/", views.declare_independence, name="declare_independence"
    ),  # fmt: skip
    path(
        "dossiers/<int:pk>/panel/<int:member_pk>/challenge/", views.challenge, name="challenge"
    ),  # fmt: skip
    path(
        "dossiers/<int:pk>/challenges/<int:challenge_pk>/decide/",
        views.decide_challenge,
        name="decide_challenge",
    ),  # fmt: skip
    path(
        "dossiers/<int:pk>/deadlines/<int:deadline_pk>/extend/",
        views.extend_deadline,
        name="extend_deadline",
    ),  # fmt: skip
    path("documents/<int:pk>/download/", views.document_download, name="document_download"),
    path("dossiers/<int:pk>/notes/", views.panel_notes, name="panel_notes"),
    path("agreements/", views.arbitration_agreements, name="agreements"),
]
