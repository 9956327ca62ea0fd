/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_pairing_flow.c - the min-cost-flow pairing (SPEC: pair.flow) against
 * a brute-force optimum on random small instances: as many places filled as
 * possible, then the least total cost, then the least tie-key sum;
 * capacities, demand and unmet places respected; the same output every run.
 * Then tdm_pair_compute end to end (SPEC: pair.challenged, pair.candidates,
 * pair.cost) on a hand-checked example.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "tandem.h"
#include "test_alloc.h"

#define MAXA 16

typedef struct best {
    uint64_t filled;
    int64_t cost;
    uint64_t tie;
} best;

/* Enumerate every subset of arcs that respects demand and capacity and keep
 * the lexicographic best (filled desc, cost asc, tie asc). */
static best brute(size_t n, const uint64_t *dem, const uint64_t *cap, const tdm_pair_arc *a,
                  size_t na)
{
    best b = { 0, 0, 0 };
    int have = 0;
    for (uint32_t mask = 0; mask < (1u << na); mask++) {
        uint64_t used_i[16] = { 0 }, used_j[16] = { 0 };
        best c = { 0, 0, 0 };
        int ok = 1;
        for (size_t k = 0; k < na && ok; k++) {
            if (mask & (1u << k)) {
                used_i[a[k].challenged]++;
                used_j[a[k].mentor]++;
                c.filled++;
                c.cost += a[k].cost;
                c.tie += a[k].tie;
            }
        }
        for (size_t i = 0; i < n && ok; i++) {
            ok = used_i[i] <= dem[i] && used_j[i] <= cap[i];
        }
        if (!ok) {
            continue;
        }
        if (!have || c.filled > b.filled || (c.filled == b.filled && c.cost < b.cost) ||
            (c.filled == b.filled && c.cost == b.cost && c.tie < b.tie)) {
            b = c;
            have = 1;
        }
    }
    return b;
}

static uint64_t lcg(uint64_t *s)
{
    *s = *s * 6364136223846793005ULL + 1442695040888963407ULL;
    return *s >> 33;
}

static size_t random_instance(uint64_t *s, size_t n, uint64_t *dem, uint64_t *cap, tdm_pair_arc *a)
{
    size_t na = 0;
    for (size_t i = 0; i < n; i++) {
        dem[i] = lcg(s) % 3;
        cap[i] = lcg(s) % 3;
    }
    for (size_t i = 0; i < n && na < MAXA; i++) {
        for (size_t j = 0; j < n && na < MAXA; j++) {
            if (i != j && lcg(s) % 4 == 0) {
                a[na].challenged = (uint32_t)i;
                a[na].mentor = (uint32_t)j;
                a[na].cost = (int64_t)(lcg(s) % 8); /* small range: many ties */
                a[na].tie = (uint32_t)(lcg(s) % 4);
                na++;
            }
        }
    }
    return na;
}

Test(pairing_flow, random_instances_equal_brute_force)
{
    uint64_t seed = 20261122;
    size_t checked = 0;
    for (int t = 0; t < 400; t++) {
        const size_t n = 3 + (size_t)(t % 6);
        uint64_t dem[16], cap[16], unmet[16], unmet2[16];
        uint64_t used_i[16] = { 0 }, used_j[16] = { 0 };
        tdm_pair_arc a[MAXA];
        uint8_t chosen[MAXA], chosen2[MAXA];
        tdm_pair_flow_summary s, s2;
        uint64_t demand = 0, got_unmet = 0;
        size_t na = random_instance(&seed, n, dem, cap, a);
        best want = brute(n, dem, cap, a, na);
        cr_assert_eq(tdm_pair_flow(n, dem, cap, a, na, chosen, unmet, &s, NULL), TDM_OK);
        cr_assert_eq(s.filled, want.filled, "instance %d: filled %llu, optimum %llu", t,
                     (unsigned long long)s.filled, (unsigned long long)want.filled);
        cr_assert_eq(s.total_cost, want.cost, "instance %d: cost %lld, optimum %lld", t,
                     (long long)s.total_cost, (long long)want.cost);
        cr_assert_eq(s.tie_total, want.tie, "instance %d: tie sum", t);
        for (size_t k = 0; k < na; k++) {
            if (chosen[k]) {
                used_i[a[k].challenged]++;
                used_j[a[k].mentor]++;
            }
        }
        for (size_t i = 0; i < n; i++) {
            cr_assert_leq(used_i[i], dem[i]);
            cr_assert_leq(used_j[i], cap[i]);
            cr_assert_eq(used_i[i] + unmet[i], dem[i], "unmet places are reported");
            demand += dem[i];
            got_unmet += unmet[i];
        }
        cr_assert_eq(s.demand, demand);
        cr_assert_eq(s.filled + got_unmet, demand);
        /* deterministic: the same instance gives the same arcs */
        cr_assert_eq(tdm_pair_flow(n, dem, cap, a, na, chosen2, unmet2, &s2, NULL), TDM_OK);
        cr_assert_eq(memcmp(chosen, chosen2, na), 0);
        cr_assert_eq(memcmp(unmet, unmet2, n * sizeof *unmet), 0);
        checked += na > 0;
    }
    cr_assert_gt(checked, 300);
}

Test(pairing_flow, filling_a_place_beats_any_saving)
{
    /* Unit 0 can take mentor 2 (cost 0) or 3 (cost 100); unit 1 only mentor 2.
     * Mentor 2 has one place: the optimum gives it to unit 1 and sends unit 0
     * to the dearer mentor 3, filling both places. */
    const uint64_t dem[4] = { 1, 1, 0, 0 }, cap[4] = { 0, 0, 1, 1 };
    const tdm_pair_arc a[3] = { { 0, 2, 0, 0 }, { 0, 3, 100, 0 }, { 1, 2, 5, 0 } };
    uint8_t chosen[3];
    uint64_t unmet[4];
    tdm_pair_flow_summary s;
    cr_assert_eq(tdm_pair_flow(4, dem, cap, a, 3, chosen, unmet, &s, NULL), TDM_OK);
    cr_assert_eq(s.filled, 2);
    cr_assert_eq(s.total_cost, 105);
    cr_assert(!chosen[0] && chosen[1] && chosen[2]);
}

Test(pairing_flow, ties_go_to_the_smaller_key)
{
    const uint64_t dem[3] = { 1, 0, 0 }, cap[3] = { 0, 1, 1 };
    const tdm_pair_arc a[2] = { { 0, 1, 7, 3 }, { 0, 2, 7, 1 } };
    uint8_t chosen[2];
    cr_assert_eq(tdm_pair_flow(3, dem, cap, a, 2, chosen, NULL, NULL, NULL), TDM_OK);
    cr_assert(!chosen[0] && chosen[1]);
}

Test(pairing_flow, bad_arcs_are_rejected)
{
    const uint64_t dem[3] = { 1, 1, 0 }, cap[3] = { 1, 1, 1 };
    const tdm_pair_arc unsorted[2] = { { 1, 2, 1, 0 }, { 0, 2, 1, 0 } };
    const tdm_pair_arc dup[2] = { { 0, 2, 1, 0 }, { 0, 2, 3, 0 } };
    const tdm_pair_arc self[1] = { { 1, 1, 1, 0 } };
    const tdm_pair_arc negative[1] = { { 0, 1, -1, 0 } };
    const tdm_pair_arc range[1] = { { 0, 3, 1, 0 } };
    const tdm_pair_arc huge[1] = { { 0, 1, INT64_MAX / 2, 0 } };
    uint8_t chosen[2];
    tdm_error err;
    cr_assert_eq(tdm_pair_flow(3, dem, cap, unsorted, 2, chosen, NULL, NULL, &err), TDM_EINVAL);
    cr_assert_eq(tdm_pair_flow(3, dem, cap, dup, 2, chosen, NULL, NULL, &err), TDM_EINVAL);
    cr_assert_eq(tdm_pair_flow(3, dem, cap, self, 1, chosen, NULL, NULL, &err), TDM_EINVAL);
    cr_assert_eq(tdm_pair_flow(3, dem, cap, negative, 1, chosen, NULL, NULL, &err), TDM_EINVAL);
    cr_assert_eq(tdm_pair_flow(3, dem, cap, range, 1, chosen, NULL, NULL, &err), TDM_EINVAL);
    cr_assert_eq(tdm_pair_flow(3, dem, cap, huge, 1, chosen, NULL, NULL, &err), TDM_ELIMIT);
    /* no demand: nothing to solve */
    {
        const uint64_t none[3] = { 0, 0, 0 };
        tdm_pair_flow_summary s;
        cr_assert_eq(tdm_pair_flow(3, none, cap, dup, 1, chosen, NULL, &s, &err), TDM_OK);
        cr_assert_eq(s.filled, 0);
        cr_assert(!chosen[0]);
    }
}

/* ---- tdm_pair_compute ---- */

Test(pairing_compute, hand_checked_example)
{
    /* Five units on one context variable (peers = everybody), lower is better.
     * Counts x of 1000: 300, 290, 100, 50, 52. The median value is 0.1, so the
     * challenged units are 0 (0.3) and 1 (0.29). Unit 1 is not credibly better
     * than unit 0 (z = 0.49). Units 2, 3, 4 are. */
    const double x[5] = { 1, 2, 3, 4, 5 };
    const double num[5] = { 300, 290, 100, 50, 52 }, den[5] = { 1000, 1000, 1000, 1000, 1000 };
    tdm_unit_rate u[5];
    tdm_peers_options po;
    tdm_peers_result *peers = NULL;
    tdm_pair_options o;
    tdm_pair_result *r = NULL;
    const tdm_pair_match *m;
    const tdm_pair_summary *s;
    size_t n;
    cr_assert_eq(tdm_unit_rates(num, den, 5, NULL, u, NULL, NULL), TDM_OK);
    tdm_peers_options_init(&po);
    po.k = 4;
    po.transform = TDM_PEERS_TRANSFORM_NONE;
    cr_assert_eq(tdm_peers_compute(x, 5, 1, &po, &peers, NULL), TDM_OK);
    tdm_pair_options_init(&o);
    o.improvement = TDM_IMPROVEMENT_DECREASE;
    o.capacity = 1;
    cr_assert_eq(tdm_pair_compute(u, NULL, NULL, 5, peers, &o, &r, NULL), TDM_OK);
    s = tdm_pair_result_summary(r);
    cr_assert_eq(s->n_challenged, 2);
    cr_assert_float_eq(s->threshold, 0.1, 1e-15);
    cr_assert_eq(s->n_candidates, 6); /* {2,3,4} for each of 0 and 1 */
    cr_assert_eq(s->filled, 2);
    m = tdm_pair_result_rows(r, &n);
    cr_assert_eq(n, 2);
    cr_assert_eq(m[0].challenged, 0);
    cr_assert_eq(m[1].challenged, 1);
    cr_assert_neq(m[0].mentor, m[1].mentor); /* capacity 1 */
    for (size_t q = 0; q < 2; q++) {
        const tdm_unit_rate *a = &u[m[q].challenged], *b = &u[m[q].mentor];
        double z = -(b->y - a->y) / sqrt(a->se * a->se + b->se * b->se);
        cr_assert_float_eq(m[q].z, z, 1e-12);
        cr_assert_float_eq(m[q].p_better, 0.5 * erfc(-z / sqrt(2.0)), 1e-12);
        cr_assert_float_eq(m[q].gap, -(b->value - a->value), 1e-15);
        cr_assert_geq(m[q].cost, 0);
    }
    tdm_pair_result_free(r);
    /* strict with more places than mentors can give: an error naming unit 1 or 2 */
    o.mentors = 3;
    o.strict = 1;
    {
        tdm_error err;
        cr_assert_eq(tdm_pair_compute(u, NULL, NULL, 5, peers, &o, &r, &err), TDM_ESOLVER);
        cr_assert_null(r);
        cr_assert(err.line == 1 || err.line == 2);
    }
    /* not strict: unmet places are rows with no mentor */
    o.strict = 0;
    cr_assert_eq(tdm_pair_compute(u, NULL, NULL, 5, peers, &o, &r, NULL), TDM_OK);
    m = tdm_pair_result_rows(r, &n);
    cr_assert_eq(n, 6);
    cr_assert_eq(tdm_pair_result_summary(r)->filled, 3);
    {
        size_t unmet = 0;
        for (size_t q = 0; q < n; q++) {
            unmet += m[q].mentor == UINT32_MAX;
        }
        cr_assert_eq(unmet, 3);
    }
    tdm_pair_result_free(r);
    tdm_peers_result_free(peers);
}

Test(pairing_compute, haversine_known_distance)
{
    /* London (51.5074, -0.1278) to Manchester (53.4808, -2.2426): about 262 km. */
    double d = tdm_haversine_km(51.5074, -0.1278, 53.4808, -2.2426);
    cr_assert(d > 261.0 && d < 263.0, "%g", d);
    cr_assert_float_eq(tdm_haversine_km(10, 20, 10, 20), 0.0, 1e-12);
    cr_assert(isnan(tdm_haversine_km(NAN, 0, 0, 0)));
}

Test(pairing_compute, out_of_memory_is_clean)
{
    /* The OOM loop (conventions 4.5) over peers + pairing; LEMON's own
     * containers are outside tandem's allocator and are freed inside the shim. */
    const double x[6] = { 1, 2, 3, 4, 5, 6 };
    const double num[6] = { 300, 290, 100, 50, 52, 40 };
    const double den[6] = { 1000, 1000, 1000, 1000, 1000, 1000 };
    const double lat[6] = { 51, 52, 53, 51.5, 52.5, 53.5 };
    const double lon[6] = { -1, -2, -1.5, -0.5, -2.5, -1 };
    tdm_unit_rate u[6];
    tdm_peers_options po;
    tdm_pair_options o;
    int done = 0;
    cr_assert_eq(tdm_unit_rates(num, den, 6, NULL, u, NULL, NULL), TDM_OK);
    tdm_peers_options_init(&po);
    po.k = 5;
    tdm_pair_options_init(&o);
    o.improvement = TDM_IMPROVEMENT_DECREASE;
    o.mentors = 2;
    for (size_t k = 1; !done && k < 500; k++) {
        tdm_peers_result *p = NULL;
        tdm_pair_result *r = NULL;
        int rc;
        test_alloc_install(k);
        rc = tdm_peers_compute(x, 6, 1, &po, &p, NULL);
        if (rc == TDM_OK) {
            rc = tdm_pair_compute(u, lat, lon, 6, p, &o, &r, NULL);
        }
        done = rc == TDM_OK;
        if (!done) {
            cr_assert_eq(rc, TDM_ENOMEM, "allocation %zu: status %d", k, rc);
        }
        tdm_pair_result_free(r);
        tdm_peers_result_free(p);
        cr_assert_eq(test_alloc_remove(), 0, "allocation %zu leaked", k);
    }
    cr_assert(done);
}
