"""Paths the run tests share (a module of its own: `conftest` names clash across test folders)."""
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
GLUE = HERE / "glue"
