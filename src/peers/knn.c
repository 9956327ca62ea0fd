/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * knn.c - the k nearest other units of every unit, by exhaustive search.
 * Each pair is measured once and offered to both units' lists, which halves
 * the work; a list keeps its k best (distance, index) pairs in a heap.
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

/* Each list is a binary max-heap on (distance, index) while candidates
 * arrive, so the worst kept pair is at the root: a candidate that does not
 * beat it costs one comparison, one that does costs O(log k). Sentinels
 * (+Inf, UINT32_MAX) fill the heap at the start. */
static void sift_down(uint32_t *peer, double *dist, size_t k, size_t root)
{
    for (;;) {
        size_t child = 2 * root + 1;
        double td;
        uint32_t tp;
        if (child >= k) {
            return;
        }
        if (child + 1 < k && before(dist[child], peer[child], dist[child + 1], peer[child + 1])) {
            child++; /* the later (worse) of the two children */
        }
        if (!before(dist[root], peer[root], dist[child], peer[child])) {
            return;
        }
        td = dist[root];
        tp = peer[root];
        dist[root] = dist[child];
        peer[root] = peer[child];
        dist[child] = td;
        peer[child] = tp;
        root = child;
    }
}

static void offer(uint32_t *peer, double *dist, size_t k, double d, uint32_t j)
{
    if (!before(d, j, dist[0], peer[0])) {
        return;
    }
    dist[0] = d;
    peer[0] = j;
    sift_down(peer, dist, k, 0);
}

/* Heap to ascending (distance, index) order, in place (heap sort). */
static void heap_to_sorted(uint32_t *peer, double *dist, size_t k)
{
    for (size_t end = k; end > 1; end--) {
        double td = dist[0];
        uint32_t tp = peer[0];
        dist[0] = dist[end - 1];
        peer[0] = peer[end - 1];
        dist[end - 1] = td;
        peer[end - 1] = tp;
        sift_down(peer, dist, end - 1, 0);
    }
}

/* SPEC: peers.similar10 step 5 - sort the other units by ascending D and
 * keep the first k; the unit itself is excluded by identity (the NHS England
 * script drops D = 0, which would also drop an identical neighbour). Each
 * list ends up exactly the k smallest (D, index) pairs whatever the order in
 * which candidates arrive, because (D, index) is a total order; so the
 * symmetric sweep changes nothing but time. Distances are finite (inputs are
 * checked), so the sentinels always go. */
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
    for (size_t a = 0; a < n; a++) {
        heap_to_sorted(peer + a * k, dist + a * k, k);
    }
}
