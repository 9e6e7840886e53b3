"""The customisation API as Keras 3 defines it, written the way the Keras developer guides
write it: train_step/test_step/predict_step(data), compute_loss, compute_metrics, metric
trackers, optimizer.apply / apply_gradients, custom training loops, Model subclasses built
from (inputs, outputs), layers called with several tensors, and models with no weights."""
import warnings

import numpy as np
import pytest

import numkeras as keras
from numkeras import layers, ops
from numkeras.backend import GradientTape
from numkeras.data import Dataset

RNG = np.random.default_rng(0)
X = RNG.normal(size=(64, 4)).astype(np.float32)
Y = (X @ np.array([[1.0], [-1.0], [0.5], [2.0]], np.float32)).astype(np.float32)


def functional_parts(units=1):
    keras.utils.set_random_seed(0)
    inputs = keras.Input((4,))
    return inputs, layers.Dense(units)(inputs)


# --- (a) train_step(self, data), with compute_loss and the metrics loop of the guide -------
class GuideModel(keras.Model):
    def train_step(self, data):
        x, y = data
        with GradientTape() as tape:
            y_pred = self(x, training=True)
            loss = self.compute_loss(y=y, y_pred=y_pred)
        trainable_vars = self.trainable_variables
        gradients = tape.gradient(loss, trainable_vars)
        self.optimizer.apply(gradients, trainable_vars)
        for metric in self.metrics:
            if metric.name == "loss":
                metric.update_state(loss)
            else:
                metric.update_state(y, y_pred)
        return {m.name: m.result() for m in self.metrics}


def test_train_step_with_compute_loss_and_the_compiled_metrics():
    model = GuideModel(*functional_parts())  # (b): a subclass built the functional way
    assert isinstance(model, GuideModel) and isinstance(model, keras.Model)
    model.compile(optimizer="adam", loss="mse", metrics=["mae"])
    history = model.fit(X, Y, batch_size=16, epochs=3, verbose=0)
    assert set(history.history) == {"loss", "mae"}
    assert history.history["loss"][-1] < history.history["loss"][0]
    assert [m.name for m in model.metrics] == ["loss", "compile_metrics"]


def test_custom_step_matches_the_built_in_step():
    custom, plain = GuideModel(*functional_parts()), keras.Model(*functional_parts())
    for model in (custom, plain):
        model.compile(optimizer="sgd", loss="mse", metrics=["mae"])
    custom_history = custom.fit(X, Y, batch_size=16, epochs=2, shuffle=False, verbose=0)
    plain_history = plain.fit(X, Y, batch_size=16, epochs=2, shuffle=False, verbose=0)
    for a, b in zip(custom.get_weights(), plain.get_weights()):
        np.testing.assert_allclose(a, b, rtol=1e-6)
    # the guide's loss tracker averages per batch; the built-in one per sample: equal batches here
    np.testing.assert_allclose(custom_history.history["mae"], plain_history.history["mae"], rtol=1e-5)
    np.testing.assert_allclose(custom_history.history["loss"], plain_history.history["loss"], rtol=1e-5)


# --- the lower-level pattern: own trackers, apply_gradients(zip(...)), a `metrics` property ----
class TrackerModel(keras.Model):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.loss_tracker = keras.metrics.Mean(name="loss")
        self.mae_metric = keras.metrics.MeanAbsoluteError(name="mae")

    def train_step(self, data):
        x, y = data
        with GradientTape() as tape:
            y_pred = self(x, training=True)
            loss = keras.losses.mean_squared_error(y, y_pred)
        gradients = tape.gradient(loss, self.trainable_variables)
        self.optimizer.apply_gradients(zip(gradients, self.trainable_variables))
        self.loss_tracker.update_state(loss)
        self.mae_metric.update_state(y, y_pred)
        return {"loss": self.loss_tracker.result(), "mae": self.mae_metric.result()}

    @property
    def metrics(self):
        return [self.loss_tracker, self.mae_metric]  # reset by fit at the start of each epoch


def test_own_trackers_are_reset_every_epoch():
    model = TrackerModel(*functional_parts())
    model.compile(optimizer=keras.optimizers.SGD(0.05))  # no loss: train_step computes its own
    history = model.fit(X, Y, batch_size=16, epochs=3, verbose=0)
    assert len(history.history["loss"]) == 3
    # an epoch's mae is that epoch's: a tracker never reset would average all epochs
    model.mae_metric.reset_state()
    model.mae_metric.update_state(Y, model.predict(X, verbose=0))
    last_epoch = history.history["mae"][-1]
    assert abs(last_epoch - float(model.mae_metric.result())) < 0.5 * abs(
        history.history["mae"][0] - float(model.mae_metric.result())) + 1e-3


def test_attribute_trackers_are_in_metrics_without_overriding_it():
    class Tracked(keras.Model):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.seen = keras.metrics.Sum(name="seen")

        def train_step(self, data):
            x, y = data
            self.seen.update_state(ops.shape(x)[0])
            return {"seen": self.seen.result()}

    model = Tracked(*functional_parts())
    model.compile(optimizer="sgd", loss="mse")
    assert "seen" in [m.name for m in model.metrics]
    history = model.fit(X, Y, batch_size=16, epochs=2, verbose=0)
    assert history.history["seen"] == [64.0, 64.0]  # reset at each epoch


# --- sample weights and unpack_x_y_sample_weight ----------------------------------------
class WeightedModel(keras.Model):
    def train_step(self, data):
        x, y, sample_weight = keras.utils.unpack_x_y_sample_weight(data)
        with GradientTape() as tape:
            y_pred = self(x, training=True)
            loss = self.compute_loss(y=y, y_pred=y_pred, sample_weight=sample_weight)
        gradients = tape.gradient(loss, self.trainable_variables)
        self.optimizer.apply(gradients, self.trainable_variables)
        return self.compute_metrics(x, y, y_pred, sample_weight=sample_weight)


def test_sample_weights_reach_train_step():
    model = WeightedModel(*functional_parts())
    model.compile(optimizer="sgd", loss="mse", weighted_metrics=["mae"])
    before = [w.copy() for w in model.get_weights()]
    model.fit(X, Y, sample_weight=np.zeros(64, np.float32), batch_size=16, epochs=1, verbose=0)
    for w0, w1 in zip(before, model.get_weights()):
        np.testing.assert_array_equal(w0, w1)  # zero weights: zero loss, zero gradients
    model.fit(X, Y, sample_weight=np.ones(64, np.float32), batch_size=16, epochs=1, verbose=0)
    assert any(not np.array_equal(w0, w1) for w0, w1 in zip(before, model.get_weights()))


def test_unpack_and_pack_x_y_sample_weight():
    x, y, sw = np.ones(2), np.zeros(2), np.full(2, 0.5)
    assert keras.utils.unpack_x_y_sample_weight((x,))[1:] == (None, None)
    assert keras.utils.unpack_x_y_sample_weight((x, y))[2] is None
    assert keras.utils.unpack_x_y_sample_weight([x, y, sw])[2] is sw
    assert keras.utils.unpack_x_y_sample_weight(x)[0] is x
    assert keras.utils.pack_x_y_sample_weight(x) == (x,)
    assert keras.utils.pack_x_y_sample_weight(x, y) == (x, y)
    with pytest.raises(ValueError, match="x, y, sample_weight"):
        keras.utils.unpack_x_y_sample_weight((x, y, sw, sw))


# --- test_step and predict_step -----------------------------------------------------------
class EvalModel(keras.Model):
    def test_step(self, data):
        x, y = data
        y_pred = self(x, training=False)
        loss = self.compute_loss(y=y, y_pred=y_pred)
        for metric in self.metrics:
            if metric.name == "loss":
                metric.update_state(loss)
            else:
                metric.update_state(y, y_pred)
        return {m.name: m.result() for m in self.metrics}

    def predict_step(self, data):
        x, _, _ = keras.utils.unpack_x_y_sample_weight(data)
        return self(x, training=False) * 10.0


def test_custom_test_step_and_predict_step():
    model = EvalModel(*functional_parts())
    model.compile(optimizer="sgd", loss="mse", metrics=["mae"])
    reference = keras.Model(*functional_parts())
    reference.compile(optimizer="sgd", loss="mse", metrics=["mae"])
    got = model.evaluate(X, Y, batch_size=16, verbose=0, return_dict=True)
    expected = reference.evaluate(X, Y, batch_size=16, verbose=0, return_dict=True)
    assert got.keys() == expected.keys()
    np.testing.assert_allclose(got["mae"], expected["mae"], rtol=1e-6)
    np.testing.assert_allclose(model.predict(X, verbose=0), reference.predict(X, verbose=0) * 10, rtol=1e-6)
    history = model.fit(X, Y, validation_data=(X, Y), epochs=1, verbose=0)
    assert {"val_loss", "val_mae"} <= set(history.history)


# --- a GAN-style step: compile() overridden, two optimizers, data without labels ---------
class TwoPlayer(keras.Model):
    def __init__(self, first, second):
        super().__init__()
        self.first, self.second = first, second
        self.first_loss = keras.metrics.Mean(name="first_loss")
        self.second_loss = keras.metrics.Mean(name="second_loss")

    def compile(self, first_optimizer, second_optimizer):
        super().compile()
        self.first_optimizer, self.second_optimizer = first_optimizer, second_optimizer

    @property
    def metrics(self):
        return [self.first_loss, self.second_loss]

    def train_step(self, data):
        x = data  # a dataset of inputs only
        with GradientTape() as tape:
            loss = ops.mean(ops.square(self.first(x) - 1.0))
        grads = tape.gradient(loss, self.first.trainable_weights)
        self.first_optimizer.apply_gradients(zip(grads, self.first.trainable_weights))
        with GradientTape() as tape:
            other = ops.mean(ops.square(self.second(x) + 1.0))
        grads = tape.gradient(other, self.second.trainable_weights)
        self.second_optimizer.apply_gradients(zip(grads, self.second.trainable_weights))
        self.first_loss.update_state(loss)
        self.second_loss.update_state(other)
        return {"first_loss": self.first_loss.result(), "second_loss": self.second_loss.result()}


def test_gan_style_train_step_on_a_dataset_of_inputs():
    keras.utils.set_random_seed(1)
    model = TwoPlayer(layers.Dense(1), layers.Dense(1))
    model.compile(keras.optimizers.Adam(0.05), keras.optimizers.Adam(0.05))
    history = model.fit(Dataset.from_tensor_slices(X).batch(16), epochs=5, verbose=0)
    assert history.history["first_loss"][-1] < 0.5 * history.history["first_loss"][0]
    assert history.history["second_loss"][-1] < 0.5 * history.history["second_loss"][0]


# --- Keras 2 spellings: compiled_loss / compiled_metrics ---------------------------------
class Keras2Model(keras.Model):
    def train_step(self, data):
        x, y = data
        with GradientTape() as tape:
            y_pred = self(x, training=True)
            loss = self.compiled_loss(y, y_pred, regularization_losses=self.losses)
        gradients = tape.gradient(loss, self.trainable_variables)
        self.optimizer.apply_gradients(zip(gradients, self.trainable_variables))
        self.compiled_metrics.update_state(y, y_pred)
        return {m.name: m.result() for m in self.metrics}


def test_keras2_compiled_loss_and_metrics():
    model = Keras2Model(*functional_parts())
    model.compile(optimizer="sgd", loss="mse", metrics=["mae"])
    history = model.fit(X, Y, batch_size=16, epochs=3, verbose=0)
    assert set(history.history) == {"loss", "mae"}
    assert history.history["loss"][-1] < history.history["loss"][0]


# --- a custom training loop, as "writing a training loop from scratch" writes it ----------
def test_custom_training_loop_with_tape_apply_gradients_and_metric_objects():
    keras.utils.set_random_seed(0)
    inputs = keras.Input((4,))
    hidden = layers.Dense(16, activation="relu")(inputs)
    model = keras.Model(inputs, layers.Dense(3)(hidden))
    labels = np.argmax(X[:, :3], axis=1)
    optimizer = keras.optimizers.Adam(learning_rate=1e-2)
    loss_fn = keras.losses.SparseCategoricalCrossentropy(from_logits=True)
    train_acc = keras.metrics.SparseCategoricalAccuracy()
    dataset = Dataset.from_tensor_slices((X, labels)).shuffle(64, seed=0).batch(16)
    accuracies = []
    for _ in range(20):
        for x_batch, y_batch in dataset:
            with GradientTape() as tape:
                logits = model(x_batch, training=True)
                loss_value = loss_fn(y_batch, logits)
                loss_value += sum(model.losses)
            grads = tape.gradient(loss_value, model.trainable_weights)
            optimizer.apply_gradients(zip(grads, model.trainable_weights))
            train_acc.update_state(y_batch, logits)
        accuracies.append(float(train_acc.result()))
        train_acc.reset_state()
    assert accuracies[-1] > 0.9 and accuracies[-1] > accuracies[0]


# --- (c) layers called with several tensors inside functional models ----------------------
class AddTwo(layers.Layer):
    def call(self, a, b):
        return a + b


class Scaled(layers.Layer):
    def call(self, query, value=None, training=None, mask=None, scale=1.0):
        out = query * scale if value is None else query + value * scale
        return out * 2.0 if training else out


def test_layer_with_two_positional_tensors():
    a, b = keras.Input((3,)), keras.Input((3,))
    model = keras.Model([a, b], AddTwo()(a, b))
    out = model.predict([np.ones((2, 3)), np.full((2, 3), 2.0)], verbose=0)
    assert out.tolist() == [[3.0] * 3] * 2


def test_layer_with_tensor_keywords_and_non_tensor_keywords():
    q, v = keras.Input((2,)), keras.Input((2,))
    model = keras.Model([q, v], Scaled()(q, value=v, scale=3.0))
    out = model.predict([np.ones((1, 2)), np.ones((1, 2))], verbose=0)
    assert out.tolist() == [[4.0, 4.0]]
    # `training` follows the model's call: doubled in training only
    assert model([np.ones((1, 2)), np.ones((1, 2))], training=True).numpy().tolist() == [[8.0, 8.0]]


def test_multi_input_layer_model_trains_and_round_trips(tmp_path):
    keras.utils.set_random_seed(0)
    a, b = keras.Input((4,)), keras.Input((4,))
    out = layers.Dense(1)(AddTwo()(layers.Dense(4)(a), b))
    model = keras.Model([a, b], out)
    model.compile(optimizer="sgd", loss="mse")
    history = model.fit([X, X], Y, epochs=3, verbose=0)
    assert history.history["loss"][-1] < history.history["loss"][0]
    path = tmp_path / "two_inputs.keras"
    model.save(path)
    loaded = keras.saving.load_model(path, custom_objects={"AddTwo": AddTwo})
    np.testing.assert_allclose(loaded.predict([X, X], verbose=0), model.predict([X, X], verbose=0), rtol=1e-6)


# --- (f) a model whose only training signal is add_loss, with no weights ------------------
class ActivityPenalty(layers.Layer):
    def call(self, x):
        self.add_loss(0.01 * ops.sum(ops.square(x)))
        return x


def test_model_without_trainable_weights_trains_with_a_warning():
    inputs = keras.Input((4,))
    model = keras.Model(inputs, ActivityPenalty()(inputs))
    model.compile(optimizer="sgd")
    with pytest.warns(UserWarning, match="does not have any trainable weights"):
        history = model.fit(X, epochs=2, batch_size=16, verbose=0)
    expected = 0.01 * float(np.mean([np.square(X[i:i + 16]).sum() for i in range(0, 64, 16)]))
    assert history.history["loss"][-1] == pytest.approx(expected, rel=1e-5)


def test_subclass_with_inputs_outputs_keeps_its_methods_and_config(tmp_path):
    class WithExtra(keras.Model):
        def double_predict(self, x):
            return 2 * self.predict(x, verbose=0)

    model = WithExtra(*functional_parts())
    assert model.double_predict(X[:2]).shape == (2, 1)
    assert len(model.layers) == 2 and model.count_params() == 5
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model.summary(print_fn=lambda *a, **k: None)
