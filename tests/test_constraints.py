"""Constraints: Keras goldens, hand-computed cases (epsilon placement included),
dtypes, configs and name lookup."""
import json

import numpy as np
import pytest

from numkeras import constraints
from numkeras.backend.tensor import Variable

W = np.array([[0.5, -1.0, 2.0, 0.0],
              [1.5, 0.25, -0.75, 3.0],
              [-2.0, 0.5, 1.0, -0.5]], dtype="float32")
W3 = np.arange(-6, 6, dtype="float32").reshape(2, 3, 2) / 4.0

# Computed once with Keras 3.15.1 (JAX backend) on W / W3 (tools/init_reg_goldens.py, CONSTRAINTS).
KERAS = {
    "max_norm_2_axis0": (constraints.MaxNorm(2.0, axis=0), W, [
        [0.3922322690486908, -0.9999998807907104, 1.695996642112732, 0.0],
        [1.17669677734375, 0.2499999701976776, -0.6359987258911133, 1.972787857055664],
        [-1.5689290761947632, 0.4999999403953552, 0.847998321056366, -0.32879796624183655]]),
    "max_norm_1.5_axis1": (constraints.MaxNorm(1.5, axis=1), W, [
        [0.32732683420181274, -0.6546536684036255, 1.309307336807251, 0.0],
        [0.6529285907745361, 0.10882143676280975, -0.32646429538726807, 1.3058571815490723],
        [-1.279204249382019, 0.31980106234550476, 0.6396021246910095, -0.31980106234550476]]),
    "unit_norm_axis0": (constraints.UnitNorm(axis=0), W, [
        [0.1961161345243454, -0.872871458530426, 0.847998321056366, 0.0],
        [0.588348388671875, 0.2182178646326065, -0.31799936294555664, 0.986393928527832],
        [-0.7844645380973816, 0.436435729265213, 0.423999160528183, -0.16439898312091827]]),
    "unit_norm_axis01_3d": (constraints.UnitNorm(axis=[0, 1]), W3, [
        [[-0.6882472038269043, -0.5976142883300781], [-0.45883145928382874, -0.35856857895851135],
         [-0.22941572964191437, -0.11952286213636398]],
        [[0.0, 0.11952286213636398], [0.22941572964191437, 0.35856857895851135],
         [0.45883145928382874, 0.5976142883300781]]]),
    "min_max_norm_0.5_1_rate0.7_axis0": (constraints.MinMaxNorm(0.5, 1.0, rate=0.7, axis=0), W, [
        [0.2872813045978546, -0.9110099673271179, 1.1935988664627075, 0.0],
        [0.8618439435958862, 0.22775249183177948, -0.4475995898246765, 1.5904757976531982],
        [-1.1491252183914185, 0.45550498366355896, 0.5967994332313538, -0.2650792896747589]]),
    "min_max_norm_3_4_rate1_axis1": (constraints.MinMaxNorm(3.0, 4.0, rate=1.0, axis=1), W, [
        [0.6546536684036255, -1.309307336807251, 2.618614673614502, 0.0],
        [1.5, 0.25, -0.75, 3.0],
        [-2.558408498764038, 0.6396021246910095, 1.279204249382019, -0.6396021246910095]]),
    "non_neg": (constraints.NonNeg(), W, [[0.5, 0.0, 2.0, 0.0], [1.5, 0.25, 0.0, 3.0], [0.0, 0.5, 1.0, 0.0]]),
}


@pytest.mark.parametrize("name", KERAS)
def test_matches_keras(name):
    constraint, w, expected = KERAS[name]
    out = constraint(w)
    assert isinstance(out, np.ndarray) and out.dtype == np.float32 and out.shape == w.shape
    np.testing.assert_allclose(out, expected, rtol=1e-6, atol=1e-7)


def test_epsilon_sits_in_the_denominator():
    # Keras divides by (epsilon + norm): a unit-normed [3, 4] is [3, 4] / 5.0000001, not / 5.
    w = np.array([[3.0], [4.0]])
    out = constraints.UnitNorm()(w)
    np.testing.assert_allclose(out, w / (5 + 1e-7), rtol=1e-14)
    assert out[0, 0] < 0.6
    # MaxNorm scales by clip(norm, 0, max) / (epsilon + norm), even when under the limit.
    np.testing.assert_allclose(constraints.MaxNorm(10.0)(w), w * (5 / (5 + 1e-7)), rtol=1e-14)
    np.testing.assert_allclose(constraints.MaxNorm(1.0)(w), w * (1 / (5 + 1e-7)), rtol=1e-14)
    # An all-zero column stays zero rather than becoming NaN.
    assert constraints.UnitNorm()(np.zeros((3, 2))).tolist() == [[0.0, 0.0]] * 3


def test_min_max_norm_rates_by_hand():
    w = np.array([[0.6], [0.8]])  # norm 1
    # rate 0.5 towards [2, 3]: desired = 0.5 * 2 + 0.5 * 1 = 1.5
    np.testing.assert_allclose(constraints.MinMaxNorm(2.0, 3.0, rate=0.5)(w), w * (1.5 / (1 + 1e-7)),
                               rtol=1e-14)
    # rate 0 leaves the norm where it is.
    np.testing.assert_allclose(constraints.MinMaxNorm(2.0, 3.0, rate=0.0)(w), w / (1 + 1e-7), rtol=1e-14)


def test_max_norm_per_unit_of_a_dense_kernel():
    kernel = np.array([[3.0, 0.1], [4.0, 0.1]], dtype="float32")  # column norms 5 and ~0.14
    out = constraints.MaxNorm(2.0)(kernel)
    np.testing.assert_allclose(np.linalg.norm(out, axis=0), [2.0, np.sqrt(0.02)], rtol=1e-5)


def test_dtype_kept_and_tensors_accepted():
    assert constraints.MaxNorm()(W.astype("float64")).dtype == np.float64
    assert constraints.NonNeg()(W.astype("float64")).dtype == np.float64
    var = Variable(W)
    np.testing.assert_allclose(constraints.UnitNorm()(var), KERAS["unit_norm_axis0"][2], rtol=1e-6)


def test_base_constraint_is_identity():
    assert constraints.Constraint()(W) is W
    assert constraints.Constraint().get_config() == {}


# --- configs and names --------------------------------------------------------------------------
CONFIG_CASES = [constraints.MaxNorm(3.0, axis=[0, 1]), constraints.NonNeg(), constraints.UnitNorm(axis=1),
                constraints.MinMaxNorm(0.5, 2.0, rate=0.3, axis=[0, 1, 2])]


@pytest.mark.parametrize("constraint", CONFIG_CASES, ids=lambda c: type(c).__name__)
def test_config_round_trip(constraint):
    data = json.loads(json.dumps(constraints.serialize(constraint)))
    assert data == {"module": "keras.constraints", "class_name": type(constraint).__name__,
                    "config": constraint.get_config(), "registered_name": None}
    clone = constraints.deserialize(data)
    assert type(clone) is type(constraint) and clone.get_config() == constraint.get_config()
    w4 = np.arange(24, dtype="float32").reshape(2, 3, 2, 2)
    np.testing.assert_array_equal(clone(w4), constraint(w4))


def test_serialize_matches_keras():
    # serialize_keras_object(...) of these in Keras 3.15.1 (tools/init_reg_goldens.py, CONFIGS).
    assert constraints.serialize(constraints.MinMaxNorm()) == {
        "module": "keras.constraints", "class_name": "MinMaxNorm",
        "config": {"min_value": 0.0, "max_value": 1.0, "rate": 1.0, "axis": 0}, "registered_name": None}
    assert constraints.serialize(constraints.NonNeg()) == {
        "module": "keras.constraints", "class_name": "NonNeg", "config": {}, "registered_name": None}


NAMES = {"max_norm": "MaxNorm", "MaxNorm": "MaxNorm", "non_neg": "NonNeg", "NonNeg": "NonNeg",
         "unit_norm": "UnitNorm", "UnitNorm": "UnitNorm", "min_max_norm": "MinMaxNorm",
         "MinMaxNorm": "MinMaxNorm"}


@pytest.mark.parametrize("name, class_name", NAMES.items())
def test_get_by_name(name, class_name):
    assert type(constraints.get(name)).__name__ == class_name


def test_get_other_identifiers_and_aliases():
    assert constraints.get(None) is None
    c = constraints.UnitNorm()
    assert constraints.get(c) is c
    assert isinstance(constraints.get(constraints.NonNeg), constraints.NonNeg)
    assert constraints.get({"class_name": "MaxNorm", "config": {"max_value": 3}}).max_value == 3
    assert constraints.max_norm is constraints.MaxNorm and constraints.non_neg is constraints.NonNeg
    assert constraints.get(np.abs) is np.abs
    with pytest.raises(ValueError, match="Could not interpret constraint"):
        constraints.get(1.0)


def test_unknown_name_error():
    with pytest.raises(ValueError) as info:
        constraints.get("maxnorm")
    assert str(info.value).startswith("Unknown constraint: 'maxnorm'. Did you mean 'max_norm'? "
                               "Available: max_norm, min_max_norm, non_neg, unit_norm.")
