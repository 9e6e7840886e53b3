"""`RNN`: runs a cell over the time axis; the base of SimpleRNN, LSTM and GRU.

The general path loops in Python over timesteps, calling the cell (its ops are recorded, so a
user's own cell trains through the engine's autodiff). SimpleRNN, LSTM and GRU override
`fused_sequence` to run the whole sequence as one primitive instead. Masked steps follow Keras
3: the states are carried over, and the output there is the previous state `h_{t-1}` (or zeros
with `zero_output_for_mask`, as Bidirectional asks for).
"""
import numpy as np

from numkeras import ops
from numkeras.backend.object_registration import deserialize_object, serialize_object
from numkeras.backend.tensor import Tensor, Variable
from numkeras.layers.layer import Layer


def _as_list(x):
    return list(x) if isinstance(x, (list, tuple)) else [x]


def _symbolic(x):
    return hasattr(x, "_keras_history")


def _sequences_shape(shape):
    """The sequences' shape, also when the states' shapes come with it (a list of shapes)."""
    if isinstance(shape, list) and shape and isinstance(shape[0], (list, tuple)):
        return tuple(shape[0])
    return shape


def _flat_sizes(state_size):
    out = []
    for s in _as_list(state_size):
        out.extend(_flat_sizes(s) if isinstance(s, (list, tuple)) else [int(s)])
    return out


def check_sequences(layer, shape):
    """Raises unless `shape` is (batch, timesteps, features)."""
    if len(shape) != 3:
        hint = (" Add an Embedding or a feature axis (x[..., None])." if len(shape) == 2 else "")
        raise ValueError(f"Input 0 of layer '{layer.name}' ({type(layer).__name__}) is incompatible "
                         f"with the layer: expected (batch, timesteps, features); got "
                         f"{tuple(shape)}.{hint}")


class RNN(Layer):
    """Base class for recurrent layers: iterates `cell` over the time axis.

    Args:
        cell: an RNN cell (a layer with `call(inputs, states)` returning `(output, new_states)`
            and a `state_size` attribute), or a list of cells (stacked).
        return_sequences: return the whole output sequence (default: the last output).
        return_state: also return the final states, after the output.
        go_backwards: read the sequence in reverse (the output sequence is then reversed too).
        stateful: carry the final states of each batch into the next call (fixed batch size).
        unroll: accepted for compatibility; numkeras always loops.
        zero_output_for_mask: output zeros at masked steps instead of the previous output.

    Call arguments: `sequences` (batch, timesteps, features), `initial_state` (list of
    (batch, size) arrays), `mask` (batch, timesteps) booleans, `training`.

    Example:
    >>> layer = RNN(SimpleRNNCell(4), return_sequences=True)
    >>> layer(np.ones((2, 5, 3), "float32")).shape
    (2, 5, 4)
    """

    def __init__(self, cell, return_sequences=False, return_state=False, go_backwards=False,
                 stateful=False, unroll=False, zero_output_for_mask=False, **kwargs):
        if isinstance(cell, (list, tuple)):
            from numkeras.layers.rnn.stacked_rnn_cells import StackedRNNCells

            cell = StackedRNNCells(cell)
        if not hasattr(cell, "call") or getattr(cell, "state_size", None) is None:
            raise ValueError(f"RNN: `cell` must have a `call` method and a `state_size` attribute "
                             f"(an int or a list of ints, one per state); got {cell!r}.")
        super().__init__(**kwargs)
        self.cell = cell
        self.return_sequences = bool(return_sequences)
        self.return_state = bool(return_state)
        self.go_backwards = bool(go_backwards)
        self.stateful = bool(stateful)
        self.unroll = bool(unroll)
        self.zero_output_for_mask = bool(zero_output_for_mask)
        self.supports_masking = True
        object.__setattr__(self, "states", None)  # stateful states: not weights, as in Keras

    @property
    def state_size(self):
        return _flat_sizes(self.cell.state_size)

    # --- build -----------------------------------------------------------------------------
    def build(self, sequences_shape, initial_state_shape=None):
        sequences_shape = _sequences_shape(sequences_shape)
        check_sequences(self, sequences_shape)
        if isinstance(self.cell, Layer) and not self.cell.built:
            self.cell._maybe_build((sequences_shape[0],) + tuple(sequences_shape[2:]))
        if self.stateful:
            if sequences_shape[0] is None:
                raise ValueError(
                    f"Layer '{self.name}': `stateful=True` needs a fixed batch size; found a "
                    f"dynamic one (input shape {tuple(sequences_shape)}). Give the first layer "
                    f"`batch_size=...` (e.g. keras.Input(shape=..., batch_size=32)).")
            self._create_state_variables(sequences_shape[0])
        self.built = True

    def _create_state_variables(self, batch_size):
        states = [Variable(np.zeros((batch_size, s), self.dtype), trainable=False, name="rnn_state")
                  for s in self.state_size]
        object.__setattr__(self, "states", states)

    def get_initial_state(self, batch_size):
        fn = getattr(self.cell, "get_initial_state", None)
        if fn is not None:
            return _as_list(fn(batch_size=batch_size))
        return [ops.zeros((batch_size, s), dtype=self.dtype) for s in self.state_size]

    def reset_states(self):
        self.reset_state()

    def reset_state(self):
        if self.states is not None:
            for v in self.states:
                v.assign(np.zeros_like(v.value))

    # --- call --------------------------------------------------------------------------------
    def __call__(self, inputs, *args, **kwargs):
        states = kwargs.get("initial_state")
        if states is not None and any(_symbolic(s) for s in _as_list(states)):
            # Symbolic states (an encoder's, in a functional model) travel as graph inputs.
            kwargs.pop("initial_state")
            return super().__call__([inputs, *_as_list(states)], *args, **kwargs)
        # `layer([x, h0, c0])` (Keras 2 style, and how a graph replays the case above).
        if isinstance(inputs, (list, tuple)) and len(inputs) > 1 and not args and states is None:
            if any(_symbolic(t) for t in inputs):
                return super().__call__(list(inputs), *args, **kwargs)
            kwargs["initial_state"] = list(inputs[1:])
            inputs = inputs[0]
        if hasattr(inputs, "shape") and not hasattr(inputs, "_keras_history"):  # an array
            check_sequences(self, tuple(inputs.shape))
            if self.stateful and not self.built:
                self._maybe_build(tuple(inputs.shape))  # its batch size is the fixed one
        return super().__call__(inputs, *args, **kwargs)

    def call(self, sequences, initial_state=None, mask=None, training=False):
        check_sequences(self, sequences.shape)
        batch = sequences.shape[0]
        initial_state = self._initial_state(initial_state, batch)
        if mask is not None:
            mask = np.asarray(mask.value if isinstance(mask, Tensor) else mask).astype(bool)
            if mask.ndim == 3:
                mask = mask.any(axis=-1)
        result = self.fused_sequence(sequences, initial_state, mask, training)
        if result is None:
            result = self._loop(sequences, initial_state, mask, training)
        last_output, outputs, states = result
        self._reset_dropout_masks(self.cell)
        if self.stateful:
            for variable, state in zip(self.states, states):
                variable.assign(state.value if isinstance(state, Tensor) else state)
        output = outputs if self.return_sequences else last_output
        return [output, *states] if self.return_state else output

    def _initial_state(self, initial_state, batch):
        sizes = self.state_size
        if initial_state is None:
            if self.stateful:
                if self.states is None or self.states[0].shape[0] != batch:
                    expected = None if self.states is None else self.states[0].shape[0]
                    raise ValueError(
                        f"Layer '{self.name}' is stateful with batch size {expected}, but got a "
                        f"batch of {batch}. Feed batches of exactly {expected} samples "
                        f"(drop the remainder) or call reset_states() after rebuilding.")
                return [Tensor(v.value.copy()) for v in self.states]
            return [s if isinstance(s, Tensor) else Tensor(np.asarray(s, self.dtype))
                    for s in self.get_initial_state(batch)]
        states = _as_list(initial_state)
        if len(states) != len(sizes):
            raise ValueError(f"Layer '{self.name}' expects {len(sizes)} initial state(s) of shapes "
                             f"{[(batch, s) for s in sizes]}; got {len(states)}.")
        out = []
        for i, (state, size) in enumerate(zip(states, sizes)):
            state = state if isinstance(state, Tensor) else Tensor(np.asarray(state, self.dtype))
            if tuple(state.shape) != (batch, size):
                raise ValueError(f"Layer '{self.name}': initial_state[{i}] must have shape "
                                 f"{(batch, size)}; got {tuple(state.shape)}.")
            out.append(state)
        return out

    def fused_sequence(self, sequences, initial_state, mask, training):
        """(last_output, outputs, states) from one fused primitive, or None for the general loop."""
        return None

    def _previous_output(self, states):
        offsets = getattr(self.cell, "output_state_index", 0)
        return states[offsets]

    def _loop(self, sequences, states, mask, training):
        """The general path: the cell once per timestep, recorded op by op."""
        steps = sequences.shape[1]
        cell_kwargs = {"training": training} if self.cell._call_accepts["training"] else {}
        outputs = []
        for t in (range(steps - 1, -1, -1) if self.go_backwards else range(steps)):
            output, new_states = self.cell(sequences[:, t], list(states), **cell_kwargs)
            new_states = _as_list(new_states)
            if mask is not None:
                keep = Tensor(mask[:, t:t + 1])
                fallback = ops.zeros_like(output) if self.zero_output_for_mask \
                    else self._previous_output(states)
                output = ops.where(keep, output, fallback)
                new_states = [ops.where(keep, n, s) for n, s in zip(new_states, states)]
            outputs.append(output)
            states = new_states
        sequence = ops.stack(outputs, axis=1) if self.return_sequences else None
        return outputs[-1], sequence, states

    def _reset_dropout_masks(self, cell):
        for c in getattr(cell, "cells", [cell]):
            if hasattr(c, "reset_dropout_mask"):
                c.reset_dropout_mask()
                c.reset_recurrent_dropout_mask()

    # --- shapes and masks ------------------------------------------------------------------
    def compute_output_shape(self, sequences_shape, initial_state_shape=None):
        sequences_shape = _sequences_shape(sequences_shape)
        batch, steps = sequences_shape[0], sequences_shape[1]
        size = getattr(self.cell, "output_size", None) or self.state_size[0]
        output = (batch, steps, size) if self.return_sequences else (batch, size)
        if self.return_state:
            return [output] + [(batch, s) for s in self.state_size]
        return output

    def compute_mask(self, inputs, mask=None):
        if isinstance(mask, (list, tuple)):
            mask = mask[0]
        output_mask = mask if self.return_sequences else None
        if self.return_state:
            return [output_mask] + [None] * len(self.state_size)
        return output_mask

    # --- config --------------------------------------------------------------------------------
    def get_config(self):
        config = {**super().get_config(),
                  "return_sequences": self.return_sequences, "return_state": self.return_state,
                  "go_backwards": self.go_backwards, "stateful": self.stateful,
                  "unroll": self.unroll, "zero_output_for_mask": self.zero_output_for_mask}
        if type(self) is RNN:
            config["cell"] = serialize_object(self.cell)
        return config

    @classmethod
    def from_config(cls, config, custom_objects=None):
        config = dict(config)
        cell = deserialize_object(config.pop("cell"), custom_objects)
        return cls(cell, **config)
