"""Page routes declared once, in Dutch, each with the English path it replaced.

An app's ``urls.py`` lists its :class:`Route` rows; :func:`patterns` gives its urlpatterns and
the root URLconf mounts :func:`redirects` at the app's old prefix: every old path answers with
a permanent redirect (301, query string kept) to the Dutch one, so no bookmark, email link or
calendar subscription breaks."""

import dataclasses
from collections.abc import Callable

from django.urls import path
from django.views.generic import RedirectView


@dataclasses.dataclass(frozen=True)
class Route:
    route: str  # the Dutch path, under the app's prefix
    was: str | None  # the English path it replaced, under the app's old prefix (None: new)
    view: Callable
    name: str


def patterns(routes: list[Route]) -> list:
    return [path(r.route, r.view, name=r.name) for r in routes]


def redirects(app_name: str, routes: list[Route], *, prefix: str, was: str) -> list:
    """The old paths (``was`` + each route's old path) as permanent redirects to the new
    ones (``prefix`` + its route); a path that did not change is left alone."""
    return [
        path(
            was + r.was,
            RedirectView.as_view(
                pattern_name=f"{app_name}:{r.name}", permanent=True, query_string=True
            ),
        )
        for r in routes
        if r.was is not None and was + r.was != prefix + r.route
    ]
