"""tf.keras 2's optimizer formulas (numkeras.optimizers.legacy), worked by hand."""
import math

import numpy as np
import pytest

from numkeras import optimizers
from numkeras.backend import Variable


def _run(opt, grads, w0=1.0):
    w = Variable(np.array([w0], dtype="float64"), dtype="float64")
    for g in grads:
        opt.apply([np.array([g])], [w])
    return float(w.value[0])


def test_rmsprop_adds_epsilon_outside_the_square_root():
    lr, rho, eps = 0.01, 0.9, 1e-3  # a large epsilon makes inside/outside visibly different
    w, v = 1.0, 0.0
    for g in (2.0, -1.0):
        v = rho * v + (1 - rho) * g * g
        w -= lr * g / (math.sqrt(v) + eps)
    got = _run(optimizers.legacy.RMSprop(learning_rate=lr, epsilon=eps), [2.0, -1.0])
    assert got == pytest.approx(w, abs=1e-8)  # the learning rate is stored as float32, as in Keras
    keras3 = _run(optimizers.RMSprop(learning_rate=lr, epsilon=eps), [2.0, -1.0])
    assert abs(keras3 - w) > 1e-6  # Keras 3 puts epsilon inside: a different number


def test_centered_rmsprop_without_momentum():
    lr, rho, eps = 0.01, 0.9, 1e-3
    w, v, a = 1.0, 0.0, 0.0
    for g in (2.0, 1.0):
        v = rho * v + (1 - rho) * g * g
        a = rho * a + (1 - rho) * g
        w -= lr * g / (math.sqrt(v - a * a) + eps)
    got = _run(optimizers.legacy.RMSprop(learning_rate=lr, epsilon=eps, centered=True), [2.0, 1.0])
    assert got == pytest.approx(w, abs=1e-8)  # the learning rate is stored as float32, as in Keras


def test_rmsprop_with_momentum_keeps_the_fused_kernel_rule():
    args = dict(learning_rate=0.01, momentum=0.5, epsilon=1e-3)
    legacy = _run(optimizers.legacy.RMSprop(**args), [2.0, -1.0, 0.5])
    keras3 = _run(optimizers.RMSprop(**args), [2.0, -1.0, 0.5])
    assert legacy == pytest.approx(keras3, abs=1e-8)  # the learning rate is stored as float32, as in Keras


def test_adagrad_adds_epsilon_outside_the_square_root():
    lr, eps = 0.1, 1e-2
    w, acc = 1.0, 0.1
    for g in (2.0, -1.0):
        acc += g * g
        w -= lr * g / (math.sqrt(acc) + eps)
    got = _run(optimizers.legacy.Adagrad(learning_rate=lr, epsilon=eps), [2.0, -1.0])
    assert got == pytest.approx(w, abs=1e-8)  # the learning rate is stored as float32, as in Keras


def test_get_maps_strings_to_the_legacy_classes():
    assert type(optimizers.legacy.get("rmsprop")) is optimizers.legacy.RMSprop
    assert type(optimizers.legacy.get("Adagrad")) is optimizers.legacy.Adagrad
    assert type(optimizers.legacy.get("adam")) is optimizers.Adam
    assert type(optimizers.legacy.get("nadam")) is optimizers.Nadam
