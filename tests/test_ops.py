"""`numkeras.ops`: values against NumPy, dtypes, and the non-differentiable helpers."""
import doctest

import numpy as np
import pytest

from numkeras import ops
from numkeras.backend import GradientTape, Tensor, Variable

RNG = np.random.default_rng(3)
X = RNG.uniform(0.2, 2.0, (3, 4)).astype("float32")  # positive: valid for log/sqrt as well
Y = RNG.standard_normal((3, 4)).astype("float32")
BIAS = RNG.standard_normal(4).astype("float32")


def close(tensor, expected, rtol=1e-6):
    assert isinstance(tensor, Tensor)
    np.testing.assert_allclose(tensor.numpy(), expected, rtol=rtol, atol=1e-7)


@pytest.mark.parametrize("name, reference", [
    ("negative", np.negative), ("square", np.square), ("sqrt", np.sqrt), ("exp", np.exp), ("log", np.log),
    ("log1p", np.log1p), ("expm1", np.expm1), ("abs", np.abs), ("absolute", np.abs), ("sin", np.sin),
    ("cos", np.cos), ("tanh", np.tanh), ("flatten", np.ravel), ("transpose", np.transpose),
])
def test_unary_ops_match_numpy(name, reference):
    out = getattr(ops, name)(X)
    close(out, reference(X))
    assert out.dtype == np.float32


@pytest.mark.parametrize("name, reference", [
    ("add", np.add), ("subtract", np.subtract), ("multiply", np.multiply), ("divide", np.divide),
    ("true_divide", np.divide), ("power", np.power), ("maximum", np.maximum), ("minimum", np.minimum),
])
@pytest.mark.parametrize("other", [Y, BIAS, 1.5], ids=["same-shape", "bias", "python-scalar"])
def test_binary_ops_match_numpy(name, reference, other):
    out = getattr(ops, name)(X, other)
    close(out, reference(X, other))
    assert out.dtype == np.float32


def test_matmul_and_dot():
    w = RNG.standard_normal((4, 2)).astype("float32")
    close(ops.matmul(X, w), X @ w, rtol=1e-5)
    close(ops.dot(X, w), X @ w, rtol=1e-5)


# --- dtypes ------------------------------------------------------------------------------
def test_lists_and_float64_arrays_become_float32():
    assert ops.exp([1.0, 2.0]).dtype == np.float32
    assert ops.add([1.0, 2.0], [[3.0], [4.0]]).dtype == np.float32
    assert ops.multiply(np.ones(3), np.ones(3)).dtype == np.float32
    assert ops.sum([[1.0, 2.0]], axis=0).dtype == np.float32


def test_integer_lists_stay_integer_and_float64_tensors_stay_float64():
    assert ops.add([1, 2], [3, 4]).dtype.kind == "i"
    assert ops.exp(Tensor(np.ones(2))).dtype == np.float64


def test_scalar_constants_do_not_promote_a_float32_tensor():
    t = Tensor(X)
    for constant in (2, 2.0, True, np.float64(2.0), np.float32(2.0), np.int64(2)):
        assert ops.multiply(t, constant).dtype == np.float32, constant
        assert (constant * t).dtype == np.float32, constant
    assert ops.exp(np.float64(1.0)).dtype == np.float32  # a NumPy float64 scalar is a float64 array


def test_reductions_match_numpy():
    x3 = RNG.standard_normal((2, 3, 4)).astype("float32")
    close(ops.sum(x3), x3.sum(), rtol=1e-5)
    close(ops.sum(x3, axis=(0, 2), keepdims=True), x3.sum(axis=(0, 2), keepdims=True), rtol=1e-5)
    close(ops.mean(x3, axis=-1), x3.mean(axis=-1), rtol=1e-5)
    close(ops.max(x3, axis=1), x3.max(axis=1))
    close(ops.amin(x3, axis=1, keepdims=True), x3.min(axis=1, keepdims=True))
    close(ops.logsumexp(x3, axis=1), np.log(np.exp(x3).sum(axis=1)), rtol=1e-5)
    close(ops.var(x3, axis=0), x3.var(axis=0), rtol=1e-5)
    close(ops.std(x3, axis=(1, 2)), x3.std(axis=(1, 2)), rtol=1e-5)
    close(ops.norm(x3, axis=-1), np.linalg.norm(x3, axis=-1), rtol=1e-5)
    close(ops.norm(x3, ord=1, axis=-1), np.abs(x3).sum(axis=-1), rtol=1e-5)
    with pytest.raises(ValueError, match="ord=None, 2 or 1"):
        ops.norm(x3, ord=3)


def test_shape_ops_match_numpy():
    x3 = np.arange(24, dtype="float32").reshape(2, 3, 4)
    close(ops.reshape(x3, 24), x3.reshape(24))
    close(ops.reshape(x3, [4, -1]), x3.reshape(4, -1))
    close(ops.transpose(x3, [2, 0, 1]), x3.transpose(2, 0, 1))
    close(ops.expand_dims(x3, 1), x3[:, None])
    close(ops.squeeze(x3[:, :1]), x3[:, 0])
    close(ops.broadcast_to(BIAS, [3, 4]), np.broadcast_to(BIAS, (3, 4)))
    close(ops.concatenate([x3, x3[:, :1]], axis=1), np.concatenate([x3, x3[:, :1]], axis=1))
    close(ops.stack([X, Y], axis=1), np.stack([X, Y], axis=1))
    close(ops.take(x3, [2, 0, 2], axis=1), np.take(x3, [2, 0, 2], axis=1))
    close(ops.take(x3, Tensor(np.array([5, 1]))), np.take(x3, [5, 1]))
    close(ops.clip(Y, -0.5, 0.5), np.clip(Y, -0.5, 0.5))
    close(ops.cast(X, "float16"), X.astype("float16"), rtol=1e-3)
    assert ops.cast([1.7], "int32").numpy().tolist() == [1] and ops.cast([1], None).dtype == np.float32


# --- activations (Keras's reference values) -------------------------------------------------
@pytest.mark.parametrize("name, x, expected", [
    ("relu", [-3.0, -1.0, 0.0, 2.0], [0.0, 0.0, 0.0, 2.0]),
    ("relu6", [-1.0, 3.0, 7.0], [0.0, 3.0, 6.0]),
    ("sigmoid", [0.0, 50.0, -50.0], [0.5, 1.0, 1.9287499e-22]),
    ("leaky_relu", [-1.0, 2.0], [-0.2, 2.0]),
    ("elu", [-1.0, 2.0], [-0.63212055, 2.0]),
    ("selu", [-1.0, 1.0], [-1.1113307, 1.050701]),
    ("softplus", [0.0, 100.0], [0.6931472, 100.0]),
    ("softsign", [1.0, -3.0], [0.5, -0.75]),
    ("hard_sigmoid", [-4.0, 1.0, 4.0], [0.0, 0.6666667, 1.0]),
    ("hard_silu", [-4.0, 1.0, 4.0], [0.0, 0.6666667, 4.0]),
    ("hard_swish", [1.0], [0.6666667]),
    ("silu", [1.0], [0.7310586]),
    ("swish", [1.0], [0.7310586]),
    ("gelu", [1.0], [0.841192]),
    ("mish", [1.0], [0.8650984]),
])
def test_activation_values(name, x, expected):
    out = getattr(ops, name)(x)
    close(out, expected)
    assert out.dtype == np.float32


def test_activation_options():
    close(ops.gelu([1.0], approximate=False), [0.8413447])
    close(ops.leaky_relu([-1.0], negative_slope=0.1), [-0.1])
    close(ops.elu([-1.0], alpha=2.0), [-1.2642411])
    probs = ops.softmax(Y, axis=0)
    close(ops.sum(probs, axis=0), np.ones(4))
    close(ops.log_softmax(Y), np.log(ops.softmax(Y).numpy()), rtol=1e-5)


# --- one_hot, where, and the ops without gradients ---------------------------------------
def test_one_hot():
    out = ops.one_hot([0, 2, -1, 3], 3)
    assert out.dtype == np.float32
    np.testing.assert_array_equal(out.numpy(), [[1, 0, 0], [0, 0, 1], [0, 0, 0], [0, 0, 0]])  # out of range: 0s
    assert ops.one_hot(np.array([[1], [0]]), 2, dtype="int32").numpy().tolist() == [[[0, 1]], [[1, 0]]]
    np.testing.assert_array_equal(ops.one_hot([1, 0], 2, axis=0).numpy(), [[0, 1], [1, 0]])
    assert ops.one_hot(Tensor(np.array([1.0])), 2).numpy().tolist() == [[0.0, 1.0]]


def test_where_selects_and_sends_gradients_to_the_chosen_branch():
    condition = np.array([True, False, True])
    a, b = Variable([1.0, 2.0, 3.0]), Variable([10.0, 20.0, 30.0])
    with GradientTape() as tape:
        out = ops.where(condition, a, b)
        scalar_branch = ops.where(condition, a, 0.0)
    close(out, [1.0, 20.0, 3.0])
    close(scalar_branch, [1.0, 0.0, 3.0])
    grad_a, grad_b = tape.gradient(out, [a, b])
    np.testing.assert_array_equal(grad_a, [1.0, 0.0, 1.0])
    np.testing.assert_array_equal(grad_b, [0.0, 1.0, 0.0])


def test_where_with_only_a_condition_gives_indices_per_axis():
    rows, cols = ops.where([[True, False], [False, True]])
    assert rows.numpy().tolist() == [0, 1] and cols.numpy().tolist() == [0, 1]


@pytest.mark.parametrize("name, args, expected", [
    ("greater", ([1.0, 3.0], 2.0), [False, True]),
    ("greater_equal", ([2.0, 3.0], 3.0), [False, True]),
    ("less", ([1.0, 3.0], 2.0), [True, False]),
    ("less_equal", ([2.0, 3.0], 2.0), [True, False]),
    ("equal", ([1.0, 2.0], [1.0, 3.0]), [True, False]),
    ("not_equal", ([1.0, 2.0], [1.0, 3.0]), [False, True]),
    ("logical_and", ([True, True], [True, False]), [True, False]),
    ("logical_or", ([False, False], [True, False]), [True, False]),
    ("logical_not", ([True, False],), [False, True]),
    ("isnan", ([np.nan, 1.0],), [True, False]),
    ("isfinite", ([np.inf, 1.0],), [False, True]),
    ("isinf", ([np.inf, 1.0],), [True, False]),
    ("sign", ([-2.0, 0.0, 3.0],), [-1.0, 0.0, 1.0]),
    ("floor", ([1.5, -1.5],), [1.0, -2.0]),
    ("ceil", ([1.5, -1.5],), [2.0, -1.0]),
    ("round", ([0.5, 1.5, 2.4],), [0.0, 2.0, 2.0]),
    ("argmax", ([[1.0, 3.0], [4.0, 2.0]],), 2),
    ("argmin", ([3.0, 1.0, 2.0],), 1),
    ("argsort", ([3.0, 1.0, 2.0],), [1, 2, 0]),
    ("all", ([True, False],), False),
    ("any", ([True, False],), True),
    ("cumsum", ([1.0, 2.0, 3.0],), [1.0, 3.0, 6.0]),
    ("arange", (3,), [0, 1, 2]),
])
def test_non_differentiable_ops(name, args, expected):
    out = getattr(ops, name)(*args)
    assert isinstance(out, Tensor)
    np.testing.assert_array_equal(out.numpy(), expected)


def test_comparisons_on_variables_record_no_gradient():
    w = Variable([1.0, 3.0])
    with GradientTape():
        masks = [ops.greater(w, 2.0), w > 2.0, ops.equal(w, w), ops.argmax(w), ops.sign(w)]
    assert all(m.node is None for m in masks)
    assert masks[0].dtype == np.bool_ and masks[1].numpy().tolist() == [False, True]


def test_constructors_and_helpers():
    assert ops.zeros((2, 3)).dtype == np.float32 and ops.ones(2).numpy().tolist() == [1.0, 1.0]
    assert ops.full((2,), 7, dtype="int32").numpy().tolist() == [7, 7]
    assert ops.zeros_like(np.ones(2, "int32")).dtype == np.int32
    assert ops.ones_like(Tensor(X)).shape == (3, 4)
    assert ops.shape(Tensor(X)) == (3, 4) and ops.shape([[1, 2]]) == (1, 2)
    assert isinstance(ops.convert_to_numpy(Tensor(X)), np.ndarray)
    assert ops.is_tensor(Tensor(X)) and not ops.is_tensor(X)


def test_every_dispatched_ufunc_records_a_gradient():
    x = Variable(X)
    for name, op in ops.UFUNC_OPS.items():
        ufunc = getattr(np, name)
        with GradientTape() as tape:
            out = ufunc(x, x.numpy().T if name == "matmul" else x) if ufunc.nin == 2 else ufunc(x)
        assert isinstance(out, Tensor) and out.node is not None, name
        assert tape.gradient(out, x) is not None, name


def test_public_names_and_module_example():
    assert {"matmul", "softmax", "one_hot", "where", "UFUNC_OPS"} <= set(ops.__all__)
    assert not {"np", "builtins", "config"} & set(ops.__all__)
    assert doctest.testmod(ops).failed == 0
