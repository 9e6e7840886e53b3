"""Fixtures of the saving tests: a small trained model."""
import numpy as np
import pytest

import numkeras as keras


@pytest.fixture
def mlp():
    """A compiled, trained Sequential MLP and its data."""
    keras.random.set_random_seed(0)
    rng = np.random.default_rng(0)
    x = rng.random((32, 4), dtype="float32")
    y = rng.random((32, 1), dtype="float32")
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(8, activation="relu"),
                              keras.layers.Dense(1)])
    model.compile(optimizer="adam", loss="mse", metrics=["mae"])
    model.fit(x, y, epochs=2, batch_size=8, verbose=0)
    return model, x, y
