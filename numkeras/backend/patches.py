"""Patch extraction for convolution and pooling, channels_last, any number of spatial axes.

`im2col` lays every window of a (padded) input side by side: `patches[n, *o, k, c] =
xp[n, *(o * strides + offset_k * dilation), c]`, one strided slice copy per kernel offset,
so a convolution becomes one matrix multiply over rows of `K * C` contiguous values.
`col2im` is its transpose: patch gradients summed back into the image, one slice-add per
kernel offset (never `np.add.at`). `BufferPool` hands out patch buffers that are given
back after the backward pass, so a training loop reuses the same memory every step.
"""
import itertools
import math

import numpy as np


class BufferPool:
    """Free arrays by (shape, dtype); `take` reuses one when it can, `give` returns it."""

    def __init__(self, max_per_key=4):
        self._free = {}
        self._max_per_key = max_per_key

    def take(self, shape, dtype):
        free = self._free.get((shape, np.dtype(dtype)))
        return free.pop() if free else np.empty(shape, dtype)

    def give(self, array):
        free = self._free.setdefault((array.shape, array.dtype), [])
        if len(free) < self._max_per_key and not any(a is array for a in free):
            free.append(array)

    def clear(self):
        self._free.clear()


POOL = BufferPool()


class Saved:
    """Holds a forward pass's patch buffer until its backward pass uses it and gives it back."""

    __slots__ = ("patches",)

    def __init__(self):
        self.patches = None


def kernel_offsets(kernel_shape):
    """Every kernel position, in C order (the order of the kernel's flattened spatial axes)."""
    return itertools.product(*(range(k) for k in kernel_shape))


def effective_size(kernel, dilation):
    return (kernel - 1) * dilation + 1


def output_size(padded, kernel, stride, dilation):
    return (padded - effective_size(kernel, dilation)) // stride + 1


def window(offset, out_shape, strides, dilation):
    """The index selecting, for kernel position `offset`, the input value under every output."""
    spatial = tuple(slice(k * d, k * d + s * (o - 1) + 1, s)
                    for k, o, s, d in zip(offset, out_shape, strides, dilation))
    return (slice(None),) + spatial + (slice(None),)


def pad_spatial(x, pads, value=0.0):
    """`x` (N, *spatial, C) with `pads[i] = (before, after)` added around spatial axis i."""
    if not any(lo or hi for lo, hi in pads):
        return x
    return np.pad(x, ((0, 0),) + tuple(pads) + ((0, 0),), constant_values=value)


def crop_spatial(xp, pads):
    """Inverse of `pad_spatial`: the interior of `xp`."""
    if not any(lo or hi for lo, hi in pads):
        return xp
    index = tuple(slice(lo, xp.shape[i + 1] - hi) for i, (lo, hi) in enumerate(pads))
    return xp[(slice(None),) + index + (slice(None),)]


def im2col(xp, kernel_shape, strides, dilation, out_shape=None, out=None):
    """Patches of `xp` (N, *spatial, C): an array (N, *out_shape, prod(kernel_shape), C)."""
    if out_shape is None:
        out_shape = tuple(output_size(p, k, s, d)
                          for p, k, s, d in zip(xp.shape[1:-1], kernel_shape, strides, dilation))
    shape = (xp.shape[0], *out_shape, math.prod(kernel_shape), xp.shape[-1])
    patches = np.empty(shape, xp.dtype) if out is None else out
    for i, offset in enumerate(kernel_offsets(kernel_shape)):
        patches[..., i, :] = xp[window(offset, out_shape, strides, dilation)]
    return patches


def col2im(patch_grads, image_shape, kernel_shape, strides, dilation, dtype=None):
    """Sums `patch_grads` (N, *out, K, C) back into an image of `image_shape` (N, *spatial, C)."""
    out_shape = patch_grads.shape[1:-2]
    image = np.zeros(image_shape, dtype or patch_grads.dtype)
    for i, offset in enumerate(kernel_offsets(kernel_shape)):
        image[window(offset, out_shape, strides, dilation)] += patch_grads[..., i, :]
    return image
