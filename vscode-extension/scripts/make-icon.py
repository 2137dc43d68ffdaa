"""Draw the extension's icon, media/icon.png (128x128): an envelope (sendmail) with a check mark
badge (the checks). Drawn at 4x and scaled down for smooth edges. Needs Pillow; run by hand when the design changes, the PNG is committed:

    python3 scripts/make-icon.py
"""

from pathlib import Path

from PIL import Image, ImageDraw

SCALE = 4
SIZE = 128 * SCALE
OUT = Path(__file__).resolve().parent.parent / "media" / "icon.png"

NAVY = (22, 48, 82, 255)
TEAL = (28, 120, 138, 255)
PAPER = (246, 244, 236, 255)
INK = (22, 48, 82, 255)
GREEN = (64, 170, 92, 255)


def s(value: float) -> int:
    return round(value * SCALE)


def main() -> None:
    image = Image.new("RGBA", (SIZE, SIZE), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)

    # Background: a rounded square, navy at the top blending to teal at the bottom.
    gradient = Image.new("RGBA", (SIZE, SIZE))
    for y in range(SIZE):
        t = y / (SIZE - 1)
        gradient.paste(tuple(round(a + (b - a) * t) for a, b in zip(NAVY, TEAL)), (0, y, SIZE, y + 1))
    mask = Image.new("L", (SIZE, SIZE), 0)
    ImageDraw.Draw(mask).rounded_rectangle((s(4), s(4), s(124), s(124)), radius=s(24), fill=255)
    image.paste(gradient, (0, 0), mask)

    # The envelope.
    left, top, right, bottom = s(20), s(36), s(108), s(96)
    draw.rounded_rectangle((left, top, right, bottom), radius=s(6), fill=PAPER)
    # The flap: two strokes meeting in the middle, with round ends.
    middle = (s(64), s(70))
    draw.line((left + s(6), top + s(6), *middle), fill=INK, width=s(6))
    draw.line((right - s(6), top + s(6), *middle), fill=INK, width=s(6))
    draw.ellipse((left + s(2), top + s(2), left + s(12), top + s(12)), fill=INK)
    draw.ellipse((right - s(12), top + s(2), right - s(2), top + s(12)), fill=INK)

    # The check badge, bottom right, overlapping the envelope's corner.
    cx, cy, r = s(98), s(94), s(20)
    draw.ellipse((cx - r - s(3), cy - r - s(3), cx + r + s(3), cy + r + s(3)), fill=PAPER)
    draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=GREEN)
    draw.line((cx - s(10), cy + s(1), cx - s(3), cy + s(8), cx + s(11), cy - s(8)), fill=PAPER, width=s(5), joint="curve")

    image.resize((128, 128), Image.LANCZOS).save(OUT, optimize=True)
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
