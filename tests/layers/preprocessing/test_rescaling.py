"""Rescaling: scale and offset, per-channel arrays, integer images, config."""
import json

import numpy as np
import pytest
from layer_test_utils import golden_cases, run_golden_case, run_layer_test

from numkeras.layers import Rescaling


def test_layer_contract():
    run_layer_test(Rescaling, {"scale": 0.5, "offset": 1.0}, (3, 4), (3, 4), run_train_step=False)


@pytest.mark.parametrize("name,case", golden_cases("Rescaling"))
def test_matches_keras(name, case):
    run_golden_case(case)


def test_uint8_images_become_float32():
    out = Rescaling(1.0 / 255)(np.full((1, 2, 2, 3), 255, "uint8"))
    assert out.dtype == np.float32
    np.testing.assert_allclose(out.numpy(), 1.0)


def test_per_channel_scale_array_round_trips_through_json():
    layer = Rescaling(scale=np.array([1.0, 2.0, 4.0]), offset=-1.0)
    np.testing.assert_allclose(layer(np.ones((1, 3))).numpy(), [[0.0, 1.0, 3.0]])
    config = json.loads(json.dumps(layer.get_config()))
    assert config["scale"]["class_name"] == "__numpy__"
    clone = Rescaling.from_config(config)
    np.testing.assert_allclose(clone(np.ones((1, 3))).numpy(), [[0.0, 1.0, 3.0]])


def test_non_numeric_scale_is_rejected():
    with pytest.raises(ValueError, match="`scale` must be a number or an array"):
        Rescaling("half")
