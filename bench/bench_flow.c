/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * bench_flow.c - the pairing flow at national practice scale: tandem's
 * tdm_pair_flow (LEMON network simplex) against GLPK's out-of-kilter
 * glp_mincost_okalg on the identical network (source -> challenged ->
 * mentor -> sink, plus the bypass arcs), checking that both reach the same
 * optimal cost. Random instance, deterministic for the seed.
 *   bench_flow [UNITS] [ARCS_PER_UNIT] [--no-glpk]      (default 6500 46)
 */
#include <glpk.h>
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tandem.h"

static uint64_t state = 42;

static uint64_t next_u64(void)
{
    state ^= state >> 12;
    state ^= state << 25;
    state ^= state >> 27;
    return state * 2685821657736338717ULL;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

typedef struct v_data {
    double rhs;
} v_data;

typedef struct a_data {
    double low, cap, cost, x;
} a_data;

static void add(glp_graph *g, int from, int to, double cap, double cost)
{
    glp_arc *a = glp_add_arc(g, from, to);
    a_data *d = a->data;
    d->low = 0;
    d->cap = cap;
    d->cost = cost;
}

/* The same network tdm_pair_flow builds when every tie key is 0: bypass cost
 * P = demand x max cost + 1. Nodes (1-based): s = 1, t = 2, challenged
 * 3 + i, mentor 3 + n + j. */
static double glpk_solve(size_t n, const uint64_t *dem, const uint64_t *cap,
                         const tdm_pair_arc *arcs, size_t na, double *seconds)
{
    glp_graph *g = glp_create_graph(sizeof(v_data), sizeof(a_data));
    double total = 0, sol = 0, p, max_c = 0, t0;
    int rc;
    for (size_t a = 0; a < na; a++) {
        max_c = fmax(max_c, (double)arcs[a].cost);
    }
    for (size_t i = 0; i < n; i++) {
        total += (double)dem[i];
    }
    p = total * max_c + 1;
    t0 = now();
    glp_add_vertices(g, (int)(2 * n + 2));
    ((v_data *)g->v[1]->data)->rhs = total;
    ((v_data *)g->v[2]->data)->rhs = -total;
    for (size_t a = 0; a < na; a++) {
        add(g, (int)(3 + arcs[a].challenged), (int)(3 + n + arcs[a].mentor), 1,
            (double)arcs[a].cost);
    }
    for (size_t i = 0; i < n; i++) {
        if (dem[i] > 0) {
            add(g, 1, (int)(3 + i), (double)dem[i], 0);
            add(g, (int)(3 + i), 2, (double)dem[i], p);
        }
        if (cap[i] > 0) {
            add(g, (int)(3 + n + i), 2, (double)cap[i], 0);
        }
    }
    rc = glp_mincost_okalg(g, offsetof(v_data, rhs), offsetof(a_data, low), offsetof(a_data, cap),
                           offsetof(a_data, cost), &sol, offsetof(a_data, x), -1);
    *seconds = now() - t0;
    glp_delete_graph(g);
    if (rc != 0) {
        fprintf(stderr, "bench_flow: glp_mincost_okalg returned %d\n", rc);
        return NAN;
    }
    return sol;
}

int main(int argc, char **argv)
{
    size_t n = argc > 1 ? strtoul(argv[1], NULL, 10) : 6500;
    size_t per = argc > 2 ? strtoul(argv[2], NULL, 10) : 46;
    int no_glpk = argc > 3 && strcmp(argv[3], "--no-glpk") == 0;
    uint64_t *dem = calloc(n, sizeof *dem), *cap = calloc(n, sizeof *cap);
    uint64_t *unmet = calloc(n, sizeof *unmet);
    tdm_pair_arc *arcs = calloc(n * per, sizeof *arcs);
    uint8_t *chosen = calloc(n * per, 1);
    uint8_t *used = calloc(n, 1);
    tdm_pair_flow_summary s;
    size_t na = 0;
    double t0, t_lemon, t_glpk = NAN, lemon_obj, glpk_obj = NAN, p, max_c = 0;
    if (!dem || !cap || !unmet || !arcs || !chosen || !used) {
        return 1;
    }
    /* half the units are challenged (demand 1), every unit can mentor two;
     * each challenged unit gets `2 per` candidate mentors, like peers at k = 2 per
     * with half of them credibly better */
    for (size_t i = 0; i < n; i++) {
        dem[i] = i % 2 == 0;
        cap[i] = 2;
    }
    for (size_t i = 0; i < n; i += 2) {
        size_t first = na;
        memset(used, 0, n);
        used[i] = 1;
        for (size_t q = 0; q < 2 * per && na - first < 2 * per && na < n * per; q++) {
            size_t j = (size_t)(next_u64() % n);
            if (used[j]) {
                continue;
            }
            used[j] = 1;
            arcs[na].challenged = (uint32_t)i;
            arcs[na].mentor = (uint32_t)j;
            arcs[na].cost = (int64_t)(next_u64() % 5000);
            arcs[na].tie = 0;
            na++;
        }
        /* sorted by mentor within i */
        for (size_t a = first + 1; a < na; a++) {
            tdm_pair_arc t = arcs[a];
            size_t b = a;
            while (b > first && arcs[b - 1].mentor > t.mentor) {
                arcs[b] = arcs[b - 1];
                b--;
            }
            arcs[b] = t;
        }
    }
    t0 = now();
    if (tdm_pair_flow(n, dem, cap, arcs, na, chosen, unmet, &s, NULL) != TDM_OK) {
        fprintf(stderr, "bench_flow: tdm_pair_flow failed\n");
        return 1;
    }
    t_lemon = now() - t0;
    for (size_t a = 0; a < na; a++) {
        max_c = fmax(max_c, (double)arcs[a].cost);
    }
    p = (double)s.demand * max_c + 1;
    lemon_obj = (double)s.total_cost + (double)(s.demand - s.filled) * p;
    if (!no_glpk) {
        glpk_obj = glpk_solve(n, dem, cap, arcs, na, &t_glpk);
    }
    printf("units %zu, candidate arcs %zu, places %llu, filled %llu\n", n, na,
           (unsigned long long)s.demand, (unsigned long long)s.filled);
    printf("LEMON network simplex (tdm_pair_flow): %.3f s, optimum %.0f\n", t_lemon, lemon_obj);
    if (!no_glpk) {
        printf("GLPK out-of-kilter (glp_mincost_okalg): %.3f s, optimum %.0f\n", t_glpk, glpk_obj);
        printf("same optimum: %s; GLPK / LEMON time: %.0fx\n", glpk_obj == lemon_obj ? "yes" : "NO",
               t_glpk / t_lemon);
    }
    free(dem);
    free(cap);
    free(unmet);
    free(arcs);
    free(chosen);
    free(used);
    return no_glpk || glpk_obj == lemon_obj ? 0 : 1;
}
