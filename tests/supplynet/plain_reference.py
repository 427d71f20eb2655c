"""Plain-Python reference implementations, written from the equations of docs/engine.md and \
tests/supplynet/reference/README.md
with dicts and loops only, sharing no code with lianfu.supplynet (slow; tiny networks)."""

from collections import defaultdict


def _strengths(n, edges):
    s_out = [0.0] * n
    s_in = [0.0] * n
    for i, j, w in edges:
        s_out[i] += w
        s_in[j] += w
    return s_out, s_in


def cascade(n, edges, sector, ess, capacity, eps=0.01, replace=True, direction="both",
            common_stop=False, max_iter=100000):
    """Reference GL cascade. capacity: list of columns (README's psi = remaining capacity).

    ess[k][l]: input sector k -> output sector l. Returns per column (hd, hu, T, margin)
    where margin is the smallest |delta - eps| seen at a stop decision.
    """
    s_out, s_in = _strengths(n, edges)
    pi0 = defaultdict(float)
    for i, j, w in edges:
        pi0[(j, sector[i])] += w
    lam_d, lam_u = {}, {}
    for i, j, w in edges:
        e = ess[sector[i]][sector[j]]
        lam_d[(i, j)] = w / pi0[(j, sector[i])] if e == 2 else (w / s_in[j] if e == 1 else 0.0)
        lam_u[(i, j)] = w / (s_out[i] if s_out[i] > 0 else 1.0)
    sectors = sorted(set(range(len(ess))))
    cols = [list(c) for c in capacity]
    state = [(list(c), list(c)) for c in cols]
    iters = [0] * len(cols)
    margin = [float("inf")] * len(cols)
    active = set(range(len(cols)))
    while active:
        deltas = {}
        for b in sorted(active):
            psi = cols[b]
            hd, hu = state[b]
            new_hd, new_hu = list(hd), list(hu)
            if direction in ("both", "down"):
                market = defaultdict(float)
                for l in range(n):
                    market[sector[l]] += hd[l] * s_out[l]
                sigma = []
                for i in range(n):
                    a = market[sector[i]]
                    a = 1.0 if a <= 1e-10 else a
                    sigma.append(min(1.0, s_out[i] / a) if replace else 1.0)
                D = defaultdict(float)
                for i, j, _ in edges:
                    D[(j, sector[i])] += lam_d[(i, j)] * sigma[i] * (1.0 - hd[i])
                for j in range(n):
                    terms = [psi[j]]
                    terms += [1.0 - D[(j, k)] for k in sectors if ess[k][sector[j]] == 2]
                    terms.append(1.0 - sum(D[(j, k)] for k in sectors if ess[k][sector[j]] == 1))
                    new_hd[j] = max(0.0, min(terms))
            if direction in ("both", "up"):
                loss = [0.0] * n
                for i, j, _ in edges:
                    loss[i] += lam_u[(i, j)] * (1.0 - hu[j])
                for i in range(n):
                    new_hu[i] = max(0.0, min(psi[i], 1.0 - loss[i]))
            deltas[b] = max(max(a - c for a, c in zip(hd, new_hd)), max(a - c for a, c in zip(hu, new_hu)))
            state[b] = (new_hd, new_hu)
            iters[b] += 1
        stop_all = common_stop and max(deltas.values()) <= eps
        for b, d in deltas.items():
            margin[b] = min(margin[b], abs(d - eps))
            if stop_all or (not common_stop and d <= eps) or iters[b] >= max_iter:
                active.discard(b)
    return [(state[b][0], state[b][1], iters[b], margin[b]) for b in range(len(cols))]


def esri(n, edges, sector, ess, eps=0.01, replace=True, max_iter=100000):
    """ESRI per firm and the smallest stopping margin over all scenarios."""
    s_out, _ = _strengths(n, edges)
    total = sum(s_out)
    w = [s / total if total > 0 else 0.0 for s in s_out]
    caps = [[0.0 if j == s else 1.0 for j in range(n)] for s in range(n)]
    out, margin = [], float("inf")
    for hd, hu, _, m in cascade(n, edges, sector, ess, caps, eps, replace, max_iter=max_iter):
        out.append(sum(w[j] * (1.0 - min(hd[j], hu[j])) for j in range(n)))
        margin = min(margin, m)
    return out, margin


def forecast(n, edges, sector, ess, cap, stock0, horizon):
    """docs/engine.md §7 literally. cap[i][t]; stock0[(j, k)] for every input sector k of j."""
    s_out, s_in = _strengths(n, edges)
    pi0 = defaultdict(float)
    for i, j, w in edges:
        if ess[sector[i]][sector[j]] > 0:
            pi0[(j, sector[i])] += w
    stock = dict(stock0)
    h_prev = [cap[i][0] for i in range(n)]
    prod = [[0.0] * horizon for _ in range(n)]
    for t in range(horizon):
        d = defaultdict(float)
        for i, j, w in edges:
            k = sector[i]
            if ess[k][sector[j]] > 0:
                d[(j, k)] += w / pi0[(j, k)] * h_prev[i]
        avail = {key: stock[key] + d[key] for key in pi0}
        h = []
        for j in range(n):
            best = cap[j][t]
            lin = 0.0
            for (jj, k), a in avail.items():
                if jj != j:
                    continue
                if ess[k][sector[j]] == 2:
                    best = min(best, a)
                else:
                    lin += pi0[(j, k)] / s_in[j] * (1.0 - min(1.0, a))
            h.append(min(1.0, max(0.0, min(best, 1.0 - lin))))
        for (j, k), a in avail.items():
            stock[(j, k)] = min(stock0[(j, k)], max(0.0, a - h[j]))
        for j in range(n):
            prod[j][t] = h[j]
        h_prev = h
    return prod
