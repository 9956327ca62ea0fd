/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_ci_proportion.c - confidence levels (SPEC: ci.z) and the Wilson score
 * interval (SPEC: ci.wilson) against the PHEindicatormethods test workbook
 * values (testdata_Byars_Wilson.xlsx) and the package run on edge cases
 * (tests/ref/indicators/oracle_generated/edge_proportion_output.csv).
 */
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

#include "refcsv.h"
#include "tandem.h"

#define REL(a, b, t) (fabs((a) - (b)) <= (t)*fmax(fabs(a), fabs(b)))

static tdm_ci_level l95, l998;

static void setup(void)
{
    cr_assert_eq(tdm_ci_level_init(&l95, 0.95, NULL), TDM_OK);
    cr_assert_eq(tdm_ci_level_init(&l998, 0.998, NULL), TDM_OK);
}

TestSuite(ci_proportion, .init = setup);

Test(ci_proportion, z_values)
{
    /* SPEC: ci.z - z(0.95) = 1.959963984540054, z(0.998) = 3.090232306167814 */
    cr_assert(REL(l95.z, 1.959963984540054, 1e-15));
    cr_assert(REL(l998.z, 3.090232306167814, 1e-15));
    /* exact Poisson limits of 0 events: lower 0, upper qchisq(0.975, 2)/2 */
    cr_assert_eq(l95.exact_lower[0], 0.0);
    cr_assert(REL(l95.exact_upper[0], 3.688879454113936, 1e-14));
}

Test(ci_proportion, confidence_outside_open_interval_is_einval)
{
    tdm_ci_level lv;
    tdm_error err;
    double bad[] = { 0.0, 1.0, 95.0, -0.5, NAN, INFINITY };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        cr_assert_eq(tdm_ci_level_init(&lv, bad[i], &err), TDM_EINVAL);
        cr_assert_eq(err.status, TDM_EINVAL);
        cr_assert(strstr(err.message, "between 0 and 1") != NULL);
    }
}

Test(ci_proportion, workbook_values)
{
    /* testdata_Byars_Wilson.xlsx via primitives_wilson_byars_expected.csv */
    tdm_interval ci;
    cr_assert_eq(tdm_ci_wilson(65, 100, &l95, &ci, NULL), TDM_OK);
    cr_assert(REL(ci.lower, 0.55254443296887967, 1e-12));
    cr_assert(REL(ci.upper, 0.73635751756902468, 1e-12));
    cr_assert_eq(tdm_ci_wilson(1045, 5000, &l998, &ci, NULL), TDM_OK);
    cr_assert(REL(ci.lower, 0.19179381799015244, 1e-12));
    cr_assert(REL(ci.upper, 0.22731562902525818, 1e-12));
    /* a fractional numerator is allowed */
    cr_assert_eq(tdm_ci_wilson(0.445, 1, &l95, &ci, NULL), TDM_OK);
    cr_assert(REL(ci.lower, 0.043817447720588223, 1e-12));
    cr_assert(REL(ci.upper, 0.93346212769791559, 1e-12));
}

Test(ci_proportion, package_edge_cases_to_1e9)
{
    ref_table t;
    size_t cx, cn, cl95, cu95, cl998, cu998;
    ref_load(&t, "indicators/oracle_generated/edge_proportion_output.csv");
    cx = ref_col(&t, "numerator");
    cn = ref_col(&t, "denominator");
    cl95 = ref_col(&t, "lower95_0cl");
    cu95 = ref_col(&t, "upper95_0cl");
    cl998 = ref_col(&t, "lower99_8cl");
    cu998 = ref_col(&t, "upper99_8cl");
    for (size_t r = 0; r < t.n_rows; r++) {
        tdm_interval a, b;
        double x = ref_num(&t, r, cx), n = ref_num(&t, r, cn);
        cr_assert_eq(tdm_ci_wilson(x, n, &l95, &a, NULL), TDM_OK);
        cr_assert_eq(tdm_ci_wilson(x, n, &l998, &b, NULL), TDM_OK);
        cr_assert(REL(a.lower, ref_num(&t, r, cl95), 1e-9), "row %zu", r);
        cr_assert(REL(a.upper, ref_num(&t, r, cu95), 1e-9), "row %zu", r);
        cr_assert(REL(b.lower, ref_num(&t, r, cl998), 1e-9), "row %zu", r);
        cr_assert(REL(b.upper, ref_num(&t, r, cu998), 1e-9), "row %zu", r);
    }
    ref_free(&t);
}

Test(ci_proportion, zero_and_all_are_exact)
{
    /* SPEC: ci.wilson - x = 0 gives lower exactly 0, x = n upper exactly 1 */
    tdm_interval ci;
    cr_assert_eq(tdm_ci_wilson(0, 5, &l95, &ci, NULL), TDM_OK);
    cr_assert_eq(ci.lower, 0.0);
    cr_assert_eq(tdm_ci_wilson(5, 5, &l998, &ci, NULL), TDM_OK);
    cr_assert_eq(ci.upper, 1.0);
    cr_assert_eq(tdm_ci_wilson(3, 3, &l95, &ci, NULL), TDM_OK);
    cr_assert_eq(ci.upper, 1.0);
}

Test(ci_proportion, missing_gives_nan_not_error)
{
    tdm_interval ci;
    cr_assert_eq(tdm_ci_wilson(NAN, 10, &l95, &ci, NULL), TDM_OK);
    cr_assert(isnan(ci.lower) && isnan(ci.upper));
    cr_assert_eq(tdm_ci_wilson(3, NAN, &l95, &ci, NULL), TDM_OK);
    cr_assert(isnan(ci.lower) && isnan(ci.upper));
}

Test(ci_proportion, domain_errors)
{
    tdm_interval ci;
    tdm_error err;
    cr_assert_eq(tdm_ci_wilson(11, 10, &l95, &ci, &err), TDM_EDOMAIN);
    cr_assert(strstr(err.message, "numerator 11 is greater than denominator 10") != NULL, "%s",
              err.message);
    cr_assert_eq(tdm_ci_wilson(-1, 10, &l95, &ci, &err), TDM_EDOMAIN);
    cr_assert_eq(tdm_ci_wilson(0, 0, &l95, &ci, &err), TDM_EDOMAIN);
    cr_assert_eq(tdm_ci_wilson(1, -4, &l95, &ci, &err), TDM_EDOMAIN);
    cr_assert_eq(tdm_ci_proportion_check(2.5, 3, NULL), TDM_OK);
}

Test(ci_proportion, total_is_compensated_and_propagates_nan)
{
    double v[4] = { 1e16, 1.0, -1e16, 1.0 };
    double w[3] = { 1.0, NAN, 2.0 };
    cr_assert_eq(tdm_ci_total(v, 4), 2.0);
    cr_assert(isnan(tdm_ci_total(w, 3)));
}

Test(ci_proportion, method_names)
{
    cr_assert_str_eq(tdm_ci_method_name(TDM_CI_METHOD_WILSON), "Wilson");
    cr_assert_str_eq(tdm_ci_method_name(TDM_CI_METHOD_BYAR), "Byars");
    cr_assert_str_eq(tdm_ci_method_name(TDM_CI_METHOD_DOBSON_NONINDEP),
                     "Dobson, with confidence adjusted for non-independent events");
    cr_assert_str_eq(tdm_ci_method_name(TDM_CI_METHOD_NONE), "");
}
