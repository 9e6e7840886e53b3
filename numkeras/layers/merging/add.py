"""Add: the element-wise sum of its inputs."""
import functools

from numkeras.backend import math_ops
from numkeras.layers.merging.base_merge import Merge


class Add(Merge):
    """Elementwise sum of the inputs.

    >>> Add()([np.array([[1.0, 2.0]]), np.array([[10.0, 20.0]])]).numpy().tolist()
    [[11.0, 22.0]]
    """

    def _merge(self, inputs):
        return functools.reduce(math_ops.add, inputs)


# --- functional forms -----------------------------------------------------------------
def add(inputs, **kwargs):
    """`Add(**kwargs)(inputs)`: elementwise sum of a list of tensors."""
    return Add(**kwargs)(inputs)
