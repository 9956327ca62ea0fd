/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * quantiles.c - quantile (deprivation decile, quintile ...) assignment within
 * a group of small areas, as PHEindicatormethods phe_quantile and the
 * Fingertips "Assigning deprivation categories" tool do it.
 */
#include "ci_internal.h"

#include <math.h>

/* Heap sort of indices by key (ascending; NaN-free keys). */
static void sift_idx(size_t *ix, const double *key, size_t start, size_t end)
{
    size_t root = start;
    while (2 * root + 1 < end) {
        size_t child = 2 * root + 1;
        if (child + 1 < end && key[ix[child]] < key[ix[child + 1]]) {
            child++;
        }
        if (key[ix[root]] >= key[ix[child]]) {
            return;
        }
        size_t t = ix[root];
        ix[root] = ix[child];
        ix[child] = t;
        root = child;
    }
}

static void sort_idx(size_t *ix, const double *key, size_t n)
{
    if (n < 2) {
        return;
    }
    for (size_t i = n / 2; i-- > 0;) {
        sift_idx(ix, key, i, n);
    }
    for (size_t end = n - 1; end > 0; end--) {
        size_t t = ix[0];
        ix[0] = ix[end];
        ix[end] = t;
        sift_idx(ix, key, 0, end);
    }
}

/* SPEC: quantile.assign - rank r = rank(adj, ties "min") of
 * adj = max(values) - value when inverted (the reference's form, which can
 * tie two values that -value would not), else the value itself;
 * q = floor((Q+1) - ceiling(((N+1) - r) / (N/Q))), q = 0 -> 1; missing
 * values get no quantile, and neither does any value of a group with fewer
 * than Q non-missing values. */
/* Rank (ties at the minimum) of every key, by position: sorted order ix. */
static void min_ranks(const double *key, const size_t *ix, size_t nv, double *rank)
{
    size_t r = 0;
    for (size_t s = 0; s < nv; s++) {
        if (s == 0 || key[ix[s]] != key[ix[s - 1]]) {
            r = s + 1;
        }
        rank[ix[s]] = (double)r;
    }
}

int tdm_quantile_assign(const double *values, size_t n, unsigned int nq, int invert, int *quantile,
                        size_t *work, size_t *n_valid)
{
    size_t *ix = work;
    double *key;
    size_t nv = 0, k = 0;
    double mx = -INFINITY, dn, dq = (double)nq;
    if (nq < 1 || (n > 0 && (values == NULL || quantile == NULL))) {
        return TDM_EINVAL;
    }
    for (size_t i = 0; i < n; i++) {
        quantile[i] = 0;
        if (!isnan(values[i])) {
            nv++;
            mx = values[i] > mx ? values[i] : mx;
        }
    }
    if (n_valid != NULL) {
        *n_valid = nv;
    }
    if (nv == 0 || nv < nq) {
        return TDM_OK;
    }
    key = tdm__calloc(2 * nv, sizeof *key); /* keys, then ranks */
    if (ix == NULL) {
        ix = tdm__calloc(nv, sizeof *ix);
    }
    if (key == NULL || ix == NULL) {
        tdm__free(key);
        if (ix != work) {
            tdm__free(ix);
        }
        return TDM_ENOMEM;
    }
    for (size_t i = 0; i < n; i++) {
        if (!isnan(values[i])) {
            key[k] = invert ? mx - values[i] : values[i];
            ix[k] = k;
            k++;
        }
    }
    sort_idx(ix, key, nv);
    min_ranks(key, ix, nv, key + nv);
    dn = (double)nv;
    k = 0;
    for (size_t i = 0; i < n; i++) {
        if (!isnan(values[i])) {
            double q = floor((dq + 1.0) - ceil(((dn + 1.0) - key[nv + k]) / (dn / dq)));
            quantile[i] = q < 1.0 ? 1 : (int)q;
            k++;
        }
    }
    tdm__free(key);
    if (ix != work) {
        tdm__free(ix);
    }
    return TDM_OK;
}
