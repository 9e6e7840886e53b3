"""Boston housing prices: 506 districts, 13 features, median value in k$.

Keras keeps this data set for compatibility and warns about it: one feature ("B") encodes
a racial proportion. Prefer `california_housing` except to discuss that problem.
"""
from numkeras.datasets._checks import check_int, check_test_split
from numkeras.datasets._remote import KERAS_DATASETS_URL, RemoteFile, fetch
from numkeras.datasets._tabular import load_xy, shuffle_and_split

DATA_FILE = RemoteFile(
    "boston_housing.npz",
    KERAS_DATASETS_URL + "boston_housing.npz",
    "f553886a1f8d56431e820c5b82552d9d95cfcb96d1e678153f8839538947dff5",
)


def load_data(path="boston_housing.npz", test_split=0.2, seed=113):
    """Loads the Boston housing data set, shuffled and split as Keras does.

    Args:
        path: file name in the cache (`$NUMKERAS_HOME/datasets/`), or a path to a local copy.
        test_split: fraction in [0, 1) of the rows used for testing.
        seed: seed of the shuffle (`np.random.RandomState(seed)`).

    Returns:
        `(x_train, y_train), (x_test, y_test)`: x float64 of shape (n, 13), y float64 (n,).

    Example:
    >>> (x_train, y_train), (x_test, y_test) = load_data()  # doctest: +SKIP
    >>> x_train.shape, x_test.shape  # doctest: +SKIP
    ((404, 13), (102, 13))
    >>> y_train[:3].tolist()  # doctest: +SKIP
    [15.2, 42.3, 50.0]
    """
    test_split = check_test_split("boston_housing.load_data", test_split)
    seed = check_int("boston_housing.load_data", "seed", seed, min_value=0, allow_none=True)
    x, y = load_xy(fetch(DATA_FILE, path))
    return shuffle_and_split(x, y, test_split, seed)
