"""ELU as a layer."""
from numkeras.backend import nn_ops
from numkeras.layers.activations.activation import _ElementwiseActivation
from numkeras.layers.argument_checks import check_number


class ELU(_ElementwiseActivation):
    """`x` for `x > 0`, `alpha * (exp(x) - 1)` below.

    Args:
        alpha: float, the value approached for very negative x is `-alpha` (default 1.0).

    Example:
    >>> ELU()(np.array([[0.0, 2.0]])).numpy().tolist()
    [[0.0, 2.0]]
    """

    def __init__(self, alpha=1.0, **kwargs):
        super().__init__(**kwargs)
        self.alpha = check_number(alpha, "alpha", self)

    def call(self, inputs):
        return nn_ops.elu(inputs, alpha=self.alpha)

    def get_config(self):
        return {**super().get_config(), "alpha": self.alpha}
