"""Name <-> class tables behind `get`, `serialize` and `deserialize`.

The logic now lives in `numkeras.backend.object_table`, next to the
library-wide registry; this module keeps the old import path working.
"""
from numkeras.backend.object_table import (  # noqa: F401
    ObjectTable,
    deserialize_value,
    serialize_value,
    to_snake_case,
)
