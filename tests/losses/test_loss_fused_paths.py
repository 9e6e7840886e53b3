"""The fused paths beside the general ones: same values and gradients where both are defined.

A cross-entropy given a softmax/sigmoid output uses the logits behind it (one
primitive, gradient p - y); the general path clips the probabilities. They must
agree on non-saturated inputs; where the probabilities saturate, only the
fused path stays exact.
"""
import warnings

import numpy as np
import pytest
from float32_tolerance import assert_float32_close

from numkeras import losses, ops
from numkeras.backend import GradientTape, Tensor, backward, crossentropy_ops, loss_ops

RNG = np.random.default_rng(3)
LOGITS = RNG.normal(size=(6, 4)).astype(np.float32)
IDS = np.array([0, 3, 1, 2, 3, 0])
ONE_HOT = np.eye(4, dtype=np.float32)[IDS]
BINARY = RNG.integers(0, 2, (6, 4)).astype(np.float32)


def _source(value):
    source = Tensor(np.array(value))
    source.requires_grad = True
    return source


def _value_and_grad(loss_fn, logits, general):
    """The loss and its gradient w.r.t. `logits`; `general` hides the activation from the loss."""
    z = _source(logits)
    with GradientTape():
        probabilities = loss_fn.activation(z)
        if general:
            probabilities = probabilities * 1.0   # a multiply node: the loss sees plain probabilities
        out = loss_fn(probabilities)
    return out, backward(out, [z])[0]


class Case:
    def __init__(self, name, loss, y_true, activation, fused_kernel):
        self.name, self.loss, self.y_true = name, loss, y_true
        self.activation, self.fused_kernel = activation, fused_kernel

    def __call__(self, y_pred, sample_weight=None):
        return self.loss(self.y_true, y_pred, sample_weight=sample_weight)


CASES = [
    Case("binary", losses.BinaryCrossentropy(), BINARY, ops.sigmoid, crossentropy_ops.SIGMOID_CROSSENTROPY),
    Case("binary_smoothing", losses.BinaryCrossentropy(label_smoothing=0.2), BINARY, ops.sigmoid,
         crossentropy_ops.SIGMOID_CROSSENTROPY),
    Case("categorical", losses.CategoricalCrossentropy(), ONE_HOT, ops.softmax,
         crossentropy_ops.SOFTMAX_CROSSENTROPY),
    Case("categorical_smoothing", losses.CategoricalCrossentropy(label_smoothing=0.1), ONE_HOT, ops.softmax,
         crossentropy_ops.SOFTMAX_CROSSENTROPY),
    Case("sparse", losses.SparseCategoricalCrossentropy(), IDS, ops.softmax,
         crossentropy_ops.SPARSE_SOFTMAX_CROSSENTROPY),
]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_fused_equals_general_on_moderate_logits(case):
    fused, fused_grad = _value_and_grad(case, LOGITS, general=False)
    general, general_grad = _value_and_grad(case, LOGITS, general=True)
    # fused and composed float32 ops round differently (and tf.keras's +eps inside the binary
    # logs moves values by ~1e-7 relative): equal to float32 rounding
    assert_float32_close(fused.numpy(), general.numpy())
    np.testing.assert_allclose(fused_grad, general_grad, rtol=1e-4, atol=1e-6)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_softmax_or_sigmoid_output_takes_the_fused_primitive(case):
    z = _source(LOGITS)
    with GradientTape():
        out = case(case.activation(z))
    # One node: the kernel's reduced primitive, fed by the logits themselves (no activation node).
    assert out.node.primitive is case.fused_kernel.reduced
    assert out.node.inputs[0] is z


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_fused_path_is_also_taken_outside_training(case):
    probabilities = case.activation(LOGITS)          # e.g. model.predict(), then the loss by hand
    assert probabilities.node is not None            # softmax/sigmoid remember their logits
    general = case(probabilities.numpy())
    assert_float32_close(case(probabilities).numpy(), general.numpy())  # fused vs composed


def test_fused_binary_stays_exact_where_probabilities_saturate():
    logits = np.array([[40.0], [-40.0], [3.0]], np.float32)
    y_true = np.array([[0.0], [1.0], [1.0]], np.float32)
    z = _source(logits)
    with GradientTape():
        out = losses.BinaryCrossentropy(reduction=None)(y_true, ops.sigmoid(z))
    # -log(1 - sigmoid(40)) = 40 + log1p(exp(-40)); the clipped probability path caps it near 15.3
    np.testing.assert_allclose(out.numpy(), [40.0, 40.0, np.log1p(np.exp(-3.0))], rtol=1e-6)
    clipped = losses.BinaryCrossentropy(reduction=None)(y_true, ops.sigmoid(logits).numpy()).numpy()
    assert 15 < clipped[0] < 16
    grad = backward(out, [z], output_grad=np.ones(3, np.float32))[0]
    np.testing.assert_allclose(grad[:, 0], [1.0, -1.0, 1 / (1 + np.exp(-3.0)) - 1], rtol=1e-6)


def test_fused_categorical_gradient_is_p_minus_y_over_batch():
    z = _source(LOGITS)
    with GradientTape():
        out = losses.CategoricalCrossentropy()(ONE_HOT, ops.softmax(z))
    p = np.exp(LOGITS) / np.exp(LOGITS).sum(-1, keepdims=True)
    np.testing.assert_allclose(backward(out, [z])[0], (p - ONE_HOT) / len(IDS), rtol=1e-5, atol=1e-7)


def test_sparse_fused_stays_finite_for_huge_logits():
    logits = np.array([[1000.0, -1000.0, 0.0]], np.float32)
    out = losses.SparseCategoricalCrossentropy()(np.array([1]), ops.softmax(logits))
    assert float(out) == pytest.approx(2000.0)


def test_softmax_over_another_axis_is_not_mistaken_for_class_probabilities():
    z = _source(LOGITS)
    with GradientTape():
        probabilities = ops.softmax(z, axis=0)   # normalised over the batch, not the classes
        out = losses.CategoricalCrossentropy()(ONE_HOT, probabilities)
    assert out.node.primitive is crossentropy_ops.CATEGORICAL_CROSSENTROPY.reduced
    general = losses.CategoricalCrossentropy()(ONE_HOT, probabilities.numpy())
    assert_float32_close(out.numpy(), general.numpy())  # one tape-recorded, one plain: same ops


@pytest.mark.parametrize("loss, activation", [
    (losses.BinaryCrossentropy(from_logits=True), ops.sigmoid),
    (losses.CategoricalCrossentropy(from_logits=True), ops.softmax)])
def test_from_logits_with_a_probability_output_warns(loss, activation):
    with pytest.warns(UserWarning, match="from_logits=True, but y_pred was produced by a"):
        loss(BINARY if activation is ops.sigmoid else ONE_HOT, activation(LOGITS))


def test_plain_arrays_use_the_probability_kernel():
    y_pred = ops.softmax(LOGITS).numpy()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        z = _source(y_pred)
        with GradientTape():
            out = losses.CategoricalCrossentropy()(ONE_HOT, z)
    assert out.node.primitive is crossentropy_ops.CATEGORICAL_CROSSENTROPY.reduced


def test_regression_loss_is_one_node_on_the_prediction():
    p = _source(LOGITS)
    with GradientTape():
        out = losses.MeanSquaredError()(ONE_HOT, p, sample_weight=np.arange(6.0))
    assert out.node.primitive is loss_ops.MSE.reduced and out.node.inputs[0] is p
