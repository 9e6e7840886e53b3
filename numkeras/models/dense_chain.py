"""A tape-free training step for the lecture notes' commonest model: Dense layers and an MSE-like loss.

It calls the very NumPy functions the engine records — the fused `dense` primitive's forward
and joint VJP, the loss kernel's forward and gradient — in a fixed order, without building
Tensors and Nodes. For a tiny network trained one sample at a time (the XOR lab: 40,000 steps)
that bookkeeping is most of a step's cost. A test holds this path equal to the general one.
"""
import numpy as np

from numkeras.backend import loss_ops, nn_ops
from numkeras.backend.tensor import Tensor


class DenseChainStep:
    """One optimizer step of `Sequential([Dense, ..., Dense])` with a built-in regression loss.

    Build it with `DenseChainStep.for_model(model)`, which returns None when the model falls
    outside what this path does (then the general path runs). Calling it returns the outputs,
    or None for a batch it does not take (sample weights, targets of another shape or dtype).
    """

    def __init__(self, model, kernel, options):
        self.model = model
        self.kernel = kernel  # a loss_ops.LossKernel (mse, mae, ...)
        self.options = options
        # Per layer: kernel, bias (or None), activation, and which inputs its VJP returns
        # (x only below the top layer, the bias only when there is one).
        self.layers = [(layer.kernel, layer.bias, layer._fused_activation,
                        ([0] if index else []) + [1] + ([2] if layer.bias is not None else []))
                       for index, layer in enumerate(model.layers)]
        self.variables = model._trainable_variables

    @classmethod
    def for_model(cls, model):
        from numkeras.layers.core.dense import Dense

        layers = model.layers
        if not layers or model._may_have_penalties:
            return None
        expected = []
        for layer in layers:
            if type(layer) is not Dense or layer._fused_activation is None or not layer.trainable:
                return None
            if layer.activity_regularizer is not None:
                return None
            expected += [layer.kernel] + ([layer.bias] if layer.bias is not None else [])
        if len(expected) != len(model._trainable_variables) or any(
                a is not b for a, b in zip(expected, model._trainable_variables)):
            return None
        compiled = model._compile_loss
        if compiled.losses is None or len(compiled.losses) != 1 or compiled.weights != [1.0]:
            return None
        loss = compiled.losses[0]
        plan = getattr(loss, "_plan", None)
        if plan is None or loss.reduction not in ("sum_over_batch_size", "mean"):
            return None
        width = layers[-1].units
        probe = np.zeros((1, width), model.dtype)
        try:
            kernel, _, _, options, mask = plan(probe, Tensor(probe), np.dtype(model.dtype),
                                              **getattr(loss, "_fn_kwargs", {}))
        except ValueError:  # a loss whose targets differ in shape from y_pred (class ids): not fused
            return None
        if mask is not None or not isinstance(kernel, loss_ops.LossKernel) or \
                kernel not in _REGRESSION_KERNELS:
            return None
        return cls(model, kernel, options)

    def __call__(self, x, y):
        if y is None or type(y) is not np.ndarray or type(x) is not np.ndarray:
            return None
        forward, joint_vjp = nn_ops.dense.fn, nn_ops._dense_joint_vjp
        activations = [x]
        a = x
        for kernel, bias, activation, _ in self.layers:
            a = forward(a, kernel.value, None if bias is None else bias.value, activation=activation)
            activations.append(a)
        if y.shape != a.shape or y.dtype != a.dtype:
            return None
        # The compiled loss, as the engine computes it: per-sample values summed, divided by their count.
        divisor = a.size // a.shape[-1] if a.ndim else 1
        loss, g = self.kernel.value_and_grad(a, y, divisor, **self.options)
        grads = []
        for index in range(len(self.layers) - 1, -1, -1):
            kernel, bias, activation, argnums = self.layers[index]
            results = joint_vjp(g, activations[index + 1], argnums, activations[index], kernel.value,
                                None if bias is None else bias.value, activation=activation)
            if index:
                g = results[0]
                results = results[1:]
            grads[:0] = results
        for observe in self.model._gradient_observers:
            observe(grads, self.variables)
        self.model.optimizer.apply(grads, self.variables)
        return Tensor(loss), a


_REGRESSION_KERNELS = {loss_ops.MSE, loss_ops.MAE, loss_ops.MAPE, loss_ops.MSLE, loss_ops.HUBER,
                       loss_ops.LOG_COSH}
