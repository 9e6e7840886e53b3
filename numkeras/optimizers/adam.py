"""Adam: adaptive moment estimation."""
import math

from numpy import add, divide, maximum, multiply, sqrt, subtract

from numkeras.optimizers.accelerator import STATE as ACCELERATED
from numkeras.optimizers.accelerator import kernels_for
from numkeras.optimizers.arguments import as_float
from numkeras.optimizers.optimizer import Optimizer


class Adam(Optimizer):
    """Adam (Keras 3 defaults and update rule).

    `m += (g - m) * (1 - beta_1)`; `v += (g**2 - v) * (1 - beta_2)`;
    `alpha = lr * sqrt(1 - beta_2**t) / (1 - beta_1**t)` with `t = iterations + 1`;
    `w -= alpha * m / (sqrt(v) + epsilon)`. Keras folds the bias corrections
    into `alpha`, so epsilon is not bias-corrected (the paper and PyTorch add
    it to `sqrt(v_hat)`; PyTorch's default epsilon is also 1e-8, not 1e-7).
    With `amsgrad=True`, `v_hat = max(v_hat, v)` replaces `v` in the last step.

    Args:
        learning_rate: float, schedule or callable; default 0.001.
        beta_1: float, decay of the first-moment estimate.
        beta_2: float, decay of the second-moment estimate.
        epsilon: float, added to `sqrt(v)`.
        amsgrad: bool, use the AMSGrad variant.
        **kwargs: the base `Optimizer` arguments (weight_decay, clipnorm, ..., name).

    Example:
    >>> w = Variable(np.array([1.0]))
    >>> Adam(learning_rate=0.1).apply([np.array([3.0])], [w])
    >>> round(float(w.value[0]), 5)   # the first step moves every entry by ~lr
    0.9
    """

    def __init__(self, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7, amsgrad=False,
                 **kwargs):
        super().__init__(learning_rate=learning_rate, **kwargs)
        owner = type(self).__name__
        self.beta_1 = as_float(beta_1, "beta_1", owner)
        self.beta_2 = as_float(beta_2, "beta_2", owner)
        self.epsilon = as_float(epsilon, "epsilon", owner)
        self.amsgrad = bool(amsgrad)

    def build(self, var_list):
        if self.built:
            return
        super().build(var_list)
        self._momentums, self._velocities = self.add_optimizer_variables(
            var_list, ["momentum", "velocity"])
        self._velocity_hats = []
        if self.amsgrad:
            self._velocity_hats = self.add_optimizer_variables(var_list, "velocity_hat")
        self._scalars = self._make_scalars(alpha=0.0, one_minus_beta_1=1.0 - self.beta_1,
                                           one_minus_beta_2=1.0 - self.beta_2, epsilon=self.epsilon)

    def _prepare_step(self, learning_rate):
        t = self._step_count() + 1
        alpha = learning_rate * math.sqrt(1.0 - self.beta_2 ** t) / (1.0 - self.beta_1 ** t)
        for pack in self._scalar_packs:
            pack.alpha[()] = alpha

    def _update(self, i, grad, value):
        k, s = self._scalars[i], self._scratch[i]
        m, v = self._momentums[i].value, self._velocities[i].value
        kernels = None
        if value.size >= ACCELERATED.min_size and not self.amsgrad:  # (a cheap test first)
            kernels = kernels_for(grad, value)
        if kernels is not None:
            kernels.adam(value.reshape(-1), m.reshape(-1), v.reshape(-1), grad.reshape(-1),
                         k.alpha[()], k.one_minus_beta_1[()], k.one_minus_beta_2[()],
                         k.epsilon[()])
            return
        update_moments(grad, m, v, k, s)
        if self.amsgrad:
            v_hat = self._velocity_hats[i].value
            maximum(v_hat, v, out=v_hat)
            v = v_hat
        sqrt(v, s)
        add(s, k.epsilon, s)
        divide(m, s, s)
        multiply(s, k.alpha, s)
        subtract(value, s, value)  # w -= alpha * m / (sqrt(v) + epsilon)

    def get_config(self):
        config = super().get_config()
        config.update({"beta_1": self.beta_1, "beta_2": self.beta_2, "epsilon": self.epsilon,
                       "amsgrad": self.amsgrad})
        return config


def update_moments(grad, m, v, scalars, scratch):
    """Adam's moment estimates, in place: `m` and `v` move towards `g` and `g**2` (Nadam too)."""
    subtract(grad, m, scratch)
    multiply(scratch, scalars.one_minus_beta_1, scratch)
    add(m, scratch, m)  # m += (g - m) * (1 - beta_1)
    multiply(grad, grad, scratch)
    subtract(scratch, v, scratch)
    multiply(scratch, scalars.one_minus_beta_2, scratch)
    add(v, scratch, v)  # v += (g**2 - v) * (1 - beta_2)
