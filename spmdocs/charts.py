"""Charts for reports (matplotlib, Agg): PNG bytes that both renderers embed unchanged."""

from __future__ import annotations

import io
from functools import lru_cache

from spmdocs.fmt import nilai
from spmdocs.resources import resource_path

DPI = 200
BAR_COLOR = "#1F4E79"
SECOND_COLOR = "#9DC3E6"


@lru_cache(maxsize=1)
def _pyplot():
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import font_manager, pyplot

    fonts = sorted(resource_path("fonts").glob("LiberationSans-*.ttf"))
    for font in fonts:
        font_manager.fontManager.addfont(str(font))
    family = "Liberation Sans" if fonts else "DejaVu Sans"
    matplotlib.rcParams.update({"font.family": family, "font.size": 9, "svg.hashsalt": "spmdocs",
                                "axes.spines.top": False, "axes.spines.right": False})
    return pyplot


def _png(figure) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI, bbox_inches="tight", metadata={"Software": None})
    _pyplot().close(figure)
    return buffer.getvalue()


def _size(width_mm: float, aspect: float) -> tuple[float, float]:
    width_in = width_mm / 25.4
    return width_in, width_in * aspect


def _aspect(natural: float, width_mm: float, max_height_mm: float | None) -> float:
    """The natural height/width ratio, reduced so the chart is at most ``max_height_mm`` tall."""
    return min(natural, max_height_mm / width_mm) if max_height_mm else natural


def bar_chart(labels: list[str], values: list[float | None], title: str, width_mm: float,
              thresholds: tuple[float, ...] = (), max_height_mm: float | None = None) -> tuple[bytes, float]:
    """Horizontal bars of indices (0-100) with value labels; returns (PNG bytes, aspect)."""
    plt = _pyplot()
    aspect = _aspect(min(0.25 + 0.07 * len(labels), 1.3), width_mm, max_height_mm)
    figure, axes = plt.subplots(figsize=_size(width_mm, aspect))
    shown = [v if v is not None else 0.0 for v in values]
    positions = list(range(len(labels)))[::-1]
    axes.barh(positions, shown, color=BAR_COLOR, height=0.6)
    for y, value in zip(positions, values):
        axes.text((value or 0) + 1, y, nilai(value) if value is not None else "tanpa data",
                  va="center", fontsize=8)
    for bound in thresholds:
        axes.axvline(bound, color="#A6A6A6", linewidth=0.6, linestyle="--")
    axes.set_yticks(positions, labels)
    axes.set_xlim(0, 112)
    axes.set_title(title, fontsize=10, fontweight="bold")
    axes.set_xlabel("Indeks")
    figure.tight_layout()
    return _png(figure), aspect


def paired_bar_chart(labels: list[str], first: list[float | None], second: list[float | None],
                     names: tuple[str, str], title: str, width_mm: float,
                     max_height_mm: float | None = None) -> tuple[bytes, float]:
    """Two horizontal bars per label (capaian penerima and mutu, %); returns (PNG, aspect)."""
    plt = _pyplot()
    aspect = _aspect(min(0.2 + 0.055 * len(labels), 1.35), width_mm, max_height_mm)
    figure, axes = plt.subplots(figsize=_size(width_mm, aspect))
    positions = list(range(len(labels)))[::-1]
    height = 0.38
    axes.barh([p + height / 2 for p in positions], [v or 0 for v in first], height=height,
              color=BAR_COLOR, label=names[0])
    axes.barh([p - height / 2 for p in positions], [v or 0 for v in second], height=height,
              color=SECOND_COLOR, label=names[1])
    axes.set_yticks(positions, labels, fontsize=7)
    upper = max([100.0] + [v for v in first + second if v is not None])
    axes.set_xlim(0, upper * 1.05)
    axes.axvline(100, color="#A6A6A6", linewidth=0.6, linestyle="--")
    axes.set_xlabel("Capaian (%)")
    axes.set_title(title, fontsize=10, fontweight="bold")
    axes.legend(loc="upper center", bbox_to_anchor=(0.5, -0.09), ncol=2, fontsize=7, frameon=False)
    figure.tight_layout()
    return _png(figure), aspect


LINE_COLOR = "#C9A227"


def trend_chart(labels: list[str], values: list[float | None], title: str, width_mm: float,
                thresholds: tuple[float, ...] = ()) -> tuple[bytes, float]:
    """Columns of an index (0-100) per period joined by a trend line; returns (PNG bytes, aspect)."""
    plt = _pyplot()
    aspect = 0.5
    figure, axes = plt.subplots(figsize=_size(width_mm, aspect))
    positions = list(range(len(labels)))
    axes.bar(positions, [v if v is not None else 0.0 for v in values], color=BAR_COLOR, width=0.5)
    present = [(p, v) for p, v in zip(positions, values) if v is not None]
    if len(present) > 1:
        axes.plot([p for p, _ in present], [v for _, v in present], color=LINE_COLOR, linewidth=1.5,
                  marker="o", markersize=4)
    for position, value in zip(positions, values):
        axes.text(position, (value or 0) + 2, nilai(value) if value is not None else "tanpa data",
                  ha="center", va="bottom", fontsize=8)
    for bound in thresholds:
        axes.axhline(bound, color="#A6A6A6", linewidth=0.6, linestyle="--")
    axes.set_xticks(positions, labels)
    axes.set_xlim(-0.6, len(labels) - 0.4)
    axes.set_ylim(0, 112)
    axes.set_ylabel("Indeks")
    axes.set_title(title, fontsize=10, fontweight="bold")
    figure.tight_layout()
    return _png(figure), aspect
