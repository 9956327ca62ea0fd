/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * sii.c - slope and relative index of inequality (Low & Low 2004) with
 * simulated intervals, restating PHEindicatormethods 2.1.0 phe_sii and its
 * helpers FindXValues and SimulationFunc (spec-indicators section 7). Used
 * per area by inequality.c; random numbers come from core/rng.c so that a
 * seeded run reproduces R's draws exactly.
 */
#include "../core/core.h"
#include "../core/rmath.h"

#include <stdlib.h>
#include <string.h>

void tdm_sii_options_init(tdm_sii_options *o)
{
    o->version = TDM_SII_OPTIONS_VERSION;
    o->value_type = TDM_VALUE_NORMAL;
    o->transform = 0;
    o->multiplier = 1.0;
    o->confidence = 0.95;
    o->reps = 100000;
}

/* Workspace layout: 5 arrays of n doubles (transformed value, SE, a, w0, w1),
 * then reps doubles of simulated SIIs and reps of simulated RIIs. */
size_t tdm_sii_workspace_size(size_t n, const tdm_sii_options *opt)
{
    tdm_sii_options def;
    size_t cells;
    size_t bytes;
    if (opt == NULL) {
        tdm_sii_options_init(&def);
        opt = &def;
    }
    if (__builtin_mul_overflow(opt->reps, (size_t)2, &cells) ||
        __builtin_add_overflow(cells, 5 * n, &cells) ||
        __builtin_mul_overflow(cells, sizeof(double), &bytes)) {
        return 0;
    }
    return bytes;
}

/* The link g: identity, log (rates) or logit (proportions). SPEC: ineq.sii.se */
static double link(int type, double v)
{
    if (type == TDM_VALUE_RATE) {
        return log(v);
    }
    if (type == TDM_VALUE_PROPORTION) {
        return log(v / (1.0 - v)); /* phe_sii's expression, for the same bits */
    }
    return v;
}

/* Its inverse, written as phe_sii writes it (exp(x) / (1 + exp(x))). */
static double unlink(int type, double x)
{
    if (type == TDM_VALUE_RATE) {
        return exp(x);
    }
    if (type == TDM_VALUE_PROPORTION) {
        double e;
        if (x > 700.0) {
            return 1.0; /* exp would overflow to Inf/Inf */
        }
        e = exp(x);
        return e / (1.0 + e);
    }
    return x;
}

static int check_options(const tdm_sii_data *d, const tdm_sii_options *o, tdm_error *err)
{
    if (o->value_type < TDM_VALUE_NORMAL || o->value_type > TDM_VALUE_PROPORTION) {
        return tdm__error(err, TDM_EINVAL, 0, 0, "value type must be 0, 1 or 2, got %d",
                          o->value_type);
    }
    if (!(o->confidence > 0.0 && o->confidence < 1.0)) {
        return tdm__error(err, TDM_EINVAL, 0, 0, "confidence must be in (0, 1), got %g",
                          o->confidence);
    }
    if (!isfinite(o->multiplier) || o->multiplier == 0.0) {
        return tdm__error(err, TDM_EINVAL, 0, 0, "multiplier must be finite and non-zero");
    }
    if (d->population == NULL || (d->value == NULL && d->count == NULL) ||
        (d->se == NULL && (d->lower == NULL || d->upper == NULL))) {
        return tdm__error(err, TDM_EINVAL, 0, 0,
                          "SII needs populations, values (or counts) and standard errors "
                          "(or confidence limits)");
    }
    if (d->value == NULL && o->value_type != TDM_VALUE_PROPORTION) {
        return tdm__error(err, TDM_EINVAL, 0, 0,
                          "values may be given as counts only for proportions (value type 2)");
    }
    if (o->transform && (o->value_type == TDM_VALUE_NORMAL || d->lower == NULL ||
                         d->upper == NULL || d->se != NULL)) {
        return tdm__error(err, TDM_EINVAL, 0, 0,
                          "transform needs a rate or proportion (value type 1 or 2) with "
                          "confidence limits, not standard errors");
    }
    if (d->n < TDM_SII_MIN_QUANTILES || d->n > TDM_SII_MAX_QUANTILES) {
        return tdm__error(err, TDM_EDOMAIN, 0, 0, "SII needs 5 to 100 quantiles, got %zu", d->n);
    }
    return TDM_OK;
}

static int any_nan(const tdm_sii_data *d)
{
    for (size_t q = 0; q < d->n; q++) {
        if (isnan(d->population[q]) || (d->value != NULL && isnan(d->value[q])) ||
            (d->value == NULL && isnan(d->count[q])) || (d->se != NULL && isnan(d->se[q])) ||
            (d->se == NULL && (isnan(d->lower[q]) || isnan(d->upper[q])))) {
            return 1;
        }
    }
    return 0;
}

/* Domain checks of phe_sii (its stop() conditions), per quantile. */
static int check_quantile(const tdm_sii_data *d, int type, size_t q, double v, tdm_error *err)
{
    size_t k = q + 1;
    if (!(d->population[q] > 0.0) || isinf(d->population[q])) {
        return tdm__error(err, TDM_EDOMAIN, 0, 0, "quantile %zu: population must be positive", k);
    }
    if (d->value == NULL && !(d->count[q] > 0.0)) {
        return tdm__error(err, TDM_EDOMAIN, 0, 0, "quantile %zu: count must be positive", k);
    }
    if (!isfinite(v) || (type == TDM_VALUE_RATE && !(v > 0.0)) ||
        (type == TDM_VALUE_PROPORTION && (v < 0.0 || v > 1.0))) {
        return tdm__error(err, TDM_EDOMAIN, 0, 0,
                          type == TDM_VALUE_RATE         ? "quantile %zu: a rate must be positive"
                          : type == TDM_VALUE_PROPORTION ? "quantile %zu: a proportion must be "
                                                           "between 0 and 1"
                                                         : "quantile %zu: value is not finite",
                          k);
    }
    if (d->se != NULL) {
        if (!(d->se[q] >= 0.0) || isinf(d->se[q])) {
            return tdm__error(err, TDM_EDOMAIN, 0, 0,
                              "quantile %zu: standard error must be finite and >= 0", k);
        }
        return TDM_OK;
    }
    if (!isfinite(d->lower[q]) || !isfinite(d->upper[q]) || d->lower[q] > d->upper[q]) {
        return tdm__error(err, TDM_EDOMAIN, 0, 0,
                          "quantile %zu: confidence limits must be finite and lower <= upper", k);
    }
    if ((type == TDM_VALUE_RATE && !(d->lower[q] > 0.0)) ||
        (type == TDM_VALUE_PROPORTION &&
         (d->lower[q] < 0.0 || d->upper[q] > 1.0 || d->upper[q] < 0.0))) {
        return tdm__error(err, TDM_EDOMAIN, 0, 0,
                          type == TDM_VALUE_RATE ? "quantile %zu: rate limits must be positive"
                                                 : "quantile %zu: proportion limits must be "
                                                   "between 0 and 1",
                          k);
    }
    return TDM_OK;
}

typedef struct fit {
    double b0, b1;   /* coefficients of sqrt(a) (value at rank 0) and b sqrt(a) (slope) */
    double *vt;      /* n values on the link scale (simulation means) */
    double *se;      /* n standard errors on the link scale */
    double *a;       /* n population shares */
    double *w0, *w1; /* n: beta0 = sum w0 y, beta1 = sum w1 y (the fixed (X'X)^-1 X' map) */
} fit;

/*
 * SPEC: ineq.sii.rank - a_q = P_q / sum P; b_q = sum_{r<q} a_r + a_q / 2
 * (FindXValues). SPEC: ineq.sii - weighted least squares of y on b with
 * weights a, i.e. lm(sqrt(a) y ~ sqrt(a) + b sqrt(a) - 1): beta1 =
 * S_by / S_bb and beta0 = ybar - beta1 bbar in centred (two-pass) form, and the
 * same solution as a fixed linear map of y for the simulation.
 */
static void regress(size_t n, const double *pop, const double *y, fit *f)
{
    tdm__sum tot, acc_b, acc_y, sbb, sby, cum;
    double total, bbar, ybar, b[TDM_SII_MAX_QUANTILES];
    tdm__sum_init(&tot);
    for (size_t q = 0; q < n; q++) {
        tdm__sum_add(&tot, pop[q]);
    }
    total = tdm__sum_value(&tot);
    tdm__sum_init(&cum);
    tdm__sum_init(&acc_b);
    tdm__sum_init(&acc_y);
    for (size_t q = 0; q < n; q++) {
        f->a[q] = pop[q] / total;
        b[q] = f->a[q] / 2.0 + tdm__sum_value(&cum);
        tdm__sum_add(&cum, f->a[q]);
    }
    /* The shares sum to 1 up to rounding; divide by their sum anyway. */
    for (size_t q = 0; q < n; q++) {
        tdm__sum_add(&acc_b, f->a[q] * b[q]);
        tdm__sum_add(&acc_y, f->a[q] * y[q]);
    }
    bbar = tdm__sum_value(&acc_b) / tdm__sum_value(&cum);
    ybar = tdm__sum_value(&acc_y) / tdm__sum_value(&cum);
    tdm__sum_init(&sbb);
    tdm__sum_init(&sby);
    for (size_t q = 0; q < n; q++) {
        double db = b[q] - bbar;
        tdm__sum_add(&sbb, f->a[q] * db * db);
        tdm__sum_add(&sby, f->a[q] * db * (y[q] - ybar));
    }
    f->b1 = tdm__sum_value(&sby) / tdm__sum_value(&sbb);
    f->b0 = ybar - f->b1 * bbar;
    for (size_t q = 0; q < n; q++) {
        f->w1[q] = f->a[q] * (b[q] - bbar) / tdm__sum_value(&sbb);
        f->w0[q] = f->a[q] / tdm__sum_value(&cum) - bbar * f->w1[q];
    }
}

/* 1-based order-statistic position round(R x p) as phe_sii (R's round() is
 * half-to-even); 0 when it falls outside 1..R. */
static size_t order_position(size_t reps, double p)
{
    double pos = nearbyint((double)reps * p);
    if (!(pos >= 1.0) || pos > (double)reps) {
        return 0;
    }
    return (size_t)pos;
}

static int cmp_double(const void *x, const void *y)
{
    double a = *(const double *)x;
    double b = *(const double *)y;
    return (a > b) - (a < b);
}

/* Sort the finite-or-infinite values to the front (R's sort() drops NaN) and
 * return the order statistic at 1-based position pos, NaN if out of range. */
static double order_stat(double *v, size_t n, size_t *n_valid, size_t pos)
{
    if (*n_valid == SIZE_MAX) {
        size_t m = 0;
        for (size_t i = 0; i < n; i++) {
            if (!isnan(v[i])) {
                v[m++] = v[i];
            }
        }
        qsort(v, m, sizeof *v, cmp_double);
        *n_valid = m;
    }
    if (pos == 0 || pos > *n_valid) {
        return (double)NAN;
    }
    return v[pos - 1];
}

/*
 * SPEC: ineq.sii.sim - repetition by repetition, draw y*_q ~ N(v'_q, s_q) for
 * q = 1..n in turn (the column-major quantile x repetition matrix of R's
 * rnorm), map back to the value scale unless transforming, and apply the
 * fixed least-squares map. Keeps beta1* (x multiplier unless transforming)
 * and RII* = (beta0* + beta1*) / beta0* (inverted for a negative multiplier
 * unless transforming), as SimulationFunc.
 */
static void simulate(const fit *f, size_t n, const tdm_sii_options *o, tdm_rng *rng, double *sii,
                     double *rii)
{
    int back = !o->transform && o->value_type != TDM_VALUE_NORMAL;
    double m = o->multiplier;
    for (size_t r = 0; r < o->reps; r++) {
        double b0 = 0.0;
        double b1 = 0.0;
        double ratio;
        for (size_t q = 0; q < n; q++) {
            double y = tdm_rng_norm(rng, f->vt[q], f->se[q]);
            if (back) {
                y = unlink(o->value_type, y);
            }
            b0 += f->w0[q] * y;
            b1 += f->w1[q] * y;
        }
        ratio = (b1 + b0) / b0;
        if (o->transform) {
            sii[r] = b1;
        } else {
            sii[r] = b1 * m;
            if (m < 0.0) {
                ratio = 1.0 / ratio;
            }
        }
        rii[r] = ratio;
    }
}

/*
 * SPEC: ineq.sii.transform - with transform the simulated slope quantiles
 * s_L, s_U are placed symmetrically about the fitted midpoint h = beta0 +
 * beta1 / 2 and mapped back: SII_L = (g^-1(h + s_L/2) - g^-1(h - s_L/2)) m and
 * likewise for U and for the RII as a ratio; the two limits swap when the
 * multiplier is negative. (phe_sii swaps rate limits whenever m < 1, which
 * for 0 < m < 1 gives lower > upper; tandem swaps only for m < 0.)
 */
static void transform_limits(const fit *f, const tdm_sii_options *o, double s_lo, double s_hi,
                             tdm_sii_result *out)
{
    int t = o->value_type;
    double m = o->multiplier;
    double h = (f->b0 + (f->b0 + f->b1)) / 2.0;
    double lo0 = unlink(t, h - s_lo / 2.0);
    double lo1 = unlink(t, h + s_lo / 2.0);
    double hi0 = unlink(t, h - s_hi / 2.0);
    double hi1 = unlink(t, h + s_hi / 2.0);
    if (m < 0.0) {
        out->sii_lower = (hi1 - hi0) * m;
        out->sii_upper = (lo1 - lo0) * m;
        out->rii_lower = 1.0 / (hi1 / hi0);
        out->rii_upper = 1.0 / (lo1 / lo0);
    } else {
        out->sii_lower = (lo1 - lo0) * m;
        out->sii_upper = (hi1 - hi0) * m;
        out->rii_lower = lo1 / lo0;
        out->rii_upper = hi1 / hi0;
    }
}

/* SPEC: ineq.sii, ineq.rii - point estimates from the fitted line. */
static void point_estimates(const fit *f, const tdm_sii_options *o, tdm_sii_result *out)
{
    double m = o->multiplier;
    if (o->transform) {
        double y0 = unlink(o->value_type, f->b0);
        double y1 = unlink(o->value_type, f->b0 + f->b1);
        out->sii = (y1 - y0) * m;
        out->rii = m < 0.0 ? 1.0 / (y1 / y0) : y1 / y0;
        out->intercept = y0 * fabs(m);
    } else {
        out->sii = m * f->b1;
        out->rii = (f->b0 + f->b1) / f->b0;
        if (m < 0.0) {
            out->rii = 1.0 / out->rii;
        }
        out->intercept = f->b0;
    }
}

/* SPEC: ineq.sii.se - values and standard errors on the link scale; an SE
 * from 95% limits is (g(U) - g(L)) / z / 2 with z = qnorm(0.975), whatever
 * the confidence of the SII interval (as phe_sii). Also the regression
 * response y: the value itself, back-transformed as phe_sii does, or on the
 * link scale when transforming. */
static int prepare(const tdm_sii_data *d, const tdm_sii_options *o, fit *f, double *y,
                   tdm_error *err)
{
    double z = tdm__qnorm(0.975);
    int t = o->value_type;
    for (size_t q = 0; q < d->n; q++) {
        double v = d->value != NULL ? d->value[q] : d->count[q] / d->population[q];
        int rc = check_quantile(d, t, q, v, err);
        if (rc != TDM_OK) {
            return rc;
        }
        f->vt[q] = link(t, v);
        f->se[q] =
            d->se != NULL ? d->se[q] : (link(t, d->upper[q]) - link(t, d->lower[q])) / z / 2.0;
        y[q] = o->transform ? f->vt[q] : unlink(t, f->vt[q]);
    }
    return TDM_OK;
}

static void set_nan(tdm_sii_result *out)
{
    out->sii = out->sii_lower = out->sii_upper = (double)NAN;
    out->rii = out->rii_lower = out->rii_upper = (double)NAN;
    out->intercept = (double)NAN;
}

static void intervals(const fit *f, const tdm_sii_options *o, double *sii, double *rii,
                      tdm_sii_result *out)
{
    double cv = o->confidence + (1.0 - o->confidence) / 2.0;
    size_t lo = order_position(o->reps, 1.0 - cv);
    size_t hi = order_position(o->reps, cv);
    size_t n_sii = SIZE_MAX;
    size_t n_rii = SIZE_MAX;
    double s_lo = order_stat(sii, o->reps, &n_sii, lo);
    double s_hi = order_stat(sii, o->reps, &n_sii, hi);
    if (o->transform) {
        transform_limits(f, o, s_lo, s_hi, out);
        return;
    }
    out->sii_lower = s_lo;
    out->sii_upper = s_hi;
    out->rii_lower = order_stat(rii, o->reps, &n_rii, lo);
    out->rii_upper = order_stat(rii, o->reps, &n_rii, hi);
}

int tdm_sii(const tdm_sii_data *d, const tdm_sii_options *opt, tdm_rng *rng, void *work,
            tdm_sii_result *out, tdm_error *err)
{
    tdm_sii_options def;
    double y[TDM_SII_MAX_QUANTILES];
    double *ws = work;
    void *owned = NULL;
    fit f;
    int rc;
    if (d == NULL || out == NULL) {
        return tdm__error(err, TDM_EINVAL, 0, 0, "tdm_sii: data and result must not be NULL");
    }
    set_nan(out);
    if (opt == NULL) {
        tdm_sii_options_init(&def);
        opt = &def;
    }
    rc = check_options(d, opt, err);
    if (rc != TDM_OK) {
        return rc;
    }
    if (opt->reps > 0 && rng == NULL) {
        return tdm__error(err, TDM_EINVAL, 0, 0,
                          "tdm_sii: a random stream is needed for intervals");
    }
    if (any_nan(d)) {
        return TDM_OK;
    }
    if (ws == NULL) {
        size_t bytes = tdm_sii_workspace_size(d->n, opt);
        owned = bytes == 0 ? NULL : tdm__malloc(bytes);
        if (owned == NULL) {
            return tdm__error(err, TDM_ENOMEM, 0, 0, "out of memory for %zu repetitions",
                              opt->reps);
        }
        ws = owned;
    }
    f.vt = ws;
    f.se = ws + d->n;
    f.a = ws + 2 * d->n;
    f.w0 = ws + 3 * d->n;
    f.w1 = ws + 4 * d->n;
    rc = prepare(d, opt, &f, y, err);
    if (rc == TDM_OK) {
        regress(d->n, d->population, y, &f);
        point_estimates(&f, opt, out);
        if (opt->reps > 0) {
            double *sims = ws + 5 * d->n;
            simulate(&f, d->n, opt, rng, sims, sims + opt->reps);
            intervals(&f, opt, sims, sims + opt->reps, out);
        }
    } else {
        set_nan(out);
    }
    tdm__free(owned);
    return rc;
}
