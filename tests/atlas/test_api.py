"""The atlas API: datasets (staff upload), indicator values, signals (institution-level ones
confidential to that institution, its sectorkamer, SBB and the board), the catalogue."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from atlas.models import Dataset, Signal
from regions.models import Sectorkamer, User

pytestmark = pytest.mark.django_db

UPLOAD = "/api/v1/atlas/datasets/upload/"


def client_for(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def indicator_file(body, name="kans.csv"):
    return SimpleUploadedFile(name, ("INDICATOR;NIVEAU;CREBO;JAAR;WAARDE\n" + body).encode())


def test_staff_upload_a_file_and_a_bad_one_is_refused_by_line(demo):
    staff = User.objects.get(username="beheer")
    api = client_for(staff)
    bad = api.post(UPLOAD, {"kind": "indicators", "file": indicator_file(
        "kans_op_werk;crebo;25462;2026;51\nkans_op_werk;crebo;25462;2026;101\n")},
        format="multipart")  # fmt: skip
    assert bad.status_code == 400
    assert bad.json()["errors"]["file"] == [
        "regel 3, kolom WAARDE: 101 ligt buiten het bereik van kans_op_werk (0 tot en met 100)."
    ]
    datasets = Dataset.objects.count()
    good = {"kind": "indicators", "file": indicator_file("kans_op_werk;crebo;25462;2026;51\n")}
    first = api.post(UPLOAD, good, format="multipart")
    assert first.status_code == 201 and first.json()["rows_stored"] == 1
    again = {"kind": "indicators", "file": indicator_file("kans_op_werk;crebo;25462;2026;51\n")}
    second = api.post(UPLOAD, again, format="multipart")
    assert second.status_code == 200 and second.json()["id"] == first.json()["id"]
    assert Dataset.objects.count() == datasets + 1


def test_only_staff_upload(demo):
    secretary = User.objects.get(username="secretaris")
    body = {"kind": "indicators", "file": indicator_file("kans_op_werk;crebo;25462;2026;51\n")}
    response = client_for(secretary).post(UPLOAD, body, format="multipart")
    assert response.status_code == 403


def test_institution_signals_reach_only_their_people(demo):
    signal = Signal.objects.filter(institution__isnull=False, sectorkamer__code="01").first()
    url = f"/api/v1/atlas/signals/{signal.pk}/"
    assert client_for(User.objects.get(username="secretaris")).get(url).status_code == 200
    outsider = User.objects.get(username="secretaris-mtlm")  # another sectorkamer
    assert client_for(outsider).get(url).status_code == 404
    listed = client_for(outsider).get("/api/v1/atlas/signals/?page_size=200").json()["results"]
    assert signal.pk not in {row["id"] for row in listed}
    assert listed and all(
        row["institution"] is None or row["sectorkamer"] == "02" for row in listed
    )


def test_signals_filter_and_export(demo):
    api = client_for(User.objects.get(username="bestuur"))
    tgo = api.get("/api/v1/atlas/signals/?sectorkamer=01&state=open").json()
    assert tgo["count"] >= 1 and {row["sectorkamer"] for row in tgo["results"]} == {"01"}
    weights = [row["weight"] for row in tgo["results"]]
    assert weights == sorted(weights, reverse=True)  # heaviest first
    export = api.get("/api/v1/atlas/signals/csv/?sectorkamer=01")
    assert export["Content-Type"].startswith("text/csv")
    assert export.content.decode().splitlines()[0].startswith("id;rule;year;sectorkamer")


def test_indicator_values_filter(demo):
    api = client_for(User.objects.get(username="school"))
    rows = api.get("/api/v1/atlas/indicator-values/?indicator=kans_op_werk&crebo=25462").json()
    assert [(r["crebo"], r["value"]) for r in rows["results"]] == [("25462", "45.000")]
    kamer = Sectorkamer.objects.get(code="02")
    by_kamer = api.get(f"/api/v1/atlas/indicator-values/?sectorkamer={kamer.code}").json()
    assert by_kamer["count"] >= 1


def test_anonymous_gets_401(demo):
    assert APIClient().get("/api/v1/atlas/signals/").status_code == 401
