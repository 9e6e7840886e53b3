"""The Titanic loader on Kaggle's real train.csv and test.csv, as DataFrames and as NumPy columns."""
import math
import sys

import numpy as np
import pytest

from numkeras.datasets import titanic


@pytest.fixture
def titanic_home(titanic_folder, tmp_path, monkeypatch):
    """A numkeras home holding the real Titanic files where load_data() looks by default."""
    (tmp_path / "home" / "datasets").mkdir(parents=True)
    (tmp_path / "home" / "datasets" / "titanic").symlink_to(titanic_folder)
    monkeypatch.setenv("NUMKERAS_HOME", str(tmp_path / "home"))


def test_numpy_columns(titanic_home):
    train, test = titanic.load_data(as_frame=False)
    assert list(train) == list(titanic.TRAIN_COLUMNS) and list(test) == list(titanic.TEST_COLUMNS)
    assert len(train["PassengerId"]) == 891 and len(test["PassengerId"]) == 418
    assert train["Survived"].dtype == np.int64 and int(train["Survived"].sum()) == 342
    assert train["Age"].dtype == np.float64 and int(np.isnan(train["Age"]).sum()) == 177
    assert int(np.isnan(test["Fare"]).sum()) == 1
    assert train["Name"].dtype == object and train["Name"][0] == "Braund, Mr. Owen Harris"
    assert int((train["Embarked"] == "").sum()) == 2
    assert test["PassengerId"][[0, -1]].tolist() == [892, 1309]


def test_dataframes_agree_with_numpy_columns(titanic_home):
    import pandas as pd  # a test dependency

    train_df, test_df = titanic.load_data()
    assert isinstance(train_df, pd.DataFrame) and train_df.shape == (891, 12) and test_df.shape == (418, 11)
    columns, _ = titanic.load_data(as_frame=False)
    for name, values in columns.items():
        frame_values = train_df[name].tolist()
        if values.dtype == object:
            frame_values = ["" if isinstance(v, float) and math.isnan(v) else v for v in frame_values]
            assert frame_values == values.tolist(), name
        else:
            assert np.array_equal(np.asarray(frame_values, dtype=values.dtype), values, equal_nan=True), name


def test_missing_files_say_where_to_put_them(isolated_homes):
    with pytest.raises(FileNotFoundError) as error:
        titanic.load_data()
    message = str(error.value)
    folder = str(isolated_homes["numkeras"] / "datasets" / "titanic")
    assert folder in message and "train.csv" in message and titanic.KAGGLE_URL in message


def test_explicit_folder_and_wrong_files(tmp_path, titanic_folder):
    train, _ = titanic.load_data(path=titanic_folder, as_frame=False)
    assert len(train["Survived"]) == 891
    (tmp_path / "train.csv").write_text("a,b\n1,2\n")
    (tmp_path / "test.csv").write_text("a,b\n1,2\n")
    with pytest.raises(ValueError, match="does not look like Kaggle's Titanic file"):
        titanic.load_data(path=tmp_path, as_frame=False)
    with pytest.raises(ValueError, match="as_frame"):
        titanic.load_data(as_frame="yes")


def test_without_pandas_dicts_are_returned_and_as_frame_true_explains(titanic_home, monkeypatch):
    monkeypatch.setitem(sys.modules, "pandas", None)  # makes `import pandas` fail
    train, _ = titanic.load_data()
    assert isinstance(train, dict) and train["Pclass"].dtype == np.int64
    with pytest.raises(ImportError, match="pip install pandas"):
        titanic.load_data(as_frame=True)
