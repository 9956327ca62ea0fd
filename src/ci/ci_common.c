/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ci_common.c - what every indicator method shares: confidence levels with
 * their quantiles worked out once (tdm_ci_level), input checks, method
 * names, the compensated total and the small sorting/percentile helpers.
 */
#include "ci_internal.h"

#include <math.h>
#include <string.h>

const char *tdm__num_text(double v, char buf[TDM_NUMBUF])
{
    if (isnan(v)) {
        memcpy(buf, "NA", 3);
        return buf;
    }
    (void)tdm_format_double(v, buf);
    return buf;
}

/* SPEC: ci.z - z(c) = qnorm(c + (1-c)/2), evaluated as the reference does, and
 * the exact Poisson limits of the counts 0..9 (SPEC: ci.exact), which are all
 * the exact branch of tdm_ci_poisson ever needs: caching them removes every
 * chi-square quantile search from the per-row path. */
int tdm_ci_level_init(tdm_ci_level *lv, double confidence, tdm_error *err)
{
    char t[TDM_NUMBUF];
    if (lv == NULL) {
        return tdm__error(err, TDM_EINVAL, 0, 0, "no confidence level to fill");
    }
    if (!(confidence > 0.0 && confidence < 1.0)) {
        return tdm__error(err, TDM_EINVAL, 0, 0,
                          "confidence must be strictly between 0 and 1 (e.g. 0.95), got %s",
                          tdm__num_text(confidence, t));
    }
    lv->confidence = confidence;
    lv->z = tdm__qnorm(confidence + (1.0 - confidence) / 2.0);
    for (int o = 0; o < TDM_CI_EXACT_BELOW; o++) {
        /* qchisq with 0 degrees of freedom is the point mass at 0. */
        lv->exact_lower[o] = tdm__qchisq((1.0 - confidence) / 2.0, 2.0 * o, 1) / 2.0;
        lv->exact_upper[o] =
            tdm__qchisq(confidence + (1.0 - confidence) / 2.0, 2.0 * o + 2.0, 1) / 2.0;
    }
    return TDM_OK;
}

const char *tdm_ci_method_name(int method)
{
    switch (method) {
    case TDM_CI_METHOD_WILSON:
        return "Wilson";
    case TDM_CI_METHOD_EXACT:
        return "Exact";
    case TDM_CI_METHOD_BYAR:
        return "Byars";
    case TDM_CI_METHOD_T:
        return "Student's t-distribution";
    case TDM_CI_METHOD_DOBSON:
        return "Dobson";
    case TDM_CI_METHOD_DOBSON_NONINDEP:
        return "Dobson, with confidence adjusted for non-independent events";
    case TDM_CI_METHOD_CHIANG:
        return "Chiang, using Silcocks et al for confidence limits";
    default:
        return "";
    }
}

int tdm_ci_proportion_check(double x, double n, tdm_error *err)
{
    char a[TDM_NUMBUF], b[TDM_NUMBUF];
    if (isnan(x) || isnan(n)) {
        return TDM_OK;
    }
    if (isinf(x) || x < 0.0) {
        return tdm__error(err, TDM_EDOMAIN, 0, 0, "numerator %s is negative or infinite",
                          tdm__num_text(x, a));
    }
    if (isinf(n) || n <= 0.0) {
        return tdm__error(err, TDM_EDOMAIN, 0, 0, "denominator %s is not a positive number",
                          tdm__num_text(n, a));
    }
    if (x > n) {
        return tdm__error(err, TDM_EDOMAIN, 0, 0,
                          "numerator %s is greater than denominator %s (a proportion needs "
                          "numerator <= denominator)",
                          tdm__num_text(x, a), tdm__num_text(n, b));
    }
    return TDM_OK;
}

int tdm_ci_count_check(double o, int exact, tdm_error *err)
{
    char a[TDM_NUMBUF];
    if (isnan(o)) {
        return TDM_OK;
    }
    if (isinf(o) || o < 0.0) {
        return tdm__error(err, TDM_EDOMAIN, 0, 0, "count %s is negative or infinite",
                          tdm__num_text(o, a));
    }
    if (exact && !tdm__is_whole(o)) {
        return tdm__error(err, TDM_EDOMAIN, 0, 0,
                          "count %s is not a whole number (the exact Poisson method needs whole "
                          "counts)",
                          tdm__num_text(o, a));
    }
    return TDM_OK;
}

double tdm_ci_total(const double *v, size_t n)
{
    tdm__sum s;
    tdm__sum_init(&s);
    for (size_t i = 0; i < n; i++) {
        if (isnan(v[i])) {
            return (double)NAN;
        }
        tdm__sum_add(&s, v[i]);
    }
    return tdm__sum_value(&s);
}

/* Sift-down for the heap sort below. */
static void sift(double *v, size_t start, size_t end)
{
    size_t root = start;
    while (2 * root + 1 < end) {
        size_t child = 2 * root + 1;
        if (child + 1 < end && v[child] < v[child + 1]) {
            child++;
        }
        if (v[root] >= v[child]) {
            return;
        }
        double t = v[root];
        v[root] = v[child];
        v[child] = t;
        root = child;
    }
}

void tdm__sort_doubles(double *v, size_t n)
{
    if (n < 2) {
        return;
    }
    for (size_t i = n / 2; i-- > 0;) {
        sift(v, i, n);
    }
    for (size_t end = n - 1; end > 0; end--) {
        double t = v[0];
        v[0] = v[end];
        v[end] = t;
        sift(v, 0, end);
    }
}

/* R quantile(type = 7), in R's own arithmetic: index = 1 + (n - 1) p;
 * (1 - h) x[lo] + h x[hi] with h = index - lo, used only when the two order
 * statistics differ. Hyndman & Fan (1996) Am Stat 50:361-365, definition 7. */
double tdm__percentile7(const double *sorted, size_t n, double p)
{
    double index, lo, h;
    size_t j;
    if (n == 0) {
        return (double)NAN;
    }
    index = 1.0 + (double)(n - 1) * p;
    lo = floor(index);
    j = (size_t)lo - 1; /* 0-based */
    if (!(index > lo) || j + 1 >= n || sorted[j + 1] == sorted[j]) {
        return sorted[j < n ? j : n - 1];
    }
    h = index - lo;
    return (1.0 - h) * sorted[j] + h * sorted[j + 1];
}
