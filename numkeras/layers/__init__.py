"""`numkeras.layers`: the building blocks of models."""
from numkeras.layers.activations.activation import Activation
from numkeras.layers.activations.elu import ELU
from numkeras.layers.activations.leaky_relu import LeakyReLU
from numkeras.layers.activations.prelu import PReLU
from numkeras.layers.activations.relu import ReLU
from numkeras.layers.activations.softmax import Softmax
from numkeras.layers.core.dense import Dense
from numkeras.layers.core.embedding import Embedding
from numkeras.layers.core.identity import Identity
from numkeras.layers.core.lambda_layer import Lambda
from numkeras.layers.core.masking import Masking
from numkeras.layers.input_layer import Input, InputLayer, KerasTensor
from numkeras.layers.layer import Layer
from numkeras.layers.merging.add import Add, add
from numkeras.layers.merging.average import Average, average
from numkeras.layers.merging.concatenate import Concatenate, concatenate
from numkeras.layers.merging.dot import Dot, dot
from numkeras.layers.merging.maximum import Maximum, maximum
from numkeras.layers.merging.minimum import Minimum, minimum
from numkeras.layers.merging.multiply import Multiply, multiply
from numkeras.layers.merging.subtract import Subtract, subtract
from numkeras.layers.normalization.batch_normalization import BatchNormalization
from numkeras.layers.normalization.layer_normalization import LayerNormalization
from numkeras.layers.preprocessing.image import (
    CenterCrop,
    RandomBrightness,
    RandomContrast,
    RandomCrop,
    RandomFlip,
    RandomRotation,
    RandomTranslation,
    RandomZoom,
    Resizing,
)
from numkeras.layers.preprocessing.normalization import Normalization
from numkeras.layers.preprocessing.rescaling import Rescaling
from numkeras.layers.regularization.activity_regularization import ActivityRegularization
from numkeras.layers.regularization.dropout import Dropout
from numkeras.layers.regularization.gaussian_dropout import GaussianDropout
from numkeras.layers.regularization.gaussian_noise import GaussianNoise
from numkeras.layers.reshaping.flatten import Flatten
from numkeras.layers.reshaping.permute import Permute
from numkeras.layers.reshaping.repeat_vector import RepeatVector
from numkeras.layers.reshaping.reshape import Reshape
from numkeras.layers.rnn import (
    GRU,
    LSTM,
    RNN,
    Bidirectional,
    GRUCell,
    LSTMCell,
    SimpleRNN,
    SimpleRNNCell,
    StackedRNNCells,
    TimeDistributed,
)

# Layers whose `call` the training loop may invoke directly (no add_loss, no nested state):
# not ActivityRegularization (adds a loss) nor Lambda (runs arbitrary user code).
BUILTIN_LAYER_TYPES = {
    Dense, Activation, Identity, Dropout, Flatten, Reshape,
    ELU, LeakyReLU, PReLU, ReLU, Softmax, BatchNormalization, Embedding, LayerNormalization,
    Add, Average, Concatenate, Dot, Maximum, Minimum, Multiply, Subtract,
    GaussianDropout, GaussianNoise, Normalization, Rescaling, Permute, RepeatVector,
}
