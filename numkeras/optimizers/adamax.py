"""Adamax: Adam with the infinity norm in place of the second moment."""
from numpy import absolute, add, divide, maximum, multiply, subtract

from numkeras.optimizers.arguments import as_float
from numkeras.optimizers.optimizer import Optimizer


class Adamax(Optimizer):
    """Adamax (Keras 3 defaults and update rule).

    `m += (g - m) * (1 - beta_1)`; `u = max(beta_2 * u, |g|)`;
    `w -= lr * m / ((1 - beta_1**t) * (u + epsilon))` with `t = iterations + 1`.

    Args:
        learning_rate: float, schedule or callable; default 0.001.
        beta_1: float, decay of the first-moment estimate.
        beta_2: float, decay of the infinity norm.
        epsilon: float, added to `u`.
        **kwargs: the base `Optimizer` arguments (weight_decay, clipnorm, ..., name).

    Example:
    >>> w = Variable(np.array([1.0]))
    >>> Adamax(learning_rate=0.1).apply([np.array([2.0])], [w])
    >>> round(float(w.value[0]), 5)   # 1 - 0.1 * 0.2 / (0.1 * 2)
    0.9
    """

    def __init__(self, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7, **kwargs):
        super().__init__(learning_rate=learning_rate, **kwargs)
        self.beta_1 = as_float(beta_1, "beta_1", "Adamax")
        self.beta_2 = as_float(beta_2, "beta_2", "Adamax")
        self.epsilon = as_float(epsilon, "epsilon", "Adamax")

    def build(self, var_list):
        if self.built:
            return
        super().build(var_list)
        self._m, self._u = self.add_optimizer_variables(var_list, ["momentum", "norm"])
        self._scalars = self._make_scalars(lr=0.0, bias_correction=1.0, beta_2=self.beta_2,
                                           one_minus_beta_1=1.0 - self.beta_1, epsilon=self.epsilon)

    def _prepare_step(self, learning_rate):
        correction = 1.0 - self.beta_1 ** (self._step_count() + 1)
        for pack in self._scalar_packs:
            pack.lr[()] = learning_rate
            pack.bias_correction[()] = correction

    def _update(self, i, grad, value):
        k, s, m, u = self._scalars[i], self._scratch[i], self._m[i].value, self._u[i].value
        subtract(grad, m, s)
        multiply(s, k.one_minus_beta_1, s)
        add(m, s, m)  # m += (g - m) * (1 - beta_1)
        multiply(u, k.beta_2, u)
        absolute(grad, s)
        maximum(u, s, out=u)  # u = max(beta_2 * u, |g|)
        add(u, k.epsilon, s)
        multiply(s, k.bias_correction, s)
        divide(m, s, s)
        multiply(s, k.lr, s)
        subtract(value, s, value)  # w -= lr * m / ((1 - beta_1**t) * (u + epsilon))

    def get_config(self):
        config = super().get_config()
        config.update({"beta_1": self.beta_1, "beta_2": self.beta_2, "epsilon": self.epsilon})
        return config
