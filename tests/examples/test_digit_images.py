"""The drawn digit images shipped with the examples, and how the digit lab reads them."""
import sys
from pathlib import Path

import numpy as np
import pytest

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
sys.path.insert(0, str(EXAMPLES))

from PIL import Image  # noqa: E402

DIGIT_FILES = [EXAMPLES / "digits" / f"digit_{d}.png" for d in range(10)]


@pytest.mark.parametrize("path", DIGIT_FILES, ids=lambda p: p.name)
def test_shipped_digits_look_like_drawings(path):
    image = np.asarray(Image.open(path).convert("L"), dtype=float) / 255
    assert image.shape == (200, 200)
    ink = image < 0.5
    assert 0.03 < ink.mean() < 0.25  # pen strokes, not an empty or filled canvas
    rows, cols = np.nonzero(ink)
    # Margins like MNIST's: the digit keeps clear of the edges and sits near the middle.
    assert rows.min() > 20 and rows.max() < 180 and cols.min() > 20 and cols.max() < 180
    assert abs(cols.mean() - 100) < 25 and abs(rows.mean() - 100) < 25


def test_the_drawing_script_draws_the_shipped_digits():
    from digits.draw_digits import DIGITS, draw_digit

    assert sorted(DIGITS) == list(range(10))
    for digit, path in enumerate(DIGIT_FILES):
        drawn = np.asarray(draw_digit(digit), dtype=float)
        shipped = np.asarray(Image.open(path).convert("L"), dtype=float)
        # The same strokes; anti-aliasing may differ by a pixel between Pillow versions.
        assert np.mean(np.abs(drawn - shipped) > 128) < 0.01, path.name


def test_read_image_does_the_notes_preprocessing():
    from predict_digit_image import read_image, true_label

    image = read_image(DIGIT_FILES[7])
    assert image.shape == (1, 784) and image.dtype == np.float32
    assert 0.0 <= image.min() and image.max() <= 1.0
    square = image.reshape(28, 28)
    assert square[0].max() < 0.05 and square[:, 0].max() < 0.05  # white paper became 0
    assert square.max() > 0.6  # black ink became close to 1
    assert true_label(DIGIT_FILES[7]) == 7 and true_label("drawing.png") is None
