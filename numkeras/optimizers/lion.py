"""Lion: sign-of-momentum updates (Chen et al. 2023, "Symbolic Discovery of Optimization Algorithms")."""
import numpy as np
from numpy import add, multiply, sign, subtract

from numkeras.optimizers.arguments import as_float
from numkeras.optimizers.optimizer import Optimizer


class Lion(Optimizer):
    """Lion (Keras 3 defaults and update rule).

    `w -= lr * sign(beta_1 * m + (1 - beta_1) * g)`, then
    `m = beta_2 * m + (1 - beta_2) * g`. Every entry moves by exactly `lr`
    (or 0), so Lion wants a learning rate 3-10x smaller than Adam's.

    Args:
        learning_rate: float, schedule or callable; default 0.001.
        beta_1: float in (0, 1], weight of the momentum in the update's sign.
        beta_2: float, decay of the momentum.
        **kwargs: the base `Optimizer` arguments (weight_decay, clipnorm, ..., name).

    Example:
    >>> w = Variable(np.array([1.0, 1.0]))
    >>> Lion(learning_rate=0.1).apply([np.array([0.5, -3.0])], [w])
    >>> [round(x, 4) for x in w.numpy().tolist()]
    [0.9, 1.1]
    """

    def __init__(self, learning_rate=0.001, beta_1=0.9, beta_2=0.99, **kwargs):
        super().__init__(learning_rate=learning_rate, **kwargs)
        self.beta_1 = as_float(beta_1, "beta_1", "Lion")
        self.beta_2 = as_float(beta_2, "beta_2", "Lion")
        if not 0.0 < self.beta_1 <= 1.0:
            raise ValueError("Lion: argument `beta_1` must be in the (0, 1] range. Otherwise, the "
                             f"optimizer degenerates to SignSGD. Received: beta_1={beta_1}.")

    def build(self, var_list):
        if self.built:
            return
        super().build(var_list)
        self._momentums = self.add_optimizer_variables(var_list, "momentum")
        self._scratch2 = [np.empty_like(v.value) for v in var_list]
        self._scalars = self._make_scalars(lr=0.0, beta_1=self.beta_1, one_minus_beta_1=1.0 - self.beta_1,
                                           beta_2=self.beta_2, one_minus_beta_2=1.0 - self.beta_2)

    _prepare_step = Optimizer._write_learning_rate

    def _update(self, i, grad, value):
        k, s, t, m = self._scalars[i], self._scratch[i], self._scratch2[i], self._momentums[i].value
        multiply(m, k.beta_1, s)
        multiply(grad, k.one_minus_beta_1, t)
        add(s, t, s)
        sign(s, s)
        multiply(s, k.lr, s)
        subtract(value, s, value)  # w -= lr * sign(beta_1 * m + (1 - beta_1) * g)
        multiply(m, k.beta_2, m)
        multiply(grad, k.one_minus_beta_2, t)
        add(m, t, m)  # m = beta_2 * m + (1 - beta_2) * g

    def get_config(self):
        config = super().get_config()
        config.update({"beta_1": self.beta_1, "beta_2": self.beta_2})
        return config
