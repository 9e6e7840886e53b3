"""Golden values for the text and categorical preprocessing layers, with real Keras 3.

Keras's text layers need TensorFlow installed (even on the jax backend), so run it once, by
hand, in an environment that has tensorflow-cpu:

    KERAS_BACKEND=jax python tools/text_goldens.py

It writes tests/golden/text_goldens.json: per case the layer's arguments, the adapt data,
the inputs, Keras's vocabulary, outputs and (tf_idf) idf weights.
"""
import json
import os

os.environ.setdefault("KERAS_BACKEND", "jax")

import keras  # noqa: E402
import numpy as np  # noqa: E402

OUT = os.path.join(os.path.dirname(__file__), "..", "tests", "golden", "text_goldens.json")

CORPUS = [
    "The cat sat on the mat.",
    "The dog ate my homework!",
    "A cat, a dog, and a bird -- all friends?",
    "it's a DOG's life: Dogs & cats (and birds) [rarely] agree",
    "Ünïcödé Straße ÉCOLE tabs\tand\nnewlines",
    "the the the cat cat dog",
]
QUERIES = ["the cat and the dog", "an unseen word, the BIRD!", "", "Straße école dog's"]

# name -> (class, kwargs, adapt data or None, inputs, input shape "column" | "flat")
CASES = {
    "tv_default": ("TextVectorization", {}, CORPUS, QUERIES, "flat"),
    "tv_max_tokens_seq_len": ("TextVectorization", {"max_tokens": 8, "output_sequence_length": 5},
                              CORPUS, QUERIES, "column"),
    "tv_lower": ("TextVectorization", {"standardize": "lower"}, CORPUS, QUERIES, "flat"),
    "tv_strip": ("TextVectorization", {"standardize": "strip_punctuation"}, CORPUS, QUERIES, "flat"),
    "tv_no_standardize": ("TextVectorization", {"standardize": None}, CORPUS, QUERIES, "flat"),
    "tv_character": ("TextVectorization", {"split": "character", "max_tokens": 12,
                                           "output_sequence_length": 10}, CORPUS, QUERIES, "flat"),
    "tv_bigrams": ("TextVectorization", {"ngrams": 2, "max_tokens": 20}, CORPUS, QUERIES, "flat"),
    "tv_ngrams_tuple": ("TextVectorization", {"ngrams": (1, 3)}, CORPUS[:3], QUERIES, "flat"),
    "tv_multi_hot": ("TextVectorization", {"output_mode": "multi_hot", "max_tokens": 10}, CORPUS,
                     QUERIES, "flat"),
    "tv_count": ("TextVectorization", {"output_mode": "count"}, CORPUS, QUERIES, "flat"),
    "tv_tf_idf": ("TextVectorization", {"output_mode": "tf_idf", "max_tokens": 12}, CORPUS, QUERIES, "flat"),
    "tv_pad_to_max": ("TextVectorization", {"output_mode": "multi_hot", "max_tokens": 40,
                                            "pad_to_max_tokens": True}, CORPUS, QUERIES, "flat"),
    "tv_vocabulary": ("TextVectorization", {"vocabulary": ["cat", "the", "dog"],
                                            "output_sequence_length": 6}, None, QUERIES, "flat"),
    "tv_split_none": ("TextVectorization", {"split": None, "standardize": None},
                      ["red", "green", "red", "blue"], ["red", "blue", "pink"], "column"),
    "sl_adapt": ("StringLookup", {}, [["a", "b", "c"], ["b", "c", "c"], ["d", "a", "c"]],
                 [["a", "c", "z"], ["d", "b", "b"]], "rows"),
    "sl_mask": ("StringLookup", {"mask_token": "", "vocabulary": ["a", "b", "c"]}, None,
                [["a", "", "c"], ["q", "b", ""]], "rows"),
    "sl_one_hot": ("StringLookup", {"output_mode": "one_hot", "vocabulary": ["a", "b", "c"]}, None,
                   ["a", "c", "z"], "flat"),
    "sl_multi_hot": ("StringLookup", {"output_mode": "multi_hot", "vocabulary": ["a", "b", "c"]}, None,
                     [["a", "c", "a"], ["z", "b", "b"]], "rows"),
    "sl_count": ("StringLookup", {"output_mode": "count", "max_tokens": 4},
                 [["x", "y", "x"], ["z", "x", "w"]], [["x", "x", "y"], ["w", "q", "q"]], "rows"),
    "sl_invert": ("StringLookup", {"invert": True, "vocabulary": ["a", "b", "c"]}, None,
                  [[1, 3, 0], [2, 2, 7]], "int_rows"),
    "sl_zero_oov": ("StringLookup", {"num_oov_indices": 0, "vocabulary": ["a", "b", "c"]}, None,
                    [["a", "c"], ["b", "a"]], "rows"),
    "il_adapt": ("IntegerLookup", {}, [[12, 36, 1138], [42, 36, 36], [7, 12, 12]],
                 [[12, 1138, 42], [42, 1000, 36]], "int_rows"),
    "il_mask_multi_hot": ("IntegerLookup", {"mask_token": 0, "output_mode": "multi_hot",
                                            "vocabulary": [12, 36, 1138, 42]}, None,
                          [[12, 0, 42], [42, 1000, 36]], "int_rows"),
    "il_two_oov": ("IntegerLookup", {"num_oov_indices": 2, "vocabulary": [12, 36, 1138, 42]}, None,
                   [[12, 1138, 5], [42, 1000, 37]], "int_rows"),
    "il_invert": ("IntegerLookup", {"invert": True, "vocabulary": [12, 36, 1138, 42]}, None,
                  [[1, 3, 0], [4, 2, 9]], "int_rows"),
    "ce_one_hot": ("CategoryEncoding", {"num_tokens": 4, "output_mode": "one_hot"}, None,
                   [3, 2, 0, 1], "int_flat"),
    "ce_multi_hot": ("CategoryEncoding", {"num_tokens": 4, "output_mode": "multi_hot"}, None,
                     [[0, 1], [0, 0], [1, 2], [3, 1]], "int_rows"),
    "ce_count": ("CategoryEncoding", {"num_tokens": 5, "output_mode": "count"}, None,
                 [[0, 1, 1], [4, 4, 4], [2, 3, 2]], "int_rows"),
}


def as_input(values, kind):
    if kind == "column":
        return np.array(values)[:, None]
    if kind.startswith("int"):
        return np.array(values, dtype="int64")
    return np.array(values)


def jsonable(x):
    x = np.asarray(x)
    if x.dtype.kind in "SO":
        return [v.decode("utf-8") if isinstance(v, bytes) else v for v in x.reshape(-1).tolist()] \
            if x.ndim <= 1 else [jsonable(r) for r in x]
    return x.tolist()


TIMESERIES = {
    "ts_basic": {"sequence_length": 4, "batch_size": 3},
    "ts_stride_rate": {"sequence_length": 3, "sequence_stride": 2, "sampling_rate": 2, "batch_size": 4},
    "ts_start_end": {"sequence_length": 2, "start_index": 3, "end_index": 15, "batch_size": 5},
}


def timeseries_cases():
    data = np.arange(40, dtype="float32").reshape(20, 2)
    targets = np.arange(100, 120)
    out = {}
    for case, kwargs in TIMESERIES.items():
        ds = keras.utils.timeseries_dataset_from_array(data, targets, **kwargs)
        out[case] = {"kwargs": kwargs, "batches": [[np.asarray(x).tolist(), np.asarray(y).tolist()]
                                                   for x, y in ds]}
    return out


HASH_TEXTS = ["", "a", "ab", "abc", "abcd", "hello", "12345678", "ninebytes", "sixteen bytes!!!",
               "seventeen bytes!!", "a" * 31, "b" * 32, "thirty-three bytes of text here!!", "c" * 63,
               "d" * 64, "e" * 65, "Ünïcödé Straße", "x" * 127, "y" * 128, "z" * 129, "long " * 60]


def hashing_cases():
    import tensorflow as tf

    texts = np.array(HASH_TEXTS)
    out = {"texts": HASH_TEXTS,
           "buckets_fast": tf.strings.to_hash_bucket_fast(texts, 2**62).numpy().tolist(),
           "buckets_strong": tf.strings.to_hash_bucket_strong(texts, 2**62, key=[7, 11]).numpy().tolist()}
    layers = {
        "hash_int": ({"num_bins": 5}, np.array([[1], [22], [333], [-4], [5]])),
        "hash_mask_multi_hot": ({"num_bins": 6, "mask_value": "", "output_mode": "multi_hot"},
                                np.array([["a", "", "b"], ["", "c", "c"]])),
        "hash_salt": ({"num_bins": 7, "salt": 1337}, np.array([["A"], ["B"], ["a long string value"]])),
        "hash_one_hot": ({"num_bins": 4, "output_mode": "one_hot"}, np.array([["x"], ["y"], ["z"]])),
    }
    for case, (kwargs, inputs) in layers.items():
        result = np.asarray(keras.layers.Hashing(**kwargs)(inputs))
        out[case] = {"kwargs": kwargs, "inputs": inputs.tolist(), "outputs": result.tolist(),
                     "output_dtype": str(result.dtype)}
    return out


DISCRETIZATION = {
    "disc_boundaries": ({"bin_boundaries": [0.0, 1.0, 2.5]}, None),
    "disc_adapt": ({"num_bins": 4}, "normal"),
    "disc_adapt_eps": ({"num_bins": 5, "epsilon": 0.05, "output_mode": "one_hot"}, "normal"),
    "disc_count": ({"bin_boundaries": [-1.0, 0.0, 1.0], "output_mode": "count"}, None),
}


def discretization_cases():
    rng = np.random.default_rng(5)
    adapt_data = rng.standard_normal((500, 1)).astype("float32")
    inputs = np.round(rng.standard_normal((4, 3)) * 2, 2).astype("float32")
    out = {"adapt_data": adapt_data.ravel().tolist(), "inputs": inputs.tolist()}
    for case, (kwargs, adapt) in DISCRETIZATION.items():
        layer = keras.layers.Discretization(**kwargs)
        if adapt:
            layer.adapt(adapt_data)
        x = inputs[:, :1] if kwargs.get("output_mode") == "one_hot" else inputs
        result = np.asarray(layer(x))
        out[case] = {"kwargs": kwargs, "adapt": bool(adapt), "boundaries": list(map(float, layer.bin_boundaries)),
                     "outputs": result.tolist(), "output_dtype": str(result.dtype)}
    return out


def main():
    out = {}
    for case, (cls, kwargs, adapt, inputs, kind) in CASES.items():
        layer = getattr(keras.layers, cls)(**kwargs)
        if adapt is not None:
            layer.adapt(np.array(adapt, dtype=object if cls == "StringLookup" else None)
                        if cls != "TextVectorization" else np.array(adapt))
        try:
            result = np.asarray(keras.ops.convert_to_numpy(layer(as_input(inputs, kind))))
        except TypeError:  # jax cannot hold the strings an inverted lookup returns: read TF's tensor
            import tensorflow as tf

            ids = tf.constant(as_input(inputs, kind))
            result = layer.lookup_table.lookup(ids).numpy()  # the inverse table: id -> token
        entry = {"class": cls, "kwargs": kwargs, "adapt": adapt, "inputs": inputs, "kind": kind,
                 "outputs": jsonable(result), "output_dtype": str(result.dtype)}
        if hasattr(layer, "get_vocabulary"):
            entry["vocabulary"] = [str(v) if not isinstance(v, (int, np.integer)) else int(v)
                                   for v in layer.get_vocabulary()]
        out[case] = entry
    with open(OUT, "w", encoding="utf-8") as f:
        json.dump({"keras_version": keras.__version__, "cases": out, "timeseries": timeseries_cases(),
                   "hashing": hashing_cases(), "discretization": discretization_cases()}, f, indent=1, ensure_ascii=False)
    print(f"wrote {len(out)} cases to {os.path.normpath(OUT)} (Keras {keras.__version__})")


if __name__ == "__main__":
    main()
