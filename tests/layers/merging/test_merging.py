"""Merging layers: shapes without a forward pass, Keras goldens, functional use, errors."""
import numpy as np
import pytest
from layer_test_utils import golden_cases, run_golden_case, run_layer_test

import numkeras
from numkeras import layers
from numkeras.layers import Add, Average, Concatenate, Dot, Maximum, Minimum, Multiply, Subtract

ELEMENTWISE = [Add, Subtract, Multiply, Average, Maximum, Minimum]


@pytest.mark.parametrize("cls", ELEMENTWISE, ids=lambda c: c.__name__)
def test_elementwise_layer_contract(cls):
    shapes = [(3, 4), (3, 4)] if cls is Subtract else [(3, 4), (3, 4), (3, 4)]
    run_layer_test(cls, {}, shapes, (3, 4), run_train_step=False)


def test_concatenate_layer_contract():
    run_layer_test(Concatenate, {"axis": 1}, [(2, 3, 4), (2, 1, 4)], (2, 4, 4), run_train_step=False)


@pytest.mark.parametrize("kwargs,shapes,expected", [
    ({"axes": 1}, [(3, 4), (3, 4)], (3, 1)),
    ({"axes": (2, 1)}, [(2, 3, 4), (2, 4, 5)], (2, 3, 5)),
    ({"axes": 1, "normalize": True}, [(2, 3, 4), (2, 3, 2)], (2, 4, 2)),
])
def test_dot_layer_contract(kwargs, shapes, expected):
    run_layer_test(Dot, kwargs, shapes, expected, run_train_step=False)


@pytest.mark.parametrize("name,case", golden_cases("Add", "Subtract", "Multiply", "Average",
                                                   "Maximum", "Minimum", "Concatenate", "Dot"))
def test_matches_keras(name, case):
    run_golden_case(case)


def test_functional_model_with_two_branches_trains_both():
    a, b = numkeras.Input(shape=(3,)), numkeras.Input(shape=(2,))
    merged = layers.concatenate([layers.Dense(4)(a), layers.Dense(4)(b)])
    summed = layers.add([layers.Dense(2)(merged), layers.Dense(2)(merged)])
    model = numkeras.Model([a, b], summed)
    assert model.output_shape == (None, 2)
    x = [np.ones((5, 3), "float32"), np.ones((5, 2), "float32")]
    with numkeras.GradientTape():
        loss = numkeras.ops.sum(numkeras.ops.square(model(x)))
    grads = numkeras.backend.backward(loss, model.trainable_weights)
    assert len(grads) == 8 and all(g is not None and np.any(g != 0) for g in grads)


def test_compute_output_shape_needs_no_forward_pass():
    assert Concatenate().compute_output_shape([(None, 3), (None, 5)]) == (None, 8)
    assert Concatenate(axis=1).compute_output_shape([(None, None, 2), (None, 4, 2)]) == (None, None, 2)
    assert Add().compute_output_shape([(None, 4), (None, 3, 4)]) == (None, 3, 4)
    assert Add().compute_output_shape([(None, 1, 4), (None, 3, 1)]) == (None, 3, 4)
    assert Dot(axes=(1, 2)).compute_output_shape([(None, 4), (None, 5, 4)]) == (None, 5)


@pytest.mark.parametrize("fn,cls", [(layers.add, Add), (layers.subtract, Subtract),
                                    (layers.multiply, Multiply), (layers.average, Average),
                                    (layers.maximum, Maximum), (layers.minimum, Minimum)])
def test_functional_forms_match_the_layers(fn, cls):
    rng = np.random.default_rng(0)
    xs = [rng.standard_normal((2, 3)).astype("float32") for _ in range(2)]
    np.testing.assert_array_equal(fn(xs).numpy(), cls()(xs).numpy())


def test_concatenate_and_dot_functional_forms():
    x, y = np.ones((2, 3), "float32"), np.full((2, 3), 2.0, "float32")
    assert layers.concatenate([x, y], axis=0).shape == (4, 3)
    np.testing.assert_allclose(layers.dot([x, y], axes=1).numpy(), [[6.0], [6.0]])
    np.testing.assert_allclose(layers.dot([x, y], axes=-1, normalize=True).numpy(), [[1.0], [1.0]],
                               rtol=1e-6)


def test_dot_normalize_gives_cosine_similarity_and_handles_zero_vectors():
    x = np.array([[3.0, 4.0], [0.0, 0.0]], "float32")
    y = np.array([[4.0, 3.0], [1.0, 0.0]], "float32")
    np.testing.assert_allclose(Dot(axes=1, normalize=True)([x, y]).numpy(), [[24 / 25], [0.0]],
                               rtol=1e-6)


def test_zero_vector_gets_a_finite_gradient_under_normalize():
    x = numkeras.Variable(np.array([[0.0, 0.0]], "float32"))
    with numkeras.GradientTape() as tape:
        out = numkeras.ops.sum(Dot(axes=1, normalize=True)([x, np.array([[1.0, 0.0]], "float32")]))
    assert np.all(np.isfinite(tape.gradient(out, [x])[0]))


def test_maximum_ties_send_the_gradient_to_one_input():
    a, b = numkeras.Variable([[1.0, 2.0]]), numkeras.Variable([[1.0, 3.0]])
    with numkeras.GradientTape() as tape:
        out = numkeras.ops.sum(Maximum()([a, b]))
    ga, gb = tape.gradient(out, [a, b])
    np.testing.assert_array_equal(ga + gb, [[1.0, 1.0]])


@pytest.mark.parametrize("layer,inputs,message", [
    (Subtract(), [np.ones((2, 3))] * 3, "exactly 2 inputs"),
    (Add(), np.ones((2, 3)), "list of inputs"),
    (Add(), [np.ones((2, 3)), np.ones((2, 4))], "incompatible shapes"),
    (Add(), [np.ones((2, 3)), np.ones((3, 3))], "different batch sizes"),
    (Concatenate(), [np.ones((2, 3)), np.ones((2, 3, 1))], "same rank"),
    (Concatenate(axis=1), [np.ones((2, 3, 4)), np.ones((2, 3, 5))], "match except"),
    (Dot(axes=1), [np.ones((2, 3)), np.ones((2, 4))], "has size 3 but axis 1 of the second has size 4"),
    (Dot(axes=0), [np.ones((2, 3)), np.ones((2, 3))], "non-batch axis"),
])
def test_errors_name_the_layer_and_shapes(layer, inputs, message):
    with pytest.raises(ValueError, match=message):
        layer(inputs)


def test_dot_rejects_bad_axes_argument():
    with pytest.raises(ValueError, match="pair of ints"):
        Dot(axes=(1, 2, 3))
    with pytest.raises(TypeError, match="`axes` must be an int"):
        Dot(axes="1")
