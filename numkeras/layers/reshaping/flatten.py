"""Flatten: one feature axis per sample."""
import math

from numkeras.backend import math_ops
from numkeras.layers.layer import Layer


class Flatten(Layer):
    """Flattens every axis but the batch axis: `(batch, 28, 28)` -> `(batch, 784)`.

    >>> Flatten()(np.zeros((2, 28, 28))).shape
    (2, 784)
    """

    def __init__(self, data_format=None, **kwargs):
        super().__init__(**kwargs)
        self.data_format = data_format or "channels_last"

    def call(self, inputs):
        if self.data_format == "channels_first" and inputs.ndim > 2:
            inputs = math_ops.transpose(inputs, (0,) + tuple(range(2, inputs.ndim)) + (1,))
        return math_ops.reshape(inputs, (inputs.shape[0], -1))

    def compute_output_shape(self, input_shape):
        rest = input_shape[1:]
        size = None if any(d is None for d in rest) else math.prod(rest)
        return (input_shape[0], size)

    def get_config(self):
        return {**super().get_config(), "data_format": self.data_format}
