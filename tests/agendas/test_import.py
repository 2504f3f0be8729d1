from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from agendas.services import ImportFailed, import_qualifications
from atlas.models import Qualification

pytestmark = pytest.mark.django_db

SAMPLE = Path(__file__).resolve().parents[2] / "agendas" / "data" / "kwalificaties-voorbeeld.csv"
HEADER = "ERKENDE OPLEIDING CODE,ERKENDE OPLEIDING NAAM,NIVEAU,SECTORKAMER NAAM\n"


def test_the_sample_file_imports_and_twice_changes_nothing(reference, capsys):
    call_command("import_qualifications", str(SAMPLE))
    assert "18 created" in capsys.readouterr().out
    before = list(Qualification.objects.values_list("pk", "crebo", "name", "level"))
    call_command("import_qualifications", str(SAMPLE))
    assert "0 created, 0 updated, 18 unchanged" in capsys.readouterr().out
    assert list(Qualification.objects.values_list("pk", "crebo", "name", "level")) == before
    luchtvaart = Qualification.objects.get(crebo="25462")
    assert luchtvaart.name == "Luchtvaartdienstverlener" and luchtvaart.sectorkamer.code == "02"
    assert str(Qualification.objects.get(crebo="25138").valid_until) == "2027-07-31"


def test_a_changed_row_is_updated(reference):
    import_qualifications(text=HEADER + "25655,Verzorgende IG,3,ZWS\n")
    report = import_qualifications(text=HEADER + "25655,Verzorgende-IG,3,03\n")
    assert (report.created, report.updated) == (0, 1)
    assert Qualification.objects.get().name == "Verzorgende-IG"


BAD_ROWS = [
    ("2565,Te kort,3,ZWS", "crebo"),
    ("256550,Te lang,3,ZWS", "crebo"),
    ("2565A,Letter,3,ZWS", "crebo"),
    ("25655,Niveau vijf,5,ZWS", "level"),
    ("25655,Niveau nul,0,ZWS", "level"),
    ("25655,Geen niveau,hoog,ZWS", "level"),
    ("25655,Onbekende kamer,3,Ruimtevaart", "Ruimtevaart"),
    ("25655,,3,ZWS", "name"),
]


@pytest.mark.parametrize("row, reason", BAD_ROWS)
def test_every_bad_row_is_reported_with_its_line_and_nothing_is_written(reference, row, reason):
    text = HEADER + "25480,Mbo-Verpleegkundige,4,ZWS\n" + row + "\n"
    with pytest.raises(ImportFailed) as failed:
        import_qualifications(text=text)
    [(line, message)] = failed.value.report.errors
    assert line == 3 and reason in message
    assert not Qualification.objects.exists()


def test_skip_invalid_writes_the_good_rows(reference):
    text = HEADER + "25480,Mbo-Verpleegkundige,4,ZWS\n2565,Fout,3,ZWS\n25655,Verzorgende-IG,3,ZWS\n"
    report = import_qualifications(text=text, skip_invalid=True)
    assert (report.created, report.skipped) == (2, 1)
    assert report.errors[0][0] == 3


def test_the_command_reports_each_bad_row(reference, tmp_path, capsys):
    path = tmp_path / "crebo.csv"
    path.write_text(HEADER + "2565,Fout,3,ZWS\n25655,Verzorgende-IG,9,ZWS\n")
    with pytest.raises(CommandError, match="2 bad row"):
        call_command("import_qualifications", str(path))
    err = capsys.readouterr().err
    assert f"{path}:2:" in err and f"{path}:3:" in err
    assert not Qualification.objects.exists()


def test_duplicate_crebo_rows_must_agree(reference):
    text = HEADER + "25655,Verzorgende-IG,3,ZWS\n25655,Verzorgende-IG,3,ZWS\n25655,Anders,3,ZWS\n"
    with pytest.raises(ImportFailed) as failed:
        import_qualifications(text=text)
    assert failed.value.report.errors[0][0] == 4


def test_missing_columns_are_reported(reference):
    with pytest.raises(ImportFailed) as failed:
        import_qualifications(text="crebo,naam\n25655,Verzorgende-IG\n")
    assert "NIVEAU" in failed.value.report.errors[0][1]


def test_semicolon_separated_duo_files_are_read(reference):
    text = (
        "ERKENDE OPLEIDING CODE;ERKENDE OPLEIDING NAAM;NIVEAU;SECTORKAMER NAAM\n"
        "25655;Verzorgende-IG;Niveau 3;Zorg, welzijn en sport\n"
    )
    assert import_qualifications(text=text).created == 1
