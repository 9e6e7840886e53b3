"""Softmax/sigmoid outputs remember their logits; fused cross-entropies equal the general formulas."""
import numpy as np
import pytest

from numkeras import ops
from numkeras.backend import GradientTape, Tensor, Variable, nn_ops
from numkeras.backend.nn_ops import logits_of

RNG = np.random.default_rng(7)


def tensor(values, dtype="float64"):
    return Tensor(np.asarray(values, dtype=dtype))


# --- logits_of ---------------------------------------------------------------------
@pytest.mark.parametrize("activation", [nn_ops.softmax, nn_ops.sigmoid])
def test_activation_output_remembers_its_logits_when_not_recording(activation):
    logits = tensor(RNG.standard_normal((2, 3)))
    probs = activation(logits)
    assert logits_of(probs, activation) is logits
    assert probs.node.argnums == ()  # remembered for the loss, but nothing to differentiate


@pytest.mark.parametrize("activation", [nn_ops.softmax, nn_ops.sigmoid])
def test_activation_output_remembers_its_logits_when_recording(activation):
    w = Variable(RNG.standard_normal((3, 3)))
    with GradientTape():
        logits = ops.matmul(tensor(RNG.standard_normal((2, 3))), w)
        probs = activation(logits)
    assert logits_of(probs, activation) is logits


def test_logits_given_as_an_array_come_back_as_a_tensor():
    values = RNG.standard_normal((2, 3)).astype("float32")
    found = logits_of(ops.softmax(values), nn_ops.softmax)
    assert isinstance(found, Tensor)
    np.testing.assert_array_equal(found.numpy(), values)


def test_softmax_over_another_axis_than_the_last_is_not_recognised():
    logits = tensor(RNG.standard_normal((2, 3)))
    assert logits_of(nn_ops.softmax(logits, axis=0), nn_ops.softmax) is None
    assert logits_of(nn_ops.softmax(logits, axis=1), nn_ops.softmax) is logits


def test_other_values_have_no_logits():
    logits = tensor(RNG.standard_normal((2, 3)))
    probs = nn_ops.softmax(logits)
    assert logits_of(probs, nn_ops.sigmoid) is None
    assert logits_of(probs * 1.0, nn_ops.softmax) is None
    assert logits_of(nn_ops.relu(logits), nn_ops.softmax) is None
    assert logits_of(np.ones((2, 3)), nn_ops.softmax) is None


# --- fused == general -------------------------------------------------------------------
def value_and_grads(loss_fn, *args):
    sources = [tensor(a) for a in args]
    for s in sources:
        s.requires_grad = True
    with GradientTape() as tape:
        loss = ops.sum(loss_fn(*sources))
    return loss.numpy(), tape.gradient(loss, sources)


def assert_same(fused, general, rtol=1e-10):
    np.testing.assert_allclose(fused[0], general[0], rtol=rtol)
    for fused_grad, general_grad in zip(fused[1], general[1]):
        np.testing.assert_allclose(fused_grad, general_grad, rtol=rtol, atol=1e-12)


@pytest.mark.parametrize("target", [
    np.eye(4)[[0, 3, 1, 1, 2]],                          # one-hot
    RNG.dirichlet(np.ones(4), 5),                        # soft labels
    RNG.uniform(0, 1, (5, 4)),                           # unnormalised: gradient p * sum(t) - t
], ids=["one-hot", "soft", "unnormalised"])
def test_softmax_crossentropy_equals_minus_sum_target_log_softmax(target):
    logits = RNG.standard_normal((5, 4)) * 2
    fused = value_and_grads(nn_ops.softmax_crossentropy, logits, target)
    general = value_and_grads(lambda z, t: -ops.sum(t * ops.log(ops.softmax(z)), axis=-1), logits, target)
    assert_same(fused, general)


def test_sparse_softmax_crossentropy_equals_the_one_hot_form():
    logits = RNG.standard_normal((2, 5, 4))
    labels = RNG.integers(0, 4, (2, 5))
    fused = value_and_grads(lambda z: nn_ops.sparse_softmax_crossentropy(z, labels), logits)
    general = value_and_grads(lambda z: nn_ops.softmax_crossentropy(z, np.eye(4)[labels]), logits)
    assert_same(fused, general)


def test_sigmoid_crossentropy_equals_the_binary_crossentropy_of_sigmoid():
    logits = RNG.standard_normal((5, 3)) * 3
    target = RNG.uniform(0, 1, (5, 3))

    def general(z, t):
        s = ops.sigmoid(z)
        return -(t * ops.log(s) + (1 - t) * ops.log(1 - s))

    assert_same(value_and_grads(nn_ops.sigmoid_crossentropy, logits, target),
                value_and_grads(general, logits, target), rtol=1e-9)


def test_fused_forms_stay_finite_where_the_general_ones_overflow():
    logits = np.array([[200.0, -200.0, 0.0]], dtype="float32")
    target = np.array([[0.0, 1.0, 0.0]], dtype="float32")
    with np.errstate(all="ignore"):
        general = -ops.sum(target * ops.log(ops.softmax(logits)), axis=-1).numpy()
    assert not np.isfinite(general).all()
    fused = nn_ops.softmax_crossentropy(logits, target).numpy()
    sparse = nn_ops.sparse_softmax_crossentropy(logits, np.array([1])).numpy()
    binary = nn_ops.sigmoid_crossentropy(logits, target).numpy()
    np.testing.assert_allclose(fused, [400.0], rtol=1e-6)
    np.testing.assert_allclose(sparse, [400.0], rtol=1e-6)
    np.testing.assert_allclose(binary, [[200.0, 200.0, np.log(2)]], rtol=1e-6)
    assert fused.dtype == sparse.dtype == binary.dtype == np.float32


def test_fused_float32_matches_float64():
    logits = RNG.standard_normal((5, 4))
    target = np.eye(4)[[0, 3, 1, 1, 2]]
    reference = value_and_grads(nn_ops.softmax_crossentropy, logits, target)
    sources = [tensor(logits, "float32"), tensor(target, "float32")]
    for s in sources:
        s.requires_grad = True
    with GradientTape() as tape:
        loss = ops.sum(nn_ops.softmax_crossentropy(*sources))
    grads = tape.gradient(loss, sources)
    assert loss.dtype == np.float32 and all(g.dtype == np.float32 for g in grads)
    np.testing.assert_allclose(loss.numpy(), reference[0], rtol=1e-6)
    np.testing.assert_allclose(grads[0], reference[1][0], atol=1e-6)
