"""Adadelta: step sizes from running averages of squared gradients and squared updates."""
import numpy as np
from numpy import add, divide, multiply, sqrt, subtract

from numkeras.optimizers.arguments import as_float
from numkeras.optimizers.optimizer import Optimizer


class Adadelta(Optimizer):
    """Adadelta (Keras 3 defaults and update rule).

    `Eg = rho * Eg + (1 - rho) * g**2`;
    `delta = -sqrt(Edx + epsilon) / sqrt(Eg + epsilon) * g`;
    `Edx = rho * Edx + (1 - rho) * delta**2`; `w += lr * delta`.
    Keras 3's default learning rate is 0.001; the paper (and standalone Keras
    up to 2.3) used 1.0, with which it trains much faster.

    Args:
        learning_rate: float, schedule or callable; default 0.001.
        rho: float, decay of the running averages.
        epsilon: float, added inside both square roots.
        **kwargs: the base `Optimizer` arguments (weight_decay, clipnorm, ..., name).

    Example:
    >>> w = Variable(np.array([1.0]))
    >>> Adadelta(learning_rate=1.0).apply([np.array([1.0])], [w])
    >>> round(float(w.value[0]), 6)   # 1 - sqrt(1e-7) / sqrt(0.05 + 1e-7)
    0.998586
    """

    def __init__(self, learning_rate=0.001, rho=0.95, epsilon=1e-7, **kwargs):
        super().__init__(learning_rate=learning_rate, **kwargs)
        self.rho = as_float(rho, "rho", "Adadelta")
        self.epsilon = as_float(epsilon, "epsilon", "Adadelta")

    def build(self, var_list):
        if self.built:
            return
        super().build(var_list)
        self._accumulated_grads, self._accumulated_delta_vars = self.add_optimizer_variables(
            var_list, ["accumulated_grad", "accumulated_delta_var"])
        self._scratch2 = [np.empty_like(v.value) for v in var_list]
        self._scalars = self._make_scalars(lr=0.0, rho=self.rho, one_minus_rho=1.0 - self.rho,
                                           epsilon=self.epsilon)

    _prepare_step = Optimizer._write_learning_rate

    def _update(self, i, grad, value):
        k, s, t = self._scalars[i], self._scratch[i], self._scratch2[i]
        eg, edx = self._accumulated_grads[i].value, self._accumulated_delta_vars[i].value
        multiply(eg, k.rho, eg)
        multiply(grad, grad, s)
        multiply(s, k.one_minus_rho, s)
        add(eg, s, eg)  # Eg = rho * Eg + (1 - rho) * g**2
        add(edx, k.epsilon, s)
        sqrt(s, s)
        multiply(s, grad, s)
        add(eg, k.epsilon, t)
        sqrt(t, t)
        divide(s, t, s)  # s = -delta = sqrt(Edx + eps) * g / sqrt(Eg + eps)
        multiply(edx, k.rho, edx)
        multiply(s, s, t)
        multiply(t, k.one_minus_rho, t)
        add(edx, t, edx)  # Edx = rho * Edx + (1 - rho) * delta**2
        multiply(s, k.lr, s)
        subtract(value, s, value)  # w += lr * delta

    def get_config(self):
        config = super().get_config()
        config.update({"rho": self.rho, "epsilon": self.epsilon})
        return config
