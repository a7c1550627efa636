#!/usr/bin/env python3
"""The fourth round's experiments (config/models/README.md): self-training on the
target's own text and EM label-prior shift, on train_sentiment.py --cross's folds.

usage: adapt_experiments.py TARGET VARIANTS_JSON   (env: SEED, ADAPT_MODELS cache dir, DATA)

TARGET: waimai-target (a model of all five os10 categories, measured on all of
waimai), wsub-F (the same model on waimai rows with index % 5 == F), os10-K
(the category K left out), waimai-F (waimai fold F). VARIANTS_JSON: a list of
[name, ["thr", x] or ["frac", x], "alone" or "add", rounds, epochs or "scale"].
Prints one JSON line of accuracies (model alone; the target's labels only count hits).
Example: adapt_experiments.py os10-4 '[["ascale", ["thr", 0.1], "alone", 1, "scale"]]'
"""
import os, sys, json, time
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import train_sentiment as ts

DATA = os.environ.get("DATA", os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "shared", "data"))
MD = os.environ.get("ADAPT_MODELS", "/tmp/adapt_experiments-models")
os.makedirs(MD, exist_ok=True)
ARGS = list(ts.TRAIN_ARGS)
if os.environ.get("SEED"):
    ts.SEED = int(os.environ["SEED"])
    for a in (ARGS, ts.QUANT_ARGS):
        a[a.index("-seed") + 1] = os.environ["SEED"]
    MD = MD + "-" + os.environ["SEED"]
    os.makedirs(MD, exist_ok=True)

def base_model(tmp, name, rows):
    p = os.path.join(MD, name + ".ftz")
    if not os.path.exists(p):
        m = ts.train(tmp, "base", rows, ARGS)
        os.replace(m, p)
    return p

def acc(P, rows):
    return sum((p >= 0.5) == (l == "1") for p, (l, _) in zip(P, rows)) / len(rows)

def pseudo(P, rows, how):
    """rows (label, text) pseudo-labelled by P, the sure ones."""
    kind, x = how
    idx = list(range(len(rows)))
    if kind == "thr":
        sel = [i for i in idx if P[i] >= 1 - x or P[i] <= x]
    elif kind == "frac":  # the most confident fraction x of each predicted class
        pos = sorted([i for i in idx if P[i] >= 0.5], key=lambda i: -P[i])
        neg = sorted([i for i in idx if P[i] < 0.5], key=lambda i: P[i])
        sel = pos[:int(len(pos) * x)] + neg[:int(len(neg) * x)]
    return [("1" if P[i] >= 0.5 else "0", rows[i][1]) for i in sel]

def em_prior(P, prior_train, iters=100):
    q = prior_train
    for _ in range(iters):
        adj = [q * p / prior_train / (q * p / prior_train + (1 - q) * (1 - p) / (1 - prior_train)) for p in P]
        nq = sum(adj) / len(adj)
        if abs(nq - q) < 1e-6:
            break
        q = nq
    return adj, q

def run_target(tmp, name, src, tgt, variants):
    base = base_model(tmp, name, src)
    P0 = ts.model_probs(tmp, base, tgt)
    out = {"n": len(tgt), "base": acc(P0, tgt)}
    prior = sum(l == "1" for l, _ in src) / len(src)
    adj, q = em_prior(P0, prior)
    out["em"] = acc(adj, tgt); out["em_q"] = q
    out["true_pos"] = sum(l == "1" for l, _ in tgt) / len(tgt)
    for v in variants:
        vname, how, mode, rounds = v[:4]
        targs = list(ARGS)
        if len(v) > 4:
            ep = v[4]
            if ep == "scale":
                ep = max(5, round(5 * 10000 / max(1, len(tgt))))
            targs[targs.index("-epoch") + 1] = str(ep)
            if len(v) > 5:
                targs[targs.index("-lr") + 1] = str(v[5])
        P = P0
        for r in range(rounds):
            ps = pseudo(P, tgt, how)
            rows = ps if mode == "alone" else src + ps
            m = ts.train(tmp, "st", rows, targs, quantize=False)
            P1 = ts.model_probs(tmp, m, tgt)
            out[f"{vname}_r{r+1}"] = acc(P1, tgt)
            Pavg = [(a + b) / 2 for a, b in zip(P0, P1)]
            out[f"{vname}_r{r+1}_avg"] = acc(Pavg, tgt)
            out[f"{vname}_r{r+1}_nsure"] = len(ps)
            P = P1
    return out

if __name__ == "__main__":
    which = sys.argv[1]
    variants = json.loads(sys.argv[2])
    waimai, by_cat = ts.load(DATA)
    import tempfile
    with tempfile.TemporaryDirectory(prefix="adapt-") as tmp:
        t0 = time.time()
        if which == "waimai-target":
            src = [x for c in ts.CATS for x in by_cat[c]]
            res = run_target(tmp, "os10all", src, waimai, variants)
        elif which.startswith("wsub-"):
            f = int(which[5:])
            src = [x for c in ts.CATS for x in by_cat[c]]
            res = run_target(tmp, "os10all", src, [x for i, x in enumerate(waimai) if i % 5 == f], variants)
        elif which.startswith("os10-"):
            k = int(which[5:]); c = ts.CATS[k]
            src = waimai + [x for d in ts.CATS if d != c for x in by_cat[d]]
            res = run_target(tmp, which, src, by_cat[c], variants)
        elif which.startswith("waimai-"):
            f = int(which[7:])
            tgt = [x for i, x in enumerate(waimai) if i % 5 == f]
            src = [x for i, x in enumerate(waimai) if i % 5 != f] + [x for c in ts.CATS for x in by_cat[c]]
            res = run_target(tmp, which, src, tgt, variants)
        res["secs"] = round(time.time() - t0)
        print(json.dumps({which: res}, ensure_ascii=False), flush=True)
