#!/usr/bin/python3
"""Correctness check of the float32 GEMMs torch_mlp.py uses, under whatever OPENBLAS_CORETYPE is set.

Older OpenBLAS builds crashed or computed wrong results on this CPU (Zen 5) with their auto-detected core, so
before trusting a faster coretype we compare torch.mm / torch.bmm (which go to OpenBLAS sgemm) with all
transpose variants used in forward and backward against a float64 reference built WITHOUT BLAS (broadcast
multiply + sum).  Prints the core OpenBLAS picked and the worst relative error; exit code 1 if any is off.
"""
import sys

import torch

sys.path.insert(0, __file__.rsplit("/", 1)[0])
from torch_mlp import blas_info  # noqa: E402


def ref(a, b):  # float64, no BLAS: (m,k)x(k,n) via broadcasting
    return (a.double()[:, :, None] * b.double()[None, :, :]).sum(1)


def main():
    g = torch.Generator().manual_seed(0)
    worst = 0.0
    # (m, k, n) of the forward / backward GEMMs of 784-128-10 (and 784-1024-10 for the P=8 'wide' layer), odd sizes too
    for m, k, n in [(64, 784, 128), (784, 64, 128), (64, 128, 784), (64, 128, 10), (128, 64, 10), (64, 10, 128),
                    (64, 784, 1024), (784, 64, 1024), (10000, 784, 128), (37, 501, 129), (3, 5, 7)]:
        a, b = torch.randn(m, k, generator=g), torch.randn(k, n, generator=g)
        r = ref(a, b)
        for name, got in (("NN", a @ b), ("TN", a.t().contiguous().t() @ b), ("NT", a @ b.t().contiguous().t()),
                          ("bmm", torch.bmm(a.expand(3, m, k), b.expand(3, k, n))[2])):
            err = ((got.double() - r).abs().max() / r.abs().max()).item()
            worst = max(worst, err)
            if err > 1e-5:
                print(f"BAD {name} {m}x{k}x{n}: rel err {err:.2e}")
    info = blas_info()
    print(f"core {info.get('openblasCore')} (OPENBLAS_CORETYPE={info['OPENBLAS_CORETYPE']}): "
          f"worst relative error {worst:.2e} -> {'OK' if worst <= 1e-5 else 'WRONG'}")
    sys.exit(0 if worst <= 1e-5 else 1)


if __name__ == "__main__":
    main()
