"""The `numkeras` command (`python -m numkeras` works the same).

    numkeras run [--tf2-optimizers] [--max-epochs N] [--max-steps-per-epoch N]
                 [--prelude FILE] [--epilogue FILE] SCRIPT.py [ARGS...]
    numkeras playground [--host HOST] [--port PORT] [--no-browser]
    numkeras --version

`run` runs a script written for `tensorflow.keras` or `keras` unchanged, with
those imports served by numkeras (see `numkeras.compat`). Nothing named
tensorflow or keras needs to be installed, and an installed one is left alone.
`playground` serves a local web page that trains numkeras models live (see
`numkeras.playground`; needs `pip install numkeras[playground]`).
"""
import argparse
import sys

_DESCRIPTION = "numkeras: the Keras 3 API on NumPy."
_PLAYGROUND_HELP = "Serve the playground: a local web page that trains numkeras models live."
_RUN_HELP = ("Run SCRIPT with `import tensorflow` / `import keras` served by numkeras. "
             "Arguments after SCRIPT are passed to it.")


def _positive_int(text):
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be a positive int, got {text}")
    return value


def _parser():
    from numkeras import __version__

    parser = argparse.ArgumentParser(prog="numkeras", description=_DESCRIPTION)
    parser.add_argument("--version", action="version", version=f"numkeras {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    run = commands.add_parser("run", help=_RUN_HELP, description=_RUN_HELP)
    run.add_argument("--tf2-optimizers", action="store_true",
                     help="optimizer names and tf.keras.optimizers classes use tf.keras 2's "
                          "formulas (numkeras.optimizers.legacy); default: Keras 3's")
    run.add_argument("--max-epochs", type=_positive_int, metavar="N",
                     help="cap the epochs of every fit() (smoke tests; sets KERAS_MAX_EPOCHS)")
    run.add_argument("--max-steps-per-epoch", type=_positive_int, metavar="N",
                     help="cap the batches per epoch of fit/evaluate/predict "
                          "(sets KERAS_MAX_STEPS_PER_EPOCH)")
    run.add_argument("--prelude", metavar="FILE",
                     help="Python file run in the script's namespace before it "
                          "(default: $NUMKERAS_RUN_PRELUDE)")
    run.add_argument("--epilogue", metavar="FILE",
                     help="Python file run in the script's namespace after it "
                          "(default: $NUMKERAS_RUN_EPILOGUE)")
    run.add_argument("script", metavar="SCRIPT")
    run.add_argument("args", nargs=argparse.REMAINDER, metavar="ARGS")
    from numkeras.playground import cli as playground_cli

    playground = commands.add_parser("playground", help=_PLAYGROUND_HELP, description=_PLAYGROUND_HELP)
    playground_cli.add_arguments(playground)
    return parser


def main(argv=None):
    """Entry point of the `numkeras` command; returns the exit status."""
    parser = _parser()
    options = parser.parse_args(sys.argv[1:] if argv is None else argv)
    if options.command == "playground":
        from numkeras.playground import cli as playground_cli

        return playground_cli.run(options)
    if options.command != "run":
        parser.print_help(sys.stderr)
        return 2
    from numkeras.compat import limits, runner, session

    env = {}
    if options.max_epochs:
        env[limits.ENV_MAX_EPOCHS] = str(options.max_epochs)
    if options.max_steps_per_epoch:
        env[limits.ENV_MAX_STEPS] = str(options.max_steps_per_epoch)
    return runner.run_script(options.script, options.args,
                             session.Options(tf2_optimizers=options.tf2_optimizers),
                             prelude=options.prelude, epilogue=options.epilogue, env=env)


if __name__ == "__main__":
    sys.exit(main())
