"""`keras.preprocessing.text`, as Keras 2 spelled it: Tokenizer and its helpers."""
from numkeras.utils.text_tokenizer import (  # noqa: F401
    Tokenizer,
    hashing_trick,
    one_hot,
    text_to_word_sequence,
    tokenizer_from_json,
)
