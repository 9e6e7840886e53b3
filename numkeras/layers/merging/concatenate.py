"""Concatenate: joins its inputs along one axis."""
from numkeras.backend import math_ops
from numkeras.layers.argument_checks import check_int
from numkeras.layers.merging.base_merge import Merge


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


def concatenate(inputs, axis=-1, **kwargs):
    """`Concatenate(axis, **kwargs)(inputs)`: join along `axis`."""
    return Concatenate(axis=axis, **kwargs)(inputs)
