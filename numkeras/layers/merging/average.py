"""Average: the element-wise mean of its inputs."""
import functools

from numkeras.backend import math_ops
from numkeras.layers.merging.base_merge import Merge


class Average(Merge):
    """Elementwise mean of the inputs.

    >>> Average()([np.array([[1.0]]), np.array([[4.0]])]).numpy().tolist()
    [[2.5]]
    """

    def _merge(self, inputs):
        return math_ops.divide(functools.reduce(math_ops.add, inputs), float(len(inputs)))


def average(inputs, **kwargs):
    """`Average(**kwargs)(inputs)`: elementwise mean."""
    return Average(**kwargs)(inputs)
