"""The public register: no login, Dutch, indexable, cacheable by shared caches. Its pages
render without the request (no user, session or token reaches them), so every visitor gets
the same page; what they show is decided in ``public.py``."""

import functools

from django.conf import settings
from django.http import Http404
from django.shortcuts import render
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from core.views import filtered_page

from . import downloads, opendata, selectors

MAX_AGE = 300  # seconds a public page may be cached: a ratification shows within minutes
PER_PAGE = 50


def public_page(view):
    """A GET-only page, rendered in Dutch for everyone, that any cache may keep. The view
    returns (template, context), or a response of its own (a download)."""

    @require_safe
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        with translation.override(settings.LANGUAGE_CODE):
            answer = view(request, *args, **kwargs)
            response = answer if not isinstance(answer, tuple) else render(None, *answer)
        patch_cache_control(response, public=True, max_age=MAX_AGE)
        return response

    return wrapper


def _found(value):
    if value is None:
        raise Http404
    return value


@public_page
def index(request):
    return "register/index.html", {"sectorkamers": selectors.index()}


@public_page
def sectorkamer(request, code):
    return "register/sectorkamer.html", _found(selectors.sectorkamer_page(code))


@public_page
def revision(request, code, year):
    return "register/revision.html", _found(selectors.revision_page(code, year))


@public_page
def agreement_list(request):
    agreements = selectors.agreements().order_by("title", "pk")
    context = filtered_page(request, selectors.PublicAgreementFilter, agreements, per_page=PER_PAGE)
    return "register/agreements.html", context


@public_page
def agreement(request, pk):
    return "register/agreement.html", _found(selectors.agreement_page(pk))


@public_page
def data(request):
    return "register/data.html", {
        "datasets": opendata.DATASETS.values(), "formats": downloads.FORMATS,
        "licence": opendata.LICENCE_TEXT,
    }  # fmt: skip


@public_page
def download(request, name, fmt):
    dataset = opendata.DATASETS.get(name)
    if dataset is None or fmt not in downloads.FORMATS:
        raise Http404
    return downloads.response(dataset, fmt)


@public_page
def practice_list(request):
    context = filtered_page(
        request, selectors.PublicPracticeFilter, selectors.practices(), per_page=PER_PAGE
    )
    return "register/practices.html", context


@public_page
def practice(request, pk):
    return "register/practice.html", {
        "practice": _found(selectors.practices().filter(pk=pk).first())
    }
