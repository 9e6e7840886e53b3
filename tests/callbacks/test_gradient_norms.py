"""GradientNormRecorder: per-layer gradient norms equal finite differences of the loss, on both step paths."""
import numpy as np
import pytest

import numkeras as keras
from numkeras.callbacks import GradientNormRecorder

RNG = np.random.default_rng(0)
X = RNG.normal(size=(16, 3)).astype("float32")
Y = RNG.normal(size=(16, 1)).astype("float32")


def _sequential():
    keras.utils.set_random_seed(4)
    return keras.Sequential([keras.Input((3,)), keras.layers.Dense(4, activation="tanh"),
                             keras.layers.Dense(1)])


def _functional():
    keras.utils.set_random_seed(4)
    inputs = keras.Input((3,))
    hidden = keras.layers.Dense(4, activation="tanh")(inputs)
    return keras.Model(inputs, keras.layers.Dense(1)(hidden))


def _loss64(params):
    w1, b1, w2, b2 = params
    out = np.tanh(X.astype(np.float64) @ w1 + b1) @ w2 + b2
    return np.mean((out - Y) ** 2)


def _finite_difference_norms(params, eps=1e-6):
    norms = []
    for layer in ((0, 1), (2, 3)):
        total = 0.0
        for index in layer:
            grad = np.zeros_like(params[index])
            for position in np.ndindex(params[index].shape):
                plus = [p.copy() for p in params]
                minus = [p.copy() for p in params]
                plus[index][position] += eps
                minus[index][position] -= eps
                grad[position] = (_loss64(plus) - _loss64(minus)) / (2 * eps)
            total += float(np.sum(grad ** 2))
        norms.append(np.sqrt(total))
    return np.array(norms)


@pytest.mark.parametrize("build", [_sequential, _functional], ids=["tape-free step", "recorded step"])
def test_norms_match_float64_finite_differences(build):
    model = build()
    model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.1), loss="mse")
    params = [np.asarray(w.value, np.float64) for w in model.trainable_weights]
    recorder = GradientNormRecorder()
    model.fit(X, Y, batch_size=16, epochs=3, shuffle=False, verbose=0, callbacks=[recorder])
    assert recorder.layer_names == [layer.name for layer in model.layers if layer.trainable_weights]
    assert len(recorder.batch_norms) == 3 and len(recorder.epoch_norms) == 3
    np.testing.assert_allclose(recorder.batch_norms[0], _finite_difference_norms(params), rtol=1e-4)
    assert not np.allclose(recorder.batch_norms[0], recorder.batch_norms[1])  # the weights moved
    assert model._gradient_observers == ()  # removed when training ends


def test_epoch_norms_are_the_means_of_their_batches():
    model = _sequential()
    model.compile(optimizer="sgd", loss="mse")
    recorder = GradientNormRecorder()
    model.fit(X, Y, batch_size=4, epochs=2, shuffle=False, verbose=0, callbacks=[recorder])
    assert len(recorder.batch_norms) == 8
    np.testing.assert_allclose(recorder.epoch_norms[1], np.mean(recorder.batch_norms[4:], axis=0))
    lean = GradientNormRecorder(record_batches=False)
    model.fit(X, Y, batch_size=4, epochs=1, verbose=0, callbacks=[lean])
    assert lean.batch_norms == [] and len(lean.epoch_norms) == 1


def test_sigmoid_gradients_vanish_towards_the_input():
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input((3,))] + [keras.layers.Dense(8, activation="sigmoid")
                                                    for _ in range(6)] + [keras.layers.Dense(1)])
    model.compile(optimizer="sgd", loss="mse")
    recorder = GradientNormRecorder()
    model.fit(X, Y, batch_size=16, epochs=1, verbose=0, callbacks=[recorder])
    norms = recorder.epoch_norms[0]
    assert norms[0] < norms[-2] / 50  # the first layer gets far less than the last hidden one
