"""Draws the hand-drawn-style digit images used by examples/predict_digit_image.py.

Each digit is a few thick pen strokes (PIL's ImageDraw) in black on a white 200x200 canvas,
roughly what a person draws in a paint program, with margins like MNIST's (the digit fills
about the middle two thirds). The PNGs are committed; run this again to remake them:

    python examples/digits/draw_digits.py [--out FOLDER]
"""
import argparse
import math
import os

SIZE = 200  # canvas side in pixels; strokes are given on a 100x100 grid
PEN = 15  # stroke width in pixels


def arc(cx, cy, rx, ry, start, end, steps=24):
    """Points on an ellipse from angle `start` to `end` (degrees, clockwise from 3 o'clock,
    as on screen where y grows downwards)."""
    return [(cx + rx * math.cos(math.radians(a)), cy + ry * math.sin(math.radians(a)))
            for a in (start + (end - start) * k / steps for k in range(steps + 1))]


def curve(start, control, end, steps=12):
    """Points on the quadratic Bezier curve from `start` to `end` pulled towards `control`."""
    return [tuple((1 - t) ** 2 * a + 2 * (1 - t) * t * c + t ** 2 * b
                  for a, c, b in zip(start, control, end))
            for t in (k / steps for k in range(steps + 1))]


# Each digit: a list of strokes, each a polyline on the 100x100 grid.
DIGITS = {
    0: [arc(50, 50, 19, 31, 0, 360, 40)],
    1: [[(40, 30), (53, 19), (53, 81)]],
    2: [arc(50, 36, 17, 16, 190, 375) + [(33, 81), (70, 81)]],
    3: [arc(48, 35, 17, 15, 200, 450) + arc(48, 64, 19, 17, 270, 520)],
    4: [[(60, 81), (60, 19), (28, 62), (74, 62)]],
    5: [[(68, 20), (38, 20), (35, 47)] + arc(50, 62, 19, 18, 230, 500)],
    6: [curve((63, 19), (33, 32), (34, 64)) + arc(51, 64, 17, 17, 180, 540)],
    7: [[(30, 20), (70, 20), (45, 81)]],
    8: [arc(50, 34, 14, 14, 90, 450), arc(50, 64, 18, 17, 270, 630)],
    9: [arc(50, 37, 17, 17, 0, 360, 32), [(67, 37), (61, 81)]],
}


def draw_digit(digit, size=SIZE, pen=PEN):
    """A grayscale PIL image of `digit`: black strokes with round ends on white."""
    from PIL import Image, ImageDraw

    image = Image.new("L", (size, size), 255)
    draw = ImageDraw.Draw(image)
    scale = size / 100
    for stroke in DIGITS[digit]:
        points = [(x * scale, y * scale) for x, y in stroke]
        draw.line(points, fill=0, width=pen, joint="curve")
        for x, y in (points[0], points[-1]):  # round pen tips
            r = (pen - 1) / 2
            draw.ellipse((x - r, y - r, x + r, y + r), fill=0)
    return image


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=os.path.dirname(os.path.abspath(__file__)))
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    for digit in DIGITS:
        path = os.path.join(args.out, f"digit_{digit}.png")
        draw_digit(digit).save(path, optimize=True)
        print(f"wrote {path}")


if __name__ == "__main__":
    main()
