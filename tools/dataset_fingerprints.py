"""Computes the golden fingerprints of Keras's dataset loaders, for tests/datasets.

Runs the real `keras.datasets.*.load_data()` (Keras 3, any backend) on:

* the real files in the shared data folder (mnist.npz, fashion-mnist/, boston_housing.npz,
  imdb_word_index.json), through a temporary KERAS_HOME holding links to them, so Keras
  checks their hashes itself and downloads nothing;
* the stand-ins of tests/datasets/dataset_standins.py for the files that cannot be had
  offline (imdb.npz, reuters.npz, reuters_word_index.json, california_housing.npz, the
  CIFAR archives). Keras would reject them by hash, so `get_file` inside those Keras
  modules is replaced by a lookup of the stand-in path. Only Keras's file lookup is
  replaced; all of its loading, shuffling and filtering runs unchanged.

It prints the dictionaries to paste into tests/datasets/test_datasets_golden.py.

Usage (needs Keras 3 and a backend, e.g. `pip install keras jax`; CI does not run this):

    KERAS_BACKEND=jax python tools/dataset_fingerprints.py [--shared PATH]
"""
import argparse
import importlib
import os
import sys
import tarfile
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests" / "datasets"))

import dataset_fingerprint as fp  # noqa: E402
import dataset_standins as standins  # noqa: E402

REAL_FILES = (
    "mnist.npz",
    "boston_housing.npz",
    "imdb_word_index.json",
    "fashion-mnist/train-labels-idx1-ubyte.gz",
    "fashion-mnist/train-images-idx3-ubyte.gz",
    "fashion-mnist/t10k-labels-idx1-ubyte.gz",
    "fashion-mnist/t10k-images-idx3-ubyte.gz",
)
STANDIN_MODULES = ("imdb", "reuters", "california_housing", "cifar10", "cifar100")


def link_real_files(shared, keras_home):
    for name in REAL_FILES:
        source = shared / name
        if not source.is_file():
            sys.exit(f"Missing {source}; pass --shared with the folder holding the real files.")
        target = keras_home / "datasets" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.symlink_to(source)


def build_standins(folder):
    """Writes the stand-ins; returns {origin file name: path Keras's get_file should return}."""
    paths = {
        "imdb.npz": standins.write_imdb(folder / "imdb.npz"),
        "reuters.npz": standins.write_reuters(folder / "reuters.npz"),
        "reuters_word_index.json": standins.write_word_index(folder / "reuters_word_index.json"),
        "california_housing.npz": standins.write_california(folder / "california_housing.npz"),
    }
    for origin_name, writer in (
        ("cifar-10-python.tar.gz", standins.write_cifar10),
        ("cifar-100-python.tar.gz", standins.write_cifar100),
    ):
        archive = writer(folder / origin_name)
        extracted = folder / (origin_name + "-extracted")
        with tarfile.open(archive) as tar:
            tar.extractall(extracted, filter="data")
        paths[origin_name] = extracted
    return {name: str(path) for name, path in paths.items()}


def route_keras_to_standins(standin_paths):
    import keras.src.datasets as keras_datasets

    for module_name in STANDIN_MODULES:
        module = importlib.import_module(f"{keras_datasets.__name__}.{module_name}")
        real_get_file = module.get_file

        def get_standin(*args, _real=real_get_file, **kwargs):
            origin = kwargs.get("origin") or args[1]
            name = origin.rsplit("/", 1)[-1]
            if name in standin_paths:
                return standin_paths[name]
            return _real(*args, **kwargs)

        module.get_file = get_standin


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared" / "datasets")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        link_real_files(args.shared.resolve(), tmp / "keras")
        # Keras reads KERAS_HOME when it is first imported.
        os.environ["KERAS_HOME"] = str(tmp / "keras")
        os.environ.setdefault("KERAS_BACKEND", "jax")
        (tmp / "standins").mkdir()
        standin_paths = build_standins(tmp / "standins")

        import keras
        import numpy as np

        route_keras_to_standins(standin_paths)
        backend = keras.backend.backend()
        print(f"# Computed with keras {keras.__version__} ({backend} backend), numpy {np.__version__}.")
        print("GOLDEN_RESULTS = {")
        for name, module_name, kwargs in fp.CASES:
            module = importlib.import_module(f"keras.datasets.{module_name}")
            print(f'    "{name}": (')
            for value in fp.fingerprint_result(module.load_data(**kwargs)):
                print(f'        "{value}",')
            print("    ),")
        print("}")
        print("GOLDEN_WORD_INDEXES = {")
        for module_name in ("imdb", "reuters"):
            module = importlib.import_module(f"keras.datasets.{module_name}")
            print(f'    "{module_name}": "{fp.fingerprint_word_index(module.get_word_index())}",')
        print("}")


if __name__ == "__main__":
    main()
