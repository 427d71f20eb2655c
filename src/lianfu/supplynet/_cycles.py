"""The CPU's cycle counter inside numba kernels, for the phase profile of
`esri(..., profile=True)` (benchmarks/esri.py prints the shares). Only the
profiled copy of the kernel reads it; the ordinary kernel is compiled with the
profiling branches removed (a False global is a constant to numba)."""
from llvmlite import ir
from numba import types
from numba.core import cgutils
from numba.extending import intrinsic

# stats[4 + k] of a profiled run: cycles spent in each phase of a round
PHASES = ("market", "down push", "down settle", "up push", "up settle", "widen lists", "index and reset")


@intrinsic
def cycles(typingctx):
    """llvm.readcyclecounter (rdtsc on x86)."""
    def codegen(context, builder, signature, args):
        fn = cgutils.get_or_insert_function(builder.module, ir.FunctionType(ir.IntType(64), []),
                                            "llvm.readcyclecounter")
        return builder.call(fn, [])
    return types.int64(), codegen
