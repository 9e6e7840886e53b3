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
}
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
    return rng.random((24, 4), dtype="float32")


def _model(name):
    make, kind = RECIPES.get(name, (getattr(L, name), "float"))
    layer = make()
    if kind == "pair":
        a, b = keras.Input((4,), name="a"), keras.Input((4,), name="b")
        x = L.Flatten()(layer([a, b]))
        return keras.Model([a, b], L.Dense(2)(x)), kind
    shape, dtype = {"int": ((5,), "int32"), "seq": ((3, 4), None), "float": ((4,), None),
                    "image": ((8, 8, 3), None)}[kind]
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
