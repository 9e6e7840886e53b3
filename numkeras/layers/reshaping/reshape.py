"""Reshape: a new shape for each sample."""
import math

from numkeras.backend import math_ops
from numkeras.layers.layer import Layer


class Reshape(Layer):
    """Reshapes every sample to `target_shape` (one entry may be -1).

    >>> Reshape((2, 3))(np.zeros((4, 6))).shape
    (4, 2, 3)
    """

    def __init__(self, target_shape, **kwargs):
        super().__init__(**kwargs)
        self.target_shape = tuple(int(d) for d in target_shape)
        if sum(d == -1 for d in self.target_shape) > 1:
            raise ValueError(f"Reshape '{self.name}': at most one entry of `target_shape` may be -1, "
                             f"got {self.target_shape}.")

    def build(self, input_shape):
        self._check(input_shape)
        self.built = True

    def _check(self, input_shape):
        rest = input_shape[1:]
        if any(d is None for d in rest):
            return
        size, known = math.prod(rest), math.prod(d for d in self.target_shape if d != -1)
        bad = size % known if -1 in self.target_shape else size != known
        if bad:
            raise ValueError(f"Reshape '{self.name}': cannot reshape samples of shape {tuple(rest)} "
                             f"({size} values) to {self.target_shape}.")

    def call(self, inputs):
        return math_ops.reshape(inputs, (inputs.shape[0],) + self.target_shape)

    def compute_output_shape(self, input_shape):
        rest = input_shape[1:]
        shape = list(self.target_shape)
        if -1 in shape and not any(d is None for d in rest):
            shape[shape.index(-1)] = math.prod(rest) // math.prod(d for d in shape if d != -1)
        elif -1 in shape:
            shape[shape.index(-1)] = None
        return (input_shape[0],) + tuple(shape)

    def get_config(self):
        return {**super().get_config(), "target_shape": list(self.target_shape)}
