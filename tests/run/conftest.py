"""Fixtures for running scripts through `python -m numkeras run` in a subprocess.

Each run gets: the working tree first on PYTHONPATH (and the glue folder, for the
preludes), a numkeras data home whose datasets/ links to the real data files that can
be had (tests/data_files.py) plus small stand-ins for IMDB and Reuters, an empty Keras
cache, and matplotlib's Agg backend so `plt.show()` returns at once. The lecture blocks
are cut from the notes at test time (`seed_block`); without the notes, or without the
real files a block reads, its test is not run.
"""
import os
import subprocess
import sys

import data_files
import pytest
from pdf_wraps import join_wrapped_assignments
from run_paths import GLUE, REPO
from seed_manifest import READS_REAL_DATA, block_source

sys.path.insert(0, str(REPO / "tests" / "datasets"))
import dataset_standins  # noqa: E402  (written for the dataset tests; same formats)

STANDINS = ("imdb.npz", "reuters.npz", "reuters_word_index.json")


@pytest.fixture(scope="session")
def data_home(tmp_path_factory):
    """A NUMKERAS_HOME with the real data files that can be had and the stand-ins in datasets/."""
    home = tmp_path_factory.mktemp("numkeras_home")
    folder = home / "datasets"
    folder.mkdir()
    for name in data_files.KERAS_FILES:
        if data_files.missing([name]) is None:
            data_files.link_into(folder, [name])
    dataset_standins.write_imdb(folder / "imdb.npz", n_train=400, n_test=300)
    dataset_standins.write_reuters(folder / "reuters.npz", count=1300, max_length=120)
    dataset_standins.write_word_index(folder / "reuters_word_index.json")
    return home


@pytest.fixture
def seed_block(tmp_path):
    """`seed_block(name, repaired=False)` -> the lecture block file `name` cut from the notes.

    With `repaired`, the one assignment the PDF export wrapped at `=` is joined. Without the
    notes, or without the real data files the block reads, the test is not run.
    """

    def extract(name, repaired=False):
        source = block_source(data_files.lecture_notes_folder(), name)
        reason = data_files.missing(READS_REAL_DATA.get(name, ()))
        if reason:
            data_files.not_run(reason)
        if repaired:
            source, joined = join_wrapped_assignments(source)
            assert joined == 1, f"expected one wrapped line in {name}, found {joined}"
        path = tmp_path / "blocks" / name
        path.parent.mkdir(exist_ok=True)
        path.write_text(source, encoding="utf-8")
        return path

    return extract


@pytest.fixture
def run_script(data_home, tmp_path):
    """`run_script(path, *args, prelude=, epilogue=, options=[...], env={})` -> CompletedProcess."""

    def run(path, *args, prelude=None, epilogue=None, options=(), env=None, timeout=300):
        environment = dict(os.environ)
        environment.update({
            "PYTHONPATH": os.pathsep.join([str(REPO), str(GLUE)]),
            "NUMKERAS_HOME": str(data_home),
            "KERAS_HOME": str(tmp_path / "keras_home"),
            "MPLBACKEND": "Agg",
            "NUMKERAS_TEST_STANDINS": ",".join(STANDINS),
        })
        for key in ("NUMKERAS_RUN_PRELUDE", "NUMKERAS_RUN_EPILOGUE", "NUMKERAS_RUN",
                    "KERAS_MAX_EPOCHS", "KERAS_MAX_STEPS_PER_EPOCH"):
            environment.pop(key, None)
        if prelude:
            environment["NUMKERAS_RUN_PRELUDE"] = str(GLUE / prelude)
        if epilogue:
            environment["NUMKERAS_RUN_EPILOGUE"] = str(GLUE / epilogue)
        environment.update(env or {})
        command = [sys.executable, "-m", "numkeras", "run", *options, str(path), *args]
        return subprocess.run(command, capture_output=True, text=True, cwd=tmp_path,
                              env=environment, timeout=timeout)

    return run


@pytest.fixture
def run_here(data_home, tmp_path, monkeypatch, capsys):
    """Like `run_script`, but in this process through `numkeras.__main__.main` (no interpreter
    start-up; for blocks whose glue changes nothing that outlives the run).

    Returns (exit status, stdout, stderr).
    """
    from numkeras.__main__ import main

    def run(path, *args, prelude=None, epilogue=None, options=()):
        monkeypatch.setenv("NUMKERAS_HOME", str(data_home))
        monkeypatch.setenv("KERAS_HOME", str(tmp_path / "keras_home"))
        monkeypatch.setenv("MPLBACKEND", "Agg")
        for key in ("NUMKERAS_RUN_PRELUDE", "NUMKERAS_RUN_EPILOGUE", "NUMKERAS_RUN"):
            monkeypatch.delenv(key, raising=False)
        monkeypatch.chdir(tmp_path)
        glue = ["--prelude", str(GLUE / prelude)] if prelude else []
        glue += ["--epilogue", str(GLUE / epilogue)] if epilogue else []
        status = main(["run", *options, *glue, str(path), *args])
        captured = capsys.readouterr()
        return status, captured.out, captured.err

    return run
