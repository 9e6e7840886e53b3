"""Convolution layers."""
from numkeras.layers.convolutional.conv import Conv1D, Conv2D, Conv3D
from numkeras.layers.convolutional.conv_transpose import (
    Conv1DTranspose,
    Conv2DTranspose,
    Conv3DTranspose,
)
from numkeras.layers.convolutional.depthwise_separable import (
    DepthwiseConv1D,
    DepthwiseConv2D,
    SeparableConv1D,
    SeparableConv2D,
)
