"""SimpleRNN: the fully-connected recurrent layer (fused; its cell is `SimpleRNNCell`)."""
from numkeras.backend import rnn_ops
from numkeras.layers.rnn.cells import SimpleRNNCell
from numkeras.layers.rnn.fused_rnn import FusedRNN, weights_of


class SimpleRNN(FusedRNN):
    """Fully-connected RNN whose output is fed back: `h_t = activation(x_t W + h_{t-1} U + b)`.

    Args:
        units: positive int, size of the output and state.
        activation: default "tanh".
        use_bias, kernel_initializer ("glorot_uniform"), recurrent_initializer ("orthogonal"),
        bias_initializer ("zeros"), *_regularizer, *_constraint, dropout, recurrent_dropout, seed:
            as Keras 3.
        return_sequences, return_state, go_backwards, stateful, unroll: see `RNN`.

    Example:
    >>> layer = SimpleRNN(4, return_sequences=True, return_state=True)
    >>> seq, state = layer(np.ones((32, 10, 8), "float32"))
    >>> seq.shape, state.shape
    ((32, 10, 4), (32, 4))
    """

    cell_class = SimpleRNNCell
    cell_name = "simple_rnn_cell"

    def __init__(self, units, activation="tanh", **kwargs):
        super().__init__(units, activation=activation, **kwargs)

    def run_primitive(self, x, states, mask, activations, workspace):
        kernel, recurrent_kernel, bias = weights_of(self.cell)
        return rnn_ops.simple_rnn_sequence(
            x, kernel, recurrent_kernel, bias, states[0], mask=mask, go_backwards=self.go_backwards,
            return_sequences=self.return_sequences, activation=activations[0], workspace=workspace)
