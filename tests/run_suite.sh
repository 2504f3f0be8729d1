#!/usr/bin/env bash
# The checks and the pytest suite, run by `make test` inside tests/with_services.sh.
set -uo pipefail
PY=.venv/bin/python
export DJANGO_SETTINGS_MODULE=kansrijk_site.settings.test

$PY manage.py makemigrations --check --dry-run || { echo "Migrations are missing."; exit 1; }
$PY manage.py migrate --no-input -v0 || exit 1

$PY -m pytest "$@"
rc=$?
if [ $rc -eq 5 ]; then
  echo "pytest collected no tests: that is a failure, not a pass." >&2
  exit 1
fi
exit $rc
