"""Nadam: Adam with Nesterov momentum (Dozat 2016), with Keras's momentum schedule."""
import numpy as np
from numpy import add, divide, multiply, sqrt, subtract

from numkeras.optimizers.adam import update_moments
from numkeras.optimizers.arguments import as_float
from numkeras.optimizers.optimizer import Optimizer


class Nadam(Optimizer):
    """Nadam (Keras 3 defaults and update rule).

    With `t = iterations + 1` and the momentum schedule
    `u_t = beta_1 * (1 - 0.5 * 0.96**t)`, Keras keeps the running product
    `u_product = u_1 * ... * u_t` as an optimizer variable and updates
    `m += (g - m) * (1 - beta_1)`, `v += (g**2 - v) * (1 - beta_2)`,
    `m_hat = u_{t+1} * m / (1 - u_product * u_{t+1}) + (1 - u_t) * g / (1 - u_product)`,
    `v_hat = v / (1 - beta_2**t)`, `w -= lr * m_hat / (sqrt(v_hat) + epsilon)`.

    Args:
        learning_rate: float, schedule or callable; default 0.001.
        beta_1: float, decay of the first-moment estimate.
        beta_2: float, decay of the second-moment estimate.
        epsilon: float, added to `sqrt(v_hat)`.
        **kwargs: the base `Optimizer` arguments (weight_decay, clipnorm, ..., name).

    Example:
    >>> w = Variable(np.array([1.0]))
    >>> Nadam(learning_rate=0.1).apply([np.array([1.0])], [w])
    >>> round(float(w.value[0]), 4)   # the same as Keras 3
    0.8937
    """

    def __init__(self, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7, **kwargs):
        super().__init__(learning_rate=learning_rate, **kwargs)
        self.beta_1 = as_float(beta_1, "beta_1", "Nadam")
        self.beta_2 = as_float(beta_2, "beta_2", "Nadam")
        self.epsilon = as_float(epsilon, "epsilon", "Nadam")

    def build(self, var_list):
        if self.built:
            return
        dtype = var_list[0].dtype if var_list else None
        super().build(var_list)
        self._momentums, self._velocities = self.add_optimizer_variables(
            var_list, ["momentum", "velocity"])
        self._u_product = self.add_variable((), initializer=1.0, dtype=dtype, name="u_product")
        self._scratch2 = [np.empty_like(v.value) for v in var_list]
        self._scalars = self._make_scalars(
            lr=0.0, m_coefficient=0.0, g_coefficient=0.0, v_correction=1.0,
            one_minus_beta_1=1.0 - self.beta_1, one_minus_beta_2=1.0 - self.beta_2,
            epsilon=self.epsilon)

    def _momentum_schedule(self, t):
        return self.beta_1 * (1.0 - 0.5 * 0.96 ** t)

    def _backend_update_step(self, grads, variables, learning_rate):
        # The running product advances once per step, before the variables are updated.
        u_product = self._u_product.value
        u_product[()] = float(u_product) * self._momentum_schedule(self._step_count() + 1)
        super()._backend_update_step(grads, variables, learning_rate)

    def _prepare_step(self, learning_rate):
        t = self._step_count() + 1
        u_t, u_next = self._momentum_schedule(t), self._momentum_schedule(t + 1)
        u_product = float(self._u_product.value)
        for pack in self._scalar_packs:
            pack.lr[()] = learning_rate
            pack.m_coefficient[()] = u_next / (1.0 - u_product * u_next)
            pack.g_coefficient[()] = (1.0 - u_t) / (1.0 - u_product)
            pack.v_correction[()] = 1.0 - self.beta_2 ** t

    def _update(self, i, grad, value):
        k, s, t = self._scalars[i], self._scratch[i], self._scratch2[i]
        m, v = self._momentums[i].value, self._velocities[i].value
        update_moments(grad, m, v, k, s)
        multiply(m, k.m_coefficient, s)
        multiply(grad, k.g_coefficient, t)
        add(s, t, s)  # s = m_hat
        divide(v, k.v_correction, t)
        sqrt(t, t)
        add(t, k.epsilon, t)  # t = sqrt(v_hat) + epsilon
        divide(s, t, s)
        multiply(s, k.lr, s)
        subtract(value, s, value)

    def get_config(self):
        config = super().get_config()
        config.update({"beta_1": self.beta_1, "beta_2": self.beta_2, "epsilon": self.epsilon})
        return config
