"""Fingerprints of loader results, shared by the golden tests and tools/dataset_fingerprints.py.

A fingerprint is "shape|dtype|sha256". For numeric arrays the hash covers the raw bytes in
C order. For object arrays (IMDB, Reuters) it covers the `repr` of every element, one per
line, so a list of Python ints, a list of NumPy ints and a tuple all hash differently.
"""
import hashlib

import numpy as np

# (case name, numkeras/keras dataset module, keyword arguments). Stand-in files are used for
# imdb, reuters, california_housing and cifar (see dataset_standins.py); the rest are real.
CASES = (
    ("mnist", "mnist", {}),
    ("fashion_mnist", "fashion_mnist", {}),
    ("boston_housing", "boston_housing", {}),
    ("boston_housing-split0.1-seed7", "boston_housing", {"test_split": 0.1, "seed": 7}),
    ("imdb", "imdb", {}),
    ("imdb-num_words1000", "imdb", {"num_words": 1000}),
    ("imdb-num_words10000", "imdb", {"num_words": 10000}),
    ("imdb-maxlen100-skip_top20-num_words5000", "imdb", {"maxlen": 100, "skip_top": 20, "num_words": 5000}),
    ("imdb-no_start-no_oov-index_from0", "imdb", {"start_char": None, "oov_char": None, "index_from": 0}),
    ("imdb-seed1-skip_top5-oov_none", "imdb", {"seed": 1, "skip_top": 5, "oov_char": None, "num_words": 3000}),
    ("reuters", "reuters", {}),
    ("reuters-num_words10000", "reuters", {"num_words": 10000}),
    ("reuters-maxlen50-split0.3-seed5-oov_none", "reuters", {"maxlen": 50, "test_split": 0.3, "seed": 5, "oov_char": None}),
    ("reuters-no_start-index_from0-split0", "reuters", {"start_char": None, "index_from": 0, "test_split": 0.0}),
    ("reuters-maxlen200-split0", "reuters", {"maxlen": 200, "test_split": 0.0}),
    ("california_housing", "california_housing", {}),
    ("california_housing-small-split0.25-seed3", "california_housing", {"version": "small", "test_split": 0.25, "seed": 3}),
    ("cifar10", "cifar10", {}),
    ("cifar100", "cifar100", {}),
    ("cifar100-coarse", "cifar100", {"label_mode": "coarse"}),
)  # fmt: skip


def fingerprint(array):
    """Returns "shape|dtype|sha256" of an array (see the module docstring)."""
    array = np.asarray(array)
    if array.dtype == object:
        text = "\n".join(repr(item) for item in array.ravel())
        payload = text.encode("utf-8")
    else:
        payload = np.ascontiguousarray(array).tobytes()
    shape = "x".join(str(n) for n in array.shape)
    return f"{shape}|{array.dtype.str}|{hashlib.sha256(payload).hexdigest()}"


def fingerprint_result(result):
    """Fingerprints `(x_train, y_train), (x_test, y_test)` as a tuple of four strings."""
    (x_train, y_train), (x_test, y_test) = result
    return tuple(fingerprint(a) for a in (x_train, y_train, x_test, y_test))


def fingerprint_word_index(word_index):
    """sha256 of a word index's items in sorted order, with its size."""
    text = "\n".join(f"{word}\t{rank}" for word, rank in sorted(word_index.items()))
    return f"{len(word_index)}|{hashlib.sha256(text.encode('utf-8')).hexdigest()}"
