/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_spc_qic.c - tdm_qic_compute on small series whose answers follow by
 * hand from the formulas of qicharts2 0.8.1 (spec-spc.md part B, restated in
 * docs/methods/spc-qic.md): every chart type, subgroups, parts, freeze,
 * exclusions, missing values, multiply, the negative-limit clamp, the domain
 * errors and the out-of-memory loop. The reference cases themselves are in
 * tests/parity/spc_qic.sh.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

#include "tandem.h"
#include "test_alloc.h"

#define REL(a, b) (fabs((a) - (b)) <= 1e-12 * fmax(1.0, fmax(fabs(a), fabs(b))))

static tdm_qic_point pts[64];
static tdm_qic_part parts[64];
static tdm_qic_summary sum;
static tdm_error err;

static const double pi = 3.141592653589793;

static int chart(int type, const double *y, const double *n, size_t rows, tdm_qic_options *o)
{
    tdm_qic_options def;
    tdm_qic_input in;
    if (o == NULL) {
        tdm_qic_options_init(&def);
        o = &def;
    }
    o->chart = type;
    memset(&in, 0, sizeof in);
    in.rows = rows;
    in.y = y;
    in.n = n;
    return tdm_qic_compute(&in, o, pts, parts, &sum, NULL, &err);
}

static int chart_in(const tdm_qic_input *in, tdm_qic_options *o)
{
    return tdm_qic_compute(in, o, pts, parts, &sum, NULL, &err);
}

/* SPEC: qic.chart.i, qic.screen, qic.sigma - the "deviations" series: 17 moving ranges
 * averaging 32/17; 8 and 9 are screened out, the other 15 are 1. */
Test(spc_qic, i_chart_screened_and_unscreened)
{
    static const double y[18] = { 1, 2, 1, 2, 10, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1 };
    tdm_qic_options o;
    tdm_qic_options_init(&o);
    cr_assert_eq(chart(TDM_QIC_I, y, NULL, 18, &o), TDM_OK);
    cr_assert(REL(pts[0].cl, 35.0 / 18.0));
    cr_assert(REL(pts[0].ucl, 35.0 / 18.0 + 3.0 * (1.0 / 1.128)));
    cr_assert(REL(pts[0].lcl_95, 35.0 / 18.0 - 2.0 * (1.0 / 1.128)));
    cr_assert_eq(pts[4].sigma_signal, 1);
    cr_assert_eq(sum.sigma_signal, 1);
    o.screen = 0;
    cr_assert_eq(chart(TDM_QIC_I, y, NULL, 18, &o), TDM_OK);
    cr_assert(REL(pts[0].ucl, 35.0 / 18.0 + 3.0 * ((32.0 / 17.0) / 1.128)));
}

/* SPEC: qic.chart.i - unlike tandem spc, qicharts2 screens every zero range
 * of a constant series out and has no limits. */
Test(spc_qic, constant_series_has_no_limits_and_no_useful_points)
{
    static const double y[5] = { 3, 3, 3, 3, 3 };
    cr_assert_eq(chart(TDM_QIC_I, y, NULL, 5, NULL), TDM_OK);
    cr_assert(REL(pts[2].cl, 3.0));
    cr_assert(isnan(pts[2].ucl) && isnan(pts[2].lcl) && isnan(pts[2].ucl_95));
    cr_assert_eq(parts[0].runs.n_obs, 5);
    cr_assert_eq(parts[0].runs.n_useful, 0);
    cr_assert_eq(sum.sigma_signal + sum.runs_signal, 0);
}

/* SPEC: qic.exclude - an excluded point takes no part in the centre line,
 * the moving ranges bridge it, and it is not in the runs analysis, but it is
 * still charted and can signal. */
Test(spc_qic, excluded_point_is_bridged_and_still_signals)
{
    static const double y[5] = { 10, 12, 100, 11, 13 };
    static const uint8_t ex[5] = { 0, 0, 1, 0, 0 };
    tdm_qic_input in = { 5, NULL, y, NULL, NULL, ex, NULL };
    tdm_qic_options o;
    double sigma = (5.0 / 3.0) / 1.128; /* ranges 2, 1, 2 */
    tdm_qic_options_init(&o);
    o.chart = TDM_QIC_I;
    cr_assert_eq(chart_in(&in, &o), TDM_OK);
    cr_assert(REL(pts[0].cl, 11.5));
    cr_assert(REL(pts[0].ucl, 11.5 + 3.0 * sigma));
    cr_assert_eq(pts[2].include, 0);
    cr_assert_eq(pts[2].sigma_signal, 1);
    cr_assert_eq(parts[0].runs.n_obs, 4);
    cr_assert_eq(parts[0].sigma_signal, 1);
}

/* SPEC: qic.freeze - the first N subgroups give the limits of all. */
Test(spc_qic, freeze_takes_limits_from_the_first_points)
{
    double y[10];
    tdm_qic_options o;
    for (int i = 0; i < 10; i++) {
        y[i] = i + 1;
    }
    tdm_qic_options_init(&o);
    o.freeze = 5;
    cr_assert_eq(chart(TDM_QIC_I, y, NULL, 10, &o), TDM_OK);
    cr_assert(REL(pts[9].cl, 3.0));
    cr_assert(REL(pts[9].ucl, 3.0 + 3.0 / 1.128));
    cr_assert_eq(pts[4].baseline, 1);
    cr_assert_eq(pts[5].baseline, 0);
    cr_assert_eq(pts[9].sigma_signal, 1);
    /* the runs analysis covers every point: 1..10 against 3 */
    cr_assert_eq(parts[0].runs.n_useful, 9);
    cr_assert_eq(parts[0].runs.longest_run, 7);
}

/* SPEC: qic.part - a flag starts a new part (one on the first point starts
 * nothing); each part has its own centre line, limits and runs analysis, and
 * moving ranges never cross a part boundary. */
Test(spc_qic, parts_are_charted_separately)
{
    static const double y[8] = { 1, 2, 1, 2, 11, 12, 11, 12 };
    static const uint8_t flag[8] = { 1, 0, 0, 0, 1, 0, 0, 0 };
    tdm_qic_input in = { 8, NULL, y, NULL, flag, NULL, NULL };
    tdm_qic_options o;
    tdm_qic_options_init(&o);
    o.chart = TDM_QIC_I;
    cr_assert_eq(chart_in(&in, &o), TDM_OK);
    cr_assert_eq(sum.n_parts, 2);
    cr_assert_eq(pts[0].part, 1);
    cr_assert_eq(pts[4].part, 2);
    cr_assert(REL(pts[0].cl, 1.5));
    cr_assert(REL(pts[7].cl, 11.5));
    cr_assert(REL(pts[7].ucl, 11.5 + 3.0 / 1.128));
    cr_assert_eq(parts[1].start, 4);
    cr_assert_eq(parts[1].n, 4);
    cr_assert_eq(parts[1].runs.n_obs, 4);
    /* freeze and parts together are refused (qicharts2 ignores freeze) */
    o.freeze = 2;
    cr_assert_eq(chart_in(&in, &o), TDM_EINVAL);
}

/* SPEC: qic.subgroup - rows sharing a time are one subgroup. */
Test(spc_qic, subgroups_aggregate_by_mean_median_sum_and_sd)
{
    static const int64_t t[7] = { 1, 1, 2, 2, 2, 3, 4 };
    static const double y[7] = { 1, 3, 2, 4, 9, 5, NAN };
    tdm_qic_input in = { 7, t, y, NULL, NULL, NULL, NULL };
    tdm_qic_options o;
    tdm_qic_options_init(&o);
    o.chart = TDM_QIC_RUN;
    cr_assert_eq(chart_in(&in, &o), TDM_OK);
    cr_assert_eq(sum.n_points, 4);
    cr_assert_eq(sum.n_missing, 1);
    cr_assert_eq(sum.rows_missing, 1);
    cr_assert(REL(pts[0].y, 2.0) && REL(pts[1].y, 5.0) && REL(pts[2].y, 5.0));
    cr_assert(isnan(pts[3].y));
    cr_assert_eq(pts[1].values, 3);
    cr_assert_eq(pts[1].rows, 3);
    cr_assert_eq(pts[1].row, 2);
    cr_assert_eq(pts[3].values, 0);
    o.agg = TDM_QIC_AGG_MEDIAN;
    cr_assert_eq(chart_in(&in, &o), TDM_OK);
    cr_assert(REL(pts[0].y, 2.0) && REL(pts[1].y, 4.0) && REL(pts[2].y, 5.0));
    o.agg = TDM_QIC_AGG_SUM;
    cr_assert_eq(chart_in(&in, &o), TDM_OK);
    cr_assert(REL(pts[0].y, 4.0) && REL(pts[1].y, 15.0) && REL(pts[2].y, 5.0));
    cr_assert(isnan(pts[3].y)); /* qicharts2 would sum nothing to 0: SPEC qic.missing */
    o.agg = TDM_QIC_AGG_SD;
    cr_assert_eq(chart_in(&in, &o), TDM_OK);
    cr_assert(REL(pts[0].y, sqrt(2.0)) && REL(pts[1].y, sqrt(13.0)) && isnan(pts[2].y));
}

/* SPEC: qic.chart.run, qic.median - the median of the base values. */
Test(spc_qic, run_chart_median_and_no_limits)
{
    static const double y[6] = { 5, 1, 4, 2, 8, NAN };
    cr_assert_eq(chart(TDM_QIC_RUN, y, NULL, 6, NULL), TDM_OK);
    cr_assert(REL(pts[0].cl, 4.0));
    cr_assert(isnan(pts[0].ucl) && isnan(pts[0].lcl));
    cr_assert_eq(chart(TDM_QIC_RUN, y, NULL, 4, NULL), TDM_OK);
    cr_assert(REL(pts[0].cl, 3.0)); /* (2 + 4) / 2 */
    cr_assert_eq(parts[0].runs.n_useful, 4);
}

/* SPEC: qic.chart.mr */
Test(spc_qic, mr_chart)
{
    static const double y[5] = { 1, 3, 2, 6, 4 };
    cr_assert_eq(chart(TDM_QIC_MR, y, NULL, 5, NULL), TDM_OK);
    cr_assert(isnan(pts[0].y));
    cr_assert(REL(pts[1].y, 2.0) && REL(pts[3].y, 4.0));
    cr_assert(REL(pts[0].cl, 2.25));
    cr_assert(REL(pts[0].ucl, 3.267 * 2.25));
    cr_assert(REL(pts[0].ucl_95, (3.267 / 3.0) * 2.0 * 2.25));
    cr_assert(pts[0].lcl == 0.0 && pts[0].lcl_95 == 0.0);
    cr_assert_eq(parts[0].runs.runs_signal, 0);
}

/* SPEC: qic.chart.xbar, qic.chart.s - constant subgroups of 3, each with
 * standard deviation 1: s-bar = 1, CL = grand mean, A3(3) = 3 / (c4(3) sqrt 3)
 * with c4(3) = sqrt(pi) / 2. */
Test(spc_qic, xbar_and_s_with_constant_subgroups)
{
    static const int64_t t[12] = { 1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4 };
    static const double y[12] = { 1, 2, 3, 2, 3, 4, 3, 4, 5, 4, 5, 6 };
    tdm_qic_input in = { 12, t, y, NULL, NULL, NULL, NULL };
    tdm_qic_options o;
    double c4 = sqrt(pi) / 2.0;
    double c5 = sqrt(1.0 - c4 * c4);
    tdm_qic_options_init(&o);
    o.chart = TDM_QIC_XBAR;
    cr_assert_eq(chart_in(&in, &o), TDM_OK);
    cr_assert_eq(sum.n_points, 4);
    cr_assert(REL(pts[1].y, 3.0));
    cr_assert(REL(pts[0].cl, 3.5));
    cr_assert(REL(pts[0].ucl, 3.5 + 3.0 / (c4 * sqrt(3.0))));
    cr_assert(REL(pts[0].lcl_95, 3.5 - 2.0 / (c4 * sqrt(3.0))));
    o.chart = TDM_QIC_S;
    cr_assert_eq(chart_in(&in, &o), TDM_OK);
    cr_assert(REL(pts[2].y, 1.0));
    cr_assert(REL(pts[0].cl, 1.0));
    cr_assert(REL(pts[0].ucl, 1.0 + 3.0 * c5 / c4));
    cr_assert(pts[0].lcl == 0.0); /* B3(3) = max(0, 1 - 3 c5 / c4) */
    cr_assert(REL(pts[0].ucl_95, 1.0 + 2.0 * c5 / c4));
}

/* Varying subgroup sizes pool the variances (Montgomery 6.31), and a
 * subgroup of one has no limits. */
Test(spc_qic, xbar_with_varying_subgroups_pools_the_variance)
{
    static const int64_t t[6] = { 1, 1, 1, 2, 2, 3 };
    static const double y[6] = { 1, 2, 3, 2, 4, 7 };
    tdm_qic_input in = { 6, t, y, NULL, NULL, NULL, NULL };
    tdm_qic_options o;
    double pooled = sqrt((2.0 * 1.0 + 1.0 * 2.0) / (2.0 + 1.0 + 0.0));
    double cl = (3.0 * 2.0 + 2.0 * 3.0 + 7.0) / 6.0;
    tdm_qic_options_init(&o);
    o.chart = TDM_QIC_XBAR;
    cr_assert_eq(chart_in(&in, &o), TDM_OK);
    cr_assert(REL(pts[0].cl, cl));
    cr_assert(REL(pts[1].ucl, cl + 3.0 / (sqrt(2.0 / pi) * sqrt(2.0)) * pooled));
    cr_assert(isnan(pts[2].ucl) && isnan(pts[2].lcl));
}

/* SPEC: qic.chart.c */
Test(spc_qic, c_chart_clamps_the_lower_limit)
{
    static const double y[4] = { 4, 9, 1, 6 };
    cr_assert_eq(chart(TDM_QIC_C, y, NULL, 4, NULL), TDM_OK);
    cr_assert(REL(pts[0].cl, 5.0));
    cr_assert(REL(pts[0].ucl, 5.0 + 3.0 * sqrt(5.0)));
    cr_assert(pts[0].lcl == 0.0);
    cr_assert(REL(pts[0].lcl_95, 5.0 - 2.0 * sqrt(5.0)));
}

/* SPEC: qic.chart.g */
Test(spc_qic, g_chart_limits_from_the_mean_centre_at_the_median)
{
    static const double y[5] = { 2, 10, 4, 0, 30 };
    tdm_qic_options o;
    double m = 46.0 / 5.0;
    cr_assert_eq(chart(TDM_QIC_G, y, NULL, 5, NULL), TDM_OK);
    cr_assert(REL(pts[0].cl, 4.0));
    cr_assert(REL(pts[0].ucl, m + 3.0 * sqrt(m * (m + 1.0))));
    cr_assert(pts[0].lcl == 0.0 && pts[0].lcl_95 == 0.0);
    cr_assert_eq(parts[0].runs.n_useful, 4); /* against the median */
    tdm_qic_options_init(&o);
    o.cl = 10.0;
    cr_assert_eq(chart(TDM_QIC_G, y, NULL, 5, &o), TDM_OK);
    cr_assert(REL(pts[0].cl, 6.93));
    cr_assert(REL(pts[0].ucl, 10.0 + 3.0 * sqrt(110.0)));
}

/* SPEC: qic.chart.p, qic.summary - pooled proportion, limits within [0, 1],
 * part averages of the limits. */
Test(spc_qic, p_chart_pooled_proportion_and_clamps)
{
    static const double y[3] = { 1, 2, 3 };
    static const double n[3] = { 10, 20, 30 };
    static const double y2[2] = { 9, 18 };
    static const double n2[2] = { 10, 20 };
    cr_assert_eq(chart(TDM_QIC_P, y, n, 3, NULL), TDM_OK);
    cr_assert(REL(pts[0].cl, 0.1));
    cr_assert(REL(pts[2].ucl, 0.1 + 3.0 * sqrt(0.1 * 0.9 / 30.0)));
    cr_assert(pts[0].lcl == 0.0);
    cr_assert(REL(pts[0].y, 0.1) && REL(pts[0].n, 10.0));
    cr_assert_eq(chart(TDM_QIC_P, y2, n2, 2, NULL), TDM_OK);
    cr_assert(pts[0].ucl == 1.0 && pts[0].ucl_95 == 1.0);
    cr_assert(REL(parts[0].aucl, 1.0));
}

/* SPEC: qic.chart.laney, qic.chart.pp, qic.chart.up, qic.chart.u - P' and U' scale sigma_i by the
 * moving-range sigma of the z-scores; with z-scores of constant step, sigma_z = step / 1.128. */
Test(spc_qic, laney_p_prime_and_u_prime)
{
    static const double y[4] = { 10, 30, 20, 40 };
    static const double n[4] = { 100, 100, 100, 100 };
    double cl = 0.25;
    double s = sqrt(cl * 0.75 / 100.0);
    double z[4], mr = 0;
    for (int i = 0; i < 4; i++) {
        z[i] = (y[i] / n[i] - cl) / s;
    }
    for (int i = 1; i < 4; i++) {
        mr += fabs(z[i] - z[i - 1]);
    }
    mr /= 3.0;
    cr_assert_eq(chart(TDM_QIC_PP, y, n, 4, NULL), TDM_OK);
    cr_assert(REL(pts[0].cl, cl));
    cr_assert(REL(pts[0].ucl, cl + 3.0 * (s * (mr / 1.128))));
    cr_assert_eq(chart(TDM_QIC_UP, y, n, 4, NULL), TDM_OK);
    s = sqrt(cl / 100.0);
    cr_assert(REL(pts[0].ucl_95, cl + 2.0 * (s * (mr * sqrt(0.75) / 1.128))));
    cr_assert_eq(chart(TDM_QIC_U, y, n, 4, NULL), TDM_OK);
    cr_assert(REL(pts[3].ucl, cl + 3.0 * sqrt(cl / 100.0)));
}

/* SPEC: qic.chart.ip - Taylor's I' chart, straight from its definition. */
Test(spc_qic, i_prime_chart)
{
    static const double y[4] = { 10, 10, 12, 12 };
    static const double n[4] = { 100, 50, 80, 40 };
    double r[4], s = 0, cl = 44.0 / 270.0;
    for (int i = 0; i < 4; i++) {
        r[i] = y[i] / n[i];
    }
    for (int i = 1; i < 4; i++) {
        s += sqrt(pi / 2.0) * fabs(r[i] - r[i - 1]) / sqrt(1.0 / n[i - 1] + 1.0 / n[i]);
    }
    s /= 3.0;
    cr_assert_eq(chart(TDM_QIC_IP, y, n, 4, NULL), TDM_OK);
    cr_assert(REL(pts[0].cl, cl));
    cr_assert(REL(pts[1].ucl, cl + 3.0 * (s * sqrt(1.0 / 50.0))));
    cr_assert(REL(pts[3].lcl_95, cl - 2.0 * (s * sqrt(1.0 / 40.0))));
    /* without denominators n is the number of values in the subgroup */
    cr_assert_eq(chart(TDM_QIC_IP, y, NULL, 4, NULL), TDM_OK);
    cr_assert(REL(pts[0].n, 1.0));
    cr_assert(REL(pts[0].cl, 11.0));
}

/* SPEC: qic.chart.t */
Test(spc_qic, t_chart_transforms_and_clamps)
{
    static const double y[6] = { 286, 948, 536, 124, 816, 729 };
    double m = 0;
    for (int i = 0; i < 6; i++) {
        m += pow(y[i], 1.0 / 3.6);
    }
    m /= 6.0;
    cr_assert_eq(chart(TDM_QIC_T, y, NULL, 6, NULL), TDM_OK);
    cr_assert(REL(pts[0].cl, pow(m, 3.6)));
    cr_assert(fabs(pts[1].y - 948.0) < 1e-9);
    cr_assert(pts[0].lcl >= 0.0);
}

/* SPEC: qic.chart.t - a given centre line is in the original units
 * (qicharts2 would take it on the transformed scale and raise it to 3.6). */
Test(spc_qic, t_chart_given_centre_line_in_original_units)
{
    static const double y[6] = { 286, 948, 536, 124, 816, 729 };
    tdm_qic_options o;
    tdm_qic_options_init(&o);
    o.cl = 400.0;
    cr_assert_eq(chart(TDM_QIC_T, y, NULL, 6, &o), TDM_OK);
    cr_assert(REL(pts[0].cl, 400.0));
    cr_assert(pts[0].ucl > 400.0);
}

/* SPEC: qic.missing - a row with a numerator and no denominator is missing;
 * a subgroup without values keeps its place, has no value and no signal. */
Test(spc_qic, missing_values_are_skipped_and_counted)
{
    static const double y[5] = { 5, 6, 8, NAN, 5 };
    static const double n[5] = { 50, NAN, 70, 60, 50 };
    cr_assert_eq(chart(TDM_QIC_U, y, n, 5, NULL), TDM_OK);
    cr_assert_eq(sum.rows_missing, 2);
    cr_assert_eq(sum.n_missing, 2);
    cr_assert(isnan(pts[1].y) && isnan(pts[1].n) && isnan(pts[1].ucl));
    cr_assert(REL(pts[0].cl, 18.0 / 170.0));
    cr_assert_eq(pts[3].sigma_signal, 0);
    cr_assert_eq(parts[0].runs.n_obs, 5);
    cr_assert_eq(parts[0].runs.n_useful, 3);
}

/* SPEC: qic.multiply, qic.yneg */
Test(spc_qic, multiply_and_negative_limit_clamp)
{
    static const double y[4] = { 1, 5, 2, 6 };
    static const double yneg[4] = { 1, 5, -2, 6 };
    tdm_qic_options o;
    tdm_qic_options_init(&o);
    o.multiply = 100.0;
    cr_assert_eq(chart(TDM_QIC_I, y, NULL, 4, &o), TDM_OK);
    cr_assert(REL(pts[0].y, 100.0));
    cr_assert(REL(pts[0].cl, 350.0));
    cr_assert(pts[0].lcl < 0.0);
    o.multiply = 1.0;
    o.y_neg = 0;
    cr_assert_eq(chart(TDM_QIC_I, y, NULL, 4, &o), TDM_OK);
    cr_assert(pts[0].lcl == 0.0);
    cr_assert(parts[0].alcl == 0.0);
    cr_assert_eq(chart(TDM_QIC_I, yneg, NULL, 4, &o), TDM_OK);
    cr_assert(pts[0].lcl < 0.0);
    o.multiply = 0.0;
    cr_assert_eq(chart(TDM_QIC_I, y, NULL, 4, &o), TDM_EINVAL);
}

/* SPEC: qic.domain - each bad row is reported with its line. */
Test(spc_qic, domain_errors_name_the_line)
{
    static const double y[3] = { 1, 12, 3 };
    static const double n[3] = { 10, 10, 10 };
    static const double zero[3] = { 10, 0, 10 };
    static const double neg[3] = { 1, -1, 3 };
    static const uint64_t line[3] = { 7, 9, 12 };
    tdm_qic_input in = { 3, NULL, y, n, NULL, NULL, line };
    tdm_qic_options o;
    tdm_qic_options_init(&o);
    o.chart = TDM_QIC_P;
    cr_assert_eq(chart_in(&in, &o), TDM_EDOMAIN);
    cr_assert_eq(err.line, 9);
    cr_assert_str_eq(err.message, "line 9: numerator 12 is above its denominator 10: a "
                                  "proportion cannot exceed 1 (p chart)");
    o.chart = TDM_QIC_U; /* a rate may exceed 1 */
    cr_assert_eq(chart_in(&in, &o), TDM_OK);
    in.n = zero;
    cr_assert_eq(chart_in(&in, &o), TDM_EDOMAIN);
    cr_assert_str_eq(err.message, "line 9: denominator 0 is not positive (u chart)");
    in.n = NULL;
    in.y = neg;
    o.chart = TDM_QIC_C;
    cr_assert_eq(chart_in(&in, &o), TDM_EDOMAIN);
    cr_assert_str_eq(err.message, "line 9: value -1 is negative: counts cannot be negative (c "
                                  "chart)");
    o.chart = TDM_QIC_T;
    in.line = NULL;
    cr_assert_eq(chart_in(&in, &o), TDM_EDOMAIN);
    cr_assert_eq(err.line, 2);
    cr_assert_str_eq(err.message, "row 2: value -1 is not positive: times between events must "
                                  "be greater than 0 (t chart)");
    o.chart = TDM_QIC_I; /* an I chart takes any value */
    cr_assert_eq(chart_in(&in, &o), TDM_OK);
    o.chart = TDM_QIC_P; /* a P chart needs denominators */
    cr_assert_eq(chart_in(&in, &o), TDM_EINVAL);
}

Test(spc_qic, bad_arguments)
{
    static const double y[2] = { 1, 2 };
    static const int64_t back[2] = { 5, 4 };
    tdm_qic_input in = { 2, back, y, NULL, NULL, NULL, NULL };
    tdm_qic_options o;
    tdm_qic_options_init(&o);
    cr_assert_eq(chart_in(&in, &o), TDM_EINVAL); /* rows out of time order */
    cr_assert_eq(tdm_qic_compute(NULL, &o, pts, parts, &sum, NULL, NULL), TDM_EINVAL);
    o.chart = 13;
    cr_assert_eq(chart(13, y, NULL, 2, &o), TDM_EINVAL);
    cr_assert_eq(chart(TDM_QIC_I, y, NULL, 0, NULL), TDM_OK);
    cr_assert_eq(sum.n_points, 0);
    cr_assert_eq(sum.n_parts, 0);
}

Test(spc_qic, chart_names_round_trip)
{
    for (int c = 0; c <= TDM_QIC_IP; c++) {
        const char *name = tdm_qic_chart_name(c);
        int back = -1;
        cr_assert_eq(tdm_qic_chart_parse(name, strlen(name), &back), TDM_OK);
        cr_assert_eq(back, c);
    }
    cr_assert_str_eq(tdm_qic_chart_name(99), "");
    {
        int c = -1;
        cr_assert_eq(tdm_qic_chart_parse("XBAR", 4, &c), TDM_OK);
        cr_assert_eq(c, TDM_QIC_XBAR);
        cr_assert_eq(tdm_qic_chart_parse("x", 1, &c), TDM_EPARSE);
    }
    cr_assert(tdm_qic_chart_needs_denominator(TDM_QIC_UP));
    cr_assert(!tdm_qic_chart_needs_denominator(TDM_QIC_IP));
}

/* The caller's workspace gives the same answer as the internal one. */
Test(spc_qic, caller_workspace)
{
    static const double y[6] = { 3, 1, 4, 1, 5, 9 };
    static double work[64];
    tdm_qic_input in = { 6, NULL, y, NULL, NULL, NULL, NULL };
    tdm_qic_options o;
    double ucl;
    tdm_qic_options_init(&o);
    o.chart = TDM_QIC_I;
    cr_assert(tdm_qic_workspace_size(6) <= sizeof work);
    cr_assert_eq(tdm_qic_compute(&in, &o, pts, parts, &sum, NULL, NULL), TDM_OK);
    ucl = pts[0].ucl;
    cr_assert_eq(tdm_qic_compute(&in, &o, pts, parts, &sum, work, NULL), TDM_OK);
    cr_assert(pts[0].ucl == ucl);
    cr_assert_eq(tdm_qic_workspace_size(SIZE_MAX / 2), 0);
}

/* Conventions 4.5: every allocation failure returns TDM_ENOMEM cleanly. */
Test(spc_qic, out_of_memory_loop)
{
    static const double y[6] = { 3, 1, 4, 1, 5, 9 };
    int rc = TDM_ENOMEM;
    for (size_t k = 1; rc == TDM_ENOMEM && k < 10; k++) {
        test_alloc_install(k);
        rc = chart(TDM_QIC_RUN, y, NULL, 6, NULL);
        cr_assert_eq(test_alloc_remove(), 0, "leak when allocation %zu fails", k);
        cr_assert(rc == TDM_OK || rc == TDM_ENOMEM);
    }
    cr_assert_eq(rc, TDM_OK);
}
