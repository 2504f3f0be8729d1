"""API fuzzing: schemathesis against /api/schema/ on a live test server (PostgreSQL behind it),
through every operation, as several roles. No answer may be a 5xx, and every answer must
conform to the schema: its status code, content type and body.

`make test` runs a short, seeded run (a few examples per operation, the fuzzing phase);
`make fuzz` runs the long one (every phase, many examples, more roles) by setting
KANSRIJK_FUZZ_EXAMPLES, KANSRIJK_FUZZ_PHASES and KANSRIJK_FUZZ_USERS.
The figures go to var/reliability/fuzz.json for docs/reliability.md.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from regions.models import User
from regions.services import issue_api_token

pytestmark = pytest.mark.services

CHECKS = (
    "not_a_server_error",
    "status_code_conformance",
    "content_type_conformance",
    "response_schema_conformance",
)
SEED = int(os.environ.get("KANSRIJK_FUZZ_SEED", "20261123"))
EXAMPLES = int(os.environ.get("KANSRIJK_FUZZ_EXAMPLES", "3"))
PHASES = os.environ.get("KANSRIJK_FUZZ_PHASES", "fuzzing")
# The secretary, a school representative, an arbiter and the board; `make fuzz` adds more.
USERS = os.environ.get("KANSRIJK_FUZZ_USERS", "secretaris,school,arbiter,bestuur").split(",")
# Revoking one's own token would end the run's authentication half-way (it is tested in
# tests/regions/test_api.py).
EXCLUDED_OPERATIONS = ("v1_auth_token_destroy",)
# One worker thread: with two, hypothesis parses lambda sources in both threads at once and
# CPython 3.11's ast module can then raise "AST constructor recursion depth mismatch"
# (python/cpython#106905), a crash of the tool counted as a failure of the run.
WORKERS = os.environ.get("KANSRIJK_FUZZ_WORKERS", "1")

SCHEMATHESIS = str(Path(sys.executable).with_name("schemathesis"))
RESULTS = Path(settings.BASE_DIR) / "var" / "reliability"


def run_schemathesis(base_url, token, report):
    command = [
        SCHEMATHESIS,
        "run",
        f"{base_url}/api/schema/",
        "--header",
        f"Authorization: Token {token}",
        "--checks",
        ",".join(CHECKS),
        "--max-examples",
        str(EXAMPLES),
        "--seed",
        str(SEED),
        "--phases",
        PHASES,
        "--workers",
        WORKERS,
        "--no-shrink",
        "--request-timeout",
        "30",
        "--report",
        "json",
        "--report-json-path",
        str(report),
        "--output-truncate",
        "true",
    ]
    for operation_id in EXCLUDED_OPERATIONS:
        command += ["--exclude-operation-id", operation_id]
    return subprocess.run(command, capture_output=True, text=True, timeout=1800)


@pytest.fixture
def fuzz_server(live_server, transactional_db):
    call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    return live_server


def test_the_api_survives_fuzzing_by_every_role(fuzz_server):
    RESULTS.mkdir(parents=True, exist_ok=True)
    summary = {
        "seed": SEED,
        "examples_per_operation": EXAMPLES,
        "phases": PHASES,
        "checks": list(CHECKS),
        "users": {},
    }
    problems = []
    for username in USERS:
        token = issue_api_token(actor=User.objects.get(username=username)).key
        report = RESULTS / f"fuzz-{username}.json"
        result = run_schemathesis(fuzz_server.url, token, report)
        data = json.loads(report.read_text())
        summary["users"][username] = {
            "operations": data["operations"]["tested"],
            "test_cases": data["test_cases"]["generated"],
            "failures": data["test_cases"]["unique_failures"],
            "errors": len(data["errors"]),
            "exit_code": result.returncode,
        }
        if result.returncode != 0:
            problems.append(
                f"--- {username} ---\n{result.stdout[-20000:]}\n{result.stderr[-3000:]}"
            )
    summary["operations"] = max(u["operations"] for u in summary["users"].values())
    summary["test_cases"] = sum(u["test_cases"] for u in summary["users"].values())
    summary["failures"] = sum(u["failures"] + u["errors"] for u in summary["users"].values())
    (RESULTS / "fuzz.json").write_text(json.dumps(summary, indent=2))

    assert not problems, "\n".join(problems)
    # every operation of the schema was reached, with examples, as every user
    for username, figures in summary["users"].items():
        assert figures["operations"] >= 90, (username, figures)
        assert figures["test_cases"] >= figures["operations"], (username, figures)
