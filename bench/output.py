"""What every bench step hands back to ``run.py``: its result as one JSON line on stdout (the
report reads it) and a one-line summary on stderr for whoever watches the run."""

import json
import resource
import sys


def peak_rss_mb() -> float:
    """The peak resident memory of this process so far, in MB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def emit(result: dict, summary: str) -> None:
    print(json.dumps(result))
    print(f"  {summary}", file=sys.stderr)
