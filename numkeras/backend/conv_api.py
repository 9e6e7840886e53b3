"""The public convolution and pooling ops (`numkeras.ops.conv`, ...), shaped like Keras's.

They turn Keras's arguments (ints or tuples, "valid"/"same"/"causal", `data_format`) into
the explicit pads, strides and dilations of the channels_last primitives in `conv_ops` and
`pool_ops`; channels_first inputs are transposed to channels_last and back.
"""
import numbers

import numpy as np

from numkeras.backend import config, conv_ops, pool_ops
from numkeras.backend import math_ops as m
from numkeras.backend.patches import Saved, effective_size
from numkeras.backend.tensor import Tensor

DATA_FORMATS = ("channels_last", "channels_first")


def as_tensor(x):
    if isinstance(x, Tensor):
        return x
    x = np.asarray(x)
    if x.dtype.kind in "iub" or (x.dtype.kind == "f" and x.dtype.name != config.floatx()):
        x = x.astype(config.floatx())
    return Tensor(x)


def standardize_tuple(value, rank, name, who="conv"):
    """An int or `rank` ints as a tuple of `rank` positive ints."""
    values = (value,) * rank if isinstance(value, numbers.Integral) else tuple(value)
    if len(values) != rank or not all(isinstance(v, numbers.Integral) and not isinstance(v, bool)
                                      for v in values):
        raise ValueError(f"{who}: `{name}` must be an int or a tuple of {rank} ints, got {value!r}.")
    if min(values) < 1:
        raise ValueError(f"{who}: `{name}` must be positive, got {value!r}.")
    return tuple(int(v) for v in values)


def standardize_padding(padding, allow_causal=False, who="conv"):
    value = str(padding).lower()
    allowed = ("valid", "same", "causal") if allow_causal else ("valid", "same")
    if value not in allowed:
        extra = (" ('causal' is only for 1-D convolutions)" if value == "causal" else "")
        raise ValueError(f"{who}: `padding` must be one of {allowed}, got {padding!r}{extra}.")
    return value


def standardize_data_format(data_format, who="conv"):
    value = config.image_data_format() if data_format is None else str(data_format).lower()
    if value not in DATA_FORMATS:
        raise ValueError(f"{who}: `data_format` must be 'channels_last' or 'channels_first', got "
                         f"{data_format!r}.")
    return value


def same_pads(size, kernel, stride, dilation=1):
    """XLA/TensorFlow "same": output ceil(size / stride), the odd pixel of padding after."""
    out = -(-size // stride)
    total = max((out - 1) * stride + effective_size(kernel, dilation) - size, 0)
    return total // 2, total - total // 2


def conv_pads(spatial, kernel, strides, padding, dilation):
    if padding == "valid":
        return tuple((0, 0) for _ in spatial)
    if padding == "causal":
        return ((effective_size(kernel[0], dilation[0]) - 1, 0),)
    return tuple(same_pads(n, k, s, d) for n, k, s, d in zip(spatial, kernel, strides, dilation))


def transpose_pads(kernel, strides, padding, output_padding, dilation):
    """JAX's (before, after) paddings of the stride-dilated input for Keras's conv_transpose."""
    pads = []
    for i, (k, s, d) in enumerate(zip(kernel, strides, dilation)):
        keff = effective_size(k, d)
        extra = None if output_padding is None else output_padding[i]
        if padding == "valid":
            extra = max(keff, s) - keff if extra is None else extra
            pads.append((keff - 1, keff - 1 + extra))
        else:
            total = s + keff - 2 if extra is None else keff + keff % 2 - 2 + extra
            before = min(total // 2 + total % 2, keff - 1)
            pads.append((before, total - before))
    return tuple(pads)


def to_channels_last(x, data_format):
    if data_format == "channels_last":
        return x
    return m.transpose(x, (0, *range(2, x.ndim), 1))


def from_channels_last(y, data_format):
    if data_format == "channels_last":
        return y
    return m.transpose(y, (0, y.ndim - 1, *range(1, y.ndim - 1)))


def _check_rank(x, kernel_rank, who):
    if x.ndim != kernel_rank + 2:
        raise ValueError(f"{who}: inputs of a {kernel_rank}-D operation must have rank "
                         f"{kernel_rank + 2} (batch, {kernel_rank} spatial axes, channels), got "
                         f"shape {tuple(x.shape)}.")


def conv(inputs, kernel, strides=1, padding="valid", data_format=None, dilation_rate=1,
         bias=None, saved=None, activation=None):
    """N-D convolution (cross-correlation), Keras's `ops.conv`; groups follow from the kernel.

    Args:
        inputs: (batch, *spatial, channels), or (batch, channels, *spatial) for channels_first.
        kernel: (*kernel_size, channels // groups, filters).
        strides, dilation_rate: int or one int per spatial axis.
        padding: "valid", "same", or "causal" (1-D only).
        data_format: "channels_last" (default) or "channels_first".
        bias: optional (filters,) vector added in the same step (a numkeras extension).
        saved: optional `patches.Saved` letting the backward pass reuse the forward's patches.
        activation: None or "relu", applied in the same step (a numkeras extension).

    Example:
    >>> conv(np.ones((1, 4, 4, 1)), np.ones((3, 3, 1, 2))).shape
    (1, 2, 2, 2)
    """
    x, kernel = as_tensor(inputs), as_tensor(kernel)
    rank = kernel.ndim - 2
    _check_rank(x, rank, "conv")
    data_format = standardize_data_format(data_format)
    strides = standardize_tuple(strides, rank, "strides")
    dilation = standardize_tuple(dilation_rate, rank, "dilation_rate")
    padding = standardize_padding(padding, allow_causal=rank == 1)
    x = to_channels_last(x, data_format)
    channels, per_group = x.shape[-1], kernel.shape[-2]
    if per_group < 1 or channels % per_group:
        raise ValueError(f"conv: the input's {channels} channels are not a multiple of the kernel's "
                         f"{per_group} input channels (kernel shape {tuple(kernel.shape)}).")
    pads = conv_pads(x.shape[1:-1], kernel.shape[:rank], strides, padding, dilation)
    y = conv_ops.conv(x, kernel, None if bias is None else as_tensor(bias), strides=strides, pads=pads,
                      dilation=dilation, groups=channels // per_group, saved=saved,
                      activation=activation)
    return from_channels_last(y, data_format)


def depthwise_conv(inputs, kernel, strides=1, padding="valid", data_format=None, dilation_rate=1,
                   bias=None, saved=None):
    """Each channel convolved with its own `depth_multiplier` filters; kernel (*k, C, multiplier).

    Example:
    >>> depthwise_conv(np.ones((1, 3, 2)), np.ones((2, 2, 3))).shape
    (1, 2, 6)
    """
    kernel = as_tensor(kernel)
    rank = kernel.ndim - 2
    flat = m.reshape(kernel, (*kernel.shape[:rank], 1, kernel.shape[-2] * kernel.shape[-1]))
    return conv(inputs, flat, strides, padding, data_format, dilation_rate, bias=bias, saved=saved)


def separable_conv(inputs, depthwise_kernel, pointwise_kernel, strides=1, padding="valid",
                   data_format=None, dilation_rate=1):
    """A depthwise convolution followed by a 1x1 ("pointwise") convolution.

    Example:
    >>> separable_conv(np.ones((1, 3, 2)), np.ones((2, 2, 1)), np.ones((1, 2, 4))).shape
    (1, 2, 4)
    """
    depthwise = depthwise_conv(inputs, depthwise_kernel, strides, padding, data_format, dilation_rate)
    return conv(depthwise, pointwise_kernel, 1, "valid", data_format)


def conv_transpose(inputs, kernel, strides=1, padding="valid", output_padding=None, data_format=None,
                   dilation_rate=1, bias=None):
    """Transposed convolution, Keras's `ops.conv_transpose`; kernel (*k, filters, channels).

    Example:
    >>> conv_transpose(np.ones((1, 2, 2, 1)), np.ones((3, 3, 4, 1)), strides=2).shape
    (1, 5, 5, 4)
    """
    x, kernel = as_tensor(inputs), as_tensor(kernel)
    rank = kernel.ndim - 2
    _check_rank(x, rank, "conv_transpose")
    data_format = standardize_data_format(data_format, "conv_transpose")
    strides = standardize_tuple(strides, rank, "strides", "conv_transpose")
    dilation = standardize_tuple(dilation_rate, rank, "dilation_rate", "conv_transpose")
    padding = standardize_padding(padding, who="conv_transpose")
    if output_padding is not None:
        output_padding = ((output_padding,) * rank if isinstance(output_padding, numbers.Integral)
                          else tuple(output_padding))
    x = to_channels_last(x, data_format)
    if x.shape[-1] != kernel.shape[-1]:
        raise ValueError(f"conv_transpose: the input has {x.shape[-1]} channels but the kernel "
                         f"{tuple(kernel.shape)} expects {kernel.shape[-1]}.")
    pads = transpose_pads(kernel.shape[:rank], strides, padding, output_padding, dilation)
    y = conv_ops.conv_transpose(x, kernel, None if bias is None else as_tensor(bias), strides=strides,
                                pads=pads, dilation=dilation)
    return from_channels_last(y, data_format)


def _pool(primitive, name, inputs, pool_size, strides, padding, data_format):
    x = as_tensor(inputs)
    rank = x.ndim - 2
    if rank < 1:
        raise ValueError(f"{name}: inputs must have rank 3 to 5 (batch, spatial axes, channels), "
                         f"got shape {tuple(x.shape)}.")
    pool = standardize_tuple(pool_size, rank, "pool_size", name)
    strides = pool if strides is None else standardize_tuple(strides, rank, "strides", name)
    padding = standardize_padding(padding, who=name)
    data_format = standardize_data_format(data_format, name)
    x = to_channels_last(x, data_format)
    if padding == "valid":
        pads = tuple((0, 0) for _ in range(rank))
    else:
        pads = tuple(same_pads(n, p, s) for n, p, s in zip(x.shape[1:-1], pool, strides))
    return from_channels_last(primitive(x, pool=pool, strides=strides, pads=pads), data_format)


def max_pool(inputs, pool_size, strides=None, padding="valid", data_format=None):
    """Max pooling over 1 to 3 spatial axes (strides default to the pool size).

    Example:
    >>> max_pool(np.arange(4.0).reshape(1, 4, 1), 2).numpy().ravel().tolist()
    [1.0, 3.0]
    """
    return _pool(pool_ops.max_pool, "max_pool", inputs, pool_size, strides, padding, data_format)


def average_pool(inputs, pool_size, strides=None, padding="valid", data_format=None):
    """Average pooling over 1 to 3 spatial axes; "same" padding averages real values only.

    Example:
    >>> average_pool(np.arange(4.0).reshape(1, 4, 1), 2).numpy().ravel().tolist()
    [0.5, 2.5]
    """
    return _pool(pool_ops.average_pool, "average_pool", inputs, pool_size, strides, padding,
                 data_format)


def new_saved():
    """A holder for one call's patch buffer (see `conv`'s `saved`)."""
    return Saved()
