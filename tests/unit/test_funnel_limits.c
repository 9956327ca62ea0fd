/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_funnel_limits.c - the PHE exact Poisson bisection (SPEC:
 * funnel.poisson_bisection), bit for bit against the package
 * (oracle_generated/poisson_funnel_bisection_vs_chisq.csv), the axis
 * rounding quirk (SPEC: funnel.axis) and the limits tables (SPEC:
 * funnel.limits, funnel.proportion).
 */
#include <criterion/criterion.h>
#include <math.h>

#include "refcsv.h"
#include "tandem.h"

#define REL(a, b, t) (fabs((a) - (b)) <= (t)*fmax(fabs(a), fabs(b)))

Test(funnel_limits, bisection_is_bit_identical_to_the_package)
{
    ref_table t;
    size_t cobs, cg25, ch25, cg1, ch1, cq25, cq1;
    ref_load(&t, "indicators/oracle_generated/poisson_funnel_bisection_vs_chisq.csv");
    cobs = ref_col(&t, "obs");
    cg25 = ref_col(&t, "G_0.025");
    ch25 = ref_col(&t, "H_0.025");
    cg1 = ref_col(&t, "G_0.001");
    ch1 = ref_col(&t, "H_0.001");
    cq25 = ref_col(&t, "chisq_lower_0.025");
    cq1 = ref_col(&t, "chisq_lower_0.001");
    cr_assert(t.n_rows > 100);
    for (size_t r = 0; r < t.n_rows; r++) {
        double o = ref_num(&t, r, cobs);
        cr_assert_eq(tdm_funnel_poisson_limit(o, 0.025, 0), ref_num(&t, r, cg25), "obs %g", o);
        cr_assert_eq(tdm_funnel_poisson_limit(o, 0.025, 1), ref_num(&t, r, ch25), "obs %g", o);
        cr_assert_eq(tdm_funnel_poisson_limit(o, 0.001, 0), ref_num(&t, r, cg1), "obs %g", o);
        cr_assert_eq(tdm_funnel_poisson_limit(o, 0.001, 1), ref_num(&t, r, ch1), "obs %g", o);
        /* ... and close to, but not the same as, the chi-square quantile */
        cr_assert(REL(tdm_funnel_poisson_limit(o, 0.025, 0), ref_num(&t, r, cq25), 1e-5));
        cr_assert(REL(tdm_funnel_poisson_limit(o, 0.001, 0), ref_num(&t, r, cq1), 1e-4));
    }
    ref_free(&t);
}

static tdm_funnel_fit prop_fit(const double *x, const double *n, size_t k, double m)
{
    tdm_funnel_options o;
    tdm_funnel_fit f;
    tdm_funnel_options_init(&o);
    o.multiplier = m;
    cr_assert_eq(tdm_funnel_fit_compute(x, n, NULL, k, &o, &f, NULL), TDM_OK);
    return f;
}

Test(funnel_limits, axis_uses_r_print_width)
{
    /* SPEC: funnel.axis - floorsig(15789474) is 1.5e7 because R prints
     * floor(0.95 x) = 15000000 as "1.5e+07" (7 characters), not 1e7 */
    double x[2] = { 1000, 1200 }, n[2] = { 15789474, 20000000 };
    tdm_funnel_fit f = prop_fit(x, n, 2, 100);
    tdm_funnel_limit rows[TDM_FUNNEL_POINTS];
    size_t k;
    cr_assert_eq(tdm_funnel_limits(&f, rows, &k), TDM_OK);
    cr_assert_eq(k, TDM_FUNNEL_POINTS);
    cr_assert_eq(rows[0].x, 15000000.0);
    /* ceilsig(20000000): ceiling(21000000) has 2 significant digits -> 21000000 */
    cr_assert_eq(rows[99].x, 21000000.0);
    for (size_t j = 1; j < k; j++) {
        cr_assert(rows[j].x > rows[j - 1].x);
    }
}

Test(funnel_limits, proportion_limits_are_the_normal_approximation)
{
    /* SPEC: funnel.proportion - sigma_adjustment equals P0 -/+ z sqrt(P0(1-P0)/N) */
    double x[3] = { 40, 50, 70 }, n[3] = { 100, 100, 100 };
    tdm_funnel_fit f = prop_fit(x, n, 3, 1);
    tdm_funnel_limit rows[TDM_FUNNEL_POINTS];
    double p0 = 160.0 / 300.0;
    cr_assert_eq(tdm_funnel_limits(&f, rows, NULL), TDM_OK);
    for (size_t j = 0; j < TDM_FUNNEL_POINTS; j++) {
        double s = sqrt(p0 * (1 - p0) / rows[j].x);
        double l2 = p0 - f.z975 * s, u3 = p0 + f.z999 * s;
        if (l2 > 0) {
            cr_assert(REL(rows[j].lower_2s, l2, 1e-11), "N %g", rows[j].x);
        }
        if (u3 < 1) {
            cr_assert(REL(rows[j].upper_3s, u3, 1e-11), "N %g", rows[j].x);
        }
        /* clamped to [0, multiplier]: never above 1 with multiplier 1 */
        cr_assert(rows[j].upper_3s <= 1.0 && rows[j].lower_3s >= 0.0);
        cr_assert_eq(rows[j].baseline, p0);
    }
}

Test(funnel_limits, ratio_table_columns)
{
    double o[3] = { 8, 151, 159 }, e[3] = { 6.2398602270000003, 106.4429719, 232.9329036 };
    tdm_funnel_options opt;
    tdm_funnel_fit f;
    tdm_funnel_limit rows[TDM_FUNNEL_POINTS];
    tdm_funnel_options_init(&opt);
    opt.statistic = TDM_FUNNEL_RATIO;
    opt.ratio_type = TDM_FUNNEL_RATIO_COUNT;
    cr_assert_eq(tdm_funnel_fit_compute(o, e, NULL, 3, &opt, &f, NULL), TDM_OK);
    cr_assert_eq(f.baseline, 1.0);
    cr_assert_eq(tdm_funnel_limits(&f, rows, NULL), TDM_OK);
    /* observed 1: lower limit 1 / H(1, 0.025) - 1 */
    cr_assert_eq(rows[0].x, 1.0);
    cr_assert_eq(rows[0].lower_2s_x, tdm_funnel_poisson_limit(1, 0.025, 1));
    cr_assert(REL(rows[0].lower_2s, 1.0 / rows[0].lower_2s_x - 1.0, 1e-15));
    cr_assert_eq(rows[0].baseline, 0.0);
}
