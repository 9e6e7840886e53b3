"""Preprocessing layers: numerical (Normalization, Rescaling, Discretization), image/ (resizing,
augmentation), text/ and categorical/."""
from numkeras.layers.preprocessing.discretization import Discretization
from numkeras.layers.preprocessing.normalization import Normalization
from numkeras.layers.preprocessing.rescaling import Rescaling
