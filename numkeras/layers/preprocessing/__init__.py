"""Preprocessing layers."""
from numkeras.layers.preprocessing.normalization import Normalization
from numkeras.layers.preprocessing.rescaling import Rescaling
