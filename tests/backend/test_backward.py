"""The tape and `backward`: what is recorded, how gradients meet, their dtypes and shapes."""
import numpy as np
import pytest

from numkeras import ops
from numkeras.backend import GradientTape, Tensor, Variable, backward, nn_ops, no_grad
from numkeras.backend.gradcheck import check_grads
from numkeras.backend.tensor import unbroadcast


def test_several_sources_at_once():
    a, b = Variable([1.0, 2.0]), Variable(3.0)
    with GradientTape() as tape:
        y = ops.sum(a * a * b) + b ** 2
    grad_a, grad_b = tape.gradient(y, [a, b])
    np.testing.assert_allclose(grad_a, [6.0, 12.0])  # 2 a b
    np.testing.assert_allclose(grad_b, 11.0)  # sum(a^2) + 2 b


def test_a_single_source_gives_a_single_gradient():
    x = Variable([1.0, 2.0])
    with GradientTape() as tape:
        y = ops.sum(x * 2.0)
    grad = tape.gradient(y, x)
    assert isinstance(grad, np.ndarray)
    np.testing.assert_array_equal(grad, [2.0, 2.0])


def test_unconnected_sources_get_none():
    x, unused = Variable([1.0]), Variable([5.0])
    with GradientTape() as tape:
        y = x * 3.0
        unused * 2.0  # recorded, but not on the way to y
    assert tape.gradient(y, [x, unused]) == [pytest.approx(np.array([3.0])), None]


def test_gradients_of_a_reused_tensor_accumulate():
    x = Variable([1.5, -2.0])
    with GradientTape() as tape:
        y = x * x + x + ops.exp(x)
    np.testing.assert_allclose(tape.gradient(y, x), 2 * x.numpy() + 1 + np.exp(x.numpy()), rtol=1e-6)


def test_diamond_graph():
    # x -> a -> (b, c) -> y: both paths through `a` must be summed before `a` passes its gradient on.
    x = Variable(0.7, dtype="float64")
    with GradientTape() as tape:
        a = ops.exp(x)
        y = ops.sin(a) * ops.cos(a)
    expected = np.cos(2 * np.exp(0.7)) * np.exp(0.7)  # d/dx sin(2a)/2
    np.testing.assert_allclose(tape.gradient(y, x), expected, rtol=1e-12)


def test_deep_diamonds_match_finite_differences():
    def ladder(x):
        for _ in range(4):
            x = ops.tanh(x) * x + ops.sin(x)
        return ops.sum(x)

    check_grads(ladder, (np.array([0.3, -0.8, 1.1]),))


def test_intermediate_tensors_and_the_output_can_be_sources():
    x = Variable([1.0, 2.0])
    with GradientTape() as tape:
        h = x * 3.0
        y = ops.sum(h * h)
    grad_h, grad_y, grad_x = tape.gradient(y, [h, y, x])
    np.testing.assert_allclose(grad_h, 2 * h.numpy())
    np.testing.assert_allclose(grad_y, 1.0)
    np.testing.assert_allclose(grad_x, 18 * x.numpy())


def test_no_grad_records_nothing():
    x = Variable([1.0, 2.0])
    with GradientTape() as tape:
        with no_grad():
            y = x * 2.0
        z = x * 3.0
    assert y.node is None and z.node is not None
    assert tape.gradient(y, x) is None


def test_nothing_is_recorded_outside_a_tape():
    x = Variable([1.0, 2.0])
    y = ops.exp(x * 2.0)
    assert y.node is None
    assert backward(y, [x]) == [None]


def test_watch_makes_a_plain_tensor_a_source():
    x = Tensor(np.array([1.0, 2.0], "float32"))
    with GradientTape() as tape:
        tape.watch(x)
        y = ops.sum(ops.square(x))
    np.testing.assert_allclose(tape.gradient(y, x), [2.0, 4.0])


def test_non_scalar_output_uses_a_ones_cotangent():
    x = Variable([[1.0, 2.0], [3.0, 4.0]])
    with GradientTape() as tape:
        y = x * x
    np.testing.assert_allclose(tape.gradient(y, x), 2 * x.numpy())
    np.testing.assert_allclose(backward(y, [x], output_grad=np.array([[1.0, 0.0], [0.0, 2.0]]))[0],
                               [[2.0, 0.0], [0.0, 16.0]])


def test_backward_needs_a_tensor():
    with pytest.raises(TypeError, match="expected a Tensor output, got float"):
        backward(1.0, [])


# --- dtypes --------------------------------------------------------------------------
def test_float32_stays_float32_with_python_and_numpy_scalar_constants():
    x = Tensor(np.linspace(-1, 1, 6, dtype="float32").reshape(2, 3))
    w = Variable(np.full((3, 2), 0.5))
    b = Variable(np.zeros(2))
    with GradientTape() as tape:
        h = ops.tanh(ops.matmul(x, w) * 2.0 + b - 0.5) / 3
        h = ops.leaky_relu(h) * np.float64(1.5) / np.int64(2) + np.float32(1.0)
        loss = ops.mean(ops.square(ops.max(h, axis=-1) - 0.25)) ** 0.5
    assert h.dtype == np.float32 and loss.dtype == np.float32
    grads = tape.gradient(loss, [w, b])
    assert [g.dtype for g in grads] == [np.float32, np.float32]


def test_cast_gradient_returns_to_the_source_dtype():
    x = Variable([1.5, 2.5])
    with GradientTape() as tape:
        y = ops.sum(ops.cast(x, "float64") * 2.0)
        i = ops.cast(x, "int32")
    assert y.dtype == np.float64
    assert tape.gradient(y, x).dtype == np.float32
    assert tape.gradient(i, x) is None  # no gradient through an integer cast


# --- broadcasting --------------------------------------------------------------------
@pytest.mark.parametrize("grad_shape, shape, expected", [
    ((5, 3), (3,), np.full(3, 5.0)),
    ((5, 3), (1, 3), np.full((1, 3), 5.0)),
    ((4, 2, 3), (2, 1), np.full((2, 1), 12.0)),
    ((2, 3), (), np.array(6.0)),
    ((2, 3), (2, 3), np.ones((2, 3))),
])
def test_unbroadcast_sums_broadcast_axes(grad_shape, shape, expected):
    grad = unbroadcast(np.ones(grad_shape), shape)
    assert grad.shape == shape
    np.testing.assert_array_equal(grad, expected)


def test_unbroadcast_leaves_a_matching_gradient_alone():
    grad = np.ones((2, 3))
    assert unbroadcast(grad, (2, 3)) is grad


def test_bias_and_outer_broadcast_gradients():
    x = Tensor(np.arange(6, dtype="float32").reshape(2, 3))
    bias, col, row = Variable(np.zeros(3)), Variable(np.ones((2, 1))), Variable(np.ones((1, 3)))
    with GradientTape() as tape:
        y = ops.sum((x + bias) * 2.0) + ops.sum(col * row)
    grad_bias, grad_col, grad_row = tape.gradient(y, [bias, col, row])
    np.testing.assert_array_equal(grad_bias, [4.0, 4.0, 4.0])
    np.testing.assert_array_equal(grad_col, [[3.0], [3.0]])
    np.testing.assert_array_equal(grad_row, [[2.0, 2.0, 2.0]])


def test_stop_gradient_blocks_only_its_own_path():
    x = Variable([2.0, 3.0])
    with GradientTape() as tape:
        y = ops.stop_gradient(x) * x  # value x^2, gradient x (not 2x)
    np.testing.assert_array_equal(y.numpy(), [4.0, 9.0])
    np.testing.assert_array_equal(tape.gradient(y, x), [2.0, 3.0])


def test_softplus_gradient_keeps_its_digits_far_left():
    x = Variable([-20.0, -10.0, 0.0, 10.0])
    with GradientTape() as tape:
        y = nn_ops.softplus(x)
    expected = 1 / (1 + np.exp(-x.numpy().astype("float64")))  # sigmoid(x)
    np.testing.assert_allclose(tape.gradient(y, x), expected, rtol=1e-5)
