"""Text preprocessing in Python/NumPy: TextVectorization and the vocabulary lookups."""
from numkeras.layers.preprocessing.text.lookups import IntegerLookup, StringLookup
from numkeras.layers.preprocessing.text.text_vectorization import TextVectorization

__all__ = ["IntegerLookup", "StringLookup", "TextVectorization"]
