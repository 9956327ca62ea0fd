/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * knn.c - the k nearest other units of every unit, by exhaustive search.
 * Each pair is measured once and offered to both units' lists, which halves
 * the work; a list holds its k best (distance, index) pairs in order.
 * Exhaustive search is exact and, at 6,500 units x 12 variables, takes
 * about 0.1 s: tree indexes lose their edge above a handful of dimensions.
 */
#include "peers_internal.h"

#include <math.h>

/* (d, j) precedes (e, l): distance first, then the lower index (SPEC: peers.ties). */
static int before(double d, uint32_t j, double e, uint32_t l)
{
    return d < e || (d == e && j < l);
}

/* Offer candidate (d, j) to a full sorted list of k items (sentinels
 * +Inf / UINT32_MAX fill it at the start). */
static void offer(uint32_t *peer, double *dist, size_t k, double d, uint32_t j)
{
    size_t pos = k - 1;
    if (!before(d, j, dist[pos], peer[pos])) {
        return;
    }
    while (pos > 0 && before(d, j, dist[pos - 1], peer[pos - 1])) {
        dist[pos] = dist[pos - 1];
        peer[pos] = peer[pos - 1];
        pos--;
    }
    dist[pos] = d;
    peer[pos] = j;
}

/* SPEC: peers.similar10 step 5 - sort the other units by ascending D and
 * keep the first k; the unit itself is excluded by identity (the NHS England
 * script drops D = 0, which would also drop an identical neighbour). Each
 * list ends up exactly the k smallest (D, index) pairs whatever the order in
 * which candidates arrive, so the symmetric sweep changes nothing but time.
 * Distances are finite (inputs are checked), so the sentinels always go. */
void tdm__peers_knn(const double *z, const double *w, size_t n, size_t p, size_t k, uint32_t *peer,
                    double *dist)
{
    for (size_t i = 0; i < n * k; i++) {
        peer[i] = UINT32_MAX;
        dist[i] = (double)INFINITY;
    }
    for (size_t a = 0; a < n; a++) {
        const double *za = z + a * p;
        uint32_t *pa = peer + a * k;
        double *da = dist + a * k;
        for (size_t b = a + 1; b < n; b++) {
            const double d = tdm__peers_dist(za, z + b * p, w, p);
            offer(pa, da, k, d, (uint32_t)b);
            offer(peer + b * k, dist + b * k, k, d, (uint32_t)a);
        }
    }
}
