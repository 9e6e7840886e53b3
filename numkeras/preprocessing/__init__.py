"""`numkeras.preprocessing`: Keras 2's home of `sequence.pad_sequences` and `text.Tokenizer`, kept
for old notes."""
from numkeras.preprocessing import sequence, text  # noqa: F401
