"""save -> load -> predict, and save -> load -> fit one more epoch, for every layer and optimizer.

Every Layer class that `numkeras.layers` exports is covered: it is built with
its default arguments unless RECIPES says how (a new layer that cannot be
built by default makes `test_every_exported_layer_has_a_recipe` fail).
"""
import inspect

import numpy as np
import pytest
from saving_helpers import max_diff

import numkeras as keras
from numkeras import layers as L
from numkeras.backend.random import SeedGenerator


@keras.saving.register_keras_serializable(package="tests")
def halve(x):
    return x * 0.5


def _normalization():
    layer = L.Normalization()
    layer.adapt(np.random.default_rng(0).random((20, 4), dtype="float32") * 3.0)
    return layer


# name -> (make the layer, input kind): "float" (batch, 4), "seq" (batch, 3, 4),
# "int" (batch, 5) of token ids, "pair" two (batch, 4) inputs given as a list, "image" (batch, 8, 8, 3).
RECIPES = {
    "Activation": (lambda: L.Activation("tanh"), "float"),
    "Dense": (lambda: L.Dense(3, activation="relu"), "float"),
    "Dot": (lambda: L.Dot(axes=1), "pair"),
    "Dropout": (lambda: L.Dropout(0.3, seed=1), "float"),
    "Embedding": (lambda: L.Embedding(10, 3), "int"),
    "GaussianDropout": (lambda: L.GaussianDropout(0.2, seed=2), "float"),
    "GaussianNoise": (lambda: L.GaussianNoise(0.1, seed=3), "float"),
    "Lambda": (lambda: L.Lambda(halve), "float"),
    "Normalization": (_normalization, "float"),
    "Permute": (lambda: L.Permute((2, 1)), "seq"),
    "RepeatVector": (lambda: L.RepeatVector(2), "float"),
    "Rescaling": (lambda: L.Rescaling(0.5, offset=0.1), "float"),
    "Reshape": (lambda: L.Reshape((2, 2)), "float"),
    "LayerNormalization": (lambda: L.LayerNormalization(), "seq"),
    "Add": (L.Add, "pair"), "Average": (L.Average, "pair"), "Concatenate": (L.Concatenate, "pair"),
    "Maximum": (L.Maximum, "pair"), "Minimum": (L.Minimum, "pair"), "Multiply": (L.Multiply, "pair"),
    "Subtract": (L.Subtract, "pair"),
    "Masking": (lambda: L.Masking(), "seq"),
    "SimpleRNN": (lambda: L.SimpleRNN(3, return_sequences=True), "seq"),
    "LSTM": (lambda: L.LSTM(3, go_backwards=True), "seq"),
    "GRU": (lambda: L.GRU(3, reset_after=False, return_sequences=True), "seq"),
    "RNN": (lambda: L.RNN(L.GRUCell(2)), "seq"),
    "SimpleRNNCell": (lambda: L.RNN(L.SimpleRNNCell(2)), "seq"),
    "LSTMCell": (lambda: L.RNN(L.LSTMCell(2), return_sequences=True), "seq"),
    "GRUCell": (lambda: L.RNN(L.GRUCell(2)), "seq"),
    "StackedRNNCells": (lambda: L.RNN(L.StackedRNNCells([L.LSTMCell(3), L.GRUCell(2)])), "seq"),
    "Bidirectional": (lambda: L.Bidirectional(L.LSTM(2, return_sequences=True), merge_mode="ave"), "seq"),
    "TimeDistributed": (lambda: L.TimeDistributed(L.Dense(2)), "seq"),
    # Image layers on (8, 8, 3) images; RandomCrop keeps the size (it passes images through in predict).
    "Resizing": (lambda: L.Resizing(4, 5), "image"), "CenterCrop": (lambda: L.CenterCrop(4, 5), "image"),
    "RandomCrop": (lambda: L.RandomCrop(8, 8, seed=1), "image"),
    "RandomFlip": (lambda: L.RandomFlip(seed=1), "image"),
    "RandomRotation": (lambda: L.RandomRotation(0.2, seed=1), "image"),
    "RandomZoom": (lambda: L.RandomZoom(0.2, seed=1), "image"),
    "RandomTranslation": (lambda: L.RandomTranslation(0.1, 0.2, seed=1), "image"),
    "RandomContrast": (lambda: L.RandomContrast(0.3, value_range=(0, 1), seed=1), "image"),
    "RandomBrightness": (lambda: L.RandomBrightness(0.2, value_range=(0, 1), seed=1), "image"),
    "Attention": (lambda: L.Attention(use_scale=True, score_mode="concat"), "seq_pair"),
    "AdditiveAttention": (L.AdditiveAttention, "seq_pair"),
    "MultiHeadAttention": (lambda: L.MultiHeadAttention(num_heads=2, key_dim=3), "seq_self"),
    "EinsumDense": (lambda: L.EinsumDense("ab,bc->ac", 3, bias_axes="c"), "float"),
    "CategoryEncoding": (lambda: L.CategoryEncoding(num_tokens=10, output_mode="count"), "int"),
    "Hashing": (lambda: L.Hashing(num_bins=7, output_mode="multi_hot"), "int"),
    "Discretization": (lambda: L.Discretization(bin_boundaries=[0.25, 0.5, 0.75]), "float"),
    "IntegerLookup": (lambda: L.IntegerLookup(vocabulary=[1, 2, 3, 5, 8]), "int"),
    "StringLookup": (lambda: _adapted(L.StringLookup(), WORDS), "words"),
    "TextVectorization": (lambda: _adapted(L.TextVectorization(output_sequence_length=5),
                                           [" ".join(w) for w in WORDS]), "text"),
}
# Image layers: "img1d" (batch, 8, 3), "img2d" (batch, 8, 8, 3), "img3d" (batch, 4, 4, 4, 2).
_IMAGE_RECIPES = {
    "img1d": {"Conv1D": lambda: L.Conv1D(4, 3, padding="causal"), "Conv1DTranspose": lambda: L.Conv1DTranspose(2, 3, strides=2),
              "DepthwiseConv1D": lambda: L.DepthwiseConv1D(3, depth_multiplier=2),
              "SeparableConv1D": lambda: L.SeparableConv1D(3, 3), "MaxPooling1D": L.MaxPooling1D,
              "AveragePooling1D": lambda: L.AveragePooling1D(2), "GlobalMaxPooling1D": L.GlobalMaxPooling1D,
              "GlobalAveragePooling1D": L.GlobalAveragePooling1D, "UpSampling1D": L.UpSampling1D,
              "ZeroPadding1D": L.ZeroPadding1D, "Cropping1D": L.Cropping1D,
              "SpatialDropout1D": lambda: L.SpatialDropout1D(0.2, seed=4)},
    "img2d": {"Conv2D": lambda: L.Conv2D(4, 3, activation="relu"), "Conv2DTranspose": lambda: L.Conv2DTranspose(2, 3, strides=2),
              "DepthwiseConv2D": lambda: L.DepthwiseConv2D(3), "SeparableConv2D": lambda: L.SeparableConv2D(3, 3),
              "MaxPooling2D": L.MaxPooling2D, "AveragePooling2D": lambda: L.AveragePooling2D(2),
              "GlobalMaxPooling2D": L.GlobalMaxPooling2D, "GlobalAveragePooling2D": L.GlobalAveragePooling2D,
              "UpSampling2D": L.UpSampling2D, "ZeroPadding2D": L.ZeroPadding2D,
              "Cropping2D": lambda: L.Cropping2D(1), "SpatialDropout2D": lambda: L.SpatialDropout2D(0.2, seed=5)},
    "img3d": {"Conv3D": lambda: L.Conv3D(2, 2), "Conv3DTranspose": lambda: L.Conv3DTranspose(2, 2),
              "MaxPooling3D": L.MaxPooling3D, "AveragePooling3D": lambda: L.AveragePooling3D(2),
              "GlobalMaxPooling3D": L.GlobalMaxPooling3D, "GlobalAveragePooling3D": L.GlobalAveragePooling3D,
              "UpSampling3D": L.UpSampling3D, "ZeroPadding3D": L.ZeroPadding3D, "Cropping3D": L.Cropping3D,
              "SpatialDropout3D": lambda: L.SpatialDropout3D(0.2, seed=6)},
}
IMAGE_SHAPES = {"img1d": (8, 3), "img2d": (8, 8, 3), "img3d": (4, 4, 4, 2)}
for _kind, _makers in _IMAGE_RECIPES.items():
    for _name, _make in _makers.items():
        for _alias, _cls in vars(L).items():
            if _cls is getattr(L, _name):
                RECIPES[_alias] = (_make, _kind)
WORDS = np.random.default_rng(5).choice(["red", "green", "blue", "cyan", "pink"], (24, 5)).tolist()


def _adapted(layer, data):
    layer.adapt(np.array(data))
    return layer
NOT_STANDALONE = {"InputLayer"}  # the input of every model below


def exported_layers():
    return sorted(name for name, obj in vars(L).items()
                  if inspect.isclass(obj) and issubclass(obj, L.Layer) and name not in NOT_STANDALONE)


def _data(kind, rng):
    if kind == "int":
        return rng.integers(0, 10, (24, 5)).astype("int32")
    if kind == "seq":
        return rng.random((24, 3, 4), dtype="float32")
    if kind == "image":
        return rng.random((24, 8, 8, 3), dtype="float32")
    if kind == "pair":
        return [rng.random((24, 4), dtype="float32"), rng.random((24, 4), dtype="float32")]
    if kind in IMAGE_SHAPES:
        return rng.random((24,) + IMAGE_SHAPES[kind], dtype="float32")
    if kind == "seq_pair":
        return [rng.random((24, 3, 4), dtype="float32"), rng.random((24, 3, 4), dtype="float32")]
    if kind == "seq_self":
        return rng.random((24, 3, 4), dtype="float32")
    if kind == "words":
        return np.array(WORDS)
    if kind == "text":
        return np.array([" ".join(w) for w in WORDS])[:, None]
    return rng.random((24, 4), dtype="float32")


def _model(name):
    make, kind = RECIPES.get(name, (getattr(L, name), "float"))
    layer = make()
    if kind == "pair":
        a, b = keras.Input((4,), name="a"), keras.Input((4,), name="b")
        x = L.Flatten()(layer([a, b]))
        return keras.Model([a, b], L.Dense(2)(x)), kind
    if kind == "seq_pair":
        a, b = keras.Input((3, 4), name="a"), keras.Input((3, 4), name="b")
        return keras.Model([a, b], L.Dense(2)(L.Flatten()(layer([a, b])))), kind
    if kind == "seq_self":
        a = keras.Input((3, 4))
        return keras.Model(a, L.Dense(2)(L.Flatten()(layer(a, a)))), kind
    shape, dtype = {"int": ((5,), "int32"), "seq": ((3, 4), None), "float": ((4,), None),
                    "words": ((5,), "string"), "text": ((1,), "string"),
                    "image": ((8, 8, 3), None), **{k: (v, None) for k, v in IMAGE_SHAPES.items()}}[kind]
    return keras.Sequential([keras.Input(shape, dtype=dtype), layer, L.Flatten(), L.Dense(2)]), kind


def _copy_random_state(source, target):
    """Layer random generators are not part of the file (as in Keras); line them up to compare fits."""
    def generators(model):
        found = []
        for layer in model.layers:
            found += [v for _, v in sorted(vars(layer).items()) if isinstance(v, SeedGenerator)]
        return found
    for a, b in zip(generators(source), generators(target)):
        b.set_state(a.state)


def test_every_exported_layer_has_a_recipe():
    for name in exported_layers():
        try:
            _model(name)
        except TypeError as error:
            pytest.fail(f"Layer {name} cannot be built with default arguments ({error}): add it to RECIPES.")


@pytest.mark.parametrize("name", exported_layers())
def test_layer_round_trip_predict_and_continue_training(name, tmp_path):
    keras.random.set_random_seed(7)
    model, kind = _model(name)
    rng = np.random.default_rng(0)
    x, y = _data(kind, rng), rng.random((24, 2), dtype="float32")
    model.compile(optimizer="adam", loss="mse")
    model.fit(x, y, batch_size=8, epochs=1, verbose=0, shuffle=False)
    model.save(tmp_path / "m.keras")
    loaded = keras.saving.load_model(tmp_path / "m.keras")
    assert [type(l).__name__ for l in loaded.layers] == [type(l).__name__ for l in model.layers]
    assert loaded.get_layer(index=-1).get_config() == model.get_layer(index=-1).get_config()
    assert max_diff(loaded.predict(x, verbose=0), model.predict(x, verbose=0)) == 0.0
    # One more epoch from the file gives what one more epoch in memory gives.
    _copy_random_state(model, loaded)
    for m in (model, loaded):
        keras.random.set_random_seed(11)
        m.fit(x, y, batch_size=8, epochs=1, verbose=0)
    assert max_diff(loaded.get_weights(), model.get_weights()) == 0.0
    assert int(loaded.optimizer.iterations.value) == int(model.optimizer.iterations.value) == 6


OPTIMIZERS = sorted(keras.optimizers.ALL_OPTIMIZERS)


@pytest.mark.parametrize("name", OPTIMIZERS + ["adam_schedule", "sgd_nesterov_clipnorm"])
def test_optimizer_state_round_trip(name, tmp_path):
    if name == "adam_schedule":
        optimizer = keras.optimizers.Adam(keras.optimizers.schedules.ExponentialDecay(0.01, 3, 0.5))
    elif name == "sgd_nesterov_clipnorm":
        optimizer = keras.optimizers.SGD(0.05, momentum=0.9, nesterov=True, clipnorm=1.0)
    else:
        optimizer = keras.optimizers.get(name)
    keras.random.set_random_seed(3)
    rng = np.random.default_rng(1)
    x, y = rng.random((16, 3), dtype="float32"), rng.random((16, 1), dtype="float32")
    model = keras.Sequential([keras.Input((3,)), L.Dense(4, activation="tanh"), L.Dense(1)])
    model.compile(optimizer=optimizer, loss="mse")
    model.fit(x, y, batch_size=4, epochs=2, verbose=0)
    model.save(tmp_path / "m.keras")
    loaded = keras.saving.load_model(tmp_path / "m.keras")
    assert type(loaded.optimizer) is type(model.optimizer)
    assert loaded.optimizer.get_config() == model.optimizer.get_config()
    assert max_diff(loaded.optimizer.get_weights(), model.optimizer.get_weights()) == 0.0
    for m in (model, loaded):
        keras.random.set_random_seed(4)
        m.fit(x, y, batch_size=4, epochs=1, verbose=0)
    assert max_diff(loaded.get_weights(), model.get_weights()) == 0.0
    assert max_diff(loaded.optimizer.get_weights(), model.optimizer.get_weights()) == 0.0


def test_weights_file_round_trip_resumes_training(mlp, tmp_path):
    model, x, y = mlp
    model.save_weights(tmp_path / "w.weights.h5")
    twin = keras.Sequential([keras.Input((4,)), L.Dense(8, activation="relu"), L.Dense(1)])
    twin.compile(optimizer="adam", loss="mse", metrics=["mae"])
    twin.load_weights(tmp_path / "w.weights.h5")
    assert max_diff(twin.get_weights(), model.get_weights()) == 0.0
    assert int(twin.optimizer.iterations.value) == 8  # the optimizer state came with the weights
    for m in (model, twin):
        keras.random.set_random_seed(5)
        m.fit(x, y, batch_size=8, epochs=1, verbose=0)
    assert max_diff(twin.get_weights(), model.get_weights()) == 0.0
