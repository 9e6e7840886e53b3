"""Parameter routing for KerasClassifier/KerasRegressor.

One flat set of estimator parameters feeds several calls. A parameter reaches:

    model__NAME       the build function's argument NAME      (SciKeras)
    fit__NAME         model.fit(NAME=...)                      (SciKeras)
    predict__NAME     model.predict(NAME=...)                  (SciKeras)
    optimizer__NAME   the optimizer's constructor              (SciKeras)
    loss__NAME        the loss class's constructor             (SciKeras)
    NAME              every one of build_fn, model.fit, model.predict that has an
                      argument NAME                            (the old tf.keras wrapper)

A constructor parameter (optimizer, loss, epochs, ...) reaches the build function
only when it differs from the estimator's default, as the old wrapper passed
only what the user gave: a build function `f(optimizer="adam")` keeps its
"adam" unless the estimator is given another optimizer. To hand it a value equal
to the estimator's default, use the prefix: `model__optimizer="rmsprop"`.

so the old `KerasClassifier(build_fn=f, units=64, epochs=3)` and SciKeras's
`KerasClassifier(model=f, model__units=64, fit__epochs=3)` mean the same.
"""
import functools
import inspect

PREFIXES = ("model", "fit", "predict", "optimizer", "loss")
# Arguments a build function may ask for by name, filled in by the wrapper (SciKeras's names).
SPECIAL_BUILD_ARGS = ("meta", "compile_kwargs", "params")


def is_routed(name):
    prefix, sep, rest = name.partition("__")
    return bool(sep and rest) and prefix in PREFIXES


def routed(params, prefix):
    """`{"units": 8}` from `{"model__units": 8, "epochs": 1}` for prefix "model"."""
    start = prefix + "__"
    return {name[len(start):]: value for name, value in params.items() if name.startswith(start)}


def arg_names(fn):
    """Named arguments of `fn`, and whether it also takes **kwargs."""
    try:
        parameters = inspect.signature(fn).parameters.values()
    except (TypeError, ValueError):  # builtins without a signature
        return set(), True
    named = {p.name for p in parameters if p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)}
    return named, any(p.kind == p.VAR_KEYWORD for p in parameters)


@functools.lru_cache(maxsize=None)
def model_method_args():
    """Argument names of numkeras's Model.fit and Model.predict (read once: fit and predict ask each call)."""
    from numkeras.models import Model

    return (frozenset(n for n in arg_names(Model.fit)[0] if n not in ("self", "x", "y")),
            frozenset(n for n in arg_names(Model.predict)[0] if n not in ("self", "x")))


def build_args(fn, params, specials):
    """Keyword arguments for the build function `fn`.

    Each named argument of `fn` gets, in order of preference: a special value
    (`meta`, `compile_kwargs`, `params`), `model__NAME`, or the plain estimator
    parameter NAME. `params` holds only what the user set (see `user_set`), so a
    build function's own default `loss=...` is not overridden by the
    estimator's default `loss=None`. A build function with **kwargs also
    receives every other `model__` parameter.
    """
    names, var_kw = arg_names(fn)
    to_model = routed(params, "model")
    args = {}
    for name in names:
        if name in SPECIAL_BUILD_ARGS:
            args[name] = specials[name]()
        elif name in to_model:
            args[name] = to_model[name]
        elif name in params and not is_routed(name):
            args[name] = params[name]
    if var_kw:
        args.update({k: v for k, v in to_model.items() if k not in args})
    return args


def user_set(estimator):
    """The parameters given to the constructor or set_params, less those left at their default.

    The old wrapper passed a build function only the parameters the user gave
    (`sk_params`); a constructor parameter still at its default was never given.
    """
    defaults = {name: p.default for name, p in
                inspect.signature(type(estimator).__init__).parameters.items()
                if p.default is not p.empty}
    return {name: value for name, value in estimator.get_params(deep=False).items()
            if name not in defaults or not _same(value, defaults[name])}


def _same(value, default):
    if value is default:
        return True
    simple = (str, int, float, bool, type(None))
    return isinstance(value, simple) and type(value) is type(default) and value == default


def check_legal(extra_names, builder):
    """Raises the old wrapper's "is not a legal parameter" for names nothing would receive."""
    fit_args, predict_args = model_method_args()
    build_names, build_var_kw = arg_names(builder) if callable(builder) else (set(), False)
    if build_var_kw:
        return
    for name in extra_names:
        if not is_routed(name) and name not in build_names | fit_args | predict_args:
            raise ValueError(f"{name} is not a legal parameter: it is not an argument of the build "
                             f"function, of model.fit or of model.predict. For the build function "
                             f"use model__{name}=...")
