"""Where the tests find the real data files and the lecture notes, and what happens without them.

A real data file is looked for, in this order, in
  1. the folder named by NUMKERAS_TEST_DATA (laid out like `shared/datasets`),
  2. `../shared/datasets` beside the repository checkout,
  3. the user's numkeras cache (`$NUMKERAS_HOME/datasets`, default `~/.numkeras/datasets`),
  4. the user's Keras cache (`$KERAS_HOME/datasets`, default `~/.keras/datasets`),
and, failing those, downloaded into the user's numkeras cache by numkeras's own downloader
(the Titanic files have no public download). A file is used only when its sha256 is right.

A test whose file cannot be had is reported as not run, with the reason in one line
(pytest's skip), so the summary counts them; under CI (`CI=true`) it fails instead, so
nothing is silently left out there. The lecture notes (`../shared/seeds`, or the folder
named by NUMKERAS_TEST_NOTES) are the user's documents: the tests read their code blocks at
run time and are not run without them.

The user's homes are read when this module is imported, before any test points
NUMKERAS_HOME or KERAS_HOME at a temporary folder.
"""
import hashlib
import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
ON_CI = os.environ.get("CI", "").strip().lower() in ("1", "true", "yes")

KERAS_URL = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/"
# name (as in the Keras cache) -> (sha256, download URL or None)
REAL_FILES = {
    "mnist.npz": ("731c5ac602752760c8e48fbffcf8c3b850d9dc2a2aedcf2cc48468fc17b673d1", KERAS_URL),
    "fashion-mnist/train-images-idx3-ubyte.gz": (
        "3aede38d61863908ad78613f6a32ed271626dd12800ba2636569512369268a84", KERAS_URL),
    "fashion-mnist/train-labels-idx1-ubyte.gz": (
        "a04f17134ac03560a47e3764e11b92fc97de4d1bfaf8ba1a3aa29af54cc90845", KERAS_URL),
    "fashion-mnist/t10k-images-idx3-ubyte.gz": (
        "346e55b948d973a97e58d2351dde16a484bd415d4595297633bb08f03db6a073", KERAS_URL),
    "fashion-mnist/t10k-labels-idx1-ubyte.gz": (
        "67da17c76eaffca5446c3361aaab5c3cd6d1c2608764d35dfb1850b086bf8dd5", KERAS_URL),
    "boston_housing.npz": (
        "f553886a1f8d56431e820c5b82552d9d95cfcb96d1e678153f8839538947dff5", KERAS_URL),
    "imdb_word_index.json": (
        "027313fe9a320280f3bf0fac5baf58c4a683cf39a7ed9c3d3d3912bde4284cf6", KERAS_URL),
    "titanic/train.csv": ("7d118fef8b6ccf7f81111877bc388536f7b1e498a655e3d649d19aaa010e9f6f", None),
    "titanic/test.csv": ("56023b9948236f3c7a1c9448fcf418b283e109ef177fa8c7e069158dd7dd52b2", None),
}
KERAS_FILES = tuple(name for name, (_, url) in REAL_FILES.items() if url)
TITANIC_FILES = ("titanic/train.csv", "titanic/test.csv")


def _home(variable, default):
    value = os.environ.get(variable)
    return Path(os.path.expanduser(value)) if value else Path.home() / default


NUMKERAS_CACHE = _home("NUMKERAS_HOME", ".numkeras") / "datasets"
KERAS_CACHE = _home("KERAS_HOME", ".keras") / "datasets"
# (folder, how a message names it), in search order
SEARCHED = [(SHARED / "datasets", "../shared/datasets"), (NUMKERAS_CACHE, "the numkeras cache"),
            (KERAS_CACHE, "the Keras cache")]
if os.environ.get("NUMKERAS_TEST_DATA"):
    SEARCHED.insert(0, (Path(os.path.expanduser(os.environ["NUMKERAS_TEST_DATA"])),
                        "NUMKERAS_TEST_DATA"))

_found = {}     # name -> Path, or the reason it cannot be had (str)


def not_run(reason):
    """Reports the running test as not run because of `reason`; under CI=true it fails."""
    if ON_CI:
        pytest.fail(f"{reason} (CI=true: a missing file is a failure)", pytrace=False)
    pytest.skip(reason)


def _sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _locate(name):
    """The verified path of `name`, or the reason there is none (str)."""
    sha256, url = REAL_FILES[name]
    for folder, _ in SEARCHED:
        candidate = folder / name
        if candidate.is_file() and _sha256(candidate) == sha256:
            return candidate
    places = ", ".join(label for _, label in SEARCHED)
    if url is None:
        return f"real data file {name} not found (looked in {places}; it has no public download)"
    from numkeras.utils import file_utils

    folder, fname = os.path.split(name)
    try:
        path = file_utils.get_file(fname, origin=url + fname, file_hash=sha256,
                                   cache_dir=str(NUMKERAS_CACHE.parent),
                                   cache_subdir=os.path.join("datasets", folder))
    except Exception as error:  # offline, or the server said no: the test cannot run
        first_line = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        return f"real data file {name} not found (looked in {places}) and its download failed: " \
               f"{first_line[:160]}"
    return Path(path)


def data_file(name):
    """The path of the real data file `name` (a key of REAL_FILES); not run without it."""
    if name not in _found:
        _found[name] = _locate(name)
    found = _found[name]
    if isinstance(found, str):
        not_run(found)
    return found


def missing(names):
    """The first reason one of `names` cannot be had, or None when all can (nothing is reported)."""
    for name in names:
        if name not in _found:
            _found[name] = _locate(name)
        if isinstance(_found[name], str):
            return _found[name]
    return None


def link_into(folder, names):
    """Links the real files `names` into `folder` under their cache names; returns `folder`."""
    for name in names:
        source = data_file(name)
        target = Path(folder) / name
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            target.symlink_to(source)
    return Path(folder)


def lecture_notes_folder():
    """The folder of the lecture notes (seeds/); not run without it."""
    folder = Path(os.environ.get("NUMKERAS_TEST_NOTES") or SHARED / "seeds")
    if not folder.is_dir():
        not_run(f"lecture notes not found (looked in {folder}; set NUMKERAS_TEST_NOTES to "
                "their folder)")
    return folder
