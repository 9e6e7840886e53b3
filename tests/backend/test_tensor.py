"""Tensor's NumPy surface and Variable's mutation rules."""
import numpy as np
import pytest

from numkeras.backend import GradientTape, Tensor, Variable, convert_to_tensor


def make(values, dtype="float32"):
    return Tensor(np.array(values, dtype=dtype))


# --- NumPy interop ------------------------------------------------------------------
def test_numpy_views_of_a_tensor():
    t = make([[1.0, 2.0], [3.0, 4.0]])
    np.testing.assert_array_equal(np.asarray(t), [[1, 2], [3, 4]])
    assert np.asarray(t, dtype="float64").dtype == np.float64
    assert t.numpy().dtype == np.float32
    assert (t.shape, t.ndim, t.size, len(t)) == ((2, 2), 2, 4, 2)
    assert t.dtype == np.float32
    assert [row.numpy().tolist() for row in t] == [[1.0, 2.0], [3.0, 4.0]]


def test_scalar_conversions():
    t = make(2.5)
    assert float(t) == 2.5 and int(t) == 2 and bool(t)
    assert f"{t:.2f}" == "2.50"
    with pytest.raises(TypeError, match="0-d"):
        len(t)


def test_printing_shows_shape_dtype_and_values():
    t = make([1.0, 2.0])
    assert "shape=(2,)" in repr(t) and "float32" in repr(t) and "1." in repr(t)
    assert str(t) == str(np.array([1.0, 2.0], "float32"))


def test_numpy_ufuncs_on_tensors_are_differentiable():
    x = Variable([0.5, -1.0])
    with GradientTape() as tape:
        y = np.sum(np.exp(x) * np.sin(x))
    assert isinstance(y, Tensor)
    expected = np.exp(x.numpy()) * (np.sin(x.numpy()) + np.cos(x.numpy()))
    np.testing.assert_allclose(tape.gradient(y, x), expected, rtol=1e-6)


def test_ndarray_on_the_left_of_an_operator_still_records():
    x = Variable([1.0, 2.0])
    with GradientTape() as tape:
        y = np.array([3.0, 4.0]) * x + np.array([1.0, 1.0])
        z = np.ones((1, 2)) @ x
    assert isinstance(y, Tensor) and isinstance(z, Tensor)
    assert y.dtype == np.float32  # a float64 ndarray does not promote a float32 tensor
    np.testing.assert_allclose(tape.gradient(y, x), [3.0, 4.0])
    np.testing.assert_allclose(tape.gradient(z, x), [1.0, 1.0])


def test_numpy_reductions_accept_tensors():
    t = make([[1.0, 2.0], [3.0, 6.0]])
    assert float(np.sum(t)) == 12.0 and float(np.mean(t)) == 3.0
    np.testing.assert_array_equal(np.sum(t, axis=0).numpy(), [4.0, 8.0])
    assert np.mean(t, dtype="float64").dtype == np.float64
    np.testing.assert_array_equal(np.max(t, axis=1), [2.0, 6.0])
    with pytest.raises(TypeError, match="out="):
        t.sum(out=np.zeros(()))


def test_tensor_methods():
    t = make([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
    assert t.T.shape == (3, 2)
    assert t.reshape(3, 2).shape == (3, 2) and t.reshape((6,)).shape == (6,)
    assert t.astype("float64").dtype == np.float64
    assert float(t.sum()) == 21.0
    np.testing.assert_array_equal(t.mean(axis=1, keepdims=True).numpy(), [[2.0], [5.0]])
    np.testing.assert_array_equal((t[:, 1] ** 2).numpy(), [4.0, 25.0])


def test_comparisons_give_boolean_tensors():
    t = make([1.0, 2.0, 3.0])
    assert (t > 2).numpy().tolist() == [False, False, True]
    assert (t == 2).numpy().tolist() == [False, True, False]
    assert hash(t) == id(t)  # __eq__ is elementwise, so tensors hash by identity


def test_convert_to_tensor_uses_floatx_for_floats_only():
    assert convert_to_tensor([1.0, 2.0]).dtype == np.float32
    assert convert_to_tensor(np.zeros(2, "float64")).dtype == np.float32
    assert convert_to_tensor([1, 2]).dtype.kind == "i"
    assert convert_to_tensor([1, 2], dtype="float64").dtype == np.float64
    t = make([1.0])
    assert convert_to_tensor(t) is t
    assert convert_to_tensor(t, "float64").dtype == np.float64


# --- Variable ---------------------------------------------------------------------
def test_variable_defaults():
    v = Variable([[1, 2]], name="kernel")
    assert v.dtype == np.float32 and v.shape == (1, 2)
    assert v.trainable and v.requires_grad and v.name == "kernel" and v.path == "kernel"
    assert "kernel" in repr(v)


def test_variable_from_a_callable_initializer():
    v = Variable(lambda shape, dtype: np.full(shape, 0.5, dtype), shape=(2, 3), dtype="float64")
    assert v.dtype == np.float64 and float(v.numpy().sum()) == 3.0
    with pytest.raises(ValueError, match="needs a `shape`"):
        Variable(lambda shape, dtype: np.zeros(shape), name="w")
    with pytest.raises(ValueError, match=r"shape \(2,\), expected \(3,\)"):
        Variable([1.0, 2.0], shape=(3,))


def test_assign_updates_in_place_and_keeps_the_dtype():
    v = Variable([1.0, 2.0])
    storage = v.value
    v.assign(np.array([5.0, 6.0], dtype="float64"))
    assert v.value is storage and v.dtype == np.float32
    np.testing.assert_array_equal(v.numpy(), [5.0, 6.0])
    v.assign(make([7.0, 8.0]))
    v.assign_add([1.0, 1.0])
    v.assign_sub(make([0.5, 0.5]))
    np.testing.assert_array_equal(v.numpy(), [7.5, 8.5])
    assert v.value is storage and v.dtype == np.float32


def test_assign_of_a_wrong_shape_names_the_variable():
    v = Variable(np.zeros((2, 3)), name="bias")
    with pytest.raises(ValueError, match=r"'bias' has shape \(2, 3\); cannot assign a value of shape \(3,\)"):
        v.assign(np.zeros(3))


def test_numpy_of_a_variable_is_a_copy():
    v = Variable([1.0, 2.0])
    v.numpy()[0] = 100.0
    assert v.numpy()[0] == 1.0


def test_trainable_flag_controls_gradients():
    w = Variable([2.0], trainable=False)
    x = Variable([3.0])
    assert not w.requires_grad
    with GradientTape() as tape:
        y = w * x
    assert tape.gradient(y, [w, x])[0] is None
    w.trainable = True
    with GradientTape() as tape:
        y = w * x
    np.testing.assert_allclose(tape.gradient(y, w), [3.0])
