"""What fuzzing found, pinned down: the schema documents every answer the API gives."""

import pytest
from drf_spectacular.generators import SchemaGenerator

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def schema():
    return SchemaGenerator().get_schema(request=None, public=True)


def test_every_operation_documents_the_error_shape(schema):
    assert set(schema["components"]["schemas"]["Error"]["required"]) == {
        "status",
        "code",
        "detail",
    }
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            responses = operation["responses"]
            for code in ("400", "401", "403", "404"):
                assert code in responses, (method, path, code)
            if method != "get":
                # a write can meet an object whose state forbids it (a ratified revision)
                assert "409" in responses, (method, path)
            for code, answer in responses.items():
                if code.startswith("4"):
                    body = answer["content"]["application/json"]["schema"]
                    assert body == {"$ref": "#/components/schemas/Error"}, (method, path, code)


def test_lists_that_are_not_paged_are_documented_as_plain_lists(schema):
    for path in (
        "/api/v1/agenda-revisions/{id}/history/",
        "/api/v1/agenda-revisions/{id}/diff/",
    ):
        body = schema["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]
        assert body["schema"]["type"] == "array", path


def test_an_unknown_api_address_answers_in_the_json_error_shape(client):
    response = client.get("/api/v1/agreements/2.5e-16/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"status": 404, "code": "not_found", "detail": "Niet gevonden."}


def test_an_unknown_page_still_answers_with_the_html_page(client):
    response = client.get("/bestaat-niet/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


def test_a_revoked_token_is_documented(schema):
    assert "delete" in schema["paths"]["/api/v1/auth/token/"]
    assert "429" in schema["paths"]["/api/v1/auth/token/"]["post"]["responses"]


@pytest.mark.parametrize(
    ("url", "body", "field"),
    [
        ("/api/v1/regional-tables/", {"name": "T", "regions": ["AM\x0022"]}, "regions"),
        ("/api/v1/regional-tables/", {"name": "T", "regions": [], "sectorkamer": "0\x001"},
         "sectorkamer"),
        ("/api/v1/start-stop-notices/", {"qualification": "25\x00462"}, "qualification"),
        ("/api/v1/agendas/", {"sectorkamer": "\x00"}, "sectorkamer"),
    ],
)  # fmt: skip
def test_a_code_with_a_nul_character_is_refused_as_unknown(url, body, field, staff):
    """PostgreSQL text cannot hold NUL: looking such a code up answered 500 (fuzzing)."""
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(staff)
    response = api.post(url, body, format="json")
    assert response.status_code == 400, response.content
    assert field in response.json()["errors"]
