"""Open data: the downloads (CSV, XLSX, JSON) and the public API return the same records as
the register's pages, read back with a CSV reader, openpyxl and a JSON parser, and show
nothing that is not public."""

import csv
import io
import json
import re
from itertools import zip_longest

import pytest
from django.core.cache import cache
from django.urls import reverse
from openpyxl import load_workbook

from agreements.models import Agreement
from regions.models import User
from register import api, opendata, public

from .test_public import never_public

pytestmark = pytest.mark.django_db


def download(client, name, fmt):
    response = client.get(reverse("register:download", args=[name, fmt]))
    assert response.status_code == 200, (name, fmt)
    assert response["Cache-Control"] == "public, max-age=300"
    assert f'filename="kansrijk-{name}.{fmt}"' in response["Content-Disposition"]
    return b"".join(response.streaming_content) if response.streaming else response.content


def read_csv(client, name) -> list[dict]:
    return list(csv.DictReader(io.StringIO(download(client, name, "csv").decode("utf-8"))))


def read_xlsx(client, name) -> tuple[list[dict], list]:
    book = load_workbook(io.BytesIO(download(client, name, "xlsx")), read_only=True)
    rows = list(book[name].iter_rows(values_only=True))
    about = list(book["kolommen"].iter_rows(values_only=True))
    return [dict(zip_longest(rows[0], row)) for row in rows[1:]], about


def read_json(client, name) -> dict:
    return json.loads(download(client, name, "json"))


def read_api(client, name) -> list[dict]:
    records, url = [], f"/api/public/v1/{name}/?page_size=2"
    while url:
        answer = client.get(url)
        assert answer.status_code == 200, url
        records += answer.json()["results"]
        url = answer.json()["next"]
    return records


def register_agreement_ids(client) -> set[int]:
    page = client.get(reverse("register:agreements")).content.decode()
    return {int(pk) for pk in re.findall(r'href="/openbaar/afspraken/(\d+)/"', page)}


@pytest.fixture(autouse=True)
def _no_throttle_left():
    cache.clear()
    yield
    cache.clear()


def test_files_api_and_register_return_the_same_records(client, demo):
    on_pages = register_agreement_ids(client)
    assert on_pages == set(
        Agreement.objects.filter(state__in=public.AGREEMENT_STATES).values_list("pk", flat=True)
    )
    for name, dataset in opendata.DATASETS.items():
        from_csv = read_csv(client, name)
        from_xlsx, about = read_xlsx(client, name)
        from_json = read_json(client, name)
        from_api = read_api(client, name)
        assert len(from_csv) == len(from_xlsx) == len(from_json["records"]) == len(from_api) > 0
        assert list(from_csv[0]) == list(from_xlsx[0]) == dataset.keys
        assert [c["name"] for c in from_json["columns"]] == dataset.keys
        assert from_json["licence"] == opendata.LICENCE and ("licentie", opendata.LICENCE) in about
        key = dataset.key
        # the same records, value by value (the CSV's text is the JSON's value as written)
        for row_csv, row_json, row_api in zip(
            from_csv, from_json["records"], from_api, strict=True
        ):
            assert row_json == row_api, name
            for column in dataset.keys:
                value = row_json[column]
                written = (
                    ""
                    if value is None
                    else str(value).lower()
                    if isinstance(value, bool)
                    else str(value)
                )
                assert row_csv[column] == written, (name, column)
        assert [r[key] for r in from_xlsx] == [int(r[key]) for r in from_csv]
    agreement_ids = {r["id"] for r in read_json(client, "agreements")["records"]}
    assert agreement_ids == on_pages


def test_nothing_private_in_the_files_or_the_api(client, demo):
    forbidden = never_public()
    texts = {}
    for name in opendata.DATASETS:
        texts[f"{name}.csv"] = download(client, name, "csv").decode()
        texts[f"{name}.json"] = download(client, name, "json").decode("utf-8")
        texts[f"api {name}"] = json.dumps(read_api(client, name), ensure_ascii=False)
    leaks = [f"{where}: {what}" for where, body in texts.items()
             for secret, what in forbidden.items() if secret in body]  # fmt: skip
    assert not leaks, leaks


def test_the_api_is_anonymous_read_only_and_pages(client, demo):
    agreement = Agreement.objects.filter(state="active").first()
    draft = Agreement.objects.filter(state="draft").first()
    url = f"/api/public/v1/agreements/{agreement.pk}/"
    anonymous = client.get(url)
    assert anonymous.status_code == 200 and anonymous.json()["title"] == agreement.title
    assert anonymous["Cache-Control"] == "public, max-age=300"
    client.force_login(User.objects.get(username="secretaris"))
    assert client.get(url).json() == anonymous.json()  # a session changes nothing
    assert client.get(f"/api/public/v1/agreements/{draft.pk}/").status_code == 404
    assert client.post("/api/public/v1/agreements/", {}).status_code == 405
    assert client.delete(url).status_code == 405
    listing = client.get("/api/public/v1/agreements/?page_size=1").json()
    assert len(listing["results"]) == 1 and listing["count"] > 1 and listing["next"]
    zws = client.get("/api/public/v1/agreements/?sectorkamer=03").json()["results"]
    assert zws and {r["sectorkamer"] for r in zws} == {"03"}
    bad = client.get("/api/public/v1/agreements/?state=draft")
    assert bad.status_code == 400 and "state" in bad.json()["errors"]


def test_the_api_is_rate_limited(client, demo, monkeypatch):
    monkeypatch.setattr(api.PublicThrottle, "rate", "3/min", raising=False)
    answers = [client.get("/api/public/v1/reports/").status_code for _ in range(4)]
    assert answers == [200, 200, 200, 429]
    refused = client.get("/api/public/v1/agendas/")
    assert refused.status_code == 429 and refused.json()["code"] == "throttled"


def test_the_api_is_in_the_schema_under_its_own_tag(client, demo):
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    public_paths = {p: ops for p, ops in schema["paths"].items() if p.startswith("/api/public/")}
    assert set(public_paths) == {
        "/api/public/v1/agendas/", "/api/public/v1/agreements/",
        "/api/public/v1/agreements/{id}/", "/api/public/v1/parties/", "/api/public/v1/reports/",
        "/api/public/v1/practices/", "/api/public/v1/practices/{id}/",
    }  # fmt: skip
    for operations in public_paths.values():
        assert set(operations) == {"get"}
        assert operations["get"]["tags"] == ["Openbaar"]
        assert operations["get"]["security"] == [{}]  # anonymous


def test_unknown_datasets_and_formats_are_not_found(client, demo):
    assert client.get("/openbaar/open-data/dossiers.csv").status_code == 404
    assert client.get("/openbaar/open-data/agreements.pdf").status_code == 404


def test_the_api_list_costs_the_same_however_many_records(client, demo, django_assert_num_queries):
    with django_assert_num_queries(2):  # count, page
        client.get("/api/public/v1/agreements/")
    with django_assert_num_queries(4):  # count, page, qualifications, regions
        client.get("/api/public/v1/agendas/")


def test_the_documentation_lists_every_column():
    from pathlib import Path

    doc = (Path(__file__).resolve().parents[2] / "docs" / "open-data.md").read_text()
    assert opendata.LICENCE in doc
    for name, dataset in opendata.DATASETS.items():
        assert f"## {name}" in doc
        for column in dataset.columns:
            assert f"| `{column.key}` | {column.kind} |" in doc, (name, column.key)


def test_every_column_is_a_public_field():
    """The datasets add nothing public.py does not list: each column is a public field of its
    model, or a name (of an organisation, a table, a sectorkamer) that public.py shows."""
    names = {"sectorkamer", "sectorkamer_name", "owner", "regional_table", "organisation"}
    allowed = {
        "agendas": {"priority_id", "year", "ratified_on", "qualifications", "regions"}
        | set(public.PRIORITY_FIELDS),
        "agreements": set(public.AGREEMENT_FIELDS),
        "parties": set(public.PARTY_FIELDS),
        "reports": set(public.REPORT_FIELDS),
        "practices": {"regions", "contact_organisation", "published_on"}
        | set(public.PRACTICE_FIELDS),
    }
    for name, dataset in opendata.DATASETS.items():
        assert set(dataset.keys) - names <= allowed[name], name
