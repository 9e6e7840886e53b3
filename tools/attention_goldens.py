"""Golden values for the attention layers with real Keras 3 (run once, by hand):

    KERAS_BACKEND=jax python tools/attention_goldens.py

Writes tests/golden/attention_goldens.npz: for each case the inputs, the weights set on the
layer, the outputs (and attention scores), and for a small Transformer encoder block the
weights after three SGD steps. Keys are `<case>/<what>`; `<case>/kwargs` holds the layer's
arguments as JSON.
"""
import json
import os

os.environ.setdefault("KERAS_BACKEND", "jax")

import keras
import numpy as np

RNG = np.random.default_rng(20261205)
OUT = os.path.join(os.path.dirname(__file__), "..", "tests", "golden", "attention_goldens.npz")


def data(*shape, scale=1.0):
    return (RNG.standard_normal(shape) * scale).astype("float32")


def mask(*shape):
    m = RNG.uniform(size=shape) > 0.3
    m[..., 0] = True  # every row keeps one step
    return m


Q, V, K = data(2, 3, 4), data(2, 5, 4), data(2, 5, 4)
QMASK, VMASK = mask(2, 3), mask(2, 5)

# name -> (class, kwargs, inputs, call kwargs)
SIMPLE = {
    "attention_dot": ("Attention", {}, [Q, V], {}),
    "attention_dot_key_masks": ("Attention", {}, [Q, V, K], {"mask": [QMASK, VMASK]}),
    "attention_scale_causal": ("Attention", {"use_scale": True}, [Q, data(2, 3, 4)],
                               {"use_causal_mask": True}),
    "attention_concat_scale": ("Attention", {"score_mode": "concat", "use_scale": True}, [Q, V, K],
                               {"mask": [None, VMASK]}),
    "attention_concat": ("Attention", {"score_mode": "concat"}, [Q, V], {"use_causal_mask": True}),
    "additive": ("AdditiveAttention", {}, [Q, V, K], {"mask": [QMASK, VMASK]}),
    "additive_no_scale": ("AdditiveAttention", {"use_scale": False}, [Q, V], {}),
}

Q8, V8, K6 = data(2, 3, 8), data(2, 5, 8), data(2, 5, 6)
ATTENTION_MASK = mask(2, 3, 5)
MHA = {
    "mha_self": ({"num_heads": 2, "key_dim": 4}, [V8, V8], {}),
    "mha_cross_key": ({"num_heads": 2, "key_dim": 3, "value_dim": 5}, [Q8, V8, K6], {}),
    "mha_attention_mask": ({"num_heads": 3, "key_dim": 2}, [Q8, V8], {"attention_mask": ATTENTION_MASK}),
    "mha_causal": ({"num_heads": 2, "key_dim": 4}, [V8, V8], {"use_causal_mask": True}),
    "mha_no_bias_output_shape": ({"num_heads": 2, "key_dim": 4, "use_bias": False, "output_shape": 6},
                                 [Q8, V8], {}),
    "mha_2d_attention": ({"num_heads": 2, "key_dim": 3}, [data(2, 3, 2, 4), data(2, 2, 2, 4)], {}),
    "mha_gate_window": ({"num_heads": 2, "key_dim": 3, "use_gate": True, "sliding_window": 2}, [V8, V8], {}),
    "mha_axis_2": ({"num_heads": 2, "key_dim": 3, "attention_axes": (2,)},
                   [data(2, 3, 4, 5), data(2, 3, 2, 5)], {}),
}


def store(out, case, **arrays):
    for key, value in arrays.items():
        if isinstance(value, list):
            for i, item in enumerate(value):
                if item is not None:
                    out[f"{case}/{key}_{i}"] = np.asarray(item)
        elif value is not None:
            out[f"{case}/{key}"] = np.asarray(value)


def simple_cases(out):
    for case, (cls, kwargs, inputs, call_kwargs) in SIMPLE.items():
        layer = getattr(keras.layers, cls)(**kwargs)
        layer.build([x.shape for x in inputs])
        weights = [data(*w.shape) for w in layer.weights]
        layer.set_weights(weights)
        result, scores = layer(inputs, return_attention_scores=True, **call_kwargs)
        store(out, case, inputs=inputs, weights=weights, outputs=np.asarray(result),
              scores=np.asarray(scores), masks=call_kwargs.get("mask", []))
        out[f"{case}/kwargs"] = np.array(json.dumps({"class": cls, "kwargs": kwargs,
                                                     "causal": bool(call_kwargs.get("use_causal_mask"))}))


def mha_cases(out):
    for case, (kwargs, inputs, call_kwargs) in MHA.items():
        layer = keras.layers.MultiHeadAttention(**kwargs)
        layer(*inputs, return_attention_scores=True, **call_kwargs)  # builds
        weights = [data(*w.shape, scale=0.5) for w in layer.weights]
        layer.set_weights(weights)
        result, scores = layer(*inputs, return_attention_scores=True, **call_kwargs)
        try:  # the fused dot-product path Keras takes when no scores are asked for
            plain = layer(*inputs, **call_kwargs)
        except (TypeError, ValueError):  # Keras's fused path needs value_dim == key_dim, rank 4
            plain = None
        store(out, case, inputs=inputs, weights=weights, outputs=np.asarray(result),
              outputs_fused=None if plain is None else np.asarray(plain), scores=np.asarray(scores),
              attention_mask=call_kwargs.get("attention_mask"))
        out[f"{case}/kwargs"] = np.array(json.dumps({
            "kwargs": kwargs, "causal": bool(call_kwargs.get("use_causal_mask")),
            "weight_names": [w.path for w in layer.weights]}))


def encoder_block(keras, seq=6, dim=8):
    inputs = keras.Input(shape=(seq, dim))
    attended = keras.layers.MultiHeadAttention(num_heads=2, key_dim=4)(inputs, inputs)
    x = keras.layers.LayerNormalization()(keras.layers.Add()([inputs, attended]))
    hidden = keras.layers.Dense(16, activation="relu")(x)
    x = keras.layers.LayerNormalization()(keras.layers.Add()([x, keras.layers.Dense(dim)(hidden)]))
    outputs = keras.layers.Dense(1, activation="sigmoid")(keras.layers.Flatten()(x))
    return keras.Model(inputs, outputs)


def training_case(out):
    model = encoder_block(keras)
    weights = [data(*w.shape, scale=0.3) for w in model.weights]
    model.set_weights(weights)
    x = data(8, 6, 8)
    y = (RNG.uniform(size=(8, 1)) > 0.5).astype("float32")
    model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.1), loss="binary_crossentropy")
    losses = [float(model.train_on_batch(x, y)) for _ in range(3)]
    store(out, "encoder_block", weights=weights, x=x, y=y, losses=np.array(losses, "float32"),
          weights_after=model.get_weights(), predictions=model.predict(x, verbose=0))


def main():
    out = {}
    simple_cases(out)
    mha_cases(out)
    training_case(out)
    np.savez_compressed(OUT, **out)
    print(f"wrote {len(out)} arrays to {os.path.normpath(OUT)} (Keras {keras.__version__})")


if __name__ == "__main__":
    main()
