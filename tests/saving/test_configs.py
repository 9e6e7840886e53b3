"""Configs: every built-in object round-trips; JSON, cloning, registration and functional graphs."""
import inspect
import json

import numpy as np
import pytest
from saving_helpers import max_diff

import numkeras as keras
from numkeras import constraints, initializers, losses, metrics, optimizers, regularizers
from numkeras.models.functional_config import keras_layer_order
from numkeras.optimizers import schedules
from numkeras.saving import deserialize_keras_object, serialize_keras_object


def _classes(module, base):
    return sorted({obj for obj in vars(module).values()
                   if inspect.isclass(obj) and issubclass(obj, base) and obj is not base
                   and not inspect.isabstract(obj)}, key=lambda c: c.__name__)


_ARGUMENTS = {"ExponentialDecay": (0.1, 10, 0.5), "InverseTimeDecay": (0.1, 10, 0.5),
              "PiecewiseConstantDecay": ([10], [0.1, 0.01]), "PolynomialDecay": (0.1, 10),
              "CosineDecay": (0.1, 10), "CosineDecayRestarts": (0.1, 10)}


def _instance(cls):
    """An instance with default arguments (or the few required ones listed above)."""
    return cls(*_ARGUMENTS.get(cls.__name__, ()))


OBJECTS = (
    [c for c in _classes(initializers, initializers.Initializer)]
    + _classes(regularizers, regularizers.Regularizer)
    + _classes(constraints, constraints.Constraint)
    + [c for c in _classes(losses, losses.Loss) if c is not losses.LossFunctionWrapper]
    + [c for c in _classes(metrics, metrics.Metric) if c.__name__ not in ("MeanMetricWrapper", "Reduce")]
    + list(optimizers.ALL_OPTIMIZERS.values())
    + _classes(schedules, schedules.LearningRateSchedule)
)


@pytest.mark.parametrize("cls", OBJECTS, ids=lambda c: c.__name__)
def test_builtin_object_round_trips_through_json(cls):
    obj = _instance(cls)
    config = json.loads(json.dumps(serialize_keras_object(obj)))
    assert config["class_name"] == cls.__name__ and config["registered_name"] is None
    assert config["module"].startswith("keras.")
    again = deserialize_keras_object(config)
    assert type(again) is cls
    assert again.get_config() == obj.get_config()


def test_model_to_json_and_back(mlp):
    model, x, _ = mlp
    text = model.to_json()
    assert json.loads(text)["class_name"] == "Sequential"
    twin = keras.models.model_from_json(text)
    assert [type(l) for l in twin.layers] == [type(l) for l in model.layers]
    assert twin.compiled and type(twin.optimizer).__name__ == "Adam"
    twin.set_weights(model.get_weights())
    assert max_diff(twin.predict(x, verbose=0), model.predict(x, verbose=0)) == 0.0


def test_clone_model_has_new_weights_and_same_architecture(mlp):
    model, x, _ = mlp
    clone = keras.models.clone_model(model)
    assert clone is not model and not clone.compiled
    assert [w.shape for w in clone.get_weights()] == [w.shape for w in model.get_weights()]
    assert all(a is not b for a, b in zip(clone.weights, model.weights))
    assert max_diff(clone.get_weights(), model.get_weights()) > 0  # initialised again
    clone.set_weights(model.get_weights())
    assert max_diff(clone.predict(x, verbose=0), model.predict(x, verbose=0)) == 0.0


def test_clone_functional_model_with_shared_layer():
    a = keras.Input((3,), name="a")
    shared = keras.layers.Dense(3)
    out = keras.layers.Add()([shared(a), shared(shared(a))])
    model = keras.Model(a, out)
    clone = keras.models.clone_model(model)
    assert [type(l).__name__ for l in clone.layers] == [type(l).__name__ for l in model.layers]
    clone.set_weights(model.get_weights())
    x = np.random.default_rng(0).random((2, 3), dtype="float32")
    assert max_diff(clone.predict(x, verbose=0), model.predict(x, verbose=0)) == 0.0


@keras.saving.register_keras_serializable(package="tests")
class Scale(keras.layers.Layer):
    def __init__(self, factor=2.0, **kwargs):
        super().__init__(**kwargs)
        self.factor = factor

    def call(self, x):
        return x * self.factor

    def get_config(self):
        return {**super().get_config(), "factor": self.factor}


def test_registered_layer_and_custom_objects(tmp_path):
    assert keras.saving.get_registered_name(Scale) == "tests>Scale"
    model = keras.Sequential([keras.Input((2,)), Scale(3.0), keras.layers.Dense(1)])
    config = serialize_keras_object(model)
    assert config["config"]["layers"][1]["registered_name"] == "tests>Scale"
    model.save(tmp_path / "m.keras")
    assert keras.saving.load_model(tmp_path / "m.keras").layers[0].factor == 3.0
    from numkeras.backend import object_registration

    del object_registration.GLOBAL_CUSTOM_OBJECTS["tests>Scale"]
    try:
        with pytest.raises(TypeError, match="Could not locate class 'Scale'"):
            keras.saving.load_model(tmp_path / "m.keras")
        assert keras.saving.load_model(tmp_path / "m.keras",
                                       custom_objects={"Scale": Scale}).layers[0].factor == 3.0
        with keras.saving.custom_object_scope({"tests>Scale": Scale}):
            assert keras.saving.load_model(tmp_path / "m.keras").layers[0].factor == 3.0
    finally:
        object_registration.GLOBAL_CUSTOM_OBJECTS["tests>Scale"] = Scale


def test_register_requires_get_config():
    with pytest.raises(ValueError, match="no get_config"):
        keras.saving.register_keras_serializable()(type("NoConfig", (), {}))


def test_custom_activation_function_by_registration(tmp_path):
    @keras.saving.register_keras_serializable(package="tests")
    def cube(x):
        return x * x * x

    model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(2, activation=cube)])
    model.save(tmp_path / "m.keras")
    loaded = keras.saving.load_model(tmp_path / "m.keras")
    assert loaded.layers[0].activation is cube


def test_layer_order_matches_keras_for_branches():
    """Keras orders layers by depth, then first visit; a plain topological order differs here."""
    a, b = keras.Input((2,), name="a"), keras.Input((2,), name="b")
    b1 = keras.layers.Dense(2, name="b1")(b)
    a2 = keras.layers.Dense(2, name="a2")(keras.layers.Dense(2, name="a1")(a))
    out = keras.layers.Concatenate(name="cat")([b1, a2])
    model = keras.Model([a, b], out)
    # What Keras 3.15 lists for this graph (model.layers).
    assert [l.name for l in model.layers] == ["a", "b", "a1", "b1", "a2", "cat"]
    assert keras_layer_order(model._inputs_struct, model._outputs_struct) == model.layers


def test_nested_functional_config_round_trip(tmp_path):
    inner_in = keras.Input((3,), name="inner_in")
    inner = keras.Model(inner_in, keras.layers.Dense(2)(inner_in), name="inner")
    x = keras.Input((3,), name="x")
    model = keras.Model(x, keras.layers.Dense(1)(inner(x)), name="outer")
    config = model.get_config()
    # Keras counts the inner model's construction node in endpoint indices only.
    assert config["layers"][2]["inbound_nodes"][0]["args"][0]["config"]["keras_history"] == ["inner", 0, 0]
    model.save(tmp_path / "nested.keras")
    loaded = keras.saving.load_model(tmp_path / "nested.keras")
    data = np.random.default_rng(0).random((4, 3), dtype="float32")
    assert max_diff(loaded.predict(data, verbose=0), model.predict(data, verbose=0)) == 0.0
    sub = keras.Model(x, inner(x))  # an inner model as an output: its endpoint index is shifted
    assert sub.get_config()["output_layers"] == ["inner", 1, 0]
    assert max_diff(keras.Model.from_config(sub.get_config()).predict(data, verbose=0).shape,
                    np.array((4, 2))) == 0
