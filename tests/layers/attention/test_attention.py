"""Attention, AdditiveAttention, MultiHeadAttention, EinsumDense against Keras 3 goldens."""
import json
import os

import numpy as np
import pytest

import numkeras as keras
from numkeras import layers
from numkeras.backend import GradientTape
from numkeras.backend.gradcheck import check_grads

GOLDEN = np.load(os.path.join(os.path.dirname(__file__), "..", "..", "golden", "attention_goldens.npz"))


def listed(case, what):
    out, i = [], 0
    while f"{case}/{what}_{i}" in GOLDEN.files:
        out.append(GOLDEN[f"{case}/{what}_{i}"])
        i += 1
    return out


def cases(prefix):
    return sorted({k.split("/")[0] for k in GOLDEN.files if k.startswith(prefix)})


@pytest.mark.parametrize("case", cases("a"))
def test_attention_and_additive_attention_match_keras(case):
    meta = json.loads(str(GOLDEN[f"{case}/kwargs"]))
    layer = getattr(layers, meta["class"])(**meta["kwargs"])
    inputs = listed(case, "inputs")
    masks = [GOLDEN.get(f"{case}/masks_{i}") for i in range(2)]
    call = {"use_causal_mask": meta["causal"]}
    if f"{case}/masks_0" in GOLDEN.files or f"{case}/masks_1" in GOLDEN.files:
        call["mask"] = masks
    layer.build([x.shape for x in inputs])
    layer.set_weights(listed(case, "weights"))
    outputs, scores = layer(inputs, return_attention_scores=True, **call)
    np.testing.assert_allclose(outputs.numpy(), GOLDEN[f"{case}/outputs"], rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(scores.numpy(), GOLDEN[f"{case}/scores"], rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("case", cases("mha"))
def test_multi_head_attention_matches_keras(case):
    meta = json.loads(str(GOLDEN[f"{case}/kwargs"]))
    layer = layers.MultiHeadAttention(**meta["kwargs"])
    inputs = listed(case, "inputs")
    call = {"use_causal_mask": meta["causal"]}
    if f"{case}/attention_mask" in GOLDEN.files:
        call["attention_mask"] = GOLDEN[f"{case}/attention_mask"]
    layer(*inputs, **call)
    expected = listed(case, "weights")
    assert [tuple(w.shape) for w in layer.weights] == [w.shape for w in expected]
    assert [f"{layer.name}/{w.path}" for w in layer.weights] == \
        [p.replace(p.split("/")[0], layer.name, 1) for p in meta["weight_names"]]
    layer.set_weights(expected)
    outputs, scores = layer(*inputs, return_attention_scores=True, **call)
    np.testing.assert_allclose(outputs.numpy(), GOLDEN[f"{case}/outputs"], rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(scores.numpy(), GOLDEN[f"{case}/scores"], rtol=1e-5, atol=1e-6)
    if f"{case}/outputs_fused" in GOLDEN.files:  # Keras's fused path without scores: same numbers
        np.testing.assert_allclose(layer(*inputs, **call).numpy(), GOLDEN[f"{case}/outputs_fused"],
                                   rtol=1e-5, atol=1e-5)


def encoder_block(seq=6, dim=8):
    inputs = keras.Input(shape=(seq, dim))
    attended = layers.MultiHeadAttention(num_heads=2, key_dim=4)(inputs, inputs)
    x = layers.LayerNormalization()(layers.Add()([inputs, attended]))
    hidden = layers.Dense(16, activation="relu")(x)
    x = layers.LayerNormalization()(layers.Add()([x, layers.Dense(dim)(hidden)]))
    outputs = layers.Dense(1, activation="sigmoid")(layers.Flatten()(x))
    return keras.Model(inputs, outputs)


def test_transformer_encoder_block_trains_like_keras():
    model = encoder_block()
    model.set_weights(listed("encoder_block", "weights"))
    model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.1), loss="binary_crossentropy")
    x, y = GOLDEN["encoder_block/x"], GOLDEN["encoder_block/y"]
    losses = [float(model.train_on_batch(x, y)) for _ in range(3)]
    np.testing.assert_allclose(losses, GOLDEN["encoder_block/losses"], rtol=1e-5)
    for got, want in zip(model.get_weights(), listed("encoder_block", "weights_after")):
        np.testing.assert_allclose(got, want, rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(model.predict(x, verbose=0), GOLDEN["encoder_block/predictions"],
                               rtol=1e-4, atol=1e-6)


class EncoderClassifier(keras.Model):
    def __init__(self):
        super().__init__()
        self.attention = layers.MultiHeadAttention(num_heads=2, key_dim=4)
        self.norm = layers.LayerNormalization()
        self.head = layers.Dense(1, activation="sigmoid")

    def call(self, x):
        x = self.norm(x + self.attention(x, x))
        return self.head(keras.ops.mean(x, axis=1))


def test_subclassed_encoder_learns_a_sequence_rule():
    rng = np.random.default_rng(0)
    x = rng.standard_normal((256, 5, 8)).astype("float32")
    y = (x[:, :, 0].sum(axis=1) > 0).astype("float32")[:, None]
    model = EncoderClassifier()
    model.compile(optimizer=keras.optimizers.Adam(0.01), loss="binary_crossentropy", metrics=["accuracy"])
    history = model.fit(x, y, epochs=15, batch_size=32, verbose=0)
    assert history.history["accuracy"][-1] > 0.9
    assert history.history["loss"][-1] < history.history["loss"][0] * 0.5


@pytest.mark.parametrize("kwargs, call", [
    ({"num_heads": 2, "key_dim": 3}, {}),
    ({"num_heads": 2, "key_dim": 2, "value_dim": 3, "output_shape": 4}, {"use_causal_mask": True}),
])
def test_multi_head_attention_gradients_in_float64(kwargs, call):
    keras.backend.set_floatx("float64")
    try:
        layer = layers.MultiHeadAttention(**kwargs, dtype="float64")
        rng = np.random.default_rng(1)
        q, v = rng.standard_normal((2, 3, 5)), rng.standard_normal((2, 4, 5))
        layer(q, v, **call)

        def loss(q, v):
            return keras.ops.sum(keras.ops.tanh(layer(q, v, **call)))

        check_grads(loss, (q, v))
        with GradientTape() as tape:
            out = keras.ops.sum(keras.ops.tanh(layer(q, v, **call)))
        grads = tape.gradient(out, layer.trainable_weights)
        assert all(g is not None and np.all(np.isfinite(g)) for g in grads)
    finally:
        keras.backend.set_floatx("float32")


def test_attention_gradients_in_float64_with_masks():
    keras.backend.set_floatx("float64")
    try:
        for layer in (layers.Attention(use_scale=True, score_mode="concat", dtype="float64"),
                      layers.AdditiveAttention(dtype="float64")):
            rng = np.random.default_rng(2)
            q, v = rng.standard_normal((2, 3, 4)), rng.standard_normal((2, 5, 4))
            masks = [np.array([[1, 1, 0], [1, 0, 1]], bool), np.array([[1, 1, 1, 0, 0], [1, 0, 1, 1, 1]], bool)]
            layer([q, v], mask=masks)

            def run(q, v):
                return keras.ops.sum(keras.ops.square(layer([q, v], mask=masks, use_causal_mask=True)))

            check_grads(run, (q, v))
    finally:
        keras.backend.set_floatx("float32")


def test_causal_self_attention_does_not_look_ahead():
    layer = layers.MultiHeadAttention(num_heads=2, key_dim=4)
    x = np.random.default_rng(3).standard_normal((1, 6, 8)).astype("float32")
    changed = x.copy()
    changed[:, 4:] += 5.0
    a = layer(x, x, use_causal_mask=True).numpy()
    b = layer(changed, changed, use_causal_mask=True).numpy()
    np.testing.assert_allclose(a[:, :4], b[:, :4], rtol=1e-6)
    assert not np.allclose(a[:, 4:], b[:, 4:])


def test_dropout_acts_only_in_training():
    layer = layers.MultiHeadAttention(num_heads=2, key_dim=4, dropout=0.5, seed=1)
    x = np.ones((2, 4, 8), "float32") * np.arange(4, dtype="float32")[:, None]
    inference = [layer(x, x, training=False).numpy() for _ in range(2)]
    np.testing.assert_array_equal(inference[0], inference[1])
    assert not np.allclose(layer(x, x, training=True).numpy(), inference[0])
    attention = layers.Attention(dropout=0.5, seed=1)
    _, weights = attention([x, x], training=True, return_attention_scores=True)
    assert np.allclose(weights.numpy().sum(axis=-1), 1.0)  # scores returned before dropout


def test_config_round_trip_and_saving(tmp_path):
    model = encoder_block()
    config = model.layers[1].get_config()
    clone = layers.MultiHeadAttention.from_config(config)
    assert clone.get_config() | {"name": config["name"]} == config
    path = str(tmp_path / "block.keras")
    model.save(path)
    loaded = keras.models.load_model(path)
    x = np.random.default_rng(4).standard_normal((3, 6, 8)).astype("float32")
    np.testing.assert_allclose(loaded.predict(x, verbose=0), model.predict(x, verbose=0), rtol=1e-6)
    for cls, kwargs in ((layers.Attention, {"use_scale": True, "score_mode": "concat", "dropout": 0.1}),
                        (layers.AdditiveAttention, {"use_scale": False})):
        layer = cls(**kwargs)
        assert cls.from_config(layer.get_config()).get_config() == layer.get_config()


def test_einsum_dense_shapes_and_fans():
    layer = layers.EinsumDense("abc,cde->abde", output_shape=(None, 4, 3), bias_axes="de")
    out = layer(np.ones((2, 5, 16), "float32"))
    assert out.shape == (2, 5, 4, 3)
    assert layer.kernel.shape == (16, 4, 3) and layer.bias.shape == (4, 3)
    limit = np.sqrt(6.0 / (16 + 12))  # glorot over fan_in 16 and fan_out 4*3, as Keras computes
    assert np.abs(layer.kernel.numpy()).max() <= limit
    assert np.abs(layer.kernel.numpy()).max() > 0.8 * limit
    assert layers.EinsumDense("...b,bc->...c", 3)(np.ones((2, 4, 5))).shape == (2, 4, 3)


@pytest.mark.parametrize("make, error, match", [
    (lambda: layers.MultiHeadAttention(num_heads=0, key_dim=2), ValueError, "num_heads"),
    (lambda: layers.MultiHeadAttention(num_heads=2, key_dim="4"), ValueError, "key_dim"),
    (lambda: layers.MultiHeadAttention(2, 2)(np.ones((1, 2, 4))), ValueError, "value"),
    (lambda: layers.MultiHeadAttention(2, 2)(np.ones((1, 2, 4)), np.ones((1, 3, 4)), np.ones((1, 2, 4))),
     ValueError, "value_shape"),
    (lambda: layers.Attention(score_mode="cosine"), ValueError, "score_mode"),
    (lambda: layers.Attention()(np.ones((1, 2, 3))), ValueError, "list of inputs"),
    (lambda: layers.Attention()([np.ones((1, 2, 3))]), ValueError, "2 or 3"),
    (lambda: layers.EinsumDense("abc->abd", 3), ValueError, "equation"),
])
def test_bad_arguments_are_explained(make, error, match):
    with pytest.raises(error, match=match):
        make()
