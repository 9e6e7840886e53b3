"""Stochastic gradient descent, with optional (Nesterov) momentum."""
from numpy import add, multiply, subtract

from numkeras.optimizers.accelerator import STATE as ACCELERATED
from numkeras.optimizers.accelerator import kernels_for
from numkeras.optimizers.arguments import as_float
from numkeras.optimizers.optimizer import Optimizer


class SGD(Optimizer):
    """Gradient descent with optional momentum (Keras 3 defaults and update rule).

    Without momentum: `w -= lr * g`. With momentum, velocity
    `m = momentum * m - lr * g`, then `w += m`, or with `nesterov=True`
    `w += momentum * m - lr * g` (using the new `m`).

    Args:
        learning_rate: float, schedule or callable; default 0.01.
        momentum: float in [0, 1]; 0 means plain gradient descent.
        nesterov: bool, use Nesterov momentum.
        **kwargs: the base `Optimizer` arguments (weight_decay, clipnorm, ..., name).

    Example:
    >>> w = Variable(np.array([1.0]))
    >>> opt = SGD(learning_rate=0.1, momentum=0.9)
    >>> for _ in range(2): opt.apply([np.array([1.0])], [w])
    >>> round(float(w.value[0]), 4)   # 1 - 0.1 - (0.9 * 0.1 + 0.1)
    0.71
    """

    def __init__(self, learning_rate=0.01, momentum=0.0, nesterov=False, **kwargs):
        super().__init__(learning_rate=learning_rate, **kwargs)
        self.momentum = as_float(momentum, "momentum", "SGD")
        if not 0.0 <= self.momentum <= 1.0:
            raise ValueError(f"SGD: `momentum` must be a float between [0, 1], got {momentum!r}.")
        self.nesterov = bool(nesterov)

    def build(self, variables):
        if self.built:
            return
        super().build(variables)
        self.momentums = []
        if self.momentum != 0:
            self.momentums = self.add_optimizer_variables(variables, "momentum")
        self._scalars = self._make_scalars(lr=0.0, momentum=self.momentum)

    _prepare_step = Optimizer._write_learning_rate

    def _update(self, i, grad, value):
        k, s = self._scalars[i], self._scratch[i]
        kernels = kernels_for(grad, value) if value.size >= ACCELERATED.min_size else None
        if not self.momentums:
            if kernels is not None:
                kernels.sgd(value.reshape(-1), grad.reshape(-1), k.lr[()])
                return
            multiply(grad, k.lr, s)
            subtract(value, s, value)
            return
        m = self.momentums[i].value
        if kernels is not None:
            kernels.sgd_momentum(value.reshape(-1), m.reshape(-1), grad.reshape(-1), k.lr[()],
                                 k.momentum[()], self.nesterov)
            return
        multiply(m, k.momentum, m)
        multiply(grad, k.lr, s)
        subtract(m, s, m)  # m = momentum * m - lr * g
        if self.nesterov:
            # w += momentum * m - lr * g, with s still holding lr * g
            subtract(value, s, value)
            multiply(m, k.momentum, s)
            add(value, s, value)
        else:
            add(value, m, value)

    def get_config(self):
        config = super().get_config()
        config.update({"momentum": self.momentum, "nesterov": self.nesterov})
        return config
