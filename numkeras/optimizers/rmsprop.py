"""RMSprop: divide the gradient by a running root mean square of recent gradients."""
from numpy import add, divide, multiply, sqrt, subtract

from numkeras.optimizers.accelerator import STATE as ACCELERATED
from numkeras.optimizers.accelerator import kernels_for
from numkeras.optimizers.arguments import as_float
from numkeras.optimizers.optimizer import Optimizer


class RMSprop(Optimizer):
    """RMSprop (Keras 3 defaults and update rule).

    `v = rho * v + (1 - rho) * g**2`, then `inc = lr * g / sqrt(v + epsilon)`
    (epsilon inside the sqrt, as Keras; PyTorch adds it outside). Centered:
    the denominator is `sqrt(v - a**2 + epsilon)` with the running mean gradient
    `a = rho * a + (1 - rho) * g`. With momentum: `mo = momentum * mo + inc;
    w -= mo`, else `w -= inc`.

    Args:
        learning_rate: float, schedule or callable; default 0.001.
        rho: float, discount of the running averages.
        momentum: float, momentum of the increments (0 disables it).
        epsilon: float, added to the mean square before the sqrt.
        centered: bool, normalise by the gradient's estimated variance.
        **kwargs: the base `Optimizer` arguments (weight_decay, clipnorm, ..., name).

    Example:
    >>> w = Variable(np.array([1.0]))
    >>> RMSprop(learning_rate=0.01).apply([np.array([2.0])], [w])
    >>> round(float(w.value[0]), 5)   # 1 - 0.01 * 2 / sqrt(0.1 * 4 + 1e-7)
    0.96838
    """

    def __init__(self, learning_rate=0.001, rho=0.9, momentum=0.0, epsilon=1e-7, centered=False,
                 **kwargs):
        super().__init__(learning_rate=learning_rate, **kwargs)
        self.rho = as_float(rho, "rho", "RMSprop")
        self.momentum = as_float(momentum, "momentum", "RMSprop")
        self.epsilon = as_float(epsilon, "epsilon", "RMSprop")
        self.centered = bool(centered)

    def build(self, var_list):
        if self.built:
            return
        super().build(var_list)
        self._velocities = self.add_optimizer_variables(var_list, "velocity")
        self._momentums = []
        if self.momentum > 0:
            self._momentums = self.add_optimizer_variables(var_list, "momentum")
        self._average_gradients = []
        if self.centered:
            self._average_gradients = self.add_optimizer_variables(var_list, "average_gradient")
        self._scalars = self._make_scalars(lr=0.0, rho=self.rho, one_minus_rho=1.0 - self.rho,
                                           epsilon=self.epsilon, momentum=self.momentum)

    _prepare_step = Optimizer._write_learning_rate

    def _update(self, i, grad, value):
        k, s, v = self._scalars[i], self._scratch[i], self._velocities[i].value
        kernels = None
        if value.size >= ACCELERATED.min_size and not self.centered:  # (a cheap test first)
            kernels = kernels_for(grad, value)
        if kernels is not None:
            if self._momentums:
                kernels.rmsprop_momentum(value.reshape(-1), v.reshape(-1),
                                         self._momentums[i].value.reshape(-1), grad.reshape(-1),
                                         k.lr[()], k.rho[()], k.one_minus_rho[()], k.epsilon[()],
                                         k.momentum[()])
            else:
                kernels.rmsprop(value.reshape(-1), v.reshape(-1), grad.reshape(-1), k.lr[()],
                                k.rho[()], k.one_minus_rho[()], k.epsilon[()])
            return
        add(self._accumulate(i, k, grad, s, v), k.epsilon, s)  # s = mean square + epsilon
        sqrt(s, s)
        divide(grad, s, s)
        multiply(s, k.lr, s)  # s = lr * g / sqrt(denominator)
        if self._momentums:
            mo = self._momentums[i].value
            multiply(mo, k.momentum, mo)
            add(mo, s, mo)
            subtract(value, mo, value)
        else:
            subtract(value, s, value)

    def _accumulate(self, i, k, grad, s, v):
        """Updates the running averages; returns the denominator's base: v, or v - a**2 in `s`."""
        multiply(v, k.rho, v)
        multiply(grad, grad, s)
        multiply(s, k.one_minus_rho, s)
        add(v, s, v)  # v = rho * v + (1 - rho) * g**2
        if self.centered:
            a = self._average_gradients[i].value
            multiply(a, k.rho, a)
            multiply(grad, k.one_minus_rho, s)
            add(a, s, a)  # a = rho * a + (1 - rho) * g
            multiply(a, a, s)
            subtract(v, s, s)  # v - a**2
            return s
        return v

    def get_config(self):
        config = super().get_config()
        config.update({"rho": self.rho, "momentum": self.momentum, "epsilon": self.epsilon,
                       "centered": self.centered})
        return config
