"""Regularizers: penalties on hand-computed cases and Keras goldens, their gradients
through the tape (finite differences in float64), configs and name lookup."""
import json

import numpy as np
import pytest

from numkeras import regularizers
from numkeras.backend.tensor import GradientTape, Tensor, Variable

W = np.array([[0.5, -1.0, 2.0, 0.0],
              [1.5, 0.25, -0.75, 3.0],
              [-2.0, 0.5, 1.0, -0.5]], dtype="float32")

# Computed once with Keras 3.15.1 + JAX 0.10.2 on W (tools/init_reg_goldens.py, REGULARIZERS):
# `value` is the float32 penalty, `grad` is jax.grad of the penalty in float64.
KERAS = {
    "l1_0.3": (regularizers.L1(0.3), 3.9000000953674316, 0.3 * np.sign(W)),
    "l2_0.1": (regularizers.L2(0.1), 2.262500047683716, 0.2 * W),
    "l1l2_0.01_0.02": (regularizers.L1L2(l1=0.01, l2=0.02), 0.5824999809265137,
                       0.01 * np.sign(W) + 0.04 * W),
    "orthogonal_0.1_rows": (regularizers.OrthogonalRegularizer(0.1, mode="rows"), 0.02846178226172924, [
        [-0.019436386069620882, 0.0034411089866429496, 0.006579651010726695, -0.015766566006827777],
        [0.0029349618318104636, 0.0016254583112891737, -0.010966194860366648, -0.004344484490270993],
        [0.005729324011159952, -0.009438023286449118, 0.011092601358376517, -0.010170116614335898]]),
    "orthogonal_0.2_columns": (regularizers.OrthogonalRegularizer(0.2, mode="columns"), 0.08664295822381973, [
        [-0.003387293018991293, -0.001091590268608597, -0.006750614073703098, -0.016711198187081184],
        [0.0030636131402115956, 0.013511923236051288, -0.019222177217829917, -0.001039002152243661],
        [0.001450886600410874, -0.00893914215524284, -0.0009154047659662469, -0.0062340129134619724]]),
}
# For L1 the JAX gradient at W[0, 3] = 0 is l1 (JAX takes |x|' = 1 at 0); our tape, like
# TensorFlow, takes the subgradient 0 there, which is what the sign(W) expectations above encode.


@pytest.mark.parametrize("name", KERAS)
def test_penalty_matches_keras(name):
    reg, value, _ = KERAS[name]
    out = reg(W)
    assert isinstance(out, Tensor) and out.shape == () and out.dtype == np.float32
    np.testing.assert_allclose(float(out), value, rtol=1e-6)


@pytest.mark.parametrize("name", KERAS)
def test_gradient_matches_keras_and_finite_differences(name):
    reg, _, expected = KERAS[name]
    w64 = W.astype(np.float64)
    var = Variable(w64, dtype="float64")
    with GradientTape() as tape:
        penalty = reg(var)
    grad = tape.gradient(penalty, [var])[0]
    assert grad.dtype == np.float64
    np.testing.assert_allclose(grad, expected, rtol=1e-7, atol=1e-12)
    # Central differences, away from the kink of |x| at 0 (W[0, 3]).
    step, numeric = 1e-6, np.zeros_like(w64)
    for index in np.ndindex(w64.shape):
        if w64[index] == 0.0 and "l1" in name:
            continue
        bumped = [w64.copy(), w64.copy()]
        bumped[0][index] += step
        bumped[1][index] -= step
        up, down = (float(reg(Variable(b, dtype="float64"))) for b in bumped)
        numeric[index] = (up - down) / (2 * step)
    mask = ~((w64 == 0.0) & ("l1" in name))
    np.testing.assert_allclose(grad[mask], numeric[mask], rtol=1e-5, atol=1e-9)


def test_hand_computed_penalties():
    x = np.array([[1.0, -2.0], [3.0, 0.0]], dtype="float32")
    assert float(regularizers.L1(0.1)(x)) == pytest.approx(0.1 * 6)
    assert float(regularizers.L2(0.1)(x)) == pytest.approx(0.1 * 14)  # no 1/2 factor
    assert float(regularizers.L1L2(0.1, 0.2)(x)) == pytest.approx(0.6 + 2.8)
    assert float(regularizers.L1L2()(x)) == 0.0
    # Rows [1, 0] and [1, 1]/sqrt(2): one pair, |cos| = 1/sqrt(2).
    ortho = regularizers.OrthogonalRegularizer(0.5)(np.array([[1.0, 0.0], [1.0, 1.0]], "float32"))
    assert float(ortho) == pytest.approx(0.5 / np.sqrt(2), rel=1e-6)
    # Orthogonal rows cost nothing, parallel rows cost `factor`.
    assert float(regularizers.OrthogonalRegularizer(1.0)(np.eye(3, dtype="float32"))) == 0.0
    parallel = np.array([[1.0, 2.0], [2.0, 4.0], [-3.0, -6.0]], "float32")
    assert float(regularizers.OrthogonalRegularizer(1.0)(parallel)) == pytest.approx(1.0, rel=1e-6)


def test_orthogonal_regularizer_edge_cases():
    reg = regularizers.OrthogonalRegularizer(1.0)
    # An all-zero row has no direction: it adds nothing and its gradient stays finite.
    var = Variable(np.array([[0.0, 0.0], [1.0, 1.0], [1.0, 0.0]]), dtype="float64")
    with GradientTape() as tape:
        penalty = reg(var)
    assert float(penalty) == pytest.approx(1 / np.sqrt(2) / 3)
    assert np.isfinite(tape.gradient(penalty, [var])[0]).all()
    assert float(reg(np.ones((1, 4), "float32"))) == 0.0  # a single row has no pairs
    with pytest.raises(ValueError, match="rank-2"):
        reg(np.ones(3, "float32"))
    with pytest.raises(ValueError, match="mode"):
        regularizers.OrthogonalRegularizer(mode="diagonal")


def test_penalty_dtype_follows_weight():
    assert regularizers.L2()(np.ones(2, "float32")).dtype == np.float32
    assert regularizers.L1L2(0.1, 0.1)(Variable(np.ones(2), dtype="float64")).dtype == np.float64
    assert regularizers.L1L2()(Variable(np.ones(2), dtype="float64")).dtype == np.float64


def test_defaults_and_validation():
    assert regularizers.L1().l1 == 0.01 and regularizers.L2().l2 == 0.01
    assert regularizers.L1(None).l1 == 0.01 and regularizers.L2(None).l2 == 0.01
    assert regularizers.L1L2().get_config() == {"l1": 0.0, "l2": 0.0}
    assert regularizers.L1L2(None, 0.3).get_config() == {"l1": 0.0, "l2": 0.3}
    for bad in (-0.1, float("nan"), float("inf")):
        with pytest.raises(ValueError, match="l2"):
            regularizers.L2(bad)
    with pytest.raises(TypeError, match="l1"):
        regularizers.L1("0.1")
    with pytest.raises(ValueError, match="factor"):
        regularizers.OrthogonalRegularizer(-1.0)


# --- configs and names -----------------------------------------------------------------------
CONFIG_CASES = [regularizers.L1(0.2), regularizers.L2(0.3), regularizers.L1L2(0.1, 0.4),
                regularizers.OrthogonalRegularizer(0.05, mode="columns")]


@pytest.mark.parametrize("reg", CONFIG_CASES, ids=lambda r: type(r).__name__)
def test_config_round_trip(reg):
    data = json.loads(json.dumps(regularizers.serialize(reg)))
    assert data == {"module": "keras.regularizers", "class_name": type(reg).__name__,
                    "config": reg.get_config(), "registered_name": None}
    clone = regularizers.deserialize(data)
    assert type(clone) is type(reg) and clone.get_config() == reg.get_config()
    assert float(clone(W)) == float(reg(W))


def test_serialize_matches_keras():
    # serialize_keras_object(keras.regularizers.L1L2()) in Keras 3.15.1.
    assert regularizers.serialize(regularizers.L1L2()) == {
        "module": "keras.regularizers", "class_name": "L1L2", "config": {"l1": 0.0, "l2": 0.0},
        "registered_name": None}
    # Keras stores OrthogonalRegularizer's factor as float32, so its configs read 0.00999999977...
    keras_config = {"module": "keras.regularizers", "class_name": "OrthogonalRegularizer",
                    "config": {"factor": 0.009999999776482582, "mode": "rows"}, "registered_name": None}
    assert regularizers.deserialize(keras_config).factor == pytest.approx(0.01)


NAMES = {"l1": ("L1", {"l1": 0.01}), "L1": ("L1", {"l1": 0.01}), "l2": ("L2", {"l2": 0.01}),
         "L2": ("L2", {"l2": 0.01}), "l1l2": ("L1L2", {"l1": 0.0, "l2": 0.0}),
         "L1L2": ("L1L2", {"l1": 0.0, "l2": 0.0}), "l1_l2": ("L1L2", {"l1": 0.01, "l2": 0.01}),
         "orthogonal_regularizer": ("OrthogonalRegularizer", {"factor": 0.01, "mode": "rows"}),
         "OrthogonalRegularizer": ("OrthogonalRegularizer", {"factor": 0.01, "mode": "rows"})}


@pytest.mark.parametrize("name", NAMES)
def test_get_by_name(name):
    class_name, config = NAMES[name]
    reg = regularizers.get(name)
    assert type(reg).__name__ == class_name and reg.get_config() == config


def test_get_other_identifiers_and_aliases():
    assert regularizers.get(None) is None
    reg = regularizers.L2(0.5)
    assert regularizers.get(reg) is reg
    assert isinstance(regularizers.get(regularizers.L1), regularizers.L1)
    assert regularizers.get({"class_name": "L2", "config": {"l2": 0.2}}).l2 == 0.2

    def custom(w):
        return 0.0

    assert regularizers.get(custom) is custom
    assert regularizers.l2 is regularizers.L2 and regularizers.l1_l2 is regularizers.L1L2
    with pytest.raises(ValueError, match="Could not interpret regularizer"):
        regularizers.get(3)


def test_unknown_name_error():
    with pytest.raises(ValueError) as info:
        regularizers.get("L2_")
    assert str(info.value).startswith("Unknown regularizer: 'L2_'. Did you mean 'L2'? "
                               "Available: l1, l1_l2, l1l2, l2, orthogonal_regularizer.")


def test_base_regularizer():
    assert regularizers.Regularizer()(W) == 0.0
    with pytest.raises(NotImplementedError, match="get_config"):
        regularizers.Regularizer().get_config()
