"""Minimum: the element-wise minimum of its inputs."""
import functools

from numkeras.backend import math_ops
from numkeras.layers.merging.base_merge import Merge


class Minimum(Merge):
    """Elementwise minimum of the inputs.

    >>> Minimum()([np.array([[1.0, 5.0]]), np.array([[3.0, 2.0]])]).numpy().tolist()
    [[1.0, 2.0]]
    """

    def _merge(self, inputs):
        return functools.reduce(math_ops.minimum, inputs)


def minimum(inputs, **kwargs):
    """`Minimum(**kwargs)(inputs)`: elementwise minimum."""
    return Minimum(**kwargs)(inputs)
