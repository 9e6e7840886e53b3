"""Writes tests/golden/conv_goldens.npz: convolution, pooling and spatial layers run once with real Keras 3.

For every layer case: fixed inputs and weights, Keras's output, and the gradients of
`sum(output * cotangent)` with respect to the input and every weight (jax.grad through the
layer's stateless call). Plus one small convnet trained a few SGD steps (weights after).

    KERAS_BACKEND=jax python tools/conv_goldens.py
"""
import json
import os
from pathlib import Path

os.environ.setdefault("KERAS_BACKEND", "jax")
import jax  # noqa: E402
import jax.numpy as jnp  # noqa: E402
import keras  # noqa: E402
import numpy as np  # noqa: E402

OUT = Path(__file__).resolve().parents[1] / "tests" / "golden" / "conv_goldens.npz"
CF = {"data_format": "channels_first"}

# name: (class name, kwargs, input shape)
CASES = {
    "conv1d_valid": ("Conv1D", {"filters": 3, "kernel_size": 3}, (2, 7, 2)),
    "conv1d_same_strided": ("Conv1D", {"filters": 2, "kernel_size": 4, "strides": 2, "padding": "same"}, (2, 9, 3)),
    "conv1d_causal_dilated": ("Conv1D", {"filters": 2, "kernel_size": 3, "padding": "causal",
                                         "dilation_rate": 2, "activation": "relu"}, (2, 8, 2)),
    "conv1d_groups": ("Conv1D", {"filters": 4, "kernel_size": 2, "groups": 2}, (2, 5, 4)),
    "conv2d_valid_relu": ("Conv2D", {"filters": 4, "kernel_size": 3, "activation": "relu"}, (2, 6, 5, 2)),
    "conv2d_same_strided": ("Conv2D", {"filters": 3, "kernel_size": (3, 2), "strides": (2, 3),
                                       "padding": "same"}, (2, 7, 8, 2)),
    "conv2d_dilated_nobias": ("Conv2D", {"filters": 2, "kernel_size": 2, "dilation_rate": (2, 1),
                                         "use_bias": False}, (1, 6, 5, 3)),
    "conv2d_groups": ("Conv2D", {"filters": 6, "kernel_size": 2, "groups": 3, "padding": "same"}, (2, 4, 4, 3)),
    "conv2d_channels_first": ("Conv2D", {"filters": 3, "kernel_size": 3, "strides": 2, **CF}, (2, 2, 7, 6)),
    "conv3d_same": ("Conv3D", {"filters": 2, "kernel_size": 2, "padding": "same"}, (1, 3, 4, 3, 2)),
    "conv1d_transpose": ("Conv1DTranspose", {"filters": 2, "kernel_size": 3, "strides": 2}, (2, 4, 3)),
    "conv2d_transpose_same": ("Conv2DTranspose", {"filters": 3, "kernel_size": 3, "strides": 2,
                                                  "padding": "same"}, (2, 3, 4, 2)),
    "conv2d_transpose_output_padding": ("Conv2DTranspose", {"filters": 2, "kernel_size": (3, 2),
                                                            "strides": (2, 3), "output_padding": (1, 2)},
                                        (1, 3, 3, 2)),
    "conv2d_transpose_same_even_kernel": ("Conv2DTranspose", {"filters": 2, "kernel_size": 4, "strides": 2,
                                                              "padding": "same", "output_padding": 1},
                                          (1, 3, 3, 2)),
    "conv2d_transpose_dilated": ("Conv2DTranspose", {"filters": 2, "kernel_size": 2, "dilation_rate": 2},
                                 (1, 3, 3, 2)),
    "conv2d_transpose_channels_first": ("Conv2DTranspose", {"filters": 2, "kernel_size": 3, "strides": 2, **CF},
                                        (1, 2, 3, 3)),
    "conv3d_transpose": ("Conv3DTranspose", {"filters": 2, "kernel_size": 2, "strides": 2}, (1, 2, 2, 2, 2)),
    "depthwise1d": ("DepthwiseConv1D", {"kernel_size": 3, "depth_multiplier": 2}, (2, 6, 3)),
    "depthwise2d_same_strided": ("DepthwiseConv2D", {"kernel_size": 3, "strides": 2, "padding": "same"},
                                 (2, 5, 6, 3)),
    "separable1d": ("SeparableConv1D", {"filters": 4, "kernel_size": 3, "depth_multiplier": 2}, (2, 6, 3)),
    "separable2d_same": ("SeparableConv2D", {"filters": 3, "kernel_size": 3, "padding": "same",
                                             "activation": "relu"}, (2, 5, 5, 2)),
    "maxpool1d": ("MaxPooling1D", {}, (2, 7, 3)),
    "maxpool2d": ("MaxPooling2D", {"pool_size": (2, 2)}, (2, 6, 7, 3)),
    "maxpool2d_same_strided": ("MaxPooling2D", {"pool_size": 3, "strides": 2, "padding": "same"}, (2, 7, 6, 2)),
    "maxpool2d_channels_first": ("MaxPooling2D", {"pool_size": 2, **CF}, (2, 3, 4, 5)),
    "maxpool3d": ("MaxPooling3D", {"pool_size": 2}, (1, 4, 4, 5, 2)),
    "avgpool1d_same": ("AveragePooling1D", {"pool_size": 3, "strides": 2, "padding": "same"}, (2, 7, 2)),
    "avgpool2d": ("AveragePooling2D", {"pool_size": 2}, (2, 5, 6, 3)),
    "avgpool2d_same": ("AveragePooling2D", {"pool_size": 3, "strides": 1, "padding": "same"}, (1, 5, 4, 2)),
    "avgpool3d_strided": ("AveragePooling3D", {"pool_size": 2, "strides": 1}, (1, 3, 4, 3, 2)),
    "global_max1d": ("GlobalMaxPooling1D", {}, (2, 5, 3)),
    "global_avg2d": ("GlobalAveragePooling2D", {}, (2, 4, 5, 3)),
    "global_avg2d_keepdims_cf": ("GlobalAveragePooling2D", {"keepdims": True, **CF}, (2, 3, 4, 5)),
    "global_max3d": ("GlobalMaxPooling3D", {"keepdims": True}, (1, 2, 3, 4, 2)),
    "upsampling1d": ("UpSampling1D", {"size": 3}, (2, 4, 2)),
    "upsampling2d_nearest": ("UpSampling2D", {"size": (2, 3)}, (2, 3, 4, 2)),
    "upsampling2d_bilinear": ("UpSampling2D", {"size": 2, "interpolation": "bilinear"}, (1, 3, 4, 2)),
    "upsampling3d": ("UpSampling3D", {"size": (1, 2, 2)}, (1, 2, 2, 3, 2)),
    "zeropadding1d": ("ZeroPadding1D", {"padding": (1, 2)}, (2, 4, 2)),
    "zeropadding2d": ("ZeroPadding2D", {"padding": ((1, 0), (2, 1))}, (2, 3, 3, 2)),
    "zeropadding3d_cf": ("ZeroPadding3D", {"padding": 1, **CF}, (1, 2, 2, 2, 3)),
    "cropping1d": ("Cropping1D", {"cropping": (1, 2)}, (2, 6, 2)),
    "cropping2d": ("Cropping2D", {"cropping": ((1, 0), (2, 1))}, (2, 5, 6, 2)),
    "cropping3d": ("Cropping3D", {"cropping": 1}, (1, 4, 4, 4, 2)),
}


def layer_case(name, class_name, kwargs, shape, rng, arrays, meta):
    layer = getattr(keras.layers, class_name)(**kwargs)
    x = np.round(rng.normal(size=shape), 3).astype("float32")
    layer.build(shape)
    weights = [np.round(rng.normal(size=w.shape) * 0.5, 3).astype("float32") for w in layer.weights]
    layer.set_weights(weights)
    out = np.asarray(layer(x))
    cotangent = np.round(rng.normal(size=out.shape), 3).astype("float32")

    def objective(x_value, trainable):
        y, _ = layer.stateless_call(trainable, [], x_value)
        return jnp.sum(y * cotangent)

    trainable = [jnp.asarray(w) for w in weights]
    grad_x, grad_w = jax.grad(objective, argnums=(0, 1))(jnp.asarray(x), trainable)
    arrays[f"{name}/input"] = x
    arrays[f"{name}/output"] = out
    arrays[f"{name}/cotangent"] = cotangent
    arrays[f"{name}/grad_input"] = np.asarray(grad_x)
    for i, (w, g) in enumerate(zip(weights, grad_w)):
        arrays[f"{name}/weight_{i}"] = w
        arrays[f"{name}/grad_weight_{i}"] = np.asarray(g)
    meta[name] = {"class_name": class_name, "kwargs": kwargs, "num_weights": len(weights),
                  "weight_names": [w.name for w in layer.weights],
                  "config": keras.saving.serialize_keras_object(layer)["config"],
                  "output_shape": list(layer.compute_output_shape((None,) + shape[1:]))}


def training_case(rng, arrays, meta):
    """A small convnet, 3 SGD steps of batch 4 on fixed data, shuffle off."""
    model = keras.Sequential([
        keras.Input((8, 8, 1)),
        keras.layers.Conv2D(4, 3, activation="relu"),
        keras.layers.MaxPooling2D(),
        keras.layers.Conv2D(3, 2, padding="same", activation="relu"),
        keras.layers.Flatten(),
        keras.layers.Dense(3, activation="softmax"),
    ])
    weights = [np.round(rng.normal(size=w.shape) * 0.3, 3).astype("float32") for w in model.weights]
    model.set_weights(weights)
    x = np.round(rng.normal(size=(12, 8, 8, 1)), 3).astype("float32")
    y = rng.integers(0, 3, 12)
    model.compile(optimizer=keras.optimizers.SGD(0.1), loss="sparse_categorical_crossentropy")
    history = model.fit(x, y, batch_size=4, epochs=1, shuffle=False, verbose=0)
    arrays["train/x"], arrays["train/y"] = x, y
    for i, (w0, w1) in enumerate(zip(weights, model.get_weights())):
        arrays[f"train/initial_{i}"], arrays[f"train/final_{i}"] = w0, w1
    meta["train"] = {"loss": float(history.history["loss"][0]), "num_weights": len(weights)}


def main():
    rng = np.random.default_rng(11)
    arrays, meta = {}, {}
    for name, (class_name, kwargs, shape) in CASES.items():
        layer_case(name, class_name, kwargs, shape, rng, arrays, meta)
    training_case(rng, arrays, meta)
    arrays["meta"] = np.array(json.dumps(meta, default=list))
    np.savez_compressed(OUT, keras_version=np.array(keras.__version__), **arrays)
    print(f"wrote {OUT} ({len(CASES)} layer cases + training) with Keras {keras.__version__}")


if __name__ == "__main__":
    main()
