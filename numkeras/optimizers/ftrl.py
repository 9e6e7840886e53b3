"""FTRL-proximal ("Follow The Regularized Leader", McMahan et al. 2013)."""
import numpy as np

from numkeras.optimizers.arguments import as_float
from numkeras.optimizers.optimizer import Optimizer


class Ftrl(Optimizer):
    """FTRL-proximal with L1/L2 and L2-shrinkage regularization (Keras 3 update rule).

    With `p = -learning_rate_power`: `n' = n + g**2`;
    `z += g + 2 * l2_shrinkage * w - (n'**p - n**p) / lr * w`;
    `w = (clip(z, -l1, l1) - z) / (n'**p / lr + 2 * (l2 + beta / (2 * lr)))`; `n = n'`.
    Not on a hot path, so written with temporaries for readability.

    Args:
        learning_rate: float, schedule or callable; default 0.001.
        learning_rate_power: float <= 0, the power of the per-coordinate rate.
        initial_accumulator_value: float >= 0, the accumulators' starting value.
        l1_regularization_strength: float >= 0.
        l2_regularization_strength: float >= 0.
        l2_shrinkage_regularization_strength: float >= 0, an L2 penalty on the gradient's direction.
        beta: float, as in the paper (added to the L2 strength as `beta / (2 * lr)`).
        **kwargs: the base `Optimizer` arguments (weight_decay, clipnorm, ..., name).

    Example:
    >>> w = Variable(np.array([0.0]))
    >>> Ftrl(learning_rate=0.1).apply([np.array([1.0])], [w])
    >>> round(float(w.value[0]), 5)   # -z / (sqrt(1.1) / 0.1) with z = 1
    -0.09535
    """

    def __init__(self, learning_rate=0.001, learning_rate_power=-0.5, initial_accumulator_value=0.1,
                 l1_regularization_strength=0.0, l2_regularization_strength=0.0,
                 l2_shrinkage_regularization_strength=0.0, beta=0.0, **kwargs):
        super().__init__(learning_rate=learning_rate, **kwargs)
        checks = {"initial_accumulator_value": initial_accumulator_value,
                  "l1_regularization_strength": l1_regularization_strength,
                  "l2_regularization_strength": l2_regularization_strength,
                  "l2_shrinkage_regularization_strength": l2_shrinkage_regularization_strength}
        for name, value in checks.items():
            if as_float(value, name, "Ftrl") < 0.0:
                raise ValueError(f"Ftrl: `{name}` needs to be positive or zero. Received: {name}={value}.")
        if as_float(learning_rate_power, "learning_rate_power", "Ftrl") > 0.0:
            raise ValueError("Ftrl: `learning_rate_power` needs to be negative or zero. Received: "
                             f"learning_rate_power={learning_rate_power}.")
        self.learning_rate_power = float(learning_rate_power)
        self.initial_accumulator_value = float(initial_accumulator_value)
        self.l1_regularization_strength = float(l1_regularization_strength)
        self.l2_regularization_strength = float(l2_regularization_strength)
        self.l2_shrinkage_regularization_strength = float(l2_shrinkage_regularization_strength)
        self.beta = as_float(beta, "beta", "Ftrl")

    def build(self, var_list):
        if self.built:
            return
        super().build(var_list)
        self._accumulators, self._linears = self.add_optimizer_variables(
            var_list, ["accumulator", "linear"], initializer=[self.initial_accumulator_value, "zeros"])

    def _prepare_step(self, learning_rate):
        self._lr = learning_rate

    def _update(self, i, grad, value):
        lr, power = self._lr, -self.learning_rate_power
        dtype = value.dtype.type
        accum, linear = self._accumulators[i].value, self._linears[i].value
        l1 = self.l1_regularization_strength
        l2 = self.l2_regularization_strength + self.beta / (2.0 * lr)
        new_accum = accum + grad * grad
        grad_to_use = grad + dtype(2.0 * self.l2_shrinkage_regularization_strength) * value
        linear += grad_to_use - (new_accum ** dtype(power) - accum ** dtype(power)) / dtype(lr) * value
        quadratic = new_accum ** dtype(power) / dtype(lr) + dtype(2.0 * l2)
        value[...] = (np.clip(linear, -l1, l1) - linear) / quadratic
        accum[...] = new_accum

    def get_config(self):
        config = super().get_config()
        config.update({
            "learning_rate_power": self.learning_rate_power,
            "initial_accumulator_value": self.initial_accumulator_value,
            "l1_regularization_strength": self.l1_regularization_strength,
            "l2_regularization_strength": self.l2_regularization_strength,
            "l2_shrinkage_regularization_strength": self.l2_shrinkage_regularization_strength,
            "beta": self.beta})
        return config
