"""Recurrent layers against real Keras 3: same weights and inputs give the same outputs and
states (with and without masks), and a few optimizer steps from Keras's initial weights give
the same losses and weights."""
import numpy as np
import pytest
from rnn_golden_cases import GOLDENS, SPECS, arrays, build_layer, layer_from_spec

import numkeras as keras

LAYER_CASES = sorted(SPECS["layers"])
TRAINING_CASES = sorted(SPECS["training"])


@pytest.mark.parametrize("name", LAYER_CASES)
def test_layer_outputs_and_states_match_keras(name):
    spec = SPECS["layers"][name]
    layer = layer_from_spec(spec)
    x = GOLDENS["x"]
    kwargs = {}
    if spec.get("mask"):
        kwargs["mask"] = GOLDENS["mask"]
    if spec.get("initial_state"):
        kwargs["initial_state"] = arrays(f"{name}/state")
    layer.build((None,) + x.shape[1:])
    weights = arrays(f"{name}/w")
    assert [w.shape for w in layer.get_weights()] == [w.shape for w in weights]
    layer.set_weights(weights)
    outputs = layer(x, **kwargs)
    outputs = outputs if isinstance(outputs, list) else [outputs]
    expected = arrays(f"{name}/out")
    assert len(outputs) == len(expected)
    for got, want in zip(outputs, expected):
        assert got.shape == want.shape
        np.testing.assert_allclose(got.numpy(), want, rtol=2e-5, atol=2e-6)


@pytest.mark.parametrize("name", TRAINING_CASES)
def test_training_steps_match_keras(name):
    spec = SPECS["training"][name]
    shape, dtype = spec["input"]
    shape = tuple(shape) if isinstance(shape, list) else (shape,)
    model = keras.Sequential([keras.Input(shape=shape, dtype=dtype)]
                             + [build_layer(e) for e in spec["layers"]])
    model.compile(optimizer=spec["optimizer"], loss=spec["loss"])
    x = GOLDENS["ids"] if dtype == "int32" else GOLDENS["seq"]
    y = GOLDENS["y_steps"] if spec.get("target") == "per_step" else \
        GOLDENS["y_binary"] if dtype == "int32" else GOLDENS["y_reg"]
    model.set_weights(arrays(f"{name}/init"))
    losses = [float(model.train_on_batch(x, y)) for _ in range(len(GOLDENS[f"{name}/losses"]))]
    np.testing.assert_allclose(losses, GOLDENS[f"{name}/losses"], rtol=1e-5, atol=1e-6)
    for got, want in zip(model.get_weights(), arrays(f"{name}/final")):
        np.testing.assert_allclose(got, want, rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(model.predict(x, verbose=0), GOLDENS[f"{name}/predict"],
                               rtol=1e-5, atol=1e-6)
