"""Figures for docs/reliability.md: tests record what they checked under var/reliability/,
`make reliability` runs them and renders the report (tests/render_reliability.py)."""

import json
import os
import threading
from pathlib import Path

RESULTS = Path(__file__).resolve().parent.parent / "var" / "reliability"
_lock = threading.Lock()


def record(section: str, name: str, **figures) -> None:
    """Merge ``figures`` under ``name`` into var/reliability/<section>.json."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{section}.json"
    with _lock:
        data = json.loads(path.read_text()) if path.exists() else {}
        data[name] = figures
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps(data, indent=2, default=str))
        tmp.replace(path)
