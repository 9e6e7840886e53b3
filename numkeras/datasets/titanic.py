"""Kaggle's Titanic passengers (train.csv and test.csv), for tabular classification labs.

There is no official download URL or hash (Kaggle requires an account), so the two files
must be put by hand in `$NUMKERAS_HOME/datasets/titanic/` (default
`~/.numkeras/datasets/titanic/`).
"""
import csv
import math
import os

import numpy as np

from numkeras.utils.file_utils import numkeras_home

KAGGLE_URL = "https://www.kaggle.com/c/titanic/data"
CACHE_SUBDIR = os.path.join("datasets", "titanic")
TRAIN_COLUMNS = (
    "PassengerId", "Survived", "Pclass", "Name", "Sex", "Age",
    "SibSp", "Parch", "Ticket", "Fare", "Cabin", "Embarked",
)  # fmt: skip
TEST_COLUMNS = tuple(c for c in TRAIN_COLUMNS if c != "Survived")


def load_data(path=None, as_frame=None):
    """Loads Kaggle's Titanic `train.csv` (891 passengers) and `test.csv` (418, no `Survived`).

    Args:
        path: folder holding `train.csv` and `test.csv`; None uses
            `$NUMKERAS_HOME/datasets/titanic/`.
        as_frame: True for pandas DataFrames, False for dicts of NumPy columns, None for
            DataFrames when pandas is installed and dicts otherwise.

    Returns:
        `(train, test)`. As DataFrames: pandas's own parsing (`pd.read_csv`). As dicts: one
        NumPy array per column, in file order: int64 for whole-number columns without gaps,
        float64 for numbers with gaps (missing values are NaN: Age, Fare), and object arrays of
        str for text (missing values are "": Cabin, Embarked).

    Example:
    >>> train, test = load_data(as_frame=False)  # doctest: +SKIP
    >>> train["Survived"][:5].tolist(), train["Age"].dtype  # doctest: +SKIP
    ([0, 1, 1, 1, 0], dtype('float64'))
    """
    if as_frame not in (None, True, False):
        raise ValueError(
            f"titanic.load_data() expected as_frame to be None, True or False, got {as_frame!r}."
        )
    folder = os.path.expanduser(os.fspath(path)) if path is not None else default_folder()
    files = {name: os.path.join(folder, f"{name}.csv") for name in ("train", "test")}
    missing = [p for p in files.values() if not os.path.isfile(p)]
    if missing:
        raise FileNotFoundError(
            f"Titanic data not found: missing {', '.join(missing)}. There is no official "
            f"download; get train.csv and test.csv from {KAGGLE_URL} (a free Kaggle account is "
            f"needed) and put both in {folder}."
        )
    pandas = _pandas(as_frame)
    if pandas is not None:
        frames = tuple(pandas.read_csv(files[name]) for name in ("train", "test"))
        for frame, name, expected in zip(frames, ("train", "test"), (TRAIN_COLUMNS, TEST_COLUMNS)):
            _check_columns(files[name], tuple(frame.columns), expected)
        return frames
    return read_columns(files["train"], TRAIN_COLUMNS), read_columns(files["test"], TEST_COLUMNS)


def default_folder():
    """Returns `$NUMKERAS_HOME/datasets/titanic` (where `load_data` looks by default)."""
    return os.path.join(numkeras_home(), CACHE_SUBDIR)


def read_columns(path, expected_columns):
    """Reads a CSV file into a dict of NumPy columns (see `load_data` for the dtypes).

    Args:
        path: the CSV file.
        expected_columns: the header it must have.

    Returns:
        dict of column name -> 1-D NumPy array.

    Example:
    >>> read_columns("titanic/test.csv", TEST_COLUMNS)["PassengerId"][0]  # doctest: +SKIP
    892
    """
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    header, body = tuple(rows[0]) if rows else (), rows[1:]
    _check_columns(path, header, expected_columns)
    bad = [i + 2 for i, row in enumerate(body) if len(row) != len(header)]
    if bad:
        raise ValueError(f"{path}: line {bad[0]} does not have {len(header)} fields.")
    return {name: _typed_column([row[i] for row in body]) for i, name in enumerate(header)}


def _typed_column(values):
    present = [v for v in values if v != ""]
    for parse, dtype in ((int, np.int64), (float, np.float64)):
        try:
            numbers = [parse(v) for v in present]
        except ValueError:
            continue
        if dtype is np.int64 and len(present) == len(values):
            return np.array(numbers, dtype=np.int64)
        return np.array([float(v) if v != "" else math.nan for v in values], dtype=np.float64)
    return np.array(values, dtype=object)


def _check_columns(path, found, expected):
    if tuple(found) != tuple(expected):
        raise ValueError(
            f"{path} does not look like Kaggle's Titanic file: expected the columns "
            f"{list(expected)}, found {list(found)}."
        )


def _pandas(as_frame):
    if as_frame is False:
        return None
    try:
        import pandas
    except ImportError:
        if as_frame:
            raise ImportError(
                "titanic.load_data(as_frame=True) needs pandas: pip install pandas "
                "(or pass as_frame=False for NumPy columns)."
            ) from None
        return None
    return pandas
