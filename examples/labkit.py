"""What every lab script shares: its command line, where figures go, optional packages.

Each lab runs as `python examples/<lab>.py [--quick] [--out FOLDER] [--seed N]`:
  --quick   a small subset and few epochs (seconds; what the tests run)
  --out     folder for the PNG figures (default: examples/out/)
  --seed    seed of numkeras's random generators (weights, shuffling, dropout)
"""
import argparse
import importlib
import os
import sys

EXAMPLES = os.path.dirname(os.path.abspath(__file__))


def _use_checkout():
    """Lets `python examples/<lab>.py` run from a source checkout without installing numkeras."""
    try:
        importlib.import_module("numkeras")
    except ImportError:
        root = os.path.dirname(EXAMPLES)
        if os.path.isdir(os.path.join(root, "numkeras")):
            sys.path.insert(0, root)


_use_checkout()


def parse_args(description, seed=0, configure=None):
    """Parses the common options (and the lab's own, added by `configure(parser)`).

    Also seeds numkeras, so a lab prints the same numbers on every run.
    """
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--quick", action="store_true",
                        help="small subset and few epochs, to check that the lab runs")
    parser.add_argument("--out", default=os.path.join(EXAMPLES, "out"),
                        help="folder for the figures (default: examples/out/)")
    parser.add_argument("--seed", type=int, default=seed, help=f"random seed (default: {seed})")
    if configure is not None:
        configure(parser)
    args = parser.parse_args()
    import numkeras as keras

    keras.utils.set_random_seed(args.seed)
    return args


def require(module, package=None, why="this lab"):
    """Imports an optional package, or exits with the command that installs it."""
    try:
        return importlib.import_module(module)
    except ImportError:
        package = package or module
        sys.exit(f"{why} needs the optional package '{package}', which is not installed.\n"
                 f"Install it with:  pip install {package}")


def pyplot():
    """matplotlib.pyplot on the Agg backend: figures are written to files, never shown."""
    matplotlib = require("matplotlib", why="Drawing the figures")
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def figure_path(args, name):
    """`<out>/<name>.png`, its folder made."""
    os.makedirs(args.out, exist_ok=True)
    return os.path.join(args.out, f"{name}.png")


def save_figure(figure, args, name):
    """Writes `figure` as `<out>/<name>.png`, closes it and prints where it went."""
    path = figure_path(args, name)
    figure.savefig(path, dpi=100, bbox_inches="tight")
    pyplot().close(figure)
    print(f"saved figure: {path}")
    return path


def take(quick, count, *arrays):
    """The first `count` items of each array in quick mode, the arrays unchanged otherwise."""
    if not quick:
        return arrays if len(arrays) > 1 else arrays[0]
    cut = tuple(a[:count] for a in arrays)
    return cut if len(cut) > 1 else cut[0]
