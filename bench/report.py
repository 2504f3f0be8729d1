"""The Markdown table and the PNG chart of a bench run (bench/results/latest.json)."""

import json
import sys
from pathlib import Path

TARGETS = {"page": 4.0, "api": 3.0}
MAX_QUERIES = 12


def markdown(report) -> str:
    factors = list(report["factors"])
    low, high = factors[0], factors[-1]
    lines = [
        f"# Kansrijk bench ({report['started']}, {report['machine']['cpus']} CPUs, "
        f"{report['repeat']} requests each)",
        "",
        "| endpoint | queries " + " ".join(f"| f{f} median ms | f{f} p95 ms | f{f} floor ms "
                                          f"| f{f} ratio" for f in factors)
        + " | target | met |",
        "|---|---" + "|---:" * 4 * len(factors) + "|---|---|",
    ]  # fmt: skip
    rows = {f: report["factors"][f]["endpoints"] for f in factors}
    for i, endpoint in enumerate(rows[low]):
        counts = {rows[f][i]["queries"] for f in factors}
        queries = "/".join(str(rows[f][i]["queries"]) for f in factors)
        cells = []
        for f in factors:
            e = rows[f][i]
            cells += [
                f"{e['median_ms']:.1f}", f"{e['p95_ms']:.1f}",
                f"{e['floor']['median_ms']:.2f}", f"{e['ratio']:.1f}x",
            ]  # fmt: skip
        target = TARGETS[endpoint["kind"]]
        met = len(counts) == 1 and max(counts) <= MAX_QUERIES and rows[high][i]["ratio"] <= target
        lines.append(
            f"| {endpoint['kind']} {endpoint['name']} | {queries} | "
            + " | ".join(cells)
            + f" | ≤{target:g}x, ≤{MAX_QUERIES} q | {'yes' if met else 'NO'} |"
        )
    lines.append("")
    lines.append("| factor | seed s | agreements | progress reports | notifications "
                 "| enrolment rows | signals |")  # fmt: skip
    lines.append("|---|---:|---:|---:|---:|---:|---:|")
    for f in factors:
        data = report["factors"][f]
        rows_ = data["rows"]
        lines.append(
            f"| {f} | {data['seed_seconds']:.0f} | {rows_['agreements.Agreement']} | "
            f"{rows_['agreements.ProgressReport']} | {rows_['notifications.Notification']} | "
            f"{rows_.get('atlas.Enrolment', '')} | {rows_.get('atlas.Signal', '')} |"
        )
    lines.append("")
    lines.append("| sweep | deadlines | written | first ms | steady ms | floor ms | ratio "
                 "(first / steady) | peak MB | met (≤2x, <300 MB) |")  # fmt: skip
    lines.append("|---|---:|---:|---:|---:|---:|---:|---:|---|")
    for f in factors:
        s = report["factors"][f]["sweep"]
        met = s["ratio_first"] <= 2 and s["peak_rss_mb"] < 300
        lines.append(
            f"| f{f} | {s['deadlines']} | {s['created']} | {s['first_ms']:.0f} | "
            f"{s['steady_median_ms']:.0f} | {s['floor_median_ms']:.1f} | "
            f"{s['ratio_first']:.1f}x / {s['ratio_steady']:.1f}x | {s['peak_rss_mb']:.0f} | "
            f"{'yes' if met else 'NO'} |"
        )
    if all("signals" in report["factors"][f] for f in factors):
        lines.append("")
        lines.append("| compute_signals | enrolment rows | open signals | median ms | floor ms "
                     "| ratio | peak MB | met (≤2x, <300 MB) |")  # fmt: skip
        lines.append("|---|---:|---:|---:|---:|---:|---:|---|")
        for f in factors:
            s = report["factors"][f]["signals"]
            met = s["ratio"] <= 2 and s["peak_rss_mb"] < 300
            lines.append(
                f"| f{f} | {s['enrolments']} | {s['signals']} | {s['median_ms']:.0f} | "
                f"{s['floor_median_ms']:.1f} | {s['ratio']:.1f}x | {s['peak_rss_mb']:.0f} | "
                f"{'yes' if met else 'NO'} |"
            )
    high_data = report["factors"][high]
    if "delivery" in high_data:
        d = high_data["delivery"]
        lines += ["", f"Email delivery (f{high}): {d['delivered']} messages in "
                  f"{d['seconds']:.1f} s = **{d['per_second']:.1f} messages/s** "
                  f"({d['worker']}, local SMTP server)."]  # fmt: skip
    if "load" in high_data:
        load = high_data["load"]
        lines += [
            "",
            f"Concurrent load (f{high}): gunicorn {load['workers']} workers, "
            f"{load['clients']} clients, {load['seconds']:g} s per endpoint.",
            "",
            "| endpoint | requests | rps | p95 ms | errors | share of trivial | met (≥40%) |",
            "|---|---:|---:|---:|---:|---:|---|",
        ]
        for name, r in load["results"].items():
            share = r.get("share_of_trivial")
            lines.append(
                f"| {name} | {r['requests']} | {r['rps']:.1f} | {r['p95_ms']:.0f} | "
                f"{r['errors']} | {'' if share is None else f'{share:.0%}'} | "
                f"{'' if share is None else ('yes' if share >= 0.4 else 'NO')} |"
            )
    return "\n".join(lines) + "\n"


def chart(report, path: Path):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    factors = list(report["factors"])
    first = report["factors"][factors[0]]["endpoints"]
    names = [f"{e['kind']} {e['name']}" for e in first]
    width = 0.8 / (2 * len(factors))
    fig, ax = plt.subplots(figsize=(12, 0.45 * len(names) + 1.5))
    for j, f in enumerate(factors):
        rows = report["factors"][f]["endpoints"]
        ys = [i + (2 * j) * width for i in range(len(names))]
        ax.barh(ys, [e["median_ms"] for e in rows], height=width, label=f"endpoint, factor {f}")
        ax.barh([y + width for y in ys], [e["floor"]["median_ms"] for e in rows], height=width,
                label=f"SQL floor, factor {f}")  # fmt: skip
    ax.set_yticks([i + width * (len(factors) - 0.5) for i in range(len(names))])
    ax.set_yticklabels(names)
    ax.invert_yaxis()
    ax.set_xscale("log")
    ax.set_xlabel("median time per request (ms, log scale)")
    ax.set_title("Kansrijk: time per endpoint against its SQL floor")
    ax.legend(loc="lower right")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


if __name__ == "__main__":
    source = Path(sys.argv[1] if len(sys.argv) > 1 else "bench/results/latest.json")
    report = json.loads(source.read_text())
    print(markdown(report))
    chart(report, source.with_suffix(".png"))
