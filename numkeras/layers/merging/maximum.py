"""Maximum: the element-wise maximum of its inputs."""
import functools

from numkeras.backend import math_ops
from numkeras.layers.merging.base_merge import Merge


class Maximum(Merge):
    """Elementwise maximum of the inputs (ties send the gradient to the earlier input).

    >>> Maximum()([np.array([[1.0, 5.0]]), np.array([[3.0, 2.0]])]).numpy().tolist()
    [[3.0, 5.0]]
    """

    def _merge(self, inputs):
        return functools.reduce(math_ops.maximum, inputs)


def maximum(inputs, **kwargs):
    """`Maximum(**kwargs)(inputs)`: elementwise maximum."""
    return Maximum(**kwargs)(inputs)
