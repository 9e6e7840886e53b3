"""IndexLookup: the vocabulary table behind StringLookup, IntegerLookup and TextVectorization.

Pure Python/NumPy. The index layout is Keras's: in "int" mode the mask token (if any) is
index 0, then `num_oov_indices` out-of-vocabulary indices, then the vocabulary; other modes
have no mask index. `adapt` counts tokens and orders them by count, ties broken by the
token's UTF-8 bytes, high to low (Keras's `np.lexsort(...)[::-1]`).
"""
import collections

import numpy as np

from numkeras.backend.tensor import Tensor
from numkeras.layers.layer import Layer
from numkeras.layers.preprocessing.categorical.category_encoding import encode_categorical

OUTPUT_MODES = ("int", "one_hot", "multi_hot", "count", "tf_idf")


class IndexLookup(Layer):
    """Maps tokens to indices (or back, with `invert=True`); see StringLookup for the arguments."""

    vocabulary_dtype = "string"

    def __init__(self, max_tokens=None, num_oov_indices=1, mask_token=None, oov_token="[UNK]",
                 vocabulary=None, idf_weights=None, invert=False, output_mode="int", sparse=False,
                 pad_to_max_tokens=False, name=None, **kwargs):
        vocabulary_size = kwargs.pop("vocabulary_size", None)
        self._has_input_vocabulary = kwargs.pop("has_input_vocabulary", vocabulary is not None)
        kwargs.pop("dtype", None)
        super().__init__(name=name, **kwargs)
        who = f"{type(self).__name__} '{self.name}'"
        if output_mode == "binary":
            output_mode = "multi_hot"
        if output_mode == "tf-idf":
            output_mode = "tf_idf"
        if output_mode not in OUTPUT_MODES:
            raise ValueError(f"{who}: `output_mode` must be one of {', '.join(OUTPUT_MODES)}, got "
                             f"{output_mode!r}.")
        if max_tokens is not None and (not isinstance(max_tokens, int) or max_tokens <= 1):
            raise ValueError(f"{who}: `max_tokens` must be None or an integer above 1, got {max_tokens!r}.")
        if not isinstance(num_oov_indices, int) or num_oov_indices < 0:
            raise ValueError(f"{who}: `num_oov_indices` must be an integer >= 0, got {num_oov_indices!r}.")
        if invert and output_mode != "int":
            raise ValueError(f"{who}: `invert=True` needs output_mode='int', got {output_mode!r}.")
        if sparse:
            raise ValueError(f"{who}: `sparse=True` needs the TensorFlow backend; numkeras returns "
                             f"dense arrays.")
        if pad_to_max_tokens and max_tokens is None:
            raise ValueError(f"{who}: `pad_to_max_tokens=True` needs `max_tokens`.")
        if output_mode == "tf_idf" and self._has_input_vocabulary and idf_weights is None:
            raise ValueError(f"{who}: with a `vocabulary` in 'tf_idf' mode, `idf_weights` must be given too.")
        self.max_tokens = max_tokens
        self.num_oov_indices = num_oov_indices
        self.mask_token = mask_token
        self.oov_token = oov_token
        self.invert = bool(invert)
        self.output_mode = output_mode
        self.sparse = False
        self.pad_to_max_tokens = bool(pad_to_max_tokens)
        self.input_vocabulary = vocabulary if not isinstance(vocabulary, str) else None
        self.input_idf_weights = idf_weights
        self._tokens = []  # the learned or given vocabulary, special tokens excluded
        self._index = {}
        self.idf_weights = None
        self._frozen_vocab_size = vocabulary_size
        self.reset_state()
        if vocabulary is not None:
            self.set_vocabulary(vocabulary, idf_weights)
        self.built = True

    # --- the index layout --------------------------------------------------------------------
    def _oov_start_index(self):
        return 1 if self.mask_token is not None and self.output_mode == "int" else 0

    def _token_start_index(self):
        return self._oov_start_index() + self.num_oov_indices

    def vocabulary_size(self):
        """The number of indices the layer can output, mask and OOV indices included."""
        return self._token_start_index() + len(self._tokens)

    def get_vocabulary(self, include_special_tokens=True):
        """The token of each index; `[UNK]`-like OOV tokens and the mask token first."""
        special = [self.oov_token] * self._token_start_index()
        if self.mask_token is not None and self.output_mode == "int":
            special[0] = self.mask_token
        tokens = list(self._tokens)
        return special + tokens if include_special_tokens else tokens

    # --- setting and learning a vocabulary ---------------------------------------------------
    def _standardize_tokens(self, tokens):
        return [str(t) for t in tokens]

    def set_vocabulary(self, vocabulary, idf_weights=None):
        """Sets the vocabulary (a list/array, or a path to a file of one token per line)."""
        who = f"{type(self).__name__} '{self.name}'"
        if isinstance(vocabulary, str):
            vocabulary = _read_vocabulary_file(vocabulary, who)
        tokens = self._standardize_tokens(np.asarray(vocabulary).reshape(-1).tolist())
        if not tokens:
            raise ValueError(f"{who}: cannot set an empty vocabulary.")
        special = [self.mask_token] * self._oov_start_index() + [self.oov_token] * self.num_oov_indices
        special = self._standardize_tokens([t for t in special])
        if tokens[:len(special)] == special:
            tokens = tokens[len(special):]
        repeated = sorted(t for t, n in collections.Counter(tokens).items() if n > 1)
        if repeated:
            raise ValueError(f"{who}: the vocabulary has repeated terms {repeated[:10]}; each term "
                             f"must appear once.")
        if self.mask_token is not None and self._standardize_tokens([self.mask_token])[0] in tokens:
            raise ValueError(f"{who}: the mask token {self.mask_token!r} is inside the vocabulary; "
                             f"leave it out, or put the special tokens first in this order: {special}.")
        if self.invert and self.oov_token is not None and str(self.oov_token) in tokens:
            raise ValueError(f"{who}: the OOV token {self.oov_token!r} is inside the vocabulary; leave "
                             f"it out, or put the special tokens first in this order: {special}.")
        size = self._token_start_index() + len(tokens)
        if self.max_tokens is not None and size > self.max_tokens:
            raise ValueError(f"{who}: the vocabulary has {size} entries with the special tokens, more "
                             f"than max_tokens={self.max_tokens}.")
        self._set_tokens(tokens)
        if self.output_mode == "tf_idf":
            if idf_weights is None:
                raise ValueError(f"{who}: 'tf_idf' mode needs `idf_weights` with the vocabulary.")
            weights = np.asarray(idf_weights, dtype=self.compute_dtype).reshape(-1)
            if weights.size != len(vocabulary):
                raise ValueError(f"{who}: `idf_weights` must be as long as the vocabulary "
                                 f"({len(vocabulary)}), got {weights.size}.")
            if weights.size == len(tokens):  # Keras pads the OOV slots with the mean weight
                weights = np.concatenate([np.full(self._token_start_index(), weights.mean(),
                                                  weights.dtype), weights])
            self.idf_weights = self._pad_idf(weights)
        elif idf_weights is not None:
            raise ValueError(f"{who}: `idf_weights` is only used in 'tf_idf' mode.")

    def _set_tokens(self, tokens):
        self._tokens = list(tokens)
        start = self._token_start_index()
        self._index = {t: i + start for i, t in enumerate(self._tokens)}
        self._frozen_vocab_size = self.vocabulary_size()

    def _pad_idf(self, weights):
        if self.pad_to_max_tokens and self.max_tokens is not None and weights.size < self.max_tokens:
            weights = np.concatenate([weights, np.zeros(self.max_tokens - weights.size, weights.dtype)])
        return weights

    def reset_state(self):
        self._counts = collections.Counter()
        self._document_counts = collections.Counter()
        self._num_documents = 0

    def update_state(self, data):
        """Counts the tokens of one batch (rows are documents for tf_idf)."""
        if self._has_input_vocabulary:
            raise ValueError(f"Cannot adapt layer '{self.name}' after setting a static vocabulary via "
                             f"the `vocabulary` argument or `set_vocabulary()`.")
        rows = _rows(data)
        for row in rows:
            self._counts.update(row)
        if self.output_mode == "tf_idf":
            for row in rows:
                self._document_counts.update(set(row))
            self._num_documents += len(rows)

    def finalize_state(self):
        if self._has_input_vocabulary or not self._counts:
            return
        counts = self._counts
        for special in (self.mask_token, self.oov_token):
            if special is not None:
                counts.pop(self._standardize_tokens([special])[0], None)
        tokens = list(counts)
        order = _keras_frequency_order(tokens, [counts[t] for t in tokens])
        if self.max_tokens:
            order = order[:self.max_tokens - self._token_start_index()]
        tokens = [tokens[i] for i in order]
        self._set_tokens(tokens)
        if self.output_mode == "tf_idf":
            doc = np.array([self._document_counts[t] for t in tokens], dtype=np.float64)
            idf = np.log(1 + self._num_documents / (1 + doc)).astype(self.compute_dtype)
            mean = idf.mean() if idf.size else 0.0
            self.idf_weights = self._pad_idf(np.concatenate(
                [np.full(self._token_start_index(), mean, idf.dtype), idf]))
        self.reset_state()

    def adapt(self, data, batch_size=None, steps=None):
        """Learns the vocabulary from `data`: an array or list, or an iterable of batches."""
        self.reset_state()
        for i, batch in enumerate(_batches(data)):
            if steps is not None and i >= steps:
                break
            self.update_state(self._preprocess_adapt(batch))
        self.finalize_state()

    def _preprocess_adapt(self, batch):
        return batch

    # --- calling -------------------------------------------------------------------------------
    def __call__(self, inputs, *args, **kwargs):
        from numkeras.layers.input_layer import KerasTensor

        if isinstance(inputs, KerasTensor):
            return super().__call__(inputs, *args, **kwargs)
        kwargs.pop("training", None)
        kwargs.pop("mask", None)
        return self.call(inputs)

    def call(self, inputs):
        values = self._as_keys(inputs)
        if self.invert:
            return Tensor(self._invert(values))
        if self.output_mode != "int" and not self.pad_to_max_tokens and self._frozen_vocab_size is None:
            raise RuntimeError(f"{type(self).__name__} '{self.name}': with output_mode="
                               f"{self.output_mode!r} and pad_to_max_tokens=False, set the vocabulary "
                               f"(the `vocabulary` argument or adapt()) before calling the layer.")
        ids = self.lookup(values)
        if self.output_mode == "int":
            return Tensor(ids)
        depth = self.max_tokens if self.pad_to_max_tokens else self.vocabulary_size()
        if self.mask_token is not None:  # the mask token is no index outside "int" mode
            ids = np.where(values == self._mask_key(), -1, ids)
        mode = self.output_mode
        # Keras gives int64 vectors here (its lookup's value type), floats only for tf_idf.
        out = encode_categorical(ids, "count" if mode == "tf_idf" else mode, depth,
                                 self.compute_dtype if mode == "tf_idf" else "int64")
        if self.output_mode == "tf_idf":
            out = out * self.idf_weights[:depth].astype(out.dtype)
        return Tensor(out)


    def lookup(self, values):
        """The int64 index of each key of `values` (an array)."""
        if values.size == 0:
            return np.zeros(values.shape, np.int64)
        uniques, inverse = np.unique(values, return_inverse=True)
        table = np.empty(uniques.shape, np.int64)
        default = self._oov_start_index() if self.num_oov_indices == 1 else -1
        for i, key in enumerate(uniques.tolist()):
            table[i] = self._index.get(self._key_of(key), default)
        if self.num_oov_indices > 1:
            missing = table == -1
            if missing.any():
                table[missing] = self._oov_start_index() + self._oov_buckets(uniques[missing])
        elif self.num_oov_indices == 0 and (table == -1).any():
            bad = uniques[table == -1][:5].tolist()
            raise ValueError(f"{type(self).__name__} '{self.name}': with num_oov_indices=0 every input "
                             f"must be in the vocabulary; found {bad}. Set num_oov_indices=1.")
        ids = table[inverse.reshape(values.shape)]
        if self.mask_token is not None and self.output_mode == "int":
            ids = np.where(values == self._mask_key(), 0, ids)
        return ids

    def _invert(self, ids):
        ids = np.asarray(ids).astype(np.int64)
        vocabulary = np.array(self.get_vocabulary(), dtype=object)
        oov = self.oov_token if self.oov_token is not None else ""
        safe = np.where((ids >= 0) & (ids < vocabulary.size), ids, 0)
        out = np.where((ids >= 0) & (ids < vocabulary.size), vocabulary[safe], oov)
        if self.mask_token is not None:
            out = np.where(ids == 0, self.mask_token, out)
        return self._inverted_array(out)

    def compute_output_shape(self, input_shape):
        if self.output_mode == "int":
            return tuple(input_shape)
        depth = self.max_tokens if self.pad_to_max_tokens else self._frozen_vocab_size
        return tuple(input_shape[:-1]) + (depth,) if len(input_shape) > 1 else (depth,)

    # --- saving ---------------------------------------------------------------------------------
    def save_own_variables(self, store):
        if self.output_mode == "tf_idf" and self.idf_weights is not None:
            store["idf_weights"] = self.idf_weights

    def load_own_variables(self, store):
        if self.output_mode == "tf_idf" and "idf_weights" in store.keys():
            self.idf_weights = np.asarray(store["idf_weights"])

    def save_assets(self, dir_path):
        """Writes `vocabulary.txt` (one token a line) as Keras does, unless the config holds it."""
        if self.input_vocabulary is not None:
            return
        import os

        with open(os.path.join(dir_path, "vocabulary.txt"), "w", encoding="utf-8") as f:
            f.write("\n".join(str(w) for w in self.get_vocabulary(include_special_tokens=True)))

    def load_assets(self, dir_path):
        if self.input_vocabulary is not None:
            return
        import os

        path = os.path.join(dir_path, "vocabulary.txt")
        if not os.path.exists(path):
            return
        with open(path, encoding="utf-8") as f:
            lines = f.read().splitlines()
        while lines and lines[-1] == "":
            lines.pop()
        if lines:
            idf = self.idf_weights
            self._has_input_vocabulary = False
            self.set_vocabulary(lines, idf_weights=idf if self.output_mode == "tf_idf" else None)

    def get_config(self):
        vocabulary = self.input_vocabulary
        if isinstance(vocabulary, np.ndarray):
            vocabulary = vocabulary.tolist()
        idf = self.input_idf_weights
        return {
            **super().get_config(),
            "invert": self.invert, "max_tokens": self.max_tokens,
            "num_oov_indices": self.num_oov_indices, "oov_token": self.oov_token,
            "mask_token": self.mask_token, "output_mode": self.output_mode, "sparse": self.sparse,
            "pad_to_max_tokens": self.pad_to_max_tokens,
            "vocabulary": None if vocabulary is None else list(vocabulary),
            "idf_weights": None if idf is None else np.asarray(idf).tolist(),
            "vocabulary_size": self.vocabulary_size() if self._tokens else self._frozen_vocab_size,
            "has_input_vocabulary": self._has_input_vocabulary,
        }

    # --- key handling (StringLookup / IntegerLookup override) ------------------------------------
    def _as_keys(self, inputs):
        return np.asarray(getattr(inputs, "value", inputs))

    def _key_of(self, key):
        return key

    def _mask_key(self):
        return self.mask_token

    def _oov_buckets(self, keys):
        from numkeras.layers.preprocessing.categorical.hashing import hash_buckets

        return hash_buckets(keys, self.num_oov_indices)

    def _inverted_array(self, out):
        return out


def _keras_frequency_order(tokens, counts):
    """Indices of `tokens` by count, high to low, ties by UTF-8 bytes high to low (as Keras)."""
    keys = np.array([t.encode("utf-8") if isinstance(t, str) else t for t in tokens])
    return np.lexsort((keys, np.asarray(counts)))[::-1].tolist()


def _rows(data):
    """A batch as a list of rows (documents) of hashable tokens."""
    if isinstance(data, Tensor):
        data = data.value
    if isinstance(data, np.ndarray):
        if data.ndim == 0:
            return [[data.item()]]
        if data.ndim == 1:
            return [data.tolist()]
        return [np.asarray(row).reshape(-1).tolist() for row in data]
    if isinstance(data, (list, tuple)) and data and isinstance(data[0], (list, tuple, np.ndarray)):
        return [np.asarray(row).reshape(-1).tolist() if isinstance(row, np.ndarray) else list(row)
                for row in data]
    return [list(data)]


def _batches(data):
    if isinstance(data, (np.ndarray, list, tuple, Tensor)):
        yield data
        return
    if hasattr(data, "__getitem__") and hasattr(data, "__len__"):  # a PyDataset: (x, ...) batches
        for i in range(len(data)):
            batch = data[i]
            yield batch[0] if isinstance(batch, tuple) else batch
        return
    for batch in data:
        yield batch[0] if isinstance(batch, tuple) else batch


def _read_vocabulary_file(path, who):
    import os

    if not os.path.exists(path):
        raise ValueError(f"{who}: vocabulary file {path!r} does not exist.")
    with open(path, encoding="utf-8") as f:
        lines = f.read().splitlines()
    while lines and lines[-1] == "":
        lines.pop()
    if not lines:
        raise ValueError(f"{who}: vocabulary file {path!r} is empty; it needs one term per line.")
    return lines
