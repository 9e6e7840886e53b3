"""Integer inputs (np.arange, int64 arrays, lists of ints) compute in float32, as in Keras.

Keras casts a model's inputs to its Inputs' dtypes, and its ops promote an integer array
combined with a float32 one to float32 (`keras.backend.result_type("int64", "float32") ==
"float32"` on every backend, its NumPy one included). NumPy's own rule gives float64.
"""
import numpy as np

import numkeras as keras
from numkeras import layers

INTS = np.array([[1, 2, 3], [4, 5, 6]])  # int64


def test_models_cast_integer_inputs_to_their_float_inputs():
    model = keras.Sequential([keras.Input((3,)), layers.Dense(2)])
    inputs = keras.Input((3,))
    functional = keras.Model(inputs, layers.Dense(2)(inputs))
    for m in (model, functional):
        reference = m.predict(INTS.astype("float32"), verbose=0)
        for out in (m.predict(INTS, verbose=0), m.predict(INTS.tolist(), verbose=0), m(INTS).numpy(),
                    m.predict_on_batch(INTS)):
            assert out.dtype == np.float32
            np.testing.assert_array_equal(out, reference)
        m.compile("sgd", "mse")
        loss = m.evaluate(INTS, np.ones((2, 2)), verbose=0)
        assert loss == m.evaluate(INTS.astype("float32"), np.ones((2, 2)), verbose=0)
        assert m.test_on_batch(INTS, np.ones((2, 2))) == loss
    ids = keras.Sequential([keras.Input((4,), dtype="int32"), layers.Embedding(10, 2)])
    assert ids(np.array([[1, 2, 3, 9]])).shape == (1, 4, 2)  # an int Input keeps its ints


def test_ops_promote_int_and_float32_to_float32():
    # Owned by the engine (numkeras/backend): cast integer/bool operands to the floating
    # operand's dtype before a primitive calls NumPy. Fails until that lands.
    assert keras.ops.matmul(INTS[:, :2], np.ones((2, 1), "float32")).dtype == np.float32
    assert keras.ops.add(INTS, np.ones(3, "float32")).dtype == np.float32
