"""Regularization layers."""
from numkeras.layers.regularization.activity_regularization import ActivityRegularization
from numkeras.layers.regularization.dropout import Dropout
from numkeras.layers.regularization.gaussian_dropout import GaussianDropout
from numkeras.layers.regularization.gaussian_noise import GaussianNoise
from numkeras.layers.regularization.spatial_dropout import (
    SpatialDropout1D,
    SpatialDropout2D,
    SpatialDropout3D,
)
