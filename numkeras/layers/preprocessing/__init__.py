"""Preprocessing layers: numerical here, text/ and categorical/ in sub-packages."""
from numkeras.layers.preprocessing.discretization import Discretization
from numkeras.layers.preprocessing.normalization import Normalization
from numkeras.layers.preprocessing.rescaling import Rescaling
