"""Subtract: the first input minus the second."""
from numkeras.backend import math_ops
from numkeras.layers.merging.base_merge import Merge


class Subtract(Merge):
    """`inputs[0] - inputs[1]` (exactly two inputs).

    >>> Subtract()([np.array([[5.0]]), np.array([[2.0]])]).numpy().tolist()
    [[3.0]]
    """

    exact_inputs = 2

    def _merge(self, inputs):
        return math_ops.subtract(inputs[0], inputs[1])


def subtract(inputs, **kwargs):
    """`Subtract(**kwargs)(inputs)`: `inputs[0] - inputs[1]`."""
    return Subtract(**kwargs)(inputs)
