"""`numkeras.compat`: run code written for `tensorflow.keras` / `keras` on numkeras, unchanged.

    $ numkeras run train.py --epochs 3          # or: python -m numkeras run train.py

Inside the run, `import tensorflow as tf`, `from tensorflow import keras`,
`from keras.datasets import imdb`, `from tensorflow.keras.wrappers.scikit_learn
import KerasClassifier`, ... are served by numkeras (`session`, `table`,
`shim_module`); a real TensorFlow or Keras install is shadowed only for the run.
API numkeras lacks fails with `MissingAPIError` naming it (`errors`).

Also here: `limits` (caps on epochs and steps, for smoke-testing notebooks in CI)
and `tf2_optimizers` (`--tf2-optimizers`: tf.keras 2's optimizer formulas).
`import numkeras` imports only `limits` (it registers the caps with the trainer).
"""
