"""LSTM: Hochreiter and Schmidhuber's long short-term memory (fused; its cell is `LSTMCell`)."""
from numkeras.backend import rnn_ops
from numkeras.layers.rnn.cells import LSTMCell
from numkeras.layers.rnn.fused_rnn import FusedRNN, weights_of


class LSTM(FusedRNN):
    """Long short-term memory layer, with Keras's weight layout: kernel (features, 4 * units),
    recurrent_kernel (units, 4 * units), bias (4 * units,), gates in the order i, f, c, o.

    Args:
        units: positive int, size of h and c.
        activation: default "tanh"; recurrent_activation: default "sigmoid".
        unit_forget_bias: add 1 to the forget gate's initial bias (default True).
        Other arguments as `SimpleRNN`; return_sequences, return_state, go_backwards,
        stateful, unroll: see `RNN`. With return_state the states are h then c.

    Example:
    >>> out, h, c = LSTM(4, return_state=True)(np.ones((32, 10, 8), "float32"))
    >>> out.shape, h.shape, c.shape
    ((32, 4), (32, 4), (32, 4))
    """

    cell_class = LSTMCell
    cell_name = "lstm_cell"

    def __init__(self, units, activation="tanh", recurrent_activation="sigmoid", **kwargs):
        super().__init__(units, activation=activation, recurrent_activation=recurrent_activation,
                         **kwargs)

    def run_primitive(self, x, states, mask, activations, workspace):
        kernel, recurrent_kernel, bias = weights_of(self.cell)
        return rnn_ops.lstm_sequence(
            x, kernel, recurrent_kernel, bias, states[0], states[1], mask=mask,
            go_backwards=self.go_backwards, return_sequences=self.return_sequences,
            activation=activations[0], recurrent_activation=activations[1], workspace=workspace)
