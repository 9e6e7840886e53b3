"""`numkeras.layers`: the building blocks of models."""
from numkeras.layers.core import Activation, Dense, Identity
from numkeras.layers.input_layer import Input, InputLayer, KerasTensor
from numkeras.layers.layer import Layer
from numkeras.layers.regularization import Dropout
from numkeras.layers.reshaping import Flatten, Reshape

# Layers whose `call` the training loop may invoke directly (no add_loss, no nested state).
BUILTIN_LAYER_TYPES = {Dense, Activation, Identity, Dropout, Flatten, Reshape}

from numkeras.layers.activation_layers import ELU, LeakyReLU, PReLU, ReLU, Softmax
from numkeras.layers.batch_normalization import BatchNormalization
from numkeras.layers.embedding import Embedding
from numkeras.layers.lambda_layer import Lambda
from numkeras.layers.layer_normalization import LayerNormalization
from numkeras.layers.merging import (
    Add, Average, Concatenate, Dot, Maximum, Minimum, Multiply, Subtract, add, average, concatenate,
    dot, maximum, minimum, multiply, subtract,
)
from numkeras.layers.noise import ActivityRegularization, GaussianDropout, GaussianNoise
from numkeras.layers.normalization import Normalization
from numkeras.layers.preprocessing import Rescaling
from numkeras.layers.reshaping_extra import Permute, RepeatVector

# Not ActivityRegularization (adds a loss) nor Lambda (runs arbitrary user code).
BUILTIN_LAYER_TYPES |= {
    ELU, LeakyReLU, PReLU, ReLU, Softmax, BatchNormalization, Embedding, LayerNormalization,
    Add, Average, Concatenate, Dot, Maximum, Minimum, Multiply, Subtract,
    GaussianDropout, GaussianNoise, Normalization, Rescaling, Permute, RepeatVector,
}

from numkeras.layers.attention import AdditiveAttention, Attention, EinsumDense, MultiHeadAttention
from numkeras.layers.text_preprocessing import (
    CategoryEncoding, Discretization, Hashing, IntegerLookup, StringLookup, TextVectorization,
)
