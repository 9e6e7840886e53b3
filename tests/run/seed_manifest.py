"""Which lecture-note code blocks each lab file holds, and how a file is cut from the notes.

The notes are the user's documents, not the project's: no copy of their code is kept
here. At test time each file is extracted from the notes (tests/data_files.py finds
them): the notes' fenced code blocks, unedited; a file made of several blocks is those
blocks in the notes' order, joined by one blank line.

Blocks left out, and why (indices as in BLOCKS):
  001 #7, #33: REPL transcripts (`>>>` prompts with their printed output; #33's array
      literal also lost a bracket). #15-#19, #21: printed training logs.
      #23-#32: read the student's own `test.png` with OpenCV (not a dependency, and the
      image is not part of the notes).
  002 #3, #5, #7, #9, #12, #20, #22: printed output. #10: formulas in LaTeX-like
      notation. #11: two statements run together on one line by the PDF export (a
      SyntaxError as written). #23, #24: the Titanic lab, whose `train` DataFrame comes
      from a download step the notes do not show.
  003 #8: `SGDClassifier(loss='log')`, an option scikit-learn removed in 1.3 (unrelated
      to Keras); it also cross-validates on all 60,000 images.
"""
import re

SEEDS = {
    "001": "001_2b150d6e0a286106.txt",
    "002": "002_d6769521f8982ebd.txt",
    "003": "003_0f3e1c9d3ef3d052.txt",
    "004": "004_a6cdae6335e01659.txt",
}

# lab file -> (seed, indices of its fenced code blocks, 0-based)
BLOCKS = {
    "001_minibatch.py": ("001", [0]),
    "001_xor.py": ("001", [1, 2, 3, 4, 5]),
    "001_mnist_mlp.py": ("001", [6, 8, 9, 10, 11, 12, 13, 14, 20, 22]),
    "001_grid_search.py": ("001", [34, 35, 36]),
    "002_losses.py": ("002", [0, 1, 2]),
    "002_onehot_encoder.py": ("002", [4]),
    "002_to_categorical.py": ("002", [6, 8]),
    "002_standard_scaler.py": ("002", [13]),
    "002_imdb_overfitting.py": ("002", [14, 15, 16]),
    "002_imdb_l2.py": ("002", [17]),
    "002_imdb_dropout.py": ("002", [18]),
    "002_mnist_dnn.py": ("002", [19]),
    "002_fashion_mnist.py": ("002", [21]),
    "003_fashion_mnist.py": ("003", [0, 1, 2, 3, 4, 5, 6, 7, 9, 10, 11, 12, 13, 14, 15, 16, 17,
                                     18]),
    "004_imdb.py": ("004", [0]),
    "004_reuters.py": ("004", [1]),
    "004_boston_housing.py": ("004", [2]),
}

# The real data files each block loads (the others build models or read the IMDB/Reuters
# stand-ins): a block is not run without them.
_MNIST = ("mnist.npz",)
_FASHION = tuple(f"fashion-mnist/{part}-{kind}-ubyte.gz" for part in ("train", "t10k")
                 for kind in ("images-idx3", "labels-idx1"))
READS_REAL_DATA = {
    "001_minibatch.py": _MNIST, "001_mnist_mlp.py": _MNIST, "001_grid_search.py": _MNIST,
    "002_to_categorical.py": _MNIST, "002_mnist_dnn.py": _MNIST, "002_fashion_mnist.py": _FASHION,
    "003_fashion_mnist.py": _FASHION, "004_boston_housing.py": ("boston_housing.npz",),
}

FENCE = r"```[a-z]*\n(.*?)```"


def code_blocks(text):
    """The fenced code blocks of a seed text, in order."""
    return re.findall(FENCE, text, re.S)


def assemble(seed_text, indices):
    """The file holding blocks `indices` of `seed_text`: the blocks joined by a blank line."""
    blocks = code_blocks(seed_text)
    return "\n".join(blocks[i] for i in indices)


def block_source(notes_folder, name):
    """The text of lab file `name`, cut from the notes in `notes_folder`."""
    seed, indices = BLOCKS[name]
    return assemble((notes_folder / SEEDS[seed]).read_text(encoding="utf-8"), indices)
