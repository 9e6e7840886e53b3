"""From `(y_true, y_pred)` to arrays a loss kernel takes, and the errors when they do not fit.

Only cheap checks run per call (types, dtypes, shapes); value checks (class ids
in range, one-hot rows) belong to `validate_targets`, run once per fit.
"""
import math

import numpy as np

from numkeras.backend import config, math_ops
from numkeras.backend.tensor import Tensor, unbroadcast

NO_OPTIONS = {}


def as_prediction(y_pred, dtype=None):
    """`y_pred` as a Tensor or ndarray of `dtype` (None: a Tensor keeps its dtype, others get floatx).

    A Tensor of another dtype is cast with a recorded op, so gradients still flow.
    """
    if isinstance(y_pred, Tensor):
        if dtype is None or y_pred.value.dtype == dtype:
            return y_pred
        return math_ops.cast(y_pred, dtype)
    if dtype is None:
        dtype = config.floatx()
    if type(y_pred) is np.ndarray and y_pred.dtype == dtype:
        return y_pred
    return np.asarray(y_pred, dtype=dtype)


def as_target(y_true, dtype):
    """`y_true` as an ndarray of `dtype`; a Tensor that carries a gradient stays a Tensor."""
    if isinstance(y_true, Tensor):
        if y_true.node is None and not y_true.requires_grad:
            y_true = y_true.value
        elif y_true.value.dtype == dtype:
            return y_true
        else:
            return math_ops.cast(y_true, dtype)
    if type(y_true) is np.ndarray and y_true.dtype == dtype:
        return y_true
    return np.asarray(y_true, dtype=dtype)


def value_of(x):
    """The NumPy value of a Tensor (or the array itself)."""
    return x.value if isinstance(x, Tensor) else x


def reshape(x, shape):
    """Reshapes an array, or a Tensor with a recorded op."""
    return math_ops.reshape(x, shape) if isinstance(x, Tensor) else x.reshape(shape)


def align_ranks(y_true, y_pred):
    """Keras's `squeeze_or_expand_to_same_rank`: ranks differing by one trailing 1 are made equal.

    `(n,)` labels meet `(n, 1)` predictions as `(n, 1)`; `(n, 1)` labels meet
    `(n,)` predictions by expanding the prediction (a recorded op), as Keras does.
    """
    t_shape, p_shape = y_true.shape, y_pred.shape
    t_rank, p_rank = len(t_shape), len(p_shape)
    if t_rank == p_rank + 1 and t_shape[-1] == 1:
        if p_rank == 1:
            y_pred = reshape(y_pred, p_shape + (1,))
        else:
            y_true = reshape(y_true, t_shape[:-1])
    elif p_rank == t_rank + 1 and p_shape[-1] == 1:
        if t_rank == 1:
            y_true = reshape(y_true, t_shape + (1,))
        else:
            y_pred = reshape(y_pred, p_shape[:-1])
    return y_true, y_pred


def looks_like_class_ids(t_shape, p_shape):
    """Whether labels of `t_shape` look like one class id per sample for outputs of `p_shape`."""
    return (len(p_shape) >= 1 and p_shape[-1] > 1
            and tuple(t_shape) in (tuple(p_shape[:-1]), tuple(p_shape[:-1]) + (1,)))


def class_ids_error(name, t_shape, p_shape):
    return ValueError(
        f"{name}: labels look like class indices of shape {tuple(t_shape)} but the loss is {name} "
        f"(y_pred has shape {tuple(p_shape)}, one column per class) — use "
        f"sparse_categorical_crossentropy or keras.utils.to_categorical(y, {p_shape[-1]}).")


def shape_error(name, t_shape, p_shape):
    hint = ""
    if looks_like_class_ids(t_shape, p_shape):
        hint = (f" The labels look like class indices: with {p_shape[-1]} output units use "
                "sparse_categorical_crossentropy, or one-hot encode y with keras.utils.to_categorical.")
    return ValueError(
        f"{name}: expected y_true of shape {tuple(p_shape)} (the shape of y_pred; a trailing axis "
        f"of size 1 may differ), got y_true of shape {tuple(t_shape)}.{hint}")


def elementwise_pair(name, y_true, y_pred, dtype):
    """Converts and aligns `(y_true, y_pred)` for a loss comparing them element by element."""
    y_pred = as_prediction(y_pred, dtype)
    y_true = as_target(y_true, y_pred.dtype)
    if y_true.shape != y_pred.shape:
        y_true, y_pred = align_ranks(y_true, y_pred)
        if y_true.shape != y_pred.shape:
            check_broadcastable(name, y_true.shape, y_pred.shape)
    if not y_pred.shape:
        raise ValueError(f"{name}: y_pred must have at least one axis (samples), got a scalar.")
    return y_true, y_pred


def check_broadcastable(name, t_shape, p_shape):
    """Allows labels that broadcast to y_pred with the same rank (e.g. (1, k)); refuses the rest."""
    if len(t_shape) == len(p_shape) or not t_shape:
        try:
            if np.broadcast_shapes(t_shape, p_shape) == tuple(p_shape):
                return
        except ValueError:
            pass
    raise shape_error(name, t_shape, p_shape)


def per_sample_shape(pred_shape, axis):
    """The per-sample loss shape: `pred_shape` without the reduced `axis`."""
    axis = axis % len(pred_shape)
    return tuple(pred_shape[:axis]) + tuple(pred_shape[axis + 1:])


def align_weights(name, sample_weight, values_shape, dtype):
    """`sample_weight` shaped like the per-sample loss, and how many values the reduction averages.

    Keras's rank rule first (a trailing 1 squeezed or added); weights of the
    leading axes only (one per sample for a sequence loss) are spread over the
    rest; weights that broadcast the loss to a bigger shape (Keras multiplies
    first, then reduces) are summed back to the loss's shape, the count growing
    accordingly.
    """
    w = np.asarray(value_of(sample_weight), dtype=dtype)
    if w.shape == values_shape:   # one weight per sample, the usual case
        return w, math.prod(values_shape)
    rank = len(values_shape)
    if w.ndim == rank + 1 and w.shape[-1] == 1:
        w = w.reshape(w.shape[:-1])
    elif rank == w.ndim + 1 and values_shape[-1] == 1:
        w = w.reshape(w.shape + (1,))
    elif 0 < w.ndim < rank and w.shape == values_shape[:w.ndim]:
        w = w.reshape(w.shape + (1,) * (rank - w.ndim))
    try:
        full_shape = np.broadcast_shapes(values_shape, w.shape)
    except ValueError:
        raise ValueError(f"{name}: sample_weight of shape {w.shape} does not fit the per-sample "
                         f"loss of shape {values_shape}; pass one weight per sample.") from None
    count = math.prod(full_shape)
    if full_shape != values_shape:
        w = unbroadcast(np.broadcast_to(w, full_shape), values_shape)
    elif w.shape != values_shape:
        w = np.broadcast_to(w, values_shape)
    return w, count
