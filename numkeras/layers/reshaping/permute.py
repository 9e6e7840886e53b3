"""Permute: reorders the axes of each sample."""
from numkeras.backend import math_ops
from numkeras.layers.argument_checks import check_int
from numkeras.layers.layer import Layer


class Permute(Layer):
    """Reorders the non-batch axes: `dims` lists them (1-based) in their new order.

    Args:
        dims: a permutation of `1..rank-1`, e.g. `(2, 1)` swaps the two axes of each sample.

    Example:
    >>> Permute((2, 1))(np.zeros((4, 10, 64))).shape
    (4, 64, 10)
    """

    def __init__(self, dims, **kwargs):
        super().__init__(**kwargs)
        if not isinstance(dims, (list, tuple)):
            raise TypeError(f"Permute '{self.name}': `dims` must be a tuple of ints, got {dims!r}.")
        self.dims = tuple(check_int(d, "dims", self) for d in dims)
        if sorted(self.dims) != list(range(1, len(self.dims) + 1)):
            raise ValueError(f"Permute '{self.name}': `dims` must be a permutation of "
                             f"{tuple(range(1, len(self.dims) + 1))} (axis 0, the batch, stays put), "
                             f"got {self.dims}.")

    def build(self, input_shape):
        self._check_rank(len(input_shape), input_shape)
        self.built = True

    def _check_rank(self, rank, shape):
        if rank != len(self.dims) + 1:
            raise ValueError(f"Permute '{self.name}' with dims={self.dims} expects inputs of rank "
                             f"{len(self.dims) + 1}, got shape {tuple(shape)}.")

    def call(self, inputs):
        self._check_rank(inputs.ndim, inputs.shape)
        return math_ops.transpose(inputs, (0,) + self.dims)

    def compute_output_shape(self, input_shape):
        return (input_shape[0],) + tuple(input_shape[d] for d in self.dims)

    def get_config(self):
        return {**super().get_config(), "dims": list(self.dims)}
