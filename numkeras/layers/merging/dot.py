"""Dot: the dot product of two inputs along given axes."""
import math

from numkeras.backend import math_ops
from numkeras.layers.argument_checks import check_int
from numkeras.layers.merging.base_merge import Merge


class Dot(Merge):
    """Dot product of two inputs along one axis of each, sample by sample.

    Args:
        axes: int, or a pair `(axis_of_first, axis_of_second)`; never the batch axis 0.
        normalize: if True, L2-normalize both along those axes first (cosine similarity).

    Output shape: the first input's shape without its axis, then the second's without its
    batch axis and its axis; `(batch, 1)` when nothing else remains.

    Example:
    >>> Dot(axes=1)([np.array([[1.0, 2.0]]), np.array([[3.0, 4.0]])]).numpy().tolist()
    [[11.0]]
    """

    exact_inputs = 2

    def __init__(self, axes, normalize=False, **kwargs):
        super().__init__(**kwargs)
        if isinstance(axes, (list, tuple)):
            if len(axes) != 2:
                raise ValueError(f"Dot '{self.name}': `axes` must be an int or a pair of ints, got "
                                 f"{axes!r}.")
            axes = [check_int(a, "axes", self) for a in axes]
        else:
            axes = check_int(axes, "axes", self)
        self.axes = axes
        self.normalize = bool(normalize)

    def _pair(self, rank1, rank2):
        pair = self.axes if isinstance(self.axes, list) else [self.axes, self.axes]
        out = []
        for axis, rank in zip(pair, (rank1, rank2)):
            if not -rank <= axis < rank or axis % rank == 0:
                raise ValueError(f"Dot '{self.name}': axes={self.axes} must name a non-batch axis "
                                 f"of inputs of rank {rank1} and {rank2}.")
            out.append(axis % rank)
        return out

    def compute_output_shape(self, input_shape):
        self._check_input_shapes(input_shape)
        shape1, shape2 = list(input_shape[0]), list(input_shape[1])
        a1, a2 = self._pair(len(shape1), len(shape2))
        if shape1[a1] is not None and shape2[a2] is not None and shape1[a1] != shape2[a2]:
            raise ValueError(f"Dot '{self.name}': axis {a1} of the first input has size {shape1[a1]} "
                             f"but axis {a2} of the second has size {shape2[a2]} (shapes "
                             f"{tuple(shape1)} and {tuple(shape2)}).")
        out = shape1[:a1] + shape1[a1 + 1:] + shape2[1:a2] + shape2[a2 + 1:]
        return tuple(out + [1] if len(out) == 1 else out)

    def _merge(self, inputs):
        x, y = inputs
        a1, a2 = self._pair(x.ndim, y.ndim)
        if self.normalize:
            x, y = _l2_normalize(x, a1), _l2_normalize(y, a2)
        # Bring the summed axis of x last and that of y right after the batch, flatten the rest:
        # one batched matmul (b, P, n) @ (b, n, Q).
        x = math_ops.transpose(x, tuple(d for d in range(x.ndim) if d != a1) + (a1,))
        y = math_ops.transpose(y, (0, a2) + tuple(d for d in range(1, y.ndim) if d != a2))
        x_rest, y_rest = tuple(x.shape[1:-1]), tuple(y.shape[2:])
        batch, n = x.shape[0], x.shape[-1]
        x = math_ops.reshape(x, (batch, math.prod(x_rest), n))
        y = math_ops.reshape(y, (batch, n, math.prod(y_rest)))
        out_shape = (batch,) + x_rest + y_rest
        return math_ops.reshape(math_ops.matmul(x, y), out_shape if len(out_shape) > 1 else (batch, 1))

    def get_config(self):
        return {**super().get_config(), "axes": self.axes, "normalize": self.normalize}


def _l2_normalize(x, axis, epsilon=1e-7):
    """`x / max(||x||, epsilon)`, written so a zero vector gets a zero (not NaN) gradient."""
    squares = math_ops.sum(math_ops.square(x), axis=axis, keepdims=True)
    return math_ops.divide(x, math_ops.sqrt(math_ops.maximum(squares, epsilon * epsilon)))


def dot(inputs, axes=-1, **kwargs):
    """`Dot(axes, **kwargs)(inputs)`: samplewise dot product along `axes`."""
    return Dot(axes=axes, **kwargs)(inputs)
