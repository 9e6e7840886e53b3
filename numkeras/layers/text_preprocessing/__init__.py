"""Text and categorical preprocessing in Python/NumPy: TextVectorization, StringLookup,
IntegerLookup, CategoryEncoding, Hashing, Discretization."""
from numkeras.layers.text_preprocessing.discretization import Discretization
from numkeras.layers.text_preprocessing.encoding import CategoryEncoding
from numkeras.layers.text_preprocessing.hashing import Hashing
from numkeras.layers.text_preprocessing.lookups import IntegerLookup, StringLookup
from numkeras.layers.text_preprocessing.text_vectorization import TextVectorization

__all__ = ["CategoryEncoding", "Discretization", "Hashing", "IntegerLookup", "StringLookup",
           "TextVectorization"]
