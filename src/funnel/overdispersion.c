/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * overdispersion.c - funnel limits that allow for more variation between
 * areas than chance alone (Spiegelhalter 2005): z-scores of every area,
 * winsorised at 10% each end, give a dispersion ratio phi (multiplicative
 * model) and a between-area variance tau^2 (additive random effects), as the
 * NHS-R FunnelPlotR package estimates them.
 */
#include "funnel_internal.h"

#include <math.h>
#include <string.h>

/* SPEC: funnel.od - within-area standard error. Proportions on the natural
 * scale, s = sqrt(P0 (1 - P0) / n), so that with no overdispersion the limits
 * are the PHE ones; counts (ratios, rates) on the square-root scale,
 * s = 1 / (2 sqrt(E)) (Spiegelhalter 2005; FunnelPlotR "CQC" method), which
 * keeps areas with 0 events finite. */
double tdm__funnel_se(const tdm_funnel_fit *fit, double precision)
{
    if (fit->opt.statistic == TDM_FUNNEL_PROPORTION) {
        double b = fit->baseline;
        return sqrt(b * (1.0 - b) / precision);
    }
    return 1.0 / (2.0 * sqrt(precision));
}

double tdm__funnel_zscore(const tdm_funnel_fit *fit, double num, double den, double rate,
                          double *precision)
{
    const tdm_funnel_options *o = &fit->opt;
    double e;
    *precision = (double)NAN;
    if (isnan(num)) {
        return (double)NAN;
    }
    if (o->statistic == TDM_FUNNEL_PROPORTION) {
        if (!(den > 0.0)) {
            return (double)NAN;
        }
        *precision = den;
        return (num / den - fit->baseline) / tdm__funnel_se(fit, den);
    }
    if (o->statistic == TDM_FUNNEL_RATIO) {
        e = den;
    } else {
        /* expected events at the baseline rate: derived denominator x rate */
        e = tdm__funnel_rate_den(o, num, den, rate) * fit->baseline;
    }
    if (!(e > 0.0) || isinf(e)) {
        return (double)NAN;
    }
    *precision = e;
    return (sqrt(num / e) - 1.0) / tdm__funnel_se(fit, e);
}

double tdm__funnel_sd(const tdm_funnel_fit *fit, double s)
{
    if (fit->od_applied == TDM_FUNNEL_OD_PHI) {
        return sqrt(fit->phi) * s;
    }
    if (fit->od_applied == TDM_FUNNEL_OD_TAU2) {
        return sqrt(s * s + fit->tau2);
    }
    return s;
}

/* Winsorise z in place at its type-7 percentiles p and 1 - p (FunnelPlotR
 * `winsorisation`: values outside are set to the percentile). */
static void winsorise(double *z, double *sorted, size_t k, double p)
{
    double lo, hi;
    memcpy(sorted, z, k * sizeof *z);
    tdm__sort_doubles(sorted, k);
    lo = tdm__percentile7(sorted, k, p);
    hi = tdm__percentile7(sorted, k, 1.0 - p);
    for (size_t i = 0; i < k; i++) {
        z[i] = z[i] < lo ? lo : (z[i] > hi ? hi : z[i]);
    }
}

/* SPEC: funnel.od - phi = mean of the winsorised squared z-scores;
 * tau^2 = (I phi - (I - 1)) / (sum w - sum w^2 / sum w), w = 1/s^2, and 0
 * when I phi < I - 1 (Spiegelhalter 2005, Qual Saf Health Care 14:347-351;
 * FunnelPlotR phi_func / tau_func). z is winsorised in place; k >= 2. */
static void od_estimate(double *z, const double *w, double *sorted, size_t k, double winsor,
                        double *phi, double *tau2)
{
    tdm__sum zz, sw, sww;
    double ik = (double)k, ph;
    winsorise(z, sorted, k, winsor);
    tdm__sum_init(&zz);
    tdm__sum_init(&sw);
    tdm__sum_init(&sww);
    for (size_t i = 0; i < k; i++) {
        tdm__sum_add(&zz, z[i] * z[i]);
        tdm__sum_add(&sw, w[i]);
        tdm__sum_add(&sww, w[i] * w[i]);
    }
    ph = (1.0 / ik) * tdm__sum_value(&zz);
    *phi = ph;
    if (ik * ph < ik - 1.0) {
        *tau2 = 0.0;
    } else {
        double s1 = tdm__sum_value(&sw);
        double t = (ik * ph - (ik - 1.0)) / (s1 - tdm__sum_value(&sww) / s1);
        *tau2 = t > 0.0 ? t : 0.0;
    }
}

int tdm_overdispersion(const double *z, const double *s, size_t n, double winsor, double *phi,
                       double *tau2, size_t *n_used)
{
    double *zc, *w, *sorted;
    size_t k = 0;
    *phi = *tau2 = (double)NAN;
    if (n_used != NULL) {
        *n_used = 0;
    }
    if (!(winsor >= 0.0 && winsor < 0.5)) {
        return TDM_EINVAL;
    }
    if (n == 0) {
        return TDM_OK;
    }
    zc = tdm__calloc(3 * n, sizeof *zc);
    if (zc == NULL) {
        return TDM_ENOMEM;
    }
    w = zc + n;
    sorted = w + n;
    for (size_t i = 0; i < n; i++) {
        if (isfinite(z[i]) && s[i] > 0.0 && isfinite(s[i])) {
            zc[k] = z[i];
            w[k] = 1.0 / (s[i] * s[i]);
            k++;
        }
    }
    if (n_used != NULL) {
        *n_used = k;
    }
    if (k >= 2) {
        od_estimate(zc, w, sorted, k, winsor, phi, tau2);
    }
    tdm__free(zc);
    return TDM_OK;
}

/* The areas' z-scores and weights on the funnel's scale, then od_estimate.
 * DSR areas below 10 events take no part. */
int tdm__funnel_overdispersion(tdm_funnel_fit *fit, const double *num, const double *den,
                               const double *rate, size_t n)
{
    const tdm_funnel_options *o = &fit->opt;
    double *z, *w, *sorted;
    size_t k = 0;
    double ph;
    if (n == 0) {
        return TDM_OK;
    }
    z = tdm__calloc(3 * n, sizeof *z);
    if (z == NULL) {
        return TDM_ENOMEM;
    }
    w = z + n;
    sorted = w + n;
    for (size_t i = 0; i < n; i++) {
        double prec, zi, s;
        double d = den != NULL ? den[i] : (double)NAN;
        double r = rate != NULL ? rate[i] : (double)NAN;
        if (o->statistic == TDM_FUNNEL_RATE && o->rate_type == TDM_FUNNEL_RATE_DSR &&
            num[i] < TDM_DSR_MIN_COUNT) {
            continue;
        }
        zi = tdm__funnel_zscore(fit, num[i], d, r, &prec);
        if (isnan(zi) || isinf(zi)) {
            continue;
        }
        s = tdm__funnel_se(fit, prec);
        z[k] = zi;
        w[k] = 1.0 / (s * s);
        k++;
    }
    fit->n_od = k;
    if (k < 2) {
        tdm__free(z);
        return TDM_OK;
    }
    od_estimate(z, w, sorted, k, o->winsor, &fit->phi, &fit->tau2);
    ph = fit->phi;
    if (o->overdispersion == TDM_FUNNEL_OD_PHI && ph > 1.0) {
        fit->od_applied = TDM_FUNNEL_OD_PHI;
    } else if (o->overdispersion == TDM_FUNNEL_OD_TAU2 && fit->tau2 > 0.0) {
        fit->od_applied = TDM_FUNNEL_OD_TAU2;
    }
    tdm__free(z);
    return TDM_OK;
}
