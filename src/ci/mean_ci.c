/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * mean_ci.c - a mean with its Student t interval (PHEindicatormethods
 * phe_mean): value_sum, value_count, stdev and value per group.
 */
#include "ci_internal.h"

#include <math.h>

/* SPEC: ci.mean - sum and mean by Neumaier summation; the standard deviation
 * by two passes (sum of squared deviations from the mean, then the
 * compensated mean correction), n - 1 divisor, as R's sd(). A NaN makes every
 * statistic but the count NaN, as the reference (no na.rm) does. */
int tdm_ci_mean_stats_compute(const double *y, size_t n, tdm_ci_mean_stats *out)
{
    tdm__sum s, d, dd;
    double mean;
    if (out == NULL || (y == NULL && n > 0)) {
        return TDM_EINVAL;
    }
    out->count = (double)n;
    tdm__sum_init(&s);
    for (size_t i = 0; i < n; i++) {
        if (isnan(y[i])) {
            out->sum = out->sd = out->mean = (double)NAN;
            return TDM_OK;
        }
        tdm__sum_add(&s, y[i]);
    }
    out->sum = tdm__sum_value(&s);
    if (n == 0) {
        out->sd = out->mean = (double)NAN;
        return TDM_OK;
    }
    mean = out->sum / (double)n;
    out->mean = mean;
    if (n < 2) {
        out->sd = (double)NAN;
        return TDM_OK;
    }
    /* Corrected two-pass algorithm (Chan, Golub & LeVeque 1983): the second
     * sum removes the error left in the mean. */
    tdm__sum_init(&d);
    tdm__sum_init(&dd);
    for (size_t i = 0; i < n; i++) {
        double e = y[i] - mean;
        tdm__sum_add(&d, e * e);
        tdm__sum_add(&dd, e);
    }
    {
        double c = tdm__sum_value(&dd);
        double ss = tdm__sum_value(&d) - c * c / (double)n;
        out->sd = sqrt((ss < 0.0 ? 0.0 : ss) / (double)(n - 1));
    }
    return TDM_OK;
}

/* SPEC: ci.mean - mean -/+ |qt((1-c)/2, n-1)| * sd / sqrt(n), Student (1908). */
int tdm_ci_mean_interval(const tdm_ci_mean_stats *s, double confidence, tdm_interval *ci,
                         tdm_error *err)
{
    char buf[TDM_NUMBUF];
    double t;
    if (s == NULL || ci == NULL) {
        return tdm__error(err, TDM_EINVAL, 0, 0, "tdm_ci_mean_interval: NULL argument");
    }
    if (!(confidence > 0.0 && confidence < 1.0)) {
        return tdm__error(err, TDM_EINVAL, 0, 0,
                          "confidence must be strictly between 0 and 1 (e.g. 0.95), got %s",
                          tdm__num_text(confidence, buf));
    }
    if (!(s->count >= 2.0) || isnan(s->mean) || isnan(s->sd)) {
        ci->lower = ci->upper = (double)NAN;
        return TDM_OK;
    }
    t = fabs(tdm__qt((1.0 - confidence) / 2.0, s->count - 1.0));
    ci->lower = s->mean - t * s->sd / sqrt(s->count);
    ci->upper = s->mean + t * s->sd / sqrt(s->count);
    return TDM_OK;
}
