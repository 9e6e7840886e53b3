"""Recurrent layers: cells, the RNN loop, the fused SimpleRNN/LSTM/GRU and their wrappers."""
from numkeras.layers.rnn.bidirectional import Bidirectional
from numkeras.layers.rnn.cells import GRUCell, LSTMCell, SimpleRNNCell
from numkeras.layers.rnn.gru import GRU
from numkeras.layers.rnn.lstm import LSTM
from numkeras.layers.rnn.rnn import RNN
from numkeras.layers.rnn.simple_rnn import SimpleRNN
from numkeras.layers.rnn.stacked_rnn_cells import StackedRNNCells
from numkeras.layers.rnn.time_distributed import TimeDistributed
