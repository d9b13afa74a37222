"""How much memory a Monte Carlo run needs, from its inputs, before it allocates anything.

Measured on the engine (tracemalloc peaks, bench figures in docs/scenario.md): per option a
chunk's working arrays (about 300 bytes per trial in flight, ``min(trials, chunk_size x
threads)`` trials at a time), the per-trial outputs kept for the statistics (about 32 bytes
per trial) and the sampled cash-flow paths (3 arrays of years x path trials); plus a fixed
8 MB. The figure errs high, never low: a test runs the largest run a small budget admits and
checks its traced peak stays under that budget (the bundled example, 4 options: a 160 MB
budget admits 734,470 trials, whose traced peak is 114 MB; 20 options x 20,000 trials peak at
95 MB, estimated 130 MB).
"""

from __future__ import annotations

FIXED_BYTES = 8_000_000
CHUNK_BYTES_PER_TRIAL = 300
KEPT_BYTES_PER_TRIAL = 32
PATH_ARRAYS = 3


def simulation_bytes(
    options: int,
    trials: int,
    years: int,
    *,
    chunk_size: int,
    threads: int,
    path_sample: int,
    fan_sample: int,
) -> int:
    """Peak bytes of simulating ``options`` over ``trials`` trials and ``years`` years."""
    in_flight = min(trials, chunk_size * threads)
    paths = PATH_ARRAYS * (years + 1) * min(trials, max(path_sample, fan_sample)) * 8
    per_option = in_flight * CHUNK_BYTES_PER_TRIAL + trials * KEPT_BYTES_PER_TRIAL + paths
    return FIXED_BYTES + options * per_option
