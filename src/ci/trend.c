/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * trend.c - the Fingertips recent-trend marker over the five most recent
 * points: a chi-square test of the slope, with a stability check that leaves
 * each point out in turn.
 */
#include "ci_internal.h"

#include <math.h>

/* Weighted least-squares slope and chi-square of y on t = 1..k with weights
 * w (k <= 5), leaving out index `skip` (or none when skip >= k). */
static void weighted_slope(const double *y, const double *w, int k, int skip, double *slope,
                           double *chisq)
{
    double s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, den;
    for (int i = 0; i < k; i++) {
        double t = (double)(i + 1);
        if (i == skip) {
            continue;
        }
        s1 += w[i];
        s2 += w[i] * y[i] * t;
        s3 += w[i] * t;
        s4 += w[i] * y[i];
        s5 += w[i] * t * t;
    }
    den = s1 * s5 - s3 * s3;
    *slope = (s1 * s2 - s3 * s4) / den;
    if (chisq != NULL) {
        double se = sqrt(s1 / den);
        *chisq = (*slope / se) * (*slope / se);
    }
}

static int sign_of(double v)
{
    return (v > 0) - (v < 0);
}

/* 1 if the full slope and all leave-one-out slopes share a sign (|sum| = 6). */
static int stable(double full, const double *loo, int k)
{
    int s = sign_of(full);
    for (int i = 0; i < k; i++) {
        s += sign_of(loo[i]);
    }
    return s == k + 1 || s == -(k + 1);
}

static int marker(double chisq, int is_stable, double direction)
{
    if (isnan(chisq)) {
        return TDM_TREND_CANNOT_CALCULATE;
    }
    if (chisq > TDM_TREND_CHISQ && is_stable) {
        return direction > 0 ? TDM_TREND_INCREASING : TDM_TREND_DECREASING;
    }
    return TDM_TREND_NO_CHANGE;
}

/* SPEC: trend.values - Fingertips TrendMarkerCalculator for values with 95%
 * intervals: sigma = (U - L) / 3.92, w = 1/sigma^2; slope
 * (S1 S2 - S3 S4) / (S1 S5 - S3^2), se = sqrt(S1 / (S1 S5 - S3^2)),
 * chi2 = (slope/se)^2 > qchisq(0.998, 1), sign stable without each point. */
int tdm_trend_values(const double *value, const double *lower, const double *upper, size_t n,
                     tdm_trend_result *out)
{
    double y[TDM_TREND_POINTS], w[TDM_TREND_POINTS], loo[TDM_TREND_POINTS];
    const int k = TDM_TREND_POINTS;
    if (out == NULL) {
        return TDM_EINVAL;
    }
    out->marker = TDM_TREND_CANNOT_CALCULATE;
    out->chisq = out->slope = (double)NAN;
    out->stable = 0;
    if (n < TDM_TREND_POINTS || value == NULL || lower == NULL || upper == NULL) {
        return TDM_OK;
    }
    for (int i = 0; i < k; i++) {
        size_t j = n - (size_t)k + (size_t)i;
        double sigma = (upper[j] - lower[j]) / 3.92;
        if (isnan(value[j]) || !(sigma > 0.0) || isinf(sigma)) {
            return TDM_OK;
        }
        y[i] = value[j];
        w[i] = 1.0 / (sigma * sigma);
    }
    weighted_slope(y, w, k, k, &out->slope, &out->chisq);
    for (int i = 0; i < k; i++) {
        weighted_slope(y, w, k, i, &loo[i], NULL);
    }
    out->stable = stable(out->slope, loo, k);
    out->marker = marker(out->chisq, out->stable, out->slope);
    return TDM_OK;
}

/* Unweighted OLS slope of log(r/(n-r)) on t = 1..k, leaving out `skip`. */
static double logit_slope(const double *r, const double *n, int k, int skip)
{
    double st = 0, sy = 0, sty = 0, stt = 0, m = 0;
    for (int i = 0; i < k; i++) {
        double t = (double)(i + 1), y;
        if (i == skip) {
            continue;
        }
        y = log(r[i] / (n[i] - r[i]));
        st += t;
        sy += y;
        sty += t * y;
        stt += t * t;
        m += 1.0;
    }
    return (m * sty - st * sy) / (m * stt - st * st);
}

/* SPEC: trend.proportion - chi-square test for trend in proportions
 * (Armitage 1955): chi2 = N (N sum(r t) - R sum(n t))^2 /
 * (R (N - R) (N sum(n t^2) - (sum(n t))^2)); stability from the logit slopes;
 * direction from the sign of N sum(r t) - R sum(n t) (deliberate: the 2020
 * C# never stores a slope for proportions). */
int tdm_trend_proportion(const double *r, const double *n, size_t count, tdm_trend_result *out)
{
    double rr[TDM_TREND_POINTS], nn[TDM_TREND_POINTS], loo[TDM_TREND_POINTS];
    double sn = 0, sr = 0, srt = 0, snt = 0, sntt = 0, num, full;
    const int k = TDM_TREND_POINTS;
    if (out == NULL) {
        return TDM_EINVAL;
    }
    out->marker = TDM_TREND_CANNOT_CALCULATE;
    out->chisq = out->slope = (double)NAN;
    out->stable = 0;
    if (count < TDM_TREND_POINTS || r == NULL || n == NULL) {
        return TDM_OK;
    }
    for (int i = 0; i < k; i++) {
        size_t j = count - (size_t)k + (size_t)i;
        double t = (double)(i + 1);
        if (!(r[j] >= 0.0) || !(n[j] > 0.0) || r[j] > n[j] || isinf(n[j])) {
            return TDM_OK;
        }
        rr[i] = r[j];
        nn[i] = n[j];
        sn += n[j];
        sr += r[j];
        srt += r[j] * t;
        snt += n[j] * t;
        sntt += n[j] * t * t;
    }
    num = sn * srt - sr * snt;
    out->chisq = sn * num * num / (sr * (sn - sr) * (sn * sntt - snt * snt));
    out->slope = num;
    full = logit_slope(rr, nn, k, k);
    for (int i = 0; i < k; i++) {
        loo[i] = logit_slope(rr, nn, k, i);
    }
    out->stable = stable(full, loo, k);
    out->marker = marker(out->chisq, out->stable, num);
    return TDM_OK;
}

const char *tdm_trend_name(int marker)
{
    switch (marker) {
    case TDM_TREND_INCREASING:
        return "increasing";
    case TDM_TREND_DECREASING:
        return "decreasing";
    case TDM_TREND_NO_CHANGE:
        return "no_significant_change";
    default:
        return "cannot_be_calculated";
    }
}
