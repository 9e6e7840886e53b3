"""Checks shared by the example tests: a lab run's outcome and the figures it wrote.

(Kept out of conftest.py so that test modules import them by a name no other test folder
uses.)
"""
from pathlib import Path

import numpy as np


class LabRun:
    """The outcome of one lab run: exit code, output, figures folder and seconds taken."""

    def __init__(self, name, returncode, stdout, stderr, out, seconds):
        self.name, self.returncode, self.stdout, self.stderr = name, returncode, stdout, stderr
        self.out, self.seconds = out, seconds

    def check(self):
        assert self.returncode == 0, (
            f"{self.name} exited with {self.returncode}\n--- stdout\n{self.stdout[-3000:]}"
            f"\n--- stderr\n{self.stderr[-3000:]}")
        return self.stdout


PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def assert_png_figure(path):
    """`path` is a real PNG whose pixels are not all the same (something was drawn)."""
    import matplotlib.image

    path = Path(path)
    assert path.is_file(), f"missing figure {path}"
    assert path.read_bytes()[:8] == PNG_SIGNATURE, f"{path} is not a PNG file"
    pixels = matplotlib.image.imread(str(path))
    assert pixels.ndim == 3 and min(pixels.shape[:2]) >= 50, pixels.shape
    assert float(np.var(pixels[..., :3])) > 1e-3, f"{path} is blank"


def assert_figures(run, *names):
    """The run wrote exactly these figures (`<name>.png`), each a real, non-blank PNG."""
    for name in names:
        assert_png_figure(run.out / f"{name}.png")
    assert sorted(p.stem for p in run.out.glob("*.png")) == sorted(names)
