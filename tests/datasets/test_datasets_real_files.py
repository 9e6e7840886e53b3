"""Loaders on the real files of the real data files: MNIST, Fashion-MNIST, Boston housing and
the IMDB word index. Each big file is loaded once per session (see conftest.py)."""
import gzip
import hashlib
import subprocess
import sys
import time

import numpy as np
import pytest
from dataset_test_helpers import files_in, moved_to

from numkeras.datasets import boston_housing, imdb, mnist
from numkeras.utils.file_utils import DownloadError, FileHashMismatchError


def test_the_tests_look_for_the_files_the_loaders_verify():
    # the tests' table of real files (tests/data_files.py) and the loaders must name the same
    # files with the same hashes, or a test would run on a file the loader refuses
    from data_files import REAL_FILES

    from numkeras.datasets import fashion_mnist

    remotes = [mnist.DATA_FILE, boston_housing.DATA_FILE, *fashion_mnist.DATA_FILES.values()]
    for remote in remotes:
        name = remote.cache_subdir.replace("datasets", "", 1).strip("/") + "/" + remote.fname
        sha256, url = REAL_FILES[name.lstrip("/")]
        assert remote.file_hash == sha256 and remote.origin == url + remote.fname, name
    assert imdb.WORD_INDEX_FILE.origin == REAL_FILES["imdb_word_index.json"][1] + "imdb_word_index.json"


def test_real_files_match_their_published_hashes(real_datasets):
    from data_files import KERAS_FILES, REAL_FILES

    for name in KERAS_FILES:
        assert hashlib.sha256((real_datasets / name).read_bytes()).hexdigest() == REAL_FILES[name][0]
    word_index = (real_datasets / "imdb_word_index.json").read_bytes()
    assert hashlib.md5(word_index).hexdigest() == imdb.WORD_INDEX_FILE.file_hash  # Keras's md5


def test_mnist_arrays(mnist_result, real_datasets):
    ((x_train, y_train), (x_test, y_test)), seconds = mnist_result
    assert x_train.shape == (60000, 28, 28) and x_test.shape == (10000, 28, 28)
    assert y_train.shape == (60000,) and y_test.shape == (10000,)
    assert {a.dtype for a in (x_train, y_train, x_test, y_test)} == {np.dtype(np.uint8)}
    assert y_train[:10].tolist() == [5, 0, 4, 1, 9, 2, 1, 3, 1, 4]
    assert y_test[:10].tolist() == [7, 2, 1, 0, 4, 1, 4, 9, 5, 9]
    assert x_train.max() == 255 and x_train.min() == 0
    with np.load(real_datasets / "mnist.npz") as raw:
        assert np.array_equal(raw["x_test"], x_test)
    print(f"mnist.load_data(): {seconds:.2f} s")


def test_fashion_mnist_arrays(fashion_result, real_datasets):
    ((x_train, y_train), (x_test, y_test)), seconds = fashion_result
    assert x_train.shape == (60000, 28, 28) and x_test.shape == (10000, 28, 28)
    assert y_train.shape == (60000,) and y_test.shape == (10000,)
    assert {a.dtype for a in (x_train, y_train, x_test, y_test)} == {np.dtype(np.uint8)}
    assert np.bincount(y_train).tolist() == [6000] * 10
    raw = gzip.decompress((real_datasets / "fashion-mnist" / "t10k-images-idx3-ubyte.gz").read_bytes())
    assert x_test.tobytes() == raw[16:]
    # Unlike Keras's read-only np.frombuffer arrays, these can be modified in place.
    assert x_train.flags.writeable
    print(f"fashion_mnist.load_data(): {seconds:.2f} s")


def test_boston_housing_split(real_data_home, monkeypatch, real_datasets):
    monkeypatch.setenv("NUMKERAS_HOME", str(real_data_home))
    (x_train, y_train), (x_test, y_test) = boston_housing.load_data()
    assert x_train.shape == (404, 13) and x_test.shape == (102, 13)
    assert y_train.shape == (404,) and y_test.shape == (102,)
    assert x_train.dtype == y_train.dtype == np.float64
    assert y_train[:3].tolist() == [15.2, 42.3, 50.0]
    # The split is a permutation of the file's rows.
    with np.load(real_datasets / "boston_housing.npz") as raw:
        assert sorted(raw["y"].tolist()) == sorted(np.concatenate([y_train, y_test]).tolist())
    (x_train, _), (x_test, _) = boston_housing.load_data(test_split=0.5, seed=1)
    assert len(x_train) == 253 and len(x_test) == 253


@pytest.mark.parametrize("test_split", [-0.1, 1.0, 1.5])
def test_boston_housing_rejects_a_bad_split_before_reading(test_split):
    with pytest.raises(ValueError, match=r"test_split in \[0, 1\)"):
        boston_housing.load_data(test_split=test_split)


def test_imdb_word_index(real_data_home, monkeypatch):
    monkeypatch.setenv("NUMKERAS_HOME", str(real_data_home))
    word_index = imdb.get_word_index()
    assert len(word_index) == 88584
    assert word_index["the"] == 1 and word_index["and"] == 2
    assert sorted(word_index.values()) == list(range(1, 88585))


def test_loading_from_a_local_path(real_datasets, isolated_homes, tmp_path):
    (x_train, _), _ = mnist.load_data(path=str(real_datasets / "mnist.npz"))
    assert x_train.shape == (60000, 28, 28)
    wrong = tmp_path / "copy" / "mnist.npz"
    wrong.parent.mkdir()
    wrong.write_bytes((real_datasets / "boston_housing.npz").read_bytes())
    with pytest.raises(FileHashMismatchError, match="not the expected mnist.npz"):
        mnist.load_data(path=str(wrong))
    with pytest.raises(FileNotFoundError, match="No file at"):
        mnist.load_data(path=str(tmp_path / "nowhere" / "mnist.npz"))
    assert files_in(isolated_homes["numkeras"]) == []


def test_keras_cache_is_used_without_downloading(
    real_datasets, isolated_homes, monkeypatch, closed_port_url
):
    keras_datasets = isolated_homes["keras"] / "datasets"
    keras_datasets.mkdir(parents=True)
    (keras_datasets / "mnist.npz").symlink_to(real_datasets / "mnist.npz")
    # Point the origin at a closed port: any download attempt would fail.
    monkeypatch.setattr(mnist, "DATA_FILE", moved_to(mnist.DATA_FILE, closed_port_url))
    (_, y_train), _ = mnist.load_data()
    assert y_train[:3].tolist() == [5, 0, 4]
    assert files_in(isolated_homes["numkeras"] / "datasets") == []


def test_keras_cache_subfolders_are_searched_too(
    real_datasets, isolated_homes, monkeypatch, closed_port_url
):
    from numkeras.datasets import fashion_mnist

    (isolated_homes["keras"] / "datasets" / "fashion-mnist").mkdir(parents=True)
    for remote in fashion_mnist.DATA_FILES.values():
        (isolated_homes["keras"] / remote.cache_subdir / remote.fname).symlink_to(
            real_datasets / "fashion-mnist" / remote.fname
        )
    offline = {k: moved_to(r, closed_port_url) for k, r in fashion_mnist.DATA_FILES.items()}
    monkeypatch.setattr(fashion_mnist, "DATA_FILES", offline)
    (_, y_train), (x_test, _) = fashion_mnist.load_data()
    assert y_train.shape == (60000,) and x_test.shape == (10000, 28, 28)
    assert files_in(isolated_homes["numkeras"]) == []


def test_offline_load_data_fails_fast_with_file_url_and_folder(
    isolated_homes, monkeypatch, closed_port_url
):
    remote = mnist.DATA_FILE
    url = f"{closed_port_url}/mnist.npz"
    monkeypatch.setattr(mnist, "DATA_FILE", moved_to(remote, closed_port_url))
    started = time.perf_counter()
    with pytest.raises(DownloadError) as error:
        mnist.load_data()
    assert time.perf_counter() - started < 2
    message = str(error.value)
    assert "'mnist.npz'" in message and url in message
    assert str(isolated_homes["numkeras"] / "datasets") in message
    assert remote.file_hash in message
    assert str(isolated_homes["keras"] / "datasets" / "mnist.npz") in message  # the other place looked at


def test_canonical_origins_and_hashes_are_keras_ones():
    from numkeras.datasets import california_housing, cifar10, cifar100, fashion_mnist, reuters

    base = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/"
    assert mnist.DATA_FILE.origin == base + "mnist.npz"
    assert imdb.DATA_FILE.file_hash == "69664113be75683a8fe16e3ed0ab59fda8886cb3cd7ada244f7d9544e4676b9f"
    assert imdb.WORD_INDEX_FILE.file_hash == "bfafd718b763782e994055a2d397834f"
    assert reuters.DATA_FILE.file_hash == "d6586e694ee56d7a4e65172e12b3e987c03096cb01eab99753921ef915959916"
    assert reuters.WORD_INDEX_FILE.file_hash == "4d44cc38712099c9e383dc6e5f11a921"
    assert california_housing.DATA_FILE.origin == base + "california_housing.npz"
    assert cifar10.DATA_FILE.origin == "https://www.cs.toronto.edu/~kriz/cifar-10-python.tar.gz"
    assert cifar100.DATA_FILE.fname == "cifar-100-python-target"
    assert {r.cache_subdir for r in fashion_mnist.DATA_FILES.values()} == {"datasets/fashion-mnist"}


def test_importing_numkeras_datasets_loads_no_data_set_module():
    code = (
        "import sys, numkeras; before = set(sys.modules); "
        "import numkeras.datasets as d, numkeras.utils.file_utils; "
        "new = set(sys.modules) - before; "
        "print(sorted(m for m in new if m.startswith('numkeras.datasets.')), "
        "sorted(new & {'urllib.request', 'http.client', 'tarfile', 'numkeras.datasets.mnist'}), "
        "d.mnist.__name__)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    # Submodules and download/archive modules load on first use, not on import.
    assert out.strip() == "[] [] numkeras.datasets.mnist"
