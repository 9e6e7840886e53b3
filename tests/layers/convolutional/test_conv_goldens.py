"""Convolution, pooling and spatial layers against real Keras 3 (tools/conv_goldens.py).

Outputs, input gradients and weight gradients of `sum(output * cotangent)` agree with Keras
to float32 rounding; configs carry Keras's keys; a small convnet trained three SGD steps
ends with Keras's weights.
"""
import json
from pathlib import Path

import numpy as np
import pytest

import numkeras
from numkeras.backend import GradientTape, Tensor, backward

GOLDEN = np.load(Path(__file__).parents[2] / "golden" / "conv_goldens.npz")
META = json.loads(str(GOLDEN["meta"]))
LAYER_CASES = sorted(name for name in META if name != "train")
TOL = {"rtol": 2e-5, "atol": 2e-5}


def _layer(case):
    kwargs = dict(case["kwargs"])
    return getattr(numkeras.layers, case["class_name"])(**kwargs)


@pytest.mark.parametrize("name", LAYER_CASES)
def test_output_and_gradients_match_keras(name):
    case = META[name]
    layer = _layer(case)
    x = Tensor(GOLDEN[f"{name}/input"])
    x.requires_grad = True
    layer(x.value)
    weights = [GOLDEN[f"{name}/weight_{i}"] for i in range(case["num_weights"])]
    layer.set_weights(weights)
    assert [w.name for w in layer.weights] == [n.split("/")[-1] for n in case["weight_names"]]
    with GradientTape():
        out = layer(x, training=False)
        objective = numkeras.ops.sum(out * GOLDEN[f"{name}/cotangent"])
    np.testing.assert_allclose(out.numpy(), GOLDEN[f"{name}/output"], **TOL)
    assert out.dtype == np.float32
    grads = backward(objective, [x] + list(layer.trainable_weights))
    np.testing.assert_allclose(grads[0], GOLDEN[f"{name}/grad_input"], **TOL)
    for i, grad in enumerate(grads[1:]):
        np.testing.assert_allclose(grad, GOLDEN[f"{name}/grad_weight_{i}"], **TOL)


@pytest.mark.parametrize("name", LAYER_CASES)
def test_config_and_output_shape_match_keras(name):
    case = META[name]
    layer = _layer(case)
    shape = GOLDEN[f"{name}/input"].shape
    assert list(layer.compute_output_shape((None,) + shape[1:])) == case["output_shape"]
    config = layer.get_config()
    keras_config = case["config"]
    ignored = {"name", "dtype", "quantization_config"}
    assert sorted(set(config) - ignored) == sorted(set(keras_config) - ignored)
    for key in set(keras_config) - ignored:
        expected = keras_config[key]
        got = json.loads(json.dumps(config[key], default=list))
        if isinstance(expected, dict) and "module" in expected:  # a serialized initializer
            assert got["class_name"] == expected["class_name"], key
            continue
        assert got == expected, f"{name}: config[{key!r}] = {got!r}, Keras has {expected!r}"
    clone = type(layer).from_config(config)
    assert clone.get_config() == config


def test_a_small_convnet_trains_to_the_same_weights_as_keras():
    layers = numkeras.layers
    model = numkeras.Sequential([
        numkeras.Input((8, 8, 1)),
        layers.Conv2D(4, 3, activation="relu"),
        layers.MaxPooling2D(),
        layers.Conv2D(3, 2, padding="same", activation="relu"),
        layers.Flatten(),
        layers.Dense(3, activation="softmax"),
    ])
    count = META["train"]["num_weights"]
    model.set_weights([GOLDEN[f"train/initial_{i}"] for i in range(count)])
    model.compile(optimizer=numkeras.optimizers.SGD(0.1), loss="sparse_categorical_crossentropy")
    history = model.fit(GOLDEN["train/x"], GOLDEN["train/y"], batch_size=4, epochs=1, shuffle=False,
                        verbose=0)
    for i, weight in enumerate(model.get_weights()):
        np.testing.assert_allclose(weight, GOLDEN[f"train/final_{i}"], rtol=1e-5, atol=1e-6)
    assert history.history["loss"][0] == pytest.approx(META["train"]["loss"], rel=1e-5)
