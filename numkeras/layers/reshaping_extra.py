"""More reshaping layers: Permute (reorder axes), RepeatVector (repeat a vector n times)."""
from numkeras.backend import math_ops
from numkeras.layers.argument_checks import check_int, check_positive_int
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


class RepeatVector(Layer):
    """Repeats each input vector `n` times: `(batch, features)` -> `(batch, n, features)`.

    Args:
        n: positive int.

    Example:
    >>> RepeatVector(3)(np.array([[1.0, 2.0]])).numpy().tolist()
    [[[1.0, 2.0], [1.0, 2.0], [1.0, 2.0]]]
    """

    def __init__(self, n, **kwargs):
        super().__init__(**kwargs)
        self.n = check_positive_int(n, "n", self)

    def build(self, input_shape):
        self._check_rank(input_shape)
        self.built = True

    def _check_rank(self, shape):
        if len(shape) != 2:
            raise ValueError(f"RepeatVector '{self.name}' expects 2-D inputs (batch, features), got "
                             f"shape {tuple(shape)}.")

    def call(self, inputs):
        self._check_rank(inputs.shape)
        batch, features = inputs.shape
        # A broadcast view: the engine sums the gradient back over the n copies.
        return math_ops.broadcast_to(math_ops.expand_dims(inputs, 1), (batch, self.n, features))

    def compute_output_shape(self, input_shape):
        return (input_shape[0], self.n, input_shape[1])

    def get_config(self):
        return {**super().get_config(), "n": self.n}
