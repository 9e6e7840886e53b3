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
from numkeras.layers.convolutional import (
    Conv1D,
    Conv1DTranspose,
    Conv2D,
    Conv2DTranspose,
    Conv3D,
    Conv3DTranspose,
    DepthwiseConv1D,
    DepthwiseConv2D,
    SeparableConv1D,
    SeparableConv2D,
)
from numkeras.layers.pooling import (
    AveragePooling1D,
    AveragePooling2D,
    AveragePooling3D,
    GlobalAveragePooling1D,
    GlobalAveragePooling2D,
    GlobalAveragePooling3D,
    GlobalMaxPooling1D,
    GlobalMaxPooling2D,
    GlobalMaxPooling3D,
    MaxPooling1D,
    MaxPooling2D,
    MaxPooling3D,
)
from numkeras.layers.regularization.spatial_dropout import (
    SpatialDropout1D,
    SpatialDropout2D,
    SpatialDropout3D,
)
from numkeras.layers.reshaping.cropping import Cropping1D, Cropping2D, Cropping3D
from numkeras.layers.reshaping.up_sampling import UpSampling1D, UpSampling2D, UpSampling3D
from numkeras.layers.reshaping.zero_padding import ZeroPadding1D, ZeroPadding2D, ZeroPadding3D

# Aliases Keras keeps for the convolution and pooling layers.
Convolution1D, Convolution2D, Convolution3D = Conv1D, Conv2D, Conv3D
Convolution2DTranspose, Convolution3DTranspose = Conv2DTranspose, Conv3DTranspose
MaxPool1D, MaxPool2D, MaxPool3D = MaxPooling1D, MaxPooling2D, MaxPooling3D
AvgPool1D, AvgPool2D, AvgPool3D = AveragePooling1D, AveragePooling2D, AveragePooling3D
GlobalMaxPool1D, GlobalMaxPool2D, GlobalMaxPool3D = GlobalMaxPooling1D, GlobalMaxPooling2D, GlobalMaxPooling3D
GlobalAvgPool1D, GlobalAvgPool2D, GlobalAvgPool3D = (
    GlobalAveragePooling1D, GlobalAveragePooling2D, GlobalAveragePooling3D)

# Built-in image layers the training loop may call directly (no added losses, no user code).
BUILTIN_LAYER_TYPES |= {
    Conv1D, Conv2D, Conv3D, Conv1DTranspose, Conv2DTranspose, Conv3DTranspose, DepthwiseConv1D,
    DepthwiseConv2D, SeparableConv1D, SeparableConv2D, MaxPooling1D, MaxPooling2D, MaxPooling3D,
    AveragePooling1D, AveragePooling2D, AveragePooling3D, GlobalAveragePooling1D,
    GlobalAveragePooling2D, GlobalAveragePooling3D, GlobalMaxPooling1D, GlobalMaxPooling2D,
    GlobalMaxPooling3D, SpatialDropout1D, SpatialDropout2D, SpatialDropout3D, Cropping1D,
    Cropping2D, Cropping3D, UpSampling1D, UpSampling2D, UpSampling3D, ZeroPadding1D,
    ZeroPadding2D, ZeroPadding3D,
}

from numkeras.layers.attention import AdditiveAttention, Attention, MultiHeadAttention
from numkeras.layers.core.einsum_dense import EinsumDense
from numkeras.layers.preprocessing.categorical import CategoryEncoding, Hashing
from numkeras.layers.preprocessing.discretization import Discretization
from numkeras.layers.preprocessing.text import IntegerLookup, StringLookup, TextVectorization
