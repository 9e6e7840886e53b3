"""GaussianNoise, GaussianDropout, ActivityRegularization: train-time only, statistics, losses."""
import numpy as np
import pytest
from layer_test_utils import run_layer_test

import numkeras
from numkeras.layers import ActivityRegularization, GaussianDropout, GaussianNoise


@pytest.mark.parametrize("cls,kwargs", [(GaussianNoise, {"stddev": 0.3, "seed": 1}),
                                        (GaussianDropout, {"rate": 0.2, "seed": 1}),
                                        (ActivityRegularization, {"l1": 0.1, "l2": 0.2})],
                         ids=["gaussian_noise", "gaussian_dropout", "activity_regularization"])
def test_layer_contract(cls, kwargs):
    # Gradients are checked in inference (identity); noise would differ between the two calls.
    run_layer_test(cls, kwargs, (4, 3), (4, 3), run_train_step=False, gradient_training=False)


@pytest.mark.parametrize("layer", [GaussianNoise(0.5), GaussianDropout(0.5)])
def test_identity_outside_training(layer):
    x = np.random.default_rng(0).standard_normal((3, 4)).astype("float32")
    np.testing.assert_array_equal(layer(x).numpy(), x)
    np.testing.assert_array_equal(layer(x, training=False).numpy(), x)


def test_gaussian_noise_statistics_in_training():
    x = np.zeros((200, 500), "float32")
    out = GaussianNoise(0.5, seed=3)(x, training=True).numpy()
    assert out.dtype == np.float32
    assert abs(out.mean()) < 0.01 and abs(out.std() - 0.5) < 0.01


def test_gaussian_dropout_statistics_in_training():
    x = np.ones((200, 500), "float32")
    out = GaussianDropout(0.2, seed=3)(x, training=True).numpy()
    assert abs(out.mean() - 1.0) < 0.01 and abs(out.std() - np.sqrt(0.2 / 0.8)) < 0.01


def test_seeded_noise_is_reproducible_and_changes_between_calls():
    x = np.zeros((2, 3), "float32")
    a, b = GaussianNoise(0.1, seed=7), GaussianNoise(0.1, seed=7)
    first = a(x, training=True).numpy()
    np.testing.assert_array_equal(first, b(x, training=True).numpy())
    assert not np.array_equal(first, a(x, training=True).numpy())


def test_noise_gradient_in_training():
    x = numkeras.Variable(np.ones((2, 3), "float32"))
    layer = GaussianDropout(0.3, seed=0)
    with numkeras.GradientTape() as tape:
        out = layer(x, training=True)
        total = numkeras.ops.sum(out)
    np.testing.assert_allclose(tape.gradient(total, [x])[0], out.numpy(), rtol=1e-6)  # d(x*n)/dx = n


def test_activity_regularization_adds_the_penalty_divided_by_batch_size():
    layer = ActivityRegularization(l1=0.1, l2=0.5)
    x = np.array([[1.0, -2.0], [3.0, 0.0]], "float32")
    np.testing.assert_array_equal(layer(x).numpy(), x)
    expected = (0.1 * 6.0 + 0.5 * 14.0) / 2
    assert len(layer.losses) == 1
    np.testing.assert_allclose(float(layer.losses[0]), expected, rtol=1e-6)
    config = layer.get_config()
    assert (config["l1"], config["l2"]) == (0.1, 0.5) and "activity_regularizer" not in config


def test_activity_regularization_is_not_a_builtin_fast_path_layer():
    from numkeras.layers import BUILTIN_LAYER_TYPES

    assert ActivityRegularization not in BUILTIN_LAYER_TYPES
    assert GaussianNoise in BUILTIN_LAYER_TYPES


@pytest.mark.parametrize("cls,kwargs,message", [
    (GaussianNoise, {"stddev": 2.0}, r"`stddev` must be a number in \[0.0, 1.0\]"),
    (GaussianDropout, {"rate": 1.0}, r"`rate` must be a number in \[0.0, 1.0\)"),
    (ActivityRegularization, {"l1": -1.0}, "`l1` must be a number"),
])
def test_bad_arguments(cls, kwargs, message):
    with pytest.raises(ValueError, match=message):
        cls(**kwargs)
