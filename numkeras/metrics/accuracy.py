"""Accuracy metrics: exact, binary (thresholded), categorical, sparse categorical, top-k.

Each function returns per-sample 0/1 matches as a Tensor (Keras's function
forms); its `numpy_fn` does the same on NumPy with boolean output, which the
metric classes count directly.
"""
import numpy as np

from numkeras.backend import config
from numkeras.backend.tensor import Tensor
from numkeras.losses import inputs
from numkeras.metrics.metric import numpy_value
from numkeras.metrics.reduction import MeanMetricWrapper


def _with_numpy(numpy_fn):
    """Attaches `numpy_fn`, the NumPy form (boolean matches) that the metric classes run."""
    def attach(fn):
        fn.numpy_fn = numpy_fn
        return fn
    return attach


def _matches(numpy_fn, y_true, y_pred, **kwargs):
    values = numpy_fn(numpy_value(y_true), numpy_value(y_pred), **kwargs)
    return Tensor(values.astype(config.floatx()))


def _accuracy(y_true, y_pred):
    y_true, y_pred = inputs.align_ranks(y_true, y_pred)
    return y_true == y_pred


@_with_numpy(_accuracy)
def accuracy(y_true, y_pred):
    """1 where `y_pred` equals `y_true` exactly, else 0.

    Example:
    >>> accuracy([[1], [2], [3], [4]], [[0], [2], [3], [4]]).numpy().tolist()
    [[0.0], [1.0], [1.0], [1.0]]
    """
    return _matches(_accuracy, y_true, y_pred)


def _binary_accuracy(y_true, y_pred, threshold=0.5):
    y_true, y_pred = inputs.align_ranks(y_true, y_pred)
    return (y_pred > threshold) == y_true   # strictly greater, as Keras


@_with_numpy(_binary_accuracy)
def binary_accuracy(y_true, y_pred, threshold=0.5):
    """1 where `(y_pred > threshold)` equals the 0/1 label.

    Example:
    >>> binary_accuracy([[1], [1], [0], [0]], [[0.98], [1.0], [0.0], [0.6]]).numpy().tolist()
    [[1.0], [1.0], [1.0], [0.0]]
    """
    return _matches(_binary_accuracy, y_true, y_pred, threshold=threshold)


def _categorical_accuracy(y_true, y_pred):
    return np.argmax(y_true, axis=-1) == np.argmax(y_pred, axis=-1)


@_with_numpy(_categorical_accuracy)
def categorical_accuracy(y_true, y_pred):
    """1 where `argmax(y_pred)` is the class of the one-hot `y_true`.

    Example:
    >>> categorical_accuracy([[0, 0, 1], [0, 1, 0]], [[0.1, 0.9, 0.8], [0.05, 0.95, 0]]).numpy().tolist()
    [0.0, 1.0]
    """
    return _matches(_categorical_accuracy, y_true, y_pred)


def _sparse_categorical_accuracy(y_true, y_pred):
    if y_true.ndim == y_pred.ndim and y_true.shape[-1:] == (1,):
        y_true = y_true.reshape(y_true.shape[:-1])
    return y_true == np.argmax(y_pred, axis=-1)


@_with_numpy(_sparse_categorical_accuracy)
def sparse_categorical_accuracy(y_true, y_pred):
    """1 where `argmax(y_pred)` equals the integer label.

    Example:
    >>> sparse_categorical_accuracy([[2], [1]], [[0.1, 0.6, 0.3], [0.05, 0.95, 0]]).numpy().tolist()
    [0.0, 1.0]
    """
    return _matches(_sparse_categorical_accuracy, y_true, y_pred)


def in_top_k(labels, y_pred, k):
    """Whether each label's score is among the `k` largest (ties count in, as Keras's JAX backend)."""
    labels = np.asarray(labels)
    scores = y_pred.reshape(-1, y_pred.shape[-1])
    at_label = np.take_along_axis(scores, labels.reshape(-1, 1).astype(np.intp), axis=-1)
    at_label = np.where(np.isnan(at_label), -np.inf, at_label)   # a NaN score is not a high score
    rank = 1 + np.count_nonzero(scores > at_label, axis=-1)
    return (rank <= k).reshape(labels.shape)


def _top_k_categorical_accuracy(y_true, y_pred, k=5):
    return in_top_k(np.argmax(y_true, axis=-1), y_pred, k)


@_with_numpy(_top_k_categorical_accuracy)
def top_k_categorical_accuracy(y_true, y_pred, k=5):
    """1 where the one-hot label's class is among the `k` highest scores.

    Example:
    >>> y_true, y_pred = [[0, 0, 1], [0, 1, 0]], [[0.1, 0.9, 0.8], [0.05, 0.95, 0]]
    >>> top_k_categorical_accuracy(y_true, y_pred, k=1).numpy().tolist()
    [0.0, 1.0]
    """
    return _matches(_top_k_categorical_accuracy, y_true, y_pred, k=k)


def _sparse_top_k_categorical_accuracy(y_true, y_pred, k=5, from_sorted_ids=False):
    if from_sorted_ids:  # y_pred holds class ids, best first
        labels = y_true.reshape(-1, 1)
        found = np.any(labels == y_pred.reshape(-1, y_pred.shape[-1])[:, :k], axis=1)
        return found.reshape(y_true.shape)
    return in_top_k(y_true, y_pred, k)


@_with_numpy(_sparse_top_k_categorical_accuracy)
def sparse_top_k_categorical_accuracy(y_true, y_pred, k=5, from_sorted_ids=False):
    """1 where the integer label is among the `k` highest scores (or the first `k` sorted ids).

    Example:
    >>> sparse_top_k_categorical_accuracy([2, 1], [[0.1, 0.9, 0.8], [0.05, 0.95, 0]], k=1).numpy().tolist()
    [0.0, 1.0]
    """
    return _matches(_sparse_top_k_categorical_accuracy, y_true, y_pred, k=k, from_sorted_ids=from_sorted_ids)


class Accuracy(MeanMetricWrapper):
    """How often predictions equal labels exactly.

    Example:
    >>> m = Accuracy(); m.update_state([[1], [2], [3], [4]], [[0], [2], [3], [4]]); float(m.result())
    0.75
    """

    def __init__(self, name="accuracy", dtype=None):
        super().__init__(accuracy, name=name, dtype=dtype)

    def get_config(self):
        return {"name": self.name, "dtype": self.dtype}


class BinaryAccuracy(MeanMetricWrapper):
    """How often `(y_pred > threshold)` matches binary labels.

    Args:
        threshold: a prediction above it (strictly) counts as 1. Applied to raw
            values, so with logits outputs use 0.0.

    Example:
    >>> m = BinaryAccuracy()
    >>> m.update_state([[1], [1], [0], [0]], [[0.98], [1], [0], [0.6]]); float(m.result())
    0.75
    """

    def __init__(self, name="binary_accuracy", dtype=None, threshold=0.5):
        super().__init__(binary_accuracy, name=name, dtype=dtype, threshold=threshold)
        self.threshold = threshold

    def get_config(self):
        return {"name": self.name, "dtype": self.dtype, "threshold": self.threshold}


class CategoricalAccuracy(MeanMetricWrapper):
    """How often `argmax(y_pred)` matches one-hot labels.

    Example:
    >>> m = CategoricalAccuracy()
    >>> m.update_state([[0, 0, 1], [0, 1, 0]], [[0.1, 0.9, 0.8], [0.05, 0.95, 0]]); float(m.result())
    0.5
    """

    def __init__(self, name="categorical_accuracy", dtype=None):
        super().__init__(categorical_accuracy, name=name, dtype=dtype)

    def get_config(self):
        return {"name": self.name, "dtype": self.dtype}


class SparseCategoricalAccuracy(MeanMetricWrapper):
    """How often `argmax(y_pred)` matches integer labels.

    Example:
    >>> m = SparseCategoricalAccuracy()
    >>> m.update_state([[2], [1]], [[0.1, 0.6, 0.3], [0.05, 0.95, 0]]); float(m.result())
    0.5
    """

    def __init__(self, name="sparse_categorical_accuracy", dtype=None):
        super().__init__(sparse_categorical_accuracy, name=name, dtype=dtype)

    def get_config(self):
        return {"name": self.name, "dtype": self.dtype}


class TopKCategoricalAccuracy(MeanMetricWrapper):
    """How often the one-hot label is among the top `k` predictions.

    Example:
    >>> m = TopKCategoricalAccuracy(k=1)
    >>> m.update_state([[0, 0, 1], [0, 1, 0]], [[0.1, 0.9, 0.8], [0.05, 0.95, 0]]); float(m.result())
    0.5
    """

    def __init__(self, k=5, name="top_k_categorical_accuracy", dtype=None):
        super().__init__(top_k_categorical_accuracy, name=name, dtype=dtype, k=k)
        self.k = k

    def get_config(self):
        return {"name": self.name, "dtype": self.dtype, "k": self.k}


class SparseTopKCategoricalAccuracy(MeanMetricWrapper):
    """How often the integer label is among the top `k` predictions.

    Example:
    >>> m = SparseTopKCategoricalAccuracy(k=1)
    >>> m.update_state([2, 1], [[0.1, 0.9, 0.8], [0.05, 0.95, 0]]); float(m.result())
    0.5
    """

    def __init__(self, k=5, name="sparse_top_k_categorical_accuracy", dtype=None, from_sorted_ids=False):
        super().__init__(sparse_top_k_categorical_accuracy, name=name, dtype=dtype, k=k,
                         from_sorted_ids=from_sorted_ids)
        self.k = k
        self.from_sorted_ids = from_sorted_ids

    def get_config(self):
        config = {"name": self.name, "dtype": self.dtype, "k": self.k}
        if self.from_sorted_ids:
            config["from_sorted_ids"] = True
        return config
