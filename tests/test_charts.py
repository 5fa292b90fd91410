"""Charts are drawn at their printed size: true aspect, 8 pt text, wrapped labels, notes for gaps."""

from __future__ import annotations

import io

from PIL import Image

from spmdocs import charts
from spmdocs.compose.measure import text_width

LABELS = ["Pelayanan kesehatan bagi penduduk terdampak krisis kesehatan akibat bencana dan/atau berpotensi "
          "bencana provinsi", "Pendidikan Menengah", "Rehabilitasi sosial dasar penyandang disabilitas telantar"]


def _pixels(chart: charts.Chart) -> tuple[int, int]:
    with Image.open(io.BytesIO(chart.png)) as image:
        return image.size


def test_the_aspect_is_the_pictures_own_so_it_is_never_stretched():
    for chart in (charts.bar_chart(LABELS, [80.0, None, 95.5], 150),
                  charts.paired_bar_chart(LABELS, [80.0, 90.0, 100.0], [70.0, None, 99.0], ("A", "B"), 200),
                  charts.trend_chart(["2023", "2024", "2025"], [70.0, 80.0, 87.1], 130)):
        width, height = _pixels(chart)
        assert chart.aspect == height / width


def test_a_chart_is_drawn_for_its_printed_width_so_its_text_keeps_its_size():
    chart = charts.bar_chart(LABELS, [80.0, 85.0, 95.5], 150)
    width, _ = _pixels(chart)
    assert abs(width / charts.DPI * 25.4 - 150) < 0.2


def test_long_labels_are_wrapped_at_spaces_never_cut():
    room = 120.0
    wrapped = charts.wrap(LABELS[0], room)
    assert wrapped.replace("\n", " ") == LABELS[0]
    assert all(text_width(line, charts.MIN_FONT_PT) <= room for line in wrapped.split("\n"))


def test_a_taller_list_of_services_asks_for_more_height():
    few = charts.horizontal_height_mm(LABELS[:1], 200, bars=2)
    many = charts.horizontal_height_mm(LABELS * 5, 200, bars=2)
    assert many > 4 * few / 2 and few > 0


def test_the_height_limit_is_kept():
    chart = charts.paired_bar_chart(LABELS * 10, [50.0] * 30, [60.0] * 30, ("A", "B"), 200, max_height_mm=120)
    width, height = _pixels(chart)
    assert height / charts.DPI * 25.4 <= 120.2
