"""Every primitive's VJP against finite differences, from one table.

Each row is one primitive call: inputs chosen away from kinks (relu/abs not
near 0, log/sqrt positive, clip away from its bounds, max without ties), so
finite differences are exact to ~1e-9 in float64. `check_grads` differentiates
every floating argument unless the row says otherwise. A primitive added to
the engine without a row here fails `test_every_primitive_has_a_row`.
"""
import importlib
import pkgutil

import numpy as np
import pytest

import numkeras
from numkeras.backend import (
    GradientTape,
    Tensor,
    backward,
    conv_ops,
    einsum_ops,
    gru_ops,
    image_ops,
    layer_ops,
    pool_ops,
    rnn_ops,
)
from numkeras.backend import array_ops as arr
from numkeras.backend import crossentropy_ops as ce
from numkeras.backend import loss_ops as losses
from numkeras.backend import math_ops as m
from numkeras.backend import nn_ops as nn
from numkeras.backend.gradcheck import check_grads
from numkeras.backend.primitive import REGISTRY

RNG = np.random.default_rng(1234)


def normal(*shape):
    return RNG.standard_normal(shape)


def positive(*shape):
    return RNG.uniform(0.5, 2.0, shape)


def away_from_zero(*shape, low=0.3, high=2.0):
    """Magnitudes in [low, high], random signs: no kink of relu/abs/elu... within reach of eps."""
    return RNG.uniform(low, high, shape) * RNG.choice([-1.0, 1.0], shape)


def distinct(*shape):
    """Values at least 0.1 apart, so max/min have no ties."""
    return RNG.permutation(np.arange(np.prod(shape)) * 0.1 - 1.0).reshape(shape)


def probabilities(*shape):
    p = positive(*shape)
    return p / p.sum(axis=-1, keepdims=True)


class Row:
    """One primitive call of the table: `prim(*args, **kwargs)`, or `call(*args, **kwargs)` if given."""

    def __init__(self, prim, *args, argnums=None, label="", zero_gradient=False, call=None, **kwargs):
        self.prim, self.args, self.kwargs = prim, args, kwargs
        self.call = call or prim
        self.argnums = argnums
        self.zero_gradient = zero_gradient  # stop_gradient: the VJP must be 0, unlike finite differences
        options = "-".join(f"{k}={v}" for k, v in kwargs.items() if k in ("axis", "delta"))
        self.id = "-".join(part for part in (prim.name, label, options) if part)

    def __call__(self, *args):
        return self.call(*args, **self.kwargs)


X34 = normal(3, 4)
CLIP_INPUT = np.array([[-2.0, -1.5, -0.6, 0.0], [0.4, 0.7, 1.3, 2.0]])  # bounds -1, 1 out of reach
WHERE_MASK = np.array([[True, False, True], [False, False, True]])

ROWS = [
    # elementwise arithmetic, with bias-like and scalar broadcasting
    Row(m.add, normal(3, 4), normal(3, 4)),
    Row(m.add, normal(5, 3), normal(3), label="bias"),
    Row(m.add, normal(3, 1), normal(1, 4), label="outer"),
    Row(m.add, normal(2, 3), 1.5, label="python-scalar"),
    Row(m.subtract, normal(3, 4), normal(3, 4)),
    Row(m.subtract, normal(3), normal(5, 3), label="bias-first"),
    Row(m.subtract, 0.5, normal(2, 3), label="scalar-first"),
    Row(m.multiply, normal(3, 4), normal(3, 4)),
    Row(m.multiply, normal(5, 3), normal(3), label="bias"),
    Row(m.multiply, normal(2, 3), np.array(2.5), label="0d"),
    Row(m.divide, normal(3, 4), away_from_zero(3, 4)),
    Row(m.divide, normal(5, 3), away_from_zero(3), label="bias"),
    Row(m.divide, 2.0, away_from_zero(2, 3), label="scalar-numerator"),
    Row(m.negative, normal(3, 4)),
    Row(m.power, positive(3, 4), positive(3, 4)),
    Row(m.power, positive(2, 3), 2.5, label="scalar-exponent"),
    Row(m.power, normal(2, 3), 3, label="integer-exponent"),
    Row(m.square, normal(3, 4)),
    Row(m.sqrt, positive(3, 4)),
    Row(m.exp, normal(3, 4)),
    Row(m.log, positive(3, 4)),
    Row(m.log1p, positive(3, 4) - 0.4),
    Row(m.expm1, normal(3, 4)),
    Row(m.abs, away_from_zero(3, 4)),
    Row(m.sin, normal(3, 4)),
    Row(m.cos, normal(3, 4)),
    Row(m.tanh, normal(3, 4)),
    Row(m.maximum, X34, X34 + away_from_zero(3, 4)),
    Row(m.maximum, away_from_zero(2, 3), 0.0, label="relu-like"),
    Row(m.maximum, away_from_zero(4, 3) + 1.0, np.ones(3), label="bias"),
    Row(m.minimum, X34, X34 + away_from_zero(3, 4)),
    Row(m.minimum, away_from_zero(2, 3), 0.0, label="scalar"),
    Row(m.clip, CLIP_INPUT, -1.0, 1.0, argnums=[0]),
    Row(m.where, WHERE_MASK, normal(2, 3), normal(2, 3)),
    Row(m.where, WHERE_MASK, normal(3), 0.5, label="broadcast"),
    # matrix products, including N-D and vector operands
    Row(m.matmul, normal(3, 4), normal(4, 2)),
    Row(einsum_ops.einsum_matmul, normal(2, 3, 4), normal(4, 2, 3), equation="abc,cde->abde", label="projection"),
    Row(einsum_ops.einsum_matmul, normal(2, 5, 3, 4), normal(2, 6, 3, 4), equation="aecd,abcd->acbe",
        label="attention-scores"),
    Row(einsum_ops.einsum_matmul, normal(2, 3, 4, 5), normal(4, 5, 6), equation="abcd,cde->abe",
        label="output-projection"),
    Row(einsum_ops.einsum_matmul, normal(1, 3, 4), normal(2, 4, 2), equation="...ij,...jk->...ik",
        label="broadcast-ellipsis"),
    Row(einsum_ops.einsum_matmul, normal(3, 4), normal(5), equation="ij,k->ik", label="summed-alone"),
    Row(m.matmul, normal(2, 3, 4), normal(4, 5), label="batch-x-shared-matrix"),
    Row(m.matmul, normal(2, 3, 4), normal(2, 4, 5), label="batched"),
    Row(m.matmul, normal(1, 3, 4), normal(2, 4, 5), label="broadcast-batch"),
    Row(m.matmul, normal(3, 4), normal(2, 4, 5), label="matrix-x-batch"),
    Row(m.matmul, normal(4), normal(4, 3), label="vector-matrix"),
    Row(m.matmul, normal(3, 4), normal(4), label="matrix-vector"),
    Row(m.matmul, normal(4), normal(4), label="dot"),
    Row(m.matmul, normal(4), normal(2, 4, 3), label="vector-batch"),
    Row(m.matmul, normal(2, 3, 4), normal(4), label="batch-vector"),
    Row(m.linear, normal(5, 4), normal(4, 3), normal(3)),
    Row(m.linear, normal(2, 5, 4), normal(4, 3), normal(3), label="3d-input"),
    Row(m.linear, normal(4), normal(4, 3), normal(3), label="1d-input"),
    Row(nn.dense, normal(5, 4), normal(4, 3), normal(3), label="linear"),
    Row(nn.dense, normal(5, 4), normal(4, 3), away_from_zero(3) * 3, activation="relu", label="relu"),
    Row(nn.dense, normal(5, 4), normal(4, 3), normal(3), activation="sigmoid", label="sigmoid"),
    Row(nn.dense, normal(5, 4), normal(4, 3), normal(3), activation="tanh", label="tanh"),
    Row(nn.dense, normal(2, 5, 4), normal(4, 3), normal(3), activation="tanh", label="3d-input"),
    # reductions: axis and keepdims variants
    Row(m.sum, normal(2, 3, 4)),
    Row(m.sum, normal(2, 3, 4), axis=1, label="axis"),
    Row(m.sum, normal(2, 3, 4), axis=(0, 2), keepdims=True, label="axes-keepdims"),
    Row(m.sum, normal(2, 3, 4), axis=-1, keepdims=True, label="last-keepdims"),
    Row(m.sum, np.array(1.5), label="0d"),
    Row(m.mean, normal(2, 3, 4)),
    Row(m.mean, normal(2, 3, 4), axis=1, label="axis"),
    Row(m.mean, normal(2, 3, 4), axis=(0, 2), keepdims=True, label="axes-keepdims"),
    Row(m.mean, normal(2, 3, 4), axis=-1, keepdims=True, label="last-keepdims"),
    Row(m.mean, normal(2, 3, 4), axis=(-1, -3), label="negative-axes"),
    Row(m.max, distinct(2, 3, 4)),
    Row(m.max, distinct(2, 3, 4), axis=1, label="axis"),
    Row(m.max, distinct(2, 3, 4), axis=(0, 2), keepdims=True, label="axes-keepdims"),
    Row(m.max, distinct(3, 4), axis=-1, keepdims=True, label="last-keepdims"),
    Row(m.min, distinct(2, 3, 4)),
    Row(m.min, distinct(2, 3, 4), axis=0, label="axis"),
    Row(m.min, distinct(2, 3, 4), axis=-1, keepdims=True, label="last-keepdims"),
    Row(m.logsumexp, normal(2, 3, 4)),
    Row(m.logsumexp, normal(2, 3, 4), axis=1, label="axis"),
    Row(m.logsumexp, normal(2, 3, 4), axis=-1, keepdims=True, label="last-keepdims"),
    Row(m.logsumexp, normal(2, 3, 4), axis=(0, 2), label="axes"),
    # shape ops
    Row(m.reshape, normal(2, 6), (3, 4)),
    Row(m.reshape, normal(2, 3, 2), (-1,), label="flatten"),
    Row(m.transpose, normal(3, 4)),
    Row(m.transpose, normal(2, 3, 4), (1, 0, 2), label="axes"),
    Row(m.transpose, normal(2, 3, 4), (0, -1, 1), label="negative-axes"),
    Row(m.expand_dims, normal(3, 4), 1),
    Row(m.expand_dims, normal(3, 4), -1, label="last"),
    Row(m.squeeze, normal(3, 1, 4, 1)),
    Row(m.squeeze, normal(3, 1, 4, 1), axis=1, label="axis"),
    Row(m.broadcast_to, normal(3), (2, 3)),
    Row(m.broadcast_to, normal(2, 1), (4, 2, 3), label="new-and-stretched-axes"),
    Row(m.getitem, normal(4, 5), (slice(1, 3), slice(None, None, 2))),
    Row(m.getitem, normal(4, 5), 2, label="int"),
    Row(m.getitem, normal(4, 5), (slice(None, None, -2), -1), label="negative-step"),
    Row(m.getitem, normal(4, 5), np.array([0, 2, 0, 3, 2]), label="repeated-indices"),
    Row(m.getitem, normal(4, 5), (np.array([1, 1, 3]), np.array([0, 0, 4])), label="repeated-pairs"),
    Row(m.getitem, normal(4, 5), normal(4, 5) > 0, label="mask"),
    Row(m.getitem, normal(4, 5), (Ellipsis, None, np.array([4, 4])), label="ellipsis-newaxis"),
    Row(m.take, normal(3, 4), np.array([1, 5, 5, 11, 1])),
    Row(m.take, normal(3, 4), np.array(2), axis=1, label="scalar-index"),
    Row(m.take, normal(6, 3), np.array([[0, 5], [5, 5]]), axis=0, label="embedding-lookup"),
    Row(m.take, normal(2, 4, 3), np.array([3, 0, 3]), axis=1, label="middle-axis"),
    Row(m.take, normal(2, 4, 3), np.array([[2, 2], [0, -1]]), axis=-1, label="negative-axis-and-index"),
    Row(m.concatenate_values, normal(2, 3), normal(4, 3), normal(1, 3), axis=0),
    Row(m.concatenate_values, normal(2, 3), normal(2, 1), normal(2, 2), label="last-axis"),
    Row(m.concatenate_values, normal(2, 2), label="single"),
    Row(m.stack_values, normal(2, 3), normal(2, 3), normal(2, 3)),
    Row(m.stack_values, normal(2, 3), normal(2, 3), axis=-1, label="last-axis"),
    Row(m.cast, normal(3, 4), "float64"),
    Row(m.stop_gradient, normal(3, 4), zero_gradient=True),
    # activations (away from each kink)
    Row(nn.sigmoid, normal(3, 4) * 3),
    Row(nn.sigmoid, normal(80, 80) * 3, label="large-stable-path"),
    Row(nn.relu, away_from_zero(3, 4)),
    Row(nn.relu_general, away_from_zero(3, 4), negative_slope=0.1, label="leaky"),
    Row(nn.relu_general, np.array([-1.0, 0.2, 0.8, 1.2, 2.0]), max_value=1.5, threshold=0.5,
        label="max-value-threshold"),
    Row(nn.relu_general, np.array([-1.0, 0.2, 0.8, 1.2, 2.0]), negative_slope=0.3, threshold=0.5,
        max_value=1.5, label="all-options"),
    Row(nn.softmax, normal(3, 4)),
    Row(nn.softmax, normal(3, 4, 2), axis=1, label="middle-axis"),
    Row(nn.log_softmax, normal(3, 4)),
    Row(nn.log_softmax, normal(3, 4), axis=0, label="first-axis"),
    Row(nn.softplus, normal(3, 4) * 3),
    Row(nn.softsign, away_from_zero(3, 4)),
    Row(nn.elu, away_from_zero(3, 4)),
    Row(nn.elu, away_from_zero(3, 4), alpha=0.5, label="alpha"),
    Row(nn.selu, away_from_zero(3, 4)),
    Row(nn.leaky_relu, away_from_zero(3, 4)),
    Row(nn.leaky_relu, away_from_zero(3, 4), negative_slope=0.01, label="slope"),
    Row(nn.relu6, np.array([-1.0, -0.3, 0.4, 3.0, 5.5, 7.0])),
    Row(nn.hard_sigmoid, np.array([-4.0, -2.5, -0.5, 0.5, 2.5, 4.0])),
    Row(nn.hard_silu, np.array([-4.0, -2.5, -0.5, 0.5, 2.5, 4.0])),
    Row(nn.silu, normal(3, 4) * 2),
    Row(nn.gelu, normal(3, 4) * 2),
    Row(nn.gelu, normal(3, 4) * 2, approximate=False, label="exact"),
    Row(nn.mish, normal(3, 4) * 2),
    # fused cross-entropies: logits and (soft, unnormalised) targets
    Row(nn.softmax_crossentropy, normal(5, 4), probabilities(5, 4)),
    Row(nn.softmax_crossentropy, normal(5, 4), positive(5, 4), label="unnormalised-target"),
    Row(nn.softmax_crossentropy, normal(2, 4, 3), probabilities(2, 3, 4).swapaxes(1, 2), axis=1,
        label="middle-axis"),
    Row(nn.sparse_softmax_crossentropy, normal(5, 4), np.array([0, 3, 3, 1, 2])),
    Row(nn.sparse_softmax_crossentropy, normal(2, 3, 4), np.array([[0, 3, 3], [1, 2, 0]]), label="3d"),
    Row(nn.sigmoid_crossentropy, away_from_zero(4, 3) * 2, RNG.uniform(0, 1, (4, 3))),
    Row(nn.sigmoid_crossentropy, away_from_zero(4, 3) * 2, (RNG.uniform(0, 1, (4, 3)) > 0.5) * 1.0,
        label="hard-labels"),
]



def loss_rows(kernel, y_pred, y_true, **kwargs):
    """A loss kernel's two primitives: per sample, and reduced (plain mean, then weighted)."""
    per_sample_shape = kernel.forward(y_pred, y_true, **kwargs).shape
    return [Row(kernel.per_sample, y_pred, y_true, **kwargs),
            Row(kernel.reduced, y_pred, y_true, divisor=int(np.prod(per_sample_shape)), label="mean", **kwargs),
            Row(kernel.reduced, y_pred, y_true, weights=positive(*per_sample_shape), divisor=2.5,
                label="weighted", **kwargs)]


def one_hot(labels, num_classes):
    return np.eye(num_classes)[labels]


Y = normal(4, 3)
PLUS_MINUS_ONE = RNG.choice([-1.0, 1.0], (4, 3))
HUBER_ERRORS = np.array([[0.3, -0.5, 1.6], [-1.4, 0.6, -0.2], [2.0, 0.4, -0.7], [-0.3, 1.8, 0.5]])  # |e| != 1
CLASSES = np.array([0, 2, 1, 2])
# margin max(wrong) - true + 1 is 0.7, 0.5, 1.9, 0.6: no kink, and no tie for the max
CATEGORICAL_HINGE_PRED = np.array([[1.2, 0.9, 0.4], [0.1, 0.6, 1.1], [0.3, 0.5, 1.4], [0.2, 0.7, 1.3]])

ROWS += [
    Row(losses.weighted_sum, normal(4, 3)),
    Row(losses.weighted_sum, normal(4, 3), weights=positive(4, 3), divisor=6, label="weighted"),
    Row(losses.weighted_sum, normal(4, 3), weights=positive(4, 1), divisor=2.5, label="broadcast-weights"),
    Row(losses.weighted_sum, normal(4, 3), divisor=0, label="zero-divisor"),
    *loss_rows(losses.MSE, normal(4, 3), Y),
    *loss_rows(losses.MSE, normal(2, 4, 3), normal(2, 4, 3), axis=1),
    *loss_rows(losses.MAE, Y + away_from_zero(4, 3), Y),
    *loss_rows(losses.MAPE, away_from_zero(4, 3), away_from_zero(4, 3) + 3.0),
    *loss_rows(losses.MSLE, positive(4, 3), positive(4, 3)),
    *loss_rows(losses.HUBER, Y + HUBER_ERRORS, Y),
    *loss_rows(losses.HUBER, Y + HUBER_ERRORS, Y, delta=0.45),
    *loss_rows(losses.LOG_COSH, normal(4, 3), normal(4, 3)),
    *loss_rows(losses.COSINE, normal(4, 3), normal(4, 3)),
    *loss_rows(losses.HINGE, PLUS_MINUS_ONE * (1 + away_from_zero(4, 3, low=0.2, high=0.8)), PLUS_MINUS_ONE),
    *loss_rows(losses.SQUARED_HINGE, normal(4, 3), PLUS_MINUS_ONE),
    *loss_rows(losses.CATEGORICAL_HINGE, CATEGORICAL_HINGE_PRED, one_hot(CLASSES, 3)),
    *loss_rows(losses.KLD, RNG.uniform(0.1, 0.9, (4, 3)), RNG.uniform(0.1, 0.9, (4, 3))),
    *loss_rows(losses.POISSON, positive(4, 3), positive(4, 3)),
    *loss_rows(ce.BINARY_CROSSENTROPY, RNG.uniform(0.1, 0.9, (4, 3)), RNG.uniform(0, 1, (4, 3))),
    *loss_rows(ce.SIGMOID_CROSSENTROPY, normal(4, 3), RNG.uniform(0, 1, (4, 3))),
    *loss_rows(ce.CATEGORICAL_CROSSENTROPY, positive(4, 3), probabilities(4, 3)),
    *loss_rows(ce.SOFTMAX_CROSSENTROPY, normal(4, 3), probabilities(4, 3)),
    *loss_rows(ce.SPARSE_CATEGORICAL_CROSSENTROPY, positive(4, 3), CLASSES),
    *loss_rows(ce.SPARSE_SOFTMAX_CROSSENTROPY, normal(4, 3), CLASSES),
]



def normalize_with_its_own_statistics(x, gamma, beta, reduction_axes, **kwargs):
    """BatchNormalization's call: the statistics passed in are x's own (so they move with x)."""
    values = np.asarray(x)
    mean = values.mean(axis=reduction_axes, keepdims=True)
    variance = values.var(axis=reduction_axes, keepdims=True)
    return layer_ops.normalize_affine(x, gamma, beta, reduction_axes, mean=mean, variance=variance, **kwargs)


ROWS += [
    Row(layer_ops.normalize_affine, normal(4, 5) * 3 + 1, positive(5), normal(5), label="layer-norm"),
    Row(layer_ops.normalize_affine, normal(6, 3) * 2, positive(3), normal(3), reduction_axes=(0,),
        param_axes=(1,), label="batch-norm"),
    Row(layer_ops.normalize_affine, normal(2, 3, 3, 2), positive(2), normal(2), reduction_axes=(0, 1, 2),
        param_axes=(3,), epsilon=1e-5, label="batch-norm-images"),
    Row(layer_ops.normalize_affine, normal(3, 2, 4), positive(2, 4), normal(2, 4), reduction_axes=(1, 2),
        param_axes=(1, 2), label="layer-norm-two-axes"),
    Row(layer_ops.normalize_affine, normal(4, 5), None, None, label="no-affine"),
    Row(layer_ops.normalize_affine, normal(6, 3), positive(3), normal(3), param_axes=(1,),
        call=normalize_with_its_own_statistics, label="given-statistics", reduction_axes=(0,)),
    # convolution and pooling (channels_last; pads are explicit (before, after) per spatial axis)
    Row(conv_ops.conv, normal(2, 5, 3), normal(2, 3, 4), normal(4), pads=((0, 0),), label="1d"),
    Row(conv_ops.conv, normal(2, 6, 2), normal(3, 2, 3), None, pads=((4, 0),), dilation=(2,),
        label="1d-causal-dilated"),
    Row(conv_ops.conv, normal(2, 5, 4, 3), normal(3, 2, 3, 4), normal(4), strides=(2, 1),
        pads=((1, 1), (0, 1)), dilation=(1, 1), label="2d-strided-padded"),
    Row(conv_ops.conv, away_from_zero(2, 4, 3, 2), normal(2, 2, 2, 3), normal(3), strides=(1, 1),
        pads=((0, 0), (0, 0)), dilation=(1, 1), activation="relu", label="2d-relu"),
    Row(conv_ops.conv, normal(1, 4, 4, 4), normal(2, 2, 2, 6), normal(6), strides=(1, 1),
        pads=((0, 0), (0, 0)), dilation=(1, 1), groups=2, label="2d-groups"),
    Row(conv_ops.conv, normal(1, 4, 3, 3), normal(2, 2, 1, 6), None, strides=(1, 1),
        pads=((0, 1), (0, 1)), dilation=(1, 1), groups=3, label="2d-depthwise"),
    Row(conv_ops.conv, normal(1, 3, 4, 3, 2), normal(2, 2, 2, 2, 2), normal(2), strides=(1, 2, 1),
        pads=((0, 0), (1, 0), (0, 1)), dilation=(1, 1, 1), label="3d"),
    Row(conv_ops.conv_transpose, normal(2, 3, 2), normal(3, 2, 2), normal(2), strides=(2,),
        pads=((2, 3),), label="1d"),
    Row(conv_ops.conv_transpose, normal(1, 3, 2, 2), normal(3, 2, 3, 2), normal(3), strides=(2, 1),
        pads=((1, 2), (1, 1)), dilation=(1, 1), label="2d-same"),
    Row(conv_ops.conv_transpose, normal(1, 2, 3, 2), normal(2, 2, 2, 2), None, strides=(1, 1),
        pads=((2, 2), (2, 2)), dilation=(2, 1), label="2d-dilated"),
    Row(pool_ops.max_pool, distinct(2, 4, 3), pool=(2,), strides=(2,), pads=((0, 0),), label="1d-tiled"),
    Row(pool_ops.max_pool, distinct(1, 5, 4, 2), pool=(3, 2), strides=(2, 1), pads=((1, 1), (0, 1)),
        label="2d-same"),
    Row(pool_ops.max_pool, distinct(1, 4, 4, 2, 2), pool=(2, 2, 2), strides=(2, 2, 2),
        pads=((0, 0), (0, 0), (0, 0)), label="3d-tiled"),
    Row(pool_ops.average_pool, normal(2, 4, 3), pool=(2,), strides=(2,), pads=((0, 0),), label="1d-tiled"),
    Row(pool_ops.average_pool, normal(1, 5, 4, 2), pool=(3, 2), strides=(2, 1), pads=((1, 1), (0, 1)),
        label="2d-same"),
    Row(pool_ops.average_pool, normal(1, 5, 4, 2), pool=(2, 2), strides=(1, 2), pads=((0, 0), (0, 0)),
        label="2d-overlapping"),
    Row(pool_ops.zero_pad, normal(2, 3, 2, 2), pads=((1, 2), (0, 1))),
    Row(pool_ops.repeat_spatial, normal(2, 3, 2, 2), sizes=(2, 3)),
    Row(pool_ops.linear_map_axis, normal(2, 3, 2, 2), matrix=pool_ops.bilinear_matrix(3, 6), axis=1),
]

# Image resampling: linear in the image; transforms are data (argnums=(0,)).
ROTATE_SHEAR = np.array([[0.8, -0.45, 1.3, 0.5, 0.9, -0.7, 0.0, 0.0],
                         [1.2, 0.3, -0.4, -0.2, 0.7, 0.9, 0.02, -0.01]])
ROWS += [
    Row(image_ops.resize, normal(2, 3, 4, 2), 5, 3, label="bilinear"),
    Row(image_ops.resize, normal(1, 6, 5, 1), 4, 7, "bicubic", True, label="bicubic-antialias"),
    Row(image_ops.resize, normal(2, 3, 2, 2), 4, 5, "nearest", label="nearest"),
    *(Row(image_ops.affine_transform, normal(2, 5, 4, 3), ROTATE_SHEAR, interp, mode, 0.5,
          argnums=(0,), label=f"{interp}-{mode}")
      for interp in image_ops.AFFINE_INTERPOLATIONS for mode in image_ops.FILL_MODES),
]

# keras.ops additions: trigonometry, tiling/padding, cumulative ops, einsum, gathers, linear algebra
SQUARE = normal(3, 3) + 3 * np.eye(3)  # well conditioned
ROWS += [
    Row(arr.tan, RNG.uniform(-1, 1, (3, 4))),
    Row(arr.sinh, normal(3, 4)),
    Row(arr.cosh, normal(3, 4)),
    Row(arr.arcsin, RNG.uniform(-0.8, 0.8, (3, 4))),
    Row(arr.arccos, RNG.uniform(-0.8, 0.8, (3, 4))),
    Row(arr.arctan, normal(3, 4)),
    Row(arr.arcsinh, normal(3, 4)),
    Row(arr.arccosh, positive(3, 4) + 1.0),
    Row(arr.arctanh, RNG.uniform(-0.8, 0.8, (3, 4))),
    Row(arr.cbrt, away_from_zero(3, 4)),
    Row(arr.erf, normal(3, 4)),
    Row(arr.arctan2, normal(3, 4), away_from_zero(3, 4)),
    Row(arr.tile, normal(2, 3), (2, 1, 2)),
    Row(arr.repeat, normal(2, 3), 2, axis=1),
    Row(arr.repeat, normal(2, 3), np.array([1, 0, 3]), axis=1, label="counts"),
    Row(arr.repeat, normal(2, 3), 2, label="flat"),
    Row(arr.roll, normal(3, 4), 2, axis=1),
    Row(arr.roll, normal(3, 4), (1, -1), axis=(0, 1), label="two-axes"),
    Row(arr.pad_constant, normal(2, 3), ((1, 0), (2, 1))),
    Row(arr.cumsum, normal(3, 4), axis=1),
    Row(arr.cumsum, normal(3, 4), label="flat"),
    Row(arr.prod, away_from_zero(3, 4), axis=1),
    Row(arr.prod, away_from_zero(2, 3), label="all"),
    Row(arr.einsum, "ij,jk->ik", normal(2, 3), normal(3, 4)),
    Row(arr.einsum, "bij,bj->bi", normal(2, 3, 4), normal(2, 4), label="batched"),
    Row(arr.einsum, "ij->j", normal(3, 4), label="reduce"),
    Row(arr.einsum, "ij,k->ik", normal(2, 3), normal(4), label="summed-alone"),
    Row(arr.diagonal, normal(4, 4)),
    Row(arr.diagonal, normal(2, 3, 4), offset=1, axis1=1, axis2=2, label="batched-offset"),
    Row(arr.take_along_axis, normal(3, 4), np.array([[0, 0], [3, 1], [2, 2]]), axis=1),
    Row(arr.scatter, np.array([[0, 1], [2, 2], [0, 1]]), normal(3), (3, 3)),
    Row(arr.slice_update, normal(4, 4), (1, 2), normal(2, 2)),
    Row(arr.segment_sum, normal(5, 2), np.array([0, 0, 2, 1, 2]), 3),
    Row(arr.inv, SQUARE),
    Row(arr.det, SQUARE),
    Row(arr.solve, SQUARE, normal(3, 2)),
    Row(arr.solve, SQUARE, normal(3), label="vector"),
]


SEQUENCE_MASK = np.array([[True, True, False], [False, True, True]])
ROWS += [  # the fused recurrent layers (tests/layers/rnn checks them further)
    Row(rnn_ops.simple_rnn_sequence, normal(2, 3, 2), normal(2, 2) * 0.5, normal(2, 2) * 0.5,
        normal(2), normal(2, 2), return_sequences=True, mask=SEQUENCE_MASK, label="sequences"),
    Row(rnn_ops.lstm_sequence, normal(2, 3, 2), normal(2, 8) * 0.5, normal(2, 8) * 0.5, normal(8),
        normal(2, 2), normal(2, 2), go_backwards=True, label="backwards"),
    Row(gru_ops.gru_sequence, normal(2, 3, 2), normal(2, 6) * 0.5, normal(2, 6) * 0.5, normal(2, 6),
        normal(2, 2), mask=SEQUENCE_MASK, label="reset-after"),
    Row(gru_ops.gru_sequence, normal(2, 3, 2), normal(2, 6) * 0.5, normal(2, 6) * 0.5, normal(6),
        normal(2, 2), reset_after=False, return_sequences=True, label="reset-before"),
]

def _ids(rows):
    return [row.id for row in rows]


GRADIENT_ROWS = [row for row in ROWS if not row.zero_gradient]
SMALL_ROWS = [row for row in GRADIENT_ROWS
              if max(a.size for a in row.args if isinstance(a, np.ndarray)) <= 64]


@pytest.mark.parametrize("row", GRADIENT_ROWS, ids=_ids(GRADIENT_ROWS))
def test_vjp_matches_finite_differences_along_random_projections(row):
    check_grads(row, row.args, argnums=row.argnums, num_projections=3, name=row.id)


@pytest.mark.parametrize("row", SMALL_ROWS, ids=_ids(SMALL_ROWS))
def test_vjp_matches_the_full_finite_difference_jacobian(row):
    check_grads(row, row.args, argnums=row.argnums, mode="jacobian", name=row.id)


@pytest.mark.parametrize("row", [r for r in ROWS if r.zero_gradient], ids=lambda r: r.id)
def test_stopped_gradient_is_none_while_the_value_passes_through(row):
    source = Tensor(row.args[0])
    source.requires_grad = True
    with GradientTape():
        out = row(source, *row.args[1:])
    np.testing.assert_array_equal(out.numpy(), row.args[0])
    assert backward(out, [source]) == [None]


def _float32(a):
    return a.astype(np.float32) if isinstance(a, np.ndarray) and a.dtype.kind == "f" else a


@pytest.mark.parametrize("row", ROWS, ids=_ids(ROWS))
def test_float32_inputs_give_float32_outputs_and_gradients(row):
    """No float64 creep: float32 in, float32 out, float32 gradients (Python-scalar constants are weak)."""
    args = [_float32(a) for a in row.args]
    sources = [Tensor(a) if isinstance(a, np.ndarray) and a.dtype == np.float32 else a for a in args]
    for s in sources:
        if isinstance(s, Tensor):
            s.requires_grad = True
    kwargs = {k: _float32(v) for k, v in row.kwargs.items()}  # e.g. a loss's sample weights
    with GradientTape():
        out = row.call(*sources, **kwargs)
    if row.prim is not m.cast:  # cast is the one primitive whose job is to change the dtype
        assert out.dtype == np.float32, f"{row.id}: output is {out.dtype}"
    tensors = [s for s in sources if isinstance(s, Tensor)]
    for i, grad in enumerate(backward(out, tensors)):
        assert grad is None or grad.dtype == np.float32, f"{row.id}: gradient {i} is {grad.dtype}"


def _import_every_numkeras_module():
    """Fills REGISTRY with every primitive the package defines, whatever the tests imported before."""
    for info in pkgutil.walk_packages(numkeras.__path__, "numkeras."):
        if info.name.rsplit(".", 1)[-1] == "__main__":
            continue
        try:
            importlib.import_module(info.name)
        except ModuleNotFoundError as error:  # an optional dependency (h5py, sklearn...) is missing
            if (error.name or "").startswith("numkeras"):
                raise


def test_row_ids_are_unique():
    ids = _ids(ROWS)
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)


def test_every_primitive_has_a_row():
    _import_every_numkeras_module()
    covered = {row.prim.name for row in ROWS}
    missing = sorted(set(REGISTRY) - covered)
    assert not missing, f"primitives without a gradient-check row in {__name__}: {missing}"
    assert all(REGISTRY[row.prim.name] is row.prim for row in ROWS)
