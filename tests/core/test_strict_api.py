"""A strict API: a field a write does not know is a 400 naming it, never silently dropped."""

import contextlib
import importlib

import pytest
from django.apps import apps
from rest_framework import serializers
from rest_framework.test import APIClient

from agreements.models import Agreement, AgreementState
from core.api import StrictFieldsMixin
from tests.agreements.test_api import payload

pytestmark = pytest.mark.django_db

OUR_APPS = {"core", "regions", "atlas", "agendas", "agreements", "practices", "arbitration",
            "notifications", "register", "kansrijk_site"}  # fmt: skip


def _client(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def _all_subclasses(cls):
    for subclass in cls.__subclasses__():
        yield subclass
        yield from _all_subclasses(subclass)


def test_every_serializer_of_ours_refuses_unknown_fields():
    importlib.import_module("kansrijk_site.urls")  # every app's API, and so its serializers
    for config in apps.get_app_configs():
        if config.name in OUR_APPS:
            for module in ("serializers", "api"):
                with contextlib.suppress(ModuleNotFoundError):
                    importlib.import_module(f"{config.name}.{module}")
    ours = [
        cls
        for cls in set(_all_subclasses(serializers.Serializer))
        if cls.__module__.split(".")[0] in OUR_APPS and cls is not StrictFieldsMixin
    ]
    assert len(ours) > 60
    lax = [f"{cls.__module__}.{cls.__qualname__}" for cls in ours
           if not issubclass(cls, StrictFieldsMixin)
           and cls.__qualname__ != "AllowedTransitionsMixin"]  # fmt: skip
    assert lax == []


def test_a_misspelled_field_is_400_naming_it_and_nothing_is_written(secretary, priority, school):
    # The example: a client that misspells "deadline" believed it had set one.
    body = payload(priority=priority.pk, owner=school.pk)
    body["deadlin"] = body.pop("deadline")
    response = _client(secretary).post("/api/v1/agreements/", body, format="json")
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert set(errors) == {"deadlin"}
    assert errors["deadlin"][0].startswith("Onbekend veld; dit verzoek accepteert: ")
    assert "deadline" in errors["deadlin"][0]
    assert not Agreement.objects.exists()


def test_unknown_and_invalid_fields_are_named_together(secretary, priority, school):
    body = payload(priority=priority.pk, owner=school.pk, deadline="eind 2027", colour="rood")
    response = _client(secretary).post("/api/v1/agreements/", body, format="json")
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"deadline", "colour"}
    assert not Agreement.objects.exists()


def test_an_unknown_field_inside_a_nested_item_is_named_where_it_is(secretary, priority, school):
    parties = [{"organisation": school.pk, "role": "responsible", "rol": "informed"}]
    body = payload(priority=priority.pk, owner=school.pk, parties=parties)
    response = _client(secretary).post("/api/v1/agreements/", body, format="json")
    assert response.status_code == 400
    assert set(response.json()["errors"]["parties"]["0"]) == {"rol"}
    assert not Agreement.objects.exists()


def test_a_transition_refuses_an_unknown_field_and_keeps_its_state(proposed, secretary):
    url = f"/api/v1/agreements/{proposed.pk}/cancel/"
    response = _client(secretary).post(url, {"coment": "Dubbel ingevoerd"}, format="json")
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert set(errors) == {"coment"} and "comment" in errors["coment"][0]
    proposed.refresh_from_db()
    assert proposed.state == AgreementState.PROPOSED


def test_a_shown_field_sent_back_unchanged_is_accepted(secretary, priority, school):
    client = _client(secretary)
    created = client.post(
        "/api/v1/agreements/", payload(priority=priority.pk, owner=school.pk), format="json"
    ).json()
    url = f"/api/v1/agreements/{created['id']}/"
    changed = client.patch(url, {"id": created["id"], "state": "draft", "unit": "procent"},
                           format="json")  # fmt: skip
    assert changed.status_code == 200, changed.json()
    assert changed.json()["unit"] == "procent"


def test_the_schema_says_request_bodies_take_no_other_fields():
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    requests = {name: component for name, component in schema["components"]["schemas"].items()
                if name.endswith("Request") and component.get("type") == "object"}  # fmt: skip
    assert len(requests) > 20
    assert all(component["additionalProperties"] is False for component in requests.values())
    assert (
        "not know"
        in schema["paths"]["/api/v1/agreements/"]["post"]["responses"]["400"]["description"]
    )
