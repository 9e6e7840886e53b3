"""Permute and RepeatVector: shapes, Keras goldens, gradients, errors."""
import numpy as np
import pytest
from layer_test_utils import golden_cases, run_golden_case, run_layer_test

import numkeras
from numkeras.layers import Permute, RepeatVector


def test_permute_layer_contract():
    run_layer_test(Permute, {"dims": (3, 1, 2)}, (2, 3, 4, 5), (2, 5, 3, 4), run_train_step=False)


def test_repeat_vector_layer_contract():
    run_layer_test(RepeatVector, {"n": 4}, (2, 3), (2, 4, 3), run_train_step=False)


@pytest.mark.parametrize("name,case", golden_cases("Permute", "RepeatVector"))
def test_matches_keras(name, case):
    run_golden_case(case)


def test_repeat_vector_gradient_sums_the_copies():
    x = numkeras.Variable(np.array([[1.0, 2.0]], "float32"))
    with numkeras.GradientTape() as tape:
        out = numkeras.ops.sum(RepeatVector(3)(x))
    np.testing.assert_array_equal(tape.gradient(out, [x])[0], [[3.0, 3.0]])


def test_in_a_sequential_model():
    model = numkeras.Sequential([numkeras.Input(shape=(4,)), RepeatVector(2), Permute((2, 1)),
                                 numkeras.layers.Dense(1)])
    assert model.output_shape == (None, 4, 1)
    assert model(np.ones((3, 4), "float32")).shape == (3, 4, 1)


@pytest.mark.parametrize("make,message", [
    (lambda: Permute((1, 3)), "must be a permutation of"),
    (lambda: Permute((0, 1)), "must be a permutation of"),
    (lambda: Permute(2), "`dims` must be a tuple"),
    (lambda: RepeatVector(0), "`n` must be a positive int"),
    (lambda: RepeatVector(2.0), "`n` must be a positive int"),
])
def test_bad_arguments(make, message):
    with pytest.raises((ValueError, TypeError), match=message):
        make()


def test_wrong_input_rank():
    with pytest.raises(ValueError, match="expects 2-D inputs"):
        RepeatVector(2)(np.ones((2, 3, 4)))
    with pytest.raises(ValueError, match="expects inputs of rank 3"):
        Permute((2, 1))(np.ones((2, 3)))
