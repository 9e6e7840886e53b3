"""keras.Variable as Keras 3 builds it, and assignment to variables and their slices."""
import numpy as np
import pytest

import numkeras as keras
from numkeras.backend import GradientTape


def test_string_initializer_with_shape():
    v = keras.Variable(shape=(3, 2), initializer="zeros")
    assert v.shape == (3, 2) and v.dtype == np.float32 and not v.numpy().any()
    ones = keras.Variable(initializer="ones", shape=(2,), dtype="float64", name="scale")
    assert ones.numpy().tolist() == [1.0, 1.0] and ones.dtype == np.float64 and ones.name == "scale"


def test_callable_initializers_and_trainable():
    seeded = keras.Variable(initializer=keras.initializers.GlorotUniform(seed=3), shape=(4, 5),
                            trainable=False)
    again = keras.initializers.GlorotUniform(seed=3)((4, 5))
    np.testing.assert_array_equal(seeded.numpy(), np.asarray(again))
    assert seeded.trainable is False
    custom = keras.Variable(lambda shape, dtype=None: np.full(shape, 7.0), shape=(2, 2))
    assert custom.numpy().tolist() == [[7.0, 7.0], [7.0, 7.0]]


def test_initializer_errors_name_the_fix():
    with pytest.raises(ValueError, match="needs a `shape`"):
        keras.Variable(initializer="zeros")
    with pytest.raises(ValueError, match="Unknown initializer"):
        keras.Variable(initializer="zeroes", shape=(2,))


def test_assign_add_sub_on_the_whole_variable():
    v = keras.Variable(np.zeros((2, 2)))
    v.assign(np.ones((2, 2)))
    v.assign_add(np.full((2, 2), 2.0))
    v.assign_sub(0.5)
    assert v.numpy().tolist() == [[2.5, 2.5], [2.5, 2.5]]
    with pytest.raises(ValueError, match="shape"):
        v.assign(np.zeros(3))


def test_assign_on_slices_writes_into_the_variable():
    v = keras.Variable(np.zeros((3, 1)))
    v[0, 0].assign(3.0)
    v[1:].assign_add(np.ones((2, 1)))
    v[2].assign_sub([0.5])
    assert v.numpy().ravel().tolist() == [3.0, 1.0, 0.5]
    with pytest.raises(ValueError, match="slice"):
        v[1:].assign(np.zeros(4))


def test_a_slice_still_reads_and_differentiates_like_a_tensor():
    v = keras.Variable(np.arange(4.0).reshape(2, 2))
    with GradientTape() as tape:
        y = (v[1] * 3.0).sum()
    assert float(y) == 15.0
    np.testing.assert_array_equal(tape.gradient(y, v), [[0.0, 0.0], [3.0, 3.0]])
