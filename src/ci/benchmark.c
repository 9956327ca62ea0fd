/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * benchmark.c - Fingertips comparisons of an area with a benchmark (England,
 * its region, or its own total): by confidence interval at one or two
 * levels, and quintile / quartile categories by value.
 */
#include "ci_internal.h"

#include <math.h>

/* Polarity turns a direction (+1 above, -1 below the benchmark) into words;
 * `strong` marks the 99.8% level of the two-level comparison. */
static int judge(int direction, int strong, int polarity)
{
    if (polarity == TDM_POLARITY_HIGH_GOOD) {
        return direction > 0 ? (strong ? TDM_COMPARE_BEST : TDM_COMPARE_BETTER)
                             : (strong ? TDM_COMPARE_WORST : TDM_COMPARE_WORSE);
    }
    if (polarity == TDM_POLARITY_LOW_GOOD) {
        return direction < 0 ? (strong ? TDM_COMPARE_BEST : TDM_COMPARE_BETTER)
                             : (strong ? TDM_COMPARE_WORST : TDM_COMPARE_WORSE);
    }
    return direction > 0 ? (strong ? TDM_COMPARE_MUCH_HIGHER : TDM_COMPARE_HIGHER)
                         : (strong ? TDM_COMPARE_MUCH_LOWER : TDM_COMPARE_LOWER);
}

/* SPEC: benchmark.one_level - Fingertips SingleOverlappingCIsForOneCiLevel as
 * restated by FingertipsNext: upper < benchmark -> below, lower > benchmark
 * -> above, otherwise (limits inclusive) similar. */
int tdm_benchmark_compare(double benchmark, tdm_interval ci, int polarity)
{
    if (isnan(benchmark) || isnan(ci.lower) || isnan(ci.upper)) {
        return TDM_COMPARE_NOT_COMPARED;
    }
    if (ci.upper < benchmark) {
        return judge(-1, 0, polarity);
    }
    if (ci.lower > benchmark) {
        return judge(1, 0, polarity);
    }
    return TDM_COMPARE_SIMILAR;
}

/* SPEC: benchmark.two_level - the five-way RAG of Fingertips comparator 17,
 * decided by where the benchmark falls among the four limits (not by the
 * point value, and with the 95%-only bands the right way round: see the
 * method notes on the 2020 C#). */
int tdm_benchmark_compare2(double benchmark, tdm_interval ci95, tdm_interval ci998, int polarity)
{
    int one = tdm_benchmark_compare(benchmark, ci95, TDM_POLARITY_HIGH_GOOD);
    if (one == TDM_COMPARE_NOT_COMPARED || isnan(ci998.lower) || isnan(ci998.upper)) {
        return TDM_COMPARE_NOT_COMPARED;
    }
    if (one == TDM_COMPARE_SIMILAR) {
        return TDM_COMPARE_SIMILAR;
    }
    if (one == TDM_COMPARE_BETTER) { /* interval above the benchmark */
        return judge(1, ci998.lower > benchmark, polarity);
    }
    return judge(-1, ci998.upper < benchmark, polarity);
}

const char *tdm_compare_name(int outcome)
{
    switch (outcome) {
    case TDM_COMPARE_SIMILAR:
        return "similar";
    case TDM_COMPARE_BETTER:
        return "better";
    case TDM_COMPARE_WORSE:
        return "worse";
    case TDM_COMPARE_BEST:
        return "best";
    case TDM_COMPARE_WORST:
        return "worst";
    case TDM_COMPARE_HIGHER:
        return "higher";
    case TDM_COMPARE_LOWER:
        return "lower";
    case TDM_COMPARE_MUCH_HIGHER:
        return "much_higher";
    case TDM_COMPARE_MUCH_LOWER:
        return "much_lower";
    default:
        return "not_compared";
    }
}

/* Round to 10 decimals, half to even (C# Math.Round(x, 10)). */
static double round10(double x)
{
    return nearbyint(x * 1e10) / 1e10;
}

/* SPEC: benchmark.quintile - Fingertips QuintileRanker / QuartileRanker:
 * [min, P(1/nq), ..., P((nq-1)/nq), max] with type-7 percentiles rounded to
 * 10 dp; more than 4 values needed. */
int tdm_quintile_bounds(const double *values, size_t n, int nq, double *bounds, double *work)
{
    double *v = work;
    size_t nv = 0;
    if ((nq != 4 && nq != 5) || bounds == NULL || (n > 0 && values == NULL)) {
        return TDM_EINVAL;
    }
    for (int k = 0; k <= nq; k++) {
        bounds[k] = (double)NAN;
    }
    if (v == NULL && n > 0) {
        v = tdm__calloc(n, sizeof *v);
        if (v == NULL) {
            return TDM_ENOMEM;
        }
    }
    for (size_t i = 0; i < n; i++) {
        if (!isnan(values[i])) {
            v[nv++] = values[i];
        }
    }
    if (nv <= 4) {
        if (v != work) {
            tdm__free(v);
        }
        return TDM_EDOMAIN;
    }
    tdm__sort_doubles(v, nv);
    bounds[0] = v[0];
    for (int k = 1; k < nq; k++) {
        bounds[k] = round10(tdm__percentile7(v, nv, (double)k / (double)nq));
    }
    bounds[nq] = v[nv - 1];
    if (v != work) {
        tdm__free(v);
    }
    return TDM_OK;
}

int tdm_quintile_category(double value, const double *bounds, int nq, int polarity)
{
    if (isnan(value) || bounds == NULL || isnan(bounds[0])) {
        return 0;
    }
    for (int k = 1; k <= nq; k++) {
        if (value <= bounds[k]) {
            return polarity == TDM_POLARITY_HIGH_GOOD && nq == 5 ? 6 - k : k;
        }
    }
    return polarity == TDM_POLARITY_HIGH_GOOD && nq == 5 ? 1 : nq;
}
