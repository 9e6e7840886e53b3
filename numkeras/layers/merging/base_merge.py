"""Merging layers: combine a list of inputs into one (Add, Concatenate, Dot, ...).

Each takes a list of tensors, e.g. `Concatenate()([a, b])` in a functional model; the
lowercase functions (`concatenate([a, b])`) build the layer and call it in one go.
Elementwise merges broadcast like NumPy over the non-batch axes; an input of lower
rank gets new axes right after the batch axis, as in Keras."""
from numkeras.backend import math_ops
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
