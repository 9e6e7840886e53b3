"""`run_layer_test`: the checks every layer gets (Keras's `run_layer_test`, for numkeras).

1. build and call: output shape as expected, and equal to `compute_output_shape`;
2. weight counts (trainable / non-trainable);
3. config round trip: `from_config(get_config())` gives the same config, JSON-able, and the
   same outputs once given the same weights;
4. a functional model holding the layer runs one train step (GradientTape + SGD update)
   that changes every trainable weight;
5. gradients of the output with respect to the inputs and the trainable weights agree
   with central finite differences, in float64.
"""
import json

import numpy as np

import numkeras
from numkeras.backend import GradientTape, Tensor, backward, no_grad, set_floatx
from numkeras.backend.config import floatx


def _is_multi(shape):
    return isinstance(shape, list)


def make_inputs(input_shape, input_dtype="float32", seed=0, int_high=10):
    """Random inputs: normal floats, or ints in [0, int_high) for integer dtypes."""
    rng = np.random.default_rng(seed)

    def one(shape):
        if np.dtype(input_dtype).kind in "iu":
            return rng.integers(0, int_high, size=shape).astype(input_dtype)
        return rng.standard_normal(shape).astype(input_dtype)

    return [one(s) for s in input_shape] if _is_multi(input_shape) else one(input_shape)


def _symbolic_shape(shape):
    return (None,) + tuple(shape[1:])


def _values(out):
    return [o.numpy() for o in out] if isinstance(out, (list, tuple)) else out.numpy()


def run_layer_test(layer_cls, init_kwargs, input_shape, expected_output_shape,
                   expected_num_trainable_weights=0, expected_num_non_trainable_weights=0,
                   input_data=None, input_dtype="float32", training=None, run_train_step=True,
                   check_gradients=True, gradient_training=None, int_high=10,
                   gradient_rtol=1e-6):
    """Runs the five checks of the module docstring; returns the built layer.

    Args:
        layer_cls, init_kwargs: the layer to test and its constructor arguments.
        input_shape: a shape with the batch axis, or a list of shapes (merging layers).
        expected_output_shape: the output's shape, batch axis included.
        input_data: optional fixed inputs (else random, see `make_inputs`).
        training: the `training` flag of the shape check call.
        run_train_step: whether to run check 4 (off for layers whose input is not differentiable
            and who have no weights, e.g. nothing to train).
        check_gradients: whether to run check 5; `gradient_training` is its `training` flag.
    """
    x = input_data if input_data is not None else make_inputs(input_shape, input_dtype, int_high=int_high)
    layer = layer_cls(**init_kwargs)
    out = layer(x, training=training)
    assert tuple(out.shape) == tuple(expected_output_shape), \
        f"{layer_cls.__name__}: output shape {out.shape}, expected {expected_output_shape}"
    symbolic = [_symbolic_shape(s) for s in input_shape] if _is_multi(input_shape) \
        else _symbolic_shape(input_shape)
    assert tuple(layer.compute_output_shape(symbolic)) == _symbolic_shape(expected_output_shape)
    assert len(layer.trainable_weights) == expected_num_trainable_weights
    assert len(layer.non_trainable_weights) == expected_num_non_trainable_weights
    _check_config_round_trip(layer, layer_cls, x)
    if run_train_step:
        _check_train_step(layer_cls, init_kwargs, input_shape, x, input_dtype)
    if check_gradients:
        check_layer_gradients(layer_cls, init_kwargs, input_shape, input_data, input_dtype,
                              gradient_training, int_high, gradient_rtol)
    return layer


def _check_config_round_trip(layer, layer_cls, x):
    config = layer.get_config()
    json.dumps(config)  # the .keras format stores it as JSON
    clone = layer_cls.from_config(config)
    assert clone.get_config() == config
    clone(x)  # build
    clone.set_weights(layer.get_weights())
    np.testing.assert_allclose(_values(clone(x, training=False)), _values(layer(x, training=False)),
                               rtol=1e-6, atol=1e-6)


def build_functional(layer, input_shape, input_dtype):
    """`Model(inputs, layer(inputs))` with one `Input` per input shape."""
    dtype = input_dtype if np.dtype(input_dtype).kind in "iu" else None
    if _is_multi(input_shape):
        inputs = [numkeras.Input(shape=tuple(s[1:]), dtype=dtype) for s in input_shape]
    else:
        inputs = numkeras.Input(shape=tuple(input_shape[1:]), dtype=dtype)
    return numkeras.Model(inputs, layer(inputs))


def _check_train_step(layer_cls, init_kwargs, input_shape, x, input_dtype):
    model = build_functional(layer_cls(**init_kwargs), input_shape, input_dtype)
    y = model(x, training=True)
    target = np.random.default_rng(1).standard_normal(y.shape).astype(y.dtype)
    before = [w.numpy() for w in model.trainable_weights]
    with GradientTape():
        y = model(x, training=True)
        loss = numkeras.ops.mean(numkeras.ops.square(numkeras.ops.subtract(y, target)))
    grads = backward(loss, model.trainable_weights)
    for weight, grad in zip(model.trainable_weights, grads):
        assert grad is not None, f"{layer_cls.__name__}: no gradient for {weight.path}"
        weight.assign(weight.value - 0.1 * grad)
    for weight, old in zip(model.trainable_weights, before):
        assert not np.allclose(weight.numpy(), old), f"{layer_cls.__name__}: {weight.path} unchanged"
    assert np.isfinite(float(loss))


def check_layer_gradients(layer_cls, init_kwargs, input_shape, input_data=None, input_dtype="float32",
                          training=None, int_high=10, rtol=1e-6, eps=1e-6, num_projections=3):
    """Tape gradients vs central differences along random directions, in float64."""
    previous = floatx()
    set_floatx("float64")
    try:
        layer = layer_cls(**init_kwargs)
        if input_data is None:
            input_data = make_inputs(input_shape, input_dtype, seed=2, int_high=int_high)
        floating = np.dtype(input_dtype).kind == "f"
        xs = input_data if _is_multi(input_shape) else [input_data]
        xs = [np.asarray(a, "float64") if floating else a for a in xs]
        sources = [Tensor(a) for a in xs] if floating else []
        for s in sources:
            s.requires_grad = True
        call_inputs = sources if _is_multi(input_shape) else (sources[0] if sources else xs[0])
        layer(call_inputs, training=training)  # build before listing the weights
        weights = layer.trainable_weights
        assert all(w.dtype == np.float64 for w in weights)
        rng = np.random.default_rng(3)
        with GradientTape():
            out = layer(call_inputs, training=training)
        cotangent = rng.standard_normal(out.shape)
        grads = backward(out, sources + weights, output_grad=cotangent)

        def objective():
            with no_grad():
                value = layer(call_inputs, training=training)
            return float(np.sum(value.numpy() * cotangent))

        names = [f"input {i}" for i in range(len(sources))] + [w.path for w in weights]
        for name, source, grad in zip(names, sources + weights, grads):
            grad = np.zeros(source.shape) if grad is None else grad
            for _ in range(num_projections):
                direction = rng.standard_normal(source.shape)
                original = source.value.copy()
                source.value[...] = original + eps * direction
                plus = objective()
                source.value[...] = original - eps * direction
                minus = objective()
                source.value[...] = original
                numeric = (plus - minus) / (2 * eps)
                analytic = float(np.sum(grad * direction))
                assert abs(numeric - analytic) <= 1e-7 + rtol * max(abs(numeric), abs(analytic), 1.0), \
                    f"{layer_cls.__name__}: gradient for {name}: finite differences {numeric}, tape {analytic}"
    finally:
        set_floatx(previous)


# --- golden values from real Keras (tests/layers/keras_layer_goldens.py) -------------
def golden_cases(*class_names):
    """The Keras golden cases of the given layer classes, as (name, case) pairs."""
    from keras_layer_goldens import CASES

    return [(name, case) for name, case in CASES.items() if case["class_name"] in class_names]


def run_golden_case(case, rtol=1e-5, atol=1e-6, num_weights_to_compare=None):
    """Builds the layer as Keras did (weights set or adapted), calls it, compares with Keras.

    `num_weights_to_compare` limits the comparison of the weights after the call to the first
    ones (Normalization's `count`, which Keras 3 leaves at 0, records the sample count here).
    """
    layer = getattr(numkeras.layers, case["class_name"])(**case["kwargs"])
    if isinstance(case["inputs"][0], list) and case["class_name"] in _MERGING:
        inputs = [np.asarray(x, case["input_dtype"]) for x in case["inputs"]]
    else:
        inputs = np.asarray(case["inputs"], case["input_dtype"])
    adapt = case["adapt"]
    if isinstance(adapt, dict):
        layer.adapt([np.asarray(batch, "float32") for batch in adapt["batches"]])
    elif adapt is not None:
        layer.adapt(np.asarray(adapt, "float32"))
    if case["weights"] is not None:
        layer(inputs, training=False)  # builds; inference leaves the moving statistics alone
        layer.set_weights([np.asarray(w, "float32") for w in case["weights"]])
    out = layer(inputs, **case["call_kwargs"])
    np.testing.assert_allclose(out.numpy(), np.asarray(case["outputs"]), rtol=rtol, atol=atol)
    after = layer.get_weights()
    assert len(after) == len(case["weights_after"])
    for got, expected in list(zip(after, case["weights_after"]))[:num_weights_to_compare]:
        np.testing.assert_allclose(got, np.asarray(expected), rtol=rtol, atol=atol)
    assert sorted(layer.get_config()) == case["config_keys"]
    return layer


_MERGING = {"Add", "Subtract", "Multiply", "Average", "Maximum", "Minimum", "Concatenate", "Dot"}
