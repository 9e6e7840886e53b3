"""Behaviour of the loaders whose files are stand-ins: IMDB and Reuters options, CIFAR layouts,
California housing versions, argument checks and the refusal of tampered pickles."""
import io
import os
import pickle
import tarfile

import dataset_standins
import numpy as np
import pytest

from numkeras.datasets import california_housing, cifar10, cifar100, imdb, reuters
from numkeras.datasets._npz import load_npz


@pytest.fixture
def imdb_standin(standin_files, use_standin):
    use_standin(imdb, "DATA_FILE", standin_files["imdb.npz"])
    return np.load(standin_files["imdb.npz"], allow_pickle=True)


@pytest.fixture
def reuters_standin(standin_files, use_standin):
    use_standin(reuters, "DATA_FILE", standin_files["reuters.npz"])
    return np.load(standin_files["reuters.npz"], allow_pickle=True)


def test_imdb_defaults_shift_indices_and_add_the_start_marker(imdb_standin):
    (x_train, y_train), (x_test, y_test) = imdb.load_data()
    assert x_train.shape == (1500,) and x_test.shape == (1200,) and x_train.dtype == object
    assert all(type(seq) is list and seq[0] == 1 for seq in x_train)
    assert type(x_train[0][1]) is int
    # Shuffled with RandomState(113): the same multiset of reviews, in a new order.
    raw = sorted(len(seq) + 1 for seq in imdb_standin["x_train"])
    assert sorted(len(seq) for seq in x_train) == raw
    assert sorted(y_train.tolist()) == sorted(imdb_standin["y_train"].tolist())
    # Raw rank r becomes r + 3, except the largest index, which Keras maps to OOV (2).
    largest = max(max(seq) for seq in imdb_standin["x_train"].tolist() + imdb_standin["x_test"].tolist()) + 3
    assert max(max(seq) for seq in x_train) < largest
    assert min(min(seq[1:]) for seq in x_train if len(seq) > 1) >= 2


def test_imdb_num_words_skip_top_and_oov(imdb_standin):
    (x_train, _), (x_test, _) = imdb.load_data(num_words=1000, skip_top=10)
    words = np.concatenate([np.array(seq) for seq in np.concatenate([x_train, x_test])])
    assert words.max() < 1000
    # Indices below skip_top, the start marker 1 included, became the OOV index 2.
    assert set(words[words < 10].tolist()) == {2}
    (x_train, _), _ = imdb.load_data(num_words=1000, oov_char=None)
    assert all(2 < w < 1000 or w == 1 for seq in x_train for w in seq)


def test_imdb_maxlen_drops_long_reviews(imdb_standin):
    (x_train, y_train), (x_test, y_test) = imdb.load_data(maxlen=50)
    assert 0 < len(x_train) < 1500 and len(x_train) == len(y_train)
    assert max(len(seq) for seq in x_train) < 50 and max(len(seq) for seq in x_test) < 50
    with pytest.raises(ValueError, match="increase maxlen"):
        imdb.load_data(maxlen=1)


def test_imdb_seed_changes_the_order_only(imdb_standin):
    (a, _), _ = imdb.load_data(seed=1)
    (b, _), _ = imdb.load_data(seed=2)
    assert sorted(map(tuple, a)) == sorted(map(tuple, b)) and list(a) != list(b)


def test_reuters_split_and_labels(reuters_standin):
    (x_train, y_train), (x_test, y_test) = reuters.load_data(num_words=10000)
    assert len(x_train) == int(1300 * 0.8) and len(x_test) == 1300 - int(1300 * 0.8)
    assert y_train.dtype == np.int64 and 0 <= y_train.min() and y_train.max() < 46
    assert max(max(seq) for seq in x_train) < 10000
    (x_train, _), (x_test, _) = reuters.load_data(test_split=0.5)
    assert len(x_train) == len(x_test) == 650


def test_reuters_label_names():
    names = reuters.get_label_names()
    assert len(names) == 46 and names[:4] == ("cocoa", "grain", "veg-oil", "earn") and names[-1] == "lead"


@pytest.mark.parametrize(
    "loader, kwargs, error, message",
    [
        (imdb.load_data, {"num_words": -1}, ValueError, "num_words >= 0, got -1"),
        (imdb.load_data, {"num_words": "10000"}, TypeError, "num_words to be an int or None"),
        (imdb.load_data, {"skip_top": 1.5}, TypeError, "skip_top to be an int"),
        (imdb.load_data, {"maxlen": True}, TypeError, "maxlen"),
        (imdb.load_data, {"index_from": -3}, ValueError, "index_from >= 0"),
        (imdb.load_data, {"nb_words": 100}, TypeError, "nb_words"),
        (reuters.load_data, {"test_split": 1.0}, ValueError, r"test_split in \[0, 1\)"),
        (reuters.load_data, {"test_split": "0.2"}, TypeError, "test_split"),
        (reuters.load_data, {"oov_char": 2.0}, TypeError, "oov_char"),
        (california_housing.load_data, {"version": "tiny"}, ValueError, "one of 'large', 'small'"),
        (california_housing.load_data, {"test_split": -0.5}, ValueError, "test_split"),
        (cifar100.load_data, {"label_mode": "medium"}, ValueError, "one of 'fine', 'coarse'"),
    ],
)
def test_bad_arguments_fail_before_any_file_is_needed(loader, kwargs, error, message):
    # The caches are empty and connections outside 127.0.0.1 are refused (conftest.py), so
    # reaching the download would raise DownloadError instead: the check came first.
    with pytest.raises(error, match=message):
        loader(**kwargs)


def test_tampered_npz_cannot_run_code(tmp_path, use_standin):
    class Exploit:
        def __reduce__(self):
            return (os.system, ("echo pwned > " + str(tmp_path / "pwned"),))

    evil = tmp_path / "imdb.npz"
    payload = np.empty(1, dtype=object)
    payload[0] = Exploit()
    np.savez(evil, x_train=payload, y_train=np.zeros(1), x_test=payload, y_test=np.zeros(1))
    use_standin(imdb, "DATA_FILE", evil)
    with pytest.raises(pickle.UnpicklingError, match="only NumPy arrays are allowed"):
        imdb.load_data()
    assert not (tmp_path / "pwned").exists()


def test_load_npz_reads_numeric_and_object_members(tmp_path):
    ragged = np.empty(2, dtype=object)
    ragged[:] = [[1, 2, 3], [4]]
    np.savez(tmp_path / "mixed.npz", ragged=ragged, numbers=np.arange(4, dtype=np.int16))
    arrays = load_npz(tmp_path / "mixed.npz")
    assert arrays["ragged"].tolist() == [[1, 2, 3], [4]]
    assert arrays["numbers"].dtype == np.int16 and arrays["numbers"].tolist() == [0, 1, 2, 3]


def test_cifar10_layout_order_and_dtypes(standin_files, use_standin, tmp_path):
    archive = standin_files["cifar-10-python.tar.gz"]
    use_standin(cifar10, "DATA_FILE", archive, archive=True)
    (x_train, y_train), (x_test, y_test) = cifar10.load_data()
    assert x_train.shape == (200, 32, 32, 3) and x_test.shape == (30, 32, 32, 3)
    assert y_train.shape == (200, 1) and y_test.shape == (30, 1)
    assert {a.dtype for a in (x_train, y_train, x_test, y_test)} == {np.dtype(np.uint8)}
    # Channels last: pixel (row 0, col 1) of image 0 has its red, green and blue values at
    # positions 1, 1024 + 1 and 2048 + 1 of the stored row; batch 2 follows batch 1.
    with tarfile.open(archive) as tar:
        batch2 = pickle.load(tar.extractfile("cifar-10-batches-py/data_batch_2"), encoding="bytes")
    row = batch2[b"data"][0]
    assert x_train[40, 0, 1].tolist() == [row[1], row[1025], row[2049]]
    assert y_train[40:50, 0].tolist() == batch2[b"labels"][:10]
    assert x_train.flags.c_contiguous


def test_cifar100_label_modes(standin_files, use_standin):
    use_standin(cifar100, "DATA_FILE", standin_files["cifar-100-python.tar.gz"], archive=True)
    (x_train, fine), (x_test, _) = cifar100.load_data()
    (_, coarse), _ = cifar100.load_data(label_mode="coarse")
    assert x_train.shape == (600, 32, 32, 3) and x_test.shape == (200, 32, 32, 3)
    assert fine.shape == coarse.shape == (600, 1) and fine.dtype == coarse.dtype == np.int64
    assert fine.max() > 20 > coarse.max()


def test_cifar_batches_are_read_without_general_unpickling(tmp_path, use_standin):
    archive = tmp_path / "evil-cifar.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        payload = dataset_standins.python2_pickle({b"data": os.system, b"fine_labels": []})
        for name in ("train", "test"):
            info = tarfile.TarInfo(f"cifar-100-python/{name}")
            info.size = len(payload)
            tar.addfile(info, io.BytesIO(payload))
    use_standin(cifar100, "DATA_FILE", archive, archive=True)
    with pytest.raises(pickle.UnpicklingError, match=r"(posix|nt)\.system"):
        cifar100.load_data()


def test_california_housing_versions(standin_files, use_standin):
    use_standin(california_housing, "DATA_FILE", standin_files["california_housing.npz"])
    (x_train, y_train), (x_test, y_test) = california_housing.load_data()
    assert x_train.shape == (800, 8) and x_test.shape == (200, 8) and y_train.shape == (800,)
    (x_small, _), (x_small_test, _) = california_housing.load_data(version="small")
    assert len(x_small) + len(x_small_test) == 600
    first_rows = np.load(standin_files["california_housing.npz"])["x"][:600]
    rows = np.concatenate([x_small, x_small_test])
    assert sorted(map(tuple, rows.tolist())) == sorted(map(tuple, first_rows.tolist()))


def test_standins_are_deterministic(tmp_path):
    first = dataset_standins.write_imdb(tmp_path / "a.npz")
    second = dataset_standins.write_imdb(tmp_path / "b.npz")
    a, b = load_npz(first), load_npz(second)
    assert all(np.array_equal(a[k], b[k]) for k in ("y_train", "y_test"))
    assert a["x_test"].tolist() == b["x_test"].tolist()
