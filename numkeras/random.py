"""`numkeras.random`: seeded random draws (the functions of `numkeras.backend.random`)."""
from numkeras.backend.random import (  # noqa: F401
    SeedGenerator,
    dropout_mask,
    normal,
    permutation,
    randint,
    set_random_seed,
    truncated_normal,
    uniform,
)
