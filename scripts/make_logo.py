"""Draw the placeholder kop logo: a neutral shield emblem, deliberately not any daerah's official one.

Usage: ``python scripts/make_logo.py [PATH]`` (default ``templates/logo-daerah.png``).
The drawing is deterministic (same bytes every run with the same Pillow version). Replace the
file with the daerah's own lambang before producing real documents.
"""

from __future__ import annotations

import io
import math
import sys
from pathlib import Path

from PIL import Image, ImageDraw

REPO = Path(__file__).resolve().parents[1]
WIDTH, HEIGHT = 400, 480
SCALE = 4  # drawn large, then reduced, for smooth edges

NAVY = (31, 56, 100)
GOLD = (201, 162, 39)
GREEN = (46, 125, 80)
SKY = (226, 236, 246)
WHITE = (255, 255, 255)


def _shield(inset: float) -> list[tuple[float, float]]:
    """The shield outline (flat top, straight sides, pointed base), ``inset`` px inside the edge."""
    left, right, top = 20 + inset, WIDTH - 20 - inset, 20 + inset
    shoulder, tip = 290, HEIGHT - 20 - inset * 1.4
    points = [(left, top), (right, top), (right, shoulder)]
    centre = WIDTH / 2
    for step in range(1, 20):
        t = step / 20
        x = right + (centre - right) * t
        y = shoulder + (tip - shoulder) * math.sin(t * math.pi / 2)
        points.append((x, y))
    points.append((centre, tip))
    points.extend((WIDTH - x, y) for x, y in reversed(points[3:-1]))
    points.append((left, shoulder))
    return [(x * SCALE, y * SCALE) for x, y in points]


def _star(cx: float, cy: float, outer: float, inner: float) -> list[tuple[float, float]]:
    points = []
    for i in range(10):
        radius = outer if i % 2 == 0 else inner
        angle = -math.pi / 2 + i * math.pi / 5
        points.append(((cx + radius * math.cos(angle)) * SCALE, (cy + radius * math.sin(angle)) * SCALE))
    return points


def draw_logo() -> bytes:
    """The logo as PNG bytes."""
    image = Image.new("RGB", (WIDTH * SCALE, HEIGHT * SCALE), WHITE)
    draw = ImageDraw.Draw(image)
    draw.polygon(_shield(0), fill=NAVY)
    draw.polygon(_shield(14), fill=GOLD)
    draw.polygon(_shield(22), fill=SKY)

    s = SCALE
    draw.polygon(_star(200, 120, 62, 25), fill=GOLD, outline=NAVY, width=2 * s)
    for row, y in enumerate((212, 240, 268)):
        colour = GREEN if row % 2 == 0 else NAVY
        for x in range(50, 350, 50):
            draw.arc([x * s, (y - 14) * s, (x + 50) * s, (y + 14) * s], 200, 340, fill=colour, width=7 * s)
    draw.rectangle([158 * s, 330 * s, 242 * s, 392 * s], fill=GREEN)
    draw.rectangle([190 * s, 356 * s, 210 * s, 392 * s], fill=SKY)
    draw.polygon([(146 * s, 332 * s), (200 * s, 298 * s), (254 * s, 332 * s)], fill=NAVY)

    image = image.resize((WIDTH, HEIGHT), Image.LANCZOS)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=False)
    return buffer.getvalue()


def main(argv: list[str]) -> int:
    target = Path(argv[1]) if len(argv) > 1 else REPO / "templates" / "logo-daerah.png"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(draw_logo())
    print(target)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
