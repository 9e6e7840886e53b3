"""Normalization layers."""
from numkeras.layers.normalization.batch_normalization import BatchNormalization
from numkeras.layers.normalization.layer_normalization import LayerNormalization
