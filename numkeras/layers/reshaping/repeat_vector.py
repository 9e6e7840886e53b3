"""RepeatVector: repeats a vector n times along a new axis."""
from numkeras.backend import math_ops
from numkeras.layers.argument_checks import check_positive_int
from numkeras.layers.layer import Layer


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
