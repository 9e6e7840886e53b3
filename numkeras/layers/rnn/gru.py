"""GRU: the gated recurrent unit of Cho et al. (fused; its cell is `GRUCell`)."""
from numkeras.backend import gru_ops
from numkeras.layers.rnn.cells import GRUCell
from numkeras.layers.rnn.fused_rnn import FusedRNN, weights_of


class GRU(FusedRNN):
    """Gated recurrent unit, with Keras's weight layout: kernel (features, 3 * units),
    recurrent_kernel (units, 3 * units), gates z, r, h; bias (2, 3 * units) with
    `reset_after=True` (Keras 3's default) or (3 * units,) with `reset_after=False`.

    Args:
        units: positive int, size of the state.
        activation: default "tanh"; recurrent_activation: default "sigmoid".
        reset_after: apply the reset gate after the recurrent matmul (default True).
        Other arguments as `SimpleRNN`.

    Example:
    >>> GRU(4, return_sequences=True)(np.ones((32, 10, 8), "float32")).shape
    (32, 10, 4)
    """

    cell_class = GRUCell
    cell_name = "gru_cell"

    def __init__(self, units, activation="tanh", recurrent_activation="sigmoid", reset_after=True,
                 **kwargs):
        super().__init__(units, activation=activation, recurrent_activation=recurrent_activation,
                         reset_after=reset_after, **kwargs)

    def run_primitive(self, x, states, mask, activations, workspace):
        kernel, recurrent_kernel, bias = weights_of(self.cell)
        return gru_ops.gru_sequence(
            x, kernel, recurrent_kernel, bias, states[0], mask=mask, go_backwards=self.go_backwards,
            return_sequences=self.return_sequences, activation=activations[0],
            recurrent_activation=activations[1], reset_after=self.cell.reset_after,
            workspace=workspace)
