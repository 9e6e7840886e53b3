"""Cross-entropy kernels: probability forms (clipped, as Keras) and logits forms.

Probabilities are clipped to `[eps, 1 - eps]`; the categorical forms first
renormalise `p / sum(p)`. The binary form keeps tf.keras's `log(p + eps)` and
`log(1 - p + eps)`, which is what the lecture notes print (0.3445814; Keras 3's
`log(p)` prints 0.34458154; the two differ by less than `eps / p`).
Logits, given or found behind a softmax/sigmoid output by the caller, use the
overflow-free formulas whose gradient is `p - y`.

Logs of float32 probabilities are taken in float64 and rounded once: NumPy's
SIMD float32 log may be an ulp off, enough to change a printed digit.
"""
import numpy as np

from numkeras.backend import config, nn_ops
from numkeras.backend.loss_ops import LossKernel, along, mean_over, sum_last


def _log(x):
    if x.dtype == np.float32:
        return np.log(x, dtype=np.float64).astype(np.float32)
    return np.log(x)


def _inside(x, eps):
    """Where a value clipped to [eps, 1 - eps] passed through (the clip lets the gradient through there)."""
    return (x >= eps) & (x <= 1 - eps)


# --- binary -------------------------------------------------------------------------
def _binary_logs(p):
    eps = config.epsilon()
    q = np.clip(p, eps, 1 - eps)
    return q, _log(q + eps), _log(1 - q + eps)


def _binary_crossentropy(p, t, axis=-1):
    _, log_q, log_not_q = _binary_logs(p)
    return -mean_over(t * log_q + (1 - t) * log_not_q, axis)


def _binary_crossentropy_grad_pred(gv, p, t, axis=-1):
    eps = config.epsilon()
    q = np.clip(p, eps, 1 - eps)
    d = ((1 - t) / (1 - q + eps) - t / (q + eps)) * _inside(p, eps)
    return along(gv, axis) * d / p.shape[axis]


def _binary_crossentropy_grad_true(gv, p, t, axis=-1):
    _, log_q, log_not_q = _binary_logs(p)
    return along(gv, axis) * (log_not_q - log_q) / p.shape[axis]


BINARY_CROSSENTROPY = LossKernel("binary_crossentropy_loss", _binary_crossentropy,
                                 _binary_crossentropy_grad_pred, _binary_crossentropy_grad_true)


def _softplus(z):
    """`log(1 + exp(z))` without overflow."""
    if z.size <= 64:   # one ufunc call wins on tiny batches...
        return np.logaddexp(0, z)
    return np.maximum(z, 0) + np.log1p(np.exp(-np.abs(z)))   # ...and SIMD exp/log1p on bigger ones


def _sigmoid_crossentropy(z, t, axis=-1, probabilities=None):
    # softplus(z) - z t = -(t log s(z) + (1 - t) log(1 - s(z)))
    return mean_over(_softplus(z) - z * t, axis)


def _sigmoid_crossentropy_grad_logits(gv, z, t, axis=-1, probabilities=None):
    # `probabilities`: the sigmoid output the logits were found behind, so it is not recomputed.
    p = nn_ops.sigmoid.fn(z) if probabilities is None else probabilities
    return (along(gv, axis) / z.shape[axis]) * (p - t)


SIGMOID_CROSSENTROPY = LossKernel(
    "sigmoid_crossentropy_loss", _sigmoid_crossentropy, _sigmoid_crossentropy_grad_logits,
    lambda gv, z, t, axis=-1, probabilities=None: (along(gv, axis) / z.shape[axis]) * -z)


# --- categorical (one-hot or soft targets) -----------------------------------------------
def _normalized(p, axis):
    s = np.add.reduce(p, axis, keepdims=True)
    u = p / s
    eps = config.epsilon()
    return s, u, np.clip(u, eps, 1 - eps)


def _categorical_crossentropy(p, t, axis=-1):
    return -np.add.reduce(t * _log(_normalized(p, axis)[2]), axis)


def _categorical_crossentropy_grad_pred(gv, p, t, axis=-1):
    s, u, q = _normalized(p, axis)
    d_u = -t / q * _inside(u, config.epsilon())            # d loss / d (p / sum p)
    # through u = p / s: d u_j / d p_k = (delta_jk - u_j) / s
    return along(gv, axis) * (d_u - np.add.reduce(d_u * u, axis, keepdims=True)) / s


CATEGORICAL_CROSSENTROPY = LossKernel(
    "categorical_crossentropy_loss", _categorical_crossentropy, _categorical_crossentropy_grad_pred,
    lambda gv, p, t, axis=-1: along(gv, axis) * -_log(_normalized(p, axis)[2]))


def row_max(x):
    """`max(x, axis=-1, keepdims=True)`; by argmax and gather on batches, where NumPy's float32
    max over many short rows is several times slower."""
    rows = x.reshape(-1, x.shape[-1])
    if rows.shape[0] <= 8:
        return np.maximum.reduce(x, axis=-1, keepdims=True)
    peak = rows[np.arange(rows.shape[0]), rows.argmax(axis=-1)]
    return peak.reshape(x.shape[:-1] + (1,))


def _log_softmax(z, axis):
    if axis == -1 or axis == z.ndim - 1:
        shifted = z - row_max(z)
        return shifted - np.log(sum_last(np.exp(shifted)))[..., None]
    return nn_ops.log_softmax.fn(z, axis=axis)


def _softmax(z, axis):
    return np.exp(_log_softmax(z, axis))


def _softmax_crossentropy(z, t, axis=-1, probabilities=None):
    return -np.add.reduce(t * _log_softmax(z, axis), axis)


def _softmax_crossentropy_grad_logits(gv, z, t, axis=-1, probabilities=None):
    # `probabilities`: the softmax output the logits were found behind, so it is not recomputed.
    p = _softmax(z, axis) if probabilities is None else probabilities
    # p * sum(t) - t: the familiar p - t for rows of t that sum to 1
    return along(gv, axis) * (p * np.add.reduce(t, axis, keepdims=True) - t)


SOFTMAX_CROSSENTROPY = LossKernel(
    "softmax_crossentropy_loss", _softmax_crossentropy, _softmax_crossentropy_grad_logits,
    lambda gv, z, t, axis=-1, probabilities=None: along(gv, axis) * -_log_softmax(z, axis))


# --- sparse (integer class ids over the last axis) ------------------------------------------
def class_id_error(labels, num_classes, shape):
    """The ValueError for class ids outside [0, num_classes)."""
    labels = np.asarray(labels)
    bad = labels[(labels < 0) | (labels >= num_classes)]
    example = int(bad.flat[0]) if bad.size else int(labels.max())
    return ValueError(
        f"sparse_categorical_crossentropy: y_true contains class id {example}, but y_pred has "
        f"{num_classes} classes (shape {tuple(shape)}); class ids must be integers in [0, {num_classes}).")


def _pick(x, labels):
    return np.take_along_axis(x, labels[..., None], -1)[..., 0]


def _sparse_categorical_crossentropy(p, labels, axis=-1):
    try:
        picked = _pick(p, labels)
    except IndexError:
        raise class_id_error(labels, p.shape[-1], p.shape) from None
    eps = config.epsilon()
    return -_log(np.clip(picked / np.add.reduce(p, -1), eps, 1 - eps))


def _sparse_categorical_crossentropy_grad(gv, p, labels, axis=-1):
    eps = config.epsilon()
    s = np.add.reduce(p, -1)
    u = _pick(p, labels) / s
    d_u = -gv / np.clip(u, eps, 1 - eps) * _inside(u, eps)    # d loss / d u, u = p[label] / sum(p)
    grad = np.repeat((-d_u * u / s)[..., None], p.shape[-1], axis=-1).astype(p.dtype, copy=False)
    index = labels[..., None]
    np.put_along_axis(grad, index, np.take_along_axis(grad, index, -1) + (d_u / s)[..., None], -1)
    return grad


SPARSE_CATEGORICAL_CROSSENTROPY = LossKernel(
    "sparse_categorical_crossentropy_loss", _sparse_categorical_crossentropy,
    _sparse_categorical_crossentropy_grad)


def _rows(x, labels):
    """2-D views of scores and their labels, and the row numbers, for fancy indexing."""
    flat_labels = labels.reshape(-1)
    return x.reshape(-1, x.shape[-1]), flat_labels, np.arange(flat_labels.shape[0])


def _sparse_softmax_crossentropy(z, labels, axis=-1, probabilities=None):
    scores, flat_labels, rows = _rows(z, labels)
    shifted = scores - scores[rows, scores.argmax(axis=-1)][:, None]
    try:
        picked = shifted[rows, flat_labels]
    except IndexError:
        raise class_id_error(labels, z.shape[-1], z.shape) from None
    return (np.log(sum_last(np.exp(shifted))) - picked).reshape(labels.shape)


def _sparse_softmax_crossentropy_grad_logits(gv, z, labels, axis=-1, probabilities=None):
    p = _softmax(z, -1) if probabilities is None else probabilities
    scale = along(gv, -1)
    grad = p * scale                      # a new array: the softmax output stays untouched
    flat, flat_labels, rows = _rows(grad, labels)
    flat[rows, flat_labels] -= scale if np.ndim(scale) == 0 else scale.reshape(-1)
    return grad


SPARSE_SOFTMAX_CROSSENTROPY = LossKernel(
    "sparse_softmax_crossentropy_loss", _sparse_softmax_crossentropy,
    _sparse_softmax_crossentropy_grad_logits)
