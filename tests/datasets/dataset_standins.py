"""Small files in the exact format of data sets that cannot be shipped or downloaded here.

imdb.npz, reuters.npz (+ its word index), california_housing.npz and the CIFAR archives
are not available offline, so tests (and tools/dataset_fingerprints.py, which runs Keras's
own loaders on the same files) build deterministic stand-ins with the same layout:

* imdb.npz: object arrays of lists of int under x_train / x_test, int64 labels under
  y_train / y_test (the names Keras's loader reads).
* reuters.npz: one object array `x` and int64 topic labels `y` (0-45).
* california_housing.npz: float32 `x` (n, 8) and `y` (n,).
* CIFAR archives: tar files holding Python-2-style pickles (byte-string keys, the image
  rows as a uint8 array, the labels as a list), as in the real archives (the unused
  `filenames` lists are left out).

Everything is drawn from `np.random.RandomState`, whose streams NumPy keeps fixed.
"""
import io
import json
import pickle
import struct
import tarfile

import numpy as np


def _object_array(lists):
    array = np.empty(len(lists), dtype=object)
    array[:] = lists
    return array


def _word_lists(rng, count, max_length, vocabulary):
    """Zipf-distributed word ranks (1 = most frequent) in lists of varied lengths."""
    lengths = rng.randint(1, max_length, size=count)
    words = np.minimum(rng.zipf(1.3, size=int(lengths.sum())), vocabulary)
    bounds = np.concatenate([[0], np.cumsum(lengths)])
    flat = words.tolist()
    return _object_array([flat[a:b] for a, b in zip(bounds[:-1], bounds[1:])])


def write_imdb(path, n_train=1500, n_test=1200, max_length=400, vocabulary=20000):
    """Writes an imdb.npz stand-in; word ranks reach `vocabulary` so num_words=10000 filters."""
    rng = np.random.RandomState(20240601)
    np.savez(
        path,
        x_train=_word_lists(rng, n_train, max_length, vocabulary),
        y_train=rng.randint(0, 2, size=n_train).astype(np.int64),
        x_test=_word_lists(rng, n_test, max_length, vocabulary),
        y_test=rng.randint(0, 2, size=n_test).astype(np.int64),
    )
    return path


def write_reuters(path, count=1300, max_length=300, vocabulary=15000):
    """Writes a reuters.npz stand-in with keys `x` and `y`."""
    rng = np.random.RandomState(20240602)
    np.savez(
        path,
        x=_word_lists(rng, count, max_length, vocabulary),
        y=rng.randint(0, 46, size=count).astype(np.int64),
    )
    return path


def write_word_index(path, vocabulary=15000):
    """Writes a word-index JSON stand-in: {"w1": 1, "w2": 2, ...}."""
    with open(path, "w") as f:
        json.dump({f"w{rank}": rank for rank in range(1, vocabulary + 1)}, f)
    return path


def write_california(path, count=1000):
    """Writes a california_housing.npz stand-in (more than 600 rows, so "small" differs)."""
    rng = np.random.RandomState(20240603)
    np.savez(
        path,
        x=rng.normal(size=(count, 8)).astype(np.float32),
        y=rng.uniform(1.5e4, 5e5, size=count).astype(np.float32),
    )
    return path


class _Python2Pickler(pickle._Pickler):
    """Writes bytes as Python 2 `str` opcodes, as the pickles in the CIFAR archives do."""

    dispatch = pickle._Pickler.dispatch.copy()

    def _save_python2_str(self, obj):
        if len(obj) < 256:
            self.write(pickle.SHORT_BINSTRING + bytes([len(obj)]) + obj)
        else:
            self.write(pickle.BINSTRING + struct.pack("<i", len(obj)) + obj)
        self.memoize(obj)

    dispatch[bytes] = _save_python2_str


def python2_pickle(obj):
    buffer = io.BytesIO()
    _Python2Pickler(buffer, protocol=2).dump(obj)
    return buffer.getvalue()


def _cifar_batch(rng, count, label_keys):
    batch = {
        b"batch_label": b"stand-in batch",
        b"data": np.frombuffer(rng.bytes(count * 3072), dtype=np.uint8).reshape(count, 3072).copy(),
    }
    for key, classes in label_keys.items():
        batch[key.encode()] = rng.randint(0, classes, size=count).tolist()
    return batch


def _write_tar(path, members, compression):
    with tarfile.open(path, f"w:{compression}" if compression else "w") as archive:
        for name, payload in members:
            info = tarfile.TarInfo(name)
            info.size = len(payload)
            info.mode = 0o644
            archive.addfile(info, io.BytesIO(payload))
    return path


def write_cifar10(path, per_batch=10000, test_count=10000, compression=None):
    """Writes a cifar-10-python.tar(.gz) stand-in: data_batch_1..5 and test_batch.

    Keras's CIFAR-10 loader assumes 10,000 images per batch, so comparing with it needs the
    default sizes (184 MB uncompressed); smaller batches suit tests of numkeras alone.
    """
    rng = np.random.RandomState(20240604)
    labels = {"labels": 10}
    members = [
        (f"cifar-10-batches-py/data_batch_{i}", python2_pickle(_cifar_batch(rng, per_batch, labels)))
        for i in range(1, 6)
    ]
    test_batch = python2_pickle(_cifar_batch(rng, test_count, labels))
    members.append(("cifar-10-batches-py/test_batch", test_batch))
    return _write_tar(path, members, compression)


def write_cifar100(path, train_count=600, test_count=200, compression="gz"):
    """Writes a cifar-100-python.tar.gz stand-in: train and test with fine and coarse labels."""
    rng = np.random.RandomState(20240605)
    labels = {"fine_labels": 100, "coarse_labels": 20}
    members = [
        ("cifar-100-python/train", python2_pickle(_cifar_batch(rng, train_count, labels))),
        ("cifar-100-python/test", python2_pickle(_cifar_batch(rng, test_count, labels))),
    ]
    return _write_tar(path, members, compression)
