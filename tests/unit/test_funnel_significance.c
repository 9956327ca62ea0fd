/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_funnel_significance.c - funnel baselines (SPEC: funnel.baseline) and
 * significance labels (SPEC: funnel.significance), the values and yearly
 * denominators plotted (SPEC: funnel.value, funnel.points), and input errors.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

#include "tandem.h"

#define REL(a, b, t) (fabs((a) - (b)) <= (t)*fmax(fabs(a), fabs(b)))

Test(funnel_significance, proportion_labels)
{
    /* P0 = 0.5; at n = 100 the 95% limits are 0.5 -/+ 1.96 * 0.05 */
    double x[4] = { 500, 38, 62, 50 }, n[4] = { 1000, 100, 100, 100 };
    tdm_funnel_fit f;
    cr_assert_eq(tdm_funnel_fit_compute(x, n, NULL, 4, NULL, &f, NULL), TDM_OK);
    cr_assert(REL(f.baseline, 650.0 / 1300.0, 1e-15));
    cr_assert_eq(tdm_funnel_significance(&f, 38, 100, NAN, NULL), TDM_FUNNEL_SIG_LOW_0025);
    cr_assert_eq(tdm_funnel_significance(&f, 62, 100, NAN, NULL), TDM_FUNNEL_SIG_HIGH_0025);
    cr_assert_eq(tdm_funnel_significance(&f, 50, 100, NAN, NULL), TDM_FUNNEL_SIG_NOT_SIGNIFICANT);
    cr_assert_eq(tdm_funnel_significance(&f, 20, 100, NAN, NULL), TDM_FUNNEL_SIG_LOW_0001);
    cr_assert_eq(tdm_funnel_significance(&f, 90, 100, NAN, NULL), TDM_FUNNEL_SIG_HIGH_0001);
    cr_assert_eq(tdm_funnel_significance(&f, NAN, 100, NAN, NULL), TDM_FUNNEL_SIG_NONE);
    cr_assert_str_eq(tdm_funnel_sig_name(TDM_FUNNEL_SIG_HIGH_0001), "high_0.001");
    cr_assert_str_eq(tdm_funnel_sig_label(TDM_FUNNEL_SIG_LOW_0025), "Low (0.025)");
    cr_assert(REL(tdm_funnel_value(&f, 38, 100, NAN), 38.0, 1e-15)); /* x 100 default */
}

Test(funnel_significance, missing_rows_are_left_out_of_the_baseline)
{
    double x[3] = { 10, NAN, 30 }, n[3] = { 100, 50, 100 };
    tdm_funnel_fit f;
    cr_assert_eq(tdm_funnel_fit_compute(x, n, NULL, 3, NULL, &f, NULL), TDM_OK);
    cr_assert_eq(f.n_areas, 2);
    cr_assert(REL(f.baseline, 0.2, 1e-15));
}

Test(funnel_significance, ratio_uses_the_count_interval)
{
    /* O = 0, E = 4: upper exact limit 3.689/4 < 1 -> low at 95%; O = 30, E = 10:
     * Byar's lower limit 20.24 / 10 > 1 -> high at 99.8% */
    double o[2] = { 0, 30 }, e[2] = { 4, 10 };
    tdm_funnel_options opt;
    tdm_funnel_fit f;
    tdm_funnel_options_init(&opt);
    opt.statistic = TDM_FUNNEL_RATIO;
    cr_assert_eq(tdm_funnel_fit_compute(o, e, NULL, 2, &opt, &f, NULL), TDM_OK);
    cr_assert_eq(tdm_funnel_significance(&f, 0, 4, NAN, NULL), TDM_FUNNEL_SIG_LOW_0025);
    cr_assert_eq(tdm_funnel_significance(&f, 30, 10, NAN, NULL), TDM_FUNNEL_SIG_HIGH_0001);
    cr_assert(REL(tdm_funnel_value(&f, 30, 10, NAN), 300.0, 1e-15)); /* isr: x 100 */
}

Test(funnel_significance, dsr_rows_below_10_events)
{
    /* SPEC: funnel.points - DSR below 10 events: not assessed, not plotted */
    double x[3] = { 5, 100, 0 }, r[3] = { 50, 120, NAN }, d[3] = { NAN, NAN, 10000 };
    tdm_funnel_options opt;
    tdm_funnel_fit f;
    tdm_funnel_options_init(&opt);
    opt.statistic = TDM_FUNNEL_RATE;
    opt.rate_type = TDM_FUNNEL_RATE_DSR;
    opt.years = 2;
    cr_assert_eq(tdm_funnel_fit_compute(x, d, r, 3, &opt, &f, NULL), TDM_OK);
    cr_assert_eq(tdm_funnel_significance(&f, 5, NAN, 50, NULL), TDM_FUNNEL_SIG_NOT_APPLICABLE);
    cr_assert_eq(tdm_funnel_significance(&f, 0, 10000, NAN, NULL), TDM_FUNNEL_SIG_NOT_APPLICABLE);
    cr_assert(isnan(tdm_funnel_value(&f, 5, NAN, 50)));
    cr_assert(isnan(tdm_funnel_denominator(&f, 5, NAN, 50)));
    cr_assert(REL(tdm_funnel_denominator(&f, 100, NAN, 120), 1e5 * 100 / 120 / 2, 1e-15));
    /* weighted average: sum x / sum D, zero-event DSR rows have no D */
    cr_assert(REL(f.baseline, 105.0 / (5.0 / 50 * 1e5 + 100.0 / 120 * 1e5), 1e-14));
}

Test(funnel_significance, input_errors_name_the_row)
{
    double x[3] = { 1, 12, 3 }, n[3] = { 10, 10, 10 };
    tdm_funnel_options opt;
    tdm_funnel_fit f;
    tdm_error err;
    cr_assert_eq(tdm_funnel_fit_compute(x, n, NULL, 3, NULL, &f, &err), TDM_EDOMAIN);
    cr_assert_eq(err.line, 2);
    cr_assert(strstr(err.message, "greater than denominator") != NULL);
    x[1] = -2;
    cr_assert_eq(tdm_funnel_fit_compute(x, n, NULL, 3, NULL, &f, &err), TDM_EDOMAIN);
    tdm_funnel_options_init(&opt);
    opt.statistic = TDM_FUNNEL_RATIO;
    x[1] = 2.5;
    cr_assert_eq(tdm_funnel_fit_compute(x, n, NULL, 3, &opt, &f, &err), TDM_EDOMAIN);
    cr_assert(strstr(err.message, "whole number") != NULL);
    /* a crude rate with 0 events and no denominator */
    {
        double xr[2] = { 0, 20 }, rr[2] = { 0, 100 };
        opt.statistic = TDM_FUNNEL_RATE;
        cr_assert_eq(tdm_funnel_fit_compute(xr, NULL, rr, 2, &opt, &f, &err), TDM_EDOMAIN);
        cr_assert_eq(err.line, 1);
        opt.rate_type = TDM_FUNNEL_RATE_DSR;
        cr_assert_eq(tdm_funnel_fit_compute(xr, NULL, NULL, 2, &opt, &f, &err), TDM_EINVAL);
    }
    opt.statistic = TDM_FUNNEL_PROPORTION;
    opt.winsor = 0.5;
    cr_assert_eq(tdm_funnel_fit_compute(x, n, NULL, 3, &opt, &f, &err), TDM_EINVAL);
}
