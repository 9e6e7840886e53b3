"""StackedRNNCells: several cells run as one, each feeding its output to the next."""
from numkeras.backend.object_registration import deserialize_object, serialize_object
from numkeras.layers.layer import Layer


def _sizes(cell):
    size = cell.state_size
    return list(size) if isinstance(size, (list, tuple)) else [size]


class StackedRNNCells(Layer):
    """Wraps a list of cells so that an `RNN` runs them as one deep cell.

    The states are the cells' states, one after the other (flat: an LSTMCell contributes h and
    c). The output is the last cell's output.

    Example:
    >>> from numkeras.layers import RNN, LSTMCell, GRUCell
    >>> RNN(StackedRNNCells([LSTMCell(4), GRUCell(2)]))(np.ones((3, 5, 6), "float32")).shape
    (3, 2)
    """

    def __init__(self, cells, **kwargs):
        super().__init__(**kwargs)
        for cell in cells:
            if not hasattr(cell, "call") or getattr(cell, "state_size", None) is None:
                raise ValueError(f"StackedRNNCells '{self.name}': every cell needs a `call` "
                                 f"method and a `state_size`; got {cell!r}.")
        self.cells = list(cells)

    @property
    def state_size(self):
        return [s for cell in self.cells for s in _sizes(cell)]

    @property
    def output_size(self):
        last = self.cells[-1]
        return getattr(last, "output_size", None) or _sizes(last)[0]

    @property
    def output_state_index(self):
        """Where the last cell's states start in the flat list (its first state is its output)."""
        return sum(len(_sizes(cell)) for cell in self.cells[:-1])

    def build(self, input_shape):
        shape = tuple(input_shape)
        for cell in self.cells:
            if isinstance(cell, Layer) and not cell.built:
                cell._maybe_build(shape)
            size = getattr(cell, "output_size", None) or _sizes(cell)[0]
            shape = shape[:-1] + (size,)
        self.built = True

    def get_initial_state(self, batch_size=None):
        from numkeras import ops

        states = []
        for cell in self.cells:
            fn = getattr(cell, "get_initial_state", None)
            if fn is not None:
                got = fn(batch_size=batch_size)
                states.extend(got if isinstance(got, (list, tuple)) else [got])
            else:
                states.extend(ops.zeros((batch_size, s), dtype=self.dtype) for s in _sizes(cell))
        return states

    def call(self, inputs, states, training=False):
        new_states, start = [], 0
        for cell in self.cells:
            count = len(_sizes(cell))
            own = list(states[start:start + count])
            start += count
            kwargs = {"training": training} if getattr(cell, "_call_accepts", {}).get("training") else {}
            inputs, produced = cell(inputs, own, **kwargs)
            new_states.extend(produced if isinstance(produced, (list, tuple)) else [produced])
        return inputs, new_states

    def reset_dropout_mask(self):
        for cell in self.cells:
            if hasattr(cell, "reset_dropout_mask"):
                cell.reset_dropout_mask()

    def reset_recurrent_dropout_mask(self):
        for cell in self.cells:
            if hasattr(cell, "reset_recurrent_dropout_mask"):
                cell.reset_recurrent_dropout_mask()

    def get_config(self):
        return {**super().get_config(), "cells": [serialize_object(c) for c in self.cells]}

    @classmethod
    def from_config(cls, config, custom_objects=None):
        config = dict(config)
        cells = [deserialize_object(c, custom_objects)
                 for c in config.pop("cells")]
        return cls(cells, **config)
