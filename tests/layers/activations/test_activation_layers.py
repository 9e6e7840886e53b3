"""Activation layers: Keras goldens, defaults, PReLU's learned slope, Softmax masks, errors."""
import warnings

import numpy as np
import pytest
from layer_test_utils import golden_cases, run_golden_case, run_layer_test

import numkeras
from numkeras.layers import ELU, LeakyReLU, PReLU, ReLU, Softmax


@pytest.mark.parametrize("cls,kwargs", [
    (ReLU, {}), (ReLU, {"max_value": 1.0, "negative_slope": 0.1, "threshold": 0.2}),
    (LeakyReLU, {}), (ELU, {"alpha": 0.5}), (Softmax, {}), (Softmax, {"axis": [1, 2]}),
], ids=["relu", "relu_options", "leaky_relu", "elu", "softmax", "softmax_two_axes"])
def test_stateless_layer_contract(cls, kwargs):
    run_layer_test(cls, kwargs, (3, 2, 4), (3, 2, 4), run_train_step=False)


@pytest.mark.parametrize("kwargs", [{"alpha_initializer": "random_normal"},
                                    {"alpha_initializer": "random_normal", "shared_axes": [1]}])
def test_prelu_layer_contract(kwargs):
    run_layer_test(PReLU, kwargs, (3, 2, 4), (3, 2, 4), expected_num_trainable_weights=1)


@pytest.mark.parametrize("name,case", golden_cases("ReLU", "LeakyReLU", "PReLU", "ELU", "Softmax"))
def test_matches_keras(name, case):
    run_golden_case(case)


def test_keras_defaults():
    assert LeakyReLU().negative_slope == 0.3
    assert ELU().alpha == 1.0
    relu = ReLU()
    assert (relu.max_value, relu.negative_slope, relu.threshold) == (None, 0.0, 0.0)
    prelu = PReLU()
    assert prelu.get_config()["alpha_initializer"]["class_name"] == "Zeros"
    assert prelu.shared_axes is None and Softmax().axis == -1


def test_leaky_relu_accepts_keras2_alpha_with_a_warning():
    with pytest.warns(DeprecationWarning, match="alpha"):
        layer = LeakyReLU(alpha=0.1)
    assert layer.negative_slope == 0.1
    np.testing.assert_allclose(layer(np.array([[-2.0]])).numpy(), [[-0.2]], rtol=1e-6)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        LeakyReLU(negative_slope=0.1)


def test_prelu_shared_axes_give_one_slope_per_channel():
    layer = PReLU(shared_axes=[1, 2])
    layer(np.ones((2, 5, 5, 3)))
    assert layer.alpha.shape == (1, 1, 3)


def test_prelu_learns_its_slope():
    layer = PReLU()
    x = np.array([[-1.0, -2.0, 3.0]], "float32")
    layer(x)
    with numkeras.GradientTape() as tape:
        out = numkeras.ops.sum(layer(x))
    np.testing.assert_allclose(tape.gradient(out, [layer.alpha])[0], [-1.0, -2.0, 0.0])


def test_softmax_mask_zeroes_masked_positions():
    x = np.array([[1.0, 2.0, 3.0], [1.0, 1.0, 1.0]], "float32")
    mask = np.array([[True, False, True], [False, False, False]])
    out = Softmax()(x, mask=mask).numpy()
    e = np.exp([1.0, 3.0])
    np.testing.assert_allclose(out[0], [e[0] / e.sum(), 0.0, e[1] / e.sum()], rtol=1e-6)
    np.testing.assert_array_equal(out[1], [0.0, 0.0, 0.0])  # a fully masked row, not NaN


@pytest.mark.parametrize("cls,kwargs,message", [
    (ReLU, {"max_value": -1.0}, "`max_value` must be a number in"),
    (ReLU, {"negative_slope": -0.1}, "`negative_slope` must be a number in"),
    (ReLU, {"threshold": None}, "`threshold` must be a number"),
    (LeakyReLU, {"negative_slope": -1}, "`negative_slope`"),
    (ELU, {"alpha": "one"}, "`alpha` must be a number"),
    (Softmax, {"axis": 1.0}, "`axis` must be an int"),
    (PReLU, {"shared_axes": "1"}, "`shared_axes` must be an int"),
])
def test_bad_arguments(cls, kwargs, message):
    with pytest.raises((ValueError, TypeError), match=message):
        cls(**kwargs)


def test_prelu_rejects_the_batch_axis_as_shared():
    with pytest.raises(ValueError, match="shared axis 0 is not a non-batch axis"):
        PReLU(shared_axes=[0])(np.ones((2, 3)))
