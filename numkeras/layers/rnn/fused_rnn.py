"""`FusedRNN`: what SimpleRNN, LSTM and GRU share: the cell made from the layer's arguments,
Keras's config, and the whole sequence run by one fused primitive when it can be.

The fused primitive computes the same function as the cell looped by `RNN` (a test holds the
two equal). It is used unless an activation has no fused kernel or `recurrent_dropout` is
active in training; then the general loop runs.
"""
from numkeras.backend.rnn_workspace import WorkspacePool
from numkeras.backend.tensor import Tensor
from numkeras.layers.rnn.rnn import RNN

RNN_ARGS = ("return_sequences", "return_state", "go_backwards", "stateful", "unroll")
_LAYER_ARGS = ("name", "dtype", "trainable", "activity_regularizer", "input_shape", "input_dim",
               "batch_input_shape", "batch_size", "input_length", "autocast")


class FusedRNN(RNN):
    """Base of SimpleRNN, LSTM and GRU (not a public layer)."""

    cell_class = None
    cell_name = None

    def __init__(self, units, **kwargs):
        rnn_kwargs = {k: kwargs.pop(k) for k in RNN_ARGS + _LAYER_ARGS + ("zero_output_for_mask",)
                      if k in kwargs}
        kwargs.pop("time_major", None)
        cell = self.cell_class(units, name=self.cell_name, dtype=rnn_kwargs.get("dtype"),
                               trainable=rnn_kwargs.get("trainable", True), **kwargs)
        super().__init__(cell, **rnn_kwargs)
        self._workspaces = WorkspacePool()

    def __getattr__(self, name):
        # units, activation, kernel_initializer, dropout...: the cell's, as Keras's properties.
        if name.startswith("_") or "cell" not in self.__dict__:
            raise AttributeError(name)
        cell = self.__dict__["cell"]
        if name in ("kernel", "recurrent_kernel", "bias") or hasattr(type(cell), name) \
                or name in cell.__dict__:
            return getattr(cell, name)
        raise AttributeError(f"'{type(self).__name__}' object has no attribute '{name}'")

    def run_primitive(self, x, states, mask, activations, workspace):
        raise NotImplementedError

    def fused_sequence(self, sequences, initial_state, mask, training):
        cell = self.cell
        names = cell.fused_activation_names()
        if names is None or (training and 0.0 < cell.recurrent_dropout < 1.0):
            return None
        x = sequences
        if training and 0.0 < cell.dropout < 1.0:  # one input mask for every timestep
            (keep,) = cell.get_dropout_mask(sequences[:, 0])
            x = x * keep.reshape(keep.shape[0], 1, keep.shape[1])
        packed = self.run_primitive(x, initial_state, mask, names, self._workspaces.lease())
        units, parts = cell.units, len(self.state_size)
        if not self.return_sequences:
            states = [packed] if parts == 1 else [packed[:, k * units:(k + 1) * units]
                                                  for k in range(parts)]
            return states[0], None, states
        outputs = packed if parts == 1 else packed[:, :, :units]
        final = packed[:, -1]
        states = [final] if parts == 1 else [final[:, k * units:(k + 1) * units]
                                             for k in range(parts)]
        last_output = states[0]
        if mask is not None and self.zero_output_for_mask:
            keep = mask[:, ::-1] if self.go_backwards else mask
            outputs = outputs * Tensor(keep[:, :, None].astype(outputs.dtype))
            last_output = outputs[:, -1]
        return last_output, outputs, states

    @classmethod
    def from_config(cls, config, custom_objects=None):
        return cls(**config)

    def get_config(self):
        cell_config = self.cell.get_config()
        for key in ("name", "trainable", "dtype"):
            cell_config.pop(key, None)
        return {**super().get_config(), **cell_config}


def weights_of(cell):
    """kernel, recurrent_kernel, bias (None without bias) as the primitives take them."""
    return cell.kernel, cell.recurrent_kernel, cell.bias
