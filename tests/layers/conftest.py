"""Makes the layer-test helpers (layer_test_utils, keras_layer_goldens) importable from every
family folder below."""
import pathlib
import sys

HELPERS = str(pathlib.Path(__file__).resolve().parent)
if HELPERS not in sys.path:
    sys.path.insert(0, HELPERS)
