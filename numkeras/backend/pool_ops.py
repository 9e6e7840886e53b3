"""Pooling and spatial resampling primitives, channels_last, 1-D to 3-D, forward beside VJP.

Windows are visited by kernel offset: one strided slice of the (padded) input per position
in the pool window. When windows tile the input exactly (strides == pool size, no
padding), the forward pass is one reshape and one reduction instead. Max pooling sends a
window's gradient to its first maximum, as XLA's select-and-scatter does. Average pooling
with "same" padding divides by the number of real (unpadded) values in each window.
"""
import math

import numpy as np

from numkeras.backend.patches import (
    crop_spatial,
    kernel_offsets,
    output_size,
    pad_spatial,
    window,
)
from numkeras.backend.primitive import defvjp, primitive


def _geometry(x, pool, strides, pads):
    padded = tuple(n + lo + hi for n, (lo, hi) in zip(x.shape[1:-1], pads))
    out = tuple(output_size(p, k, s, 1) for p, k, s in zip(padded, pool, strides))
    if min(out) < 1:
        raise ValueError(f"pool: the pool window {tuple(pool)} is larger than the padded input "
                         f"{padded}.")
    return out


def _tiles(x, pool, strides, pads):
    """A view (N, o1, p1, o2, p2, ..., C) of `x`'s windows when they tile it (strides == pool,
    no padding; rows past the last window are left out), else None. Never a copy, so a
    result written into the view lands in `x`."""
    if tuple(pool) != tuple(strides) or any(lo or hi for lo, hi in pads):
        return None
    out = tuple(n // p for n, p in zip(x.shape[1:-1], pool))
    body = x[(slice(None),) + tuple(slice(0, o * p) for o, p in zip(out, pool)) + (slice(None),)]
    split = [x.shape[0]]
    for o, p in zip(out, pool):
        split += [o, p]
    try:
        return np.reshape(body, split + [x.shape[-1]], copy=False)
    except ValueError:
        return None


def _expand_windows(a, rank):
    """`a` (N, o1, ..., C) with a size-1 axis after each spatial axis, to broadcast against tiles."""
    shape = [a.shape[0]]
    for o in a.shape[1:-1]:
        shape += [o, 1]
    return a.reshape(shape + [a.shape[-1]])


def _window_axes(rank):
    return tuple(2 + 2 * i for i in range(rank))


@primitive
def max_pool(x, pool=(2,), strides=(2,), pads=((0, 0),)):
    """Maximum over each window of `x` (N, *spatial, C); padding counts as -inf.

    Example:
    >>> max_pool(np.array([[[1.0], [3.0], [2.0], [0.0]]])).numpy().ravel().tolist()
    [3.0, 2.0]
    """
    out_shape = _geometry(x, pool, strides, pads)
    xp = pad_spatial(x, pads, -np.inf)
    offsets = kernel_offsets(pool)
    out = xp[window(next(offsets), out_shape, strides, (1,) * len(pool))].copy()
    for offset in offsets:
        np.maximum(out, xp[window(offset, out_shape, strides, (1,) * len(pool))], out=out)
    return out


def _max_pool_vjp(g, ans, x, pool=(2,), strides=(2,), pads=((0, 0),)):
    tiles = _tiles(x, pool, strides, pads)
    if tiles is not None:
        # One comparison over the whole input; valid when every window has a single maximum
        # (as many hits as windows), else the exact first-maximum rule below.
        hits = tiles == _expand_windows(ans, len(pool))
        if np.count_nonzero(hits) == ans.size:
            exact = all(n % p == 0 for n, p in zip(x.shape[1:-1], pool))
            dx = np.empty(x.shape, g.dtype) if exact else np.zeros(x.shape, g.dtype)
            np.multiply(hits, _expand_windows(g, len(pool)), out=_tiles(dx, pool, strides, pads))
            return dx
    return _max_pool_vjp_by_offset(g, ans, x, pool, strides, pads)


def _max_pool_vjp_by_offset(g, ans, x, pool, strides, pads):
    out_shape = ans.shape[1:-1]
    xp = pad_spatial(x, pads, -np.inf)
    # Windows that neither overlap nor leave gaps write each input once: no zeroing, no adds.
    tiled = all(s == p and n == o * p for s, p, n, o in zip(strides, pool, xp.shape[1:-1], out_shape))
    dxp = np.empty(xp.shape, g.dtype) if tiled else np.zeros(xp.shape, g.dtype)
    free = np.ones(ans.shape, bool)      # windows whose maximum has not been found yet
    hit = np.empty(ans.shape, bool)
    share = np.empty(ans.shape, g.dtype)
    ones = (1,) * len(pool)
    for offset in kernel_offsets(pool):
        index = window(offset, out_shape, strides, ones)
        np.equal(xp[index], ans, out=hit)
        hit &= free
        free ^= hit
        if tiled:
            np.multiply(g, hit, out=dxp[index])
        else:
            np.multiply(g, hit, out=share)
            dxp[index] += share
    return crop_spatial(dxp, pads)


defvjp(max_pool, _max_pool_vjp)


def _window_counts(x_shape, pool, strides, pads, out_shape, dtype):
    """How many real values each window covers: an outer product of one count per axis."""
    counts = np.ones((), dtype)
    for n, p, s, (lo, _), o in zip(x_shape[1:-1], pool, strides, pads, out_shape):
        starts = np.arange(o) * s - lo
        axis_count = np.minimum(starts + p, n) - np.maximum(starts, 0)
        counts = np.multiply.outer(counts, axis_count.astype(dtype))
    return counts[..., None]


@primitive
def average_pool(x, pool=(2,), strides=(2,), pads=((0, 0),)):
    """Mean over each window of `x` (N, *spatial, C), padded positions left out of the mean.

    Example:
    >>> average_pool(np.array([[[1.0], [3.0], [2.0], [0.0]]])).numpy().ravel().tolist()
    [2.0, 1.0]
    """
    tiles = _tiles(x, pool, strides, pads)
    if tiles is not None:
        return tiles.mean(axis=_window_axes(len(pool)))
    out_shape = _geometry(x, pool, strides, pads)
    xp = pad_spatial(x, pads)
    ones = (1,) * len(pool)
    total = np.zeros((x.shape[0], *out_shape, x.shape[-1]), x.dtype)
    for offset in kernel_offsets(pool):
        total += xp[window(offset, out_shape, strides, ones)]
    if any(lo or hi for lo, hi in pads):
        return total / _window_counts(x.shape, pool, strides, pads, out_shape, x.dtype)
    return total / np.asarray(math.prod(pool), x.dtype)


def _average_pool_vjp(g, ans, x, pool=(2,), strides=(2,), pads=((0, 0),)):
    out_shape = ans.shape[1:-1]
    if any(lo or hi for lo, hi in pads):
        share = g / _window_counts(x.shape, pool, strides, pads, out_shape, g.dtype)
    else:
        share = g / np.asarray(math.prod(pool), g.dtype)
    padded = (x.shape[0],) + tuple(n + lo + hi for n, (lo, hi) in zip(x.shape[1:-1], pads)) + (x.shape[-1],)
    dxp = np.zeros(padded, g.dtype)
    ones = (1,) * len(pool)
    for offset in kernel_offsets(pool):
        dxp[window(offset, out_shape, strides, ones)] += share
    return crop_spatial(dxp, pads)


defvjp(average_pool, _average_pool_vjp)


# --- resampling and padding -----------------------------------------------------------------
@primitive
def zero_pad(x, pads=((0, 0),)):
    """`x` (N, *spatial, C) with zeros added around its spatial axes, `pads[i] = (before, after)`."""
    return pad_spatial(x, pads)


defvjp(zero_pad, lambda g, ans, x, pads=((0, 0),): np.ascontiguousarray(crop_spatial(g, pads)))


@primitive
def repeat_spatial(x, sizes=(2,)):
    """Nearest-neighbour upsampling: every spatial position of `x` repeated `sizes[i]` times."""
    for axis, size in enumerate(sizes, start=1):
        if size != 1:
            x = np.repeat(x, size, axis=axis)
    return x


def _repeat_spatial_vjp(g, ans, x, sizes=(2,)):
    split = [x.shape[0]]
    for n, s in zip(x.shape[1:-1], sizes):
        split += [n, s]
    return g.reshape(split + [x.shape[-1]]).sum(axis=_window_axes(len(sizes)))


defvjp(repeat_spatial, _repeat_spatial_vjp)


@primitive
def linear_map_axis(x, matrix=None, axis=1):
    """`x` with axis `axis` replaced by `matrix @ that axis` (matrix (new_size, size)): resizing."""
    return np.moveaxis(np.tensordot(x, matrix.astype(x.dtype, copy=False), axes=([axis], [1])), -1, axis)


defvjp(linear_map_axis, lambda g, ans, x, matrix=None, axis=1: np.moveaxis(
    np.tensordot(g, matrix.astype(g.dtype, copy=False), axes=([axis], [0])), -1, axis))


def bilinear_matrix(size, new_size):
    """Linear interpolation with half-pixel centres and edge clamping (jax.image.resize's upsampling)."""
    centres = (np.arange(new_size) + 0.5) * (size / new_size) - 0.5
    centres = np.clip(centres, 0, size - 1)
    low = np.floor(centres).astype(int)
    high = np.minimum(low + 1, size - 1)
    frac = centres - low
    matrix = np.zeros((new_size, size))
    rows = np.arange(new_size)
    np.add.at(matrix, (rows, low), 1 - frac)   # a small constant table, built once per shape
    np.add.at(matrix, (rows, high), frac)
    return matrix
