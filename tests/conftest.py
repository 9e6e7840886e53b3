"""Fixtures shared by the whole suite: float64 mode for gradient checks, floatx restored, and
folders of the real data files (found as tests/data_files.py says, or the test is not run)."""
import data_files
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


@pytest.fixture(scope="session")
def real_datasets(tmp_path_factory):
    """A folder laid out like Keras's datasets cache with every real Keras data file in it."""
    return data_files.link_into(tmp_path_factory.mktemp("real_datasets"), data_files.KERAS_FILES)


@pytest.fixture(scope="session")
def titanic_folder(tmp_path_factory):
    """A folder holding Kaggle's Titanic train.csv and test.csv."""
    folder = data_files.link_into(tmp_path_factory.mktemp("titanic"), data_files.TITANIC_FILES)
    return folder / "titanic"
