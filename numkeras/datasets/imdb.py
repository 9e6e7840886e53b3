"""IMDB movie reviews labelled by sentiment, encoded as lists of word indices."""

import numpy as np

from numkeras.datasets import _sequences as seq
from numkeras.datasets._npz import load_npz
from numkeras.datasets._remote import KERAS_DATASETS_URL, RemoteFile, fetch

DATA_FILE = RemoteFile(
    "imdb.npz",
    KERAS_DATASETS_URL + "imdb.npz",
    "69664113be75683a8fe16e3ed0ab59fda8886cb3cd7ada244f7d9544e4676b9f",
)
WORD_INDEX_FILE = RemoteFile(
    "imdb_word_index.json",
    KERAS_DATASETS_URL + "imdb_word_index.json",
    "bfafd718b763782e994055a2d397834f",
)


def load_data(
    path="imdb.npz",
    num_words=None,
    skip_top=0,
    maxlen=None,
    seed=113,
    start_char=1,
    oov_char=2,
    index_from=3,
    **kwargs,
):
    """Loads IMDB: 25,000 training and 25,000 test reviews, positive (1) or negative (0).

    Words are indexed by how often they occur (index 1 is the most frequent word); 0 is
    kept for padding, `start_char` marks the start of a review and `oov_char` replaces
    words cut by `num_words`/`skip_top`. Same results as `keras.datasets.imdb.load_data`.

    Args:
        path: file name in the cache (`$NUMKERAS_HOME/datasets/`), or a path to a local copy.
        num_words: keep only the `num_words` most frequent indices (after the shift by
            `index_from`); None keeps all.
        skip_top: also treat indices below `skip_top` as out of vocabulary.
        maxlen: drop (not truncate) reviews whose length, start marker included, is
            `maxlen` or more. None keeps all.
        seed: seed of the shuffle (`np.random.RandomState(seed)`).
        start_char: index put at the start of every review; None for none.
        oov_char: index that replaces out-of-vocabulary words; None removes them.
        index_from: offset added to every word index.

    Returns:
        `(x_train, y_train), (x_test, y_test)`: x are 1-D object arrays of lists of int,
        y are int arrays of 0/1 labels.

    Example:
    >>> (x_train, y_train), (x_test, y_test) = load_data(num_words=10000)  # doctest: +SKIP
    >>> x_train.shape, y_train.shape  # doctest: +SKIP
    ((25000,), (25000,))
    """
    if kwargs:
        raise TypeError(f"imdb.load_data() got unexpected keyword arguments: {sorted(kwargs)}.")
    args = seq.check_index_arguments(
        "imdb.load_data", num_words, skip_top, maxlen, seed, start_char, oov_char, index_from
    )
    arrays = load_npz(fetch(DATA_FILE, path))
    x_train, y_train = arrays["x_train"], arrays["y_train"]
    x_test, y_test = arrays["x_test"], arrays["y_test"]

    # One generator shuffles the training set, then the test set.
    rng = np.random.RandomState(args["seed"])
    x_train, y_train = seq.shuffle(rng, x_train, y_train)
    x_test, y_test = seq.shuffle(rng, x_test, y_test)

    start_char, index_from = args["start_char"], args["index_from"]
    train = seq.shift_indices(seq.Sequences.from_lists(x_train), start_char, index_from)
    test = seq.shift_indices(seq.Sequences.from_lists(x_test), start_char, index_from)
    if args["maxlen"]:
        train, y_train = seq.drop_long(train, y_train, args["maxlen"])
        test, y_test = seq.drop_long(test, y_test, args["maxlen"])
        if len(train) == 0 or len(test) == 0:
            raise ValueError(
                f"imdb.load_data(): no review is shorter than maxlen={args['maxlen']} in the "
                f"{'training' if len(train) == 0 else 'test'} set; increase maxlen."
            )

    both = seq.concatenate(train, test)
    num_words = args["num_words"] or seq.default_num_words(both, "imdb.load_data")
    both = seq.limit_vocabulary(both, num_words, args["skip_top"], args["oov_char"])
    labels = np.concatenate([y_train, y_test])

    n_train = len(train)
    x_train, x_test = both.to_object_array(0, n_train), both.to_object_array(n_train)
    return (x_train, labels[:n_train]), (x_test, labels[n_train:])


def get_word_index(path="imdb_word_index.json"):
    """Returns the dict mapping each word to its frequency rank (1 = most frequent).

    In the sequences of `load_data`, a word of rank r has index `r + index_from`.

    Args:
        path: file name in the cache, or a path to a local copy.

    Returns:
        dict of word (str) -> rank (int).

    Example:
    >>> word_index = get_word_index()  # doctest: +SKIP
    >>> word_index["the"]  # doctest: +SKIP
    1
    """
    return seq.read_word_index(fetch(WORD_INDEX_FILE, path))
