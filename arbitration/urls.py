from core.urls import Route, patterns

from . import views

app_name = "arbitration"
# (the Dutch path, the English path it replaced: kansrijk_site/urls.py redirects that one)
ROUTES = [
    Route("", "", views.home, "home"),
    Route("dossiers/nieuw/", "dossiers/new/", views.dossier_create, "dossier_create"),
    Route("dossiers/<int:pk>/", "dossiers/<int:pk>/", views.dossier_detail, "dossier_detail"),
    Route(
        "dossiers/<int:pk>/stap/<str:name>/",
        "dossiers/<int:pk>/transition/<str:name>/",
        views.dossier_transition,
        "dossier_transition",
    ),
    Route(
        "dossiers/<int:pk>/documenten/",
        "dossiers/<int:pk>/documents/",
        views.document_upload,
        "document_upload",
    ),
    Route(
        "dossiers/<int:pk>/verklaring/",
        "dossiers/<int:pk>/declaration/",
        views.declare_independence,
        "declare_independence",
    ),
    Route(
        "dossiers/<int:pk>/panel/<int:member_pk>/wraking/",
        "dossiers/<int:pk>/panel/<int:member_pk>/challenge/",
        views.challenge,
        "challenge",
    ),
    Route(
        "dossiers/<int:pk>/wrakingen/<int:challenge_pk>/beslissen/",
        "dossiers/<int:pk>/challenges/<int:challenge_pk>/decide/",
        views.decide_challenge,
        "decide_challenge",
    ),
    Route(
        "dossiers/<int:pk>/termijnen/<int:deadline_pk>/verlengen/",
        "dossiers/<int:pk>/deadlines/<int:deadline_pk>/extend/",
        views.extend_deadline,
        "extend_deadline",
    ),
    Route(
        "documenten/<int:pk>/downloaden/",
        "documents/<int:pk>/download/",
        views.document_download,
        "document_download",
    ),
    Route(
        "dossiers/<int:pk>/notities/", "dossiers/<int:pk>/notes/", views.panel_notes, "panel_notes"
    ),
    Route("dossiers/<int:pk>/inzage/", None, views.access_log, "access_log"),
    Route("overeenkomsten/", "agreements/", views.arbitration_agreements, "agreements"),
]
urlpatterns = patterns(ROUTES)
