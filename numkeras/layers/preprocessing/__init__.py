"""Preprocessing layers: numerical (Normalization, Rescaling) and image/ (resizing, augmentation)."""
from numkeras.layers.preprocessing.normalization import Normalization
from numkeras.layers.preprocessing.rescaling import Rescaling
