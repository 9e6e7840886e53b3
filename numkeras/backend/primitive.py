"""`primitive` and `defvjp`: how an op declares its forward and its gradient.

    @primitive
    def multiply(x, y): return x * y
    defvjp(multiply, lambda g, ans, x, y: g * y,      # d/dx, given upstream g
                     lambda g, ans, x, y: g * x)      # d/dy

A primitive unwraps Tensors to NumPy arrays, runs the NumPy forward and, only
while gradients are being recorded and some input needs one, remembers a node
on its output. VJP rules see the NumPy values and return NumPy arrays; a rule
for an input that needs no gradient is never called. Broadcast gradients are
summed back to each input's shape in one place, `tensor.unbroadcast`.
"""
from numkeras.backend.tensor import STATE, Node, Tensor

REGISTRY = {}  # name -> Primitive; the gradient-check test walks this table


class Primitive:
    __slots__ = ("fn", "name", "vjps", "joint_vjp", "remembers_inputs", "__doc__", "__wrapped__")

    def __init__(self, fn, name=None):
        self.fn = fn
        self.name = name or fn.__name__
        self.vjps = ()
        # One rule for all inputs at once, for ops whose input gradients share work
        # (the fused Dense computes the activation's derivative once for x, kernel and bias).
        self.joint_vjp = None
        # softmax/sigmoid keep their node even when nothing is recorded, so a
        # cross-entropy can find the logits behind their probabilities.
        self.remembers_inputs = False
        self.__doc__ = fn.__doc__
        self.__wrapped__ = fn

    def __call__(self, *args, **kwargs):
        values = [a.value if isinstance(a, Tensor) else a for a in args]
        ans = self.fn(*values, **kwargs)
        if STATE.recording:
            argnums = [i for i, a in enumerate(args)
                       if isinstance(a, Tensor) and (a.node is not None or a.requires_grad)]
            if argnums:
                return Tensor(ans, Node(self, argnums, args, values, kwargs, ans))
        if self.remembers_inputs:
            return Tensor(ans, Node(self, (), args, values, kwargs, ans))
        return Tensor(ans)

    def __repr__(self):
        return f"<primitive {self.name}>"


def primitive(fn, name=None):
    """Turns a NumPy function into a registered, recorded op (pair it with `defvjp`)."""
    prim = Primitive(fn, name)
    REGISTRY[prim.name] = prim
    return prim


def defvjp(prim, *vjps):
    """Declares one vector-Jacobian product per positional argument (None: not differentiable)."""
    prim.vjps = tuple(vjps)
    return prim


def defvjp_joint(prim, rule):
    """Declares `rule(g, ans, argnums, *inputs) -> [gradient for each index in argnums]`."""
    prim.joint_vjp = rule
    return prim
