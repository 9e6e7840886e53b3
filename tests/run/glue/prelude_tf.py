# The fragment uses `tf` from the lab's first cell.
import tensorflow as tf
