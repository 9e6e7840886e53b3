"""TextVectorization: raw strings to token ids (or multi-hot/count/tf-idf vectors), in Python/NumPy.

The steps are Keras's: standardize (ASCII lower-casing and/or stripping Keras's punctuation
set), split (ASCII whitespace or characters), n-grams joined by a space, then a StringLookup
whose index 0 is the padding token "" and index 1 is "[UNK]".
"""
import re

import numpy as np

from numkeras.backend import object_registration
from numkeras.backend.tensor import Tensor
from numkeras.layers.layer import Layer
from numkeras.layers.preprocessing.text.lookups import StringLookup

PUNCTUATION = re.compile(r'[!"#$%&()\*\+,-\./:;<=>?@\[\\\]^_`{|}~\']')
WHITESPACE = re.compile(r"[ \t\n\v\f\r]+")
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
STANDARDIZE = ("lower_and_strip_punctuation", "lower", "strip_punctuation")
SPLIT = ("whitespace", "character")


def standardize_text(text, mode):
    """One string through a named standardization (TensorFlow's lower() changes ASCII only)."""
    if mode in ("lower", "lower_and_strip_punctuation"):
        text = text.translate(_ASCII_LOWER)
    if mode in ("strip_punctuation", "lower_and_strip_punctuation"):
        text = PUNCTUATION.sub("", text)
    return text


def ngrams_of(tokens, widths, separator=" "):
    """All n-grams of each width in `widths`, widths in order (tf.strings.ngrams)."""
    out = []
    for n in widths:
        out.extend(separator.join(tokens[i:i + n]) for i in range(len(tokens) - n + 1))
    return out


class TextVectorization(Layer):
    """Turns strings into sequences of token ids or into vectors over a vocabulary.

    Args:
        max_tokens: maximum vocabulary size, "" and "[UNK]" included (None: no limit).
        standardize: "lower_and_strip_punctuation" (default), "lower", "strip_punctuation", None,
            or a callable taking and returning a NumPy array of str.
        split: "whitespace" (default), "character", None (each string is one token), or a callable
            taking a NumPy array of str and returning one token sequence per string.
        ngrams: None, an int n (1- to n-grams) or a tuple of widths.
        output_mode: "int" (default), "multi_hot", "count" or "tf_idf".
        output_sequence_length: in "int" mode, pad with 0 or cut every row to this length
            (default: the longest row of the batch).
        pad_to_max_tokens: in the vector modes, output `max_tokens` columns.
        vocabulary: a list of tokens or a path to a file of one token per line.
        idf_weights: with a vocabulary in "tf_idf" mode.

    Example:
    >>> layer = TextVectorization(vocabulary=["the", "cat"], output_sequence_length=4)
    >>> layer(np.array(["The cat sat."])).numpy().tolist()
    [[2, 3, 1, 0]]
    """

    def __init__(self, max_tokens=None, standardize="lower_and_strip_punctuation", split="whitespace",
                 ngrams=None, output_mode="int", output_sequence_length=None, pad_to_max_tokens=False,
                 vocabulary=None, idf_weights=None, sparse=False, ragged=False, encoding="utf-8",
                 name=None, **kwargs):
        vocabulary_size = kwargs.pop("vocabulary_size", None)
        has_input_vocabulary = kwargs.pop("has_input_vocabulary", vocabulary is not None)
        kwargs.pop("dtype", None)
        super().__init__(name=name, **kwargs)
        who = f"TextVectorization '{self.name}'"
        if not (standardize is None or callable(standardize) or standardize in STANDARDIZE):
            raise ValueError(f"{who}: `standardize` must be one of {', '.join(STANDARDIZE)}, None or a "
                             f"callable, got {standardize!r}.")
        if not (split is None or callable(split) or split in SPLIT):
            raise ValueError(f"{who}: `split` must be 'whitespace', 'character', None or a callable, got "
                             f"{split!r}.")
        if output_mode == "binary":
            output_mode = "multi_hot"
        if output_mode == "tf-idf":
            output_mode = "tf_idf"
        if output_mode not in ("int", "one_hot", "multi_hot", "count", "tf_idf"):
            raise ValueError(f"{who}: `output_mode` must be one of int, one_hot, multi_hot, count, tf_idf; "
                             f"got {output_mode!r}.")
        if isinstance(ngrams, list):
            ngrams = tuple(ngrams)
        if not (ngrams is None or (isinstance(ngrams, int) and ngrams > 0) or (
                isinstance(ngrams, tuple) and all(isinstance(n, int) and n > 0 for n in ngrams))):
            raise ValueError(f"{who}: `ngrams` must be None, a positive integer or a tuple of them, got "
                             f"{ngrams!r}.")
        if output_mode == "int" and not (output_sequence_length is None or (
                isinstance(output_sequence_length, int) and output_sequence_length > 0)):
            raise ValueError(f"{who}: `output_sequence_length` must be None or a positive integer in "
                             f"'int' mode, got {output_sequence_length!r}.")
        if output_mode != "int" and output_sequence_length is not None:
            raise ValueError(f"{who}: `output_sequence_length` only applies to output_mode='int' "
                             f"(got output_mode={output_mode!r}).")
        if sparse or ragged:
            raise ValueError(f"{who}: `sparse` and `ragged` outputs need TensorFlow; numkeras returns "
                             f"dense, padded arrays.")
        self._standardize = standardize
        self._split = split
        self._ngrams_arg = ngrams
        self._ngrams = tuple(range(1, ngrams + 1)) if isinstance(ngrams, int) else ngrams
        self._output_mode = output_mode
        self._output_sequence_length = output_sequence_length
        self._encoding = encoding
        self._lookup_layer = StringLookup(
            max_tokens=max_tokens, vocabulary=vocabulary, idf_weights=idf_weights,
            pad_to_max_tokens=pad_to_max_tokens, mask_token="", output_mode=output_mode,
            has_input_vocabulary=has_input_vocabulary, encoding=encoding,
            vocabulary_size=vocabulary_size, name=f"{self.name}_lookup")
        self._track(self._lookup_layer)
        self.built = True

    input_dtype = "string"  # a Sequential model built from data gives its Input this dtype

    # --- vocabulary --------------------------------------------------------------------------
    def adapt(self, data, batch_size=None, steps=None):
        """Learns the vocabulary (by frequency) from an array/list of strings or batches of them."""
        lookup = self._lookup_layer
        lookup.reset_state()
        from numkeras.layers.preprocessing.text.index_lookup import _batches

        for i, batch in enumerate(_batches(data)):
            if steps is not None and i >= steps:
                break
            lookup.update_state(self._preprocess(batch))
        lookup.finalize_state()

    def get_vocabulary(self, include_special_tokens=True):
        return self._lookup_layer.get_vocabulary(include_special_tokens)

    def set_vocabulary(self, vocabulary, idf_weights=None):
        self._lookup_layer.set_vocabulary(vocabulary, idf_weights=idf_weights)

    def vocabulary_size(self):
        return self._lookup_layer.vocabulary_size()

    # --- the pipeline ---------------------------------------------------------------------------
    def _texts(self, inputs):
        values = np.asarray(getattr(inputs, "value", inputs))
        if values.dtype.kind == "S":
            values = np.char.decode(values, self._encoding)
        elif values.dtype == object:
            values = np.array([v.decode(self._encoding) if isinstance(v, bytes) else v
                               for v in values.reshape(-1)], dtype=str).reshape(values.shape)
        if values.dtype.kind != "U":
            raise TypeError(f"TextVectorization '{self.name}' expects strings, got dtype {values.dtype}.")
        if self._split is not None:
            if values.ndim > 1:
                if values.shape[-1] != 1:
                    raise ValueError(f"TextVectorization '{self.name}': to split strings the input must "
                                     f"be (batch,) or (batch, 1); got shape {values.shape}.")
                values = values[..., 0]
        return values

    def _preprocess(self, inputs):
        """Strings to a list of token lists (one per string; a whole row if `split` is None)."""
        texts = self._texts(inputs)
        if texts.ndim == 0:
            texts = texts[None]
        if callable(self._standardize):
            texts = np.asarray(self._standardize(texts), dtype=str)
        elif self._standardize is not None:
            texts = np.array([standardize_text(t, self._standardize) for t in texts.reshape(-1).tolist()],
                             dtype=str).reshape(texts.shape)
        if self._split is None:
            rows = texts.reshape(texts.shape[0], -1).tolist() if texts.ndim > 1 else [[t] for t in texts.tolist()]
        elif self._split == "whitespace":
            rows = [[w for w in WHITESPACE.split(t) if w] for t in texts.tolist()]
        elif self._split == "character":
            rows = [list(t) for t in texts.tolist()]
        else:
            rows = [[str(w) for w in np.asarray(tokens).reshape(-1).tolist()] for tokens in self._split(texts)]
        if self._ngrams is not None:
            rows = [ngrams_of(r, self._ngrams) for r in rows]
        return rows

    def __call__(self, inputs, *args, **kwargs):
        from numkeras.layers.input_layer import KerasTensor

        if isinstance(inputs, KerasTensor):
            return super().__call__(inputs, *args, **kwargs)
        return self.call(inputs)

    def call(self, inputs):
        rows = self._preprocess(inputs)
        lookup = self._lookup_layer
        lengths = np.array([len(r) for r in rows], np.int64)
        flat = np.array([t for r in rows for t in r], dtype=str)
        if self._output_mode != "int":
            ids = lookup.lookup(flat) if flat.size else np.zeros(0, np.int64)
            width = int(lengths.max(initial=0))
            padded = np.full((len(rows), width), -1, np.int64)
            padded[np.arange(width)[None, :] < lengths[:, None]] = ids
            depth = lookup.max_tokens if lookup.pad_to_max_tokens else lookup.vocabulary_size()
            mode = "count" if self._output_mode == "tf_idf" else self._output_mode
            from numkeras.layers.preprocessing.categorical.category_encoding import encode_categorical

            out = encode_categorical(padded, mode, depth,
                                     self.compute_dtype if self._output_mode == "tf_idf" else "int64")
            if self._output_mode == "tf_idf":
                out = out * lookup.idf_weights[:depth].astype(out.dtype)
            return Tensor(out)
        ids = lookup.lookup(flat) if flat.size else np.zeros(0, np.int64)
        width = self._output_sequence_length or int(lengths.max(initial=0))
        out = np.zeros((len(rows), width), np.int64)
        keep = np.minimum(lengths, width)
        starts = np.concatenate([[0], np.cumsum(lengths)[:-1]])
        positions = np.arange(width)[None, :]
        inside = positions < keep[:, None]
        out[inside] = ids[(starts[:, None] + positions)[inside]]
        return Tensor(out)

    def compute_output_shape(self, input_shape):
        if self._output_mode == "int":
            return (input_shape[0], self._output_sequence_length)
        lookup = self._lookup_layer
        depth = lookup.max_tokens if lookup.pad_to_max_tokens else lookup._frozen_vocab_size
        return (input_shape[0], depth)

    # --- saving ---------------------------------------------------------------------------------
    def save_own_variables(self, store):
        self._lookup_layer.save_own_variables(store)

    def load_own_variables(self, store):
        self._lookup_layer.load_own_variables(store)

    def save_assets(self, dir_path):
        self._lookup_layer.save_assets(dir_path)

    def load_assets(self, dir_path):
        self._lookup_layer.load_assets(dir_path)

    def get_config(self):
        lookup = self._lookup_layer
        vocabulary = lookup.input_vocabulary
        idf = lookup.input_idf_weights
        return {
            **super().get_config(),
            "max_tokens": lookup.max_tokens,
            "standardize": self._standardize if not callable(self._standardize) else _callable_config(
                self._standardize),
            "split": self._split if not callable(self._split) else _callable_config(self._split),
            "ngrams": list(self._ngrams_arg) if isinstance(self._ngrams_arg, tuple) else self._ngrams_arg,
            "output_mode": self._output_mode,
            "output_sequence_length": self._output_sequence_length,
            "pad_to_max_tokens": lookup.pad_to_max_tokens,
            "sparse": False, "ragged": False,
            "vocabulary": None if vocabulary is None else np.asarray(vocabulary).tolist(),
            "idf_weights": None if idf is None else np.asarray(idf).tolist(),
            "encoding": self._encoding,
            "vocabulary_size": self.vocabulary_size(),
        }

    @classmethod
    def from_config(cls, config):
        config = dict(config)
        for key in ("standardize", "split"):
            if isinstance(config.get(key), dict):  # a registered user function
                config[key] = object_registration.deserialize_object(config[key])
        return cls(**config)


def _callable_config(fn):
    return object_registration.serialize_object(fn)
