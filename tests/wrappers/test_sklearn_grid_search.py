"""The seed's grid-search lab on 1,500 MNIST images: one core, all cores, and a Dask cluster agree.

The lab is the seed's code with two changes besides the imports: `random_state=0`
(so three runs in different processes can be compared) and `verbose=0` (the
progress bars of 19 fits would flood the test log).
"""
import os

import joblib
import numpy as np
import pytest
from sklearn.model_selection import GridSearchCV
from sklearn_wrapper_models import build_model

from numkeras.wrappers.scikit_learn import KerasClassifier


def run_lab(train_images, train_labels, n_jobs):
    # 케라스 모델을 sklearn에서 사용하도록 포장한다.
    model = KerasClassifier(build_fn=build_model, verbose=0, random_state=0)

    # 하이퍼 매개변수 딕셔너리
    param_grid = {
        'epochs': [1, 2, 3],  # 에포크 수: 1, 2, 3
        'batch_size': [32, 64]  # 배치 크기: 32, 64
    }

    # 그리드 검색
    gs = GridSearchCV(
        estimator=model,
        param_grid=param_grid,
        cv=3,
        n_jobs=n_jobs
    )

    # 그리드 검색 결과 출력
    grid_result = gs.fit(train_images, train_labels)
    print(grid_result.best_score_)
    print(grid_result.best_params_)
    return grid_result


@pytest.fixture(scope="module")
def local_run(mnist_subset):
    from threadpoolctl import threadpool_limits

    # One BLAS thread, like each worker: on a busy 2-core machine a 2-thread BLAS spins
    # against other processes and runs this search 4x slower. (Results are the same.)
    with threadpool_limits(limits=1, user_api="blas"):
        return run_lab(*mnist_subset, n_jobs=1)


def test_lab_learns_and_prints_best_score_and_params(local_run, capsys, mnist_subset):
    # 1,500 images, one to three epochs: far above the 10% of guessing.
    assert 0.7 < local_run.best_score_ <= 1.0
    assert set(local_run.best_params_) == {"epochs", "batch_size"}
    assert local_run.cv_results_["mean_test_score"].shape == (6,)
    # The refitted best model predicts one-hot rows, like the one-hot labels it was given.
    predictions = local_run.predict(mnist_subset[0][:5])
    assert predictions.shape == (5, 10) and set(np.unique(predictions)) <= {0.0, 1.0}


def test_lab_with_all_cores_gives_the_same_search(local_run, mnist_subset, capsys):
    parallel = run_lab(*mnist_subset, n_jobs=-1)
    printed = capsys.readouterr().out.splitlines()
    assert printed[-2:] == [str(parallel.best_score_), str(parallel.best_params_)]
    assert parallel.best_params_ == local_run.best_params_
    # Seeded fits are bit-for-bit the same in a worker process as here.
    np.testing.assert_array_equal(parallel.cv_results_["mean_test_score"],
                                  local_run.cv_results_["mean_test_score"])


def test_lab_on_a_two_worker_dask_cluster_gives_the_same_search(local_run, mnist_subset,
                                                                 dask_client):
    from distributed import get_task_stream

    workers = set(dask_client.scheduler_info()["workers"])
    assert len(workers) == 2 and all(w.startswith("tcp://127.0.0.1:") for w in workers)
    # Separate processes, not threads of this one.
    assert os.getpid() not in set(dask_client.run(os.getpid).values())
    with get_task_stream(dask_client) as stream, joblib.parallel_backend("dask"):
        on_cluster = run_lab(*mnist_subset, n_jobs=-1)
    # The 18 cross-validation fits ran in the cluster's two worker processes.
    used = {task["worker"] for task in stream.data}
    assert used == workers
    assert on_cluster.best_params_ == local_run.best_params_
    np.testing.assert_array_equal(on_cluster.cv_results_["mean_test_score"],
                                  local_run.cv_results_["mean_test_score"])
