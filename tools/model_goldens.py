"""Writes tests/models/model_goldens.py: what real Keras 3 does with the cases of
tests/models/model_cases.py.

For each fit case: the history (keys in Keras's order, values), the epochs, the final weights,
and evaluate()'s list and dict. For each summary case: the text `summary(print_fn=...)` hands
its print_fn, at each terminal width in SUMMARY_COLUMNS (Keras caps the default width at the
terminal's columns - 4, and reads the width from $COLUMNS).

    KERAS_BACKEND=jax python tools/model_goldens.py
"""
import importlib.util
import os
import pprint
from pathlib import Path

os.environ.setdefault("KERAS_BACKEND", "jax")
import keras  # noqa: E402
import numpy as np  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "tests" / "models" / "model_goldens.py"

HEADER = '''"""Reference values computed with real Keras {version} ({backend} backend) from the cases in
tests/models/model_cases.py.

Do not edit: rerun `KERAS_BACKEND=jax python tools/model_goldens.py` to regenerate.
"""
# flake8: noqa
'''


def load_cases():
    spec = importlib.util.spec_from_file_location("model_cases", ROOT / "tests" / "models" /
                                                  "model_cases.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def floats(values):
    return [float(v) for v in values]


def run_fit_cases(cases):
    out = {}
    for name, build in cases.FIT_CASES.items():
        keras.backend.clear_session()
        keras.utils.set_random_seed(0)
        model, fit_args, fit_kwargs, eval_args, eval_kwargs = build(keras)
        history = model.fit(*fit_args, verbose=0, **fit_kwargs)
        as_list = model.evaluate(*eval_args, verbose=0, **eval_kwargs)
        as_dict = model.evaluate(*eval_args, verbose=0, return_dict=True, **eval_kwargs)
        out[name] = {
            "history": {k: floats(v) for k, v in history.history.items()},
            "epoch": list(history.epoch),
            "weights": [np.asarray(w).tolist() for w in model.get_weights()],
            "evaluate": floats(as_list) if isinstance(as_list, list) else float(as_list),
            "evaluate_dict": {k: float(v) for k, v in as_dict.items()},
        }
    return out


def run_summary_cases(cases):
    out = {}
    for name, build in cases.SUMMARY_CASES.items():
        for columns in cases.SUMMARY_COLUMNS:
            os.environ["COLUMNS"] = str(columns)
            keras.backend.clear_session()
            model, kwargs = build(keras)
            printed = []
            model.summary(print_fn=printed.append, **kwargs)
            assert len(printed) == 1, printed
            out[f"{name}@{columns}"] = printed[0]
    os.environ.pop("COLUMNS")
    return out


def main():
    cases = load_cases()
    fits = run_fit_cases(cases)
    summaries = run_summary_cases(cases)
    with open(OUT, "w") as f:
        f.write(HEADER.format(version=keras.__version__, backend=keras.backend.backend()))
        f.write("FIT_GOLDENS = ")
        f.write(pprint.pformat(fits, width=110, sort_dicts=False))
        f.write("\n\nSUMMARY_GOLDENS = ")
        f.write(pprint.pformat(summaries, width=110, sort_dicts=False))
        f.write("\n")
    print(f"wrote {OUT.relative_to(ROOT)}: {len(fits)} fit cases, {len(summaries)} summaries")


if __name__ == "__main__":
    main()
