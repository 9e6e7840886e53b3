"""Loss kernels: each built-in loss as one NumPy forward with its gradient beside it.

A `LossKernel` turns a per-sample forward `f(y_pred, y_true, **kw)` (the loss
reduced over one axis, e.g. `mean((p - t)**2, axis=-1)`) and its gradient rules
into two primitives:

* `per_sample(y_pred, y_true, **kw)`: the per-sample loss (function forms,
  `reduction=None`);
* `reduced(y_pred, y_true, weights=None, divisor=1, **kw)`:
  `sum(f(...) * weights) / divisor`, a whole compiled loss in one node, so a
  training step pays for one primitive instead of four or five.

Gradient rules take `gv`, the upstream gradient of the per-sample values: a
scalar when the loss was reduced without weights, else an array of the
per-sample shape; `along(gv, axis)` broadcasts it over the reduced axis.
Cross-entropy kernels live in `crossentropy_ops.py`.
"""
import math

import numpy as np

from numkeras.backend import config
from numkeras.backend.primitive import defvjp, primitive

LOG_2 = math.log(2.0)


class LossKernel:
    """A per-sample loss in NumPy with its gradients, as two primitives.

    Args:
        name: the primitive's name (`"mse_loss"`); the reduced one adds `"_reduced"`.
        forward: `(y_pred, y_true, **kw) -> per-sample values`.
        grad_pred: `(gv, y_pred, y_true, **kw) -> d loss / d y_pred`.
        grad_true: the same for `y_true`, or None where labels are not differentiable.
    """

    def __init__(self, name, forward, grad_pred, grad_true=None, value_and_grad=None):
        self.name = name
        self._value_and_grad = value_and_grad
        self.forward = forward
        self.grad_pred = grad_pred
        self.grad_true = grad_true
        self.per_sample = primitive(forward, name)
        defvjp(self.per_sample,
               lambda g, ans, p, t, **kw: grad_pred(g, p, t, **kw),
               None if grad_true is None else lambda g, ans, p, t, **kw: grad_true(g, p, t, **kw))
        self.reduced = primitive(self._reduce, name + "_reduced")
        defvjp(self.reduced, self._reduced_grad_pred,
               None if grad_true is None else self._reduced_grad_true)

    def _reduce(self, y_pred, y_true, weights=None, divisor=1, **kw):
        return _weighted_sum(self.forward(y_pred, y_true, **kw), weights, divisor)

    def _reduced_grad_pred(self, g, ans, y_pred, y_true, weights=None, divisor=1, **kw):
        return self.grad_pred(_upstream(g, weights, divisor), y_pred, y_true, **kw)

    def _reduced_grad_true(self, g, ans, y_pred, y_true, weights=None, divisor=1, **kw):
        return self.grad_true(_upstream(g, weights, divisor), y_pred, y_true, **kw)

    def value_and_grad(self, y_pred, y_true, divisor=1, **kw):
        """The reduced loss without weights, and its gradient for y_pred: `reduced` and its VJP
        for an upstream 1, in one call (a kernel may share work between the two)."""
        if self._value_and_grad is not None:
            return self._value_and_grad(y_pred, y_true, divisor, **kw)
        loss = self._reduce(y_pred, y_true, None, divisor, **kw)
        return loss, self._reduced_grad_pred(_one(loss), loss, y_pred, y_true, None, divisor, **kw)

    def __repr__(self):
        return f"<LossKernel {self.name}>"


def _one(loss):
    """An upstream gradient of 1 in the loss's dtype."""
    return loss.dtype.type(1) if hasattr(loss, "dtype") else 1.0


def _weighted_sum(values, weights=None, divisor=1):
    if weights is not None:
        values = values * weights
    # A batch of one (the lecture labs' batch_size=1) skips the reduction machinery.
    total = values.reshape(()) if values.size == 1 else np.add.reduce(values, None)
    # Divide (not multiply by 1/n): that is how Keras rounds, e.g. 1.936381 and not 1.9363811.
    return total / divisor if divisor else total * 0


weighted_sum = primitive(_weighted_sum, "weighted_sum")
weighted_sum.__doc__ = "`sum(values * weights) / divisor` (0 when divisor is 0): the general loss reduction."
defvjp(weighted_sum, lambda g, ans, values, weights=None, divisor=1:
       np.broadcast_to(_upstream(g, weights, divisor), np.shape(values)))


def _upstream(g, weights, divisor):
    gv = g / divisor if divisor else g * 0
    return gv if weights is None else gv * weights


def along(gv, axis):
    """`gv` with the reduced `axis` put back, so it broadcasts against the inputs."""
    if gv.ndim == 0:
        return gv
    return gv[..., None] if axis == -1 else np.expand_dims(gv, axis)  # the first: 10x cheaper


def sum_last(x):
    """Sum over the last axis as a matrix-vector product.

    NumPy reduces short rows (a batch of 10-class outputs) several times slower
    than BLAS multiplies them by ones; only the summation order differs.
    """
    return x @ np.ones(x.shape[-1], x.dtype)


def mean_over(x, axis):
    """`mean(x, axis)` as Keras computes it (sum, then divide), with shortcuts for the last axis."""
    n = x.shape[axis]
    if n == 1:
        return x[..., 0] if axis == -1 else np.squeeze(x, axis)
    if axis == -1 or axis == x.ndim - 1:
        return sum_last(x) / n
    return np.add.reduce(x, axis) / n


# --- regression ---------------------------------------------------------------------
def _mse(p, t, axis=-1):
    d = p - t
    return mean_over(d * d, axis)


def _mse_value_and_grad(p, t, divisor, axis=-1):
    # The two primitives' values, computing `p - t` once.
    d = p - t
    loss = _weighted_sum(mean_over(d * d, axis), None, divisor)
    return loss, along(_upstream(_one(loss), None, divisor), axis) * (2 / p.shape[axis]) * d


MSE = LossKernel(
    "mse_loss", _mse,
    lambda gv, p, t, axis=-1: along(gv, axis) * (2 / p.shape[axis]) * (p - t),
    lambda gv, p, t, axis=-1: along(gv, axis) * (2 / p.shape[axis]) * (t - p),
    value_and_grad=_mse_value_and_grad)


def _mae(p, t, axis=-1):
    return mean_over(np.abs(p - t), axis)


MAE = LossKernel(
    "mae_loss", _mae,
    lambda gv, p, t, axis=-1: along(gv, axis) * np.sign(p - t) / p.shape[axis],   # 0 at a tie, as TF/JAX
    lambda gv, p, t, axis=-1: along(gv, axis) * np.sign(t - p) / p.shape[axis])


def _mape_denominator(t):
    return np.maximum(np.abs(t), config.epsilon())


def _mape(p, t, axis=-1):
    return 100 * mean_over(np.abs(t - p) / _mape_denominator(t), axis)


def _mape_grad_true(gv, p, t, axis=-1):
    den = _mape_denominator(t)
    # |t - p| / max(|t|, eps): the denominator moves with t only where |t| > eps.
    d_den = np.where(np.abs(t) >= config.epsilon(), np.sign(t), 0)
    d = np.sign(t - p) / den - np.abs(t - p) / (den * den) * d_den
    return along(gv, axis) * (100 / p.shape[axis]) * d


MAPE = LossKernel(
    "mape_loss", _mape,
    lambda gv, p, t, axis=-1: along(gv, axis) * (100 / p.shape[axis]) * np.sign(p - t) / _mape_denominator(t),
    _mape_grad_true)


def _log1p_floor(x):
    """`log(max(x, eps) + 1)`, the MSLE transform, and its derivative."""
    eps = config.epsilon()
    floored = np.maximum(x, eps)
    return np.log(floored + 1), (x >= eps) / (floored + 1)


def _msle(p, t, axis=-1):
    d = _log1p_floor(p)[0] - _log1p_floor(t)[0]
    return mean_over(d * d, axis)


def _msle_grad(gv, x, other, axis=-1):
    """Gradient with respect to `x` of `mean((log1p_floor(x) - log1p_floor(other))**2)`."""
    lx, dx = _log1p_floor(x)
    return along(gv, axis) * (2 / x.shape[axis]) * (lx - _log1p_floor(other)[0]) * dx


MSLE = LossKernel(
    "msle_loss", _msle,
    lambda gv, p, t, axis=-1: _msle_grad(gv, p, t, axis),
    lambda gv, p, t, axis=-1: _msle_grad(gv, t, p, axis))


def _huber(p, t, delta=1.0, axis=-1):
    e = p - t
    a = np.abs(e)
    values = np.where(a <= delta, 0.5 * e * e, delta * a - 0.5 * delta * delta)
    return mean_over(values, axis).astype(p.dtype, copy=False)


def _huber_grad(gv, p, t, delta=1.0, axis=-1):
    e = p - t
    slope = np.where(np.abs(e) <= delta, e, delta * np.sign(e)).astype(p.dtype, copy=False)
    return along(gv, axis) * slope / p.shape[axis]


HUBER = LossKernel("huber_loss", _huber, _huber_grad,
                   lambda gv, p, t, delta=1.0, axis=-1: -_huber_grad(gv, p, t, delta, axis))


def _log_cosh(p, t, axis=-1):
    x = p - t
    # log(cosh(x)) = x + softplus(-2x) - log(2): no overflow for large |x|
    values = x + np.logaddexp(0, -2 * x) - LOG_2
    return mean_over(values, axis).astype(p.dtype, copy=False)


LOG_COSH = LossKernel(
    "log_cosh_loss", _log_cosh,
    lambda gv, p, t, axis=-1: along(gv, axis) * np.tanh(p - t) / p.shape[axis],
    lambda gv, p, t, axis=-1: along(gv, axis) * np.tanh(t - p) / p.shape[axis])


def _inverse_norm(x, axis):
    """`min(1 / ||x||, 1 / eps)` as Keras's normalize, and whether the cap was hit."""
    squares = np.add.reduce(x * x, axis, keepdims=True)
    cap = 1 / config.epsilon()
    with np.errstate(divide="ignore"):
        inverse = 1 / np.sqrt(squares)
    capped = inverse >= cap
    return np.minimum(inverse, cap).astype(x.dtype, copy=False), capped


def _cosine(p, t, axis=-1):
    return -np.add.reduce((t * _inverse_norm(t, axis)[0]) * (p * _inverse_norm(p, axis)[0]), axis)


def _cosine_grad(gv, x, other, axis=-1):
    inv_x, capped = _inverse_norm(x, axis)
    x_hat = x * inv_x
    other_hat = other * _inverse_norm(other, axis)[0]
    cos = np.add.reduce(x_hat * other_hat, axis, keepdims=True)
    # d/dx of -<x/|x|, o_hat> = -(o_hat - x_hat cos) / |x|; where the norm was capped, just -o_hat * cap
    return -along(gv, axis) * inv_x * (other_hat - np.where(capped, 0, x_hat * cos))


COSINE = LossKernel(
    "cosine_similarity_loss", _cosine,
    lambda gv, p, t, axis=-1: _cosine_grad(gv, p, t, axis),
    lambda gv, p, t, axis=-1: _cosine_grad(gv, t, p, axis))


# --- hinge (labels already mapped to -1/+1 by the caller) -----------------------------
def _hinge(p, t, axis=-1):
    return mean_over(np.maximum(1 - t * p, 0), axis)


def _hinge_grad(gv, x, other, axis=-1):
    return along(gv, axis) * -other * (1 - other * x > 0) / x.shape[axis]


HINGE = LossKernel(
    "hinge_loss", _hinge,
    lambda gv, p, t, axis=-1: _hinge_grad(gv, p, t, axis),
    lambda gv, p, t, axis=-1: _hinge_grad(gv, t, p, axis))


def _squared_hinge(p, t, axis=-1):
    m = np.maximum(1 - t * p, 0)
    return mean_over(m * m, axis)


def _squared_hinge_grad(gv, x, other, axis=-1):
    return along(gv, axis) * (-2 / x.shape[axis]) * other * np.maximum(1 - other * x, 0)


SQUARED_HINGE = LossKernel(
    "squared_hinge_loss", _squared_hinge,
    lambda gv, p, t, axis=-1: _squared_hinge_grad(gv, p, t, axis),
    lambda gv, p, t, axis=-1: _squared_hinge_grad(gv, t, p, axis))


def _categorical_hinge_parts(p, t, axis):
    pos = np.add.reduce(t * p, axis)
    off = (1 - t) * p
    neg = np.max(off, axis)
    return pos, off, neg


def _categorical_hinge(p, t, axis=-1):
    pos, _, neg = _categorical_hinge_parts(p, t, axis)
    return np.maximum(neg - pos + 1, 0)


def _categorical_hinge_grads(gv, p, t, axis):
    pos, off, neg = _categorical_hinge_parts(p, t, axis)
    active = along(gv * (neg - pos + 1 > 0), axis)
    ties = off == np.expand_dims(neg, axis)
    share = ties / np.add.reduce(ties, axis, keepdims=True)   # the max's gradient is split among ties
    return active, share


def _categorical_hinge_grad_pred(gv, p, t, axis=-1):
    active, share = _categorical_hinge_grads(gv, p, t, axis)
    return (active * ((1 - t) * share - t)).astype(p.dtype, copy=False)


def _categorical_hinge_grad_true(gv, p, t, axis=-1):
    active, share = _categorical_hinge_grads(gv, p, t, axis)
    return (active * (-p * share - p)).astype(p.dtype, copy=False)


CATEGORICAL_HINGE = LossKernel("categorical_hinge_loss", _categorical_hinge,
                               _categorical_hinge_grad_pred, _categorical_hinge_grad_true)


# --- probabilistic (not cross-entropy) --------------------------------------------------
def _clip_unit(x):
    """Clip to [eps, 1] as Keras's KL divergence, and where the value passed through."""
    eps = config.epsilon()
    return np.clip(x, eps, 1), (x >= eps) & (x <= 1)


def _kld(p, t, axis=-1):
    tc, pc = _clip_unit(t)[0], _clip_unit(p)[0]
    return np.add.reduce(tc * np.log(tc / pc), axis)


def _kld_grad_pred(gv, p, t, axis=-1):
    (pc, inside), tc = _clip_unit(p), _clip_unit(t)[0]
    return along(gv, axis) * -(tc / pc) * inside


def _kld_grad_true(gv, p, t, axis=-1):
    (tc, inside), pc = _clip_unit(t), _clip_unit(p)[0]
    return along(gv, axis) * (np.log(tc / pc) + 1) * inside


KLD = LossKernel("kl_divergence_loss", _kld, _kld_grad_pred, _kld_grad_true)


def _poisson(p, t, axis=-1):
    return mean_over(p - t * np.log(p + config.epsilon()), axis)


POISSON = LossKernel(
    "poisson_loss", _poisson,
    lambda gv, p, t, axis=-1: along(gv, axis) * (1 - t / (p + config.epsilon())) / p.shape[axis],
    lambda gv, p, t, axis=-1: along(gv, axis) * -np.log(p + config.epsilon()) / p.shape[axis])
