"""`pad_sequences`: lists of token ids to one rectangular array."""
import numpy as np


def pad_sequences(sequences, maxlen=None, dtype="int32", padding="pre", truncating="pre", value=0.0):
    """Pads (or truncates) each sequence to `maxlen`, as Keras does.

    Args:
        sequences: list of lists of ids.
        maxlen: target length (default: the longest sequence).
        dtype: output dtype.
        padding, truncating: "pre" or "post": where to pad / which end to cut.
        value: the padding value.

    Example:
    >>> pad_sequences([[1, 2], [3]], maxlen=3).tolist()
    [[0, 1, 2], [0, 0, 3]]
    """
    for name, arg in (("padding", padding), ("truncating", truncating)):
        if arg not in ("pre", "post"):
            raise ValueError(f"pad_sequences(): `{name}` must be 'pre' or 'post', got {arg!r}.")
    lengths = [len(s) for s in sequences]
    maxlen = max(lengths, default=0) if maxlen is None else int(maxlen)
    out = np.full((len(sequences), maxlen), value, dtype=dtype)
    for i, seq in enumerate(sequences):
        if not len(seq) or not maxlen:
            continue
        seq = np.asarray(seq, dtype=dtype)
        seq = seq[-maxlen:] if truncating == "pre" else seq[:maxlen]
        if padding == "post":
            out[i, :len(seq)] = seq
        else:
            out[i, maxlen - len(seq):] = seq
    return out
