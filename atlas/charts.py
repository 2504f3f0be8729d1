"""The atlas's server-rendered charts (SVG in the templates): the enrolment trend and the
tile map of the 35 arbeidsmarktregio's. Geometry only; the figures come from selectors."""

import csv
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path

TILES = Path(__file__).with_name("data") / "region_tiles.csv"


@dataclass
class TrendChart:
    """A line chart of students per year, one line per series (BOL and BBL): axes with
    ticks, a legend, and a range bar wherever a suppressed cell makes a total a range."""

    width: int
    height: int
    left: int
    bottom: int
    top: int
    years: list  # [(year, x)]
    ticks: list  # [(value, y)]
    series: list  # [{"name", "css", "points", "dots": [{"x","y","y_high","total","year"}]}]


def _nice_ceiling(value: int) -> int:
    if value <= 10:
        return 10
    magnitude = 10 ** (len(str(value)) - 1)
    for step in (1, 2, 5, 10):
        if value <= step * magnitude:
            return step * magnitude
    return 10 * magnitude  # pragma: no cover


def trend_chart(rows: dict, years: list, names, width=640, height=260) -> TrendChart | None:
    """``rows``: {(series name, year): Total}; ``names``: the series in legend order."""
    if not rows:
        return None
    left, right, top, bottom = 56, 16, 16, 32
    ceiling = _nice_ceiling(max(total.high for total in rows.values()))
    plot_w, plot_h = width - left - right, height - top - bottom

    def y(value):
        return round(top + plot_h - value / ceiling * plot_h, 1)

    step = plot_w / max(len(years) - 1, 1)
    xs = {year: round(left + i * step, 1) for i, year in enumerate(years)}
    series = []
    for name in names:
        dots = [
            {"x": xs[year], "y": y(total.low), "y_high": y(total.high), "total": total,
             "year": year}
            for year in years
            if (total := rows.get((name, year))) is not None
        ]  # fmt: skip
        if dots:
            series.append({
                "name": name, "css": name.lower(), "dots": dots,
                "points": " ".join(f"{d['x']},{d['y']}" for d in dots),
            })  # fmt: skip
    ticks = [(ceiling * i // 4, y(ceiling * i // 4)) for i in range(5)]
    return TrendChart(width, height, left, top + plot_h, top, list(xs.items()), ticks, series)


@cache
def tile_positions() -> dict:
    """{region code: (column, row)}: a schematic map, north at the top, one tile a region."""
    with TILES.open(encoding="utf-8") as handle:
        rows = csv.DictReader(handle)
        return {row["code"]: (int(row["column"]), int(row["row"])) for row in rows}


@dataclass
class TileMap:
    width: int
    height: int
    tiles: list  # [{"code", "name", "x", "y", "value", "shade", "current"}]
    classes: list  # [(shade, "from – to")]: the legend
    size: int


SHADES = 5


def _classes(values: list) -> list:
    """Five classes of equal width between the lowest and the highest value."""
    low, high = min(values), max(values)
    width = (high - low) / SHADES or Decimal(1)
    return [(low + width * i, low + width * (i + 1)) for i in range(SHADES)]


def _shade(value, classes) -> int:
    for shade, (_low, high) in enumerate(classes):
        if value <= high:
            return shade
    return SHADES - 1  # pragma: no cover


def tile_map(regions, values: dict, *, current=None, size=56) -> TileMap:
    """``regions``: the Arbeidsmarktregio rows; ``values``: {code: (number, text)}. A tile
    without a value is drawn empty; every tile shows its value as text, so the map reads
    without colour, and the same figures go in a table beside it."""
    positions = tile_positions()
    numbers = [number for number, _text in values.values()]
    classes = _classes(numbers) if numbers else []
    tiles = []
    for region in regions:
        column, row = positions[region.code]
        number, text = values.get(region.code, (None, "—"))
        tiles.append({
            "code": region.code, "name": region.name, "x": column * size, "y": row * size,
            "value": text, "shade": "none" if number is None else _shade(number, classes),
            "current": region.code == current,
        })  # fmt: skip
    columns = max(c for c, _r in positions.values()) + 1
    rows = max(r for _c, r in positions.values()) + 1
    legend = [(shade, low, high) for shade, (low, high) in enumerate(classes)]
    return TileMap(columns * size, rows * size, tiles, legend, size)
