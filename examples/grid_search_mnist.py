"""Lab (notes 001): grid search over epochs and batch size on MNIST, with scikit-learn.

    python examples/grid_search_mnist.py [--quick] [--seed N] [--n-jobs N] [--dask [ADDRESS]]

The lab body below is the lecture's code; only the imports changed (`tf.keras`
-> `numkeras`, and the KerasClassifier that TensorFlow removed comes from
`numkeras.wrappers.scikit_learn`) plus `random_state=`, so the search prints the
same numbers on every run and on every backend, and `verbose=`: the fits in the
worker processes train silently (their progress bars would interleave) and the
search reports its progress once. It runs on every core, as in the lecture
(`n_jobs=-1`), or on a Dask cluster (docs/scale_out.md):

    python examples/grid_search_mnist.py --dask                       # 2-worker local cluster
    python examples/grid_search_mnist.py --dask tcp://scheduler:8786  # an existing cluster

Options: --quick (the first 1,500 training images), --subset N, --n-jobs N (default -1),
--seed N (the estimators' random_state), --verbose V (each fit's Keras progress output:
default 0; 1 shows every worker's progress bars, as the lecture's code does).
"""
import contextlib
import pathlib
import time

import labkit  # first: it lets the lab run from a source checkout without installing
import numpy as np
from sklearn.model_selection import GridSearchCV

import numkeras as keras
from numkeras.wrappers.scikit_learn import KerasClassifier

LOCAL_MNIST = pathlib.Path(__file__).resolve().parents[2] / "shared" / "datasets" / "mnist.npz"


def load_mnist():
    # A local copy if there is one beside the repository; otherwise Keras's download (cached).
    path = str(LOCAL_MNIST) if LOCAL_MNIST.exists() else "mnist.npz"
    return keras.datasets.mnist.load_data(path=path)


# 신경망 모델 구축
def build_model():
    network = keras.models.Sequential()
    network.add(keras.layers.Dense(512, activation='relu', input_shape=(28 * 28,)))
    network.add(keras.layers.Dense(10, activation='sigmoid'))

    network.compile(optimizer='rmsprop',
                    loss='categorical_crossentropy',
                    metrics=['accuracy'])
    return network


def lab(train_images, train_labels, n_jobs, verbose, random_state):
    # 하이퍼 매개변수 딕셔너리
    param_grid = {
        'epochs': [1, 2, 3],  # 에포크 수: 1, 2, 3
        'batch_size': [32, 64]  # 배치 크기: 32, 64
    }

    # 케라스 모델을 sklearn에서 사용하도록 포장한다.
    model = KerasClassifier(build_fn=build_model, verbose=verbose, random_state=random_state)

    # 그리드 검색
    gs = GridSearchCV(
        estimator=model,
        param_grid=param_grid,
        cv=3,
        n_jobs=n_jobs,
        verbose=1  # the search's own progress: the number of fits, then when they are done
    )

    # 그리드 검색 결과 출력
    grid_result = gs.fit(train_images, train_labels)
    print(grid_result.best_score_)
    print(grid_result.best_params_)
    return grid_result


@contextlib.contextmanager
def dask_backend(address):
    """joblib's Dask backend on the cluster at `address`, or on a 2-worker local one."""
    import joblib
    from distributed import Client, LocalCluster

    with contextlib.ExitStack() as stack:
        if address:
            client = stack.enter_context(Client(address))
        else:
            cluster = stack.enter_context(LocalCluster(
                n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                dashboard_address=None))
            client = stack.enter_context(Client(cluster))
        print(f"Dask cluster: {client.scheduler.address}, "
              f"{len(client.scheduler_info()['workers'])} workers")
        stack.enter_context(joblib.parallel_backend("dask"))
        yield


def add_options(parser):
    parser.add_argument("--n-jobs", type=int, default=-1)
    parser.add_argument("--subset", type=int, default=None, help="use the first N training images")
    parser.add_argument("--verbose", type=int, default=0,
                        help="each fit's Keras progress output (default 0: workers train silently)")
    parser.add_argument("--dask", nargs="?", const="", default=None, metavar="ADDRESS",
                        help="run on Dask: a scheduler address, or none for a local cluster")


def main():
    args = labkit.parse_args(__doc__.splitlines()[0], configure=add_options)

    # 데이터 세트 준비
    (train_images, train_labels), (test_images, test_labels) = load_mnist()
    n = args.subset or (1500 if args.quick else len(train_images))
    train_images, train_labels = train_images[:n], train_labels[:n]

    train_images = train_images.reshape((n, 28 * 28))
    train_images = train_images.astype('float32') / 255

    test_images = test_images.reshape((10000, 28 * 28))
    test_images = test_images.astype('float32') / 255

    train_labels = keras.utils.to_categorical(train_labels)
    test_labels = keras.utils.to_categorical(test_labels)

    backend = dask_backend(args.dask) if args.dask is not None else contextlib.nullcontext()
    start = time.perf_counter()
    with backend:
        grid_result = lab(train_images, train_labels, args.n_jobs, args.verbose, args.seed)
    print(f"search took {time.perf_counter() - start:.1f} s")
    accuracy = np.mean(grid_result.predict(test_images).argmax(1) == test_labels.argmax(1))
    print(f"test accuracy of the refitted best model: {accuracy:.4f}")


if __name__ == "__main__":
    main()
