"""Helpers shared by the saving tests (a module of its own: conftest files are not for importing)."""
import os

import numpy as np

FIXTURES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures")


def fixture_path(name):
    return os.path.join(FIXTURES, name)


def max_diff(a, b):
    """The largest absolute difference between two arrays or matching lists/dicts of arrays."""
    if isinstance(a, dict):
        return max(max_diff(a[k], b[k]) for k in a)
    if isinstance(a, (list, tuple)):
        return max(max_diff(x, y) for x, y in zip(a, b))
    return float(np.max(np.abs(np.asarray(a, "float64") - np.asarray(b, "float64"))))
