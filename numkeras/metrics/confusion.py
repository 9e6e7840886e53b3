"""Confusion-matrix metrics: true/false positives/negatives, Precision and Recall.

A prediction counts as positive when it is strictly above a threshold; labels
count as positive when non-zero. Evenly spaced thresholds (AUC's) use Keras's
bucketing (one pass, then a reversed cumulative sum) instead of comparing
every prediction with every threshold; both give Keras's counts.
"""
import numpy as np

from numkeras.backend import config
from numkeras.backend.tensor import Tensor
from numkeras.losses import inputs
from numkeras.metrics.metric import Metric, numpy_value

NEG_INF = -1e10   # what top_k filtering writes over the predictions it drops, as Keras


def parse_thresholds(thresholds, default):
    """A list of thresholds in [0, 1] (`default` when None)."""
    if thresholds is None:
        return [default]
    thresholds = list(np.ravel(thresholds)) if np.ndim(thresholds) else [thresholds]
    bad = [t for t in thresholds if t is None or not 0 <= t <= 1]
    if bad:
        raise ValueError(f"Threshold values must be in [0, 1]. Received: {bad}")
    return [float(t) for t in thresholds]


def evenly_distributed(thresholds):
    """Whether `thresholds` are `i / (n - 1)` for i = 0..n-1 (n >= 3), as Keras tests it."""
    n = len(thresholds)
    if n < 3:
        return False
    even = np.arange(n, dtype=np.float32) / (n - 1)
    return bool(np.allclose(thresholds, even, atol=config.epsilon()))


def filter_top_k(x, k):
    """Keeps the `k` largest values of the last axis (the first ones among ties), the rest set to NEG_INF."""
    keep = np.zeros(x.shape, bool)
    np.put_along_axis(keep, np.argsort(-x, axis=-1, kind="stable")[..., :k], True, axis=-1)
    return np.where(keep, x, np.float32(NEG_INF)).astype(x.dtype, copy=False)


def confusion_counts(y_true, y_pred, thresholds, sample_weight=None, top_k=None, class_id=None,
                     evenly=False, multi_label=False, label_weights=None):
    """Weighted (tp, fp, tn, fn) per threshold: arrays of shape (T,), or (T, labels) if `multi_label`.

    Follows Keras's `update_confusion_matrix_variables`, including its rank rule for
    `sample_weight` (one weight per sample, broadcast over the other axes).
    """
    y_true = np.asarray(numpy_value(y_true), dtype=np.float32)
    y_pred = np.asarray(numpy_value(y_pred), dtype=np.float32)
    y_true, y_pred = inputs.align_ranks(y_true, y_pred)
    weights = None
    if sample_weight is not None:
        weights = np.asarray(numpy_value(sample_weight), dtype=np.float32)[..., None]
        if weights.ndim == y_true.ndim + 1:
            weights = weights.reshape(weights.shape[:-1])
    if top_k is not None:
        y_pred = filter_top_k(y_pred, top_k)
    if class_id is not None:
        if y_pred.ndim == 1:
            raise ValueError("When class_id is provided, y_pred must be a 2D array with shape "
                             f"(num_samples, num_classes), found shape: {y_pred.shape}")
        y_true, y_pred = y_true[..., class_id, None], y_pred[..., class_id, None]
    weights = np.ones(y_pred.shape, np.float32) if weights is None else np.broadcast_to(weights, y_pred.shape)
    if label_weights is not None:
        weights = weights * np.broadcast_to(np.asarray(label_weights, np.float32), y_pred.shape)
    positive = y_true != 0
    if not multi_label:
        y_pred, positive, weights = y_pred.reshape(-1, 1), positive.reshape(-1, 1), weights.reshape(-1, 1)
    else:
        y_pred = y_pred.reshape(-1, y_pred.shape[-1])
        positive, weights = positive.reshape(y_pred.shape), weights.reshape(y_pred.shape)
    true_weight = np.where(positive, weights, 0).astype(np.float64)
    false_weight = np.where(positive, 0, weights).astype(np.float64)
    if evenly:
        with_epsilon = thresholds[0] < 0 or thresholds[-1] > 1
        tp, fp = _bucketed(y_pred, true_weight, false_weight, len(thresholds), with_epsilon)
    elif y_pred.shape[1] == 1:
        above = y_pred[:, 0] > np.asarray(thresholds, np.float32)[:, None]     # (thresholds, samples)
        tp, fp = above @ true_weight, above @ false_weight
    else:
        above = (y_pred[None] > np.asarray(thresholds, np.float32)[:, None, None]).astype(np.float64)
        tp = np.einsum("tnl,nl->tl", above, true_weight)
        fp = np.einsum("tnl,nl->tl", above, false_weight)
    tn = false_weight.sum(axis=0) - fp
    fn = true_weight.sum(axis=0) - tp
    if not multi_label:
        tp, fp, tn, fn = tp[:, 0], fp[:, 0], tn[:, 0], fn[:, 0]
    return tp, fp, tn, fn


def _bucketed(y_pred, true_weight, false_weight, num_thresholds, with_epsilon):
    """Counts above each of `num_thresholds` evenly spaced thresholds via one bincount per label."""
    y_pred = np.clip(y_pred, 0, 1)
    # Bucket i holds predictions in (t_i, t_{i+1}]; a prediction exactly on t_i is not above it.
    bucket = np.ceil(y_pred * np.float32(num_thresholds - 1)) - 1
    if with_epsilon:
        bucket = np.maximum(bucket, 0)   # the first threshold is -eps: everything in [0, 1] is above it
    bucket = bucket.astype(np.intp)
    labels = y_pred.shape[1]
    index = bucket * labels + np.arange(labels)
    keep = bucket >= 0
    size = num_thresholds * labels
    tp = np.bincount(index[keep], true_weight[keep], size).reshape(num_thresholds, labels)
    fp = np.bincount(index[keep], false_weight[keep], size).reshape(num_thresholds, labels)
    # Above t_i = in bucket i or any later one: a reversed cumulative sum.
    return np.cumsum(tp[::-1], axis=0)[::-1], np.cumsum(fp[::-1], axis=0)[::-1]


def divide_no_nan(a, b):
    return np.divide(a, b, out=np.zeros(np.shape(a)), where=np.asarray(b) != 0)


class _ConfusionMetric(Metric):
    """State: the counts named in `_state_names`, one per threshold."""

    _counts = ()   # which of (tp, fp, tn, fn) each state entry takes

    def __init__(self, thresholds=None, top_k=None, class_id=None, name=None, dtype=None):
        super().__init__(name=name, dtype=dtype)
        self.init_thresholds = thresholds
        self.top_k = top_k
        self.class_id = class_id
        self.thresholds = parse_thresholds(thresholds, 0.5 if top_k is None else NEG_INF)
        self._evenly = evenly_distributed(self.thresholds)
        self.reset_state()

    def update_state(self, y_true, y_pred, sample_weight=None):
        counts = confusion_counts(y_true, y_pred, self.thresholds, sample_weight=sample_weight,
                                  top_k=self.top_k, class_id=self.class_id, evenly=self._evenly)
        for state, which in zip(self._state_names, self._counts):
            getattr(self, "_" + state).__iadd__(counts[which])

    def reset_state(self):
        super().reset_state()
        for state in self._state_names:
            setattr(self, "_" + state, np.zeros(len(self.thresholds)))

    def _result(self, values):
        values = np.asarray(values, self._dtype)
        return self._scalar(values[0]) if len(self.thresholds) == 1 else Tensor(values)

    def get_config(self):
        return {**super().get_config(), "thresholds": self.init_thresholds, "top_k": self.top_k,
                "class_id": self.class_id}


class _Count(_ConfusionMetric):
    def __init__(self, thresholds=None, name=None, dtype=None):
        super().__init__(thresholds=thresholds, name=name, dtype=dtype)

    def result(self):
        return self._result(getattr(self, "_" + self._state_names[0]))

    def get_config(self):
        return {**Metric.get_config(self), "thresholds": self.init_thresholds}


class TruePositives(_Count):
    """Weighted count of positive labels predicted above the threshold(s).

    Example:
    >>> m = TruePositives(); m.update_state([0, 1, 1, 1], [1, 0, 1, 1]); float(m.result())
    2.0
    """

    _state_names, _counts = ("accumulator",), (0,)


class FalsePositives(_Count):
    """Weighted count of negative labels predicted above the threshold(s).

    Example:
    >>> m = FalsePositives(); m.update_state([0, 1, 0, 0], [0, 0, 1, 1]); float(m.result())
    2.0
    """

    _state_names, _counts = ("accumulator",), (1,)


class TrueNegatives(_Count):
    """Weighted count of negative labels predicted at or below the threshold(s).

    Example:
    >>> m = TrueNegatives(); m.update_state([0, 1, 0, 0], [1, 1, 0, 0]); float(m.result())
    2.0
    """

    _state_names, _counts = ("accumulator",), (2,)


class FalseNegatives(_Count):
    """Weighted count of positive labels predicted at or below the threshold(s).

    Example:
    >>> m = FalseNegatives(); m.update_state([0, 1, 1, 1], [0, 1, 0, 0]); float(m.result())
    2.0
    """

    _state_names, _counts = ("accumulator",), (3,)


class Precision(_ConfusionMetric):
    """`tp / (tp + fp)`: the share of predicted positives that are positive.

    Args:
        thresholds: a float or list in [0, 1]; prediction > threshold counts as
            positive (default 0.5, or every top-k prediction with `top_k`).
        top_k: only the `k` highest predictions of each sample count as positive.
        class_id: only this column of multi-class outputs is scored.

    Example:
    >>> m = Precision(); m.update_state([0, 1, 1, 1], [1, 0, 1, 1]); round(float(m.result()), 4)
    0.6667
    """

    _state_names, _counts = ("true_positives", "false_positives"), (0, 1)

    def result(self):
        tp = self._true_positives
        return self._result(divide_no_nan(tp, tp + self._false_positives))


class Recall(_ConfusionMetric):
    """`tp / (tp + fn)`: the share of positives predicted positive.

    Args:
        thresholds, top_k, class_id: as for `Precision`.

    Example:
    >>> m = Recall(); m.update_state([0, 1, 1, 1], [1, 0, 1, 1]); round(float(m.result()), 4)
    0.6667
    """

    _state_names, _counts = ("true_positives", "false_negatives"), (0, 3)

    def result(self):
        tp = self._true_positives
        return self._result(divide_no_nan(tp, tp + self._false_negatives))
