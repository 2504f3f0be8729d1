"""Project-wide checks: deploy settings, migrations, lint, translations."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "kansrijk_site.settings.production",
    "SECRET_KEY": "x7!k2$production-like-secret-key-for-the-deploy-check-0123456789abcdef",
    "ALLOWED_HOSTS": "kansrijk.example.org",
    "SITE_URL": "https://kansrijk.example.org",
    "DATABASE_URL": "postgres://kansrijk@127.0.0.1:5432/kansrijk",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "EMAIL_URL": "smtp://127.0.0.1:25",
}


def run(*args, env=None, cwd=ROOT):
    base = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    return subprocess.run(
        args, cwd=cwd, env={**base, **(env or {})}, capture_output=True, text=True,
        timeout=120,
    )  # fmt: skip


def test_check_deploy_is_clean_with_production_settings():
    result = run(sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING",
                 env=PRODUCTION_ENV)  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_settings_refuse_to_start_without_a_secret_key():
    env = {**PRODUCTION_ENV, "SECRET_KEY": ""}
    result = run(sys.executable, "manage.py", "check", env=env)
    assert result.returncode != 0


def test_openapi_schema_is_valid_without_warnings(tmp_path):
    result = run(sys.executable, "manage.py", "spectacular", "--validate", "--fail-on-warn",
                 "--file", str(tmp_path / "schema.yml"))  # fmt: skip
    assert result.returncode == 0, result.stderr


def test_migrations_are_complete():
    result = run(sys.executable, "manage.py", "makemigrations", "--check", "--dry-run")
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_check_and_format_are_clean():
    ruff = shutil.which("ruff", path=str(Path(sys.executable).parent))
    assert ruff, "ruff is in requirements.txt"
    lint = run(ruff, "check", ".")
    assert lint.returncode == 0, lint.stdout
    fmt = run(ruff, "format", "--check", ".")
    assert fmt.returncode == 0, fmt.stdout


def test_every_dutch_string_is_translated():
    po = ROOT / "kansrijk_site" / "locale" / "nl" / "LC_MESSAGES" / "django.po"
    if not shutil.which("msgfmt"):
        pytest.fail("msgfmt (gettext) is missing: make setup installs it")
    result = run("msgfmt", "--check", "--statistics", "-o", os.devnull, str(po))
    assert result.returncode == 0, result.stderr
    assert "untranslated" not in result.stderr and "fuzzy" not in result.stderr, result.stderr


def test_every_ui_string_is_in_the_translation_file(tmp_path):
    """makemessages on the current code finds no string the committed .po lacks."""
    if not shutil.which("xgettext"):
        pytest.fail("xgettext (gettext) is missing: make setup installs it")
    copy = tmp_path / "src"
    skip = shutil.ignore_patterns(".venv", ".git", "*.mo", "tests", "__pycache__")
    shutil.copytree(ROOT, copy, ignore=skip)
    po = copy / "kansrijk_site" / "locale" / "nl" / "LC_MESSAGES" / "django.po"
    committed = tmp_path / "committed.po"
    shutil.copy(po, committed)
    result = run(sys.executable, str(copy / "manage.py"), "makemessages", "-l", "nl",
                 "--ignore=tests", "--no-obsolete", "-v0",
                 env={"PYTHONPATH": str(copy)}, cwd=copy)  # fmt: skip
    assert result.returncode == 0, result.stderr
    # msgcmp: every msgid of the freshly extracted file must be in the committed one.
    compare = run("msgcmp", "--use-untranslated", str(committed), str(po))
    assert compare.returncode == 0, "run `make messages` and translate:\n" + compare.stderr


PRODUCT_APPS = ("core", "regions", "atlas", "agendas", "agreements", "practices", "arbitration",
                "notifications", "register", "kansrijk_site")  # fmt: skip


def test_no_product_file_is_over_800_lines():
    too_long = {
        str(path.relative_to(ROOT)): lines
        for app in PRODUCT_APPS
        for path in (ROOT / app).rglob("*.py")
        if "migrations" not in path.parts
        and (lines := path.read_text(encoding="utf-8").count("\n")) > 800
    }
    assert not too_long


def test_imports_run_down_the_layers():
    """core <- regions <- atlas <- agendas <- agreements <- arbitration; notifications on core and
    regions only, the domain apps registering into it; the public register reads agendas and
    agreements (and the shared practice, which stands on agreements) but never arbitration or
    notifications; kansrijk_site on top."""
    import ast

    below = {
        "core": set(),
        "regions": {"core"},
        "atlas": {"core", "regions", "notifications"},
        "agendas": {"core", "regions", "atlas", "notifications"},
        "agreements": {"core", "regions", "atlas", "agendas", "notifications"},
        "arbitration": {"core", "regions", "atlas", "agendas", "agreements", "notifications"},
        "practices": {"core", "regions", "atlas", "agendas", "agreements", "notifications"},
        "notifications": {"core", "regions"},
        "register": {"core", "regions", "atlas", "agendas", "agreements", "practices"},
    }
    ours = set(below) | {"kansrijk_site", "atlas", "bench"}
    wrong = []
    for app, allowed in below.items():
        for path in (ROOT / app).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    names = [node.module]
                elif isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                else:
                    continue
                for name in names:
                    top = name.split(".")[0]
                    if top in ours and top != app and top not in allowed:
                        wrong.append(f"{path.relative_to(ROOT)}:{node.lineno} imports {name}")
    assert not wrong
