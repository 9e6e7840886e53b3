"""Reuters newswires labelled over 46 topics, encoded as lists of word indices."""

import numpy as np

from numkeras.datasets import _sequences as seq
from numkeras.datasets._checks import check_test_split
from numkeras.datasets._npz import load_npz
from numkeras.datasets._remote import KERAS_DATASETS_URL, RemoteFile, fetch

DATA_FILE = RemoteFile(
    "reuters.npz",
    KERAS_DATASETS_URL + "reuters.npz",
    "d6586e694ee56d7a4e65172e12b3e987c03096cb01eab99753921ef915959916",
)
WORD_INDEX_FILE = RemoteFile(
    "reuters_word_index.json",
    KERAS_DATASETS_URL + "reuters_word_index.json",
    "4d44cc38712099c9e383dc6e5f11a921",
)

# Topic names, in label order.
LABEL_NAMES = (
    "cocoa", "grain", "veg-oil", "earn", "acq", "wheat", "copper", "housing", "money-supply",
    "coffee", "sugar", "trade", "reserves", "ship", "cotton", "carcass", "crude", "nat-gas",
    "cpi", "money-fx", "interest", "gnp", "meal-feed", "alum", "oilseed", "gold", "tin",
    "strategic-metal", "livestock", "retail", "ipi", "iron-steel", "rubber", "heat", "jobs",
    "lei", "bop", "zinc", "orange", "pet-chem", "dlr", "gas", "silver", "wpi", "hog", "lead",
)  # fmt: skip


def load_data(
    path="reuters.npz",
    num_words=None,
    skip_top=0,
    maxlen=None,
    test_split=0.2,
    seed=113,
    start_char=1,
    oov_char=2,
    index_from=3,
):
    """Loads the Reuters newswire data set: 11,228 newswires over 46 topics.

    The whole set is shuffled once, encoded like IMDB (see `numkeras.datasets.imdb`), then
    split. Same results as `keras.datasets.reuters.load_data`.

    Args:
        path: file name in the cache (`$NUMKERAS_HOME/datasets/`), or a path to a local copy.
        num_words: keep only the `num_words` most frequent indices; None keeps all.
        skip_top: also treat indices below `skip_top` as out of vocabulary.
        maxlen: drop (not truncate) newswires of length `maxlen` or more; None keeps all.
        test_split: fraction in [0, 1) of the samples used for testing.
        seed: seed of the shuffle.
        start_char: index put at the start of every newswire; None for none.
        oov_char: index that replaces out-of-vocabulary words; None removes them.
        index_from: offset added to every word index.

    Returns:
        `(x_train, y_train), (x_test, y_test)`: x are object arrays of lists of int, y are
        int topic labels 0-45 (see `get_label_names()`).

    Example:
    >>> (x_train, y_train), (x_test, y_test) = load_data(num_words=10000)  # doctest: +SKIP
    >>> len(x_train), len(x_test)  # doctest: +SKIP
    (8982, 2246)
    """
    args = seq.check_index_arguments(
        "reuters.load_data", num_words, skip_top, maxlen, seed, start_char, oov_char, index_from
    )
    test_split = check_test_split("reuters.load_data", test_split)
    arrays = load_npz(fetch(DATA_FILE, path))

    rng = np.random.RandomState(args["seed"])
    xs, labels = seq.shuffle(rng, arrays["x"], arrays["y"])
    sequences = seq.Sequences.from_lists(xs)
    sequences = seq.shift_indices(sequences, args["start_char"], args["index_from"])
    if args["maxlen"]:
        sequences, labels = seq.drop_long(sequences, labels, args["maxlen"])
    num_words = args["num_words"] or seq.default_num_words(sequences, "reuters.load_data")
    sequences = seq.limit_vocabulary(sequences, num_words, args["skip_top"], args["oov_char"])

    split = int(len(sequences) * (1 - test_split))
    y_train, y_test = labels[:split].copy(), labels[split:].copy()
    if args["maxlen"]:
        # Keras turns the labels into a list when it drops long newswires, and NumPy makes
        # an empty list float64; kept so an empty split has Keras's dtype too.
        y_train, y_test = (y if len(y) else np.array([]) for y in (y_train, y_test))
    x_train, x_test = sequences.to_object_array(0, split), sequences.to_object_array(split)
    return (x_train, y_train), (x_test, y_test)


def get_word_index(path="reuters_word_index.json"):
    """The Reuters words' frequency ranks, as `imdb.get_word_index` gives the IMDB reviews'.

    Example:
    >>> get_word_index()["the"]  # doctest: +SKIP
    1
    """
    return seq.read_word_index(fetch(WORD_INDEX_FILE, path))


def get_label_names():
    """Returns the 46 topic names as a tuple whose positions are the labels.

    Returns:
        tuple of str.

    Example:
    >>> get_label_names()[3]
    'earn'
    """
    return LABEL_NAMES
