"""Convolution primitives, channels_last, 1-D to 3-D, each forward beside its VJP.

`conv` is cross-correlation as Keras computes it: kernel (*kernel_size, C / groups, F),
explicit `pads` per spatial axis (the public op turns "valid"/"same"/"causal" into pads).
Forward: patches (im2col, into a pooled buffer) times the kernel, one matmul (one batched
matmul over groups). VJP: the kernel gradient is patches^T @ g, the input gradient is
(g @ kernel^T) summed back by kernel offset (col2im).

`conv_transpose` is the input-gradient of a convolution used as a forward pass (Keras's
Conv*Transpose): kernel (*kernel_size, F, C); `pads` are JAX's (before, after) paddings of
the stride-dilated input, which fix the output's size and where it starts.
"""
import math

import numpy as np

from numkeras.backend.patches import (
    POOL,
    col2im,
    crop_spatial,
    effective_size,
    im2col,
    kernel_offsets,
    output_size,
    pad_spatial,
    window,
)
from numkeras.backend.primitive import defvjp_joint, primitive


def _out_shape(padded_spatial, kernel_spatial, strides, dilation):
    out = tuple(output_size(p, k, s, d)
                for p, k, s, d in zip(padded_spatial, kernel_spatial, strides, dilation))
    if min(out) < 1:
        raise ValueError(f"conv: the kernel {tuple(kernel_spatial)} (dilation {tuple(dilation)}) is "
                         f"larger than the padded input {tuple(padded_spatial)}.")
    return out


def _group_split(patches, kernel, groups):
    """Patches (M, K, C) and kernel (K, Cg, F) as batched matmul operands (G, M, K*Cg), (G, K*Cg, Fg)."""
    m, k, c = patches.shape
    cg, f = kernel.shape[1], kernel.shape[2]
    p = patches.reshape(m, k, groups, cg).transpose(2, 0, 1, 3).reshape(groups, m, k * cg)
    w = kernel.reshape(k, cg, groups, f // groups).transpose(2, 0, 1, 3).reshape(groups, k * cg, -1)
    return p, w


def _matmul_patches(patches, kernel, groups):
    """(M, K, C) patches times (K, Cg, F) kernel: (M, F)."""
    m, k, c = patches.shape
    if groups == 1:
        return patches.reshape(m, k * c) @ kernel.reshape(k * c, -1)
    p, w = _group_split(patches, kernel, groups)
    return (p @ w).transpose(1, 0, 2).reshape(m, -1)


def _patch_grads(g2, kernel, groups, m, k, c):
    """Gradient of the (M, K, C) patches given the (M, F) output gradient."""
    if groups == 1:
        return (g2 @ kernel.reshape(k * c, -1).T).reshape(m, k, c)
    cg = kernel.shape[1]
    w = kernel.reshape(k, cg, groups, -1).transpose(2, 0, 1, 3).reshape(groups, k * cg, -1)
    gg = g2.reshape(m, groups, -1).transpose(1, 0, 2)
    return (gg @ w.transpose(0, 2, 1)).reshape(groups, m, k, cg).transpose(1, 2, 0, 3).reshape(m, k, c)


def _kernel_grad(patches, g2, kernel_shape, groups):
    m, k, c = patches.shape
    if groups == 1:
        return (patches.reshape(m, k * c).T @ g2).reshape(kernel_shape)
    cg = kernel_shape[-2]
    p = patches.reshape(m, k, groups, cg).transpose(2, 0, 1, 3).reshape(groups, m, k * cg)
    gg = g2.reshape(m, groups, -1).transpose(1, 0, 2)
    dw = p.transpose(0, 2, 1) @ gg                                    # (G, K*Cg, Fg)
    return dw.reshape(groups, k, cg, -1).transpose(1, 2, 0, 3).reshape(kernel_shape)


def _conv_patches(x, kernel_spatial, strides, pads, dilation, out_shape, pooled):
    xp = pad_spatial(x, pads)
    shape = (x.shape[0], *out_shape, math.prod(kernel_spatial), x.shape[-1])
    buffer = POOL.take(shape, x.dtype) if pooled else None
    return im2col(xp, kernel_spatial, strides, dilation, out_shape, out=buffer)


@primitive
def conv(x, kernel, bias=None, strides=(1,), pads=((0, 0),), dilation=(1,), groups=1, saved=None,
         activation=None):
    """N-D cross-correlation of `x` (N, *spatial, C) with `kernel` (*k, C // groups, F), plus `bias`.

    `saved` (a `patches.Saved`) keeps the patch buffer for the backward pass; without it the
    backward pass rebuilds the patches. `activation="relu"` applies relu in place (one node
    and one pass fewer than a separate relu; relu'(0) = 0 as in Keras).

    Example:
    >>> conv(np.arange(4.0).reshape(1, 4, 1), np.ones((2, 1, 1))).numpy().ravel().tolist()
    [1.0, 3.0, 5.0]
    """
    rank = kernel.ndim - 2
    kernel_spatial = kernel.shape[:rank]
    padded = tuple(n + lo + hi for n, (lo, hi) in zip(x.shape[1:-1], pads))
    out_shape = _out_shape(padded, kernel_spatial, strides, dilation)
    patches = _conv_patches(x, kernel_spatial, strides, pads, dilation, out_shape, pooled=True)
    m = math.prod(patches.shape[:-2])
    y = _matmul_patches(patches.reshape(m, -1, x.shape[-1]), kernel.reshape(-1, *kernel.shape[-2:]),
                        groups)
    if bias is not None:
        y += bias
    if activation == "relu":
        np.maximum(y, 0, out=y)
    if saved is not None:
        saved.patches = patches
    else:
        POOL.give(patches)
    return y.reshape(x.shape[0], *out_shape, kernel.shape[-1])


def _conv_vjp(g, ans, argnums, x, kernel, bias=None, strides=(1,), pads=((0, 0),), dilation=(1,),
              groups=1, saved=None, activation=None):
    if activation == "relu":
        g = g * (ans > 0)
    rank = kernel.ndim - 2
    kernel_spatial = kernel.shape[:rank]
    out_shape = g.shape[1:-1]
    k, c = math.prod(kernel_spatial), x.shape[-1]
    m = math.prod(g.shape[:-1])
    g2 = g.reshape(m, -1)
    grads = []
    for argnum in argnums:
        if argnum == 0:
            padded = (x.shape[0],) + tuple(n + lo + hi for n, (lo, hi) in
                                           zip(x.shape[1:-1], pads)) + (c,)
            if groups == 1:
                dxp = _input_grad_by_offset(g2, kernel.reshape(k, c, -1), padded, kernel_spatial,
                                            strides, dilation, g.shape[:-1])
            else:
                dp = _patch_grads(g2, kernel.reshape(k, *kernel.shape[-2:]), groups, m, k, c)
                dxp = col2im(dp.reshape(*g.shape[:-1], k, c), padded, kernel_spatial, strides, dilation)
            grads.append(np.ascontiguousarray(crop_spatial(dxp, pads)))
        elif argnum == 1:
            patches = saved.patches if saved is not None and saved.patches is not None else None
            if patches is None:
                patches = _conv_patches(x, kernel_spatial, strides, pads, dilation, out_shape,
                                        pooled=True)
            grads.append(_kernel_grad(patches.reshape(m, k, c), g2, kernel.shape, groups))
            if saved is not None:
                saved.patches = None
            POOL.give(patches)
        else:
            grads.append(_sum_rows(g2))
    return grads


def _sum_rows(g2):
    """`g2.sum(axis=0)` as a matrix-vector product: BLAS sums a tall matrix's rows faster."""
    return np.ones(g2.shape[0], g2.dtype) @ g2


def _input_grad_by_offset(g2, kernel3, padded_shape, kernel_spatial, strides, dilation, out_lead):
    """col2im of `g2 @ kernel^T` without the (M, K, C) patch-gradient buffer: for each kernel
    offset, one matmul into a contiguous (M, C) block, added into that offset's window."""
    dxp = np.zeros(padded_shape, g2.dtype)
    block = np.empty((g2.shape[0], kernel3.shape[1]), g2.dtype)
    out_shape = out_lead[1:]
    for i, offset in enumerate(kernel_offsets(kernel_spatial)):
        np.matmul(g2, kernel3[i].T, out=block)
        dxp[window(offset, out_shape, strides, dilation)] += block.reshape(*out_lead, -1)
    return dxp


defvjp_joint(conv, _conv_vjp)


# --- transposed convolution ---------------------------------------------------------------
def transpose_geometry(in_spatial, kernel_spatial, strides, pads, dilation):
    """Size of the full col2im canvas, where the output starts in it, and the output's size."""
    full, start, out = [], [], []
    for n, k, s, d, (lo, hi) in zip(in_spatial, kernel_spatial, strides, dilation, pads):
        keff = effective_size(k, d)
        length = (n - 1) * s + 1 + lo + hi - keff + 1
        begin = keff - 1 - lo
        if length < 1:
            raise ValueError(f"conv_transpose: padding {pads} leaves no output for input size "
                             f"{tuple(in_spatial)} and kernel {tuple(kernel_spatial)}.")
        full.append(max((n - 1) * s + keff, begin + length) - min(begin, 0))
        start.append(begin)
        out.append(length)
    return tuple(full), tuple(start), tuple(out)


def _canvas_region(start, out):
    lead = tuple(max(-b, 0) for b in start)
    return tuple(slice(b + l, b + l + o) for b, l, o in zip(start, lead, out)), lead


@primitive
def conv_transpose(x, kernel, bias=None, strides=(1,), pads=((0, 0),), dilation=(1,)):
    """Transposed convolution of `x` (N, *spatial, C) with `kernel` (*k, F, C), plus `bias` (F,).

    Example:
    >>> conv_transpose(np.ones((1, 2, 1)), np.ones((2, 1, 1)), pads=((1, 1),)).numpy().ravel().tolist()
    [1.0, 2.0, 1.0]
    """
    rank = kernel.ndim - 2
    kernel_spatial, f, c = kernel.shape[:rank], kernel.shape[-2], kernel.shape[-1]
    in_spatial = x.shape[1:-1]
    full, start, out = transpose_geometry(in_spatial, kernel_spatial, strides, pads, dilation)
    k = math.prod(kernel_spatial)
    m = math.prod(x.shape[:-1])
    dp = (x.reshape(m, c) @ kernel.reshape(k * f, c).T).reshape(*x.shape[:-1], k, f)
    region, lead = _canvas_region(start, out)
    canvas = np.zeros((x.shape[0], *full, f), dp.dtype)
    body = tuple(slice(l, None) for l in lead)
    body_shape = tuple(canvas.shape[i + 1] - lead[i] for i in range(rank))
    canvas[(slice(None),) + body + (slice(None),)] = col2im(
        dp, (x.shape[0], *body_shape, f), kernel_spatial, strides, dilation)
    y = canvas[(slice(None),) + region + (slice(None),)]
    if bias is not None:
        y = y + bias
    return np.ascontiguousarray(y)


def _conv_transpose_vjp(g, ans, argnums, x, kernel, bias=None, strides=(1,), pads=((0, 0),),
                        dilation=(1,)):
    rank = kernel.ndim - 2
    kernel_spatial, f, c = kernel.shape[:rank], kernel.shape[-2], kernel.shape[-1]
    in_spatial = x.shape[1:-1]
    full, start, out = transpose_geometry(in_spatial, kernel_spatial, strides, pads, dilation)
    region, lead = _canvas_region(start, out)
    canvas = np.zeros((g.shape[0], *full, f), g.dtype)
    canvas[(slice(None),) + region + (slice(None),)] = g
    body = canvas[(slice(None),) + tuple(slice(l, None) for l in lead) + (slice(None),)]
    k = math.prod(kernel_spatial)
    m = math.prod(x.shape[:-1])
    patches = im2col(body, kernel_spatial, strides, dilation, in_spatial).reshape(m, k * f)
    grads = []
    for argnum in argnums:
        if argnum == 0:
            grads.append((patches @ kernel.reshape(k * f, c)).reshape(x.shape))
        elif argnum == 1:
            grads.append((patches.T @ x.reshape(m, c)).reshape(kernel.shape))
        else:
            grads.append(_sum_rows(g.reshape(-1, f)))
    return grads


defvjp_joint(conv_transpose, _conv_transpose_vjp)
