/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * pairing.c - assign each challenged unit mentors among its credibly better
 * context peers: candidate arcs, integer costs, and the min-cost flow that
 * fills as many mentor places as possible at the least total cost. The
 * solver sits behind one internal call (flow_lemon.cc).
 */
#include "../core/core.h"
#include "pairing_internal.h"

#include <math.h>
#include <string.h>

#include "../peers/peers_internal.h"

/* ---- the flow (SPEC: pair.flow) ---- */

static int check_arcs(size_t n_units, const tdm_pair_arc *arcs, size_t n_arcs, tdm_error *err)
{
    for (size_t a = 0; a < n_arcs; a++) {
        const tdm_pair_arc *x = &arcs[a];
        if (x->challenged >= n_units || x->mentor >= n_units || x->challenged == x->mentor ||
            x->cost < 0) {
            return tdm__error(err, TDM_EINVAL, 0, 0,
                              "pair arc %zu: units %u -> %u of %zu, cost %lld: indexes must be "
                              "distinct and in range, costs >= 0",
                              a + 1, (unsigned)x->challenged, (unsigned)x->mentor, n_units,
                              (long long)x->cost);
        }
        if (a > 0 &&
            (arcs[a - 1].challenged > x->challenged ||
             (arcs[a - 1].challenged == x->challenged && arcs[a - 1].mentor >= x->mentor))) {
            return tdm__error(err, TDM_EINVAL, 0, 0,
                              "pair arc %zu: arcs must be distinct and sorted by (challenged, "
                              "mentor)",
                              a + 1);
        }
    }
    return TDM_OK;
}

/* Costs of the flow network. Lexicographic objective in one integer cost:
 * c' = c M + tie with M > (sum of demand) max tie, so ties only decide among
 * equal primary costs; the bypass i -> t costs P > (sum of demand) max c', so
 * one more filled place always beats any saving in cost (spec-peers 5.2).
 * LEMON's network simplex gives artificial arcs cost 2^62, so P times the
 * node count must stay well below that; checked, else TDM_ELIMIT. */
typedef struct scaled {
    int64_t m;       /* multiplier of the primary cost */
    int64_t penalty; /* bypass cost P */
} scaled;

static int scale_costs(uint64_t demand, const tdm_pair_arc *arcs, size_t n_arcs, size_t n_nodes,
                       scaled *s, tdm_error *err)
{
    int64_t max_c = 0, max_tie = 0, max_cp, p, total;
    for (size_t a = 0; a < n_arcs; a++) {
        max_c = arcs[a].cost > max_c ? arcs[a].cost : max_c;
        max_tie = (int64_t)arcs[a].tie > max_tie ? (int64_t)arcs[a].tie : max_tie;
    }
    if (demand > (uint64_t)1 << 40 || __builtin_mul_overflow((int64_t)demand, max_tie, &s->m) ||
        __builtin_add_overflow(s->m, 1, &s->m) || __builtin_mul_overflow(max_c, s->m, &max_cp) ||
        __builtin_add_overflow(max_cp, max_tie, &max_cp) ||
        __builtin_mul_overflow((int64_t)demand, max_cp, &p) || __builtin_add_overflow(p, 1, &p) ||
        __builtin_mul_overflow(p, (int64_t)n_nodes + 1, &total) || total > (int64_t)1 << 60 ||
        __builtin_mul_overflow(p, (int64_t)demand, &total)) {
        return tdm__error(err, TDM_ELIMIT, 0, 0,
                          "pairing costs are too large for exact arithmetic (largest cost %lld, "
                          "%llu places): use a smaller cost scale",
                          (long long)max_c, (unsigned long long)demand);
    }
    s->penalty = p;
    return TDM_OK;
}

/* Network arrays: s = 0, t = 1, challenged side 2 + i, mentor side 2 + n + j. */
typedef struct network {
    uint32_t *src, *dst;
    int64_t *cap, *cost, *flow;
    size_t n_arcs;
} network;

static void network_free(network *w)
{
    tdm__free(w->src);
    tdm__free(w->dst);
    tdm__free(w->cap);
    tdm__free(w->cost);
    tdm__free(w->flow);
}

static void add(network *w, uint32_t a, uint32_t b, int64_t cap, int64_t cost)
{
    w->src[w->n_arcs] = a;
    w->dst[w->n_arcs] = b;
    w->cap[w->n_arcs] = cap;
    w->cost[w->n_arcs] = cost;
    w->n_arcs++;
}

static int build(size_t n, const uint64_t *demand, const uint64_t *capacity,
                 const tdm_pair_arc *arcs, size_t n_arcs, const scaled *s, network *w)
{
    size_t max_arcs = n_arcs + 3 * n;
    memset(w, 0, sizeof *w);
    w->src = tdm__calloc(max_arcs, sizeof *w->src);
    w->dst = tdm__calloc(max_arcs, sizeof *w->dst);
    w->cap = tdm__calloc(max_arcs, sizeof *w->cap);
    w->cost = tdm__calloc(max_arcs, sizeof *w->cost);
    w->flow = tdm__calloc(max_arcs, sizeof *w->flow);
    if (w->src == NULL || w->dst == NULL || w->cap == NULL || w->cost == NULL || w->flow == NULL) {
        network_free(w);
        return TDM_ENOMEM;
    }
    /* The assignment arcs come first so that flow[a] is arc a's flow. */
    for (size_t a = 0; a < n_arcs; a++) {
        add(w, (uint32_t)(2 + arcs[a].challenged), (uint32_t)(2 + n + arcs[a].mentor), 1,
            arcs[a].cost * s->m + (int64_t)arcs[a].tie);
    }
    for (size_t i = 0; i < n; i++) {
        if (demand[i] > 0) {
            add(w, 0, (uint32_t)(2 + i), (int64_t)demand[i], 0);
            add(w, (uint32_t)(2 + i), 1, (int64_t)demand[i], s->penalty);
        }
        if (capacity[i] > 0) {
            add(w, (uint32_t)(2 + n + i), 1, (int64_t)capacity[i], 0);
        }
    }
    return TDM_OK;
}

int tdm_pair_flow(size_t n_units, const uint64_t *demand, const uint64_t *capacity,
                  const tdm_pair_arc *arcs, size_t n_arcs, uint8_t *chosen, uint64_t *unmet,
                  tdm_pair_flow_summary *summary, tdm_error *err)
{
    tdm_pair_flow_summary sum;
    network w;
    scaled s = { 0, 0 };
    tdm_mcf p;
    int rc;
    memset(&sum, 0, sizeof sum);
    if (n_units > ((size_t)UINT32_MAX - 2) / 2 || (n_units > 0 && (!demand || !capacity)) ||
        (n_arcs > 0 && (!arcs || !chosen))) {
        return tdm__error(err, TDM_EINVAL, 0, 0, "tdm_pair_flow: bad arguments");
    }
    rc = check_arcs(n_units, arcs, n_arcs, err);
    for (size_t i = 0; rc == TDM_OK && i < n_units; i++) {
        if (demand[i] > (uint64_t)1 << 31 || capacity[i] > (uint64_t)1 << 31) {
            rc = tdm__error(err, TDM_ELIMIT, i + 1, 0, "unit %zu: demand or capacity too large",
                            i + 1);
        }
        sum.demand += demand[i];
    }
    rc = rc ? rc : scale_costs(sum.demand, arcs, n_arcs, 2 * n_units + 2, &s, err);
    if (rc != TDM_OK) {
        return rc;
    }
    rc = build(n_units, demand, capacity, arcs, n_arcs, &s, &w);
    if (rc != TDM_OK) {
        return tdm__error(err, rc, 0, 0, "out of memory");
    }
    p.n_nodes = 2 * n_units + 2;
    p.n_arcs = w.n_arcs;
    p.src = w.src;
    p.dst = w.dst;
    p.cap = w.cap;
    p.cost = w.cost;
    p.s = 0;
    p.t = 1;
    p.supply = (int64_t)sum.demand;
    rc = sum.demand > 0 ? tdm_mcf_solve_lemon(&p, w.flow) : TDM_OK;
    if (rc != TDM_OK) {
        network_free(&w);
        return tdm__error(err, rc, 0, 0,
                          rc == TDM_ENOMEM ? "out of memory in the flow solver"
                                           : "the flow solver failed (this is a bug: the "
                                             "bypass arcs make every instance feasible)");
    }
    for (size_t a = 0; a < n_arcs; a++) {
        chosen[a] = w.flow[a] > 0;
        if (chosen[a]) {
            sum.filled++;
            sum.total_cost += arcs[a].cost;
            sum.tie_total += arcs[a].tie;
        }
    }
    if (unmet != NULL) {
        size_t e = n_arcs;
        for (size_t i = 0; i < n_units; i++) {
            unmet[i] = 0;
            if (demand[i] > 0) {
                unmet[i] = (uint64_t)w.flow[e + 1]; /* the bypass follows s -> i */
                e += 2;
            }
            e += capacity[i] > 0;
        }
    }
    network_free(&w);
    if (summary != NULL) {
        *summary = sum;
    }
    return TDM_OK;
}

/* ---- geography ---- */

/* Haversine great-circle distance (Sinnott 1984, Sky & Telescope 68:159) on
 * a sphere of the IUGG mean Earth radius 6371.0088 km (Moritz 2000). */
double tdm_haversine_km(double lat1, double lon1, double lat2, double lon2)
{
    const double rad = 3.14159265358979323846 / 180.0;
    double dphi = (lat2 - lat1) * rad, dlam = (lon2 - lon1) * rad;
    double a = sin(dphi / 2) * sin(dphi / 2) +
               cos(lat1 * rad) * cos(lat2 * rad) * sin(dlam / 2) * sin(dlam / 2);
    if (isnan(a)) {
        return (double)NAN;
    }
    return 2.0 * 6371.0088 * asin(sqrt(a < 1.0 ? a : 1.0));
}
