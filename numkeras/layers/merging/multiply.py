"""Multiply: the element-wise product of its inputs."""
import functools

from numkeras.backend import math_ops
from numkeras.layers.merging.base_merge import Merge


class Multiply(Merge):
    """Elementwise product of the inputs.

    >>> Multiply()([np.array([[2.0, 3.0]]), np.array([[4.0, 5.0]])]).numpy().tolist()
    [[8.0, 15.0]]
    """

    def _merge(self, inputs):
        return functools.reduce(math_ops.multiply, inputs)


def multiply(inputs, **kwargs):
    """`Multiply(**kwargs)(inputs)`: elementwise product."""
    return Multiply(**kwargs)(inputs)
