/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * dsr.c - directly standardised rates with Dobson et al. (1991) intervals,
 * for independent events and for people with repeat events
 * (PHEindicatormethods 2.1.0 calculate_dsr).
 */
#include "ci_internal.h"

#include <math.h>
#include <string.h>

/* Checks one band row. NaN x is allowed (it counts as 0). */
static int check_row(double x, double n, double w, size_t row, tdm_error *err)
{
    char t[TDM_NUMBUF];
    if (!isnan(x) && (x < 0.0 || isinf(x))) {
        return tdm__error(err, TDM_EDOMAIN, row, 0, "count %s is negative or infinite",
                          tdm__num_text(x, t));
    }
    if (!(n > 0.0) || isinf(n)) {
        return tdm__error(err, TDM_EDOMAIN, row, 0,
                          "population %s is not a positive number (every age band needs its "
                          "population)",
                          tdm__num_text(n, t));
    }
    if (!(w >= 0.0) || isinf(w)) {
        return tdm__error(err, TDM_EDOMAIN, row, 0, "standard population %s is not a number >= 0",
                          tdm__num_text(w, t));
    }
    return TDM_OK;
}

/* The Dobson sums over rows: sum(x w / n), sum(x (w/n)^2), sum(w), sum(x), sum(n).
 * Each term in the reference's order: wt = x*w/n, sq = x*(w/n)^2. The
 * weighted terms are compensated (Neumaier); counts, populations and weights
 * are whole numbers in practice, whose sums are exact in plain doubles below
 * 2^53, and a band list is short, so they are added plainly. */
typedef struct dsr_sums {
    tdm__sum wt, sq;
    double w, x, n;
} dsr_sums;

static void sums_init(dsr_sums *s)
{
    tdm__sum_init(&s->wt);
    tdm__sum_init(&s->sq);
    s->w = s->x = s->n = 0.0;
}

static void sums_add(dsr_sums *s, double x, double n, double w)
{
    double x0 = isnan(x) ? 0.0 : x; /* na.zero */
    double r = w / n;
    tdm__sum_add(&s->wt, x0 * w / n);
    tdm__sum_add(&s->sq, x0 * (r * r));
    s->w += w;
    s->x += x0;
    s->n += n;
}

/* variance = 1 / sum(w)^2 * sum(sq), as written in dsr_inner. */
static double dobson_variance(const dsr_sums *s)
{
    double sw = s->w;
    return 1.0 / (sw * sw) * tdm__sum_value(&s->sq);
}

static int finish(const dsr_sums *s, double variance, double multiplier, int method,
                  tdm_dsr_result *res, tdm_error *err)
{
    double sw = s->w;
    if (!(sw > 0.0)) {
        return tdm__error(err, TDM_EDOMAIN, 0, 0,
                          "the standard population weights of the group sum to 0");
    }
    res->total_count = s->x;
    res->total_pop = s->n;
    res->variance = variance;
    res->multiplier = multiplier;
    res->method = method;
    /* SPEC: dsr.suppress - fewer than 10 events: no rate, no interval. */
    res->suppressed = res->total_count < TDM_DSR_MIN_COUNT;
    res->value = res->suppressed ? (double)NAN : tdm__sum_value(&s->wt) / sw * multiplier;
    return TDM_OK;
}

/* SPEC: dsr.value - DSR = sum(x w / n) / sum(w) x m; Dobson variance
 * sum(x (w/n)^2) / sum(w)^2. Dobson, Kuulasmaa, Eberle & Scherer (1991)
 * Stat Med 10:457-462. */
int tdm_dsr_compute(const double *x, const double *n, const double *w, size_t rows,
                    double multiplier, tdm_dsr_result *res, tdm_error *err)
{
    dsr_sums s;
    int rc;
    if (x == NULL || n == NULL || w == NULL || res == NULL || rows == 0) {
        return tdm__error(err, TDM_EINVAL, 0, 0, "a DSR needs at least one age band");
    }
    sums_init(&s);
    for (size_t i = 0; i < rows; i++) {
        rc = check_row(x[i], n[i], w[i], i + 1, err);
        if (rc != TDM_OK) {
            return rc;
        }
        sums_add(&s, x[i], n[i], w[i]);
    }
    return finish(&s, dobson_variance(&s), multiplier, TDM_CI_METHOD_DOBSON, res, err);
}

static int same_label(const tdm_csv_field *a, const tdm_csv_field *b)
{
    return a->len == b->len && (a->len == 0 || memcmp(a->ptr, b->ptr, a->len) == 0);
}

/* Position of the first row with the same band label as row i (rows < i). */
static size_t first_of_band(const tdm_csv_field *band, size_t i)
{
    for (size_t j = 0; j < i; j++) {
        if (same_label(&band[j], &band[i])) {
            return j;
        }
    }
    return i;
}

/* Variance of the person counts of one event frequency f: the Dobson variance
 * over that frequency's rows only (dsr_inner run per frequency). */
static double frequency_variance(const double *f, const double *x, const double *n, const double *w,
                                 size_t rows, double freq)
{
    dsr_sums s;
    sums_init(&s);
    for (size_t i = 0; i < rows; i++) {
        if (f[i] == freq) {
            sums_add(&s, x[i], n[i], w[i]);
        }
    }
    return dobson_variance(&s);
}

static int check_nonindependent(const tdm_csv_field *band, const double *f, const double *x,
                                const double *n, const double *w, size_t rows, tdm_error *err)
{
    char t[TDM_NUMBUF], u[TDM_NUMBUF];
    for (size_t i = 0; i < rows; i++) {
        size_t j;
        int rc = check_row(x[i], n[i], w[i], i + 1, err);
        if (rc != TDM_OK) {
            return rc;
        }
        if (!(f[i] >= 0.0) || isinf(f[i])) {
            return tdm__error(err, TDM_EDOMAIN, i + 1, 0, "event frequency %s is not a number >= 0",
                              tdm__num_text(f[i], t));
        }
        j = first_of_band(band, i);
        if (j < i && (n[j] != n[i] || w[j] != w[i])) {
            return tdm__error(err, TDM_EDOMAIN, i + 1, 0,
                              "age band \"%.*s\" has population %s here but %s on an earlier row "
                              "(row %zu); populations must agree across event frequencies",
                              (int)(band[i].len > 40 ? 40 : band[i].len), band[i].ptr,
                              tdm__num_text(n[i], t), tdm__num_text(n[j], u), j + 1);
        }
    }
    return TDM_OK;
}

/* SPEC: dsr.nonindependent - var = sum_f f^2 var_f, var_f the Dobson variance
 * of the persons with f events; events per band x_i = sum_f f x_if; the DSR
 * and Dobson interval as for independent events with this variance
 * (Fingertips technical guidance, DSR chapter; calculate_dsr 2.1.0). */
int tdm_dsr_nonindependent(const tdm_csv_field *band, const double *f, const double *x,
                           const double *n, const double *w, size_t rows, double multiplier,
                           tdm_dsr_result *res, tdm_error *err)
{
    tdm__sum var;
    dsr_sums s;
    int rc;
    if (band == NULL || f == NULL || x == NULL || n == NULL || w == NULL || res == NULL ||
        rows == 0) {
        return tdm__error(err, TDM_EINVAL, 0, 0, "a DSR needs at least one age band");
    }
    rc = check_nonindependent(band, f, x, n, w, rows, err);
    if (rc != TDM_OK) {
        return rc;
    }
    /* Variance: one term per distinct frequency, in order of appearance. */
    tdm__sum_init(&var);
    for (size_t i = 0; i < rows; i++) {
        int first = 1;
        for (size_t j = 0; j < i && first; j++) {
            first = f[j] != f[i];
        }
        if (first) {
            tdm__sum_add(&var, frequency_variance(f, x, n, w, rows, f[i]) * (f[i] * f[i]));
        }
    }
    /* Events per band, then the DSR over the bands in order of appearance. */
    sums_init(&s);
    for (size_t i = 0; i < rows; i++) {
        tdm__sum ev;
        if (first_of_band(band, i) != i) {
            continue;
        }
        tdm__sum_init(&ev);
        for (size_t j = i; j < rows; j++) {
            if (same_label(&band[j], &band[i]) && !isnan(x[j])) {
                tdm__sum_add(&ev, f[j] * x[j]);
            }
        }
        sums_add(&s, tdm__sum_value(&ev), n[i], w[i]);
    }
    return finish(&s, tdm__sum_value(&var), multiplier, TDM_CI_METHOD_DOBSON_NONINDEP, res, err);
}

/* SPEC: dsr.interval - DSR + sqrt(var/O) * (B(O) - O) * m, B Byar's limit of
 * the total count (Byar's for every O: the DSR is suppressed below 10). */
int tdm_dsr_interval(const tdm_dsr_result *r, const tdm_ci_level *lv, tdm_interval *ci)
{
    double o, k;
    if (r == NULL || lv == NULL || ci == NULL) {
        return TDM_EINVAL;
    }
    if (r->suppressed || isnan(r->value)) {
        ci->lower = ci->upper = (double)NAN;
        return TDM_OK;
    }
    o = r->total_count;
    k = sqrt(r->variance / o);
    ci->lower = r->value + k * (tdm__byar_lower(o, lv->z) - o) * r->multiplier;
    ci->upper = r->value + k * (tdm__byar_upper(o, lv->z) - o) * r->multiplier;
    return TDM_OK;
}
