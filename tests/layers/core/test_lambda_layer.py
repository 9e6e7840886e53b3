"""Lambda: calls, shape inference, arguments, config with bytecode refused in safe mode."""
import json

import numpy as np
import pytest
from layer_test_utils import run_layer_test

import numkeras
from numkeras import ops
from numkeras.layers import Lambda
from numkeras.layers.core.lambda_layer import is_unsafe_config


def double_plus_one(x):
    return ops.add(ops.multiply(x, 2.0), 1.0)


def test_layer_contract_with_a_numkeras_function():
    # A numkeras function reloads in safe mode, so the generic config round trip applies.
    run_layer_test(Lambda, {"function": ops.tanh}, (3, 4), (3, 4), run_train_step=False)


def test_output_shape_is_inferred_without_being_given():
    layer = Lambda(lambda x: ops.sum(x, axis=-1, keepdims=True))
    assert layer.compute_output_shape((None, 5)) == (None, 1)
    inputs = numkeras.Input(shape=(5,))
    assert numkeras.Model(inputs, layer(inputs)).output_shape == (None, 1)


def test_given_output_shape_and_callable_output_shape():
    assert Lambda(lambda x: x, output_shape=(7,)).compute_output_shape((None, 3)) == (None, 7)
    assert Lambda(lambda x: x, output_shape=lambda s: (s[0], 9)).compute_output_shape((None, 3)) \
        == (None, 9)


def test_arguments_training_and_mask_are_passed():
    seen = {}

    def fn(x, scale, training=None, mask=None):
        seen.update(training=training, mask=mask)
        return x * scale

    layer = Lambda(fn, arguments={"scale": 3.0})
    out = layer(np.ones((1, 2), "float32"), training=True, mask=np.array([[True, False]]))
    np.testing.assert_array_equal(out.numpy(), [[3.0, 3.0]])
    assert seen["training"] is True and seen["mask"].tolist() == [[True, False]]


def test_gradient_flows_through_the_function():
    x = numkeras.Variable(np.array([[1.0, 2.0]], "float32"))
    with numkeras.GradientTape() as tape:
        out = ops.sum(Lambda(lambda t: ops.square(t))(x))
    np.testing.assert_array_equal(tape.gradient(out, [x])[0], [[2.0, 4.0]])


def test_python_lambda_config_is_bytecode_refused_in_safe_mode():
    layer = Lambda(lambda x, k=2.0: x * k)
    config = json.loads(json.dumps(layer.get_config()))
    assert config["function"]["class_name"] == "__lambda__" and is_unsafe_config(config)
    with pytest.raises(ValueError, match="safe mode refuses it"):
        Lambda.from_config(config)
    clone = Lambda.from_config(config, safe_mode=False)
    np.testing.assert_array_equal(clone(np.ones((1, 2), "float32")).numpy(), [[2.0, 2.0]])


def test_lambda_with_closure_round_trips_when_unsafe_allowed():
    offset = 5.0
    layer = Lambda(lambda x: x + offset)
    clone = Lambda.from_config(layer.get_config(), safe_mode=False)
    np.testing.assert_array_equal(clone(np.zeros((1, 1), "float32")).numpy(), [[5.0]])


def test_named_function_config_needs_custom_objects_outside_numkeras():
    config = Lambda(double_plus_one).get_config()
    assert config["function"] == {"module": __name__, "class_name": "function",
                                  "config": "double_plus_one", "registered_name": "function"}
    assert not is_unsafe_config(config)
    with pytest.raises(ValueError, match="custom_objects"):
        Lambda.from_config(config)
    clone = Lambda.from_config(config, custom_objects={"double_plus_one": double_plus_one})
    assert clone.function is double_plus_one


def test_numkeras_functions_load_in_safe_mode():
    config = Lambda(ops.relu).get_config()
    assert Lambda.from_config(config).function is ops.relu


def test_not_callable_is_rejected():
    with pytest.raises(TypeError, match="`function` must be callable"):
        Lambda(3)


def test_uninferable_shape_asks_for_output_shape():
    def needs_two_samples(x):
        return x[1:2] if x.shape[0] > 1 else x["bad"]

    with pytest.raises(NotImplementedError, match="pass `output_shape`"):
        Lambda(needs_two_samples).compute_output_shape((None, 3))


def test_from_config_follows_the_enclosing_safe_mode_scope():
    from numkeras.saving.serialization import SafeModeScope

    config = Lambda(lambda x: x + 1.0).get_config()
    with SafeModeScope(False):
        clone = Lambda.from_config(config)
    np.testing.assert_array_equal(clone(np.zeros((1, 1), "float32")).numpy(), [[1.0]])
    with SafeModeScope(True), pytest.raises(ValueError, match="safe mode refuses it"):
        Lambda.from_config(config)
