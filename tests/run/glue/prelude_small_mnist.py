# The block has no fixed sizes, so a slice of MNIST is enough to run it.
import numkeras.datasets.mnist
import run_glue

run_glue.shrink(numkeras.datasets.mnist, 1000, 200)
