"""The convolution and pooling engine beyond the gradient-check table: a direct-sum reference,
the fast paths held equal to the general ones, channels_first, and max pooling's tie rule."""
import itertools

import numpy as np
import pytest

from numkeras import ops
from numkeras.backend import GradientTape, Tensor, backward, conv_ops, pool_ops
from numkeras.backend.patches import Saved

RNG = np.random.default_rng(7)


def direct_conv2d(x, kernel, stride, pads, dilation, groups):
    """The definition, one output value at a time (float64)."""
    xp = np.pad(x, ((0, 0), *pads, (0, 0)))
    kh, kw, cg, f = kernel.shape
    oh = (xp.shape[1] - (kh - 1) * dilation[0] - 1) // stride[0] + 1
    ow = (xp.shape[2] - (kw - 1) * dilation[1] - 1) // stride[1] + 1
    out = np.zeros((x.shape[0], oh, ow, f))
    fg = f // groups
    for n, i, j, o in itertools.product(range(x.shape[0]), range(oh), range(ow), range(f)):
        g = o // fg
        for a, b in itertools.product(range(kh), range(kw)):
            pixel = xp[n, i * stride[0] + a * dilation[0], j * stride[1] + b * dilation[1],
                       g * cg:(g + 1) * cg]
            out[n, i, j, o] += pixel @ kernel[a, b, :, o]
    return out


@pytest.mark.parametrize("stride, pads, dilation, groups", [
    ((1, 1), ((0, 0), (0, 0)), (1, 1), 1), ((2, 3), ((1, 2), (0, 1)), (1, 1), 1),
    ((1, 1), ((2, 2), (1, 1)), (2, 1), 2), ((1, 2), ((0, 0), (0, 0)), (1, 1), 4),
])
def test_conv_equals_the_direct_sum(stride, pads, dilation, groups):
    x = RNG.standard_normal((2, 7, 6, 4))
    kernel = RNG.standard_normal((3, 2, 4 // groups, 4))
    out = conv_ops.conv(x, kernel, None, strides=stride, pads=pads, dilation=dilation, groups=groups)
    np.testing.assert_allclose(out.numpy(), direct_conv2d(x, kernel, stride, pads, dilation, groups),
                               rtol=1e-12, atol=1e-12)


def test_saved_patches_give_the_same_gradients_and_return_to_the_pool():
    x, kernel = Tensor(RNG.standard_normal((3, 6, 6, 2))), Tensor(RNG.standard_normal((3, 3, 2, 4)))
    x.requires_grad = kernel.requires_grad = True
    results = []
    for saved in (None, Saved()):
        with GradientTape():
            y = conv_ops.conv(x, kernel, None, strides=(1, 1), pads=((1, 1), (1, 1)), dilation=(1, 1),
                              saved=saved, activation="relu")
        results.append(backward(y, [x, kernel], output_grad=np.ones(y.shape)))
        if saved is not None:
            assert saved.patches is None  # handed back after the backward pass
    for a, b in zip(*results):
        np.testing.assert_array_equal(a, b)


def test_channels_first_equals_transposed_channels_last():
    x = RNG.standard_normal((2, 3, 5, 6)).astype("float32")
    kernel = RNG.standard_normal((3, 3, 3, 4)).astype("float32")
    last = ops.conv(x.transpose(0, 2, 3, 1), kernel, strides=2, padding="same").numpy()
    first = ops.conv(x, kernel, strides=2, padding="same", data_format="channels_first").numpy()
    np.testing.assert_allclose(first, last.transpose(0, 3, 1, 2), rtol=1e-6)
    pooled = ops.max_pool(x, 2, data_format="channels_first").numpy()
    np.testing.assert_array_equal(pooled, ops.max_pool(x.transpose(0, 2, 3, 1), 2).numpy().transpose(0, 3, 1, 2))


def _max_pool_grad(x, **kwargs):
    source = Tensor(x)
    source.requires_grad = True
    with GradientTape():
        y = pool_ops.max_pool(source, **kwargs)
    return backward(y, [source], output_grad=np.ones(y.shape))[0]


def test_max_pool_sends_a_tied_window_s_gradient_to_its_first_maximum():
    x = np.array([[[[1.0], [1.0]], [[1.0], [0.0]]]])          # one 2x2 window, three tied maxima
    grad = _max_pool_grad(x, pool=(2, 2), strides=(2, 2), pads=((0, 0), (0, 0)))
    np.testing.assert_array_equal(grad[0, ..., 0], [[1.0, 0.0], [0.0, 0.0]])


@pytest.mark.parametrize("shape", [(2, 8, 6, 3), (2, 9, 7, 3)])
def test_max_pool_tiled_backward_equals_the_offset_rule(shape):
    x = RNG.permutation(np.arange(np.prod(shape), dtype=float)).reshape(shape)
    kwargs = {"pool": (2, 2), "strides": (2, 2), "pads": ((0, 0), (0, 0))}
    ans = pool_ops.max_pool.fn(x, **kwargs)
    g = RNG.standard_normal(ans.shape)
    np.testing.assert_array_equal(pool_ops._max_pool_vjp(g, ans, x, **kwargs),
                                  pool_ops._max_pool_vjp_by_offset(g, ans, x, **kwargs))
