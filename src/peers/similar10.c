/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * similar10.c - context peers: the NHS England "Similar 10" preprocessing
 * (cap, square root, z-score), the distance modes, and the result handle.
 * knn.c finds the neighbours, mahalanobis.c whitens, stability.c bootstraps.
 */
#include "peers_internal.h"

#include <math.h>
#include <string.h>

void tdm_peers_options_init(tdm_peers_options *o)
{
    memset(o, 0, sizeof *o);
    o->version = TDM_PEERS_OPTIONS_VERSION;
    o->method = TDM_PEERS_SIMILAR10;
    o->k = 10;
    o->weights = NULL;
    o->cap_sd = 5.0;
    o->transform = TDM_PEERS_TRANSFORM_SQRT;
    o->shrinkage = (double)NAN;
    o->replicates = 0;
    o->seed = 42;
    o->jitter = 0.5;
}

static int has_cap(const tdm_peers_options *opt)
{
    return opt->cap_sd > 0.0 && isfinite(opt->cap_sd);
}

static double transform(double v, int t)
{
    if (t == TDM_PEERS_TRANSFORM_SQRT) {
        return sqrt(v);
    }
    if (t == TDM_PEERS_TRANSFORM_LOG) {
        return log(v);
    }
    return v;
}

/* Mean and population SD (divisor m) of m values produced by get(i), two
 * passes with compensated sums (conventions section 5). The NHS England
 * script takes R's sd() times sqrt((n - 1) / n), the same quantity. */
typedef struct moments {
    double mean, sd;
} moments;

static moments column_moments(const double *x, size_t p_all, size_t v, const size_t *rows, size_t m,
                              const tdm__peers_stats *st, int t)
{
    tdm__sum s;
    moments out;
    tdm__sum_init(&s);
    for (size_t r = 0; r < m; r++) {
        size_t i = rows != NULL ? rows[r] : r;
        double xv = x[i * p_all + v];
        tdm__sum_add(&s, st != NULL ? transform(fmin(xv, st->cap), t) : xv);
    }
    out.mean = tdm__sum_value(&s) / (double)m;
    tdm__sum_init(&s);
    for (size_t r = 0; r < m; r++) {
        size_t i = rows != NULL ? rows[r] : r;
        double xv = x[i * p_all + v];
        double d = (st != NULL ? transform(fmin(xv, st->cap), t) : xv) - out.mean;
        tdm__sum_add(&s, d * d);
    }
    out.sd = sqrt(tdm__sum_value(&s) / (double)m);
    return out;
}

/* SPEC: peers.prep - per variable: cap at mean + c SD_pop of the raw values
 * (upper tail only); transform; then the mean and SD_pop of the transformed
 * values for the z-scores (NHS England script steps 3-6). */
int tdm__peers_stats_compute(const double *x, size_t n, size_t p_all, const size_t *vars,
                             size_t n_active, const size_t *rows, size_t m,
                             const tdm_peers_options *opt, tdm__peers_stats *st, tdm_error *err)
{
    (void)n;
    for (size_t a = 0; a < n_active; a++) {
        size_t v = vars[a];
        moments raw = column_moments(x, p_all, v, rows, m, NULL, 0);
        moments tr;
        st[a].cap = has_cap(opt) ? raw.mean + opt->cap_sd * raw.sd : (double)INFINITY;
        tr = column_moments(x, p_all, v, rows, m, &st[a], opt->transform);
        st[a].mean = tr.mean;
        st[a].sd = tr.sd;
        if (!(tr.sd > 0.0) && rows == NULL) {
            return tdm__error(err, TDM_EDOMAIN, 0, (uint32_t)(v + 1),
                              "variable %zu is constant (every unit has %.15g): it cannot "
                              "tell units apart; drop it or give it weight 0",
                              v + 1, x[v]);
        }
    }
    return TDM_OK;
}

void tdm__peers_standardise(const double *x, size_t n, size_t p_all, const size_t *vars,
                            size_t n_active, const tdm_peers_options *opt,
                            const tdm__peers_stats *st, double *z)
{
    for (size_t i = 0; i < n; i++) {
        for (size_t a = 0; a < n_active; a++) {
            double xv = transform(fmin(x[i * p_all + vars[a]], st[a].cap), opt->transform);
            z[i * n_active + a] = (xv - st[a].mean) / st[a].sd;
        }
    }
}

static int check_options(const tdm_peers_options *o, size_t n, size_t p, tdm_error *err)
{
    int any = 0;
    if (o->version != TDM_PEERS_OPTIONS_VERSION) {
        return tdm__error(err, TDM_EINVAL, 0, 0, "peers options: unknown version %u", o->version);
    }
    if (n < 2 || p < 1) {
        return tdm__error(err, TDM_EDOMAIN, 0, 0,
                          "peers need at least 2 units and 1 variable (got %zu and %zu)", n, p);
    }
    if (n > UINT32_MAX - 1) {
        return tdm__error(err, TDM_ELIMIT, 0, 0, "too many units (%zu)", n);
    }
    if (o->k < 1 || (o->method != TDM_PEERS_SIMILAR10 && o->method != TDM_PEERS_MAHALANOBIS) ||
        o->transform < TDM_PEERS_TRANSFORM_SQRT || o->transform > TDM_PEERS_TRANSFORM_LOG ||
        !(o->cap_sd >= 0.0) || !(o->jitter >= 0.0 && o->jitter < 1.0)) {
        return tdm__error(err, TDM_EINVAL, 0, 0,
                          "peers options: k must be >= 1, cap_sd >= 0, jitter in [0, 1)");
    }
    if (!isnan(o->shrinkage) && !(o->shrinkage >= 0.0 && o->shrinkage <= 1.0)) {
        return tdm__error(err, TDM_EINVAL, 0, 0, "shrinkage must be between 0 and 1 (got %g)",
                          o->shrinkage);
    }
    for (size_t v = 0; o->weights != NULL && v < p; v++) {
        if (!(o->weights[v] >= 0.0) || !isfinite(o->weights[v])) {
            return tdm__error(err, TDM_EINVAL, 0, (uint32_t)(v + 1),
                              "weight %zu must be a finite number >= 0 (got %g)", v + 1,
                              o->weights[v]);
        }
        any |= o->weights[v] > 0.0;
    }
    if (o->weights != NULL && !any) {
        return tdm__error(err, TDM_EINVAL, 0, 0, "every weight is 0: nothing to compare");
    }
    return TDM_OK;
}

/* Missing, infinite or out-of-domain values are errors, never skipped: a
 * unit without its context has no defensible peers. */
static int check_values(const double *x, size_t n, size_t p, const tdm_peers_options *o,
                        tdm_error *err)
{
    for (size_t i = 0; i < n; i++) {
        for (size_t v = 0; v < p; v++) {
            double xv = x[i * p + v];
            if (isnan(xv)) {
                return tdm__error(err, TDM_EDOMAIN, i + 1, (uint32_t)(v + 1),
                                  "unit %zu, variable %zu: missing context value", i + 1, v + 1);
            }
            if (isinf(xv) || (o->transform == TDM_PEERS_TRANSFORM_SQRT && xv < 0.0) ||
                (o->transform == TDM_PEERS_TRANSFORM_LOG && !(xv > 0.0))) {
                return tdm__error(err, TDM_EDOMAIN, i + 1, (uint32_t)(v + 1),
                                  "unit %zu, variable %zu: %g is outside the domain of the %s "
                                  "transform",
                                  i + 1, v + 1, xv,
                                  o->transform == TDM_PEERS_TRANSFORM_SQRT  ? "square root"
                                  : o->transform == TDM_PEERS_TRANSFORM_LOG ? "log"
                                                                            : "identity");
            }
        }
    }
    return TDM_OK;
}

static tdm_peers_result *result_new(size_t n, size_t p, size_t k)
{
    tdm_peers_result *r = tdm__calloc(1, sizeof *r);
    if (r == NULL) {
        return NULL;
    }
    r->n = n;
    r->p = p;
    r->k = k;
    r->lambda = (double)NAN;
    r->z = tdm__calloc(n * p, sizeof *r->z);
    r->w = tdm__calloc(p, sizeof *r->w);
    r->peer = tdm__calloc(n * k, sizeof *r->peer);
    r->dist = tdm__calloc(n * k, sizeof *r->dist);
    if (r->z == NULL || r->w == NULL || r->peer == NULL || r->dist == NULL) {
        tdm_peers_result_free(r);
        return NULL;
    }
    return r;
}

/* Variables with weight > 0: a zero weight removes a variable exactly
 * (0 x d^2 = 0), so it is neither checked for constancy nor measured. */
static size_t active_variables(const tdm_peers_options *o, size_t p, size_t *vars, double *w)
{
    size_t a = 0;
    for (size_t v = 0; v < p; v++) {
        double wv = o->weights != NULL ? o->weights[v] : 1.0;
        if (wv > 0.0) {
            vars[a] = v;
            w[a] = wv;
            a++;
        }
    }
    return a;
}

/* z-scores (and whitening) of every unit into r->z with r->w. */
static int build_scores(const double *x, size_t n, size_t p, const size_t *vars,
                        const double *w_active, const tdm_peers_options *o, tdm_peers_result *r,
                        tdm_error *err)
{
    tdm__peers_stats *st = tdm__calloc(r->p, sizeof *st);
    int rc;
    if (st == NULL) {
        return TDM_ENOMEM;
    }
    rc = tdm__peers_stats_compute(x, n, p, vars, r->p, NULL, n, o, st, err);
    if (rc == TDM_OK) {
        tdm__peers_standardise(x, n, p, vars, r->p, o, st, r->z);
        if (o->method == TDM_PEERS_MAHALANOBIS) {
            rc = tdm__peers_whiten(r->z, n, r->p, w_active, o->shrinkage, &r->lambda, err);
            for (size_t a = 0; a < r->p; a++) {
                r->w[a] = 1.0;
            }
        } else {
            memcpy(r->w, w_active, r->p * sizeof *r->w);
        }
    }
    tdm__free(st);
    return rc;
}

int tdm_peers_compute(const double *x, size_t n, size_t p, const tdm_peers_options *opt,
                      tdm_peers_result **out, tdm_error *err)
{
    tdm_peers_options defaults;
    tdm_peers_result *r = NULL;
    size_t *vars = NULL;
    double *w_active = NULL;
    size_t n_active, k;
    int rc;
    if (out == NULL || x == NULL) {
        return tdm__error(err, TDM_EINVAL, 0, 0, "tdm_peers_compute: NULL argument");
    }
    *out = NULL;
    if (opt == NULL) {
        tdm_peers_options_init(&defaults);
        opt = &defaults;
    }
    rc = check_options(opt, n, p, err);
    rc = rc ? rc : check_values(x, n, p, opt, err);
    if (rc != TDM_OK) {
        return rc;
    }
    vars = tdm__calloc(p, sizeof *vars);
    w_active = tdm__calloc(p, sizeof *w_active);
    if (vars == NULL || w_active == NULL) {
        rc = TDM_ENOMEM;
        goto done;
    }
    n_active = active_variables(opt, p, vars, w_active);
    k = opt->k < n - 1 ? opt->k : n - 1;
    r = result_new(n, n_active, k);
    if (r == NULL) {
        rc = TDM_ENOMEM;
        goto done;
    }
    r->method = opt->method;
    rc = build_scores(x, n, p, vars, w_active, opt, r, err);
    if (rc != TDM_OK) {
        goto done;
    }
    tdm__peers_knn(r->z, r->w, n, r->p, k, r->peer, r->dist);
    if (opt->replicates > 0) {
        rc = tdm__peers_stability(x, n, p, vars, n_active, w_active, opt, r);
    }
done:
    tdm__free(vars);
    tdm__free(w_active);
    if (rc != TDM_OK) {
        tdm_peers_result_free(r);
        if (rc == TDM_ENOMEM) {
            (void)tdm__error(err, TDM_ENOMEM, 0, 0, "out of memory");
        }
        return rc;
    }
    *out = r;
    return TDM_OK;
}

size_t tdm_peers_result_units(const tdm_peers_result *r)
{
    return r != NULL ? r->n : 0;
}

size_t tdm_peers_result_list(const tdm_peers_result *r, size_t i, const uint32_t **peers,
                             const double **distance)
{
    if (r == NULL || i >= r->n) {
        return 0;
    }
    if (peers != NULL) {
        *peers = r->peer + i * r->k;
    }
    if (distance != NULL) {
        *distance = r->dist + i * r->k;
    }
    return r->k;
}

double tdm_peers_distance(const tdm_peers_result *r, size_t a, size_t b)
{
    if (r == NULL || a >= r->n || b >= r->n) {
        return (double)NAN;
    }
    if (a == b) {
        return 0.0;
    }
    /* Same operand order as knn.c (lower index first) so the value is the
     * one the peer lists hold, bit for bit. */
    if (a > b) {
        size_t t = a;
        a = b;
        b = t;
    }
    return tdm__peers_dist(r->z + a * r->p, r->z + b * r->p, r->w, r->p);
}

double tdm_peers_result_median_distance(const tdm_peers_result *r, size_t i)
{
    double *d, med;
    size_t m = 0;
    if (r == NULL || i >= r->n) {
        return (double)NAN;
    }
    d = tdm__calloc(r->n, sizeof *d);
    if (d == NULL) {
        return (double)NAN;
    }
    /* same operand order as knn.c (lower index first), so the values are the
     * ones the peer lists hold */
    for (size_t j = 0; j < r->n; j++) {
        if (j != i) {
            const double *za = r->z + (j < i ? j : i) * r->p, *zb = r->z + (j < i ? i : j) * r->p;
            d[m++] = tdm__peers_dist(za, zb, r->w, r->p);
        }
    }
    med = tdm__peers_percentile_select(d, m, 0.5, 7);
    tdm__free(d);
    return med;
}

double tdm_peers_result_stability(const tdm_peers_result *r, size_t i, const double **frequency)
{
    if (frequency != NULL) {
        *frequency = NULL;
    }
    if (r == NULL || i >= r->n || r->stab == NULL) {
        return (double)NAN;
    }
    if (frequency != NULL) {
        *frequency = r->freq + i * r->k;
    }
    return r->stab[i];
}

double tdm_peers_result_lambda(const tdm_peers_result *r)
{
    return r != NULL ? r->lambda : (double)NAN;
}

void tdm_peers_result_free(tdm_peers_result *r)
{
    if (r == NULL) {
        return;
    }
    tdm__free(r->z);
    tdm__free(r->w);
    tdm__free(r->peer);
    tdm__free(r->dist);
    tdm__free(r->stab);
    tdm__free(r->freq);
    tdm__free(r);
}
