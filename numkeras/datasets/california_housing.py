"""California housing prices (1990 census): 20,640 block groups, 8 features, value in $."""
from numkeras.datasets._checks import check_choice, check_int, check_test_split
from numkeras.datasets._remote import KERAS_DATASETS_URL, RemoteFile, fetch
from numkeras.datasets._tabular import load_xy, shuffle_and_split

DATA_FILE = RemoteFile(
    "california_housing.npz",
    KERAS_DATASETS_URL + "california_housing.npz",
    "1a2e3a52e0398de6463aebe6f4a8da34fb21fbb6b934cf88c3425e766f2a1a6f",
)

# The "small" version is the first rows of the file, a stand-in for Boston housing's size.
SMALL_VERSION_ROWS = 600


def load_data(version="large", path="california_housing.npz", test_split=0.2, seed=113):
    """Loads the California housing data set, shuffled and split as Keras does.

    Features: MedInc, HouseAge, AveRooms, AveBedrms, Population, AveOccup, Latitude,
    Longitude. Target: median house value in dollars.

    Args:
        version: "large" (all 20,640 rows) or "small" (the first 600 rows).
        path: file name in the cache (`$NUMKERAS_HOME/datasets/`), or a path to a local copy.
        test_split: fraction in [0, 1) of the rows used for testing.
        seed: seed of the shuffle (`np.random.RandomState(seed)`).

    Returns:
        `(x_train, y_train), (x_test, y_test)`: x of shape (n, 8), y of shape (n,).

    Example:
    >>> (x_train, y_train), (x_test, y_test) = load_data(version="small")  # doctest: +SKIP
    >>> x_train.shape, x_test.shape  # doctest: +SKIP
    ((480, 8), (120, 8))
    """
    loader = "california_housing.load_data"
    check_choice(loader, "version", version, ("large", "small"))
    test_split = check_test_split(loader, test_split)
    seed = check_int(loader, "seed", seed, min_value=0, allow_none=True)
    x, y = load_xy(fetch(DATA_FILE, path))
    if version == "small":
        x, y = x[:SMALL_VERSION_ROWS], y[:SMALL_VERSION_ROWS]
    return shuffle_and_split(x, y, test_split, seed)
