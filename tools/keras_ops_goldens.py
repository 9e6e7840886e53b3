"""Writes Keras 3's keras.ops names and the outputs of tests/ops_more_cases.py's rows to
tests/golden/keras_ops_goldens.npz (read by tests/test_ops_more.py).

    KERAS_BACKEND=jax python tools/keras_ops_goldens.py
"""
import os
import sys
from pathlib import Path

os.environ.setdefault("KERAS_BACKEND", "jax")
import keras  # noqa: E402
import numpy as np  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
from ops_more_cases import CASES, flat_outputs  # noqa: E402


def keras_op(name):
    value = keras.ops
    for part in name.split("."):
        value = getattr(value, part)
    return value


def main():
    arrays = {"names": np.array(sorted(n for n in dir(keras.ops) if not n.startswith("_")
                                       and n not in ("image", "linalg", "nn", "numpy", "core", "math")))}
    for i, (name, args, kwargs) in enumerate(CASES):
        for j, out in enumerate(flat_outputs(keras_op(name)(*args, **kwargs))):
            arrays[f"{i}:{name}:{j}"] = np.asarray(out)
    path = ROOT / "tests" / "golden" / "keras_ops_goldens.npz"
    np.savez(path, **arrays)
    print(f"wrote {len(arrays)} arrays ({keras.__version__}) to {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
