"""Helpers for the preludes: glue that must not be pasted into the notes' code.

The preludes run in the script's namespace just before it (`NUMKERAS_RUN_PRELUDE`);
the test puts this folder on PYTHONPATH so they can import this module.
"""
import functools
import hashlib
import os

STANDINS_ENV = "NUMKERAS_TEST_STANDINS"  # comma-separated cache file names


def _sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def use_standins():
    """Lets the IMDB/Reuters loaders take the stand-in files the test put in the cache.

    The stand-ins have the real files' format but not their hash, so each loader's
    RemoteFile gets the stand-in's hash, and an origin that cannot be reached (the
    cached file is used; nothing is downloaded).
    """
    from numkeras.datasets import _remote, imdb, reuters

    names = {n for n in os.environ.get(STANDINS_ENV, "").split(",") if n}
    for module in (imdb, reuters):
        for attr in ("DATA_FILE", "WORD_INDEX_FILE"):
            remote = getattr(module, attr)
            if remote.fname not in names:
                continue
            path = os.path.join(os.environ["NUMKERAS_HOME"], remote.cache_subdir, remote.fname)
            setattr(module, attr, _remote.RemoteFile(remote.fname, "http://127.0.0.1:9/unreachable",
                                                     _sha256(path), remote.cache_subdir))


def shrink(loader_module, n_train, n_test=None):
    """Makes `loader_module.load_data` return only the first samples of each split."""
    load_data = loader_module.load_data

    @functools.wraps(load_data)
    def first_samples(*args, **kwargs):
        (x, y), (x_test, y_test) = load_data(*args, **kwargs)
        m = n_train if n_test is None else n_test
        return (x[:n_train], y[:n_train]), (x_test[:m], y_test[:m])

    loader_module.load_data = first_samples


def subsample_grid_search(n):
    """GridSearchCV.fit sees only the first `n` samples (the notes' code fixes the array sizes
    at 60,000, so the data can only be shrunk where it reaches the search)."""
    from sklearn.model_selection import GridSearchCV

    fit = GridSearchCV.fit

    @functools.wraps(fit)
    def fit_on_first(self, X, y=None, **params):
        return fit(self, X[:n], None if y is None else y[:n], **params)

    GridSearchCV.fit = fit_on_first
