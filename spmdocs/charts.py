"""Charts for reports (matplotlib, Agg): PNG pictures drawn at the size they are printed.

Every chart is drawn for the width (and at most the height) it has on paper, so its text sizes are
true sizes and no label is smaller than :data:`MIN_FONT_PT`. Long labels are wrapped at spaces,
never cut; the aspect returned is the PNG's own pixel height / width, so the picture is never
stretched. A chart has no title of its own: the figure caption names it. A value that is missing
is written where its bar would be, with the reason when one is given (a service left out of the
index because its sasaran is 0).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import lru_cache

from spmdocs.compose.measure import text_width
from spmdocs.fmt import nilai
from spmdocs.resources import resource_path

DPI = 200
MIN_FONT_PT = 8.0
BAR_COLOR = "#1F4E79"
SECOND_COLOR = "#9DC3E6"
LINE_COLOR = "#C9A227"
LINE_PT = MIN_FONT_PT * 1.25
PT_IN = 1 / 72
MISSING = "tanpa data"


@dataclass(frozen=True)
class Chart:
    """A drawn chart: PNG bytes and their height / width."""

    png: bytes
    aspect: float


@lru_cache(maxsize=1)
def _pyplot():
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import font_manager, pyplot

    fonts = sorted(resource_path("fonts").glob("LiberationSans-*.ttf"))
    for font in fonts:
        font_manager.fontManager.addfont(str(font))
    matplotlib.rcParams.update({"font.family": "Liberation Sans", "font.size": MIN_FONT_PT,
                                "svg.hashsalt": "spmdocs", "axes.spines.top": False,
                                "axes.spines.right": False, "xtick.labelsize": MIN_FONT_PT,
                                "ytick.labelsize": MIN_FONT_PT, "axes.labelsize": MIN_FONT_PT})
    return pyplot


def _png(figure) -> Chart:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None})
    _pyplot().close(figure)
    data = buffer.getvalue()
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    return Chart(data, height / width)


def wrap(label: str, width_pt: float, size: float = MIN_FONT_PT) -> str:
    """``label`` broken at spaces into lines no wider than ``width_pt`` (a longer word stays whole)."""
    words = label.split()
    lines: list[str] = []
    for word in words:
        if lines and text_width(f"{lines[-1]} {word}", size) <= width_pt:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return "\n".join(lines)


def _label_room(labels: list[str], width_pt: float) -> tuple[list[str], float]:
    """Labels wrapped into at most 40% of the chart width, and the width they take."""
    room = width_pt * 0.4
    wrapped = [wrap(label, room) for label in labels]
    widest = max((text_width(line, MIN_FONT_PT) for label in wrapped for line in label.split("\n")),
                 default=0.0)
    return wrapped, widest


def _rows(wrapped: list[str], bars: int) -> list[float]:
    """Height in points of every category row: its label's lines or its bars, whichever is taller."""
    return [max((label.count("\n") + 1) * LINE_PT, bars * 9.0) + 4 for label in wrapped]


def horizontal_height_mm(labels: list[str], width_mm: float, bars: int = 1) -> float:
    """The natural height of a horizontal bar chart of ``labels`` drawn ``width_mm`` wide."""
    wrapped, _ = _label_room(labels, width_mm / 25.4 * 72)
    return (sum(_rows(wrapped, bars)) + _frame_pt(bars > 1)) / 72 * 25.4


def _frame_pt(legend: bool) -> float:
    """Room around the plot: x tick labels and axis label below, legend or air above."""
    return 3 * LINE_PT + (2 * LINE_PT if legend else LINE_PT)


def _value_text(value: float | None, note: str | None) -> str:
    if value is not None:
        return nilai(value)
    return note or MISSING


def _horizontal(labels: list[str], series: list[list[float | None]], names: tuple[str, ...],
                width_mm: float, max_height_mm: float | None, axis_label: str,
                thresholds: tuple[float, ...], notes: list[str | None] | None) -> Chart:
    plt = _pyplot()
    width_pt = width_mm / 25.4 * 72
    wrapped, label_width = _label_room(labels, width_pt)
    bars = len(series)
    rows = _rows(wrapped, bars)
    legend = bars > 1
    height_pt = sum(rows) + _frame_pt(legend)
    if max_height_mm is not None:
        height_pt = min(height_pt, max_height_mm / 25.4 * 72)
    figure = plt.figure(figsize=(width_pt * PT_IN, height_pt * PT_IN))
    left = (label_width + 10) / width_pt
    right = 1 - 40 / width_pt
    bottom = 3 * LINE_PT / height_pt
    top = 1 - (2 * LINE_PT if legend else LINE_PT) / height_pt
    axes = figure.add_axes((left, bottom, right - left, top - bottom))
    count = len(labels)
    positions = list(range(count))[::-1]
    height = 0.7 / bars
    notes = notes or [None] * count
    colors = (BAR_COLOR, SECOND_COLOR)
    upper = max([100.0] + [v for values in series for v in values if v is not None])
    for k, values in enumerate(series):
        offset = (bars - 1) / 2 * height - k * height
        ys = [p + offset for p in positions]
        axes.barh(ys, [v or 0.0 for v in values], height=height * 0.92, color=colors[k % 2],
                  label=names[k] if k < len(names) else None)
        for y, value, note in zip(ys, values, notes):
            if value is None and note and k:
                continue  # the first bar's note already says why the category has no bars
            style = "normal" if value is not None else "italic"
            axes.text((value or 0.0) + upper * 0.01, y, _value_text(value, note if k == 0 else None),
                      va="center", fontsize=MIN_FONT_PT, fontstyle=style)
    for bound in thresholds:
        axes.axvline(bound, color="#A6A6A6", linewidth=0.6, linestyle="--")
    axes.set_yticks(positions, wrapped)
    axes.set_ylim(-0.6, count - 0.4)
    axes.set_xlim(0, upper * 1.12)
    axes.set_xlabel(axis_label, fontsize=MIN_FONT_PT)
    axes.tick_params(axis="y", length=0)
    if legend:
        axes.legend(loc="lower left", bbox_to_anchor=(0.0, 1.0), ncol=bars, fontsize=MIN_FONT_PT,
                    frameon=False, borderaxespad=0.3)
    return _png(figure)


def bar_chart(labels: list[str], values: list[float | None], width_mm: float,
              thresholds: tuple[float, ...] = (), max_height_mm: float | None = None,
              axis_label: str = "Indeks", notes: list[str | None] | None = None) -> Chart:
    """Horizontal bars of values (an index 0-100 by default) with their figures written beside."""
    return _horizontal(labels, [values], (), width_mm, max_height_mm, axis_label, thresholds, notes)


def paired_bar_chart(labels: list[str], first: list[float | None], second: list[float | None],
                     names: tuple[str, str], width_mm: float, max_height_mm: float | None = None,
                     axis_label: str = "Capaian (%)", notes: list[str | None] | None = None) -> Chart:
    """Two horizontal bars per label (e.g. capaian penerima and mutu), a legend above the plot."""
    return _horizontal(labels, [first, second], names, width_mm, max_height_mm, axis_label, (), notes)


def trend_chart(labels: list[str], values: list[float | None], width_mm: float,
                thresholds: tuple[float, ...] = (), aspect: float = 0.45) -> Chart:
    """Columns of an index (0-100) per period joined by a trend line."""
    plt = _pyplot()
    width_pt = width_mm / 25.4 * 72
    height_pt = width_pt * aspect
    figure = plt.figure(figsize=(width_pt * PT_IN, height_pt * PT_IN))
    left, bottom = 4 * LINE_PT / width_pt, 2.5 * LINE_PT / height_pt
    axes = figure.add_axes((left, bottom, 1 - left - 10 / width_pt, 1 - bottom - LINE_PT / height_pt))
    positions = list(range(len(labels)))
    axes.bar(positions, [v if v is not None else 0.0 for v in values], color=BAR_COLOR, width=0.5)
    present = [(p, v) for p, v in zip(positions, values) if v is not None]
    if len(present) > 1:
        axes.plot([p for p, _ in present], [v for _, v in present], color=LINE_COLOR, linewidth=1.5,
                  marker="o", markersize=4)
    for position, value in zip(positions, values):
        axes.text(position, (value or 0) + 2, _value_text(value, None), ha="center", va="bottom",
                  fontsize=MIN_FONT_PT)
    for bound in thresholds:
        axes.axhline(bound, color="#A6A6A6", linewidth=0.6, linestyle="--")
    axes.set_xticks(positions, labels)
    axes.set_xlim(-0.6, len(labels) - 0.4)
    axes.set_ylim(0, 112)
    axes.set_ylabel("Indeks", fontsize=MIN_FONT_PT)
    return _png(figure)
