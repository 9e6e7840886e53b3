"""The Layer contract (build/call/add_weight, trainable, weights lists, configs, output shapes,
add_loss, names) and subclassed models (layers made in __init__, lazy weights, `training`)."""
import numpy as np
import pytest

import numkeras as keras
from numkeras import layers, ops


@pytest.fixture(autouse=True)
def fresh_names():
    keras.backend.clear_session()


class Linear(layers.Layer):
    """A custom layer written the Keras way, with no get_config of its own."""

    def __init__(self, units=2, scale=1.0, **kwargs):
        super().__init__(**kwargs)
        self.units = units
        self.scale = scale

    def build(self, input_shape):
        self.w = self.add_weight(shape=(input_shape[-1], self.units), initializer="ones", name="w")
        self.b = self.add_weight(shape=(self.units,), initializer="zeros", name="b")
        self.calls = self.add_weight(shape=(), initializer="zeros", trainable=False, name="calls")

    def call(self, inputs):
        return ops.matmul(inputs, self.w) * self.scale + self.b

    def compute_output_shape(self, input_shape):
        return tuple(input_shape[:-1]) + (self.units,)


def test_names_are_snake_case_and_numbered():
    assert [layers.Dense(1).name, layers.Dense(1).name, layers.Dense(1).name] == \
        ["dense", "dense_1", "dense_2"]
    assert [Linear().name, Linear().name] == ["linear", "linear_1"]
    assert [keras.Sequential().name, keras.Sequential().name] == ["sequential", "sequential_1"]
    assert layers.BatchNormalization().name == "batch_normalization"
    assert layers.Dense(1, name="mine").name == "mine"


def test_build_call_and_weight_lists():
    layer = Linear(3)
    assert not layer.built and layer.weights == []
    out = layer(np.ones((2, 4), "float32"))
    assert layer.built and out.shape == (2, 3)
    np.testing.assert_allclose(out.numpy(), 4.0)
    assert [w.name for w in layer.weights] == ["w", "b", "calls"]
    assert [w.name for w in layer.trainable_weights] == ["w", "b"]
    assert [w.name for w in layer.non_trainable_weights] == ["calls"]
    assert layer.count_params() == 12 + 3 + 1
    assert layer.compute_output_shape((None, 4)) == (None, 3)


def test_trainable_flag_freezes_and_unfreezing_keeps_non_trainable_weights():
    layer = Linear(3)
    layer(np.ones((1, 4), "float32"))
    layer.trainable = False
    assert layer.trainable_weights == [] and len(layer.non_trainable_weights) == 3
    layer.trainable = True
    # `calls` was made non-trainable: unfreezing the layer must not make it trainable.
    assert [w.name for w in layer.trainable_weights] == ["w", "b"]
    assert [w.name for w in layer.non_trainable_weights] == ["calls"]
    bn = layers.BatchNormalization()
    bn(np.ones((2, 3), "float32"))
    bn.trainable = False
    bn.trainable = True
    assert [w.name for w in bn.non_trainable_weights] == ["moving_mean", "moving_variance"]


def test_get_config_is_automatic_for_plain_constructor_arguments():
    layer = Linear(5, scale=2.0, name="lin")
    config = layer.get_config()
    assert config["units"] == 5 and config["scale"] == 2.0 and config["name"] == "lin"
    clone = Linear.from_config(config)
    assert (clone.units, clone.scale, clone.name) == (5, 2.0, "lin")

    class NeedsConfig(layers.Layer):
        def __init__(self, table, **kwargs):
            super().__init__(**kwargs)
            self.table = table

    with pytest.raises(NotImplementedError, match=r"Override get_config\(\) to return the arguments "
                                                  r"of __init__ \(table\)"):
        NeedsConfig(np.ones(3)).get_config()
    assert NeedsConfig([1, 2]).get_config()["table"] == [1, 2]


def test_a_hand_written_get_config_is_used_as_is():
    class Scaled(layers.Layer):
        def __init__(self, factor, **kwargs):
            super().__init__(**kwargs)
            self.factor = factor

        def call(self, inputs):
            return inputs * self.factor

        def get_config(self):
            return {**super().get_config(), "factor": self.factor}

    layer = Scaled(np.float32(3.0))  # not a plain value, but get_config handles it
    assert Scaled.from_config(layer.get_config()).factor == 3.0


def test_unknown_keyword_arguments_are_rejected():
    with pytest.raises(ValueError, match=r"Unrecognized keyword arguments passed to Dense: \{'foo': 1\}"):
        layers.Dense(2, foo=1)
    with pytest.raises(ValueError, match=r"Unrecognized keyword arguments passed to Linear: \{'bar': 2\}"):
        Linear(2, bar=2)
    with pytest.raises(ValueError, match=r"Unrecognized keyword arguments passed to Model: \['foo'\]"):
        keras.Model(foo=1)


class Penalty(layers.Layer):
    def call(self, inputs):
        self.add_loss(ops.mean(ops.square(inputs)))
        return inputs


def test_add_loss_joins_the_training_and_evaluation_loss():
    model = keras.Sequential([keras.Input((2,)), layers.Dense(1, kernel_initializer="ones",
                                                              bias_initializer="ones"), Penalty()])
    model.compile(keras.optimizers.SGD(learning_rate=0.0), "mse")
    x = np.array([[1, 2], [0, 1], [2, 2], [1, 0]], "float32")
    y = np.array([[1], [2], [3], [5]], "float32")
    prediction = x.sum(axis=1, keepdims=True) + 1  # 4, 2, 5, 2
    mse = float(np.mean((prediction - y) ** 2))  # 6.75
    penalty = float(np.mean(prediction ** 2))  # 12.25
    history = model.fit(x, y, batch_size=4, epochs=1, verbose=0)
    assert history.history["loss"][0] == pytest.approx(mse + penalty, rel=1e-6)
    assert model.evaluate(x, y, verbose=0) == pytest.approx(mse + penalty, rel=1e-6)


def test_add_loss_alone_trains_without_targets():
    model = keras.Sequential([keras.Input((2,)), layers.Dense(1), Penalty()])
    model.compile(keras.optimizers.SGD(learning_rate=0.1))  # no loss=: the penalty is the loss
    x = np.random.RandomState(0).rand(16, 2).astype("float32")
    history = model.fit(x, epochs=5, verbose=0)
    assert history.history["loss"][-1] < history.history["loss"][0]


class TwoLayers(keras.Model):
    def __init__(self, hidden=8, rate=0.5, **kwargs):
        super().__init__(**kwargs)
        self.hidden = layers.Dense(hidden, activation="relu")
        self.drop = layers.Dropout(rate)
        self.out = layers.Dense(1)

    def call(self, inputs, training=None):
        return self.out(self.drop(self.hidden(inputs), training=training))


def test_subclassed_model_creates_weights_on_first_call():
    model = TwoLayers()
    assert model.weights == [] and not model.built
    x = np.random.RandomState(1).rand(32, 3).astype("float32")
    first = model(x).numpy()
    assert model.built and len(model.weights) == 4 and model.count_params() == 3 * 8 + 8 + 8 + 1
    assert [l.name for l in model.layers] == ["dense", "dropout", "dense_1"]
    np.testing.assert_array_equal(model(x, training=False).numpy(), first)  # dropout off
    np.testing.assert_array_equal(model.predict(x, verbose=0), first)
    assert not np.allclose(model(x, training=True).numpy(), first)  # dropout on


def test_subclassed_model_fits_and_keeps_its_config():
    model = TwoLayers(hidden=5, rate=0.1, name="two")
    model.compile("adam", "mse", metrics=["mae"])
    x = np.random.RandomState(2).rand(20, 3).astype("float32")
    history = model.fit(x, x[:, :1], epochs=3, verbose=0)
    assert list(history.history) == ["loss", "mae"]
    config = model.get_config()
    assert config["hidden"] == 5 and config["rate"] == 0.1 and config["name"] == "two"
    clone = TwoLayers.from_config(config)
    clone(x[:1])
    assert clone.count_params() == model.count_params()


class SeesTraining(layers.Layer):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.seen = []

    def call(self, inputs, training=None):
        self.seen.append(training)
        return inputs


@pytest.mark.parametrize("kind", ["sequential", "functional", "subclassed"])
def test_training_is_true_in_fit_and_false_in_evaluate_and_predict(kind):
    probe = SeesTraining()
    if kind == "sequential":
        model = keras.Sequential([keras.Input((2,)), probe, layers.Dense(1)])
    elif kind == "functional":
        inputs = keras.Input((2,))
        model = keras.Model(inputs, layers.Dense(1)(probe(inputs)))
    else:
        class Wrapper(keras.Model):
            def __init__(self):
                super().__init__()
                self.probe, self.dense = probe, layers.Dense(1)

            def call(self, inputs):  # no `training` argument: the flag still reaches the layers
                return self.dense(self.probe(inputs))

        model = Wrapper()
    model.compile("sgd", "mse")
    x, y = np.ones((4, 2), "float32"), np.ones((4, 1), "float32")
    probe.seen.clear()
    model.fit(x, y, batch_size=4, epochs=2, verbose=0)
    # Two training steps see True; fit's checks before training run in inference mode.
    assert probe.seen.count(True) == 2 and probe.seen[-2:] == [True, True] and None not in probe.seen
    probe.seen.clear()
    model.evaluate(x, y, verbose=0)
    model.predict(x, verbose=0)
    assert probe.seen and set(probe.seen) == {False}
    probe.seen.clear()
    model(x)
    model(x, training=True)
    assert probe.seen == [None, True]
