"""LeakyReLU: `x` for positive inputs, `negative_slope * x` otherwise."""
import warnings

from numkeras.backend import nn_ops
from numkeras.layers.activations.activation import _ElementwiseActivation
from numkeras.layers.argument_checks import check_number


class LeakyReLU(_ElementwiseActivation):
    """`x` for `x >= 0`, `negative_slope * x` below.

    Args:
        negative_slope: non-negative float (default 0.3). Keras 2's name `alpha` is accepted
            with a DeprecationWarning.

    Example:
    >>> LeakyReLU()(np.array([[-10.0, 2.0]])).numpy().round(4).tolist()
    [[-3.0, 2.0]]
    """

    def __init__(self, negative_slope=0.3, **kwargs):
        if "alpha" in kwargs:
            negative_slope = kwargs.pop("alpha")
            warnings.warn("LeakyReLU: argument `alpha` is deprecated; use `negative_slope`.",
                          DeprecationWarning, stacklevel=2)
        super().__init__(**kwargs)
        self.negative_slope = check_number(negative_slope, "negative_slope", self, 0.0)

    def call(self, inputs):
        return nn_ops.leaky_relu(inputs, negative_slope=self.negative_slope)

    def get_config(self):
        return {**super().get_config(), "negative_slope": self.negative_slope}
