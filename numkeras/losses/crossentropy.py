"""Cross-entropy losses: binary, categorical (one-hot) and sparse categorical (class ids).

Each function is the one decision point between the probability formula (with
Keras's clipping) and the stable logits formula: logits are used when
`from_logits=True`, or when `y_pred` came out of a sigmoid/softmax, whose
logits the engine remembers (as Keras's TensorFlow backend does). The two
agree on non-saturated inputs; the logits form stays exact where
probabilities round to 0 or 1, and its gradient is simply `p - y`.
"""
import warnings

import numpy as np

from numkeras.backend import crossentropy_ops as ce
from numkeras.backend import math_ops, nn_ops
from numkeras.losses import inputs
from numkeras.losses.loss import Loss, LossFunctionWrapper, per_sample
from numkeras.losses.regression import planned_by


def _options(axis):
    return inputs.NO_OPTIONS if axis == -1 else {"axis": axis}


def _fused_options(axis, activation_output):
    """Options of a logits kernel found behind `activation_output` (its values spare a recompute)."""
    return {"axis": axis, "probabilities": activation_output.value}


def _warn_if_probabilities(name, y_pred, activation):
    if nn_ops.logits_of(y_pred, activation) is not None:
        warnings.warn(f"{name} received from_logits=True, but y_pred was produced by a "
                      f"{activation.name} activation and so holds probabilities, not logits. "
                      "Was this intended?", UserWarning, stacklevel=4)


# --- binary ---------------------------------------------------------------------------
def _binary_plan(y_true, y_pred, dtype=None, from_logits=False, label_smoothing=0.0, axis=-1):
    y_true, y_pred = inputs.elementwise_pair("binary_crossentropy", y_true, y_pred, dtype)
    if label_smoothing:
        y_true = y_true * (1.0 - label_smoothing) + 0.5 * label_smoothing
    if from_logits:
        _warn_if_probabilities("binary_crossentropy", y_pred, nn_ops.sigmoid)
        return ce.SIGMOID_CROSSENTROPY, y_pred, y_true, _options(axis), None
    logits = nn_ops.logits_of(y_pred, nn_ops.sigmoid)
    if logits is not None:
        return ce.SIGMOID_CROSSENTROPY, logits, y_true, _fused_options(axis, y_pred), None
    return ce.BINARY_CROSSENTROPY, y_pred, y_true, _options(axis), None


@planned_by(_binary_plan)
def binary_crossentropy(y_true, y_pred, from_logits=False, label_smoothing=0.0, axis=-1):
    """Per-sample binary cross-entropy, averaged over `axis`.

    Args:
        y_true: 0/1 labels (or probabilities), shaped like `y_pred`.
        y_pred: probabilities, or logits with `from_logits=True`.
        from_logits: whether `y_pred` holds logits.
        label_smoothing: in [0, 1]; labels become `y * (1 - ls) + 0.5 * ls`.
        axis: the axis averaged over (default -1).

    Example:
    >>> values = binary_crossentropy([[0, 1], [0, 0]], [[0.6, 0.4], [0.4, 0.6]])
    >>> [round(v, 3) for v in values.numpy().tolist()]
    [0.916, 0.714]
    """
    return per_sample(_binary_plan(y_true, y_pred, None, from_logits, label_smoothing, axis))


# --- categorical --------------------------------------------------------------------------
def _categorical_pair(name, y_true, y_pred, dtype):
    y_pred = inputs.as_prediction(y_pred, dtype)
    y_true = inputs.as_target(y_true, y_pred.dtype)
    if y_true.shape != y_pred.shape:
        if inputs.looks_like_class_ids(y_true.shape, y_pred.shape):
            raise inputs.class_ids_error(name, y_true.shape, y_pred.shape)
        y_true, y_pred = inputs.align_ranks(y_true, y_pred)
        if y_true.shape != y_pred.shape:
            inputs.check_broadcastable(name, y_true.shape, y_pred.shape)
    if not y_pred.shape:
        raise ValueError(f"{name}: y_pred must have at least one axis (the classes), got a scalar.")
    if y_pred.shape[-1] == 1:
        warnings.warn(f"In loss {name}, expected y_pred.shape to be (batch_size, num_classes) with "
                      f"num_classes > 1. Received: y_pred.shape={tuple(y_pred.shape)}. Consider using "
                      "'binary_crossentropy' if you only have 2 classes.", SyntaxWarning, stacklevel=4)
    return y_true, y_pred


def _categorical_plan(y_true, y_pred, dtype=None, from_logits=False, label_smoothing=0.0, axis=-1):
    y_true, y_pred = _categorical_pair("categorical_crossentropy", y_true, y_pred, dtype)
    if label_smoothing:
        y_true = y_true * (1.0 - label_smoothing) + label_smoothing / y_true.shape[-1]
    if from_logits:
        _warn_if_probabilities("categorical_crossentropy", y_pred, nn_ops.softmax)
        return ce.SOFTMAX_CROSSENTROPY, y_pred, y_true, _options(axis), None
    if axis == -1 or axis == len(y_pred.shape) - 1:
        logits = nn_ops.logits_of(y_pred, nn_ops.softmax)
        if logits is not None:
            return ce.SOFTMAX_CROSSENTROPY, logits, y_true, _fused_options(axis, y_pred), None
    return ce.CATEGORICAL_CROSSENTROPY, y_pred, y_true, _options(axis), None


@planned_by(_categorical_plan)
def categorical_crossentropy(y_true, y_pred, from_logits=False, label_smoothing=0.0, axis=-1):
    """Per-sample `-sum(y_true * log(y_pred / sum(y_pred)), axis)` for one-hot (or soft) labels.

    Args:
        y_true: one-hot labels, shaped like `y_pred`.
        y_pred: class probabilities (renormalised and clipped to [eps, 1 - eps]),
            or logits with `from_logits=True`.
        from_logits: whether `y_pred` holds logits.
        label_smoothing: in [0, 1]; labels become `y * (1 - ls) + ls / num_classes`.
        axis: the class axis (default -1).

    Example:
    >>> values = categorical_crossentropy([[0, 1, 0], [0, 0, 1]], [[0.05, 0.95, 0], [0.1, 0.8, 0.1]])
    >>> [round(v, 4) for v in values.numpy().tolist()]
    [0.0513, 2.3026]
    """
    return per_sample(_categorical_plan(y_true, y_pred, None, from_logits, label_smoothing, axis))


# --- sparse categorical ---------------------------------------------------------------------
def class_ids(y_true):
    """Integer labels as a NumPy integer array (float ids such as 2.0 are truncated, as Keras casts)."""
    labels = inputs.value_of(y_true)
    if type(labels) is not np.ndarray:
        labels = np.asarray(labels)
    if labels.dtype.kind not in "iu":
        labels = labels.astype(np.intp)
    return labels


def sparse_labels(name, y_true, pred_shape):
    """Class ids shaped `pred_shape[:-1]`, or a ValueError saying what was passed instead."""
    labels = class_ids(y_true)
    expected = tuple(pred_shape[:-1])
    if labels.shape != expected:
        if labels.ndim == len(pred_shape) and labels.shape[-1:] == (1,):
            labels = labels.reshape(labels.shape[:-1])
        if labels.shape != expected:
            shape = class_ids(y_true).shape
            if shape == tuple(pred_shape) and pred_shape[-1] > 1:
                raise ValueError(
                    f"{name}: y_true of shape {shape} looks one-hot (it has the shape of y_pred), but "
                    f"this loss expects integer class ids of shape {expected} — use "
                    "categorical_crossentropy, or pass np.argmax(y, axis=-1).")
            raise ValueError(f"{name}: expected y_true of class ids with shape {expected} (y_pred has "
                             f"shape {tuple(pred_shape)}), got y_true of shape {shape}.")
    return labels


def _sparse_plan(y_true, y_pred, dtype=None, from_logits=False, ignore_class=None, axis=-1):
    y_pred = inputs.as_prediction(y_pred, dtype)
    if not y_pred.shape:
        raise ValueError("sparse_categorical_crossentropy: y_pred must have at least one axis (the classes).")
    last = len(y_pred.shape) - 1
    if axis != -1 and axis != last:  # move the class axis last (Keras's kernels want it there)
        order = [i for i in range(last + 1) if i != axis % (last + 1)] + [axis % (last + 1)]
        y_pred = math_ops.transpose(y_pred, tuple(order))
    labels = sparse_labels("sparse_categorical_crossentropy", y_true, y_pred.shape)
    mask = None
    if ignore_class is not None:
        mask = labels != ignore_class
        labels = np.where(mask, labels, 0)
    if from_logits:
        _warn_if_probabilities("sparse_categorical_crossentropy", y_pred, nn_ops.softmax)
        return ce.SPARSE_SOFTMAX_CROSSENTROPY, y_pred, labels, inputs.NO_OPTIONS, mask
    logits = nn_ops.logits_of(y_pred, nn_ops.softmax)
    if logits is not None:
        return ce.SPARSE_SOFTMAX_CROSSENTROPY, logits, labels, _fused_options(-1, y_pred), mask
    return ce.SPARSE_CATEGORICAL_CROSSENTROPY, y_pred, labels, inputs.NO_OPTIONS, mask


@planned_by(_sparse_plan)
def sparse_categorical_crossentropy(y_true, y_pred, from_logits=False, ignore_class=None, axis=-1):
    """Per-sample `-log(y_pred[y_true] / sum(y_pred))` for integer class ids.

    Args:
        y_true: class ids of shape `y_pred.shape[:-1]` (a trailing axis of 1 is allowed).
        y_pred: class probabilities, or logits with `from_logits=True`.
        from_logits: whether `y_pred` holds logits.
        ignore_class: a label value whose samples get loss 0 (and drop out of the mean).
        axis: the class axis (default -1).

    Example:
    >>> values = sparse_categorical_crossentropy([1, 2], [[0.05, 0.95, 0], [0.1, 0.8, 0.1]])
    >>> [round(v, 4) for v in values.numpy().tolist()]
    [0.0513, 2.3026]
    """
    return per_sample(_sparse_plan(y_true, y_pred, None, from_logits, ignore_class, axis))


# --- loss classes --------------------------------------------------------------------------------
class _SmoothedCrossentropy(LossFunctionWrapper):
    """What BinaryCrossentropy and CategoricalCrossentropy share: their arguments and config."""

    def __init__(self, fn, from_logits, label_smoothing, axis, reduction, name, dtype):
        super().__init__(fn, reduction=reduction, name=name, dtype=dtype,
                         from_logits=from_logits, label_smoothing=label_smoothing, axis=axis)
        self.from_logits = from_logits
        self.label_smoothing = label_smoothing
        self.axis = axis

    def get_config(self):
        return {**Loss.get_config(self), "from_logits": self.from_logits,
                "label_smoothing": self.label_smoothing, "axis": self.axis}


class BinaryCrossentropy(_SmoothedCrossentropy):
    """Binary cross-entropy for 0/1 labels (one sigmoid unit per label).

    Args:
        from_logits: whether `y_pred` holds logits; a sigmoid output is recognised anyway.
        label_smoothing: in [0, 1]; squeezes labels towards 0.5.
        axis: the axis averaged over (default -1).
        reduction, name, dtype: see `Loss`.

    Example:
    >>> BinaryCrossentropy()([[1], [0], [0], [1]], [[0.8], [0.3], [0.5], [0.9]]).numpy()
    np.float32(0.3445814)
    """

    def __init__(self, from_logits=False, label_smoothing=0.0, axis=-1,
                 reduction="sum_over_batch_size", name="binary_crossentropy", dtype=None):
        super().__init__(binary_crossentropy, from_logits, label_smoothing, axis, reduction, name, dtype)


class CategoricalCrossentropy(_SmoothedCrossentropy):
    """Categorical cross-entropy for one-hot labels (a softmax output).

    Args:
        from_logits: whether `y_pred` holds logits; a softmax output is recognised anyway.
        label_smoothing: in [0, 1]; labels become `y * (1 - ls) + ls / num_classes`.
        axis: the class axis (default -1).
        reduction, name, dtype: see `Loss`.

    Example:
    >>> y_true = [[0, 1, 0], [0, 0, 1], [1, 0, 0]]
    >>> y_pred = [[0.6, 0.3, 0.1], [0.3, 0.6, 0.1], [0.1, 0.7, 0.2]]
    >>> CategoricalCrossentropy()(y_true, y_pred).numpy()
    np.float32(1.936381)
    """

    def __init__(self, from_logits=False, label_smoothing=0.0, axis=-1,
                 reduction="sum_over_batch_size", name="categorical_crossentropy", dtype=None):
        super().__init__(categorical_crossentropy, from_logits, label_smoothing, axis, reduction, name, dtype)


class SparseCategoricalCrossentropy(LossFunctionWrapper):
    """Categorical cross-entropy for integer class ids.

    Args:
        from_logits: whether `y_pred` holds logits; a softmax output is recognised anyway.
        ignore_class: a label value to leave out of the loss (e.g. a "void" class).
        reduction, axis, name, dtype: see `Loss` and `sparse_categorical_crossentropy`.

    Example:
    >>> y_pred = [[0.6, 0.3, 0.1], [0.3, 0.6, 0.1], [0.1, 0.7, 0.2]]
    >>> SparseCategoricalCrossentropy()([1, 2, 0], y_pred).numpy()
    np.float32(1.936381)
    """

    def __init__(self, from_logits=False, ignore_class=None, reduction="sum_over_batch_size", axis=-1,
                 name="sparse_categorical_crossentropy", dtype=None):
        super().__init__(sparse_categorical_crossentropy, reduction=reduction, name=name, dtype=dtype,
                         from_logits=from_logits, ignore_class=ignore_class, axis=axis)
        self.from_logits = from_logits
        self.ignore_class = ignore_class
        self.axis = axis

    def get_config(self):
        return {**Loss.get_config(self), "from_logits": self.from_logits, "ignore_class": self.ignore_class}
