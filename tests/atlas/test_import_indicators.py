"""Loading indicator files against the shipped catalogue."""

import io
from decimal import Decimal

import pytest

from atlas.models import Dataset, Indicator, IndicatorValue, Qualification
from atlas.services import ImportFailed, import_indicators, load_indicator_catalogue
from regions.models import OrganisationKind, Sectorkamer

pytestmark = pytest.mark.django_db

HEADER = "INDICATOR;NIVEAU;SECTORKAMER;REGIO;CREBO;INSTELLINGSCODE;JAAR;WAARDE;EENHEID;BRON\n"
CBS = (
    HEADER + "werk_12u_1j;crebo;;;25655;;2024;69,9;%;CBS\n"
    "werk_12u_1j;instelling x crebo;;;25655;00GT;2024;70;%;CBS\n"
    "onder_niveau;crebo;;;25655;;2024;50.1;%;CBS\n"
    "werk_12u_1j;sectorkamer;03;;;;2024;81;%;CBS\n"
    "werk_12u_1j;landelijk;;;;;2024;79.5;;CBS\n"
)


@pytest.fixture
def catalogue(reference, make_org, staff):
    zorg = Sectorkamer.objects.get(code="03")
    Qualification.objects.create(crebo="25655", name="Verzorgende-IG", level=3, sectorkamer=zorg)
    make_org("Albeda", kind=OrganisationKind.MBO_INSTITUTION, code="00GT")
    return staff


def load(text, actor, **options):
    return import_indicators(actor=actor, stream=io.BytesIO(text.encode()), **options)


def test_the_catalogue_is_loaded_with_the_reference_data(reference):
    codes = set(Indicator.objects.values_list("code", flat=True))
    assert {"kans_op_werk", "werk_12u_1j", "onder_niveau", "spanningsindicator"} <= codes
    werk = Indicator.objects.get(code="werk_12u_1j")
    assert (werk.unit, werk.direction, werk.maximum, werk.source) == ("%", "higher", 100, "CBS")
    assert load_indicator_catalogue() == {"created": 0, "updated": 0, "unchanged": len(codes)}


def test_values_are_stored_per_level_with_their_keys(catalogue):
    report = load(CBS, catalogue, filename="cbs.csv")
    assert report.stored == 5 and report.dataset.source == "CBS" and report.dataset.year == 2024
    at_school = IndicatorValue.objects.get(level="institution_crebo")
    assert (at_school.institution.institution_code, at_school.qualification.crebo) == (
        "00GT",
        "25655",
    )
    assert at_school.value == Decimal("70")
    assert IndicatorValue.objects.get(level="crebo", indicator__code="werk_12u_1j").value == (
        Decimal("69.9")  # a decimal comma is read
    )
    assert IndicatorValue.objects.get(level="sectorkamer").sectorkamer.abbreviation == "ZWS"


def test_the_same_file_twice_and_a_newer_delivery(catalogue):
    first = load(CBS, catalogue).dataset
    assert load(CBS, catalogue).dataset == first and IndicatorValue.objects.count() == 5
    newer = load(CBS.replace("69,9", "71"), catalogue).dataset
    first.refresh_from_db()
    assert first.replaced_by == newer and not first.values.exists()
    assert IndicatorValue.objects.get(level="crebo", indicator__code="werk_12u_1j").value == 71


@pytest.mark.parametrize(
    ("line", "column", "message"),
    [
        ("nope;crebo;;;25655;;2024;50;%;CBS", "INDICATOR", "niet in de catalogus"),
        ("werk_12u_1j;crebo;;;25655;;2024;100.5;%;CBS", "WAARDE", "buiten het bereik"),
        ("werk_12u_1j;crebo;;;25655;;2024;-1;%;CBS", "WAARDE", "buiten het bereik"),
        ("werk_12u_1j;crebo;;;25655;;2024;veel;%;CBS", "WAARDE", "geen getal"),
        ("werk_12u_1j;crebo;;;25655;;1999;50;%;CBS", "JAAR", "2000-2100"),
        ("werk_12u_1j;crebo;;;2565;;2024;50;%;CBS", "CREBO", "Onbekende code"),
        ("werk_12u_1j;crebo;;;;;2024;50;%;CBS", "CREBO", "heeft hier een waarde nodig"),
        ("werk_12u_1j;crebo;03;;25655;;2024;50;%;CBS", "SECTORKAMER", "laat het leeg"),
        ("werk_12u_1j;arbeidsmarktregio;;AM18;;;2024;50;%;CBS", "NIVEAU", "niet gegeven per"),
        ("werk_12u_1j;heelal;;;25655;;2024;50;%;CBS", "NIVEAU", "Onbekend niveau"),
        ("werk_12u_1j;crebo;;;25655;;2024;50;uur;CBS", "EENHEID", "niet uur"),
        ("kans_op_werk;crebo;;;25655;;2024;50;%;SBB", "INDICATOR", "één bron"),
        ("werk_12u_1j;crebo;;;25655;;2024;50;%;CBS", "WAARDE", "eerder"),
    ],
    ids=["unknown-indicator", "above-100", "negative", "text", "year", "crebo", "missing-key",
         "extra-key", "wrong-level", "unknown-level", "unit", "two-sources", "same-key"],
)  # fmt: skip
def test_a_bad_line_is_refused_with_its_line_and_column(catalogue, line, column, message):
    with pytest.raises(ImportFailed) as failed:
        load(CBS + line + "\n", catalogue)
    [error] = failed.value.report.errors
    assert (error.line, error.column) == (7, column)
    assert message in error.message
    assert not Dataset.objects.exists() and not IndicatorValue.objects.exists()


def test_the_edges_of_a_range_are_inside(catalogue):
    text = (
        HEADER
        + "werk_12u_1j;crebo;;;25655;;2024;100;%;CBS\nonder_niveau;crebo;;;25655;;2024;0;%;CBS\n"
    )
    assert load(text, catalogue).stored == 2


def test_an_unknown_layout_names_the_missing_columns(catalogue):
    with pytest.raises(ImportFailed) as failed:
        load("INDICATOR;JAAR\nwerk_12u_1j;2024\n", catalogue)
    assert "NIVEAU, WAARDE" in str(failed.value.report.errors[0])


def test_the_command_loads_and_refuses(catalogue, tmp_path):
    from django.core.management import CommandError, call_command

    good = tmp_path / "cbs.csv"
    good.write_text(CBS, encoding="utf-8")
    out = io.StringIO()
    call_command("import_indicators", str(good), stdout=out)
    assert "5 values stored" in out.getvalue()
    bad = tmp_path / "bad.csv"
    bad.write_text(CBS + "nope;crebo;;;25655;;2024;50;%;CBS\n", encoding="utf-8")
    err = io.StringIO()
    with pytest.raises(CommandError, match="nothing was written"):
        call_command("import_indicators", str(bad), stderr=err)
    assert "bad.csv: regel 7, kolom INDICATOR" in err.getvalue()
