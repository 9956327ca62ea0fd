/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_ci_benchmark.c - Fingertips comparisons: benchmark by interval at one
 * and two levels (SPEC: benchmark.one_level, benchmark.two_level), quintiles
 * (SPEC: benchmark.quintile) and the recent trend (SPEC: trend.values,
 * trend.proportion), with values worked by hand.
 */
#include <criterion/criterion.h>
#include <math.h>

#include "tandem.h"

#define REL(a, b, t) (fabs((a) - (b)) <= (t)*fmax(fabs(a), fabs(b)))

static tdm_interval iv(double lo, double up)
{
    tdm_interval c;
    c.lower = lo;
    c.upper = up;
    return c;
}

Test(ci_benchmark, one_level)
{
    /* limits inclusive: a benchmark on the limit is similar */
    cr_assert_eq(tdm_benchmark_compare(3.0, iv(2.7, 3.3), TDM_POLARITY_HIGH_GOOD),
                 TDM_COMPARE_SIMILAR);
    cr_assert_eq(tdm_benchmark_compare(3.3, iv(2.7, 3.3), TDM_POLARITY_HIGH_GOOD),
                 TDM_COMPARE_SIMILAR);
    cr_assert_eq(tdm_benchmark_compare(2.0, iv(2.7, 3.3), TDM_POLARITY_HIGH_GOOD),
                 TDM_COMPARE_BETTER);
    cr_assert_eq(tdm_benchmark_compare(2.0, iv(2.7, 3.3), TDM_POLARITY_LOW_GOOD),
                 TDM_COMPARE_WORSE);
    cr_assert_eq(tdm_benchmark_compare(4.0, iv(2.7, 3.3), TDM_POLARITY_HIGH_GOOD),
                 TDM_COMPARE_WORSE);
    cr_assert_eq(tdm_benchmark_compare(4.0, iv(2.7, 3.3), TDM_POLARITY_NONE), TDM_COMPARE_LOWER);
    cr_assert_eq(tdm_benchmark_compare(2.0, iv(2.7, 3.3), TDM_POLARITY_NONE), TDM_COMPARE_HIGHER);
    cr_assert_eq(tdm_benchmark_compare(NAN, iv(2.7, 3.3), TDM_POLARITY_NONE),
                 TDM_COMPARE_NOT_COMPARED);
    cr_assert_eq(tdm_benchmark_compare(3, iv(NAN, 3.3), TDM_POLARITY_NONE),
                 TDM_COMPARE_NOT_COMPARED);
}

Test(ci_benchmark, two_level)
{
    tdm_interval c95 = iv(3.4, 3.6), c998 = iv(3.2, 3.8);
    /* benchmark below both intervals: higher at 99.8% */
    cr_assert_eq(tdm_benchmark_compare2(3.0, c95, c998, TDM_POLARITY_HIGH_GOOD), TDM_COMPARE_BEST);
    cr_assert_eq(tdm_benchmark_compare2(3.0, c95, c998, TDM_POLARITY_LOW_GOOD), TDM_COMPARE_WORST);
    /* between the lower 99.8% and 95% limits: higher at 95% only */
    cr_assert_eq(tdm_benchmark_compare2(3.3, c95, c998, TDM_POLARITY_HIGH_GOOD),
                 TDM_COMPARE_BETTER);
    cr_assert_eq(tdm_benchmark_compare2(3.3, c95, c998, TDM_POLARITY_LOW_GOOD), TDM_COMPARE_WORSE);
    cr_assert_eq(tdm_benchmark_compare2(3.5, c95, c998, TDM_POLARITY_LOW_GOOD),
                 TDM_COMPARE_SIMILAR);
    cr_assert_eq(tdm_benchmark_compare2(3.7, c95, c998, TDM_POLARITY_HIGH_GOOD), TDM_COMPARE_WORSE);
    cr_assert_eq(tdm_benchmark_compare2(4.0, c95, c998, TDM_POLARITY_HIGH_GOOD), TDM_COMPARE_WORST);
    cr_assert_eq(tdm_benchmark_compare2(4.0, c95, c998, TDM_POLARITY_NONE), TDM_COMPARE_MUCH_LOWER);
    cr_assert_eq(tdm_benchmark_compare2(3.3, c95, c998, TDM_POLARITY_NONE), TDM_COMPARE_HIGHER);
    cr_assert_str_eq(tdm_compare_name(TDM_COMPARE_MUCH_LOWER), "much_lower");
    cr_assert_str_eq(tdm_compare_name(TDM_COMPARE_NOT_COMPARED), "not_compared");
}

Test(ci_benchmark, quintile_bounds_and_categories)
{
    double v[10] = { 10, 1, 2, 3, 4, 5, 6, 7, 8, NAN }, b[6];
    /* 9 values 1..8, 10: type-7 P20 = 1 + 0.2*8 -> 2.6, P40 = 4.2, P60 = 5.8, P80 = 7.4 */
    cr_assert_eq(tdm_quintile_bounds(v, 10, 5, b, NULL), TDM_OK);
    cr_assert_eq(b[0], 1.0);
    cr_assert(REL(b[1], 2.6, 1e-12));
    cr_assert(REL(b[2], 4.2, 1e-12));
    cr_assert(REL(b[3], 5.8, 1e-12));
    cr_assert(REL(b[4], 7.4, 1e-12));
    cr_assert_eq(b[5], 10.0);
    cr_assert_eq(tdm_quintile_category(1.0, b, 5, TDM_POLARITY_LOW_GOOD), 1);
    cr_assert_eq(tdm_quintile_category(2.6, b, 5, TDM_POLARITY_LOW_GOOD), 1);
    cr_assert_eq(tdm_quintile_category(3.0, b, 5, TDM_POLARITY_LOW_GOOD), 2);
    cr_assert_eq(tdm_quintile_category(10.0, b, 5, TDM_POLARITY_LOW_GOOD), 5);
    cr_assert_eq(tdm_quintile_category(10.0, b, 5, TDM_POLARITY_HIGH_GOOD), 1);
    cr_assert_eq(tdm_quintile_category(NAN, b, 5, TDM_POLARITY_HIGH_GOOD), 0);
    /* quartiles, and too few values */
    cr_assert_eq(tdm_quintile_bounds(v, 10, 4, b, NULL), TDM_OK);
    cr_assert(REL(b[2], 5.0, 1e-12));
    cr_assert_eq(tdm_quintile_bounds(v, 4, 5, b, NULL), TDM_EDOMAIN);
    cr_assert(isnan(b[0]));
    cr_assert_eq(tdm_quintile_bounds(v, 10, 6, b, NULL), TDM_EINVAL);
}

Test(ci_benchmark, trend_values_increasing)
{
    /* equal weights (sigma = 3.92/3.92 = 1): OLS slope of 10, 12, 14, 16, 18 on
     * t = 1..5 is 2, var(slope) = 1 / sum((t - 3)^2) = 0.1, chi2 = 40 */
    double y[7] = { 99, 99, 10, 12, 14, 16, 18 }, lo[7], up[7];
    tdm_trend_result r;
    for (int i = 0; i < 7; i++) {
        lo[i] = y[i] - 1.96;
        up[i] = y[i] + 1.96;
    }
    cr_assert_eq(tdm_trend_values(y, lo, up, 7, &r), TDM_OK);
    cr_assert(REL(r.slope, 2.0, 1e-12));
    cr_assert(REL(r.chisq, 40.0, 1e-12));
    cr_assert(r.stable);
    cr_assert_eq(r.marker, TDM_TREND_INCREASING);
    cr_assert_str_eq(tdm_trend_name(r.marker), "increasing");
}

Test(ci_benchmark, trend_values_unstable_or_weak)
{
    double y[5] = { 10, 10.2, 10.1, 10.3, 10.2 }, lo[5], up[5];
    tdm_trend_result r;
    for (int i = 0; i < 5; i++) {
        lo[i] = y[i] - 1.96;
        up[i] = y[i] + 1.96;
    }
    cr_assert_eq(tdm_trend_values(y, lo, up, 5, &r), TDM_OK);
    cr_assert(r.chisq < TDM_TREND_CHISQ);
    cr_assert_eq(r.marker, TDM_TREND_NO_CHANGE);
    cr_assert_eq(tdm_trend_values(y, lo, up, 4, &r), TDM_OK);
    cr_assert_eq(r.marker, TDM_TREND_CANNOT_CALCULATE);
}

Test(ci_benchmark, trend_proportion)
{
    /* rising proportions 10%..30% of 1000: chi-square for trend, Armitage */
    double r[5] = { 100, 150, 200, 250, 300 }, n[5] = { 1000, 1000, 1000, 1000, 1000 };
    tdm_trend_result t;
    double sn = 5000, sr = 1000, srt = 100 + 300 + 600 + 1000 + 1500, snt = 15000, sntt = 55000;
    double num = sn * srt - sr * snt;
    double chi = sn * num * num / (sr * (sn - sr) * (sn * sntt - snt * snt));
    cr_assert_eq(tdm_trend_proportion(r, n, 5, &t), TDM_OK);
    cr_assert(REL(t.chisq, chi, 1e-12));
    cr_assert(t.stable);
    cr_assert_eq(t.marker, TDM_TREND_INCREASING);
    r[0] = 300;
    r[4] = 100;
    r[1] = 250;
    r[3] = 150;
    cr_assert_eq(tdm_trend_proportion(r, n, 5, &t), TDM_OK);
    cr_assert_eq(t.marker, TDM_TREND_DECREASING);
}
