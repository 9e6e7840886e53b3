"""Reshaping layers."""
from numkeras.layers.reshaping.flatten import Flatten
from numkeras.layers.reshaping.permute import Permute
from numkeras.layers.reshaping.repeat_vector import RepeatVector
from numkeras.layers.reshaping.reshape import Reshape
