"""Files written by real Keras 3 (tools/make_keras_fixtures.py) load in numkeras and predict the same.

And numkeras writes them back in Keras's layout: the same HDF5 paths, shapes and
dtypes, and the same config structure.
"""
import io
import json
import zipfile

import h5py
import numpy as np
import pytest
from saving_helpers import fixture_path, max_diff

import numkeras as keras

KERAS_FILES = ["xor_mlp", "mnist_mlp", "two_inputs_concat", "embedding_bn", "subclassed_mlp",
               "rnn_masked_stack", "rnn_states_functional"]  # the last two: tools/rnn_goldens.py


@keras.saving.register_keras_serializable(package="fixtures")
class TwoLayerMLP(keras.Model):
    """numkeras's twin of the subclassed model in the fixture (same registered name and attributes)."""

    def __init__(self, units=6, **kwargs):
        super().__init__(**kwargs)
        self.units = units
        self.hidden = keras.layers.Dense(units, activation="relu")
        self.out = keras.layers.Dense(1)

    def call(self, inputs):
        return self.out(self.hidden(inputs))

    def get_config(self):
        return {**super().get_config(), "units": self.units}


def _inputs(data):
    return [data["x0"], data["x1"]] if "x0" in data else data["x"]


def _h5_layout(raw):
    """{path: (shape, dtype kind)} of every dataset, and the set of `vars` groups, of a weights file."""
    layout, groups = {}, set()
    with h5py.File(io.BytesIO(raw), "r") as f:
        def visit(name, obj):
            if isinstance(obj, h5py.Dataset):
                layout[name] = (obj.shape, obj.dtype.kind)
            elif name.endswith("vars"):
                groups.add((name, obj.attrs.get("name") is not None))
        f.visititems(visit)
    return layout, groups


@pytest.mark.parametrize("name", KERAS_FILES)
def test_keras_file_loads_and_predicts_like_keras(name):
    model = keras.saving.load_model(fixture_path(f"{name}.keras"))
    data = np.load(fixture_path(f"{name}.npz"))
    assert max_diff(model.predict(_inputs(data), verbose=0), data["y_pred"]) < 1e-5
    # The optimizer's state came along: training resumes at Keras's step count.
    assert int(model.optimizer.iterations.value) == int(data["iterations"]) > 0


@pytest.mark.parametrize("name", KERAS_FILES)
def test_numkeras_writes_the_layout_keras_wrote(name, tmp_path):
    model = keras.saving.load_model(fixture_path(f"{name}.keras"))
    model.save(tmp_path / "again.keras")
    with zipfile.ZipFile(fixture_path(f"{name}.keras")) as theirs, \
            zipfile.ZipFile(tmp_path / "again.keras") as ours:
        assert ours.namelist() == theirs.namelist() == ["metadata.json", "config.json", "model.weights.h5"]
        their_layout, their_groups = _h5_layout(theirs.read("model.weights.h5"))
        our_layout, our_groups = _h5_layout(ours.read("model.weights.h5"))
        # Same datasets at the same paths with the same shapes and kinds (Keras stores
        # `iterations` as int32, numkeras as int64: both are integers).
        assert our_layout == their_layout
        assert our_groups == their_groups
        their_config, our_config = json.loads(theirs.read("config.json")), json.loads(ours.read("config.json"))
    assert our_config["class_name"] == their_config["class_name"]
    if their_config["registered_name"] in (None, "Functional"):  # a user class keeps its own module
        assert our_config["module"] == their_config["module"]
    assert our_config["registered_name"] == their_config["registered_name"]
    assert set(our_config["compile_config"]) == set(their_config["compile_config"])
    if "layers" in their_config["config"]:
        ours_layers = [(l["class_name"], l["config"]["name"]) for l in our_config["config"]["layers"]]
        theirs_layers = [(l["class_name"], l["config"]["name"]) for l in their_config["config"]["layers"]]
        assert ours_layers == theirs_layers


def test_functional_fixture_keeps_keras_graph_config(tmp_path):
    model = keras.saving.load_model(fixture_path("two_inputs_concat.keras"))
    ours = model.get_config()
    with zipfile.ZipFile(fixture_path("two_inputs_concat.keras")) as zf:
        theirs = json.loads(zf.read("config.json"))["config"]
    assert ours["input_layers"] == theirs["input_layers"] == [["a", 0, 0], ["b", 0, 0]]
    assert ours["output_layers"] == theirs["output_layers"]
    for mine, keras_layer in zip(ours["layers"], theirs["layers"]):
        assert mine["inbound_nodes"] == keras_layer["inbound_nodes"]


def test_training_resumes_from_a_keras_file():
    model = keras.saving.load_model(fixture_path("mnist_mlp.keras"))
    data = np.load(fixture_path("mnist_mlp.npz"))
    rng = np.random.default_rng(5)
    x = rng.random((16, 28, 28), dtype="float32")
    before = model.optimizer.iterations.value.item()
    history = model.fit(x, data["y"][:16], batch_size=8, epochs=1, verbose=0)
    assert model.optimizer.iterations.value.item() == before + 2
    assert np.isfinite(history.history["loss"][0])


def test_subclassed_keras_file_needs_its_class():
    from numkeras.backend import object_registration

    registered = object_registration.GLOBAL_CUSTOM_OBJECTS.pop("fixtures>TwoLayerMLP")
    try:
        with pytest.raises(TypeError, match="Could not locate class 'TwoLayerMLP'.*register_keras_serializable"):
            keras.saving.load_model(fixture_path("subclassed_mlp.keras"))
        # custom_objects works too, without registration.
        model = keras.saving.load_model(fixture_path("subclassed_mlp.keras"),
                                        custom_objects={"fixtures>TwoLayerMLP": TwoLayerMLP})
    finally:
        object_registration.GLOBAL_CUSTOM_OBJECTS["fixtures>TwoLayerMLP"] = registered
    data = np.load(fixture_path("subclassed_mlp.npz"))
    assert max_diff(model.predict(data["x"], verbose=0), data["y_pred"]) < 1e-5


def test_legacy_h5_model_from_keras_loads_with_optimizer_state():
    model = keras.saving.load_model(fixture_path("legacy_mnist_mlp.h5"))
    data = np.load(fixture_path("legacy_mnist_mlp.npz"))
    assert max_diff(model.predict(data["x"], verbose=0), data["y_pred"]) < 1e-5
    assert model.compiled and int(model.optimizer.iterations.value) == int(data["iterations"])
    assert type(model.optimizer).__name__ == "Adam"


def test_keras_weights_file_loads_into_a_numkeras_model():
    data = np.load(fixture_path("legacy_mnist_mlp.npz"))
    model = keras.Sequential([keras.Input((28, 28)), keras.layers.Flatten(),
                              keras.layers.Dense(16, activation="relu"), keras.layers.Dropout(0.2),
                              keras.layers.Dense(10, activation="softmax")])
    model.load_weights(fixture_path("mnist_mlp_weights.weights.h5"))
    assert max_diff(model.predict(data["x"], verbose=0), data["y_pred"]) < 1e-5


def test_hand_built_keras2_h5_file_loads(tmp_path):
    """A tf.keras 2 style file built with h5py from the documented layout (weight names with `:0`)."""
    rng = np.random.default_rng(0)
    kernel, bias = rng.random((3, 2), dtype="float32"), rng.random(2, dtype="float32")
    config = {"class_name": "Sequential", "config": {"name": "sequential", "layers": [
        {"class_name": "InputLayer", "config": {"batch_input_shape": [None, 3], "dtype": "float32",
                                                "sparse": False, "ragged": False, "name": "input_1"}},
        {"class_name": "Dense", "config": {
            "name": "dense", "trainable": True, "dtype": "float32", "units": 2, "activation": "softmax",
            "use_bias": True, "kernel_initializer": {"class_name": "GlorotUniform", "config": {"seed": None}},
            "bias_initializer": {"class_name": "Zeros", "config": {}}, "kernel_regularizer": None,
            "bias_regularizer": None, "activity_regularizer": None, "kernel_constraint": None,
            "bias_constraint": None}}]}}
    training = {"loss": "categorical_crossentropy", "metrics": [[{"class_name": "MeanMetricWrapper",
                "config": {"name": "accuracy", "dtype": "float32", "fn": "categorical_accuracy"}}]],
                "loss_weights": None, "weighted_metrics": None,
                "optimizer_config": {"class_name": "SGD", "config": {
                    "name": "SGD", "learning_rate": 0.01, "decay": 0.0, "momentum": 0.0,
                    "nesterov": False}}}
    path = tmp_path / "old.h5"
    with h5py.File(path, "w") as f:
        f.attrs["keras_version"] = "2.4.0"
        f.attrs["backend"] = "tensorflow"
        f.attrs["model_config"] = json.dumps(config)
        f.attrs["training_config"] = json.dumps(training)
        weights = f.create_group("model_weights")
        weights.attrs["layer_names"] = [b"input_1", b"dense"]
        weights.create_group("input_1").attrs["weight_names"] = []
        dense = weights.create_group("dense")
        dense.attrs["weight_names"] = [b"dense/kernel:0", b"dense/bias:0"]
        dense["dense/kernel:0"], dense["dense/bias:0"] = kernel, bias
    model = keras.saving.load_model(path)
    x = rng.random((4, 3), dtype="float32")
    logits = x @ kernel + bias
    expected = np.exp(logits) / np.exp(logits).sum(-1, keepdims=True)
    assert max_diff(model.predict(x, verbose=0), expected) < 1e-6
    assert type(model.optimizer).__name__ == "SGD" and model.compiled
