from core.urls import Route, patterns

from . import views

app_name = "agendas"
# (the Dutch path, the English path it replaced: kansrijk_site/urls.py redirects that one)
ROUTES = [
    Route("sectorkamers/", "sectorkamers/", views.sectorkamer_list, "sectorkamer_list"),
    Route(
        "sectorkamers/<str:code>/",
        "sectorkamers/<str:code>/",
        views.sectorkamer_detail,
        "sectorkamer_detail",
    ),
    Route(
        "sectorkamers/<str:code>/agendas/nieuw/",
        "sectorkamers/<str:code>/agendas/new/",
        views.agenda_create,
        "agenda_create",
    ),
    Route("agendas/<int:pk>/", "agendas/<int:pk>/", views.agenda_detail, "agenda_detail"),
    Route("revisies/<int:pk>/", "revisions/<int:pk>/", views.revision_detail, "revision_detail"),
    Route(
        "revisies/<int:pk>/bewerken/",
        "revisions/<int:pk>/edit/",
        views.revision_edit,
        "revision_edit",
    ),
    Route(
        "revisies/<int:pk>/afdrukken/",
        "revisions/<int:pk>/print/",
        views.revision_print,
        "revision_print",
    ),
    Route(
        "revisies/<int:pk>/signalen/prioriteit/",
        "revisions/<int:pk>/signals/priority/",
        views.signals_to_priority,
        "signals_to_priority",
    ),
    Route(
        "revisies/<int:pk>/signalen/<int:signal_pk>/terzijde/",
        "revisions/<int:pk>/signals/<int:signal_pk>/aside/",
        views.signal_aside,
        "signal_aside",
    ),
    Route(
        "revisies/<int:pk>/verschillen/",
        "revisions/<int:pk>/diff/",
        views.revision_diff,
        "revision_diff",
    ),
    Route(
        "revisies/<int:pk>/stap/<str:name>/",
        "revisions/<int:pk>/transition/<str:name>/",
        views.revision_transition,
        "revision_transition",
    ),
    Route(
        "revisies/<int:pk>/prioriteiten/nieuw/",
        "revisions/<int:pk>/priorities/new/",
        views.priority_create,
        "priority_create",
    ),
    Route(
        "prioriteiten/<int:pk>/bewerken/",
        "priorities/<int:pk>/edit/",
        views.priority_edit,
        "priority_edit",
    ),
    Route(
        "prioriteiten/<int:pk>/verwijderen/",
        "priorities/<int:pk>/delete/",
        views.priority_delete,
        "priority_delete",
    ),
    Route(
        "prioriteiten/<int:pk>/verplaatsen/<str:direction>/",
        "priorities/<int:pk>/move/<str:direction>/",
        views.priority_move,
        "priority_move",
    ),
    Route(
        "sectorkamers/<str:code>/onderwerpen/",
        "sectorkamers/<str:code>/topics/",
        views.topic_list,
        "topic_list",
    ),
    Route(
        "sectorkamers/<str:code>/onderwerpen/nieuw/",
        "sectorkamers/<str:code>/topics/new/",
        views.topic_create,
        "topic_create",
    ),
    Route("onderwerpen/<int:pk>/", "topics/<int:pk>/", views.topic_detail, "topic_detail"),
    Route(
        "onderwerpen/<int:pk>/stap/<str:name>/",
        "topics/<int:pk>/transition/<str:name>/",
        views.topic_transition,
        "topic_transition",
    ),
    Route(
        "onderwerpen/<int:pk>/bijlage/downloaden/",
        "topics/<int:pk>/attachment/",
        views.topic_attachment,
        "topic_attachment",
    ),
    Route("bekrachtiging/", "ratification/", views.ratification_queue, "ratification_queue"),
    Route("kwalificaties/", "qualifications/", views.qualification_list, "qualification_list"),
]
urlpatterns = patterns(ROUTES)
