"""Adagrad: per-coordinate rates shrinking with the sum of squared gradients."""
from numpy import add, divide, multiply, sqrt, subtract

from numkeras.optimizers.arguments import as_float
from numkeras.optimizers.optimizer import Optimizer


class Adagrad(Optimizer):
    """Adagrad (Keras 3 defaults and update rule).

    `acc += g**2` (acc starts at `initial_accumulator_value`);
    `w -= lr * g / sqrt(acc + epsilon)`.

    Args:
        learning_rate: float, schedule or callable; default 0.001 (standalone Keras 2.2 used 0.01).
        initial_accumulator_value: float, the accumulators' starting value.
        epsilon: float, added to the accumulator before the sqrt.
        **kwargs: the base `Optimizer` arguments (weight_decay, clipnorm, ..., name).

    Example:
    >>> w = Variable(np.array([1.0]))
    >>> Adagrad(learning_rate=0.1).apply([np.array([1.0])], [w])
    >>> round(float(w.value[0]), 5)   # 1 - 0.1 * 1 / sqrt(0.1 + 1 + 1e-7)
    0.90465
    """

    def __init__(self, learning_rate=0.001, initial_accumulator_value=0.1, epsilon=1e-7, **kwargs):
        super().__init__(learning_rate=learning_rate, **kwargs)
        self.initial_accumulator_value = as_float(initial_accumulator_value,
                                                   "initial_accumulator_value", "Adagrad")
        self.epsilon = as_float(epsilon, "epsilon", "Adagrad")

    def build(self, var_list):
        if self.built:
            return
        super().build(var_list)
        self._accumulators = self.add_optimizer_variables(
            var_list, "accumulator", initializer=self.initial_accumulator_value)
        self._scalars = self._make_scalars(lr=0.0, epsilon=self.epsilon)

    _prepare_step = Optimizer._write_learning_rate

    def _update(self, i, grad, value):
        k, s, acc = self._scalars[i], self._scratch[i], self._accumulators[i].value
        multiply(grad, grad, s)
        add(acc, s, acc)  # acc += g**2
        add(acc, k.epsilon, s)
        sqrt(s, s)
        divide(grad, s, s)
        multiply(s, k.lr, s)
        subtract(value, s, value)  # w -= lr * g / sqrt(acc + epsilon)

    def get_config(self):
        config = super().get_config()
        config.update({"initial_accumulator_value": self.initial_accumulator_value,
                       "epsilon": self.epsilon})
        return config
