"""The progress chart on an agreement's page: a time axis (positions by date), a value axis
of round numbers, the baseline and target lines with their labels, a marker per report by
status, and a text alternative (the <desc> and a table). Checks of English text run with
English active, so they do not depend on the Dutch translations of the chart's strings."""

import datetime
import random
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from agreements import services
from agreements.models import Agreement, ProgressReport
from agreements.selectors import date_ticks, format_number, nice_ticks, progress_chart
from tests.fixtures_agreements import SMART

NICE_MANTISSAS = {Decimal(1), Decimal(2), Decimal("2.5"), Decimal(5)}


def agreement(**changes):
    """An unsaved agreement: the SMART fixture's, with ``changes``."""
    return Agreement(**{**SMART, **changes})


def report(end, value, status="on_track"):
    end = datetime.date.fromisoformat(end)
    return ProgressReport(
        period_start=end.replace(day=1), period_end=end, value=Decimal(value), status=status
    )


def assert_nice(ticks):
    assert 4 <= len(ticks) <= 6, ticks
    steps = {b - a for a, b in zip(ticks, ticks[1:], strict=False)}
    assert len(steps) == 1, ticks  # evenly spaced
    (step,) = steps
    assert step.scaleb(-step.adjusted()).normalize() in NICE_MANTISSAS, step
    assert all((tick / step) == (tick / step).to_integral_value() for tick in ticks), ticks


# -- The time axis ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "changes",
    [{}, {"baseline_value": None, "baseline_date": None, "deadline": None}],
    ids=["with baseline date and deadline", "reports only"],
)
def test_positions_are_proportional_to_the_dates(changes):
    """Two reports one month apart and a third eleven months later: the second gap is
    334/31 times the first, not equal to it as when the reports were spaced by index."""
    reports = [report("2026-03-01", 110), report("2026-04-01", 120), report("2027-03-01", 150)]
    chart = progress_chart(agreement(**changes), reports)
    first, second, third = (dot.x for dot in chart.dots)
    assert (third - second) / (second - first) == pytest.approx(334 / 31, rel=0.01)
    assert chart.left <= first < second < third <= chart.right


def test_baseline_point_and_deadline_lie_on_the_time_axis():
    chart = progress_chart(agreement(), [report("2026-04-30", 150)])
    # SMART: baseline on 1 January 2026, deadline 31 December 2027: the two ends of the axis
    assert chart.baseline_point == (chart.left, chart.baseline.y)
    assert chart.deadline_x == chart.right
    assert chart.dots[0].x == pytest.approx(
        chart.left + 119 / 729 * (chart.right - chart.left), abs=0.1
    )
    assert chart.points.split()[0] == f"{float(chart.left)},{chart.baseline.y}"  # line starts there


def test_date_ticks_are_a_few_month_starts():
    chart = progress_chart(agreement(), [report("2026-04-30", 150)])
    assert [day for day, _x in chart.date_ticks] == [
        datetime.date(2026, 1, 1), datetime.date(2026, 7, 1),
        datetime.date(2027, 1, 1), datetime.date(2027, 7, 1),
    ]  # fmt: skip
    xs = [x for _day, x in chart.date_ticks]
    assert xs == sorted(xs) and xs[0] == chart.left
    # ten years: yearly or sparser; a quarter: monthly
    decade = date_ticks(datetime.date(2020, 3, 15), datetime.date(2030, 3, 15))
    assert 2 <= len(decade) <= 6 and all(day.month == 1 and day.day == 1 for day in decade)
    assert date_ticks(datetime.date(2026, 1, 10), datetime.date(2026, 4, 20)) == [
        datetime.date(2026, 2, 1), datetime.date(2026, 3, 1), datetime.date(2026, 4, 1),
    ]  # fmt: skip


# -- The value axis -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("low", "high", "expected"),
    [
        ("100", "200", ["100", "120", "140", "160", "180", "200"]),
        ("-30", "12", ["-30", "-20", "-10", "0", "10", "20"]),
        ("0.01", "0.02", ["0.010", "0.012", "0.014", "0.016", "0.018", "0.020"]),
        ("200", "200", ["180", "190", "200", "210", "220"]),  # one value: a range around it
        ("0", "0", ["-1", "-0.5", "0", "0.5", "1"]),
        ("3", "97", ["0", "20", "40", "60", "80", "100"]),
    ],
)
def test_nice_ticks(low, high, expected):
    ticks = nice_ticks(Decimal(low), Decimal(high))
    assert ticks == [Decimal(value) for value in expected]
    assert_nice(ticks)


def test_nice_ticks_over_many_ranges():
    """4 to 6 round, evenly spaced ticks that cover the range, whatever its size or sign."""
    rng = random.Random(20260301)
    for _ in range(3000):
        scale = 10 ** rng.randint(-2, 7)
        low = Decimal(str(round(rng.uniform(-1, 1) * scale, 2)))
        high = low + Decimal(str(round(rng.uniform(0, 2) * scale, 2)))
        ticks = nice_ticks(low, high)
        assert_nice(ticks)
        assert ticks[0] <= low and ticks[-1] >= high


def test_value_axis_spans_reports_baseline_and_target():
    chart = progress_chart(agreement(), [report("2026-04-30", 150), report("2026-07-31", 90)])
    # 90 to 200 by 20 would be seven ticks
    assert [tick.value for tick in chart.value_ticks] == [75, 100, 125, 150, 175, 200]
    assert [tick.label for tick in chart.value_ticks] == ["75", "100", "125", "150", "175", "200"]
    ys = [tick.y for tick in chart.value_ticks]
    assert ys[0] == chart.bottom and ys[-1] == chart.top and ys == sorted(ys, reverse=True)


# -- Lines, markers and labels ------------------------------------------------------------


def test_baseline_and_target_lines_are_labelled():
    with translation.override("en"):
        chart = progress_chart(
            agreement(baseline_value=Decimal("120")), [report("2026-04-30", 150)]
        )
    assert [line.kind for line in chart.lines] == ["baseline", "target"]
    assert chart.baseline.label == "Baseline 120"
    assert chart.target.label == "Target 200"
    assert chart.target.text == "200 leerbanen"
    assert chart.target.y < chart.baseline.y  # higher on the page
    assert chart.baseline.y == chart.bottom  # the lowest value: 120 to 200 by 20


def test_labels_use_the_locale_and_coordinates_do_not():
    reports = [report("2026-04-30", "112.5"), report("2026-07-31", "-3.25", "at_risk")]
    with translation.override("nl"):
        chart = progress_chart(agreement(target_value=Decimal("150.5")), reports)
        assert format_number(Decimal("1234.50")) == "1234,5"
    assert chart.dots[0].text == "112,5 leerbanen"
    assert chart.dots[1].text == "-3,25 leerbanen"
    assert "150,5" in chart.target.label and chart.target.text == "150,5 leerbanen"
    assert all(isinstance(dot.x, float) and isinstance(dot.y, float) for dot in chart.dots)
    assert re.fullmatch(r"(-?\d+(\.\d+)?,-?\d+(\.\d+)? ?)+", chart.points)


def test_close_lines_get_labels_apart():
    """A baseline of 100 and a target of 102 drawn next to each other in a chart up to 300:
    the two labels do not overlap, and stay above the date axis."""
    chart = progress_chart(
        agreement(target_value=Decimal("102")), [report("2026-04-30", 300, "off_track")]
    )
    baseline, target = chart.lines
    assert abs(baseline.y - target.y) < 16
    assert abs(baseline.label_y - target.label_y) >= 14
    assert all(12 <= line.label_y < chart.bottom for line in chart.lines)


def test_each_status_has_its_own_marker_and_legend_entry():
    reports = [
        report("2026-03-31", 110, "on_track"),
        report("2026-06-30", 115, "at_risk"),
        report("2026-09-30", 112, "off_track"),
    ]
    with translation.override("en"):
        chart = progress_chart(agreement(), reports)
    on_track, at_risk, off_track = chart.dots
    assert on_track.marker == ""  # a circle
    assert at_risk.marker.startswith("M") and off_track.marker.startswith("M")
    assert at_risk.marker != off_track.marker
    assert f"M{at_risk.x},{round(at_risk.y - 6, 1)}" in at_risk.marker  # drawn at the point
    assert [(status, label) for status, label, _marker in chart.legend] == [
        ("on_track", "on track"), ("at_risk", "at risk"), ("off_track", "off track"),
    ]  # fmt: skip
    assert [dot.status_label for dot in chart.dots] == ["on track", "at risk", "off track"]


def test_description_tells_first_and_latest_value_target_and_status():
    reports = [report("2026-03-31", 110), report("2026-09-30", 140, "at_risk")]
    with translation.override("en"):
        chart = progress_chart(agreement(), reports)
    assert chart.description == (
        "2 reports from 31 March 2026 to 30 September 2026: from 110 leerbanen to "
        "140 leerbanen; the latest is at risk. Target: 200 leerbanen by 31 December 2027. "
        "Baseline: 100 leerbanen."
    )


# -- Edge cases ---------------------------------------------------------------------------


def test_one_report_without_dates_or_baseline():
    """No division by zero: a single date is the middle of a two-month axis."""
    alone = agreement(baseline_value=None, baseline_date=None, deadline=None)
    with translation.override("en"):
        chart = progress_chart(alone, [report("2026-04-30", 150)])
    (dot,) = chart.dots
    assert dot.x == pytest.approx((chart.left + chart.right) / 2, abs=0.1)
    # 31 March to 30 May
    assert [day for day, _x in chart.date_ticks] == [
        datetime.date(2026, 4, 1), datetime.date(2026, 5, 1),
    ]  # fmt: skip
    assert chart.points == f"{dot.x},{dot.y}"
    assert chart.baseline is None and chart.baseline_point is None and chart.deadline_x is None
    assert (
        chart.description
        == "One report, up to 30 April 2026: 150 leerbanen (on track). Target: 200 leerbanen."
    )


def test_all_values_equal_the_target():
    same = agreement(baseline_value=None, baseline_date=None)
    reports = [report("2026-03-31", 200), report("2026-06-30", 200)]
    chart = progress_chart(same, reports)
    assert_nice([tick.value for tick in chart.value_ticks])
    assert chart.top < chart.target.y < chart.bottom
    assert all(dot.y == chart.target.y for dot in chart.dots)
    assert chart.lines == [chart.target]


def test_negative_values():
    reports = [report("2026-03-31", "-12.5"), report("2026-06-30", "-40", "off_track")]
    chart = progress_chart(
        agreement(baseline_value=Decimal("-5"), target_value=Decimal("10")), reports
    )
    values = [tick.value for tick in chart.value_ticks]
    assert values[0] <= -40 and values[-1] >= 10 and Decimal(0) in values
    assert (
        chart.bottom
        >= chart.dots[1].y
        > chart.dots[0].y
        > chart.baseline.y
        > chart.target.y
        >= chart.top
    )


def test_target_below_baseline():
    decrease = agreement(
        direction="decrease", baseline_value=Decimal("300"), target_value=Decimal("100")
    )
    chart = progress_chart(
        decrease, [report("2026-06-30", 250), report("2027-06-30", 180, "at_risk")]
    )
    assert chart.baseline.y < chart.dots[0].y < chart.dots[1].y < chart.target.y  # going down
    assert chart.baseline_point == (chart.left, chart.top)
    assert chart.target.y == chart.bottom


def test_no_chart_without_reports_or_target():
    assert progress_chart(agreement(), []) is None
    assert progress_chart(agreement(target_value=None), [report("2026-04-30", 150)]) is None


# -- The page -----------------------------------------------------------------------------


@pytest.fixture
def reported(active, school_rep):
    for start, end, value, status in [
        ("2026-02-01", "2026-03-31", "112.5", "on_track"),
        ("2026-04-01", "2026-04-30", "118", "at_risk"),
        ("2026-05-01", "2027-03-31", "150", "off_track"),
    ]:
        services.report_progress(
            actor=school_rep, agreement=active, value=Decimal(value), status=status,
            period_start=datetime.date.fromisoformat(start),
            period_end=datetime.date.fromisoformat(end),
        )  # fmt: skip
    return active


def chart_markup(page):
    return re.search(r'<svg class="chart progress".*?</svg>', page, re.S).group(0)


@pytest.mark.django_db
def test_page_shows_axes_lines_and_text_alternative_in_english(client, reported, school_rep):
    client.force_login(school_rep)
    url = reverse("agreements:detail", args=[reported.pk])
    client.cookies["django_language"] = "en"  # the user chose English
    page = client.get(url).content.decode()
    svg = chart_markup(page)
    assert 'role="img" aria-labelledby="chart-title chart-desc"' in svg
    assert '<title id="chart-title">' in svg
    desc = re.search(r'<desc id="chart-desc">(.*?)</desc>', svg, re.S).group(1)
    assert desc.startswith("3 reports from 31 March 2026 to 31 March 2027: from 112.5 leerbanen")
    assert "the latest is off track" in desc and "Target: 200 leerbanen" in desc
    for text in ("Baseline 100", "Target 200", ">leerbanen</text>", ">Jan. 2026<", ">July 2027<"):
        assert text in svg, text
    assert ">100</text>" in svg and ">200</text>" in svg  # value ticks
    assert svg.count('class="mark mark-') == 3
    assert "<title>30 April 2026: 118 leerbanen, at risk</title>" in svg
    assert "Show the figures as a table" in page
    table = re.search(r'<table[^>]*data-testid="chart-table">.*?</table>', page, re.S).group(0)
    rows = re.findall(r"<tr><td>(.*?)</td><td>(.*?)</td><td>(.*?)</td></tr>", table)
    assert rows == [
        ("1 Feb. 2026 – 31 March 2026", "112.5 leerbanen", "on track"),
        ("1 April 2026 – 30 April 2026", "118 leerbanen", "at risk"),
        ("1 May 2026 – 31 March 2027", "150 leerbanen", "off track"),
    ]
    legend = re.search(r'<ul class="chart-legend".*?</ul>', page, re.S).group(0)
    assert all(status in legend for status in ("on track", "at risk", "off track"))


@pytest.mark.django_db
def test_page_in_dutch_has_decimal_commas_in_labels_only(client, reported, school_rep):
    client.force_login(school_rep)
    page = client.get(reverse("agreements:detail", args=[reported.pk])).content.decode()
    svg = chart_markup(page)
    assert ">jan 2026<" in svg and ">jul 2027<" in svg  # Django's Dutch month names
    table = re.search(r'<table[^>]*data-testid="chart-table">.*?</table>', page, re.S).group(0)
    assert "<td>112,5 leerbanen</td>" in table
    assert "<title>31 mrt 2026: 112,5 leerbanen, " in svg
    for name, value in re.findall(r'\b(x|y|cx|cy|x1|x2|y1|y2|dy)="([^"]*)"', svg):
        assert re.fullmatch(r"-?\d+(\.\d+)?", value), (name, value)
    points = re.search(r'points="([^"]*)"', svg).group(1)
    assert re.fullmatch(r"(-?\d+(\.\d+)?,-?\d+(\.\d+)? ?)+", points)
    for path in re.findall(r' d="([^"]*)"', svg):  # the markers
        assert re.fullmatch(r"M(-?\d+(\.\d+)?,-?\d+(\.\d+)?L?)+Z", path), path
    assert "style=" not in svg and "<script" not in svg
