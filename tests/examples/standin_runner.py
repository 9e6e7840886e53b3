"""Runs an example script with the IMDB/Reuters stand-ins accepted as the real files.

    python standin_runner.py SCRIPT [ARGS...]

imdb.npz, reuters.npz and reuters_word_index.json cannot be had offline, so the tests put
stand-ins of the same format (tests/datasets/dataset_standins.py) in
`$NUMKERAS_HOME/datasets/`. The loaders check the real files' hashes, so before running the
script this gives each loader's RemoteFile the stand-in's sha256 and an origin that refuses
connections: the loaders' real cache-and-verify path runs, and nothing is downloaded.
"""
import hashlib
import os
import runpy
import sys

# Port 9 (discard) on the loopback: nothing listens there, so a download would fail at once.
NOWHERE = "http://127.0.0.1:9/"


def _accept_standins():
    from numkeras.datasets import imdb, reuters
    from numkeras.datasets._remote import RemoteFile
    from numkeras.utils.file_utils import numkeras_home

    for module, attr in ((imdb, "DATA_FILE"), (reuters, "DATA_FILE"),
                         (reuters, "WORD_INDEX_FILE")):
        remote = getattr(module, attr)
        path = os.path.join(numkeras_home(), remote.cache_subdir, remote.fname)
        if os.path.isfile(path):
            with open(path, "rb") as f:
                digest = hashlib.sha256(f.read()).hexdigest()
            setattr(module, attr, RemoteFile(remote.fname, NOWHERE + remote.fname, digest,
                                             remote.cache_subdir))


def main():
    script = sys.argv[1]
    sys.argv = sys.argv[1:]
    sys.path.insert(0, os.path.dirname(os.path.abspath(script)))  # as `python SCRIPT` does
    _accept_standins()
    runpy.run_path(script, run_name="__main__")


if __name__ == "__main__":
    main()
