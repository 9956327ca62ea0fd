/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * funnel_significance.c - the funnel baseline (pooled proportion, weighted
 * average rate) and each area's significance against it, as
 * PHEindicatormethods assign_funnel_significance, or from overdispersion-
 * adjusted z-scores when asked (overdispersion.c).
 */
#include "funnel_internal.h"

#include <math.h>
#include <string.h>

void tdm_funnel_options_init(tdm_funnel_options *o)
{
    memset(o, 0, sizeof *o);
    o->version = TDM_FUNNEL_OPTIONS_VERSION;
    o->statistic = TDM_FUNNEL_PROPORTION;
    o->ratio_type = TDM_FUNNEL_RATIO_ISR;
    o->rate_type = TDM_FUNNEL_RATE_CRUDE;
    o->multiplier = 0.0;
    o->years = 1.0;
    o->overdispersion = TDM_FUNNEL_OD_NONE;
    o->winsor = 0.1;
}

static int check_options(const tdm_funnel_options *o, const double *rate, tdm_error *err)
{
    if (o->statistic < TDM_FUNNEL_PROPORTION || o->statistic > TDM_FUNNEL_RATE ||
        o->ratio_type < 0 || o->ratio_type > 1 || o->rate_type < 0 || o->rate_type > 1 ||
        o->overdispersion < 0 || o->overdispersion > 2) {
        return tdm__error(err, TDM_EINVAL, 0, 0, "funnel: unknown statistic or option");
    }
    if (o->multiplier < 0.0 || isnan(o->multiplier) || isinf(o->multiplier)) {
        return tdm__error(err, TDM_EINVAL, 0, 0, "funnel: the multiplier must be positive");
    }
    if (!(o->years > 0.0) || isinf(o->years)) {
        return tdm__error(err, TDM_EINVAL, 0, 0, "funnel: years of data must be positive");
    }
    if (!(o->winsor >= 0.0 && o->winsor < 0.5)) {
        return tdm__error(err, TDM_EINVAL, 0, 0,
                          "funnel: the winsorisation fraction must be in [0, 0.5)");
    }
    if (o->statistic == TDM_FUNNEL_RATE && o->rate_type == TDM_FUNNEL_RATE_DSR && rate == NULL) {
        return tdm__error(err, TDM_EINVAL, 0, 0,
                          "funnel: directly standardised rates need the "
                          "rate of every area");
    }
    return TDM_OK;
}

/* SPEC: funnel.significance (ratios, rates) - funnel_ratio_significance of
 * the reference: obs = 0 low side 0; obs < 10 qchisq(0.5 + p/2, 2 obs,
 * upper tail) / 2 (low) or qchisq(0.5 + p/2, 2 obs + 2) / 2 (high); else
 * Byar's written as obs (1 - 1/(9 obs) - qnorm(0.5 + p/2)/3/sqrt(obs))^3.
 * Divided by `expected`. */
static double ratio_limit(const tdm_funnel_fit *fit, double obs, double expected, int which)
{
    double p = (which == FUNNEL_LOW_95 || which == FUNNEL_HIGH_95) ? 0.95 : 0.998;
    int high = which >= FUNNEL_HIGH_95;
    double v;
    if (obs < TDM_CI_EXACT_BELOW) {
        v = fit->exact[which][(int)obs];
    } else {
        double z = p == 0.95 ? fit->z975 : fit->z999;
        double o = high ? obs + 1.0 : obs;
        double k = z / 3.0 / sqrt(o);
        v = o * tdm__rpow(high ? 1.0 - 1.0 / (9.0 * o) + k : 1.0 - 1.0 / (9.0 * o) - k, 3.0);
    }
    return v / expected;
}

static void fill_cache(tdm_funnel_fit *fit)
{
    fit->z975 = tdm__qnorm(0.975);
    fit->z999 = tdm__qnorm(0.999);
    for (int o = 0; o < TDM_CI_EXACT_BELOW; o++) {
        double d = 2.0 * o;
        fit->exact[FUNNEL_LOW_95][o] = o == 0 ? 0.0 : tdm__qchisq(0.5 + 0.95 / 2.0, d, 0) / 2.0;
        fit->exact[FUNNEL_LOW_998][o] = o == 0 ? 0.0 : tdm__qchisq(0.5 + 0.998 / 2.0, d, 0) / 2.0;
        fit->exact[FUNNEL_HIGH_95][o] = tdm__qchisq(0.5 + 0.95 / 2.0, d + 2.0, 1) / 2.0;
        fit->exact[FUNNEL_HIGH_998][o] = tdm__qchisq(0.5 + 0.998 / 2.0, d + 2.0, 1) / 2.0;
    }
}

double tdm__funnel_rate_den(const tdm_funnel_options *o, double num, double den, double rate)
{
    if (num == 0.0 || isnan(rate)) {
        return o->rate_type == TDM_FUNNEL_RATE_DSR ? (double)NAN : den;
    }
    return num / rate * o->multiplier;
}

/* Checks one row: 0 = use it, 1 = skip it (missing input), < 0 = error. */
static int check_row(const tdm_funnel_options *o, double x, double d, double r, size_t row,
                     tdm_error *err)
{
    char a[TDM_NUMBUF], b[TDM_NUMBUF];
    if (isnan(x)) {
        return 1;
    }
    if (x < 0.0 || isinf(x)) {
        return tdm__error(err, TDM_EDOMAIN, row, 0, "numerator %s is negative or infinite",
                          tdm__num_text(x, a));
    }
    if (o->statistic != TDM_FUNNEL_PROPORTION && x < TDM_CI_EXACT_BELOW && !tdm__is_whole(x)) {
        return tdm__error(err, TDM_EDOMAIN, row, 0,
                          "count %s is not a whole number (counts below 10 use the exact "
                          "Poisson method)",
                          tdm__num_text(x, a));
    }
    if (o->statistic == TDM_FUNNEL_RATE && x != 0.0 && !isnan(r)) {
        if (!(r > 0.0) || isinf(r)) {
            return tdm__error(err, TDM_EDOMAIN, row, 0, "rate %s with %s events is not positive",
                              tdm__num_text(r, a), tdm__num_text(x, b));
        }
        return 0; /* denominator derived from the rate */
    }
    if (o->statistic == TDM_FUNNEL_RATE && o->rate_type == TDM_FUNNEL_RATE_DSR) {
        /* zero events: no derived denominator, counted in the total only */
        return x == 0.0 ? 0 : 1;
    }
    if (isnan(d)) {
        if (o->statistic == TDM_FUNNEL_RATE && x == 0.0) {
            return tdm__error(err, TDM_EDOMAIN, row, 0,
                              "an area with 0 events needs its denominator (a rate of 0 says "
                              "nothing about the population)");
        }
        return 1;
    }
    if (!(d > 0.0) || isinf(d)) {
        return tdm__error(err, TDM_EDOMAIN, row, 0, "denominator %s is not a positive number",
                          tdm__num_text(d, a));
    }
    if (o->statistic == TDM_FUNNEL_PROPORTION && x > d) {
        return tdm__error(err, TDM_EDOMAIN, row, 0,
                          "numerator %s is greater than denominator %s (a proportion needs "
                          "numerator <= denominator)",
                          tdm__num_text(x, a), tdm__num_text(d, b));
    }
    return 0;
}

typedef struct fit_sums {
    tdm__sum x, d, d_axis;
    double lo, hi;
} fit_sums;

/* SPEC: funnel.baseline - P0 = sum x / sum n; ratios 1; rates
 * sum x / sum D (NaN D dropped) with D = x / rate * m (significance) and
 * D = m * x / rate (limits table), as the two reference functions write it. */
static void add_row(const tdm_funnel_options *o, fit_sums *s, double x, double d, double r)
{
    double dd = d, da = d;
    if (o->statistic == TDM_FUNNEL_RATE) {
        if (x != 0.0 && !isnan(r)) {
            dd = x / r * o->multiplier;
            da = o->multiplier * x / r;
        } else if (o->rate_type == TDM_FUNNEL_RATE_DSR) {
            dd = da = (double)NAN;
        }
    }
    tdm__sum_add(&s->x, x);
    if (!isnan(dd)) {
        tdm__sum_add(&s->d, dd);
        tdm__sum_add(&s->d_axis, da);
        s->lo = da < s->lo ? da : s->lo;
        s->hi = da > s->hi ? da : s->hi;
    }
}

int tdm_funnel_fit_compute(const double *num, const double *den, const double *rate, size_t n,
                           const tdm_funnel_options *opt, tdm_funnel_fit *fit, tdm_error *err)
{
    tdm_funnel_options o;
    fit_sums s;
    int rc;
    if (fit == NULL || (n > 0 && num == NULL)) {
        return tdm__error(err, TDM_EINVAL, 0, 0, "tdm_funnel_fit_compute: NULL argument");
    }
    if (opt == NULL) {
        tdm_funnel_options_init(&o);
    } else {
        o = *opt;
    }
    if (o.multiplier == 0.0) {
        o.multiplier = o.statistic == TDM_FUNNEL_RATE    ? 100000.0
                       : o.statistic == TDM_FUNNEL_RATIO ? 1.0
                                                         : 100.0;
    }
    rc = check_options(&o, rate, err);
    if (rc != TDM_OK) {
        return rc;
    }
    if (den == NULL && !(o.statistic == TDM_FUNNEL_RATE && rate != NULL)) {
        return tdm__error(err, TDM_EINVAL, 0, 0, "funnel: denominators are required");
    }
    memset(fit, 0, sizeof *fit);
    fit->opt = o;
    fit->phi = fit->tau2 = (double)NAN;
    fill_cache(fit);
    tdm__sum_init(&s.x);
    tdm__sum_init(&s.d);
    tdm__sum_init(&s.d_axis);
    s.lo = INFINITY;
    s.hi = -INFINITY;
    for (size_t i = 0; i < n; i++) {
        double d = den != NULL ? den[i] : (double)NAN;
        double r = rate != NULL ? rate[i] : (double)NAN;
        rc = check_row(&o, num[i], d, r, i + 1, err);
        if (rc < 0) {
            return rc;
        }
        if (rc == 0) {
            add_row(&o, &s, num[i], d, r);
            fit->n_areas++;
        }
    }
    if (fit->n_areas == 0 || !(tdm__sum_value(&s.d) > 0.0)) {
        return tdm__error(err, TDM_EINVAL, 0, 0,
                          "funnel: no area has a usable numerator and denominator");
    }
    fit->min_den = s.lo;
    fit->max_den = s.hi;
    fit->baseline =
        o.statistic == TDM_FUNNEL_RATIO ? 1.0 : tdm__sum_value(&s.x) / tdm__sum_value(&s.d);
    fit->baseline_axis = o.statistic == TDM_FUNNEL_RATE
                             ? tdm__sum_value(&s.x) / tdm__sum_value(&s.d_axis)
                             : fit->baseline;
    if (o.overdispersion != TDM_FUNNEL_OD_NONE) {
        return tdm__funnel_overdispersion(fit, num, den, rate, n);
    }
    return TDM_OK;
}

static int label_from_z(const tdm_funnel_fit *fit, double z)
{
    if (isnan(z)) {
        return TDM_FUNNEL_SIG_NONE;
    }
    if (z > fit->z999) {
        return TDM_FUNNEL_SIG_HIGH_0001;
    }
    if (z > fit->z975) {
        return TDM_FUNNEL_SIG_HIGH_0025;
    }
    if (z < -fit->z999) {
        return TDM_FUNNEL_SIG_LOW_0001;
    }
    if (z < -fit->z975) {
        return TDM_FUNNEL_SIG_LOW_0025;
    }
    return TDM_FUNNEL_SIG_NOT_SIGNIFICANT;
}

/* SPEC: funnel.significance (proportions) - strict comparisons with the
 * sigma_adjustment limits at the area's own denominator, multiplier 1. */
static int proportion_sig(const tdm_funnel_fit *fit, double x, double d)
{
    double p = x / d, b = fit->baseline;
    if (p < tdm__funnel_sigma_adjustment(fit->z999, d, b, 0, 1.0)) {
        return TDM_FUNNEL_SIG_LOW_0001;
    }
    if (p < tdm__funnel_sigma_adjustment(fit->z975, d, b, 0, 1.0)) {
        return TDM_FUNNEL_SIG_LOW_0025;
    }
    if (p > tdm__funnel_sigma_adjustment(fit->z999, d, b, 1, 1.0)) {
        return TDM_FUNNEL_SIG_HIGH_0001;
    }
    if (p > tdm__funnel_sigma_adjustment(fit->z975, d, b, 1, 1.0)) {
        return TDM_FUNNEL_SIG_HIGH_0025;
    }
    return TDM_FUNNEL_SIG_NOT_SIGNIFICANT;
}

/* Ratios compare 1, rates the weighted average, with the area's count limits
 * over its expected events / derived denominator (NaN compares false and
 * falls through to "not significant", as case_when does with NA). */
static int count_sig(const tdm_funnel_fit *fit, double target, double obs, double e)
{
    if (target < ratio_limit(fit, obs, e, FUNNEL_LOW_998)) {
        return TDM_FUNNEL_SIG_HIGH_0001;
    }
    if (target < ratio_limit(fit, obs, e, FUNNEL_LOW_95)) {
        return TDM_FUNNEL_SIG_HIGH_0025;
    }
    if (target > ratio_limit(fit, obs, e, FUNNEL_HIGH_998)) {
        return TDM_FUNNEL_SIG_LOW_0001;
    }
    if (target > ratio_limit(fit, obs, e, FUNNEL_HIGH_95)) {
        return TDM_FUNNEL_SIG_LOW_0025;
    }
    return TDM_FUNNEL_SIG_NOT_SIGNIFICANT;
}

int tdm_funnel_significance(const tdm_funnel_fit *fit, double num, double den, double rate,
                            double *z)
{
    const tdm_funnel_options *o = &fit->opt;
    double zz = (double)NAN, prec;
    int sig;
    if (z != NULL) {
        *z = (double)NAN;
    }
    if (isnan(num) || num < 0.0) {
        return TDM_FUNNEL_SIG_NONE;
    }
    if (o->overdispersion != TDM_FUNNEL_OD_NONE) {
        zz = tdm__funnel_zscore(fit, num, den, rate, &prec);
        if (fit->od_applied != TDM_FUNNEL_OD_NONE && !isnan(zz)) {
            double s = tdm__funnel_se(fit, prec);
            zz = zz * s / tdm__funnel_sd(fit, s);
        }
        if (z != NULL) {
            *z = zz;
        }
    }
    if (o->statistic == TDM_FUNNEL_RATE && o->rate_type == TDM_FUNNEL_RATE_DSR &&
        num < TDM_DSR_MIN_COUNT) {
        return TDM_FUNNEL_SIG_NOT_APPLICABLE;
    }
    if (fit->od_applied != TDM_FUNNEL_OD_NONE) {
        return label_from_z(fit, zz);
    }
    if (o->statistic == TDM_FUNNEL_PROPORTION) {
        if (isnan(den) || !(den > 0.0)) {
            return TDM_FUNNEL_SIG_NONE;
        }
        return proportion_sig(fit, num, den);
    }
    if (o->statistic == TDM_FUNNEL_RATIO) {
        if (isnan(den)) {
            return TDM_FUNNEL_SIG_NONE;
        }
        return count_sig(fit, 1.0, num, den);
    }
    if ((o->rate_type == TDM_FUNNEL_RATE_CRUDE && isnan(rate) && isnan(den)) ||
        (o->rate_type == TDM_FUNNEL_RATE_DSR && num != 0.0 && isnan(rate))) {
        return TDM_FUNNEL_SIG_NONE;
    }
    sig = count_sig(fit, fit->baseline, num, tdm__funnel_rate_den(o, num, den, rate));
    return sig;
}

/* SPEC: funnel.value, funnel.points - the plotted value on the scale of the
 * limits, and for rates the yearly population (calculate_funnel_points). */
double tdm_funnel_value(const tdm_funnel_fit *fit, double num, double den, double rate)
{
    const tdm_funnel_options *o = &fit->opt;
    switch (o->statistic) {
    case TDM_FUNNEL_PROPORTION:
        return num / den * o->multiplier;
    case TDM_FUNNEL_RATIO:
        return o->ratio_type == TDM_FUNNEL_RATIO_COUNT ? num / den - 1.0 : num / den * 100.0;
    default:
        if (o->rate_type == TDM_FUNNEL_RATE_DSR) {
            return num < TDM_DSR_MIN_COUNT ? (double)NAN : rate;
        }
        return isnan(rate) ? num / den * o->multiplier : rate;
    }
}

double tdm_funnel_denominator(const tdm_funnel_fit *fit, double num, double den, double rate)
{
    const tdm_funnel_options *o = &fit->opt;
    if (o->statistic != TDM_FUNNEL_RATE) {
        return den;
    }
    if (o->rate_type == TDM_FUNNEL_RATE_DSR) {
        return num < TDM_DSR_MIN_COUNT ? (double)NAN : (o->multiplier * num / rate) / o->years;
    }
    if (num == 0.0 || isnan(rate)) {
        return den / o->years;
    }
    return (o->multiplier * num / rate) / o->years;
}

const char *tdm_funnel_sig_name(int sig)
{
    switch (sig) {
    case TDM_FUNNEL_SIG_HIGH_0001:
        return "high_0.001";
    case TDM_FUNNEL_SIG_HIGH_0025:
        return "high_0.025";
    case TDM_FUNNEL_SIG_NOT_SIGNIFICANT:
        return "not_significant";
    case TDM_FUNNEL_SIG_LOW_0025:
        return "low_0.025";
    case TDM_FUNNEL_SIG_LOW_0001:
        return "low_0.001";
    case TDM_FUNNEL_SIG_NOT_APPLICABLE:
        return "not_applicable";
    default:
        return "";
    }
}

const char *tdm_funnel_sig_label(int sig)
{
    switch (sig) {
    case TDM_FUNNEL_SIG_HIGH_0001:
        return "High (0.001)";
    case TDM_FUNNEL_SIG_HIGH_0025:
        return "High (0.025)";
    case TDM_FUNNEL_SIG_NOT_SIGNIFICANT:
        return "Not significant";
    case TDM_FUNNEL_SIG_LOW_0025:
        return "Low (0.025)";
    case TDM_FUNNEL_SIG_LOW_0001:
        return "Low (0.001)";
    case TDM_FUNNEL_SIG_NOT_APPLICABLE:
        return "Not applicable for events less than 10 for dsrs";
    default:
        return "";
    }
}
