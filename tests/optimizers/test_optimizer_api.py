"""The base optimizer's contract: arguments, get/serialize, variables, state, errors."""
import warnings

import numpy as np
import pytest

from numkeras import optimizers
from numkeras.backend import Tensor, Variable
from numkeras.optimizers import SGD, Adam, AdamW, Optimizer, RMSprop, schedules

ALL_CLASSES = [optimizers.SGD, optimizers.RMSprop, optimizers.Adam, optimizers.AdamW,
               optimizers.Adagrad, optimizers.Adadelta, optimizers.Adamax, optimizers.Nadam,
               optimizers.Lion, optimizers.Ftrl]

# Keras 3's get_config() keys for Adam, in order (keras.optimizers.Adam().get_config()).
KERAS_ADAM_CONFIG_KEYS = ["name", "learning_rate", "weight_decay", "clipnorm", "global_clipnorm",
                          "clipvalue", "use_ema", "ema_momentum", "ema_overwrite_frequency",
                          "loss_scale_factor", "gradient_accumulation_steps", "beta_1", "beta_2",
                          "epsilon", "amsgrad"]


def variable(value, name="w"):
    return Variable(np.array(value, "float32"), name=name)


# --- constructor arguments -----------------------------------------------------------------
def test_lr_is_a_deprecated_alias_of_learning_rate():
    with pytest.warns(DeprecationWarning, match="`lr` argument is deprecated"):
        optimizer = SGD(lr=0.3)
    assert float(optimizer.learning_rate) == pytest.approx(0.3)
    assert "lr" not in optimizer.get_config()
    w = variable([1.0])
    optimizer.apply([np.array([1.0], "float32")], [w])
    assert float(w.value[0]) == pytest.approx(0.7)


def test_lr_works_for_every_optimizer_and_the_warning_points_at_the_caller():
    for cls in ALL_CLASSES:
        with pytest.warns(DeprecationWarning) as record:
            assert float(cls(lr=0.25).learning_rate) == 0.25
        assert record[0].filename == __file__, cls.__name__   # shown in notebooks (__main__)


def test_unknown_keyword_arguments_are_named_with_the_valid_ones():
    with pytest.raises(ValueError) as error:
        SGD(learning_rate=0.1, momentun=0.9)
    message = str(error.value)
    assert "momentun" in message and "not recognized" in message
    assert "momentum" in message and "nesterov" in message and "clipnorm" in message


def test_only_one_clipping_argument():
    with pytest.raises(ValueError, match="Only one of|only one of"):
        SGD(clipnorm=1.0, clipvalue=1.0)


def test_learning_rate_numbers_are_coerced_and_wrong_types_rejected():
    assert float(optimizers.Adadelta(learning_rate=1).learning_rate) == 1.0   # Keras 3 rejects int 1
    assert float(SGD(learning_rate=np.float32(0.5)).learning_rate) == 0.5
    with pytest.raises(TypeError, match="learning_rate"):
        SGD(learning_rate="fast")


def test_invalid_hyperparameters():
    with pytest.raises(ValueError, match="momentum"):
        SGD(momentum=1.5)
    with pytest.raises(ValueError, match="beta_1"):
        optimizers.Lion(beta_1=0.0)
    with pytest.raises(ValueError, match="weight_decay"):
        AdamW(weight_decay=None)
    with pytest.raises(ValueError, match="gradient_accumulation_steps"):
        SGD(gradient_accumulation_steps=1)
    with pytest.raises(ValueError, match="learning_rate_power"):
        optimizers.Ftrl(learning_rate_power=0.5)
    with pytest.raises(TypeError, match="rho"):
        RMSprop(rho="0.9")


def test_default_hyperparameters_are_keras_3s():
    assert SGD().get_config()["learning_rate"] == pytest.approx(0.01)
    config = RMSprop().get_config()
    assert (config["learning_rate"], config["rho"], config["momentum"], config["epsilon"],
            config["centered"]) == (pytest.approx(0.001), 0.9, 0.0, 1e-7, False)
    assert AdamW().get_config()["weight_decay"] == 0.004
    assert optimizers.Adagrad().get_config()["initial_accumulator_value"] == 0.1
    assert optimizers.Adadelta().get_config()["rho"] == 0.95
    assert optimizers.Lion().get_config()["beta_2"] == 0.99


# --- get / serialize / deserialize ----------------------------------------------------------
@pytest.mark.parametrize("name", ["sgd", "rmsprop", "adam", "adamw", "adagrad", "adadelta", "adamax",
                                  "nadam", "lion", "ftrl"])
def test_get_by_name_is_case_insensitive(name):
    assert type(optimizers.get(name)).__name__.lower() == name
    assert type(optimizers.get(name.upper())).__name__.lower() == name


def test_get_unknown_name_suggests_the_closest():
    with pytest.raises(ValueError) as error:
        optimizers.get("adma")
    assert str(error.value) == ("Unknown optimizer: 'adma'. Did you mean 'adam'? Available: adadelta, "
                                "adagrad, adam, adamax, adamw, ftrl, lion, nadam, rmsprop, sgd.")


def test_get_passes_instances_through_and_reads_dicts():
    optimizer = Adam()
    assert optimizers.get(optimizer) is optimizer
    assert optimizers.get(None) is None
    from_dict = optimizers.get({"class_name": "RMSprop", "config": {"learning_rate": 0.5}})
    assert isinstance(from_dict, RMSprop) and float(from_dict.learning_rate) == 0.5
    with pytest.raises(ValueError, match="Could not interpret"):
        optimizers.get(42)


def test_serialize_has_keras_shape_and_key_order():
    data = optimizers.serialize(Adam())
    assert list(data) == ["module", "class_name", "config", "registered_name"]
    assert (data["module"], data["class_name"], data["registered_name"]) == (
        "keras.optimizers", "Adam", None)
    assert list(data["config"]) == KERAS_ADAM_CONFIG_KEYS
    assert data["config"]["learning_rate"] == 0.0010000000474974513   # float32 0.001, as Keras


def test_deserialize_a_config_written_by_keras():
    # keras.optimizers.serialize(SGD(ExponentialDecay(0.1, 10, 0.9))) with Keras 3.15
    keras_config = {
        "module": "keras.optimizers", "class_name": "SGD", "registered_name": None,
        "config": {"name": "sgd", "learning_rate": {
            "module": "keras.optimizers.schedules", "class_name": "ExponentialDecay",
            "config": {"initial_learning_rate": 0.1, "decay_steps": 10, "decay_rate": 0.9,
                       "staircase": False, "name": "ExponentialDecay"}, "registered_name": None},
            "weight_decay": None, "clipnorm": None, "global_clipnorm": None, "clipvalue": None,
            "use_ema": False, "ema_momentum": 0.99, "ema_overwrite_frequency": None,
            "loss_scale_factor": None, "gradient_accumulation_steps": None, "momentum": 0.0,
            "nesterov": False}}
    optimizer = optimizers.deserialize(keras_config)
    assert isinstance(optimizer, SGD) and optimizer.name == "sgd"
    assert isinstance(optimizer._learning_rate, schedules.ExponentialDecay)
    assert optimizers.serialize(optimizer) == keras_config


def test_tf_keras_2_configs_load_without_warnings():
    config = {"name": "Adam", "learning_rate": 0.001, "decay": 0.0, "beta_1": 0.9, "beta_2": 0.999,
              "epsilon": 1e-07, "amsgrad": False, "is_legacy_optimizer": False, "jit_compile": True}
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        optimizer = optimizers.deserialize({"class_name": "Adam", "config": config})
    assert optimizer.decay == 0.0


@pytest.mark.parametrize("cls", ALL_CLASSES, ids=lambda c: c.__name__)
def test_config_round_trip(cls):
    original = cls(learning_rate=0.05, clipnorm=2.0, name="custom_name")
    rebuilt = cls.from_config(original.get_config())
    assert rebuilt.get_config() == original.get_config()
    assert optimizers.deserialize(optimizers.serialize(original)).get_config() == original.get_config()


def test_config_round_trip_keeps_non_default_hyperparameters():
    original = RMSprop(learning_rate=schedules.CosineDecay(0.1, 100), rho=0.8, momentum=0.5,
                       centered=True, use_ema=True, ema_overwrite_frequency=3)
    rebuilt = RMSprop.from_config(original.get_config())
    assert rebuilt.get_config() == original.get_config()
    assert isinstance(rebuilt._learning_rate, schedules.CosineDecay)
    with pytest.warns(DeprecationWarning):
        legacy = SGD(learning_rate=0.1, decay=0.01)
    with pytest.warns(DeprecationWarning):
        assert SGD.from_config(legacy.get_config()).decay == 0.01


def test_callable_learning_rate_is_called_without_arguments():
    w = variable([1.0])
    optimizer = SGD(learning_rate=lambda: 0.5)
    optimizer.apply([np.array([1.0], "float32")], [w])
    assert float(w.value[0]) == 0.5
    assert optimizer.get_config()["learning_rate"]["class_name"] == "function"


# --- learning rate and iterations ----------------------------------------------------------
def test_learning_rate_is_a_settable_variable():
    optimizer = SGD(learning_rate=0.1)
    assert isinstance(optimizer.learning_rate, Variable)
    optimizer.learning_rate = 0.5           # what LearningRateScheduler / ReduceLROnPlateau do
    w = variable([1.0])
    optimizer.apply([np.array([1.0], "float32")], [w])
    assert float(w.value[0]) == 0.5
    optimizer.lr = 0.25                     # tf.keras 2 spelling
    assert float(optimizer.learning_rate) == 0.25


def test_schedule_learning_rate_follows_iterations_and_is_not_settable():
    optimizer = SGD(learning_rate=schedules.ExponentialDecay(1.0, decay_steps=1, decay_rate=0.5))
    assert [v.name for v in optimizer.variables] == ["iteration"]
    w = variable([0.0])
    for _ in range(3):
        optimizer.apply([np.array([-1.0], "float32")], [w])
    assert float(w.value[0]) == pytest.approx(1.0 + 0.5 + 0.25)
    assert float(optimizer.learning_rate) == pytest.approx(0.125)
    with pytest.raises(TypeError, match="not settable"):
        optimizer.learning_rate = 0.1


def test_setting_a_schedule_replaces_the_learning_rate_variable():
    optimizer = SGD(0.1)
    optimizer.learning_rate = schedules.InverseTimeDecay(0.1, 1, 1.0)
    assert [v.name for v in optimizer.variables] == ["iteration"]


def test_iterations_is_an_int64_variable_counting_steps():
    optimizer, w = Adam(), variable([1.0])
    assert isinstance(optimizer.iterations, Variable) and optimizer.iterations.dtype == np.int64
    for _ in range(3):
        optimizer.apply_gradients([(np.array([1.0], "float32"), w)])
    assert int(optimizer.iterations) == 3


def test_gradient_accumulation_counts_update_steps():
    optimizer, w = SGD(1.0, gradient_accumulation_steps=2), variable([0.0])
    optimizer.apply([np.array([1.0], "float32")], [w])
    assert float(w.value[0]) == 0.0 and int(optimizer.iterations) == 0   # accumulated only
    optimizer.apply([np.array([3.0], "float32")], [w])
    assert float(w.value[0]) == -2.0 and int(optimizer.iterations) == 1   # mean of 1 and 3


# --- variables and state --------------------------------------------------------------------
def test_slots_are_named_after_the_variable_path_and_interleaved():
    kernel = Variable(np.zeros((2, 2), "float32"), name="kernel", path="dense/kernel")
    bias = Variable(np.zeros(2, "float32"), name="bias", path="dense/bias")
    optimizer = Adam(name="adam_for_test")
    optimizer.build([kernel, bias])
    assert [v.name for v in optimizer.variables] == [
        "iteration", "learning_rate", "dense_kernel_momentum", "dense_kernel_velocity",
        "dense_bias_momentum", "dense_bias_velocity"]
    assert optimizer.variables[2].path == "adam_for_test/dense_kernel_momentum"
    assert not any(v.trainable for v in optimizer.variables)
    optimizer.build([kernel, bias])   # building twice adds nothing
    assert len(optimizer.variables) == 6


def test_automatic_names_are_snake_case_and_unique():
    first, second = RMSprop(), RMSprop()
    assert first.name.startswith("rm_sprop") and second.name.startswith("rm_sprop")
    assert first.name != second.name
    assert AdamW().name.startswith("adam_w")


def test_save_and_load_own_variables_round_trip():
    w = variable([1.0, 2.0])
    optimizer = Adam()
    optimizer.apply([np.array([0.5, -0.5], "float32")], [w])
    store = {}
    optimizer.save_own_variables(store)
    assert sorted(store) == ["0", "1", "2", "3"]
    fresh = Adam()
    fresh.build([variable([0.0, 0.0])])
    fresh.load_own_variables(store)
    for a, b in zip(optimizer.variables, fresh.variables):
        np.testing.assert_array_equal(a.numpy(), b.numpy())
    with pytest.warns(UserWarning, match="Skipping variable loading"):
        SGD().load_own_variables(store)


def test_set_weights_requires_a_built_optimizer():
    with pytest.raises(ValueError, match="not yet been built"):
        Adam().set_weights([])
    optimizer = SGD(momentum=0.5)
    optimizer.build([variable([1.0])])
    optimizer.set_weights([np.array(7), np.array(0.2), np.array([3.0])])
    assert [float(np.asarray(v).ravel()[0]) for v in optimizer.get_weights()] == pytest.approx(
        [7, 0.2, 3.0])


def test_mixed_dtypes_keep_their_own_precision():
    w32, w64 = variable([1.0]), Variable(np.array([1.0]), dtype="float64")
    optimizer = RMSprop(0.01)
    optimizer.apply([np.array([1.0], "float32"), np.array([1.0])], [w32, w64])
    assert w32.value.dtype == np.float32 and w64.value.dtype == np.float64
    assert float(w64.value[0]) == pytest.approx(1 - 0.01 / np.sqrt(0.1 + 1e-7), abs=1e-9)


def test_exclude_from_weight_decay():
    kernel, bias = variable([1.0], "kernel"), variable([1.0], "bias")
    optimizer = SGD(0.1, weight_decay=0.5)
    optimizer.exclude_from_weight_decay(var_names=["bias"])
    zero = np.array([0.0], "float32")
    optimizer.apply([zero, zero], [kernel, bias])
    assert (float(kernel.value[0]), float(bias.value[0])) == pytest.approx((0.95, 1.0))
    with pytest.raises(ValueError, match="before the optimizer is built"):
        optimizer.exclude_from_weight_decay(var_names=["kernel"])


def test_ema_weights_are_copied_in_by_finalize():
    w = variable([0.0])
    optimizer = SGD(1.0, use_ema=True, ema_momentum=0.5)
    optimizer.apply([np.array([-1.0], "float32")], [w])   # w = 1, first average = w = 1
    optimizer.apply([np.array([-1.0], "float32")], [w])   # w = 2, average = 0.5 * 1 + 0.5 * 2
    optimizer.finalize_variable_values([w])
    assert float(w.value[0]) == 1.5


# --- gradients and errors -------------------------------------------------------------------
def test_none_gradients_are_skipped_with_a_warning():
    a, b = variable([1.0], "a"), variable([1.0], "b")
    optimizer = SGD(0.5)
    with pytest.warns(UserWarning, match="Gradients do not exist"):
        optimizer.apply([np.array([1.0], "float32"), None], [a, b])
    assert (float(a.value[0]), float(b.value[0])) == (0.5, 1.0)
    with pytest.raises(ValueError, match="No gradients provided"):
        optimizer.apply([None, None], [a, b])


def test_tensor_and_list_gradients_are_accepted():
    w = variable([1.0, 1.0])
    optimizer = SGD(0.5)
    optimizer.apply([Tensor(np.array([1.0, 1.0], "float32"))], [w])
    optimizer.apply([[1.0, 1.0]], [w])
    assert w.value.tolist() == [0.0, 0.0]


def test_apply_without_variables_uses_the_built_ones():
    w = variable([1.0])
    optimizer = SGD(0.5)
    with pytest.raises(ValueError, match="must already be built"):
        optimizer.apply([np.array([1.0], "float32")])
    optimizer.build([w])
    optimizer.apply([np.array([1.0], "float32")])
    assert float(w.value[0]) == 0.5


def test_unknown_variable_is_an_error():
    optimizer = Adam()
    optimizer.apply([np.array([1.0], "float32")], [variable([1.0])])
    with pytest.raises(ValueError, match="Unknown variable"):
        optimizer.apply([np.array([1.0], "float32")], [variable([1.0], "stranger")])


def test_wrong_gradient_shape_is_reported_on_the_first_step():
    with pytest.raises(ValueError, match=r"shape \(3,\), expected \(2,\)"):
        SGD().apply([np.ones(3, "float32")], [variable([1.0, 2.0])])
    with pytest.raises(ValueError, match="2 gradients for 1 variables"):
        SGD().apply([np.ones(1, "float32"), np.ones(1, "float32")], [variable([1.0])])


def test_build_rejects_non_variables():
    with pytest.raises(TypeError, match="expects Variables"):
        SGD().build([np.zeros(2)])


def test_keras_style_subclass_overriding_update_step():
    class SignDescent(Optimizer):
        def __init__(self, learning_rate=0.1, **kwargs):
            super().__init__(learning_rate=learning_rate, **kwargs)

        def update_step(self, gradient, variable, learning_rate):
            variable.assign(variable.value - learning_rate * np.sign(gradient))

    w = variable([1.0, 1.0])
    SignDescent().apply([np.array([3.0, -0.1], "float32")], [w])
    assert w.value.tolist() == pytest.approx([0.9, 1.1])


def test_update_step_alone_updates_one_variable():
    w = variable([1.0])
    optimizer = SGD(0.1, momentum=0.9)
    optimizer.build([w])
    optimizer.update_step(np.array([1.0], "float32"), w, 0.1)
    assert float(w.value[0]) == pytest.approx(0.9)
    assert int(optimizer.iterations) == 0   # only apply() counts steps, as in Keras


def test_repr_and_scale_loss():
    optimizer = SGD(0.5, loss_scale_factor=4.0, name="plain")
    assert repr(optimizer) == "<SGD name='plain' learning_rate=0.5 iterations=0 built=False>"
    assert optimizer.scale_loss(2.0) == 8.0


def test_copies_keep_working_on_their_own_variables():
    import copy
    import pickle

    w = variable([1.0, 1.0])
    optimizer = Adam(0.1)
    optimizer.exclude_from_weight_decay(var_list=[w])
    optimizer.apply([np.ones(2, "float32")], [w])
    for clone in (copy.deepcopy(optimizer), pickle.loads(pickle.dumps(optimizer))):
        clone.apply([np.ones(2, "float32")])
        assert int(clone.iterations) == 2
        np.testing.assert_allclose(clone._trainable_variables[0].value, [0.8, 0.8], atol=1e-3)
    assert int(optimizer.iterations) == 1 and float(w.value[0]) == pytest.approx(0.9, abs=1e-3)
