# IMDB and Reuters cannot be downloaded here: the test put stand-ins in the cache.
import run_glue

run_glue.use_standins()
