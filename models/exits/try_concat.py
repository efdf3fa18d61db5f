"""Experiment (2026-11-30, not the committed model; run from the repository root with the caches of
train_exits.py): segment 2 reads concat(h1, x) so later exits see the input, not only
segment 1's 64 features. Same recipe as train_exits.py; reports accuracy per exit and MACs."""
import os, sys, json, time
for v in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[v] = "1"
import numpy as np, torch
from pathlib import Path
sys.path.insert(0, str(Path(__file__).resolve().parent)); sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import train_exits as te, exits_data
nn = torch.nn
torch.manual_seed(0); torch.set_num_threads(1); torch.use_deterministic_algorithms(True)
D = 1960
class Concat(nn.Module):
    def __init__(self, mean, std):
        super().__init__()
        self.register_buffer("mean", torch.from_numpy(mean)); self.register_buffer("std", torch.from_numpy(std))
        def mlp(i, ws):
            L = []
            for w in ws:
                L += [nn.Linear(i, w), nn.ReLU(), nn.Dropout(te.DROPOUT)]; i = w
            return nn.Sequential(*L), i
        self.b1, w1 = mlp(D, (64,)); self.b2, w2 = mlp(w1 + D, (256, 256)); self.b3, w3 = mlp(w2, (512, 512)); self.b4, w4 = mlp(w3, (1024, 1024))
        self.heads = nn.ModuleList([nn.Linear(w, 12) for w in (w1, w2, w3, w4)])
    def forward(self, x):
        x = (x - self.mean) / self.std
        h1 = self.b1(x); h2 = self.b2(torch.cat([h1, x], 1)); h3 = self.b3(h2); h4 = self.b4(h3)
        return [hd(h) for hd, h in zip(self.heads, (h1, h2, h3, h4))]
xtr, ytr, xva, yva, xte, yte, _ = exits_data.load(te.SEED, te.CACHE)
xva = te.dequantize(te.quantize(xva)); xte = te.dequantize(te.quantize(xte))
m = Concat(xtr.mean(0).astype(np.float32), (xtr.std(0) + 1e-3).astype(np.float32))
t = time.time()
te.SEGMENTS = [(64,), (256, 256), (512, 512), (1024, 1024)]
hist = te.train(m, xtr, ytr, xva, yva)
pva, pte = te.predict(m, xva), te.predict(m, xte)
macs = [D * 64, (64 + D) * 256 + 256 * 256, 256 * 512 + 512 * 512, 512 * 1024 + 1024 * 1024]
out = {"validation": [float(np.mean(p.argmax(1) == yva)) for p in pva], "test": [float(np.mean(p.argmax(1) == yte)) for p in pte],
       "macs": macs, "seconds": round(time.time() - t)}
print(json.dumps(out), flush=True)

