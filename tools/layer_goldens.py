"""Computes golden values for tests/layers with real Keras 3 (run once, by hand).

Each case builds a `keras.layers` layer with fixed weights (or adapts it on fixed data),
calls it on fixed inputs and records the outputs, the weights after the call (moving
statistics change in training) and the config keys. It prints a Python module:

    KERAS_BACKEND=jax python tools/layer_goldens.py > tests/layers/keras_layer_goldens.py

CI does not install Keras; the printed file is checked in.
"""
import os
import pprint

os.environ.setdefault("KERAS_BACKEND", "jax")

import keras  # noqa: E402
import numpy as np  # noqa: E402

RNG = np.random.default_rng(20240601)


def data(*shape, scale=1.0):
    """Fixed inputs with two decimals, so the literals stay short."""
    return np.round(RNG.standard_normal(shape) * scale, 2).astype("float32")


def positive(*shape):
    return np.round(RNG.uniform(0.5, 2.0, shape), 2).astype("float32")


X23, Y23, Z23 = data(2, 3), data(2, 3), data(2, 3)
X234 = data(2, 3, 4)
ADAPT = data(8, 3, scale=3.0) + np.float32(2.0)

# name -> (class name, kwargs, inputs, weights or None, call kwargs, adapt data or None)
CASES = {
    "embedding": ("Embedding", {"input_dim": 5, "output_dim": 3},
                  np.array([[0, 4, 2], [1, 1, 3]], "int32"), [data(5, 3)], {}, None),
    "embedding_float_ids": ("Embedding", {"input_dim": 5, "output_dim": 2},
                            np.array([[0.0, 4.0], [3.0, 1.0]], "float32"), [data(5, 2)], {}, None),
    "normalization_last_axis": ("Normalization", {}, X23 * 3, None, {}, ADAPT),
    "normalization_axis_none": ("Normalization", {"axis": None}, X23, None, {}, ADAPT),
    "normalization_invert": ("Normalization", {"invert": True}, X23, None, {}, ADAPT),
    "normalization_axis_1_of_3d": ("Normalization", {"axis": 1}, X234, None, {},
                                   data(5, 3, 4, scale=2.0)),
    "normalization_axes_1_2": ("Normalization", {"axis": (1, 2)}, X234, None, {},
                               data(5, 3, 4, scale=2.0)),
    "normalization_batches": ("Normalization", {}, X23, None, {},
                              [ADAPT[:3], ADAPT[3:5], ADAPT[5:]]),
    "normalization_given_stats": ("Normalization", {"mean": [1.0, 2.0, 3.0],
                                                    "variance": [1.0, 4.0, 0.25]}, X23, None, {}, None),
    "batch_norm_train": ("BatchNormalization", {"momentum": 0.9}, data(4, 3),
                         [positive(3), data(3), data(3), positive(3)], {"training": True}, None),
    "batch_norm_inference": ("BatchNormalization", {}, data(4, 3),
                             [positive(3), data(3), data(3), positive(3)], {"training": False}, None),
    "batch_norm_axis1_4d_train": ("BatchNormalization", {"axis": 1, "epsilon": 0.01},
                                  data(2, 3, 2, 2), [positive(3), data(3), data(3), positive(3)],
                                  {"training": True}, None),
    "batch_norm_no_center_scale_train": ("BatchNormalization", {"center": False, "scale": False},
                                         data(5, 2), [data(2), positive(2)], {"training": True}, None),
    "layer_norm_last_axis": ("LayerNormalization", {}, data(2, 4), [positive(4), data(4)], {}, None),
    "layer_norm_3d_last_axis": ("LayerNormalization", {"epsilon": 0.01}, X234,
                                [positive(4), data(4)], {}, None),
    "layer_norm_axes_1_2": ("LayerNormalization", {"axis": [1, 2]}, X234,
                            [positive(3, 4), data(3, 4)], {}, None),
    "layer_norm_rms": ("LayerNormalization", {"rms_scaling": True}, data(2, 4), [positive(4)], {}, None),
    "add": ("Add", {}, [X23, Y23, Z23], None, {}, None),
    "add_lower_rank": ("Add", {}, [data(2, 4), X234], None, {}, None),
    "subtract": ("Subtract", {}, [X23, Y23], None, {}, None),
    "multiply": ("Multiply", {}, [X23, Y23, Z23], None, {}, None),
    "average": ("Average", {}, [X23, Y23, Z23], None, {}, None),
    "maximum": ("Maximum", {}, [X23, Y23, Z23], None, {}, None),
    "minimum": ("Minimum", {}, [X23, Y23], None, {}, None),
    "concatenate": ("Concatenate", {}, [X23, data(2, 2)], None, {}, None),
    "concatenate_axis_1": ("Concatenate", {"axis": 1}, [X234, data(2, 1, 4)], None, {}, None),
    "dot_axes_1": ("Dot", {"axes": 1}, [X23, Y23], None, {}, None),
    "dot_axes_2_1": ("Dot", {"axes": (2, 1)}, [X234, data(2, 4, 5)], None, {}, None),
    "dot_axes_1_1_3d": ("Dot", {"axes": 1}, [X234, data(2, 3, 2)], None, {}, None),
    "dot_normalize": ("Dot", {"axes": -1, "normalize": True}, [X23, Y23], None, {}, None),
    "relu": ("ReLU", {}, X23, None, {}, None),
    "relu_max_value": ("ReLU", {"max_value": 0.5}, X23, None, {}, None),
    "relu_slope_threshold": ("ReLU", {"negative_slope": 0.1, "threshold": 0.3}, X23, None, {}, None),
    "relu_all_options": ("ReLU", {"max_value": 1.0, "negative_slope": 0.2, "threshold": 0.1},
                         X234, None, {}, None),
    "leaky_relu": ("LeakyReLU", {}, X23, None, {}, None),
    "leaky_relu_slope": ("LeakyReLU", {"negative_slope": 0.05}, X23, None, {}, None),
    "prelu": ("PReLU", {}, X23, [data(3)], {}, None),
    "prelu_shared_axes": ("PReLU", {"shared_axes": [1]}, X234, [data(1, 4)], {}, None),
    "elu": ("ELU", {}, X23, None, {}, None),
    "elu_alpha": ("ELU", {"alpha": 0.5}, X23, None, {}, None),
    "softmax": ("Softmax", {}, X23, None, {}, None),
    "softmax_axis_1": ("Softmax", {"axis": 1}, X234, None, {}, None),
    "softmax_axes_1_2": ("Softmax", {"axis": [1, 2]}, X234, None, {}, None),
    "rescaling": ("Rescaling", {"scale": 1 / 127.5, "offset": -1.0},
                  np.array([[0, 127, 255]], "uint8"), None, {}, None),
    "permute": ("Permute", {"dims": (2, 1)}, X234, None, {}, None),
    "repeat_vector": ("RepeatVector", {"n": 3}, X23, None, {}, None),
}


def as_list(x):
    """Nested lists; floats as the shortest decimals that read back as the same float32."""
    x = np.asarray(x)
    if x.dtype.kind in "iub":
        return x.tolist()
    x = x.astype("float32")
    shortest = [float(np.format_float_positional(v, unique=True)) for v in x.ravel()]
    return np.array(shortest, dtype="float64").reshape(x.shape).tolist()


def run(class_name, kwargs, inputs, weights, call_kwargs, adapt):
    layer = getattr(keras.layers, class_name)(**kwargs)
    if adapt is not None:
        # Keras reads a list of batches only through TensorFlow (not installed): the batches'
        # pooled statistics are those of their concatenation, which is what Keras adapts on here.
        layer.adapt(np.concatenate(adapt) if isinstance(adapt, list) else adapt)
    if weights is not None:
        shapes = [x.shape for x in inputs] if isinstance(inputs, list) else inputs.shape
        layer.build(shapes)
        layer.set_weights(weights)
    out = layer(inputs, **call_kwargs)
    return {
        "class_name": class_name,
        "kwargs": kwargs,
        "inputs": [as_list(x) for x in inputs] if isinstance(inputs, list) else as_list(inputs),
        "input_dtype": str((inputs[0] if isinstance(inputs, list) else inputs).dtype),
        "weights": None if weights is None else [as_list(w) for w in weights],
        "adapt": None if adapt is None else (
            {"batches": [as_list(a) for a in adapt]} if isinstance(adapt, list) else as_list(adapt)),
        "call_kwargs": call_kwargs,
        "outputs": as_list(out),
        "weights_after": [as_list(w) for w in layer.get_weights()],
        "config_keys": sorted(layer.get_config()),
    }


def main():
    goldens = {name: run(*case) for name, case in CASES.items()}
    print('"""Golden values computed with real Keras %s (%s backend), float32.\n' %
          (keras.__version__, keras.backend.backend()))
    print("Generated by tools/layer_goldens.py; do not edit by hand.\n\"\"\"")
    print("CASES = " + pprint.pformat(goldens, width=100, sort_dicts=False, compact=True))


if __name__ == "__main__":
    main()
