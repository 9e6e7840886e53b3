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
from numkeras.layers.convolutional import (
    Conv1D, Conv1DTranspose, Conv2D, Conv2DTranspose, Conv3D, Conv3DTranspose, DepthwiseConv1D,
    DepthwiseConv2D, SeparableConv1D, SeparableConv2D,
)
from numkeras.layers.pooling import (
    AveragePooling1D, AveragePooling2D, AveragePooling3D, GlobalAveragePooling1D,
    GlobalAveragePooling2D, GlobalAveragePooling3D, GlobalMaxPooling1D, GlobalMaxPooling2D,
    GlobalMaxPooling3D, MaxPooling1D, MaxPooling2D, MaxPooling3D,
)
from numkeras.layers.spatial_dropout import SpatialDropout1D, SpatialDropout2D, SpatialDropout3D
from numkeras.layers.spatial_reshaping import (
    Cropping1D, Cropping2D, Cropping3D, UpSampling1D, UpSampling2D, UpSampling3D, ZeroPadding1D,
    ZeroPadding2D, ZeroPadding3D,
)

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
