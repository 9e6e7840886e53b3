"""More primitives for `keras.ops`: trigonometry, tiling and padding, cumulative ops,
einsum, gathers and scatters, and the differentiable linear algebra (inv, det, solve).

As in math_ops, each forward has its vector-Jacobian products beside it; the rules
see NumPy values and the engine sums broadcast gradients back once.
"""
import math

import numpy as np

from numkeras.backend.nn_ops import _erf
from numkeras.backend.primitive import defvjp, primitive

_TWO_OVER_SQRT_PI = 2 / math.sqrt(math.pi)  # a Python float: keeps float32 gradients float32


def _unary(fn, derivative, name):
    """A primitive `fn(x)` whose VJP is `g * derivative(x, ans)`."""
    prim = primitive(lambda x: fn(x), name=name)
    defvjp(prim, lambda g, ans, x: g * derivative(x, ans))
    return prim


# --- elementwise ------------------------------------------------------------------------
tan = _unary(np.tan, lambda x, ans: 1 + ans * ans, "tan")
sinh = _unary(np.sinh, lambda x, ans: np.cosh(x), "sinh")
cosh = _unary(np.cosh, lambda x, ans: np.sinh(x), "cosh")
arcsin = _unary(np.arcsin, lambda x, ans: 1 / np.sqrt(1 - x * x), "arcsin")
arccos = _unary(np.arccos, lambda x, ans: -1 / np.sqrt(1 - x * x), "arccos")
arctan = _unary(np.arctan, lambda x, ans: 1 / (1 + x * x), "arctan")
arcsinh = _unary(np.arcsinh, lambda x, ans: 1 / np.sqrt(x * x + 1), "arcsinh")
arccosh = _unary(np.arccosh, lambda x, ans: 1 / np.sqrt(x * x - 1), "arccosh")
arctanh = _unary(np.arctanh, lambda x, ans: 1 / (1 - x * x), "arctanh")
cbrt = _unary(np.cbrt, lambda x, ans: 1 / (3 * ans * ans), "cbrt")
erf = _unary(lambda x: _erf(x).astype(np.result_type(x, np.float32)),
             lambda x, ans: _TWO_OVER_SQRT_PI * np.exp(-x * x), "erf")


@primitive
def arctan2(y, x):
    return np.arctan2(y, x)


defvjp(arctan2, lambda g, ans, y, x: g * x / (x * x + y * y),
       lambda g, ans, y, x: -g * y / (x * x + y * y))


# --- tiling, repeating, rolling, padding ------------------------------------------------
@primitive
def tile(x, repeats):
    return np.tile(x, repeats)


def _tile_vjp(g, ans, x, repeats):
    reps = (1,) * (g.ndim - len(repeats)) + tuple(repeats)
    shape = (1,) * (g.ndim - np.ndim(x)) + np.shape(x)
    # Split every axis into (repeat, size) and sum the repeats away.
    split = [d for pair in zip(reps, shape) for d in pair]
    summed = g.reshape(split).sum(axis=tuple(range(0, 2 * g.ndim, 2)))
    return summed.reshape(np.shape(x))


defvjp(tile, _tile_vjp)


@primitive
def repeat(x, repeats, axis=None):
    return np.repeat(x, repeats, axis=axis)


def _repeat_vjp(g, ans, x, repeats, axis=None):
    source = np.ravel(x) if axis is None else x
    axis_ = 0 if axis is None else axis % np.ndim(x)
    counts = np.broadcast_to(np.asarray(repeats), (source.shape[axis_],))
    starts = np.concatenate([[0], np.cumsum(counts)[:-1]]).astype(np.int64)
    summed = np.add.reduceat(g, starts, axis=axis_) if g.shape[axis_] else np.zeros_like(source)
    summed = np.where(np.expand_dims(counts, tuple(i for i in range(g.ndim) if i != axis_)) > 0,
                      summed, 0)  # reduceat gives the next row for an empty group
    return summed.reshape(np.shape(x))


defvjp(repeat, _repeat_vjp)


@primitive
def roll(x, shift, axis=None):
    return np.roll(x, shift, axis=axis)


defvjp(roll, lambda g, ans, x, shift, axis=None: np.roll(
    g, tuple(-s for s in shift) if isinstance(shift, (tuple, list)) else -shift, axis=axis))


@primitive
def pad_constant(x, pad_width, constant_values=0):
    return np.pad(x, pad_width, mode="constant", constant_values=constant_values)


def _pad_vjp(g, ans, x, pad_width, constant_values=0):
    widths = np.broadcast_to(np.asarray(pad_width), (np.ndim(x), 2))
    return g[tuple(slice(int(lo), g.shape[i] - int(hi)) for i, (lo, hi) in enumerate(widths))]


defvjp(pad_constant, _pad_vjp)


# --- cumulative ops and products ----------------------------------------------------------
@primitive
def cumsum(x, axis=None):
    return np.cumsum(x, axis=axis)


def _cumsum_vjp(g, ans, x, axis=None):
    if axis is None:
        return np.flip(np.cumsum(np.flip(g))).reshape(np.shape(x))
    return np.flip(np.cumsum(np.flip(g, axis), axis=axis), axis)


defvjp(cumsum, _cumsum_vjp)


@primitive
def prod(x, axis=None, keepdims=False):
    return np.prod(x, axis=axis, keepdims=keepdims)


def _prod_vjp(g, ans, x, axis=None, keepdims=False):
    if not keepdims and axis is not None:
        g, ans = np.expand_dims(g, axis), np.expand_dims(ans, axis)
    # d prod / d x_i = prod of the others (x has no zeros where this rule is used).
    return g * ans / x


defvjp(prod, _prod_vjp)


# --- einsum -----------------------------------------------------------------------------
def _einsum_parts(subscripts, n):
    inputs, _, output = subscripts.replace(" ", "").partition("->")
    terms = inputs.split(",")
    if not _:
        letters = "".join(terms)
        output = "".join(sorted(c for c in set(letters) if letters.count(c) == 1))
    if len(terms) != n or "." in subscripts:
        raise ValueError(f"einsum: subscripts {subscripts!r} must name every axis of each of the "
                         f"{n} operands (no '...').")
    return terms, output


@primitive
def einsum(subscripts, *operands):
    return np.einsum(subscripts, *operands)


def _einsum_vjp(i):
    def rule(g, ans, subscripts, *operands):
        terms, output = _einsum_parts(subscripts, len(operands))
        term = terms[i]
        if len(set(term)) != len(term):
            raise ValueError(f"einsum: no gradient for an operand with a repeated index ({term!r}).")
        others = [t for j, t in enumerate(terms) if j != i]
        present = set(output).union(*others) if others else set(output)
        kept = "".join(c for c in term if c in present)
        spec = ",".join([output, *others]) + "->" + kept
        grad = np.einsum(spec, g, *[o for j, o in enumerate(operands) if j != i])
        # Indices summed away inside this operand alone come back by broadcasting.
        grad = grad.reshape([operands[i].shape[k] if c in present else 1 for k, c in enumerate(term)])
        return np.broadcast_to(grad, operands[i].shape)
    return rule


def _einsum_defvjp(max_operands=6):
    # The first argument (the subscripts string) has no gradient.
    defvjp(einsum, None, *[_einsum_vjp(i) for i in range(max_operands)])


_einsum_defvjp()


# --- gathers and scatters ---------------------------------------------------------------
@primitive
def diagonal(x, offset=0, axis1=0, axis2=1):
    return np.diagonal(x, offset=offset, axis1=axis1, axis2=axis2).copy()


def _diagonal_vjp(g, ans, x, offset=0, axis1=0, axis2=1):
    ndim = np.ndim(x)
    out = np.zeros(np.shape(x), dtype=g.dtype)
    moved = np.moveaxis(out, (axis1 % ndim, axis2 % ndim), (-2, -1))  # a view of `out`
    steps = np.arange(g.shape[-1])
    moved[..., steps + max(-offset, 0), steps + max(offset, 0)] = g  # the diagonal is g's last axis
    return out


defvjp(diagonal, _diagonal_vjp)


@primitive
def take_along_axis(x, indices, axis=None):
    return np.take_along_axis(x, indices, axis=axis)


def _take_along_axis_vjp(g, ans, x, indices, axis=None):
    out = np.zeros(np.size(x) if axis is None else np.shape(x), dtype=g.dtype)
    if axis is None:
        np.add.at(out, indices, g)
        return out.reshape(np.shape(x))
    axis = axis % np.ndim(x)
    index = list(np.ix_(*[np.arange(d) for d in indices.shape]))
    index[axis] = indices
    np.add.at(out, tuple(index), g)  # repeated indices add up
    return out


defvjp(take_along_axis, _take_along_axis_vjp, None)


@primitive
def scatter(indices, values, shape):
    """`keras.ops.scatter`: zeros of `shape` with `values` added at `indices` (rows of coordinates)."""
    out = np.zeros(shape, dtype=np.asarray(values).dtype)
    np.add.at(out, tuple(np.moveaxis(np.asarray(indices), -1, 0)), values)
    return out


defvjp(scatter, None, lambda g, ans, indices, values, shape: g[tuple(np.moveaxis(np.asarray(indices), -1, 0))],
       None)


@primitive
def slice_update(x, start_indices, updates):
    out = np.array(x, copy=True)
    out[_window(start_indices, np.shape(updates))] = updates
    return out


def _window(start_indices, shape):
    return tuple(slice(int(s), int(s) + d) for s, d in zip(start_indices, shape))


def _slice_update_vjp_x(g, ans, x, start_indices, updates):
    g = np.array(g, copy=True)
    g[_window(start_indices, np.shape(updates))] = 0
    return g


defvjp(slice_update, _slice_update_vjp_x, None,
       lambda g, ans, x, start_indices, updates: g[_window(start_indices, np.shape(updates))])


@primitive
def segment_sum(data, segment_ids, num_segments):
    out = np.zeros((num_segments,) + np.shape(data)[1:], dtype=np.asarray(data).dtype)
    np.add.at(out, segment_ids, data)
    return out


defvjp(segment_sum, lambda g, ans, data, segment_ids, num_segments: g[segment_ids], None, None)


# --- linear algebra -----------------------------------------------------------------------
@primitive
def inv(a):
    return np.linalg.inv(a)


defvjp(inv, lambda g, ans, a: -np.swapaxes(ans, -1, -2) @ g @ np.swapaxes(ans, -1, -2))


@primitive
def det(a):
    return np.linalg.det(a)


defvjp(det, lambda g, ans, a: (g * ans)[..., None, None] * np.swapaxes(np.linalg.inv(a), -1, -2))


@primitive
def solve(a, b):
    return np.linalg.solve(a, b)


def _solve_vjp_a(g, ans, a, b):
    gb = np.linalg.solve(np.swapaxes(a, -1, -2), g)
    x = ans[..., None] if ans.ndim == a.ndim - 1 else ans
    gb = gb[..., None] if gb.ndim == a.ndim - 1 else gb
    return -gb @ np.swapaxes(x, -1, -2)


defvjp(solve, _solve_vjp_a, lambda g, ans, a, b: np.linalg.solve(np.swapaxes(a, -1, -2), g))
