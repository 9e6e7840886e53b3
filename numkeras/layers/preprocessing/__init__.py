"""Preprocessing layers, by family (image/ for now).

Bridge: this package shadows the flat module `numkeras/layers/preprocessing.py` (Rescaling)
until that module moves in here with the layer-package restructuring; meanwhile it is
loaded from its file so `numkeras.layers.preprocessing.Rescaling` keeps working.
"""
import importlib.util as _importlib_util
import os as _os
import sys as _sys

_flat_path = _os.path.join(_os.path.dirname(_os.path.dirname(__file__)), "preprocessing.py")
if _os.path.exists(_flat_path):
    _spec = _importlib_util.spec_from_file_location("numkeras.layers._flat_preprocessing", _flat_path)
    _flat = _importlib_util.module_from_spec(_spec)
    _sys.modules[_spec.name] = _flat  # so its classes pickle
    _spec.loader.exec_module(_flat)
    Rescaling = _flat.Rescaling
