"""Reshaping layers."""
from numkeras.layers.reshaping.cropping import Cropping1D, Cropping2D, Cropping3D
from numkeras.layers.reshaping.flatten import Flatten
from numkeras.layers.reshaping.permute import Permute
from numkeras.layers.reshaping.repeat_vector import RepeatVector
from numkeras.layers.reshaping.reshape import Reshape
from numkeras.layers.reshaping.up_sampling import UpSampling1D, UpSampling2D, UpSampling3D
from numkeras.layers.reshaping.zero_padding import ZeroPadding1D, ZeroPadding2D, ZeroPadding3D
