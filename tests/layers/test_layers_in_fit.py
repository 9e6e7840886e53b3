"""The new layers inside `compile`/`fit`/`predict`: they train, and train-only behaviour stays in fit."""
import numpy as np

import numkeras
from numkeras import layers


def _regression_data(n=256, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.normal([10.0, -5.0, 0.0, 100.0], [1.0, 3.0, 0.1, 20.0], (n, 4)).astype("float32")
    y = ((x[:, :1] - 10.0) * 2.0 + (x[:, 3:] - 100.0) / 20.0).astype("float32")
    return x, y


def test_normalization_batchnorm_and_noise_model_learns():
    numkeras.backend.random.set_random_seed(0)
    x, y = _regression_data()
    norm = layers.Normalization()
    norm.adapt(x)
    model = numkeras.Sequential([
        numkeras.Input(shape=(4,)), norm, layers.Dense(16), layers.BatchNormalization(),
        layers.PReLU(), layers.GaussianNoise(0.05), layers.LayerNormalization(), layers.Dense(1)])
    model.compile(optimizer=numkeras.optimizers.Adam(0.01), loss="mse")
    history = model.fit(x, y, epochs=15, batch_size=32, verbose=0)
    losses = history.history["loss"]
    assert losses[-1] < 0.2 * losses[0]
    bn = model.layers[2]
    assert not np.allclose(bn.moving_mean.numpy(), 0.0)  # fit ran it with training=True
    np.testing.assert_array_equal(model.predict(x[:8], verbose=0), model.predict(x[:8], verbose=0))


def test_embedding_classifier_learns_which_token_matters():
    numkeras.backend.random.set_random_seed(1)
    rng = np.random.default_rng(1)
    ids = rng.integers(1, 20, (400, 6))
    labels = (ids == 3).any(axis=1).astype("float32")[:, None]
    model = numkeras.Sequential([
        numkeras.Input(shape=(6,), dtype="int32"), layers.Embedding(20, 8), layers.Flatten(),
        layers.Dense(16, activation="relu"), layers.Dense(1, activation="sigmoid")])
    model.compile(optimizer=numkeras.optimizers.Adam(0.01), loss="binary_crossentropy")
    model.fit(ids, labels, epochs=20, batch_size=32, verbose=0)
    accuracy = np.mean((model.predict(ids, verbose=0) > 0.5) == labels)
    assert accuracy > 0.95


def test_functional_model_with_merging_layers_fits():
    numkeras.backend.random.set_random_seed(2)
    x, y = _regression_data(128, seed=2)
    inputs = numkeras.Input(shape=(4,))
    scaled = layers.Rescaling(scale=[1.0, 1 / 3, 10.0, 0.05], offset=[-10.0, 5 / 3, 0.0, -5.0])(inputs)
    left, right = layers.Dense(8)(scaled), layers.Dense(8, activation="tanh")(scaled)
    merged = layers.concatenate([layers.add([left, right]), layers.multiply([left, right]),
                                 layers.maximum([left, right]), layers.average([left, right])])
    similarity = layers.Dot(axes=1)([left, right])
    outputs = layers.Dense(1)(layers.concatenate([merged, similarity]))
    model = numkeras.Model(inputs, outputs)
    model.compile(optimizer=numkeras.optimizers.Adam(0.01), loss="mse")
    losses = model.fit(x, y, epochs=20, batch_size=16, verbose=0).history["loss"]
    assert losses[-1] < 0.2 * losses[0]


def test_activity_regularization_adds_to_the_fit_loss_only():
    x, y = _regression_data(64, seed=3)
    x = (x - x.mean(0)) / x.std(0)

    def make(with_penalty):
        numkeras.backend.random.set_random_seed(3)
        stack = [numkeras.Input(shape=(4,)), layers.Dense(3)]
        if with_penalty:
            stack.append(layers.ActivityRegularization(l2=10.0))
        model = numkeras.Sequential(stack + [layers.Dense(1)])
        model.compile(optimizer="sgd", loss="mse")
        return model

    plain, penalized = make(False), make(True)
    np.testing.assert_allclose(plain.predict(x, verbose=0), penalized.predict(x, verbose=0))
    plain_loss = plain.fit(x, y, epochs=1, batch_size=64, shuffle=False, verbose=0).history["loss"][0]
    penalized_loss = penalized.fit(x, y, epochs=1, batch_size=64, shuffle=False,
                                   verbose=0).history["loss"][0]
    assert penalized_loss > plain_loss + 1.0


def test_frozen_batch_normalization_keeps_its_statistics_in_fit():
    x, y = _regression_data(64, seed=4)
    bn = layers.BatchNormalization()
    model = numkeras.Sequential([numkeras.Input(shape=(4,)), bn, layers.Dense(1)])
    bn.trainable = False
    model.compile(optimizer="sgd", loss="mse")
    model.fit(x / 100, y, epochs=2, verbose=0)
    np.testing.assert_array_equal(bn.moving_mean.numpy(), np.zeros(4))
    np.testing.assert_array_equal(bn.gamma.numpy(), np.ones(4))
