"""Fixtures of the scikit-learn wrapper tests: small data sets, MNIST, one Dask cluster per session."""
import contextlib

import numpy as np
import pytest
import sklearn_wrapper_models
from data_files import data_file


def _register_models_by_value():
    # Worker processes then need numkeras, not this test folder, on their path:
    # the build functions travel inside the pickled estimators.
    try:
        import cloudpickle
    except ImportError:  # pragma: no cover - older joblib vendors it
        from joblib.externals import cloudpickle
    cloudpickle.register_pickle_by_value(sklearn_wrapper_models)


_register_models_by_value()


@pytest.fixture(scope="session")
def blobs():
    """90 samples, 4 features, 3 well-separated classes (float X, int labels 0-2)."""
    from sklearn.datasets import make_blobs
    from sklearn.preprocessing import StandardScaler

    X, y = make_blobs(n_samples=90, n_features=4, centers=3, cluster_std=1.0, random_state=0)
    return StandardScaler().fit_transform(X).astype("float32"), y


@pytest.fixture(scope="session")
def regression_data():
    """120 samples, 5 features, a linear target with little noise, scaled."""
    rng = np.random.default_rng(0)
    X = rng.standard_normal((120, 5)).astype("float32")
    y = X @ np.array([1.5, -2.0, 0.5, 0.0, 1.0]) + 0.05 * rng.standard_normal(120)
    return X, (y / y.std()).astype("float64")


@pytest.fixture(scope="session")
def mnist_subset():
    """The seed lab's data: 1,500 training images, flattened to 784 floats in [0, 1], one-hot labels."""
    import numkeras as keras

    with np.load(data_file("mnist.npz")) as data:
        images, labels = data["x_train"][:1500], data["y_train"][:1500]
    train_images = images.reshape((1500, 28 * 28)).astype("float32") / 255
    return train_images, keras.utils.to_categorical(labels)


@pytest.fixture(scope="session")
def dask_client():
    """A real two-process Dask cluster on 127.0.0.1, closed at the end of the session."""
    from distributed import Client, LocalCluster

    with contextlib.ExitStack() as stack:
        cluster = stack.enter_context(LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
            dashboard_address=None, silence_logs=40))
        client = stack.enter_context(Client(cluster))
        yield client
