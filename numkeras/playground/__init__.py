"""The numkeras playground: a local web page that trains real numkeras models while you watch.

    numkeras playground [--host HOST] [--port PORT] [--no-browser]

Every control on the page is a Keras argument, and the page shows the numkeras code of the
current model. The server needs the `playground` extra (Starlette and uvicorn); this
package's `make_dataset` (used by that code) needs only NumPy. Nothing else in numkeras
imports this package.
"""
from numkeras.playground.datasets import make_dataset

__all__ = ["make_dataset"]
