"""Categorical-feature preprocessing: CategoryEncoding and Hashing."""
from numkeras.layers.preprocessing.categorical.category_encoding import CategoryEncoding
from numkeras.layers.preprocessing.categorical.hashing import Hashing

__all__ = ["CategoryEncoding", "Hashing"]
