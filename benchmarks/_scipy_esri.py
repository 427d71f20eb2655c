"""The comparator: a straightforward NumPy/SciPy ESRI, written from the README equations.

Scenarios are columns of dense (n x B) blocks; each round is a few sparse-matrix x
dense-block products; converged columns are dropped. Same stopping rule as the engine.
"""

import numpy as np
import scipy.sparse as sp


class ScipyEsri:
    def __init__(self, net):
        n = net.n
        self.net = net
        lin = net.slot_out == -1
        ess = net.slot_out >= 0
        sup, buy = net.supplier, net.buyer
        # D_lin[j] = Σ_i Λd[i,j] x[i]: a (buyer x supplier) matrix
        self.lin_t = sp.csr_matrix((net.lam_down_out[lin], (buy[lin], sup[lin])), shape=(n, n))
        n_groups = int(net.ess_acc_ptr[-1])
        self.ess_g = sp.csr_matrix((net.lam_down_out[ess], (net.slot_out[ess], sup[ess])), shape=(n_groups, n))
        group_buyer = np.repeat(np.arange(n), np.diff(net.ess_acc_ptr))
        self.buyers_with_groups, self.group_starts = np.unique(group_buyer, return_index=True)
        self.lam_u = sp.csr_matrix((net.lam_up, (sup, buy)), shape=(n, n))
        self.market = sp.csr_matrix((np.ones(n), (net.sector, np.arange(n))), shape=(net.n_sectors, n))

    def run(self, sources, eps=0.01, replaceability=True, block=64):
        net = self.net
        out = np.zeros(len(sources))
        iters = np.zeros(len(sources), dtype=np.int64)
        s_out = net.s_out[:, None]
        for lo in range(0, len(sources), block):
            cols = np.arange(lo, min(lo + block, len(sources)))
            psi = np.ones((net.n, len(cols)))
            psi[sources[cols], np.arange(len(cols))] = 0.0
            hd, hu = psi.copy(), psi.copy()
            t = 0
            while len(cols):
                t += 1
                if replaceability:
                    avail = self.market @ (hd * s_out)
                    avail[avail <= 1e-10] = 1.0
                    sigma = np.minimum(1.0, s_out / avail[net.sector])
                else:
                    sigma = 1.0
                x = sigma * (1.0 - hd)
                new_hd = np.minimum(psi, 1.0 - self.lin_t @ x)
                if self.ess_g.shape[0]:
                    pi = 1.0 - self.ess_g @ x
                    worst = np.minimum.reduceat(pi, self.group_starts, axis=0)
                    new_hd[self.buyers_with_groups] = np.minimum(new_hd[self.buyers_with_groups], worst)
                new_hd = np.maximum(new_hd, 0.0)
                new_hu = np.maximum(0.0, np.minimum(psi, 1.0 - self.lam_u @ (1.0 - hu)))
                delta = np.maximum((hd - new_hd).max(axis=0), (hu - new_hu).max(axis=0))
                hd, hu = new_hd, new_hu
                done = delta <= eps
                if done.any():
                    h = np.minimum(hd[:, done], hu[:, done])
                    out[cols[done]] = net.w @ (1.0 - h)
                    iters[cols[done]] = t
                    keep = ~done
                    cols, psi, hd, hu = cols[keep], psi[:, keep], hd[:, keep], hu[:, keep]
        return out, iters
