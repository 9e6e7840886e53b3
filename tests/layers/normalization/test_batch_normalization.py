"""BatchNormalization: batch vs moving statistics, Keras goldens, fused gradient, frozen layers."""
import numpy as np
import pytest
from layer_test_utils import check_layer_gradients, golden_cases, run_golden_case, run_layer_test

import numkeras
from numkeras.backend import GradientTape, backward
from numkeras.layers import BatchNormalization


@pytest.mark.parametrize("training", [True, False])
def test_layer_contract(training):
    run_layer_test(BatchNormalization, {}, (6, 3), (6, 3), expected_num_trainable_weights=2,
                   expected_num_non_trainable_weights=2, training=training,
                   gradient_training=training)


def test_layer_contract_channels_first_images():
    run_layer_test(BatchNormalization, {"axis": 1, "momentum": 0.5}, (4, 3, 2, 2), (4, 3, 2, 2),
                   expected_num_trainable_weights=2, expected_num_non_trainable_weights=2,
                   gradient_training=True)


def test_layer_contract_without_center_and_scale():
    run_layer_test(BatchNormalization, {"center": False, "scale": False}, (5, 2), (5, 2),
                   expected_num_non_trainable_weights=2, run_train_step=False,
                   gradient_training=True)


@pytest.mark.parametrize("name,case", golden_cases("BatchNormalization"))
def test_matches_keras(name, case):
    run_golden_case(case)


def test_weight_order_and_defaults():
    layer = BatchNormalization()
    layer.build((None, 4))
    assert [w.name for w in layer.weights] == ["gamma", "beta", "moving_mean", "moving_variance"]
    gamma, beta, mean, variance = layer.get_weights()
    np.testing.assert_array_equal(np.stack([gamma, beta, mean, variance]), [[1] * 4, [0] * 4, [0] * 4,
                                                                             [1] * 4])
    config = layer.get_config()
    assert (config["axis"], config["momentum"], config["epsilon"]) == (-1, 0.99, 1e-3)


def test_moving_statistics_follow_the_momentum_formula_with_biased_variance():
    x = np.array([[1.0, 10.0], [3.0, 10.0], [5.0, 16.0]], "float32")
    layer = BatchNormalization(momentum=0.8)
    layer(x, training=True)
    np.testing.assert_allclose(layer.moving_mean.numpy(), 0.2 * x.mean(0), rtol=1e-6)
    np.testing.assert_allclose(layer.moving_variance.numpy(), 0.8 + 0.2 * x.var(0), rtol=1e-6)
    before = layer.get_weights()
    layer(x, training=False)
    for old, new in zip(before, layer.get_weights()):
        np.testing.assert_array_equal(old, new)  # inference changes nothing


def test_frozen_layer_runs_in_inference_mode_and_keeps_its_statistics():
    layer = BatchNormalization()
    x = np.random.default_rng(0).normal(5.0, 2.0, (8, 3)).astype("float32")
    layer.build((None, 3))
    layer.trainable = False
    out = layer(x, training=True)
    np.testing.assert_allclose(out.numpy(), x / np.sqrt(1 + 1e-3), rtol=1e-6)
    np.testing.assert_array_equal(layer.moving_mean.numpy(), np.zeros(3))


def test_training_output_has_zero_mean_unit_variance():
    x = np.random.default_rng(1).normal(3.0, 5.0, (64, 4)).astype("float32")
    out = BatchNormalization(epsilon=1e-6)(x, training=True).numpy()
    np.testing.assert_allclose(out.mean(0), 0.0, atol=1e-5)
    np.testing.assert_allclose(out.std(0), 1.0, rtol=1e-4)


def test_fused_training_path_equals_the_composed_one(float64):
    """The fused primitive against the same formula written with plain ops."""
    rng = np.random.default_rng(2)
    x = rng.standard_normal((6, 3))
    layer = BatchNormalization(gamma_initializer="random_normal", beta_initializer="random_normal")
    layer.build((None, 3))
    source = numkeras.Variable(x)
    with GradientTape():
        fused = layer(source, training=True)
    fused_grads = backward(fused, [source, layer.gamma, layer.beta], output_grad=np.cos(x))
    ops = numkeras.ops
    with GradientTape():
        mean = ops.mean(source, axis=0, keepdims=True)
        variance = ops.mean(ops.square(source - mean), axis=0, keepdims=True)
        composed = (source - mean) / ops.sqrt(variance + 1e-3) * layer.gamma + layer.beta
    composed_grads = backward(composed, [source, layer.gamma, layer.beta], output_grad=np.cos(x))
    np.testing.assert_allclose(fused.numpy(), composed.numpy(), rtol=1e-12)
    for a, b in zip(fused_grads, composed_grads):
        np.testing.assert_allclose(a, b, rtol=1e-10, atol=1e-12)


def test_masked_training_uses_only_unmasked_positions():
    x = np.array([[[1.0], [3.0], [100.0]]], "float32")  # (batch 1, time 3, features 1)
    mask = np.array([[True, True, False]])
    layer = BatchNormalization(momentum=0.0)
    layer(x, training=True, mask=mask)
    np.testing.assert_allclose(layer.moving_mean.numpy(), [2.0], rtol=1e-5)
    np.testing.assert_allclose(layer.moving_variance.numpy(), [1.0], rtol=1e-5)


def test_masked_training_gradient(float64):
    mask = np.array([[True, True, False, True], [False, True, True, True]])
    x = np.random.default_rng(3).standard_normal((2, 4, 3))

    class MaskedBatchNorm(BatchNormalization):
        def call(self, inputs, training=None, mask=None):
            return super().call(inputs, training=training, mask=fixed_mask)

    fixed_mask = mask
    check_layer_gradients(MaskedBatchNorm, {}, (2, 4, 3), input_data=x, input_dtype="float64",
                          training=True)


def test_float16_inputs_are_normalized_in_the_layer_dtype():
    out = BatchNormalization()(np.ones((2, 3), "float16") * 4, training=False)
    assert out.dtype == np.float32


@pytest.mark.parametrize("kwargs,message", [
    ({"momentum": 1.5}, "`momentum` must be a number in"),
    ({"epsilon": -1.0}, "`epsilon` must be a number in"),
    ({"axis": 1.5}, "`axis` must be an int"),
    ({"renorm": True}, "renorm=True"),
])
def test_bad_arguments(kwargs, message):
    with pytest.raises((ValueError, TypeError, NotImplementedError), match=message):
        BatchNormalization(**kwargs)


def test_axis_outside_the_input_rank_is_reported():
    with pytest.raises(ValueError, match=r"`axis`=3 is out of range for inputs of rank 2"):
        BatchNormalization(axis=3)(np.ones((2, 3)))


def test_in_a_model_training_updates_moving_statistics():
    model = numkeras.Sequential([numkeras.Input(shape=(2,)), numkeras.layers.Dense(3),
                                 BatchNormalization()])
    x = np.random.default_rng(4).standard_normal((16, 2)).astype("float32")
    bn = model.layers[-1]
    model(x, training=True)
    assert not np.allclose(bn.moving_mean.numpy(), 0.0)
    before = bn.get_weights()
    model(x, training=False)
    for old, new in zip(before, bn.get_weights()):
        np.testing.assert_array_equal(old, new)
