"""Merging layers: combine a list of inputs into one (Add, Concatenate, Dot, ...).

Each takes a list of tensors, e.g. `Concatenate()([a, b])` in a functional model; the
lowercase functions (`concatenate([a, b])`) build the layer and call it in one go.
Elementwise merges broadcast like NumPy over the non-batch axes; an input of lower
rank gets new axes right after the batch axis, as in Keras.
"""
import functools
import math

from numkeras.backend import math_ops
from numkeras.layers.argument_checks import check_int
from numkeras.layers.layer import Layer


class Merge(Layer):
    """Base of the elementwise merges: input checks, rank alignment and output shape."""

    exact_inputs = None  # Subtract and Dot take exactly two inputs

    def _check_input_shapes(self, input_shape):
        if not isinstance(input_shape, (list, tuple)) or not input_shape or \
                not all(isinstance(s, (list, tuple)) for s in input_shape):
            raise ValueError(f"{type(self).__name__} '{self.name}' must be called on a list of "
                             f"inputs, got input shape {input_shape}.")
        if self.exact_inputs is not None and len(input_shape) != self.exact_inputs:
            raise ValueError(f"{type(self).__name__} '{self.name}' must be called on exactly "
                             f"{self.exact_inputs} inputs, got {len(input_shape)}.")
        batch_sizes = {s[0] for s in input_shape if s} - {None}
        if len(batch_sizes) > 1:
            raise ValueError(f"{type(self).__name__} '{self.name}' cannot merge inputs with different "
                             f"batch sizes: {[tuple(s) for s in input_shape]}.")

    def build(self, input_shape):
        self.compute_output_shape(input_shape)  # raises for incompatible shapes
        self.built = True

    def _check_inputs(self, inputs):
        if not isinstance(inputs, (list, tuple)):
            raise ValueError(f"{type(self).__name__} '{self.name}' must be called on a list of "
                             f"inputs, got a single {type(inputs).__name__}.")
        if len({x.shape[0] for x in inputs if x.ndim}) > 1:  # build saw the batch axis as None
            raise ValueError(f"{type(self).__name__} '{self.name}' cannot merge inputs with different "
                             f"batch sizes: {[tuple(x.shape) for x in inputs]}.")

    def call(self, inputs):
        self._check_inputs(inputs)
        ranks = [x.ndim for x in inputs]
        if len(set(ranks)) > 1:
            top = max(ranks)
            inputs = [x if x.ndim == top else math_ops.reshape(x, (x.shape[0],) + (1,) * (top - x.ndim)
                                                               + tuple(x.shape[1:]))
                      for x in inputs]
        return self._merge(list(inputs))

    def _merge(self, inputs):
        raise NotImplementedError

    def compute_output_shape(self, input_shape):
        self._check_input_shapes(input_shape)
        out = tuple(input_shape[0][1:])
        for shape in input_shape[1:]:
            out = self._broadcast_shapes(out, tuple(shape[1:]), input_shape)
        batch_sizes = {s[0] for s in input_shape if s} - {None}
        return (batch_sizes.pop() if batch_sizes else None,) + out

    def _broadcast_shapes(self, a, b, all_shapes):
        if len(a) < len(b):
            a, b = b, a
        b = (1,) * (len(a) - len(b)) + b
        out = []
        for i, j in zip(a, b):
            if i is None or j is None:
                out.append(None)  # unknown until run time, as in Keras
            elif i == 1 or j == 1 or i == j:
                out.append(j if i == 1 else i)
            else:
                raise ValueError(f"{type(self).__name__} '{self.name}' got inputs with incompatible "
                                 f"shapes {[tuple(s) for s in all_shapes]}: axes of sizes {i} and {j} "
                                 f"do not broadcast.")
        return tuple(out)

    def compute_mask(self, inputs, mask=None):
        return None


class Add(Merge):
    """Elementwise sum of the inputs.

    >>> Add()([np.array([[1.0, 2.0]]), np.array([[10.0, 20.0]])]).numpy().tolist()
    [[11.0, 22.0]]
    """

    def _merge(self, inputs):
        return functools.reduce(math_ops.add, inputs)


class Subtract(Merge):
    """`inputs[0] - inputs[1]` (exactly two inputs).

    >>> Subtract()([np.array([[5.0]]), np.array([[2.0]])]).numpy().tolist()
    [[3.0]]
    """

    exact_inputs = 2

    def _merge(self, inputs):
        return math_ops.subtract(inputs[0], inputs[1])


class Multiply(Merge):
    """Elementwise product of the inputs.

    >>> Multiply()([np.array([[2.0, 3.0]]), np.array([[4.0, 5.0]])]).numpy().tolist()
    [[8.0, 15.0]]
    """

    def _merge(self, inputs):
        return functools.reduce(math_ops.multiply, inputs)


class Average(Merge):
    """Elementwise mean of the inputs.

    >>> Average()([np.array([[1.0]]), np.array([[4.0]])]).numpy().tolist()
    [[2.5]]
    """

    def _merge(self, inputs):
        return math_ops.divide(functools.reduce(math_ops.add, inputs), float(len(inputs)))


class Maximum(Merge):
    """Elementwise maximum of the inputs (ties send the gradient to the earlier input).

    >>> Maximum()([np.array([[1.0, 5.0]]), np.array([[3.0, 2.0]])]).numpy().tolist()
    [[3.0, 5.0]]
    """

    def _merge(self, inputs):
        return functools.reduce(math_ops.maximum, inputs)


class Minimum(Merge):
    """Elementwise minimum of the inputs.

    >>> Minimum()([np.array([[1.0, 5.0]]), np.array([[3.0, 2.0]])]).numpy().tolist()
    [[1.0, 2.0]]
    """

    def _merge(self, inputs):
        return functools.reduce(math_ops.minimum, inputs)


class Concatenate(Merge):
    """Joins the inputs along `axis`; every other axis must match.

    Args:
        axis: int, the axis to join along (default -1).

    Example:
    >>> Concatenate()([np.zeros((2, 3)), np.ones((2, 1))]).shape
    (2, 4)
    """

    def __init__(self, axis=-1, **kwargs):
        super().__init__(**kwargs)
        self.axis = check_int(axis, "axis", self)

    def call(self, inputs):
        self._check_inputs(inputs)
        return math_ops.concatenate_values(*inputs, axis=self.axis)

    def compute_output_shape(self, input_shape):
        self._check_input_shapes(input_shape)
        shapes = [tuple(s) for s in input_shape]
        rank = len(shapes[0])
        if any(len(s) != rank for s in shapes) or not -rank <= self.axis < rank:
            raise ValueError(f"Concatenate '{self.name}' needs inputs of the same rank with axis="
                             f"{self.axis} inside it, got shapes {shapes}.")
        axis = self.axis % rank
        out = list(shapes[0])
        for d in range(rank):
            sizes = [s[d] for s in shapes]
            if d == axis:
                out[d] = None if None in sizes else sum(sizes)
                continue
            known = {n for n in sizes if n is not None}
            if len(known) > 1:
                raise ValueError(f"Concatenate '{self.name}' needs inputs whose shapes match except "
                                 f"on the concatenation axis ({self.axis}), got shapes {shapes}.")
            out[d] = known.pop() if known else None
        return tuple(out)

    def get_config(self):
        return {**super().get_config(), "axis": self.axis}


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


# --- functional forms -----------------------------------------------------------------
def add(inputs, **kwargs):
    """`Add(**kwargs)(inputs)`: elementwise sum of a list of tensors."""
    return Add(**kwargs)(inputs)


def subtract(inputs, **kwargs):
    """`Subtract(**kwargs)(inputs)`: `inputs[0] - inputs[1]`."""
    return Subtract(**kwargs)(inputs)


def multiply(inputs, **kwargs):
    """`Multiply(**kwargs)(inputs)`: elementwise product."""
    return Multiply(**kwargs)(inputs)


def average(inputs, **kwargs):
    """`Average(**kwargs)(inputs)`: elementwise mean."""
    return Average(**kwargs)(inputs)


def maximum(inputs, **kwargs):
    """`Maximum(**kwargs)(inputs)`: elementwise maximum."""
    return Maximum(**kwargs)(inputs)


def minimum(inputs, **kwargs):
    """`Minimum(**kwargs)(inputs)`: elementwise minimum."""
    return Minimum(**kwargs)(inputs)


def concatenate(inputs, axis=-1, **kwargs):
    """`Concatenate(axis, **kwargs)(inputs)`: join along `axis`."""
    return Concatenate(axis=axis, **kwargs)(inputs)


def dot(inputs, axes=-1, **kwargs):
    """`Dot(axes, **kwargs)(inputs)`: samplewise dot product along `axes`."""
    return Dot(axes=axes, **kwargs)(inputs)
