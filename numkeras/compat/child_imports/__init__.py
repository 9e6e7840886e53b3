"""Stand-in top-level packages that serve `import tensorflow`/`keras`/`tf_keras` in child processes.

`numkeras run` puts this folder first on `PYTHONPATH` for the run. A process the script starts
by spawning (multiprocessing spawn/forkserver, a Dask LocalCluster's workers, joblib loky) is a
fresh interpreter that re-imports the script's `__main__` before unpickling anything; its
`import tensorflow` finds `tensorflow/__init__.py` here, which starts a compat session in that
process and hands over the numkeras shim (`numkeras.compat.child_session`). Outside a run
(no `$NUMKERAS_RUN`) the stand-ins step aside for a real install.
"""
