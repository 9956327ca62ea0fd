/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * opportunity.c - "what if every unit matched the benchmark": each unit's
 * gap to a benchmark in the favourable direction, times its own
 * denominator, summed up a hierarchy and in total, with simulation
 * intervals from the sampling (or posterior) distribution of the rates.
 */
#include "peers_internal.h"

#include <math.h>
#include <string.h>

void tdm_opportunity_options_init(tdm_opportunity_options *o)
{
    memset(o, 0, sizeof *o);
    o->version = TDM_OPPORTUNITY_OPTIONS_VERSION;
    o->improvement = TDM_IMPROVEMENT_INCREASE;
    o->benchmark = TDM_OPP_Q75;
    o->centile = (double)NAN;
    o->percentile_type = 7;
    o->best_n = 5;
    o->closure = 1.0;
    o->use_shrunk = 0;
    o->simulations = 1000;
    o->seed = 42;
    o->level = 0.95;
}

struct tdm_opportunity_result {
    size_t n;                     /* units */
    size_t n_levels;              /* roll-up levels */
    tdm_opportunity_row *units;   /* n */
    tdm_opportunity_row **levels; /* n_levels arrays of n_groups[l] */
    size_t *n_groups;             /* n_levels */
    tdm_opportunity_row total;
    double benchmark; /* national benchmark, NaN for BEST5 */
};

/* Everything one evaluation needs (the point estimate or one draw). */
typedef struct opp_ctx {
    const double *num, *den;
    size_t n;
    double m; /* multiplier */
    const tdm_opportunity_levels *levels;
    const tdm_peers_result *peers;
    const tdm_opportunity_options *opt;
    double *sorted; /* n scratch for selecting percentiles */
} opp_ctx;

/* SPEC: opp.benchmark - the national benchmark of the values v (NaN for
 * BEST5). q75 is the favourable quartile: the 75th percentile when higher is
 * better, the 25th when lower is better; topq_mean the mean of the values at
 * or beyond it; centile:P is the P-th percentile as given. Percentiles are Hyndman-Fan type 7 by
 * default (type 6 on request). */
static double national_benchmark(const opp_ctx *c, const double *v)
{
    const tdm_opportunity_options *o = c->opt;
    double p;
    if (o->benchmark == TDM_OPP_BEST5) {
        return (double)NAN;
    }
    if (o->benchmark == TDM_OPP_MEAN) {
        tdm__sum s;
        tdm__sum_init(&s);
        for (size_t i = 0; i < c->n; i++) {
            tdm__sum_add(&s, v[i]);
        }
        return tdm__sum_value(&s) / (double)c->n;
    }
    p = o->benchmark == TDM_OPP_Q75 || o->benchmark == TDM_OPP_TOPQ_MEAN
            ? (o->improvement > 0 ? 0.75 : 0.25)
        : o->benchmark == TDM_OPP_MEDIAN ? 0.5
                                         : o->centile / 100.0;
    memcpy(c->sorted, v, c->n * sizeof *v);
    if (o->benchmark == TDM_OPP_TOPQ_MEAN) {
        /* the mean of the top quartile itself (spec-peers 3.2.1 topq_mean) */
        const double q = tdm__peers_percentile_select(c->sorted, c->n, p, o->percentile_type);
        tdm__sum s;
        size_t m = 0;
        tdm__sum_init(&s);
        for (size_t i = 0; i < c->n; i++) {
            if ((double)o->improvement * (v[i] - q) >= 0.0) {
                tdm__sum_add(&s, v[i]);
                m++;
            }
        }
        return tdm__sum_value(&s) / (double)m;
    }
    return tdm__peers_percentile_select(c->sorted, c->n, p, o->percentile_type);
}

/* SPEC: opp.best5 - mean of the best_n most favourable values among unit
 * i's peers (RightCare "Best 5" of the "Similar 10"); all of them when it
 * has fewer peers. */
static double best_of_peers(const opp_ctx *c, const double *v, size_t i)
{
    const uint32_t *peer;
    double best[64];
    size_t k = tdm_peers_result_list(c->peers, i, &peer, NULL);
    size_t m = c->opt->best_n < k ? c->opt->best_n : k;
    size_t len = 0;
    tdm__sum s;
    if (m == 0) {
        return (double)NAN;
    }
    /* keep the m best (a short insertion list: m is 5 in practice) */
    for (size_t q = 0; q < k; q++) {
        double x = (double)c->opt->improvement * v[peer[q]];
        size_t pos;
        if (len == m && !(x > best[m - 1])) {
            continue;
        }
        pos = len < m ? len++ : m - 1;
        while (pos > 0 && x > best[pos - 1]) {
            best[pos] = best[pos - 1];
            pos--;
        }
        best[pos] = x;
    }
    tdm__sum_init(&s);
    for (size_t q = 0; q < len; q++) {
        tdm__sum_add(&s, best[q]);
    }
    return (double)c->opt->improvement * tdm__sum_value(&s) / (double)len;
}

/* SPEC: opp.gap, opp.unit - g = max(0, dir (b - v)) x closure, never
 * negative (units already better are not asked to get worse);
 * opportunity = g x N / m. */
static void unit_row(const opp_ctx *c, size_t i, double v, double b, tdm_opportunity_row *row)
{
    double g = (double)c->opt->improvement * (b - v);
    g = g > 0.0 ? g * c->opt->closure : 0.0;
    row->benchmark = b;
    row->gap = g;
    row->opportunity = g * c->den[i] / c->m;
}

/* Point estimate: unit rows, group rows and the total. v = values compared. */
static void evaluate_point(const opp_ctx *c, const double *v, tdm_opportunity_result *r)
{
    double nat = national_benchmark(c, v);
    r->benchmark = nat;
    for (size_t i = 0; i < c->n; i++) {
        tdm_opportunity_row *row = &r->units[i];
        double b = c->opt->benchmark == TDM_OPP_BEST5 ? best_of_peers(c, v, i) : nat;
        row->n_units = 1;
        row->numerator = c->num[i];
        row->denominator = c->den[i];
        row->rate = c->num[i] / c->den[i] * c->m;
        row->shrunk = c->opt->use_shrunk ? v[i] : (double)NAN;
        unit_row(c, i, v[i], b, row);
    }
}

/* SPEC: opp.rollup - a group's opportunity is the sum of its units'
 * opportunities (RightCare place-based opportunity); its gap is that sum
 * per denominator, and its benchmark the rate it would reach if every unit
 * met its own benchmark. The gap is never recomputed on the aggregate rate
 * (the two differ by Simpson-type effects). */
static void finish_group(tdm_opportunity_row *g, const tdm__sum *num, const tdm__sum *den,
                         const tdm__sum *opp, double m, int dir)
{
    g->numerator = tdm__sum_value(num);
    g->denominator = tdm__sum_value(den);
    g->rate = g->numerator / g->denominator * m;
    g->shrunk = (double)NAN;
    g->opportunity = tdm__sum_value(opp);
    g->gap = g->opportunity / g->denominator * m;
    g->benchmark = g->rate + (double)dir * g->gap;
}

static int rollup(const opp_ctx *c, tdm_opportunity_result *r)
{
    const int dir = c->opt->improvement;
    tdm__sum tn, td, to;
    tdm__sum_init(&tn);
    tdm__sum_init(&td);
    tdm__sum_init(&to);
    for (size_t i = 0; i < c->n; i++) {
        tdm__sum_add(&tn, c->num[i]);
        tdm__sum_add(&td, c->den[i]);
        tdm__sum_add(&to, r->units[i].opportunity);
    }
    r->total.n_units = c->n;
    finish_group(&r->total, &tn, &td, &to, c->m, dir);
    for (size_t l = 0; l < r->n_levels; l++) {
        const size_t ng = r->n_groups[l];
        tdm__sum *acc = tdm__calloc(3 * ng, sizeof *acc);
        if (acc == NULL) {
            return TDM_ENOMEM;
        }
        for (size_t i = 0; i < c->n; i++) {
            const size_t gi = c->levels->group[l][i];
            tdm__sum_add(&acc[3 * gi], c->num[i]);
            tdm__sum_add(&acc[3 * gi + 1], c->den[i]);
            tdm__sum_add(&acc[3 * gi + 2], r->units[i].opportunity);
            r->levels[l][gi].n_units++;
        }
        for (size_t g = 0; g < ng; g++) {
            finish_group(&r->levels[l][g], &acc[3 * g], &acc[3 * g + 1], &acc[3 * g + 2], c->m,
                         dir);
        }
        tdm__free(acc);
    }
    return TDM_OK;
}

static int check(const tdm_unit_rate *rates, const double *num, const double *den, size_t n,
                 const tdm_rate_options *ropt, const tdm_opportunity_levels *lv,
                 const tdm_peers_result *peers, const tdm_opportunity_options *o, tdm_error *err)
{
    if (rates == NULL || num == NULL || den == NULL || ropt == NULL || n == 0) {
        return tdm__error(err, TDM_EINVAL, 0, 0, "opportunity: no units");
    }
    if (o->version != TDM_OPPORTUNITY_OPTIONS_VERSION ||
        (o->improvement != TDM_IMPROVEMENT_INCREASE &&
         o->improvement != TDM_IMPROVEMENT_DECREASE) ||
        o->benchmark < TDM_OPP_Q75 || o->benchmark > TDM_OPP_TOPQ_MEAN ||
        (o->percentile_type != 6 && o->percentile_type != 7) ||
        !(o->closure > 0.0 && o->closure <= 1.0) || !(o->level > 0.0 && o->level < 1.0) ||
        (o->benchmark == TDM_OPP_CENTILE && !(o->centile >= 0.0 && o->centile <= 100.0)) ||
        (o->benchmark == TDM_OPP_BEST5 && (o->best_n < 1 || o->best_n > 64))) {
        return tdm__error(err, TDM_EINVAL, 0, 0,
                          "opportunity options: improvement increase or decrease, closure in "
                          "(0, 1], level in (0, 1), centile in [0, 100], best_n in 1..64");
    }
    if (o->benchmark == TDM_OPP_BEST5 && (peers == NULL || tdm_peers_result_units(peers) != n)) {
        return tdm__error(err, TDM_EINVAL, 0, 0, "the best5 benchmark needs the units' peers");
    }
    for (size_t l = 0; lv != NULL && l < lv->n_levels; l++) {
        for (size_t i = 0; i < n; i++) {
            if (lv->group[l][i] >= lv->n_groups[l]) {
                return tdm__error(err, TDM_EINVAL, i + 1, 0,
                                  "level %zu: unit %zu has group %u of %zu", l + 1, i + 1,
                                  (unsigned)lv->group[l][i], lv->n_groups[l]);
            }
        }
    }
    return TDM_OK;
}

static tdm_opportunity_result *result_new(size_t n, const tdm_opportunity_levels *lv)
{
    tdm_opportunity_result *r = tdm__calloc(1, sizeof *r);
    if (r == NULL) {
        return NULL;
    }
    r->n = n;
    r->units = tdm__calloc(n, sizeof *r->units);
    if (r->units == NULL) {
        tdm_opportunity_result_free(r);
        return NULL;
    }
    if (lv != NULL && lv->n_levels > 0) {
        r->levels = tdm__calloc(lv->n_levels, sizeof(tdm_opportunity_row *));
        r->n_groups = tdm__calloc(lv->n_levels, sizeof *r->n_groups);
        if (r->levels == NULL || r->n_groups == NULL) {
            tdm_opportunity_result_free(r);
            return NULL;
        }
        r->n_levels = lv->n_levels;
        for (size_t l = 0; l < lv->n_levels; l++) {
            r->n_groups[l] = lv->n_groups[l];
            r->levels[l] = tdm__calloc(lv->n_groups[l] ? lv->n_groups[l] : 1, sizeof **r->levels);
            if (r->levels[l] == NULL) {
                tdm_opportunity_result_free(r);
                return NULL;
            }
        }
    }
    return r;
}

/* Rows in order: units, then each level's groups, then the total. */
static tdm_opportunity_row *row_at(tdm_opportunity_result *r, size_t idx)
{
    if (idx < r->n) {
        return &r->units[idx];
    }
    idx -= r->n;
    for (size_t l = 0; l < r->n_levels; l++) {
        if (idx < r->n_groups[l]) {
            return &r->levels[l][idx];
        }
        idx -= r->n_groups[l];
    }
    return &r->total;
}

/* SPEC: opp.simulation - S draws theta_u ~ N(theta_u, v_u) on the rate's
 * scale (raw: y and se^2; shrunk: the posterior), back-transformed; each
 * draw recomputes the benchmark, the gaps and every sum with the same
 * denominators. Intervals: type-7 percentiles (1 - level)/2 and
 * (1 + level)/2 of the S draws of each row; the median too. */
static int simulate(const opp_ctx *c, const tdm_unit_rate *rates, const tdm_rate_options *ropt,
                    tdm_opportunity_result *r)
{
    const size_t s_n = c->opt->simulations;
    size_t n_rows = r->n + 1;
    double *draws, *v, *opp_sum;
    tdm__rng g;
    for (size_t l = 0; l < r->n_levels; l++) {
        n_rows += r->n_groups[l];
    }
    if (n_rows > ((size_t)1 << 28) / s_n) {
        return TDM_ELIMIT;
    }
    draws = tdm__calloc(n_rows * s_n, sizeof *draws);
    v = tdm__calloc(c->n, sizeof *v);
    opp_sum = tdm__calloc(n_rows, sizeof *opp_sum);
    if (draws == NULL || v == NULL || opp_sum == NULL) {
        tdm__free(draws);
        tdm__free(v);
        tdm__free(opp_sum);
        return TDM_ENOMEM;
    }
    tdm__rng_seed(&g, c->opt->seed);
    for (size_t s = 0; s < s_n; s++) {
        double nat;
        for (size_t i = 0; i < c->n; i++) {
            v[i] =
                tdm_unit_rate_natural(rates[i].theta + sqrt(rates[i].v) * tdm__rng_norm(&g), ropt);
        }
        nat = national_benchmark(c, v);
        memset(opp_sum, 0, n_rows * sizeof *opp_sum);
        for (size_t i = 0; i < c->n; i++) {
            tdm_opportunity_row row;
            double b = c->opt->benchmark == TDM_OPP_BEST5 ? best_of_peers(c, v, i) : nat;
            size_t at = r->n;
            unit_row(c, i, v[i], b, &row);
            draws[i * s_n + s] = row.opportunity;
            for (size_t l = 0; c->levels != NULL && l < r->n_levels; l++) {
                opp_sum[at + c->levels->group[l][i]] += row.opportunity;
                at += r->n_groups[l];
            }
            opp_sum[n_rows - 1] += row.opportunity;
        }
        for (size_t q = r->n; q < n_rows; q++) {
            draws[q * s_n + s] = opp_sum[q];
        }
    }
    for (size_t q = 0; q < n_rows; q++) {
        double *d = draws + q * s_n;
        tdm_opportunity_row *row = row_at(r, q);
        /* selection permutes d but keeps its values, so it can run three times */
        row->sim_median = tdm__peers_percentile_select(d, s_n, 0.5, 7);
        row->lower = tdm__peers_percentile_select(d, s_n, (1.0 - c->opt->level) / 2.0, 7);
        row->upper = tdm__peers_percentile_select(d, s_n, (1.0 + c->opt->level) / 2.0, 7);
    }
    tdm__free(draws);
    tdm__free(v);
    tdm__free(opp_sum);
    return TDM_OK;
}

static void no_intervals(tdm_opportunity_result *r)
{
    size_t n_rows = r->n + 1;
    for (size_t l = 0; l < r->n_levels; l++) {
        n_rows += r->n_groups[l];
    }
    for (size_t q = 0; q < n_rows; q++) {
        tdm_opportunity_row *row = row_at(r, q);
        row->sim_median = row->lower = row->upper = (double)NAN;
    }
}

int tdm_opportunity_compute(const tdm_unit_rate *rates, const double *num, const double *den,
                            size_t n, const tdm_rate_options *ropt,
                            const tdm_opportunity_levels *levels, const tdm_peers_result *peers,
                            const tdm_opportunity_options *opt, tdm_opportunity_result **out,
                            tdm_error *err)
{
    tdm_opportunity_options defaults;
    tdm_opportunity_result *r = NULL;
    opp_ctx c;
    double *v = NULL;
    int rc;
    if (out == NULL) {
        return tdm__error(err, TDM_EINVAL, 0, 0, "tdm_opportunity_compute: NULL argument");
    }
    *out = NULL;
    if (opt == NULL) {
        tdm_opportunity_options_init(&defaults);
        opt = &defaults;
    }
    rc = check(rates, num, den, n, ropt, levels, peers, opt, err);
    if (rc != TDM_OK) {
        return rc;
    }
    c.num = num;
    c.den = den;
    c.n = n;
    c.m = ropt->multiplier;
    c.levels = levels;
    c.peers = peers;
    c.opt = opt;
    c.sorted = tdm__calloc(n, sizeof *c.sorted);
    v = tdm__calloc(n, sizeof *v);
    r = result_new(n, levels);
    if (c.sorted == NULL || v == NULL || r == NULL) {
        rc = TDM_ENOMEM;
        goto done;
    }
    for (size_t i = 0; i < n; i++) {
        v[i] = opt->use_shrunk ? rates[i].shrunk : rates[i].value;
    }
    evaluate_point(&c, v, r);
    rc = rollup(&c, r);
    if (rc == TDM_OK && opt->simulations > 0) {
        rc = simulate(&c, rates, ropt, r);
    } else if (rc == TDM_OK) {
        no_intervals(r);
    }
done:
    tdm__free(c.sorted);
    tdm__free(v);
    if (rc != TDM_OK) {
        tdm_opportunity_result_free(r);
        return rc == TDM_ELIMIT ? tdm__error(err, rc, 0, 0,
                                             "too many simulation draws to hold: lower "
                                             "--simulations or the number of rows")
                                : tdm__error(err, rc, 0, 0, "out of memory");
    }
    *out = r;
    return TDM_OK;
}

const tdm_opportunity_row *tdm_opportunity_result_units(const tdm_opportunity_result *r)
{
    return r != NULL ? r->units : NULL;
}

const tdm_opportunity_row *tdm_opportunity_result_level(const tdm_opportunity_result *r, size_t l)
{
    return r != NULL && l < r->n_levels ? r->levels[l] : NULL;
}

const tdm_opportunity_row *tdm_opportunity_result_total(const tdm_opportunity_result *r)
{
    return r != NULL ? &r->total : NULL;
}

double tdm_opportunity_result_benchmark(const tdm_opportunity_result *r)
{
    return r != NULL ? r->benchmark : (double)NAN;
}

void tdm_opportunity_result_free(tdm_opportunity_result *r)
{
    if (r == NULL) {
        return;
    }
    for (size_t l = 0; r->levels != NULL && l < r->n_levels; l++) {
        tdm__free(r->levels[l]);
    }
    tdm__free(r->levels);
    tdm__free(r->n_groups);
    tdm__free(r->units);
    tdm__free(r);
}
