"""scipy 1.10 / statsmodels references for @sdk/signal special functions, distributions and tests."""
import warnings

import numpy as np
import scipy
from scipy import special, stats
from statsmodels.stats.multitest import multipletests

from _common import fixture_dir, record, write_json

warnings.simplefilter("ignore")
rng = np.random.RandomState(20240601)

# ---------------------------------------------------------------- special functions, 200-point grids
xs_erf = np.concatenate([np.linspace(-6, 6, 150), [-30, -10, -1, -0.5, 0, 0.5, 1, 10, 27, 30, np.nan]])
a_g = np.concatenate([rng.uniform(0.05, 5, 80), rng.uniform(5, 150, 60), rng.uniform(150, 2000, 40),
                      [0.5, 1, 1.5, 2, 2.5, 10, 25, 100, 500, 1000, 21.5, 250, 300, 3000]])
x_g = np.concatenate([a_g[:180] * rng.uniform(0.2, 2.0, 180), a_g[180:] * np.array(
    [1.0, 0.98, 1.02, 1.0, 0.99, 1.1, 0.95, 1.03, 0.97, 1.01, 1.0, 1.02, 0.99, 1.0])])
x_g[:10] = rng.uniform(0.001, 0.9, 10)
ab = rng.uniform(0.1, 60, (200, 2))
ab[:20] = rng.uniform(0.2, 3, (20, 2))
ab[20:30] = rng.uniform(200, 5000, (10, 2))
bx = rng.uniform(0, 1, 200)
bx[:10] = rng.uniform(0, 0.01, 10)
bx[10:20] = 1 - rng.uniform(0, 0.01, 10)
lg = np.concatenate([rng.uniform(0.01, 200, 150), [0.5, 1, 2, 3, 12.5, 13, 34, 1e3, 1e5, 1e9], -rng.uniform(0.1, 40, 20) - 0.5])
pp = np.concatenate([rng.uniform(0, 1, 150), [1e-300, 1e-20, 1e-10, 0.01, 0.025, 0.5, 0.975, 0.99, 1 - 1e-12, 0.13, 0.87, 0.135335]])

special_fx = {
    "erf": {"x": xs_erf, "y": special.erf(xs_erf)},
    "erfc": {"x": xs_erf, "y": special.erfc(xs_erf)},
    "ndtr": {"x": xs_erf * 1.5, "y": special.ndtr(xs_erf * 1.5)},
    "ndtri": {"x": pp, "y": special.ndtri(pp)},
    "gammaln": {"x": lg, "y": special.gammaln(lg)},
    "gamma": {"x": lg[:160] / 2, "y": special.gamma(lg[:160] / 2)},
    "gammainc": {"a": a_g, "x": x_g, "y": special.gammainc(a_g, x_g)},
    "gammaincc": {"a": a_g, "x": x_g, "y": special.gammaincc(a_g, x_g)},
    "betainc": {"a": ab[:, 0], "b": ab[:, 1], "x": bx, "y": special.betainc(ab[:, 0], ab[:, 1], bx)},
    "beta": {"a": ab[:, 0], "b": ab[:, 1], "y": special.beta(ab[:, 0], ab[:, 1])},
    "betaln": {"a": ab[:, 0], "b": ab[:, 1], "y": special.betaln(ab[:, 0], ab[:, 1])},
}

# ---------------------------------------------------------------- distributions
tt = np.concatenate([rng.normal(0, 3, 120), [0, 2, -2, 1e-3, 50, -50]])
tdf = np.concatenate([rng.uniform(0.5, 60, 100), rng.integers(1, 30, 20) if hasattr(rng, "integers") else rng.randint(1, 30, 20), [10, 10, 3.5, 1, 1000, 7]])
fF = np.abs(rng.normal(2, 2, 100))
fd1 = rng.randint(1, 20, 100).astype(float)
fd2 = rng.uniform(1, 200, 100)
cx = np.abs(rng.normal(10, 8, 100))
ck = rng.randint(1, 40, 100).astype(float)
ks_n = np.concatenate([rng.randint(1, 140, 60), rng.randint(141, 100000, 60), [5, 100, 1000, 10000, 50000, 2500]])
ks_x = np.concatenate([rng.uniform(0, 0.6, 60), rng.uniform(0, 0.05, 60), [0.3, 0.1, 0.03, 0.01, 0.006, 0.02]])
dist_fx = {
    "t_cdf": {"x": tt, "df": tdf, "y": stats.t.cdf(tt, tdf)},
    "t_sf": {"x": tt, "df": tdf, "y": stats.t.sf(tt, tdf)},
    "f_sf": {"x": fF, "d1": fd1, "d2": fd2, "y": stats.f.sf(fF, fd1, fd2)},
    "f_cdf": {"x": fF, "d1": fd1, "d2": fd2, "y": stats.f.cdf(fF, fd1, fd2)},
    "chi2_cdf": {"x": cx, "k": ck, "y": stats.chi2.cdf(cx, ck)},
    "chi2_sf": {"x": cx, "k": ck, "y": stats.chi2.sf(cx, ck)},
    "norm_ppf": {"x": pp, "y": stats.norm.ppf(pp)},
    "kstwo_sf": {"x": ks_x, "n": ks_n, "y": stats.kstwo.sf(ks_x, ks_n)},
    "kstwo_cdf": {"x": ks_x, "n": ks_n, "y": stats.kstwo.cdf(ks_x, ks_n)},
    "smirnov": {"n": ks_n[:100], "x": ks_x[:100] * 3, "y": special.smirnov(ks_n[:100], np.minimum(ks_x[:100] * 3, 1))},
    "halfnorm_pdf": {"x": np.linspace(-1, 10, 23), "scale": 2.5, "y": stats.halfnorm(scale=2.5).pdf(np.linspace(-1, 10, 23))},
}
dist_fx["smirnov"]["x"] = np.minimum(dist_fx["smirnov"]["x"], 1)


# ---------------------------------------------------------------- tests
def res(r, *names):
    return [float(getattr(r, n)) for n in names]


def tp(r):
    return [float(r[0]), float(r[1])]


samples = {
    "small5": [1, 2, 3, 4, 5],
    "small_b": [2, 4, 6, 8, 10, 12],
    "n2a": [1.0, 3.0],
    "n2b": [2.0, 1.0],
    "const": [3.0, 3.0, 3.0, 3.0],
    "nan": [1.0, np.nan, 2.0, 5.0],
    "g1": rng.normal(0, 1, 30),
    "g2": rng.normal(0.4, 1.5, 45),
    "g3": rng.normal(-0.2, 0.7, 17),
    "big1": rng.normal(0, 1, 800),
    "big2": rng.normal(0.05, 1, 1200),
    "ties1": rng.randint(0, 5, 40).astype(float),
    "ties2": rng.randint(1, 6, 35).astype(float),
}
S = {k: np.asarray(v, dtype=float) for k, v in samples.items()}

ttest_cases = []
for a, b in [("small5", "small_b"), ("g1", "g2"), ("g2", "g3"), ("big1", "big2"), ("const", "small5"),
             ("nan", "g1"), ("n2a", "n2b"), ("ties1", "ties2")]:
    for ev in (True, False):
        for alt in ("two-sided", "less", "greater"):
            r = stats.ttest_ind(S[a], S[b], equal_var=ev, alternative=alt)
            ttest_cases.append({"a": a, "b": b, "equal_var": ev, "alternative": alt, "out": tp(r)})
ttest_cases.append({"a": "const", "b": "const", "equal_var": False, "alternative": "two-sided",
                    "out": tp(stats.ttest_ind(S["const"], S["const"], equal_var=False))})

pear = []
for a, b in [("small5", [2, 1, 4, 3, 5]), ("g1", None), ("ties1", None), ("n2a", "n2b"), ("const", "small5"[:0] or [1, 2, 3, 4]), ("nan", [1, 2, 3, 4])]:
    x = S[a]
    if b is None:
        y = 0.5 * x + rng.normal(0, 1, len(x))
    elif isinstance(b, str):
        y = S[b]
    else:
        y = np.asarray(b, float)
    for alt in ("two-sided", "less", "greater"):
        try:
            out = tp(stats.pearsonr(x, y, alternative=alt))
        except ValueError as e:
            out = {"error": str(e)}
        pear.append({"x": x, "y": y, "alternative": alt, "out": out,
                     "spearman": tp(stats.spearmanr(x, y, alternative=alt))})

lin = []
for x, y in [([0, 1, 2, 3], [1, 3, 2, 5]), ([1, 2], [3, 3]), ([1, 2], [3, 5])]:
    r = stats.linregress(x, y)
    lin.append({"x": x, "y": y, "out": res(r, "slope", "intercept", "rvalue", "pvalue", "stderr", "intercept_stderr")})
for n in (5, 50, 500):
    x = rng.uniform(0, 10, n)
    y = 2.5 * x - 1 + rng.normal(0, 2, n)
    r = stats.linregress(x, y)
    lin.append({"x": x, "y": y, "out": res(r, "slope", "intercept", "rvalue", "pvalue", "stderr", "intercept_stderr")})

anova = []
for groups in [[[1, 2, 3], [2, 3, 4, 5], [6, 7, 8]], [S["g1"], S["g2"], S["g3"]], [S["g1"], S["g2"]],
               [[1, 1, 1], [2, 2]], [[3, 3], [3, 3, 3]], [[1], [2], [3]], [[1, 2], []], [S["ties1"], S["ties2"], S["big1"][:50]]]:
    r = stats.f_oneway(*[np.asarray(g, float) for g in groups])
    anova.append({"groups": [np.asarray(g, float) for g in groups], "out": tp(r)})

ks = []


def gen(seed, n, scale, shift):
    # regenerated exactly on the TS side with its numpy-compatible RandomState: rand()·scale + shift
    return np.random.RandomState(seed).rand(n) * scale + shift


ks_pairs = [
    ([1, 2, 3, 4, 5], [3, 4, 5, 6, 7, 8]),
    (np.round(rng.normal(0, 1, 5), 3), np.round(rng.normal(0.5, 1, 6), 3)),
    (rng.normal(0, 1, 50), rng.normal(0.3, 1, 50)),
    (rng.normal(0, 1, 37), rng.normal(0.3, 1.2, 61)),
    ((1, 800, 1.0, 0.0), (2, 12000, 1.0, 0.03)),
    ((3, 3000, 1.0, 0.0), (4, 9000, 1.1, 0.0)),
    ((5, 3000, 1.0, 0.0), (6, 3000, 1.0, 0.0)),
    ((7, 1000, 1.0, 0.0), (8, 1000, 1.0, 0.08)),
    (rng.randint(0, 10, 60).astype(float), rng.randint(0, 12, 45).astype(float)),
    ((9, 20000, 1.0, 0.0), (10, 15000, 1.0, 0.01)),
    ((11, 11000, 1.0, 0.0), (12, 11000, 1.0, 0.02)),
    ((13, 5000, 1.0, 0.0), (14, 7000, 1.0, 0.2)),
    ([1.0], [2.0]),
    ([1.0, 2.0, np.nan], [1.5, 2.5, 3.5]),
]
for a, b in ks_pairs:
    entry = {}
    arrs = []
    for key, v in (("a", a), ("b", b)):
        if isinstance(v, tuple):
            entry[key + "_gen"] = list(v)
            arrs.append(gen(*v))
        else:
            entry[key] = np.asarray(v, float)
            arrs.append(np.asarray(v, float))
    entry["out"] = {}
    for alt in ("two-sided", "less", "greater"):
        for method in ("auto", "asymp"):
            r = stats.ks_2samp(arrs[0], arrs[1], alternative=alt, method=method)
            entry["out"][f"{alt}/{method}"] = [float(r.statistic), float(r.pvalue), float(r.statistic_location),
                                               int(r.statistic_sign)]
    ks.append(entry)

chisq = []
for obs, exp, ddof in [([16, 18, 16, 14, 12, 12], None, 0), ([16, 18, 16, 14, 12, 12], [16, 16, 16, 16, 16, 8], 0),
                       ([16, 18, 16, 14, 12, 12], None, 2), (rng.poisson(20, 40), None, 0), ([5, 5, 5], None, 0),
                       ([0, 0, 10], None, 0)]:
    r = stats.chisquare(obs, exp, ddof=ddof)
    chisq.append({"obs": obs, "exp": exp, "ddof": ddof, "out": tp(r)})

conting = []
for table in [[[10, 20], [30, 40]], [[12, 5], [3, 20]], [[10, 20, 30], [6, 9, 17]], [[1, 2], [3, 4]],
              rng.poisson(30, (4, 5)).tolist(), [[5, 5]], [[100, 1], [1, 100]]]:
    for corr in (True, False):
        r = stats.chi2_contingency(np.asarray(table), correction=corr)
        conting.append({"table": table, "correction": corr, "out": [float(r[0]), float(r[1]), int(r[2])],
                        "expected": r[3]})

mwu = []
for a, b in [("small5", "small_b"), ("g1", "g2"), ("g2", "g3"), ("ties1", "ties2"), ("big1", "big2")]:
    for alt in ("two-sided", "less", "greater"):
        for method in ("auto", "asymptotic"):
            r = stats.mannwhitneyu(S[a], S[b], alternative=alt, method=method)
            mwu.append({"a": a, "b": b, "alternative": alt, "method": method, "out": tp(r)})
for x, y in [([1, 4, 2, 8], [3, 5, 7]), ([0.5, 0.2, 0.9, 1.4, 2.2, 3.1, 0.1], [1.1, 1.7, 2.5, 2.9, 3.3])]:
    for alt in ("two-sided", "less", "greater"):
        r = stats.mannwhitneyu(x, y, alternative=alt)
        mwu.append({"x": x, "y": y, "alternative": alt, "method": "auto", "out": tp(r)})

wil = []
for x, y in [(rng.normal(0.3, 1, 20), None), (rng.normal(0.1, 1, 30), rng.normal(0, 1, 30)),
             (rng.normal(0.2, 1, 80), None), ([1, 2, -3, 4, 0, 5, -1, 2], None), (np.round(rng.normal(0, 2, 25)), None),
             (rng.normal(0.5, 1, 51), None)]:
    for alt in ("two-sided", "less", "greater"):
        for zm in ("wilcox", "pratt", "zsplit"):
            try:
                r = stats.wilcoxon(x, y, zero_method=zm, alternative=alt)
                out = tp(r)
            except ValueError as e:
                out = str(e)
            wil.append({"x": x, "y": y, "alternative": alt, "zero_method": zm, "out": out})
    r = stats.wilcoxon(x, y, correction=True, mode="approx")
    wil.append({"x": x, "y": y, "alternative": "two-sided", "zero_method": "wilcox", "correction": True, "mode": "approx", "out": tp(r)})

mt = []
for p in [[0.01, 0.04, 0.03, 0.005], rng.uniform(0, 0.2, 12), [0.0, 1.0, 0.5, 0.02, 0.02, 0.3], [0.001], rng.uniform(0, 1, 40)]:
    for method in ("hs", "bonferroni", "holm", "sidak", "fdr_bh"):
        for alpha in (0.05, 0.1):
            rej, pc, _, _ = multipletests(np.asarray(p, float), alpha=alpha, method=method)
            mt.append({"p": p, "alpha": alpha, "method": method, "reject": rej.tolist(), "corrected": pc})

zs = []
for x, ddof, pol in [(S["g1"], 0, "propagate"), (S["g1"], 1, "propagate"), (S["nan"], 0, "propagate"), (S["nan"], 0, "omit"),
                     (S["nan"], 1, "omit"), (S["const"], 0, "propagate")]:
    zs.append({"x": x, "ddof": ddof, "nan_policy": pol, "out": stats.zscore(x, ddof=ddof, nan_policy=pol)})

circ = []
for th in [rng.uniform(-np.pi, np.pi, 50), rng.vonmises(1.0, 2.0, 200), np.array([0.1, 0.2, 6.2]), np.array([1.0]), np.array([0.5, np.nan])]:
    circ.append({"x": th, "circmean": float(stats.circmean(th)), "circvar": float(stats.circvar(th)),
                 "circstd": float(stats.circstd(th)), "circmean_pi": float(stats.circmean(th, high=np.pi, low=-np.pi))})

sem = [{"x": S[k], "out": float(stats.sem(S[k]))} for k in ("g1", "small5", "n2a", "nan", "const")]
rank = [{"x": S[k], "out": stats.rankdata(S[k])} for k in ("g1", "ties1", "small5", "const")]

fixtures = {
    "special": special_fx,
    "distributions": dist_fx,
    "samples": S,
    "ttest": ttest_cases,
    "pearson": pear,
    "linregress": lin,
    "anova": anova,
    "ks2samp": ks,
    "chisquare": chisq,
    "chi2_contingency": conting,
    "mannwhitneyu": mwu,
    "wilcoxon": wil,
    "multipletests": mt,
    "zscore": zs,
    "circ": circ,
    "sem": sem,
    "rankdata": rank,
}
d = fixture_dir("signal")
files = []
for k, v in fixtures.items():
    p = d / f"signal_stats_{k}.json"
    write_json(p, v, indent=None)
    files.append(p)
record("signal", files, __file__, libs=["numpy", "scipy", "statsmodels"])
