"""Math primitives: each NumPy forward with its vector-Jacobian products beside it.

A VJP rule gets `(g, ans, *inputs)`: the upstream gradient, the forward's
result and the forward's NumPy inputs, and returns the gradient for one input.
Broadcasting is undone by the engine, so rules may return broadcast shapes.
"""
import builtins

import numpy as np

from numkeras.backend.compiled_loops import compiled_module
from numkeras.backend.primitive import defvjp, primitive


def _normalize_axis(axis, ndim):
    if axis is None:
        return tuple(range(ndim))
    axes = axis if isinstance(axis, (tuple, list)) else (axis,)
    return tuple(a % ndim if ndim else 0 for a in axes)


def _restore_reduced(g, x, axis, keepdims):
    """Re-inserts the axes a reduction removed, so `g` broadcasts against `x`."""
    if not keepdims and np.ndim(x) > 0:
        g = np.expand_dims(g, _normalize_axis(axis, np.ndim(x)))
    return g


# --- elementwise arithmetic ----------------------------------------------------
@primitive
def add(x, y):
    return np.add(x, y)


defvjp(add, lambda g, ans, x, y: g, lambda g, ans, x, y: g)


@primitive
def subtract(x, y):
    return np.subtract(x, y)


defvjp(subtract, lambda g, ans, x, y: g, lambda g, ans, x, y: -g)


@primitive
def multiply(x, y):
    return np.multiply(x, y)


defvjp(multiply, lambda g, ans, x, y: g * y, lambda g, ans, x, y: g * x)


@primitive
def divide(x, y):
    return np.true_divide(x, y)


defvjp(divide, lambda g, ans, x, y: g / y, lambda g, ans, x, y: -g * ans / y)


@primitive
def negative(x):
    return np.negative(x)


defvjp(negative, lambda g, ans, x: -g)


@primitive
def power(x, p):
    return np.power(x, p)


defvjp(power,
       lambda g, ans, x, p: g * p * np.power(x, p - 1),
       # d/dp x^p = x^p log x, defined where x > 0 (0 elsewhere, as the limit for x -> 0+ of ans is 0)
       lambda g, ans, x, p: g * ans * np.log(np.where(x > 0, x, 1)))


@primitive
def square(x):
    return np.square(x)


defvjp(square, lambda g, ans, x: g * 2 * x)


@primitive
def sqrt(x):
    return np.sqrt(x)


defvjp(sqrt, lambda g, ans, x: g * 0.5 / ans)


@primitive
def exp(x):
    return np.exp(x)


defvjp(exp, lambda g, ans, x: g * ans)


@primitive
def log(x):
    return np.log(x)


defvjp(log, lambda g, ans, x: g / x)


@primitive
def log1p(x):
    return np.log1p(x)


defvjp(log1p, lambda g, ans, x: g / (1 + x))


@primitive
def expm1(x):
    return np.expm1(x)


defvjp(expm1, lambda g, ans, x: g * (ans + 1))


@primitive
def abs(x):  # noqa: A001 - mirrors keras.ops.abs
    return np.abs(x)


defvjp(abs, lambda g, ans, x: g * np.sign(x))  # subgradient 0 at 0, as TF/JAX


@primitive
def sin(x):
    return np.sin(x)


defvjp(sin, lambda g, ans, x: g * np.cos(x))


@primitive
def cos(x):
    return np.cos(x)


defvjp(cos, lambda g, ans, x: -g * np.sin(x))


@primitive
def tanh(x):
    return np.tanh(x)


defvjp(tanh, lambda g, ans, x: g * (1 - ans * ans))


@primitive
def maximum(x, y):
    return np.maximum(x, y)


# Ties send the gradient to x, as TensorFlow does.
defvjp(maximum, lambda g, ans, x, y: g * (x >= y), lambda g, ans, x, y: g * (x < y))


@primitive
def minimum(x, y):
    return np.minimum(x, y)


defvjp(minimum, lambda g, ans, x, y: g * (x <= y), lambda g, ans, x, y: g * (x > y))


@primitive
def clip(x, x_min, x_max):
    return np.clip(x, x_min, x_max)


# The gradient passes where the value was not clipped (boundaries included).
defvjp(clip, lambda g, ans, x, lo, hi: g * ((x >= lo) & (x <= hi)), None, None)


@primitive
def where(condition, x, y):
    return np.where(condition, x, y)


defvjp(where, None,
       lambda g, ans, c, x, y: np.where(c, g, 0),
       lambda g, ans, c, x, y: np.where(c, 0, g))


@primitive
def matmul(x, y):
    return np.matmul(x, y)


def _matmul_vjp_x(g, ans, x, y):
    if np.ndim(y) == 1:  # (..., n) @ (n,) -> (...)
        return np.multiply.outer(g, y)
    if np.ndim(x) == 1:  # (n,) @ (..., n, m) -> (..., m): x acts as a (1, n) row
        return np.matmul(g[..., None, :], np.swapaxes(y, -1, -2))[..., 0, :]
    return np.matmul(g, np.swapaxes(y, -1, -2))


def _matmul_vjp_y(g, ans, x, y):
    if np.ndim(x) == 1:  # (n,) @ (n,) -> () or (n,) @ (..., n, m) -> (..., m)
        return np.multiply.outer(x, g) if np.ndim(y) == 1 else x[:, None] * g[..., None, :]
    if np.ndim(y) == 1:  # (..., k, n) @ (n,) -> (..., k): y acts as an (n, 1) column
        return np.matmul(g[..., None, :], x)[..., 0, :]
    if np.ndim(y) == 2 and np.ndim(x) > 2:  # batched x times a shared matrix: fold the batch axes
        return np.matmul(x.reshape(-1, x.shape[-1]).T, g.reshape(-1, g.shape[-1]))
    return np.matmul(np.swapaxes(x, -1, -2), g)


defvjp(matmul, _matmul_vjp_x, _matmul_vjp_y)


@primitive
def linear(x, kernel, bias):
    """`x @ kernel + bias` in one node: the Dense layer's affine part."""
    out = np.matmul(x, kernel)
    out += bias
    return out


def _linear_vjp_kernel(g, ans, x, kernel, bias):
    if x.ndim == 2:
        return np.matmul(x.T, g)
    return np.matmul(x.reshape(-1, x.shape[-1]).T, g.reshape(-1, g.shape[-1]))


defvjp(linear,
       lambda g, ans, x, kernel, bias: np.matmul(g, kernel.T),
       _linear_vjp_kernel,
       lambda g, ans, x, kernel, bias: g.reshape(-1, g.shape[-1]).sum(axis=0))


# --- reductions ----------------------------------------------------------------
@primitive
def sum(x, axis=None, keepdims=False):  # noqa: A001 - mirrors keras.ops.sum
    return np.sum(x, axis=axis, keepdims=keepdims)


defvjp(sum, lambda g, ans, x, axis=None, keepdims=False:
       np.broadcast_to(_restore_reduced(g, x, axis, keepdims), np.shape(x)))


@primitive
def mean(x, axis=None, keepdims=False):
    return np.mean(x, axis=axis, keepdims=keepdims)


def _mean_vjp(g, ans, x, axis=None, keepdims=False):
    count = np.size(x) // (np.size(ans) or 1)  # not max(): this module's max is the primitive
    return np.broadcast_to(_restore_reduced(g, x, axis, keepdims) / count, np.shape(x))


defvjp(mean, _mean_vjp)


def _extremum_vjp(g, ans, x, axis=None, keepdims=False):
    """Splits the gradient evenly among the entries equal to the extremum."""
    ans = _restore_reduced(ans, x, axis, keepdims)
    mask = x == ans
    share = mask / mask.sum(axis=axis, keepdims=True).astype(g.dtype)  # keep float32 float32
    return _restore_reduced(g, x, axis, keepdims) * share


@primitive
def max(x, axis=None, keepdims=False):  # noqa: A001
    return np.max(x, axis=axis, keepdims=keepdims)


defvjp(max, _extremum_vjp)


@primitive
def min(x, axis=None, keepdims=False):  # noqa: A001
    return np.min(x, axis=axis, keepdims=keepdims)


defvjp(min, _extremum_vjp)


@primitive
def logsumexp(x, axis=None, keepdims=False):
    peak = np.max(x, axis=axis, keepdims=True)
    out = np.log(np.sum(np.exp(x - peak), axis=axis, keepdims=True)) + peak
    return out if keepdims else np.squeeze(out, axis=_normalize_axis(axis, np.ndim(x)))


defvjp(logsumexp, lambda g, ans, x, axis=None, keepdims=False:
       _restore_reduced(g, x, axis, keepdims) * np.exp(x - _restore_reduced(ans, x, axis, keepdims)))


# --- shape ---------------------------------------------------------------------
def _reshaped_back(g, ans, x, *args, **kwargs):
    """The VJP of every op that only changes the shape: the gradient in the input's shape."""
    return np.reshape(g, np.shape(x))


@primitive
def reshape(x, newshape):
    return np.reshape(x, newshape)


defvjp(reshape, _reshaped_back, None)


@primitive
def transpose(x, axes=None):
    return np.transpose(x, axes)


defvjp(transpose, lambda g, ans, x, axes=None:
       np.transpose(g, None if axes is None else np.argsort(np.mod(axes, np.ndim(x)))))


@primitive
def expand_dims(x, axis):
    return np.expand_dims(x, axis)


defvjp(expand_dims, _reshaped_back, None)


@primitive
def squeeze(x, axis=None):
    return np.squeeze(x, axis=axis)


defvjp(squeeze, _reshaped_back)


@primitive
def broadcast_to(x, shape):
    return np.broadcast_to(x, shape)


defvjp(broadcast_to, lambda g, ans, x, shape: g, None)  # the engine sums it back


@primitive
def getitem(x, key):
    return x[key]


def _getitem_vjp(g, ans, x, key):
    out = np.zeros_like(x)
    np.add.at(out, key, g)  # add.at: repeated indices accumulate
    return out


defvjp(getitem, _getitem_vjp, None)


@primitive
def take(x, indices, axis=None):
    return np.take(x, indices, axis=axis)


def _take_vjp(g, ans, x, indices, axis=None):
    out = np.zeros_like(x)
    if axis is None:
        np.add.at(out.reshape(-1), np.asarray(indices).reshape(-1), np.reshape(g, -1))
    else:
        axis = axis % x.ndim
        moved = np.moveaxis(out, axis, 0)
        g_moved = np.moveaxis(g, tuple(range(axis, axis + np.ndim(indices))),
                              tuple(range(np.ndim(indices))))
        loops = compiled_module("gather_loops") if axis == 0 and x.ndim > 1 else None
        if loops is not None:  # an embedding's gradient: the same sums, one compiled loop
            loops.add_rows_at(out.reshape(len(out), -1), np.ascontiguousarray(indices).reshape(-1),
                              np.ascontiguousarray(g_moved).reshape(np.size(indices), -1))
        else:
            np.add.at(moved, indices, g_moved)
    return out


defvjp(take, _take_vjp, None)


@primitive
def concatenate_values(*xs, axis=-1):
    return np.concatenate(xs, axis=axis)


def _concat_vjp(i):
    def vjp(g, ans, *xs, axis=-1):
        start = builtins.sum(np.shape(x)[axis] for x in xs[:i])
        index = [slice(None)] * g.ndim
        index[axis] = slice(start, start + np.shape(xs[i])[axis])
        return g[tuple(index)]
    return vjp


@primitive
def stack_values(*xs, axis=0):
    return np.stack(xs, axis=axis)


def _stack_vjp(i):
    return lambda g, ans, *xs, axis=0: np.take(g, i, axis=axis)


class _VariadicVJPs(tuple):
    """A VJP table that makes rule i on demand, for ops taking any number of inputs."""

    def __new__(cls, factory):
        obj = super().__new__(cls, ())
        obj.factory = factory
        obj.cache = {}
        return obj

    def __getitem__(self, i):
        rule = self.cache.get(i)
        if rule is None:
            rule = self.cache[i] = self.factory(i)
        return rule


concatenate_values.vjps = _VariadicVJPs(_concat_vjp)
stack_values.vjps = _VariadicVJPs(_stack_vjp)


@primitive
def cast(x, dtype):
    return np.asarray(x).astype(dtype, copy=False)


def _cast_vjp(g, ans, x, dtype):
    # Only float-to-float casts carry a gradient: through an integer the value is piecewise constant.
    if np.asarray(x).dtype.kind != "f" or np.asarray(ans).dtype.kind != "f":
        return None
    return g.astype(np.asarray(x).dtype)


defvjp(cast, _cast_vjp, None)


@primitive
def stop_gradient(x):
    return x


defvjp(stop_gradient, None)
