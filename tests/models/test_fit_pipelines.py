"""fit/evaluate/predict on tf.data-style Datasets and DataLoader-shaped iterables."""
import warnings

import numpy as np
import pytest

import numkeras
from numkeras import layers
from numkeras.data import AUTOTUNE, Dataset


def regression_data(n=64, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, 3)).astype(np.float32)
    return x, (x @ np.array([[1.0], [-2.0], [0.5]], np.float32)).astype(np.float32)


def small_model():
    numkeras.utils.set_random_seed(1)
    model = numkeras.Sequential([numkeras.Input((3,)), layers.Dense(1)])
    model.compile(optimizer="sgd", loss="mse")
    return model


def test_fit_on_a_batched_dataset_equals_fit_on_arrays():
    x, y = regression_data()
    a, b = small_model(), small_model()
    a.fit(x, y, batch_size=16, epochs=3, shuffle=False, verbose=0)
    b.fit(Dataset.from_tensor_slices((x, y)).batch(16).prefetch(AUTOTUNE), epochs=3, verbose=0)
    for wa, wb in zip(a.get_weights(), b.get_weights()):
        np.testing.assert_allclose(wa, wb, rtol=1e-6)


def test_evaluate_and_predict_on_datasets():
    x, y = regression_data()
    model = small_model()
    ds = Dataset.from_tensor_slices((x, y)).batch(10)
    assert model.evaluate(ds, verbose=0) == pytest.approx(model.evaluate(x, y, verbose=0), rel=1e-5)
    np.testing.assert_allclose(model.predict(Dataset.from_tensor_slices(x).batch(10), verbose=0),
                               model.predict(x, verbose=0), rtol=1e-6)
    # predict ignores the labels of an (x, y) dataset, as Keras does
    assert model.predict(ds, verbose=0).shape == (64, 1)


def test_shuffled_dataset_trains_and_validation_data_can_be_a_dataset():
    x, y = regression_data(128)
    model = small_model()
    train = Dataset.from_tensor_slices((x, y)).shuffle(128, seed=0).batch(16)
    history = model.fit(train, validation_data=Dataset.from_tensor_slices((x, y)).batch(32),
                        epochs=5, verbose=0)
    assert history.history["loss"][-1] < history.history["loss"][0]
    assert len(history.history["val_loss"]) == 5


def test_steps_per_epoch_on_a_finite_dataset_continues_the_pass_as_keras():
    seen = []
    x = np.arange(6, dtype=np.float32).reshape(6, 1) * np.ones((1, 3), np.float32)
    ds = Dataset.from_tensor_slices((x, np.zeros((6, 1), np.float32))).batch(2)  # 3 batches

    class Record(numkeras.callbacks.Callback):
        def on_train_batch_begin(self, batch, logs=None):
            seen.append(batch)

    model = small_model()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        model.fit(ds, steps_per_epoch=2, epochs=4, verbose=0, callbacks=[Record()])
    # batches 0,1 | 2 (ran out, warned) | 0,1 | 2, as Keras 3's EpochIterator
    assert seen == [0, 1, 0, 0, 1, 0]
    assert any("ran out of data" in str(w.message) for w in caught)


def test_infinite_dataset_needs_steps_per_epoch():
    x, y = regression_data()
    ds = Dataset.from_tensor_slices((x, y)).repeat().batch(8)
    model = small_model()
    with pytest.raises(ValueError, match="infinite.*steps_per_epoch"):
        model.fit(ds, epochs=1, verbose=0)
    history = model.fit(ds, steps_per_epoch=5, epochs=3, verbose=0)
    assert len(history.history["loss"]) == 3
    with pytest.raises(ValueError, match="steps="):
        model.evaluate(ds, verbose=0)
    assert np.isfinite(model.evaluate(ds, steps=2, verbose=0))


def test_dataset_with_y_argument_is_rejected():
    x, y = regression_data()
    with pytest.raises(ValueError, match="must not be given"):
        small_model().fit(Dataset.from_tensor_slices(x).batch(8), y, verbose=0)


def test_dataset_yielding_dict_inputs_and_sample_weights():
    numkeras.utils.set_random_seed(2)
    a, b = numkeras.Input((2,), name="a"), numkeras.Input((1,), name="b")
    out = layers.Dense(1)(layers.Concatenate()([a, b]))
    model = numkeras.Model({"a": a, "b": b}, out)
    model.compile(optimizer="sgd", loss="mse")
    x, y = regression_data(32)
    weights = np.zeros(32, np.float32)
    ds = Dataset.from_tensor_slices(({"a": x[:, :2], "b": x[:, 2:]}, y, weights)).batch(8)
    before = [w.copy() for w in model.get_weights()]
    model.fit(ds, epochs=1, verbose=0)
    for w0, w1 in zip(before, model.get_weights()):  # zero weights: nothing to learn
        np.testing.assert_array_equal(w0, w1)


class LoaderStandIn:
    """Shaped like torch.utils.data.DataLoader: re-iterable, len() batches, lists of tensors."""

    def __init__(self, x, y, batch_size):
        self.x, self.y, self.batch_size = x, y, batch_size
        self.passes = 0

    def __len__(self):
        return -(-len(self.x) // self.batch_size)

    def __iter__(self):
        self.passes += 1
        for start in range(0, len(self.x), self.batch_size):
            yield [FakeTensor(self.x[start:start + self.batch_size]),
                   FakeTensor(self.y[start:start + self.batch_size])]


class FakeTensor:
    def __init__(self, array):
        self.array = array
        self.shape = array.shape

    def numpy(self):
        return self.array


def test_dataloader_shaped_input_trains_like_arrays():
    x, y = regression_data()
    a, b = small_model(), small_model()
    a.fit(x, y, batch_size=16, epochs=2, shuffle=False, verbose=0)
    loader = LoaderStandIn(x, y, 16)
    b.fit(loader, epochs=2, verbose=0)
    assert loader.passes == 2
    for wa, wb in zip(a.get_weights(), b.get_weights()):
        np.testing.assert_allclose(wa, wb, rtol=1e-6)
    assert b.evaluate(loader, verbose=0) == pytest.approx(b.evaluate(x, y, verbose=0), rel=1e-5)
    assert b.predict(loader, verbose=0).shape == (64, 1)


def test_class_weight_applies_to_dataset_batches():
    x, y = regression_data(32)
    labels = (y > 0).astype(np.float32)
    numkeras.utils.set_random_seed(3)
    model = numkeras.Sequential([numkeras.Input((3,)), layers.Dense(1, activation="sigmoid")])
    model.compile(optimizer="sgd", loss="binary_crossentropy")
    before = [w.copy() for w in model.get_weights()]
    model.fit(Dataset.from_tensor_slices((x, labels)).batch(8), class_weight={0: 0.0, 1: 0.0},
              epochs=1, verbose=0)
    for w0, w1 in zip(before, model.get_weights()):  # every class weighs 0: nothing learnt
        np.testing.assert_array_equal(w0, w1)
