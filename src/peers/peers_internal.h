/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * peers_internal.h - pieces shared by the files of src/peers and
 * src/pairing: the peer-set result layout, a seeded random number generator,
 * selection and percentiles, and the normal distribution function.
 */
#ifndef TDM_PEERS_INTERNAL_H
#define TDM_PEERS_INTERNAL_H

#include "../core/core.h"

/* A peers result. Distances are computed from `z` and `w` so that any pair
 * can be measured after the fact (pairing, the median distance). */
struct tdm_peers_result {
    size_t n;       /* units */
    size_t p;       /* active variables (weight > 0) */
    size_t k;       /* peers per unit */
    int method;     /* tdm_peers_method */
    double lambda;  /* Mahalanobis shrinkage used, NaN for Similar 10 */
    double *z;      /* n x p: z-scores (Similar 10) or whitened scores (Mahalanobis) */
    double *w;      /* p weights (all 1 for Mahalanobis: the weights are in z) */
    uint32_t *peer; /* n x k peer indexes, nearest first */
    double *dist;   /* n x k distances */
    double *stab;   /* n mean Jaccard indexes, or NULL without replicates */
    double *freq;   /* n x k shares of replicates, or NULL */
};

/* Distance between rows a and b of r (SPEC: peers.similar10: sum of
 * w_v (z_av - z_bv)^2 in variable order, the order of the NHS England script's
 * rowSums; symmetric bit for bit because (x - y)^2 == (y - x)^2). */
static inline double tdm__peers_dist(const double *za, const double *zb, const double *w, size_t p)
{
    double s = 0.0;
    for (size_t v = 0; v < p; v++) {
        double d = za[v] - zb[v];
        s += w[v] * (d * d);
    }
    return s;
}

/* Preprocessing statistics of each input variable (SPEC: peers.prep). */
typedef struct tdm__peers_stats {
    double cap;  /* upper cap on the raw scale (+Inf: none) */
    double mean; /* mean of the transformed, capped values */
    double sd;   /* population SD of the same */
} tdm__peers_stats;

/* ---- knn.c ---- */

/* For every unit, its k nearest other units by (distance, index), from the
 * n x p matrix z with weights w; peer/dist are n x k. */
TDM__HIDDEN void tdm__peers_knn(const double *z, const double *w, size_t n, size_t p, size_t k,
                                uint32_t *peer, double *dist);

/* ---- similar10.c ---- */

/* Statistics of the variables listed in `vars` (n_active of them) over the
 * units `rows` (m of them; NULL = all n), raw matrix x (n x p_all). Returns
 * TDM_EDOMAIN via err for a constant variable (only when rows is NULL). */
TDM__HIDDEN int tdm__peers_stats_compute(const double *x, size_t n, size_t p_all,
                                         const size_t *vars, size_t n_active, const size_t *rows,
                                         size_t m, const tdm_peers_options *opt,
                                         tdm__peers_stats *st, tdm_error *err);
/* z-scores of every unit: z[i * n_active + a] from x[i * p_all + vars[a]]. */
TDM__HIDDEN void tdm__peers_standardise(const double *x, size_t n, size_t p_all, const size_t *vars,
                                        size_t n_active, const tdm_peers_options *opt,
                                        const tdm__peers_stats *st, double *z);

/* ---- mahalanobis.c ---- */

/* Replace z (n x p, z-scores) by whitened scores L^-1 W^1/2 z, with
 * L L' = (1 - lambda) R + lambda I (R the correlation of z). lambda NaN on
 * entry: estimate it (Schafer-Strimmer); *lambda_out receives the value used.
 * @return TDM_OK, TDM_EDOMAIN (not positive definite), TDM_ENOMEM. */
TDM__HIDDEN int tdm__peers_whiten(double *z, size_t n, size_t p, const double *w, double lambda,
                                  double *lambda_out, tdm_error *err);

/* ---- stability.c ---- */

TDM__HIDDEN int tdm__peers_stability(const double *x, size_t n, size_t p_all, const size_t *vars,
                                     size_t n_active, const double *w_active,
                                     const tdm_peers_options *opt, tdm_peers_result *r);

/* ---- peers_util.c: random numbers, selection, percentiles ---- */

/* xoshiro256** (Blackman & Vigna 2018), seeded through splitmix64. */
typedef struct tdm__rng {
    uint64_t s[4];
} tdm__rng;
TDM__HIDDEN void tdm__rng_seed(tdm__rng *g, uint64_t seed);
TDM__HIDDEN uint64_t tdm__rng_next(tdm__rng *g);
/* Uniform on [0, 1) with 53 random bits. */
TDM__HIDDEN double tdm__rng_unif(tdm__rng *g);
/* Uniform integer in [0, n). */
TDM__HIDDEN size_t tdm__rng_index(tdm__rng *g, size_t n);
/* Standard normal (Marsaglia polar method). */
TDM__HIDDEN double tdm__rng_norm(tdm__rng *g);

/* The k-th smallest (0-based) of v[0..n-1], partially reordering v (Hoare's
 * selection with median-of-three pivots). */
TDM__HIDDEN double tdm__peers_select(double *v, size_t n, size_t k);
/* Hyndman-Fan percentile type 7 or 6 of ascending sorted[0..n-1]; NaN for n = 0. */
TDM__HIDDEN double tdm__peers_percentile(const double *sorted, size_t n, double p, int type);
/* The same percentile (type 7 or 6) of unsorted v[0..n-1] by selection,
 * bit for bit (reorders v). */
TDM__HIDDEN double tdm__peers_percentile_select(double *v, size_t n, double p, int type);
/* Standard normal distribution function Phi(z) (libRmath pnorm). */
TDM__HIDDEN double tdm__peers_pnorm(double z);

#endif /* TDM_PEERS_INTERNAL_H */
