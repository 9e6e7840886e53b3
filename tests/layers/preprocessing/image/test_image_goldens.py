"""The image layers against real Keras 3 (jax) at fixed transforms: outputs, input gradients, configs.

Golden values come from tools/image_goldens.py (tests/golden/image_goldens.npz). Random
layers are run with degenerate factors (a range of one value), which fixes their transform.
"""
import json
import os

import numpy as np
import pytest

from numkeras import layers
from numkeras.backend import GradientTape, Tensor, backward

GOLDENS = np.load(os.path.join(os.path.dirname(__file__), "..", "..", "..", "golden",
                               "image_goldens.npz"))
SPECS = json.loads(str(GOLDENS["specs"]))
CASES = SPECS["cases"]


def _kwargs(spec):
    return {k: tuple(v) if isinstance(v, list) else v for k, v in spec["kwargs"].items()}


def _layer(spec):
    return getattr(layers, spec["class_name"])(**_kwargs(spec))


@pytest.mark.parametrize("name", sorted(CASES))
def test_output_matches_keras(name):
    spec = CASES[name]
    x = GOLDENS[f"image/{spec['image']}"]
    expected = GOLDENS[f"{name}/output"]
    out = _layer(spec)(x, training=True).numpy()
    assert out.dtype == expected.dtype
    assert out.shape == expected.shape
    # Pixel values run to 255: float32 rounding there is ~3e-5.
    np.testing.assert_allclose(out, expected, rtol=2e-6, atol=1e-4)


@pytest.mark.parametrize("name", sorted(n for n in CASES if f"{n}/grad" in GOLDENS.files))
def test_input_gradient_matches_keras(name):
    spec = CASES[name]
    x = Tensor(GOLDENS[f"image/{spec['image']}"])
    x.requires_grad = True
    with GradientTape():
        out = _layer(spec)(x, training=True)
        loss = (out * GOLDENS[f"{name}/weights"]).sum()
    (grad,) = backward(loss, [x])
    np.testing.assert_allclose(grad, GOLDENS[f"{name}/grad"], rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("name", sorted(CASES))
def test_config_matches_keras(name):
    spec = CASES[name]
    config = _layer(spec).get_config()
    keras_config = spec["config"]
    assert set(config) - {"name"} <= set(keras_config) | {"data_format"}
    for key, value in keras_config.items():
        if key in ("name", "bounding_box_format") or (key == "seed" and spec["kwargs"].get("seed") is None
                                                          and spec["class_name"] == "RandomCrop"):
            continue  # RandomCrop draws a seed when given none
        mine = config[key]
        assert json.loads(json.dumps(mine)) == value, (key, mine, value)


def test_keras_config_loads():
    for spec in CASES.values():
        cls = getattr(layers, spec["class_name"])
        layer = cls.from_config(spec["config"])
        assert layer.get_config()["name"] == spec["config"]["name"]


def test_keras_saved_model_with_every_image_layer_loads_and_predicts_alike():
    import numkeras

    path = os.path.join(os.path.dirname(__file__), "..", "..", "..", "golden", "image_layers_model.keras")
    model = numkeras.models.load_model(path)
    names = [type(layer).__name__ for layer in model.layers]
    assert names[:9] == ["Resizing", "RandomFlip", "RandomRotation", "RandomZoom", "RandomTranslation",
                         "RandomContrast", "RandomBrightness", "RandomCrop", "CenterCrop"]
    np.testing.assert_allclose(model.predict(GOLDENS["model/x"], verbose=0), GOLDENS["model/y_pred"],
                               rtol=1e-5, atol=1e-5)
