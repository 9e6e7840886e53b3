"""`numkeras.optimizers.legacy`: the optimizers of tf.keras 2 (TensorFlow <= 2.10 and `*.legacy`).

Lecture notes written for tf.keras 2 report numbers made with these formulas. Two differ from
Keras 3's (the rest are the same rule under the same name):

- RMSprop without momentum adds epsilon *outside* the square root:
  `w -= lr * g / (sqrt(v) + epsilon)` (Keras 3: `lr * g / sqrt(v + epsilon)`). With tiny
  gradients (MSE on sigmoid outputs, as in the MNIST lab) Keras 3's form takes much smaller
  steps: the lab reaches ~0.96 test accuracy in 5 epochs with it, ~0.98 with this one.
- Adagrad adds epsilon outside the square root too: `w -= lr * g / (sqrt(acc) + epsilon)`.

>>> import numpy as np
>>> from numkeras.backend import Variable
>>> w = Variable(np.array([1.0]))
>>> RMSprop(learning_rate=0.01).apply([np.array([2.0])], [w])
>>> round(float(w.value[0]), 5)   # 1 - 0.01 * 2 / (sqrt(0.1 * 4) + 1e-7)
0.96838
"""
from numpy import add, divide, multiply, sqrt, subtract

from numkeras.optimizers import adagrad as _adagrad
from numkeras.optimizers import rmsprop as _rmsprop
from numkeras.optimizers.adadelta import Adadelta  # noqa: F401 - same rule in tf.keras 2
from numkeras.optimizers.adam import Adam  # noqa: F401 - same rule in tf.keras 2
from numkeras.optimizers.adamax import Adamax  # noqa: F401
from numkeras.optimizers.ftrl import Ftrl  # noqa: F401
from numkeras.optimizers.optimizer import Optimizer  # noqa: F401
from numkeras.optimizers.sgd import SGD  # noqa: F401 - same rule; `decay=` works on every optimizer


class RMSprop(_rmsprop.RMSprop):
    """tf.keras 2's RMSprop: without momentum, epsilon is added after the square root.

    With `momentum > 0` tf.keras 2 used TensorFlow's fused kernel, whose rule is Keras 3's
    (epsilon inside the square root), so that case is inherited unchanged.
    """

    def _update(self, i, grad, value):
        if self._momentums:
            return super()._update(i, grad, value)
        k, s, v = self._scalars[i], self._scratch[i], self._velocities[i].value
        sqrt(self._accumulate(i, k, grad, s, v), s)
        add(s, k.epsilon, s)  # epsilon outside the square root (the tf.keras 2 difference)
        divide(grad, s, s)
        multiply(s, k.lr, s)
        subtract(value, s, value)


class Adagrad(_adagrad.Adagrad):
    """tf.keras 2's Adagrad: `w -= lr * g / (sqrt(acc) + epsilon)`."""

    def _update(self, i, grad, value):
        k, s, acc = self._scalars[i], self._scratch[i], self._accumulators[i].value
        multiply(grad, grad, s)
        add(acc, s, acc)  # acc += g**2
        sqrt(acc, s)
        add(s, k.epsilon, s)  # epsilon outside the square root
        divide(grad, s, s)
        multiply(s, k.lr, s)
        subtract(value, s, value)


_BY_NAME = {"rmsprop": RMSprop, "adagrad": Adagrad, "adam": Adam, "sgd": SGD, "adadelta": Adadelta,
            "adamax": Adamax, "ftrl": Ftrl}


def get(identifier):
    """Like `numkeras.optimizers.get`, but strings give the tf.keras 2 optimizers."""
    from numkeras import optimizers

    if isinstance(identifier, str) and identifier.lower() in _BY_NAME:
        return _BY_NAME[identifier.lower()]()
    return optimizers.get(identifier)
