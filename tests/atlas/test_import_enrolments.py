"""Loading DUO enrolment files: liberal in what is accepted, strict in what is stored."""

import io

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command

from atlas.models import Dataset, Enrolment, Qualification
from atlas.selectors import Total, enrolment_totals
from atlas.services import ImportFailed, import_enrolments
from regions.models import OrganisationKind, Sectorkamer

pytestmark = pytest.mark.django_db

WIDE = (
    "INSTELLINGSCODE;INSTELLINGSNAAM;PLAATSNAAM INSTELLING;LEERWEG;NIVEAU;"
    "ERKENDE OPLEIDING CODE;ERKENDE OPLEIDING NAAM;SECTORKAMER NAAM;MAN2022;VROUW2022;"
    "MAN2023;VROUW2023\n"
    "00GT;Albeda;Rotterdam;BBL;3;25655;Verzorgende-IG;Zorg;10;30;12;-1\n"
    "00GT;Albeda;Rotterdam;BOLVT;3;25655;Verzorgende-IG;Zorg;20;40;22;44\n"
    "01AB;Techniek College;Utrecht;BOLVT;4;25480;Elektrotechniek;Techniek;50;;48;2\n"
)


@pytest.fixture
def catalogue(reference, make_org, staff):
    zorg = Sectorkamer.objects.get(code="03")
    Qualification.objects.create(crebo="25655", name="Verzorgende-IG", level=3, sectorkamer=zorg)
    Qualification.objects.create(crebo="25480", name="Elektrotechniek", level=4, sectorkamer=zorg)
    make_org("Albeda", kind=OrganisationKind.MBO_INSTITUTION, code="00GT")
    make_org("Techniek College", kind=OrganisationKind.MBO_INSTITUTION, code="01AB")
    return staff


def load(text, actor, encoding="utf-8", **options):
    return import_enrolments(actor=actor, stream=io.BytesIO(text.encode(encoding)), **options)


def test_a_wide_file_is_stored_per_year_gender_and_leerweg(catalogue):
    report = load(WIDE, catalogue, filename="duo.csv")
    assert report.rows_read == 3 and report.stored == 11  # the empty cell is no count
    dataset = report.dataset
    assert (dataset.year, dataset.reference_date.isoformat()) == (2023, "2023-10-01")
    assert (dataset.rows_read, dataset.rows_stored, dataset.loaded_by) == (3, 11, catalogue)
    assert len(dataset.sha256) == 64 and dataset.encoding == "utf-8-sig"
    albeda = Enrolment.objects.filter(institution__institution_code="00GT", year=2023)
    assert sorted(albeda.values_list("leerweg", "gender", "low", "high", "suppressed")) == [
        ("BBL", "man", 12, 12, False),
        ("BBL", "vrouw", 1, 4, True),  # -1: a small cell, never a count
        ("BOLVT", "man", 22, 22, False),
        ("BOLVT", "vrouw", 44, 44, False),
    ]


def test_a_total_with_a_suppressed_cell_is_a_range(catalogue):
    load(WIDE, catalogue)
    totals = {
        (row["qualification__crebo"], row["year"]): row["total"]
        for row in enrolment_totals(by=("qualification__crebo", "year"))
    }
    assert totals[("25655", 2022)] == Total(100, 100, False)
    assert totals[("25655", 2023)] == Total(79, 82, True)
    assert str(totals[("25655", 2023)]) == "79–82" and totals[("25655", 2023)].exact is None
    assert totals[("25480", 2023)] == Total(50, 50, False)


def test_a_long_latin1_comma_file_with_the_new_suppression_flag(catalogue):
    text = (
        "Instellingscode,Leerweg,Erkende_opleiding_code,Jaar,Geslacht,Aantal,IndicatieAVG\n"
        "00GT,BBL,25655,2024,Vrouw,4,J\n"
        "00GT,BBL,25655,2024,Man,4,N\n"
        "00GT,BOL VT,25655,2024,man,7,N\n"
    )
    report = load(text, catalogue, encoding="latin-1")
    rows = sorted(Enrolment.objects.values_list("leerweg", "gender", "low", "high", "suppressed"))
    assert rows == [
        ("BBL", "man", 4, 4, False),  # a real 4 (flag N)
        ("BBL", "vrouw", 1, 4, True),  # 4 with INDICATIEAVG J is below 5, not 4
        ("BOLVT", "man", 7, 7, False),
    ]
    assert report.dataset.encoding == "utf-8-sig"  # plain ASCII is valid UTF-8


def test_latin1_is_detected_and_said(catalogue):
    text = WIDE.replace("Albeda;Rotterdam", "Albéda;Rotterdam")
    report = load(text, catalogue, encoding="latin-1")
    assert report.dataset.encoding == "latin-1"
    assert any("Latin-1" in note for note in report.notes)


def test_the_same_file_twice_changes_nothing(catalogue):
    first = load(WIDE, catalogue)
    again = load(WIDE, catalogue)
    assert again.dataset == first.dataset and again.stored == 0
    assert Dataset.objects.count() == 1 and Enrolment.objects.count() == 11
    assert "al eerder geladen" in again.notes[0]


def test_a_corrected_delivery_replaces_the_values_and_keeps_the_old_dataset(catalogue):
    first = load(WIDE, catalogue).dataset
    corrected = load(WIDE.replace(";12;-1\n", ";13;-1\n"), catalogue).dataset
    first.refresh_from_db()
    assert first.replaced_by == corrected and not corrected.is_replaced
    assert not first.enrolments.exists() and corrected.enrolments.count() == 11
    assert enrolment_totals(by=("year",))[-1]["total"] == Total(130, 133, True)


@pytest.mark.parametrize(
    ("change", "line", "column", "message"),
    [
        (";12;-1\n", 2, "MAN2023", "geen getal"),  # replaced below by "twelve"
        (";12;-1\n", 2, "MAN2023", "negatief"),  # replaced below by -3
        ("00GT;Albeda;Rotterdam;BBL", 2, "INSTELLINGSCODE", "4 tekens"),
        ("00GT;Albeda;Rotterdam;BBL", 2, "INSTELLINGSCODE", "Onbekende instellingscode"),
        (";25655;Verzorgende-IG;Zorg;10", 2, "ERKENDEOPLEIDINGCODE", "5 cijfers"),
        (";25655;Verzorgende-IG;Zorg;10", 2, "ERKENDEOPLEIDINGCODE", "Onbekende crebocode"),
        (";BBL;3;", 2, "LEERWEG", "Onbekende leerweg"),
    ],
    ids=["text", "negative", "code-format", "code-unknown", "crebo-format", "crebo-unknown",
         "leerweg"],
)  # fmt: skip
def test_every_bad_cell_is_reported_with_its_line_and_column_and_nothing_is_written(
    catalogue, change, line, column, message
):
    replacement = {
        "geen getal": ";twelve;-1\n",
        "negatief": ";-3;-1\n",
        "4 tekens": "0GT;Albeda;Rotterdam;BBL",
        "Onbekende instellingscode": "99XX;Albeda;Rotterdam;BBL",
        "5 cijfers": ";2565;Verzorgende-IG;Zorg;10",
        "Onbekende crebocode": ";99999;Verzorgende-IG;Zorg;10",
        "Onbekende leerweg": ";BOX;3;",
    }[message]
    with pytest.raises(ImportFailed) as failed:
        load(WIDE.replace(change, replacement, 1), catalogue)
    [error] = failed.value.report.errors
    assert (error.line, error.column) == (line, column)
    assert message.lower() in error.message.lower()
    assert not Dataset.objects.exists() and not Enrolment.objects.exists()


def test_skip_invalid_stores_the_good_lines_and_lists_every_bad_one(catalogue):
    text = WIDE.replace("00GT;Albeda;Rotterdam;BOLVT", "99XX;Albeda;Rotterdam;BOLVT").replace(
        "01AB;", "0;"
    )
    report = load(text, catalogue, skip_invalid=True)
    assert [(e.line, e.column) for e in report.errors] == [
        (3, "INSTELLINGSCODE"),
        (4, "INSTELLINGSCODE"),
    ]
    assert report.stored == 4 and report.dataset.rows_skipped == 2


def test_the_same_key_twice_with_another_count_is_refused(catalogue):
    text = WIDE + "00GT;Albeda;Rotterdam;BBL;3;25655;Verzorgende-IG;Zorg;10;30;12;5\n"
    with pytest.raises(ImportFailed) as failed:
        load(text, catalogue)
    assert [(e.line, e.column) for e in failed.value.report.errors] == [(5, "VROUW2023")]
    # the same line repeated with the same counts is harmless
    assert load(WIDE + WIDE.splitlines()[1] + "\n", catalogue).stored == 11


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("INSTELLINGSCODE;LEERWEG;NAAM\n00GT;BBL;x\n", "ERKENDEOPLEIDINGCODE"),
        ("INSTELLINGSCODE;LEERWEG;ERKENDE OPLEIDING CODE\n00GT;BBL;25655\n", "JAAR en AANTAL"),
        ("INSTELLINGSCODE;LEERWEG;CREBO;MAN1999\n00GT;BBL;25655;3\n", "buiten 2000-2100"),
        ("just one column\nx\n", "geen CSV-bestand"),
    ],
    ids=["no-crebo-column", "no-counts", "year-range", "not-csv"],
)
def test_an_unknown_layout_says_what_was_expected_and_found(catalogue, text, expected):
    with pytest.raises(ImportFailed) as failed:
        load(text, catalogue)
    assert expected in str(failed.value.report.errors[0])
    assert not Dataset.objects.exists()


def test_a_binary_file_is_not_csv(catalogue):
    with pytest.raises(ImportFailed) as failed:
        import_enrolments(actor=catalogue, stream=io.BytesIO(b"PK\x03\x04\x00\x00binary"))
    assert "geen CSV-bestand" in str(failed.value.report.errors[0])


def test_a_long_file_checks_its_year(catalogue):
    text = "INSTELLINGSCODE;LEERWEG;CREBO;JAAR;AANTAL\n00GT;BBL;25655;1999;4\n"
    with pytest.raises(ImportFailed) as failed:
        load(text, catalogue)
    assert [(e.line, e.column) for e in failed.value.report.errors] == [(2, "JAAR")]


def test_only_sbb_staff_load_datasets(catalogue, make_user):
    with pytest.raises(PermissionDenied):
        load(WIDE, make_user())
    assert not Dataset.objects.exists()


def test_the_command_reports_and_refuses(catalogue, tmp_path):
    good = tmp_path / "duo.csv"
    good.write_text(WIDE, encoding="utf-8")
    out = io.StringIO()
    call_command("import_enrolments", str(good), "--user", "staff", stdout=out)
    assert "11 counts stored" in out.getvalue()
    bad = tmp_path / "bad.csv"
    bad.write_text(WIDE.replace(";25655;", ";99999;", 1), encoding="utf-8")
    err = io.StringIO()
    with pytest.raises(CommandError, match="nothing was written"):
        call_command("import_enrolments", str(bad), stderr=err)
    assert "bad.csv: regel 2, kolom ERKENDEOPLEIDINGCODE: Onbekende crebocode 99999" in (
        err.getvalue()
    )


def test_header_comments_mark_a_synthetic_file_and_keep_the_line_numbers(catalogue):
    text = "# Synthetisch voorbeeld: geen echte DUO-gegevens\n" + WIDE.replace(";25655;", ";9;", 1)
    with pytest.raises(ImportFailed) as failed:
        load(text, catalogue)
    assert [(e.line, e.column) for e in failed.value.report.errors] == [(3, "ERKENDEOPLEIDINGCODE")]
    dataset = load("# Synthetisch voorbeeld\n" + WIDE, catalogue).dataset
    assert dataset.synthetic and dataset.rows_stored == 11


def test_gendered_cells_and_totals_are_never_added_together(catalogue):
    text = "INSTELLINGSCODE;LEERWEG;CREBO;MAN2023;VROUW2023;2023\n00GT;BBL;25655;10;20;30\n"
    load(text, catalogue)
    [row] = enrolment_totals(by=("year",))
    assert row["total"] == Total(30, 30, False)
