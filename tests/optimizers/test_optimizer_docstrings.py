"""The examples in the optimizer docstrings run and print what they claim."""
import doctest
import importlib

import numpy as np
import pytest

from numkeras.backend import Variable

MODULES = ["__init__", "accelerator", "clipping", "optimizer", "schedules", "sgd", "rmsprop", "adam",
           "adamw", "adagrad", "adadelta", "adamax", "nadam", "lion", "ftrl"]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    module = importlib.import_module("numkeras.optimizers" + ("" if name == "__init__" else f".{name}"))
    result = doctest.testmod(module, extraglobs={"np": np, "Variable": Variable},
                             optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0, f"{name} has no example"
    assert result.failed == 0
