"""Makes the shared layer-test helpers of tests/layers importable from this folder."""
import sys
from pathlib import Path

_LAYERS_TESTS = str(Path(__file__).resolve().parents[1])
if _LAYERS_TESTS not in sys.path:
    sys.path.insert(0, _LAYERS_TESTS)
