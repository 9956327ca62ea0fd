/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_peers_opportunity.c - unit rates on the stabilising scale
 * (SPEC: opp.scale, opp.shrink) and opportunity (SPEC: opp.benchmark,
 * opp.gap, opp.unit, opp.best5, opp.rollup, opp.simulation), against values
 * worked by hand and R's quantile() definitions.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

#include "tandem.h"
#include "test_alloc.h"

#define REL(a, b)                       \
    (fabs((double)(a) - (double)(b)) <= \
     1e-12 * fmax(1.0, fmax(fabs((double)(a)), fabs((double)(b)))))

Test(peers_rates, empirical_logit_and_log_scale)
{
    /* SPEC: opp.scale */
    const double num[3] = { 0, 5, 20 }, den[3] = { 20, 20, 20 };
    tdm_unit_rate u[3];
    tdm_rate_options o;
    cr_assert_eq(tdm_unit_rates(num, den, 3, NULL, u, NULL, NULL), TDM_OK);
    cr_assert(REL(u[0].y, log(0.5 / 20.5)));
    cr_assert(REL(u[0].se, sqrt(1 / 0.5 + 1 / 20.5)));
    cr_assert(REL(u[1].y, log(5.5 / 15.5)));
    cr_assert(REL(u[2].y, log(20.5 / 0.5)));
    cr_assert(REL(u[1].value, 0.25));
    cr_assert(REL(u[1].theta, u[1].y));
    cr_assert(REL(u[1].v, u[1].se * u[1].se));
    tdm_rate_options_init(&o);
    o.type = TDM_RATE_RATE;
    o.multiplier = 1000;
    cr_assert_eq(tdm_unit_rates(num, den, 3, &o, u, NULL, NULL), TDM_OK);
    cr_assert(REL(u[1].value, 250));
    cr_assert(REL(u[1].y, log(5.5 / 20)));
    cr_assert(REL(u[1].se, sqrt(1 / 5.5)));
    cr_assert(REL(tdm_unit_rate_natural(log(0.25), &o), 250));
    o.type = TDM_RATE_PROPORTION;
    cr_assert(REL(tdm_unit_rate_natural(0.0, &o), 500));
    cr_assert(REL(tdm_unit_rate_natural(-800.0, &o), 0.0));
}

Test(peers_rates, bad_counts_name_the_unit)
{
    const double num[2] = { 5, -1 }, den[2] = { 10, 10 };
    const double num2[2] = { 5, 11 }, den2[2] = { 10, 10 };
    const double num3[2] = { 5, 1 }, den3[2] = { 10, -10 };
    tdm_unit_rate u[2];
    tdm_error err;
    tdm_rate_options o;
    cr_assert_eq(tdm_unit_rates(num, den, 2, NULL, u, NULL, &err), TDM_EDOMAIN);
    cr_assert_eq(err.line, 2);
    cr_assert_eq(err.field, 1);
    cr_assert_eq(tdm_unit_rates(num2, den2, 2, NULL, u, NULL, &err), TDM_EDOMAIN);
    cr_assert(strstr(err.message, "exceeds") != NULL);
    cr_assert_eq(tdm_unit_rates(num3, den3, 2, NULL, u, NULL, &err), TDM_EDOMAIN);
    cr_assert_eq(err.field, 2);
    tdm_rate_options_init(&o);
    o.type = TDM_RATE_RATE;
    cr_assert_eq(tdm_unit_rates(num2, den2, 2, &o, u, NULL, &err), TDM_OK);
    o.shrink = 1; /* one unit cannot estimate tau^2 */
    cr_assert_eq(tdm_unit_rates(num2, den2, 1, &o, u, NULL, &err), TDM_EDOMAIN);
    o.winsor = 0.5;
    cr_assert_eq(tdm_unit_rates(num2, den2, 2, &o, u, NULL, &err), TDM_EINVAL);
}

Test(peers_rates, shrinkage_with_given_tau2)
{
    /* SPEC: opp.shrink - by hand from the normal-normal formulas */
    const double num[3] = { 10, 40, 90 }, den[3] = { 100, 200, 300 };
    tdm_unit_rate u[3], raw[3];
    tdm_rate_options o;
    double tau2 = 0.05, sw = 0, swy = 0, mu, tau2_out;
    cr_assert_eq(tdm_unit_rates(num, den, 3, NULL, raw, NULL, NULL), TDM_OK);
    tdm_rate_options_init(&o);
    o.shrink = 1;
    o.tau2 = tau2;
    cr_assert_eq(tdm_unit_rates(num, den, 3, &o, u, &tau2_out, NULL), TDM_OK);
    cr_assert_eq(tau2_out, tau2);
    for (int i = 0; i < 3; i++) {
        double w = 1 / (raw[i].se * raw[i].se + tau2);
        sw += w;
        swy += w * raw[i].y;
    }
    mu = swy / sw;
    for (int i = 0; i < 3; i++) {
        double s2 = raw[i].se * raw[i].se, b = s2 / (s2 + tau2);
        cr_assert(REL(u[i].theta, (1 - b) * raw[i].y + b * mu));
        cr_assert(REL(u[i].v, (1 - b) * s2 + b * b / sw));
        cr_assert(REL(u[i].shrunk, 1 / (1 + exp(-u[i].theta))));
        cr_assert(fabs(u[i].theta - mu) < fabs(raw[i].y - mu)); /* towards the mean */
    }
}

/* Opportunity of 8 units with rates 1..8 per 100 (denominator 100 each). */
static const double num8[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };
static const double den8[8] = { 100, 100, 100, 100, 100, 100, 100, 100 };

static tdm_opportunity_result *run(const tdm_opportunity_options *o,
                                   const tdm_opportunity_levels *lv, const tdm_peers_result *p)
{
    tdm_unit_rate u[8];
    tdm_rate_options ro;
    tdm_opportunity_result *r = NULL;
    tdm_rate_options_init(&ro);
    ro.type = TDM_RATE_RATE;
    ro.multiplier = 100;
    cr_assert_eq(tdm_unit_rates(num8, den8, 8, &ro, u, NULL, NULL), TDM_OK);
    cr_assert_eq(tdm_opportunity_compute(u, num8, den8, 8, &ro, lv, p, o, &r, NULL), TDM_OK);
    return r;
}

Test(opportunity, q75_type7_and_type6_gaps_floored)
{
    /* SPEC: opp.benchmark, opp.gap, opp.unit - lower is better, so q75 is the
     * 25th percentile of 1..8: type 7 = 1 + 7 x 0.25 -> 2.75; type 6 = 9 x 0.25
     * -> 2.25 (R quantile(1:8, 0.25, type = 7 / 6)). Gaps: max(0, v - b);
     * opportunity = gap x 100 / 100. */
    tdm_opportunity_options o;
    tdm_opportunity_result *r;
    const tdm_opportunity_row *u;
    double total = 0;
    tdm_opportunity_options_init(&o);
    o.improvement = TDM_IMPROVEMENT_DECREASE;
    o.simulations = 0;
    r = run(&o, NULL, NULL);
    cr_assert(REL(tdm_opportunity_result_benchmark(r), 2.75));
    u = tdm_opportunity_result_units(r);
    for (int i = 0; i < 8; i++) {
        double g = fmax(0, (i + 1) - 2.75);
        cr_assert(REL(u[i].gap, g));
        cr_assert(REL(u[i].opportunity, g));
        cr_assert(isnan(u[i].lower));
        total += g;
    }
    cr_assert(REL(tdm_opportunity_result_total(r)->opportunity, total));
    cr_assert_eq(tdm_opportunity_result_total(r)->n_units, 8);
    tdm_opportunity_result_free(r);
    o.percentile_type = 6;
    r = run(&o, NULL, NULL);
    cr_assert(REL(tdm_opportunity_result_benchmark(r), 2.25));
    tdm_opportunity_result_free(r);
    /* higher is better: the 75th percentile, type 7 = 6.25; closure halves gaps */
    o.percentile_type = 7;
    o.improvement = TDM_IMPROVEMENT_INCREASE;
    o.closure = 0.5;
    r = run(&o, NULL, NULL);
    cr_assert(REL(tdm_opportunity_result_benchmark(r), 6.25));
    cr_assert(REL(tdm_opportunity_result_units(r)[0].gap, (6.25 - 1) * 0.5));
    cr_assert(REL(tdm_opportunity_result_units(r)[7].gap, 0.0));
    tdm_opportunity_result_free(r);
}

Test(opportunity, median_mean_centile)
{
    tdm_opportunity_options o;
    tdm_opportunity_result *r;
    tdm_opportunity_options_init(&o);
    o.simulations = 0;
    o.benchmark = TDM_OPP_MEDIAN;
    r = run(&o, NULL, NULL);
    cr_assert(REL(tdm_opportunity_result_benchmark(r), 4.5));
    tdm_opportunity_result_free(r);
    o.benchmark = TDM_OPP_MEAN;
    r = run(&o, NULL, NULL);
    cr_assert(REL(tdm_opportunity_result_benchmark(r), 4.5));
    tdm_opportunity_result_free(r);
    o.benchmark = TDM_OPP_CENTILE;
    o.centile = 10; /* as given, whatever the direction: 1 + 7 x 0.1 = 1.7 */
    r = run(&o, NULL, NULL);
    cr_assert(REL(tdm_opportunity_result_benchmark(r), 1.7));
    tdm_opportunity_result_free(r);
}

Test(opportunity, rollup_sums_unit_opportunities)
{
    /* SPEC: opp.rollup - groups {0,1,2,3} and {4,5,6,7}; level 2: one group */
    static const uint32_t g1[8] = { 0, 0, 0, 0, 1, 1, 1, 1 };
    static const uint32_t g2[8] = { 0, 0, 0, 0, 0, 0, 0, 0 };
    const uint32_t *groups[2] = { g1, g2 };
    const size_t n_groups[2] = { 2, 1 };
    tdm_opportunity_levels lv = { 2, groups, n_groups };
    tdm_opportunity_options o;
    tdm_opportunity_result *r;
    const tdm_opportunity_row *a, *b;
    tdm_opportunity_options_init(&o);
    o.improvement = TDM_IMPROVEMENT_DECREASE;
    o.simulations = 0;
    r = run(&o, &lv, NULL);
    a = tdm_opportunity_result_level(r, 0);
    b = tdm_opportunity_result_level(r, 1);
    /* unit opportunities: 0, 0, 0.25, 1.25 | 2.25, 3.25, 4.25, 5.25 */
    cr_assert(REL(a[0].opportunity, 1.5));
    cr_assert(REL(a[1].opportunity, 15.0));
    cr_assert_eq(a[0].n_units, 4);
    cr_assert(REL(a[0].numerator, 10));
    cr_assert(REL(a[0].denominator, 400));
    cr_assert(REL(a[0].rate, 2.5));
    cr_assert(REL(a[0].gap, 1.5 / 400 * 100));
    cr_assert(REL(a[0].benchmark, 2.5 - 1.5 / 4));
    cr_assert(REL(b[0].opportunity, 16.5));
    cr_assert(REL(tdm_opportunity_result_total(r)->opportunity, 16.5));
    /* not the gap of the aggregate: group 0's rate 2.5 is within 0.25 of 2.75 */
    cr_assert(tdm_opportunity_result_level(r, 2) == NULL);
    tdm_opportunity_result_free(r);
}

Test(opportunity, best5_of_peers)
{
    /* SPEC: opp.best5 - peers on one variable = the units themselves in order;
     * unit 0's 7 peers are 1..7 with rates 2..8; lower is better, so its best 3
     * are 2, 3, 4 -> benchmark 3, gap 0 (its own rate is 1). Unit 7's best 3 of
     * 1..7 are 1, 2, 3 -> 2, gap 6. */
    const double x[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };
    tdm_peers_options po;
    tdm_peers_result *p = NULL;
    tdm_opportunity_options o;
    tdm_opportunity_result *r;
    const tdm_opportunity_row *u;
    tdm_peers_options_init(&po);
    po.k = 7;
    cr_assert_eq(tdm_peers_compute(x, 8, 1, &po, &p, NULL), TDM_OK);
    tdm_opportunity_options_init(&o);
    o.improvement = TDM_IMPROVEMENT_DECREASE;
    o.benchmark = TDM_OPP_BEST5;
    o.best_n = 3;
    o.simulations = 0;
    r = run(&o, NULL, p);
    u = tdm_opportunity_result_units(r);
    cr_assert(REL(u[0].benchmark, 3.0));
    cr_assert(REL(u[0].gap, 0.0));
    cr_assert(REL(u[7].benchmark, 2.0));
    cr_assert(REL(u[7].gap, 6.0));
    cr_assert(isnan(tdm_opportunity_result_benchmark(r)));
    tdm_opportunity_result_free(r);
    tdm_peers_result_free(p);
}

Test(opportunity, simulation_is_seeded_and_brackets_the_estimate)
{
    /* SPEC: opp.simulation - large counts: the draws are tight around the point
     * estimate; the same seed gives the same bits, another seed other bits. */
    const double num[4] = { 5000, 8000, 12000, 20000 };
    const double den[4] = { 100000, 100000, 100000, 100000 };
    tdm_unit_rate u[4];
    tdm_rate_options ro;
    tdm_opportunity_options o;
    tdm_opportunity_result *a = NULL, *b = NULL, *c = NULL;
    const tdm_opportunity_row *ta, *tb, *tc;
    tdm_rate_options_init(&ro);
    ro.type = TDM_RATE_RATE;
    ro.multiplier = 1000;
    cr_assert_eq(tdm_unit_rates(num, den, 4, &ro, u, NULL, NULL), TDM_OK);
    tdm_opportunity_options_init(&o);
    o.improvement = TDM_IMPROVEMENT_DECREASE;
    o.simulations = 2000;
    cr_assert_eq(tdm_opportunity_compute(u, num, den, 4, &ro, NULL, NULL, &o, &a, NULL), TDM_OK);
    cr_assert_eq(tdm_opportunity_compute(u, num, den, 4, &ro, NULL, NULL, &o, &b, NULL), TDM_OK);
    o.seed = 7;
    cr_assert_eq(tdm_opportunity_compute(u, num, den, 4, &ro, NULL, NULL, &o, &c, NULL), TDM_OK);
    ta = tdm_opportunity_result_total(a);
    tb = tdm_opportunity_result_total(b);
    tc = tdm_opportunity_result_total(c);
    cr_assert_eq(memcmp(ta, tb, sizeof *ta), 0);
    cr_assert_neq(ta->lower, tc->lower);
    cr_assert(ta->lower < ta->opportunity && ta->opportunity < ta->upper);
    cr_assert(ta->lower <= ta->sim_median && ta->sim_median <= ta->upper);
    cr_assert(fabs(ta->sim_median - ta->opportunity) < 0.02 * ta->opportunity);
    tdm_opportunity_result_free(a);
    tdm_opportunity_result_free(b);
    tdm_opportunity_result_free(c);
}

Test(opportunity, bad_options)
{
    tdm_unit_rate u[8];
    tdm_rate_options ro;
    tdm_opportunity_options o;
    tdm_opportunity_result *r = NULL;
    static const uint32_t g[8] = { 0, 0, 0, 0, 3, 0, 0, 0 };
    const uint32_t *groups[1] = { g };
    const size_t n_groups[1] = { 2 };
    tdm_opportunity_levels lv = { 1, groups, n_groups };
    tdm_rate_options_init(&ro);
    ro.type = TDM_RATE_RATE;
    cr_assert_eq(tdm_unit_rates(num8, den8, 8, &ro, u, NULL, NULL), TDM_OK);
    tdm_opportunity_options_init(&o);
    o.improvement = TDM_IMPROVEMENT_NEUTRAL;
    cr_assert_eq(tdm_opportunity_compute(u, num8, den8, 8, &ro, NULL, NULL, &o, &r, NULL),
                 TDM_EINVAL);
    tdm_opportunity_options_init(&o);
    o.benchmark = TDM_OPP_BEST5;
    cr_assert_eq(tdm_opportunity_compute(u, num8, den8, 8, &ro, NULL, NULL, &o, &r, NULL),
                 TDM_EINVAL);
    tdm_opportunity_options_init(&o);
    cr_assert_eq(tdm_opportunity_compute(u, num8, den8, 8, &ro, &lv, NULL, &o, &r, NULL),
                 TDM_EINVAL);
    o.benchmark = TDM_OPP_CENTILE; /* centile NaN */
    cr_assert_eq(tdm_opportunity_compute(u, num8, den8, 8, &ro, NULL, NULL, &o, &r, NULL),
                 TDM_EINVAL);
    cr_assert_null(r);
}

Test(opportunity, out_of_memory_is_clean)
{
    /* The OOM loop (conventions 4.5): fail the k-th allocation for k = 1, 2, ...
     * until the call succeeds; each failure is TDM_ENOMEM and leaks nothing. */
    static const uint32_t g[8] = { 0, 0, 0, 0, 1, 1, 1, 1 };
    const uint32_t *groups[1] = { g };
    const size_t n_groups[1] = { 2 };
    tdm_opportunity_levels lv = { 1, groups, n_groups };
    const double x[8] = { 3, 1, 4, 1, 5, 9, 2, 6 };
    tdm_unit_rate u[8];
    tdm_rate_options ro;
    tdm_opportunity_options o;
    tdm_peers_options po;
    int done = 0;
    tdm_rate_options_init(&ro);
    ro.type = TDM_RATE_RATE;
    cr_assert_eq(tdm_unit_rates(num8, den8, 8, &ro, u, NULL, NULL), TDM_OK);
    tdm_opportunity_options_init(&o);
    o.simulations = 50;
    o.benchmark = TDM_OPP_BEST5;
    tdm_peers_options_init(&po);
    po.k = 4;
    po.replicates = 3;
    po.method = TDM_PEERS_MAHALANOBIS;
    for (size_t k = 1; !done && k < 500; k++) {
        tdm_peers_result *p = NULL;
        tdm_opportunity_result *r = NULL;
        int rc;
        test_alloc_install(k);
        rc = tdm_peers_compute(x, 8, 1, &po, &p, NULL);
        if (rc == TDM_OK) {
            rc = tdm_opportunity_compute(u, num8, den8, 8, &ro, &lv, p, &o, &r, NULL);
        }
        done = rc == TDM_OK;
        if (!done) {
            cr_assert_eq(rc, TDM_ENOMEM, "allocation %zu: status %d", k, rc);
        }
        tdm_opportunity_result_free(r);
        tdm_peers_result_free(p);
        cr_assert_eq(test_alloc_remove(), 0, "allocation %zu leaked", k);
    }
    cr_assert(done);
}

/* ---- internal selection and percentiles (src/peers/peers_util.c) ---- */
#include "src/ci/ci_internal.h"
#include "src/peers/peers_internal.h"

Test(peers_util, selection_equals_sorting)
{
    /* the bucketed selection (n > 256) and Wirth's FIND must give exactly the
     * type-7 percentile of the sorted values, duplicates and all */
    static double v[3000], w[3000], sorted[3000];
    uint64_t s = 99;
    for (size_t n = 1; n <= 3000; n += (n < 300 ? 1 : 97)) {
        for (size_t i = 0; i < n; i++) {
            s = s * 6364136223846793005ULL + 1442695040888963407ULL;
            v[i] = (double)((s >> 33) % (n / 3 + 2)) * 0.37 + ((s >> 20) % 2 ? 1e-9 : 0);
            sorted[i] = v[i];
        }
        tdm__sort_doubles(sorted, n);
        for (int k = 0; k <= 10; k++) {
            const double p = k / 10.0;
            memcpy(w, v, n * sizeof *v);
            cr_assert_eq(tdm__peers_percentile_select(w, n, p, k % 2 ? 6 : 7),
                         tdm__peers_percentile(sorted, n, p, k % 2 ? 6 : 7), "n %zu p %g", n, p);
        }
        memcpy(w, v, n * sizeof *v);
        cr_assert_eq(tdm__peers_select(w, n, n / 2), sorted[n / 2]);
    }
    /* R: quantile(c(1, 2, 3, 4, 10), c(0.1, 0.5, 0.9), type = 6) = 1, 3, 10 */
    {
        const double x[5] = { 1, 2, 3, 4, 10 };
        cr_assert_eq(tdm__peers_percentile(x, 5, 0.1, 6), 1.0);
        cr_assert_eq(tdm__peers_percentile(x, 5, 0.5, 6), 3.0);
        cr_assert_eq(tdm__peers_percentile(x, 5, 0.9, 6), 10.0);
        cr_assert(fabs(tdm__peers_percentile(x, 5, 0.3, 6) - 1.8) < 1e-15);
        cr_assert(isnan(tdm__peers_percentile(x, 0, 0.5, 7)));
        cr_assert(isnan(tdm__peers_percentile(x, 5, 0.5, 5)));
    }
}

Test(peers_util, rng_is_reproducible_and_normal)
{
    tdm__rng a, b;
    double sum = 0, sum2 = 0;
    tdm__rng_seed(&a, 42);
    tdm__rng_seed(&b, 42);
    for (int i = 0; i < 100000; i++) {
        double x = tdm__rng_norm(&a);
        cr_assert_eq(x, tdm__rng_norm(&b));
        sum += x;
        sum2 += x * x;
    }
    cr_assert(fabs(sum / 100000) < 0.02);
    cr_assert(fabs(sum2 / 100000 - 1) < 0.02);
    cr_assert(tdm__rng_index(&a, 7) < 7);
    cr_assert_float_eq(tdm__peers_pnorm(1.6448536269514722), 0.95, 1e-15);
}

Test(opportunity, topq_mean_is_the_mean_of_the_top_quartile)
{
    /* lower is better: boundary 2.75 (type 7); values at or below it: 1, 2 -> 1.5 */
    tdm_opportunity_options o;
    tdm_opportunity_result *r;
    tdm_opportunity_options_init(&o);
    o.improvement = TDM_IMPROVEMENT_DECREASE;
    o.benchmark = TDM_OPP_TOPQ_MEAN;
    o.simulations = 0;
    r = run(&o, NULL, NULL);
    cr_assert(REL(tdm_opportunity_result_benchmark(r), 1.5));
    tdm_opportunity_result_free(r);
    o.improvement = TDM_IMPROVEMENT_INCREASE; /* 6.25: 7, 8 -> 7.5 */
    r = run(&o, NULL, NULL);
    cr_assert(REL(tdm_opportunity_result_benchmark(r), 7.5));
    tdm_opportunity_result_free(r);
}

Test(peers_rates, tau2_is_dersimonian_laird)
{
    /* SPEC: opp.shrink.tau2 - without winsorisation the estimate is the textbook
     * DerSimonian-Laird tau^2 = (Q - (n - 1)) / (sum w - sum w^2 / sum w) */
    const double num[6] = { 10, 40, 90, 5, 60, 33 }, den[6] = { 100, 200, 300, 150, 250, 120 };
    tdm_unit_rate raw[6], u[6];
    tdm_rate_options o;
    double sw = 0, sww = 0, swy = 0, ybar, q = 0, want, got;
    cr_assert_eq(tdm_unit_rates(num, den, 6, NULL, raw, NULL, NULL), TDM_OK);
    for (int i = 0; i < 6; i++) {
        double w = 1 / (raw[i].se * raw[i].se);
        sw += w;
        sww += w * w;
        swy += w * raw[i].y;
    }
    ybar = swy / sw;
    for (int i = 0; i < 6; i++) {
        q += (raw[i].y - ybar) * (raw[i].y - ybar) / (raw[i].se * raw[i].se);
    }
    want = fmax(0, (q - 5) / (sw - sww / sw));
    cr_assert_gt(want, 0.0);
    tdm_rate_options_init(&o);
    o.shrink = 1;
    o.winsor = 0;
    cr_assert_eq(tdm_unit_rates(num, den, 6, &o, u, &got, NULL), TDM_OK);
    cr_assert(fabs(got - want) <= 1e-12 * want, "%.17g vs %.17g", got, want);
    /* the default 10% winsorisation pulls in the extreme z-scores: never larger */
    o.winsor = 0.1;
    cr_assert_eq(tdm_unit_rates(num, den, 6, &o, u, &got, NULL), TDM_OK);
    cr_assert_leq(got, want);
}

Test(peers_rates, intervals_are_the_indicator_methods)
{
    /* Wilson for proportions, the PHE rate interval (exact below 10) for rates */
    const double num[2] = { 3, 40 }, den[2] = { 20, 200 };
    tdm_unit_rate u[2];
    tdm_rate_options o;
    tdm_ci_level lv;
    tdm_interval ci;
    double v;
    cr_assert_eq(tdm_ci_level_init(&lv, 0.95, NULL), TDM_OK);
    tdm_rate_options_init(&o);
    o.multiplier = 100;
    cr_assert_eq(tdm_unit_rates(num, den, 2, &o, u, NULL, NULL), TDM_OK);
    cr_assert_eq(tdm_ci_wilson(3, 20, &lv, &ci, NULL), TDM_OK);
    cr_assert(REL(u[0].lower, ci.lower * 100) && REL(u[0].upper, ci.upper * 100));
    o.type = TDM_RATE_RATE;
    cr_assert_eq(tdm_unit_rates(num, den, 2, &o, u, NULL, NULL), TDM_OK);
    cr_assert_eq(tdm_ci_rate(3, 20, 100, -1, &lv, &v, &ci, NULL, NULL), TDM_OK);
    cr_assert(REL(u[0].lower, ci.lower) && REL(u[0].upper, ci.upper));
    cr_assert(u[1].lower < u[1].value && u[1].value < u[1].upper);
}
