# 18 fits of a 784-512-10 network on 40,000 images each are too slow for CI.
import run_glue

run_glue.subsample_grid_search(240)
