#!/usr/bin/python3
"""PyTorch peer of `neuromod train`: trains a population of P MLPs (784-H...-10) on MNIST with SGD momentum
and reports training throughput, so the Java backend can be compared against PyTorch on the same CPU.

Mirrors the Java CLI flags.  P=1 trains a plain nn.Sequential of nn.Linear; P>1 trains all members in one go
with batched matmuls over weights shaped (P, in, out).  All members see the same shuffled batches (one shuffle
per epoch, last partial batch dropped); each member gets its own init seed.  The loss is the SUM over members of
each member's mean cross-entropy, so every member's gradient is exactly the gradient of its own training.

trainSeconds covers the training loop only: data is already a float tensor in memory, batches are gathered by
index inside the loop (as on the Java side); loading and evaluation are outside the timed region.
Progress goes to stderr; with --json the last stdout line is one JSON object.
Run with /usr/bin/python3 (Debian python3-torch), not a pyenv python without torch.
"""
import argparse, ctypes, gzip, json, math, os, platform, sys, time

import numpy as np
import torch
import torch.nn.functional as F

ACTS = {"relu": torch.relu, "tanh": torch.tanh, "sigmoid": torch.sigmoid, "identity": lambda z: z}


def log(*a):
    print(*a, file=sys.stderr, flush=True)


def read_idx(data_dir, name):
    """Reads an IDX file (raw or .gz) into a numpy array of its declared shape."""
    for path, opener in ((os.path.join(data_dir, name), open), (os.path.join(data_dir, name + ".gz"), gzip.open)):
        if os.path.exists(path):
            with opener(path, "rb") as f:
                raw = f.read()
            break
    else:
        raise FileNotFoundError(f"{name}[.gz] not found in {data_dir}")
    if raw[0] != 0 or raw[1] != 0 or raw[2] != 8:  # magic: 0, 0, type 0x08 = unsigned byte, then ndim
        raise ValueError(f"{name}: not an unsigned-byte IDX file")
    ndim = raw[3]
    dims = [int.from_bytes(raw[4 + 4 * i: 8 + 4 * i], "big") for i in range(ndim)]
    return np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * ndim).reshape(dims)


def load_mnist(data_dir, limit):
    def images(n):
        return torch.from_numpy(read_idx(data_dir, n).reshape(-1, 784).astype(np.float32) / 255.0)

    def labels(n):
        return torch.from_numpy(read_idx(data_dir, n).astype(np.int64))

    xtr, ytr = images("train-images-idx3-ubyte"), labels("train-labels-idx1-ubyte")
    if limit:
        xtr, ytr = xtr[:limit].contiguous(), ytr[:limit].contiguous()
    return xtr, ytr, images("t10k-images-idx3-ubyte"), labels("t10k-labels-idx1-ubyte")


def layer_activation(activation, l, sizes):
    """The activation of layer l as neuromod sees it: hidden layers use the given one, the output layer is linear."""
    return "identity" if l == len(sizes) - 2 else activation


def init_weight(fan_in, fan_out, activation, gen):
    """(fan_in, fan_out) weight: He normal (fan_in) for relu, Glorot uniform otherwise."""
    if activation == "relu":
        return torch.randn(fan_in, fan_out, generator=gen) * math.sqrt(2.0 / fan_in)
    bound = math.sqrt(6.0 / (fan_in + fan_out))
    return (torch.rand(fan_in, fan_out, generator=gen) * 2 - 1) * bound


class Population(torch.nn.Module):
    """P independent MLPs as batched parameters.  Layer l holds W (P, in, out) and b (P, 1, out).

    impl='bmm':  every layer is a batched matmul; the shared input x (B, 784) is broadcast by torch.matmul.
    impl='wide': since every member sees the same input, the first layer is ONE (B,784)x(784,P*H) GEMM on the
                 members' first-layer weights laid side by side (same math, fewer and bigger BLAS calls);
                 the remaining layers are bmm as above.
    """

    def __init__(self, sizes, activation, population, seed, impl):
        super().__init__()
        self.act, self.P, self.impl = ACTS[activation], population, impl
        gens = [torch.Generator().manual_seed(seed * 1000 + k) for k in range(population)]
        ws = [[init_weight(i, o, layer_activation(activation, l, sizes), g)
               for l, (i, o) in enumerate(zip(sizes, sizes[1:]))] for g in gens]
        self.W = torch.nn.ParameterList()
        self.b = torch.nn.ParameterList()
        for l, (i, o) in enumerate(zip(sizes, sizes[1:])):
            w = torch.stack([ws[k][l] for k in range(population)])  # (P, in, out)
            if l == 0 and impl == "wide":
                self.W.append(torch.nn.Parameter(w.permute(1, 0, 2).reshape(i, population * o).contiguous()))
                self.b.append(torch.nn.Parameter(torch.zeros(population * o)))
            else:
                self.W.append(torch.nn.Parameter(w))
                self.b.append(torch.nn.Parameter(torch.zeros(population, 1, o)))

    def forward(self, x):  # x (B, 784) -> logits (P, B, 10)
        n = len(self.W)
        for l in range(n):
            if l == 0 and self.impl == "wide":
                h = torch.addmm(self.b[0], x, self.W[0]).view(x.shape[0], self.P, -1).transpose(0, 1)
            elif l == 0:
                h = torch.matmul(x, self.W[0]) + self.b[0]
            else:
                h = torch.baddbmm(self.b[l], h, self.W[l])
            if l < n - 1:
                h = self.act(h)
        return h


def single(sizes, activation, seed):
    """P=1: plain nn.Linear stack with the same init as the population members."""
    g = torch.Generator().manual_seed(seed * 1000)
    layers = []
    for l, (i, o) in enumerate(zip(sizes, sizes[1:])):
        lin = torch.nn.Linear(i, o)
        with torch.no_grad():
            lin.weight.copy_(init_weight(i, o, layer_activation(activation, l, sizes), g).t())  # (out, in)
            lin.bias.zero_()
        layers.append(lin)
        if l < len(sizes) - 2:
            layers.append({"relu": torch.nn.ReLU(), "tanh": torch.nn.Tanh(), "sigmoid": torch.nn.Sigmoid(),
                           "identity": torch.nn.Identity()}[activation])
    return torch.nn.Sequential(*layers)


def seconds_from_start():
    """Seconds since this process started (Linux: the uptime less the process's start tick, both counted from boot,
    good to a clock tick), or None. The same measure as neuromod's secondsFromStart, so both sides count
    interpreter or JVM start and data loading."""
    try:
        with open("/proc/self/stat") as f:
            start_ticks = int(f.read().rsplit(")", 1)[1].split()[22 - 3])  # field 22, counted from field 3
        with open("/proc/uptime") as f:
            uptime = float(f.read().split()[0])
        return uptime - start_ticks / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None


def blas_info():
    """Which BLAS is really mapped into this process, the core OpenBLAS picked, and the thread env vars."""
    libs = set()
    with open("/proc/self/maps") as f:
        for line in f:
            p = line.split()[-1]
            if any(k in os.path.basename(p) for k in ("blas", "lapack", "dnnl", "mkl", "gomp", "omp")):
                libs.add(p)
    info = {"mapped": sorted(libs)}
    for p in sorted(libs):
        if "blas" in os.path.basename(p):
            try:  # OpenBLAS exports these; a reference libblas would not
                lib = ctypes.CDLL(p)
                lib.openblas_get_corename.restype = ctypes.c_char_p
                lib.openblas_get_config.restype = ctypes.c_char_p
                info["openblasCore"] = lib.openblas_get_corename().decode()
                info["openblasConfig"] = lib.openblas_get_config().decode()
                info["openblasThreads"] = lib.openblas_get_num_threads()
                info["libblas"] = os.path.realpath(p)
                break
            except (OSError, AttributeError):
                info["libblas"] = os.path.realpath(p)
    for v in ("OPENBLAS_CORETYPE", "OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "OPENBLAS_L2_SIZE",
              "ATEN_CPU_CAPABILITY"):
        info[v] = os.environ.get(v)
    cap = [l for l in torch.__config__.show().splitlines() if "CPU capability" in l]
    info["atenCpuCapability"] = cap[0].split(":")[-1].strip() if cap else None
    info["mkldnnAvailable"] = torch.backends.mkldnn.is_available()
    return info


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", default="mnist", choices=["mnist"])
    ap.add_argument("--data-dir", required=True)
    ap.add_argument("--hidden", default="128", help="comma-separated hidden sizes, e.g. 128 or 128,64")
    ap.add_argument("--activation", default="relu", choices=sorted(ACTS))
    ap.add_argument("--epochs", type=int, default=1)
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--population", type=int, default=1)
    ap.add_argument("--rule", default="momentum", choices=["sgd", "momentum", "adam", "rmsprop"])
    ap.add_argument("--lr", type=float, default=None,
                    help="default: 0.05 for sgd and momentum, 0.001 for adam and rmsprop")
    ap.add_argument("--momentum", type=float, default=0.9)
    ap.add_argument("--decay", type=float, default=0.99, help="rmsprop's decay rho (torch's alpha; default 0.99)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--limit", type=int, default=0, help="train on the first N training images only")
    ap.add_argument("--threads", type=int, default=0, help="torch.set_num_threads (0: leave torch's default)")
    ap.add_argument("--impl", default="wide", choices=["wide", "bmm"], help="population layout for P>1")
    ap.add_argument("--foreach", action="store_true", help="SGD(foreach=True): multi-tensor update")
    ap.add_argument("--schedule", default="constant", choices=["constant", "cosine"],
                    help="learning-rate schedule: constant, or cosine = CosineAnnealingLR from --lr to 0 over all "
                         "steps of the run, stepped after every optimizer step (the peer of --modulator cosine)")
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args()

    if a.threads:
        torch.set_num_threads(a.threads)
    sizes = [784] + [int(h) for h in a.hidden.split(",") if h] + [10]
    xtr, ytr, xte, yte = load_mnist(a.data_dir, a.limit)
    n, B, P = xtr.shape[0], a.batch, a.population
    steps = n // B  # last partial batch dropped
    if steps == 0:
        sys.exit(f"batch {B} larger than the {n} training samples")

    model = single(sizes, a.activation, a.seed) if P == 1 else Population(sizes, a.activation, P, a.seed, a.impl)
    if a.lr is None:
        a.lr = 0.001 if a.rule in ("adam", "rmsprop") else 0.05
    if a.rule == "rmsprop":
        # the same arithmetic as neuromod's rmsprop rule: s = rho s + (1 - rho) g^2; w -= lr g / (sqrt(s) + 1e-8)
        opt = torch.optim.RMSprop(model.parameters(), lr=a.lr, alpha=a.decay, eps=1e-8, momentum=0, centered=False,
                                  foreach=a.foreach or None)
    elif a.rule == "adam":
        # the same constants as neuromod's adam rule: betas (0.9, 0.999), eps 1e-8
        opt = torch.optim.Adam(model.parameters(), lr=a.lr, betas=(0.9, 0.999), eps=1e-8, foreach=a.foreach or None)
    else:
        # torch's v = m*v + g; w -= lr*v equals v = m*v - lr*g; w += v for a constant lr.
        opt = torch.optim.SGD(model.parameters(), lr=a.lr, momentum=a.momentum if a.rule == "momentum" else 0,
                              foreach=a.foreach or None)
    # cosine: lr_t = lr * (1 + cos(pi t / T)) / 2 for update t = 0..T-1, T = every step of the run
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=steps * a.epochs, eta_min=0) \
        if a.schedule == "cosine" else None
    shuffle = torch.Generator().manual_seed(a.seed)
    log(f"torch {torch.__version__}, threads {torch.get_num_threads()}, sizes {sizes}, P={P}, "
        f"{n} samples, {steps} steps/epoch, impl {'linear' if P == 1 else a.impl}")

    ytiled = None
    t0 = time.perf_counter()
    for epoch in range(a.epochs):
        te = time.perf_counter()
        perm = torch.randperm(n, generator=shuffle)
        total = 0.0
        for s in range(steps):
            idx = perm[s * B:(s + 1) * B]
            xb, yb = xtr.index_select(0, idx), ytr.index_select(0, idx)
            out = model(xb)
            if P == 1:
                loss = F.cross_entropy(out, yb)
            else:  # sum over members of each member's batch-mean CE
                loss = F.cross_entropy(out.reshape(P * B, -1), yb.repeat(P), reduction="sum") / B
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            if sched is not None:
                sched.step()
            if s % 200 == 0:
                total = loss.item() / P  # the only sync point besides the end; cheap every 200 steps
        log(f"epoch {epoch + 1}/{a.epochs}: {time.perf_counter() - te:.2f}s, mean member loss ~{total:.4f}")
    train_seconds = time.perf_counter() - t0
    from_start = seconds_from_start()

    with torch.no_grad():
        out = model(xte)
        pred = out.argmax(-1).reshape(P, -1)
        acc = (pred == yte).float().mean(1).tolist()
    samples = P * steps * B * a.epochs
    res = {
        "testAccuracy": acc, "trainSeconds": train_seconds, "secondsFromStart": from_start, "samplesPerSecond": samples / train_seconds,
        "samplesTrained": samples, "population": P, "epochs": a.epochs, "batch": B, "sizes": sizes,
        "activation": a.activation, "lr": a.lr, "rule": a.rule, "schedule": a.schedule, "momentum": a.momentum if a.rule == "momentum" else None,
        "decay": a.decay if a.rule == "rmsprop" else None, "seed": a.seed, "limit": a.limit,
        "impl": "linear" if P == 1 else a.impl, "foreach": a.foreach,
        "threads": torch.get_num_threads(), "torch": torch.__version__, "numpy": np.__version__,
        "python": platform.python_version(), "blas": blas_info(),
    }
    log(f"test accuracy {['%.4f' % x for x in acc]}, {train_seconds:.2f}s, {res['samplesPerSecond']:.0f} samples/s")
    if a.json:
        print(json.dumps(res), flush=True)


if __name__ == "__main__":
    main()
