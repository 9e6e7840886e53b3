"""The image labs run with --quick: augmentation grid, image-folder classifier, CIFAR-10 on a stand-in."""
import os
import re
import subprocess
import sys
import time

import data_files
import dataset_standins
from example_checks import LabRun, assert_figures

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))


def run_image_lab(script, home, out, *extra):
    env = dict(os.environ, MPLBACKEND="Agg", NUMKERAS_HOME=str(home),
               KERAS_HOME=str(home / "no_keras_cache"), PYTHONIOENCODING="utf-8",
               PYTHONPATH=os.pathsep.join([REPO] + [p for p in [os.environ.get("PYTHONPATH")] if p]))
    command = [sys.executable, os.path.join(REPO, "examples", script), "--quick", "--out", str(out), *extra]
    started = time.perf_counter()
    result = subprocess.run(command, env=env, cwd=REPO, capture_output=True, text=True, encoding="utf-8",
                            timeout=300)
    return LabRun(script, result.returncode, result.stdout, result.stderr, out, time.perf_counter() - started)


def test_augmentation_grid_draws_and_leaves_inference_alone(lab_home, tmp_path):
    data_file = data_files.data_file("mnist.npz")  # not run without MNIST (fails under CI)
    assert (lab_home / "datasets" / "mnist.npz").resolve() == data_file.resolve()
    run = run_image_lab("augmentation_grid.py", lab_home, tmp_path)
    out = run.check()
    assert "inference leaves them unchanged: True" in out
    change = float(re.search(r"mean absolute pixel change of an augmented digit: ([0-9.]+)", out).group(1))
    assert 0.02 < change < 0.5
    assert_figures(run, "augmentation_grid")


def test_image_folder_classifier_learns_from_png_files(lab_home, tmp_path):
    data_files.data_file("mnist.npz")  # not run without MNIST (fails under CI)
    run = run_image_lab("image_folder_classifier.py", lab_home, tmp_path)
    out = run.check()
    assert "wrote 400 PNG files" in out
    assert len(os.listdir(tmp_path / "digit_folders")) == 10
    assert "Found 400 files belonging to 10 classes." in out
    assert "Using 320 files for training." in out and "Using 80 files for validation." in out
    accuracy = float(re.search(r"validation accuracy ([0-9.]+)", out).group(1))
    assert accuracy > 0.5, out[-2000:]  # chance is 0.1


def test_cifar10_lab_says_it_runs_on_a_standin(lab_home, tmp_path):
    archive = dataset_standins.write_cifar10(tmp_path / "cifar-10-python.tar.gz", per_batch=60, test_count=40,
                                             compression="gz")
    run = run_image_lab("cifar10_cnn.py", lab_home, tmp_path / "out", "--data", str(archive))
    out = run.check()
    assert "is a STAND-IN, not the real CIFAR-10 archive" in out
    assert "train (300, 32, 32, 3) uint8, test (40, 32, 32, 3)" in out
    assert re.search(r"network on stand-in data: 1 epochs in [0-9.]+ s, test accuracy [0-9.]+", out)

