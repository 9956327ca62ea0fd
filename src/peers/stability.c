/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * stability.c - how much a unit's peer set depends on the sample and the
 * weights: a seeded bootstrap that re-estimates the preprocessing from a
 * resample of units and jitters the weights, then compares each unit's
 * replicate peer set with the original one.
 */
#include "peers_internal.h"

#include <math.h>
#include <string.h>

typedef struct boot {
    size_t *rows;          /* n resampled unit indexes */
    tdm__peers_stats *st;  /* replicate statistics */
    tdm__peers_stats *st0; /* full-sample statistics (fallback for a constant resample) */
    double *z, *w;         /* replicate scores and weights */
    uint32_t *peer;        /* replicate peer lists */
    double *dist;
    uint64_t *mark; /* mark[j] = stamp when j is an original peer of the current unit */
    uint32_t *pos;  /* its position in the original list */
} boot;

static void boot_free(boot *b)
{
    tdm__free(b->rows);
    tdm__free(b->st);
    tdm__free(b->st0);
    tdm__free(b->z);
    tdm__free(b->w);
    tdm__free(b->peer);
    tdm__free(b->dist);
    tdm__free(b->mark);
    tdm__free(b->pos);
}

static int boot_alloc(boot *b, size_t n, size_t p, size_t k)
{
    memset(b, 0, sizeof *b);
    b->rows = tdm__calloc(n, sizeof *b->rows);
    b->st = tdm__calloc(p, sizeof *b->st);
    b->st0 = tdm__calloc(p, sizeof *b->st0);
    b->z = tdm__calloc(n * p, sizeof *b->z);
    b->w = tdm__calloc(p, sizeof *b->w);
    b->peer = tdm__calloc(n * k, sizeof *b->peer);
    b->dist = tdm__calloc(n * k, sizeof *b->dist);
    b->mark = tdm__calloc(n, sizeof *b->mark);
    b->pos = tdm__calloc(n, sizeof *b->pos);
    if (b->rows == NULL || b->st == NULL || b->st0 == NULL || b->z == NULL || b->w == NULL ||
        b->peer == NULL || b->dist == NULL || b->mark == NULL || b->pos == NULL) {
        boot_free(b);
        return TDM_ENOMEM;
    }
    return TDM_OK;
}

/* One replicate's scores and peer lists. @return 1 if usable, 0 to skip it
 * (a fixed lambda of 0 met a singular resample), or a negative status. */
static int replicate(const double *x, size_t n, size_t p_all, const size_t *vars, size_t p,
                     const double *w_active, const tdm_peers_options *opt, boot *b, tdm__rng *g,
                     size_t k)
{
    double lambda;
    int rc;
    for (size_t i = 0; i < n; i++) {
        b->rows[i] = tdm__rng_index(g, n);
    }
    for (size_t a = 0; a < p; a++) {
        b->w[a] = w_active[a] * (1.0 + opt->jitter * (2.0 * tdm__rng_unif(g) - 1.0));
    }
    (void)tdm__peers_stats_compute(x, n, p_all, vars, p, b->rows, n, opt, b->st, NULL);
    for (size_t a = 0; a < p; a++) {
        if (!(b->st[a].sd > 0.0)) {
            b->st[a] = b->st0[a]; /* a resample with one value: keep the full-sample scale */
        }
    }
    tdm__peers_standardise(x, n, p_all, vars, p, opt, b->st, b->z);
    if (opt->method == TDM_PEERS_MAHALANOBIS) {
        rc = tdm__peers_whiten(b->z, n, p, b->w, opt->shrinkage, &lambda, NULL);
        if (rc == TDM_EDOMAIN) {
            return 0;
        }
        if (rc != TDM_OK) {
            return rc;
        }
        for (size_t a = 0; a < p; a++) {
            b->w[a] = 1.0;
        }
    }
    tdm__peers_knn(b->z, b->w, n, p, k, b->peer, b->dist);
    return 1;
}

/* Add each unit's Jaccard index |A & B| / |A | B| (both of size k) and the
 * per-peer hits of one replicate. */
static void compare(const tdm_peers_result *r, boot *b, uint64_t replicate_no)
{
    const size_t n = r->n, k = r->k;
    for (size_t i = 0; i < n; i++) {
        const uint64_t stamp = replicate_no * (uint64_t)n + i + 1;
        size_t inter = 0;
        for (size_t q = 0; q < k; q++) {
            uint32_t j = r->peer[i * k + q];
            b->mark[j] = stamp;
            b->pos[j] = (uint32_t)q;
        }
        for (size_t q = 0; q < k; q++) {
            uint32_t j = b->peer[i * k + q];
            if (b->mark[j] == stamp) {
                inter++;
                r->freq[i * k + b->pos[j]] += 1.0;
            }
        }
        r->stab[i] += (double)inter / (double)(2 * k - inter);
    }
}

/* SPEC: peers.stability - B replicates; in each, the cap, means and SDs
 * (and for Mahalanobis the correlation and lambda) come from a bootstrap
 * resample of the units (Efron 1979), and every weight is multiplied by
 * U(1 - jitter, 1 + jitter); the original units are then ranked again. The
 * score is the mean Jaccard index (Jaccard 1912) of each unit's replicate
 * set against its original set; the frequency of each original peer is the
 * share of replicates that kept it. Seeded: the same seed gives the same
 * scores. */
int tdm__peers_stability(const double *x, size_t n, size_t p_all, const size_t *vars,
                         size_t n_active, const double *w_active, const tdm_peers_options *opt,
                         tdm_peers_result *r)
{
    boot b;
    tdm__rng g;
    size_t used = 0;
    int rc = boot_alloc(&b, n, n_active, r->k);
    if (rc != TDM_OK) {
        return rc;
    }
    r->stab = tdm__calloc(n, sizeof *r->stab);
    r->freq = tdm__calloc(n * r->k, sizeof *r->freq);
    if (r->stab == NULL || r->freq == NULL) {
        boot_free(&b);
        return TDM_ENOMEM;
    }
    (void)tdm__peers_stats_compute(x, n, p_all, vars, n_active, NULL, n, opt, b.st0, NULL);
    tdm__rng_seed(&g, opt->seed);
    for (size_t rep = 0; rep < opt->replicates; rep++) {
        rc = replicate(x, n, p_all, vars, n_active, w_active, opt, &b, &g, r->k);
        if (rc < 0) {
            boot_free(&b);
            return rc;
        }
        if (rc == 1) {
            compare(r, &b, (uint64_t)rep);
            used++;
        }
    }
    for (size_t i = 0; i < n; i++) {
        r->stab[i] = used > 0 ? r->stab[i] / (double)used : (double)NAN;
    }
    for (size_t i = 0; i < n * r->k; i++) {
        r->freq[i] = used > 0 ? r->freq[i] / (double)used : (double)NAN;
    }
    boot_free(&b);
    return TDM_OK;
}
