"""The Markdown table and the PNG chart of a bench run (bench/results/latest.json)."""

import json
import sys
from pathlib import Path

NEAR_FLOOR = 3.0  # median at the largest factor / (framework floor + SQL floor)
GROWTH = 1.3  # median at the largest factor / median at the smallest
MAX_QUERIES = 12
LOAD_SHARE = 0.25  # requests/s of a list endpoint / those of the trivial view behind login
SWEEP_RATIO, SWEEP_MEMORY_GROWTH = 2.0, 1.2
DELIVERY_SHARE = 0.5  # messages/s of one worker / those of a plain smtplib loop


def ratio(e) -> float:
    """Median over both floors (older reports have only the SQL floor)."""
    framework = e.get("framework", {}).get("median_ms", 0.0)
    return e["median_ms"] / (framework + e["floor"]["median_ms"])


def _step_table(lines, runs, step, header, align, cells):
    """A table of one bench step's figures, a row per factor, when every factor ran it."""
    if all(step in run for run in runs.values()):
        lines += ["", header, align]
        lines += [f"| f{f} | {cells(run[step])} |" for f, run in runs.items()]


def markdown(report) -> str:
    factors = list(report["factors"])
    low, high = factors[0], factors[-1]
    lines = [
        f"# Kansrijk bench ({report['started']}, {report['machine']['cpus']} CPUs, "
        f"{report['repeat']} requests each)",
        "",
        f"Targets: query counts equal at every factor and at most {MAX_QUERIES}; **growth** "
        f"(median at f{high} / median at f{low}) at most {GROWTH:g}x; **near the floor**: "
        f"median at f{high} at most {NEAR_FLOOR:g}x (framework floor + SQL floor). The "
        "framework floor is a trivial view behind login requested by the same client "
        "(session, user, middleware, second factor); the SQL floor one hand-written query "
        "for what the endpoint shows.",
        "",
        "| endpoint | queries " + " ".join(f"| f{f} median ms | f{f} p95 ms | f{f} framework ms "
                                          f"| f{f} SQL ms | f{f} ratio" for f in factors)
        + " | growth | met |",
        "|---|---" + "|---:" * 5 * len(factors) + "|---:|---|",
    ]  # fmt: skip
    rows = {f: report["factors"][f]["endpoints"] for f in factors}
    met_count = 0
    for i, endpoint in enumerate(rows[low]):
        counts = {rows[f][i]["queries"] for f in factors}
        queries = "/".join(str(rows[f][i]["queries"]) for f in factors)
        cells = []
        for f in factors:
            e = rows[f][i]
            cells += [
                f"{e['median_ms']:.1f}", f"{e['p95_ms']:.1f}",
                f"{e.get('framework', {}).get('median_ms', 0):.1f}",
                f"{e['floor']['median_ms']:.2f}", f"{ratio(e):.1f}x",
            ]  # fmt: skip
        growth = rows[high][i]["median_ms"] / endpoint["median_ms"]
        met = (
            len(counts) == 1
            and max(counts) <= MAX_QUERIES
            and ratio(rows[high][i]) <= NEAR_FLOOR
            and (len(factors) == 1 or growth <= GROWTH)
        )
        met_count += met
        lines.append(
            f"| {endpoint['kind']} {endpoint['name']} | {queries} | "
            + " | ".join(cells)
            + f" | {growth:.2f}x | {'yes' if met else 'NO'} |"
        )
    lines += ["", f"{met_count} of {len(rows[low])} endpoints meet every target."]
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
                 f"(first / steady) | peak MB | met (≤{SWEEP_RATIO:g}x, peak ≤"
                 f"{SWEEP_MEMORY_GROWTH:g}x f{low}'s) |")  # fmt: skip
    lines.append("|---|---:|---:|---:|---:|---:|---:|---:|---|")
    low_peak = report["factors"][low]["sweep"]["peak_rss_mb"]
    for f in factors:
        s = report["factors"][f]["sweep"]
        met = s["ratio_first"] <= SWEEP_RATIO and s["peak_rss_mb"] <= SWEEP_MEMORY_GROWTH * low_peak
        lines.append(
            f"| f{f} | {s['deadlines']} | {s['created']} | {s['first_ms']:.0f} | "
            f"{s['steady_median_ms']:.0f} | {s['floor_median_ms']:.1f} | "
            f"{s['ratio_first']:.1f}x / {s['ratio_steady']:.1f}x | {s['peak_rss_mb']:.0f} | "
            f"{'yes' if met else 'NO'} |"
        )
    runs = {f: report["factors"][f] for f in factors}
    _step_table(
        lines, runs, "signals",
        "| compute_signals | enrolment rows | open signals | median ms | floor ms | ratio "
        "| peak MB | met (≤2x, <300 MB) |",
        "|---|---:|---:|---:|---:|---:|---:|---|",
        lambda s: f"{s['enrolments']} | {s['signals']} | {s['median_ms']:.0f} | "
        f"{s['floor_median_ms']:.1f} | {s['ratio']:.1f}x | {s['peak_rss_mb']:.0f} | "
        f"{'yes' if s['ratio'] <= 2 and s['peak_rss_mb'] < 300 else 'NO'}",
    )  # fmt: skip
    _step_table(
        lines, runs, "import",
        "| enrolment import | lines | rows | s | rows/s | floor rows/s (csv + COPY) "
        "| share of floor | peak MB |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
        lambda i: f"{i['lines']} | {i['rows']} | {i['seconds']:.1f} | "
        f"{i['rows_per_second']:.0f} | {i['floor_rows_per_second']:.0f} | "
        f"{i['share_of_floor']:.0%} | {i['peak_rss_mb']:.0f}",
    )  # fmt: skip
    high_data = report["factors"][high]
    if "delivery" in high_data:
        d = high_data["delivery"]
        lines += ["", f"Email delivery (f{high}): {d['delivered']} messages in "
                  f"{d['seconds']:.1f} s = **{d['per_second']:.1f} messages/s** "
                  f"({d['worker']}, local SMTP server)."]  # fmt: skip
        if "floor" in d:
            share = d["share_of_floor"]
            lines[-1] += (
                f" Floor: a plain smtplib loop over one connection, "
                f"{d['floor']['per_second']:.0f} messages/s; share {share:.0%} "
                f"(target ≥{DELIVERY_SHARE:.0%}: {'met' if share >= DELIVERY_SHARE else 'NO'})."
            )
    if "load" in high_data:
        load = high_data["load"]
        lines += [
            "",
            f"Concurrent load (f{high}): gunicorn {load['workers']} workers, "
            f"{load['clients']} clients, {load['seconds']:g} s per endpoint.",
            "",
            "The floor of a list endpoint is the trivial view behind login (for the public "
            "register: without login), on the same server.",
            "",
            f"| endpoint | requests | rps | p95 ms | errors | share of floor | "
            f"met (≥{LOAD_SHARE:.0%}) |",
            "|---|---:|---:|---:|---:|---:|---|",
        ]
        for name, r in load["results"].items():
            share = r.get("share_of_trivial")
            lines.append(
                f"| {name} | {r['requests']} | {r['rps']:.1f} | {r['p95_ms']:.0f} | "
                f"{r['errors']} | {'' if share is None else f'{share:.0%}'} | "
                f"{'' if share is None else ('yes' if share >= LOAD_SHARE else 'NO')} |"
            )
    return "\n".join(lines) + "\n"


def chart(report, path: Path):
    """Per endpoint and factor: its median beside its floors (framework and SQL, stacked)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    factors = list(report["factors"])
    first = report["factors"][factors[0]]["endpoints"]
    names = [f"{e['kind']} {e['name']}" for e in first]
    width = 0.8 / (2 * len(factors))
    fig, ax = plt.subplots(figsize=(12, 0.5 * len(names) * len(factors) + 1.5))
    colours = ["tab:blue", "tab:red", "tab:purple", "tab:brown"]
    for j, f in enumerate(factors):
        rows = report["factors"][f]["endpoints"]
        ys = [i + (2 * j) * width for i in range(len(names))]
        framework = [e.get("framework", {}).get("median_ms", 0.0) for e in rows]
        sql = [e["floor"]["median_ms"] for e in rows]
        ax.barh(
            ys,
            [e["median_ms"] for e in rows],
            height=width,
            color=colours[j % len(colours)],
            label=f"endpoint, factor {f}",
        )
        floors = [y + width for y in ys]
        ax.barh(
            floors,
            framework,
            height=width,
            color="lightgrey",
            label="framework floor" if j == 0 else None,
        )
        ax.barh(
            floors,
            sql,
            left=framework,
            height=width,
            color="dimgrey",
            label="SQL floor (after the framework floor)" if j == 0 else None,
        )
    ax.set_yticks([i + width * (len(factors) - 0.5) for i in range(len(names))])
    ax.set_yticklabels(names)
    ax.invert_yaxis()
    ax.set_xscale("log")
    ax.set_xlabel("median time per request (ms, log scale)")
    ax.set_title("Kansrijk: time per endpoint at each factor against its two floors")
    ax.legend(loc="lower right")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


if __name__ == "__main__":
    source = Path(sys.argv[1] if len(sys.argv) > 1 else "bench/results/latest.json")
    report = json.loads(source.read_text())
    print(markdown(report))
    chart(report, source.with_suffix(".png"))
