"""Neural-network primitives: activations and the fused cross-entropies.

Softmax and sigmoid outputs remember their logits (even outside training),
so a cross-entropy given their probabilities can use the stable logits
formula instead, as Keras's TensorFlow backend does.
"""
import math

import numpy as np

from numkeras.backend.primitive import defvjp, defvjp_joint, primitive
from numkeras.backend.tensor import Tensor

SELU_ALPHA = 1.6732632423543772
SELU_SCALE = 1.0507009873554805


def logits_of(y_pred, activation):
    """The logits behind `y_pred` if it is `activation(logits)` (over the last axis), else None.

    Recognises the softmax/sigmoid primitives and a fused `dense` ending in that activation
    (whose logits are rebuilt from its inputs, so gradients flow through them).
    """
    node = getattr(y_pred, "node", None)
    if node is None:
        return None
    if node.primitive is dense:
        if node.kwargs.get("activation") != activation.name:
            return None
        x, kernel, bias = (a if isinstance(a, Tensor) else Tensor(np.asarray(a)) if a is not None else None
                           for a in node.inputs)
        return dense(x, kernel, bias, activation="linear")
    if node.primitive is not activation:
        return None
    if activation is softmax and node.kwargs.get("axis", -1) not in (-1, np.ndim(node.ans) - 1):
        return None
    logits = node.inputs[0]
    return logits if isinstance(logits, Tensor) else Tensor(np.asarray(logits))


# --- activations ---------------------------------------------------------------
def _stable_sigmoid(x):
    # exp of a negative number never overflows: split by sign.
    out = np.empty_like(x, dtype=np.result_type(x, np.float32))
    positive = x >= 0
    np.divide(1, 1 + np.exp(-x, where=positive, out=np.zeros_like(out)), out=out, where=positive)
    z = np.exp(x, where=~positive, out=np.zeros_like(out))
    np.divide(z, 1 + z, out=out, where=~positive)
    return out


@primitive
def sigmoid(x):
    x = np.asarray(x)
    if x.size < 4096:
        return 1 / (1 + np.exp(-x))  # small arrays: fewer passes beat avoiding overflow warnings
    return _stable_sigmoid(x)


defvjp(sigmoid, lambda g, ans, x: g * ans * (1 - ans))
sigmoid.remembers_inputs = True


@primitive
def relu(x):
    return np.maximum(x, 0)


defvjp(relu, lambda g, ans, x: g * (ans > 0))  # relu'(0) = 0, as in Keras


@primitive
def relu_general(x, negative_slope=0.0, max_value=None, threshold=0.0):
    """Keras's relu with its three options: slope below `threshold`, cap at `max_value`."""
    out = np.where(x > threshold, x, negative_slope * (x - threshold) if negative_slope else 0)
    if max_value is not None:
        out = np.minimum(out, max_value)
    return out.astype(np.asarray(x).dtype, copy=False)


def _relu_general_vjp(g, ans, x, negative_slope=0.0, max_value=None, threshold=0.0):
    slope = np.where(x > threshold, 1.0, negative_slope).astype(g.dtype)
    if max_value is not None:
        slope = slope * (x < max_value)
    return g * slope


defvjp(relu_general, _relu_general_vjp)


@primitive
def softmax(x, axis=-1):
    shifted = x - np.max(x, axis=axis, keepdims=True)
    e = np.exp(shifted)
    e /= e.sum(axis=axis, keepdims=True)
    return e


defvjp(softmax, lambda g, ans, x, axis=-1: ans * (g - np.sum(g * ans, axis=axis, keepdims=True)))
softmax.remembers_inputs = True


@primitive
def log_softmax(x, axis=-1):
    shifted = x - np.max(x, axis=axis, keepdims=True)
    return shifted - np.log(np.sum(np.exp(shifted), axis=axis, keepdims=True))


defvjp(log_softmax, lambda g, ans, x, axis=-1: g - np.exp(ans) * np.sum(g, axis=axis, keepdims=True))


@primitive
def softplus(x):
    return np.logaddexp(0, x).astype(np.asarray(x).dtype, copy=False)


defvjp(softplus, lambda g, ans, x: g * -np.expm1(-ans))  # = 1 - exp(-ans) = sigmoid(x), without cancellation


@primitive
def softsign(x):
    return x / (1 + np.abs(x))


defvjp(softsign, lambda g, ans, x: g / np.square(1 + np.abs(x)))


@primitive
def elu(x, alpha=1.0):
    return np.where(x > 0, x, alpha * np.expm1(np.minimum(x, 0))).astype(np.asarray(x).dtype, copy=False)


defvjp(elu, lambda g, ans, x, alpha=1.0: g * np.where(x > 0, 1, ans + alpha))


@primitive
def selu(x):
    neg = SELU_SCALE * SELU_ALPHA * np.expm1(np.minimum(x, 0))
    return np.where(x > 0, SELU_SCALE * x, neg).astype(np.asarray(x).dtype, copy=False)


defvjp(selu, lambda g, ans, x: g * np.where(x > 0, SELU_SCALE, ans + SELU_SCALE * SELU_ALPHA))


@primitive
def leaky_relu(x, negative_slope=0.2):
    return np.where(x >= 0, x, negative_slope * x).astype(np.asarray(x).dtype, copy=False)


defvjp(leaky_relu, lambda g, ans, x, negative_slope=0.2: np.where(x >= 0, g, negative_slope * g))


@primitive
def relu6(x):
    return np.clip(x, 0, 6)


defvjp(relu6, lambda g, ans, x: g * ((x > 0) & (x < 6)))


@primitive
def hard_sigmoid(x):
    # Keras 3: relu6(x + 3) / 6
    return np.clip(x / 6 + 0.5, 0, 1).astype(np.asarray(x).dtype, copy=False)


defvjp(hard_sigmoid, lambda g, ans, x: g * ((x > -3) & (x < 3)) / 6)


@primitive
def hard_silu(x):
    return x * np.clip(x / 6 + 0.5, 0, 1)


defvjp(hard_silu, lambda g, ans, x: g * np.where(x <= -3, 0, np.where(x >= 3, 1, x / 3 + 0.5)))


@primitive
def silu(x):
    return x * sigmoid.fn(x)


def _silu_vjp(g, ans, x):
    s = sigmoid.fn(x)
    return g * (s + x * s * (1 - s))


defvjp(silu, _silu_vjp)

_SQRT_2_OVER_PI = math.sqrt(2 / math.pi)


def _erf(x):
    """The error function, elementwise (SciPy's when installed, imported only when needed)."""
    try:
        from scipy.special import erf
    except ImportError:  # pragma: no cover - exercised only without scipy
        from math import erf as scalar_erf

        erf = np.vectorize(scalar_erf, otypes=[np.float64])
    return erf(x)


@primitive
def gelu(x, approximate=True):
    """Gaussian error linear unit (Keras 3 default: the tanh approximation)."""
    if approximate:
        inner = _SQRT_2_OVER_PI * (x + 0.044715 * x ** 3)
        return (0.5 * x * (1 + np.tanh(inner))).astype(np.asarray(x).dtype, copy=False)
    return (0.5 * x * (1 + _erf(x / math.sqrt(2)))).astype(np.asarray(x).dtype, copy=False)


def _gelu_vjp(g, ans, x, approximate=True):
    if approximate:
        inner = _SQRT_2_OVER_PI * (x + 0.044715 * x ** 3)
        t = np.tanh(inner)
        d = 0.5 * (1 + t) + 0.5 * x * (1 - t * t) * _SQRT_2_OVER_PI * (1 + 3 * 0.044715 * x * x)
    else:
        cdf = 0.5 * (1 + _erf(x / math.sqrt(2)))
        d = cdf + x * np.exp(-0.5 * x * x) / math.sqrt(2 * math.pi)
    return (g * d).astype(g.dtype, copy=False)


defvjp(gelu, _gelu_vjp)


@primitive
def mish(x):
    return x * np.tanh(np.logaddexp(0, x)).astype(np.asarray(x).dtype, copy=False)


def _mish_vjp(g, ans, x):
    t = np.tanh(np.logaddexp(0, x))
    s = sigmoid.fn(x)
    return (g * (t + x * (1 - t * t) * s)).astype(g.dtype, copy=False)


defvjp(mish, _mish_vjp)


# --- fused cross-entropies -------------------------------------------------------
@primitive
def softmax_crossentropy(logits, target, axis=-1):
    """Per-sample `-sum(target * log_softmax(logits))` over `axis`."""
    shifted = logits - np.max(logits, axis=axis, keepdims=True)
    log_p = shifted - np.log(np.sum(np.exp(shifted), axis=axis, keepdims=True))
    return -np.sum(target * log_p, axis=axis)


def _softmax_ce_vjp(g, ans, logits, target, axis=-1):
    p = softmax.fn(logits, axis=axis)
    # d/dz = p * sum(target) - target; sum(target) is 1 for one-hot rows
    return np.expand_dims(g, axis) * (p * np.sum(target, axis=axis, keepdims=True) - target)


defvjp(softmax_crossentropy, _softmax_ce_vjp,
       lambda g, ans, logits, target, axis=-1: -np.expand_dims(g, axis) * log_softmax.fn(logits, axis))


@primitive
def sparse_softmax_crossentropy(logits, labels):
    """Per-sample `-log_softmax(logits)[label]` with integer `labels` (last axis = classes)."""
    shifted = logits - np.max(logits, axis=-1, keepdims=True)
    log_norm = np.log(np.sum(np.exp(shifted), axis=-1))
    picked = np.take_along_axis(shifted, labels[..., None], axis=-1)[..., 0]
    return log_norm - picked


def _sparse_softmax_ce_vjp(g, ans, logits, labels):
    grad = softmax.fn(logits, axis=-1)
    np.put_along_axis(grad, labels[..., None], np.take_along_axis(grad, labels[..., None], -1) - 1, -1)
    grad *= g[..., None]
    return grad


defvjp(sparse_softmax_crossentropy, _sparse_softmax_ce_vjp, None)


@primitive
def sigmoid_crossentropy(logits, target):
    """Elementwise `-(t log s(z) + (1-t) log(1-s(z)))` in the overflow-free form."""
    return np.maximum(logits, 0) - logits * target + np.log1p(np.exp(-np.abs(logits)))


defvjp(sigmoid_crossentropy,
       lambda g, ans, logits, target: g * (sigmoid.fn(logits) - target),
       lambda g, ans, logits, target: -g * logits)


# --- the fused Dense: matmul + bias + activation in one node -----------------------
DENSE_ACTIVATIONS = ("linear", "relu", "sigmoid", "tanh")


def _matmul(a, b):
    # np.dot multiplies 2-D arrays as np.matmul does (the same BLAS call) with less overhead per
    # call, which counts for tiny layers trained one sample at a time.
    return np.dot(a, b) if a.ndim == 2 else np.matmul(a, b)


def _sigmoid_inplace(out):
    # exp(-x) overflows below about -88 (float32): clip first, the result there is ~0 anyway.
    np.negative(out, out=out)
    np.minimum(out, 88.0 if out.dtype.itemsize <= 4 else 709.0, out=out)
    np.exp(out, out=out)
    out += 1
    np.reciprocal(out, out=out)


@primitive
def dense(x, kernel, bias, activation="linear"):
    """`activation(x @ kernel + bias)` for activation in linear, relu, sigmoid, tanh."""
    out = _matmul(x, kernel)
    if bias is not None:
        out += bias
    if activation == "relu":
        np.maximum(out, 0, out=out)
    elif activation == "sigmoid":
        _sigmoid_inplace(out)
    elif activation == "tanh":
        np.tanh(out, out=out)
    return out


def _dense_joint_vjp(g, ans, argnums, x, kernel, bias, activation="linear"):
    # The activation's derivative, from the output alone; computed once for all three inputs.
    if activation == "relu":
        delta = g * (ans > 0)
    elif activation == "sigmoid":
        delta = g * ans * (1 - ans)
    elif activation == "tanh":
        delta = g * (1 - ans * ans)
    else:
        delta = g
    if delta.ndim != 2:  # N-D inputs: fold the leading axes into one batch axis
        x = x.reshape(-1, x.shape[-1])
        delta2 = delta.reshape(-1, delta.shape[-1])
    else:
        delta2 = delta
    grads = []
    for i in argnums:
        if i == 0:
            grads.append(_matmul(delta, kernel.T))
        elif i == 1:
            grads.append(np.dot(x.T, delta2))
        else:
            grads.append(np.add.reduce(delta2, axis=0))  # cheaper than .sum() on tiny arrays
    return grads


defvjp_joint(dense, _dense_joint_vjp)
dense.remembers_inputs = True  # so a cross-entropy finds the logits of a sigmoid Dense in evaluate too
defvjp(dense,  # the same rules one by one, for tools that ask per input
       lambda g, ans, x, k, b, activation="linear": _dense_joint_vjp(g, ans, [0], x, k, b, activation)[0],
       lambda g, ans, x, k, b, activation="linear": _dense_joint_vjp(g, ans, [1], x, k, b, activation)[0],
       lambda g, ans, x, k, b, activation="linear": _dense_joint_vjp(g, ans, [2], x, k, b, activation)[0])
