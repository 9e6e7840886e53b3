"""Fixtures shared by the whole suite: float64 mode for gradient checks, floatx restored."""
import pytest

from numkeras.backend import floatx, set_floatx


@pytest.fixture
def float64():
    """Runs the test with `floatx() == "float64"` (finite differences need it)."""
    previous = floatx()
    set_floatx("float64")
    yield
    set_floatx(previous)


@pytest.fixture(autouse=True)
def _floatx_restored():
    """A failing test that changed floatx must not leak float64 into the next ones."""
    previous = floatx()
    yield
    set_floatx(previous)
