"""LayerNormalization: per-sample statistics, Keras goldens, gradients, rms_scaling."""
import numpy as np
import pytest
from layer_test_utils import golden_cases, run_golden_case, run_layer_test

from numkeras.layers import LayerNormalization


def test_layer_contract():
    run_layer_test(LayerNormalization, {}, (4, 5), (4, 5), expected_num_trainable_weights=2)


def test_layer_contract_over_two_axes():
    layer = run_layer_test(LayerNormalization, {"axis": [1, 2]}, (2, 3, 4), (2, 3, 4),
                           expected_num_trainable_weights=2)
    assert layer.gamma.shape == (3, 4) and layer.beta.shape == (3, 4)


def test_layer_contract_rms_scaling():
    layer = run_layer_test(LayerNormalization, {"rms_scaling": True}, (3, 4), (3, 4),
                           expected_num_trainable_weights=1)
    assert layer.beta is None


@pytest.mark.parametrize("name,case", golden_cases("LayerNormalization"))
def test_matches_keras(name, case):
    run_golden_case(case)


def test_each_sample_is_normalized_on_its_own():
    x = np.array([[1.0, 2.0, 3.0], [10.0, 20.0, 60.0]], "float32")
    out = LayerNormalization(epsilon=0.0)(x).numpy()
    np.testing.assert_allclose(out.mean(axis=1), 0.0, atol=1e-6)
    np.testing.assert_allclose(out.std(axis=1), 1.0, rtol=1e-5)
    np.testing.assert_allclose(out[0], [-1.2247449, 0.0, 1.2247449], rtol=1e-6)


def test_same_in_training_and_inference():
    layer = LayerNormalization()
    x = np.random.default_rng(0).standard_normal((3, 4)).astype("float32")
    np.testing.assert_array_equal(layer(x, training=True).numpy(), layer(x, training=False).numpy())


def test_without_center_and_scale_has_no_weights():
    layer = LayerNormalization(center=False, scale=False)
    layer(np.ones((2, 3)))
    assert layer.weights == []


@pytest.mark.parametrize("kwargs,message", [({"axis": "last"}, "`axis` must be an int"),
                                            ({"epsilon": -0.1}, "`epsilon` must be a number")])
def test_bad_arguments(kwargs, message):
    with pytest.raises((TypeError, ValueError), match=message):
        LayerNormalization(**kwargs)


def test_axis_out_of_range():
    with pytest.raises(ValueError, match="out of range"):
        LayerNormalization(axis=2)(np.ones((2, 3)))
