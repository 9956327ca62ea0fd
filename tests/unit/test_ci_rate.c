/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_ci_rate.c - Byar's approximation (SPEC: ci.byar), the exact Poisson
 * interval (SPEC: ci.exact), the PHE switch at 10 events (SPEC: ci.poisson)
 * and crude rates (SPEC: ci.rate), against the PHEindicatormethods test
 * workbook and the package run on counts 0..12 and beyond
 * (oracle_generated/edge_rate_output.csv).
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

TestSuite(ci_rate, .init = setup);

Test(ci_rate, byar_workbook_values)
{
    /* testdata_Byars_Wilson.xlsx (primitives_wilson_byars_expected.csv) */
    tdm_interval ci;
    cr_assert_eq(tdm_ci_byar(65, &l95, &ci, NULL), TDM_OK);
    cr_assert(REL(ci.lower, 50.163187710459454, 1e-12));
    cr_assert(REL(ci.upper, 82.849138545939837, 1e-12));
    cr_assert_eq(tdm_ci_byar(1045, &l998, &ci, NULL), TDM_OK);
    cr_assert(REL(ci.lower, 947.94070356103737, 1e-12));
    cr_assert(REL(ci.upper, 1148.8061609880331, 1e-12));
    cr_assert_eq(tdm_ci_byar(10, &l998, &ci, NULL), TDM_OK);
    cr_assert(REL(ci.lower, 2.916318374695686, 1e-12));
    cr_assert(REL(ci.upper, 24.193724927880535, 1e-12));
}

Test(ci_rate, byar_negative_lower_is_nan)
{
    /* x = 1 at 99.8%: Byar's lower limit is negative, the reference gives NA */
    tdm_interval ci;
    cr_assert_eq(tdm_ci_byar(1, &l998, &ci, NULL), TDM_OK);
    cr_assert(isnan(ci.lower));
    cr_assert(REL(ci.upper, 9.362180217908362, 1e-12));
    cr_assert_eq(tdm_ci_byar(1, &l95, &ci, NULL), TDM_OK);
    cr_assert(REL(ci.lower, 0.013072132901504351, 1e-12));
}

Test(ci_rate, byar_accepts_fractional_counts)
{
    tdm_interval ci;
    cr_assert_eq(tdm_ci_byar(12.5, &l95, &ci, NULL), TDM_OK);
    cr_assert(ci.lower < 12.5 && ci.upper > 12.5);
}

Test(ci_rate, exact_rejects_fractional_counts)
{
    tdm_interval ci;
    tdm_error err;
    double v;
    int m;
    cr_assert_eq(tdm_ci_poisson_exact(2.5, &l95, &ci, &err), TDM_EDOMAIN);
    cr_assert(strstr(err.message, "not a whole number") != NULL);
    cr_assert_eq(tdm_ci_poisson(9.5, &l95, &ci, &m, &err), TDM_EDOMAIN);
    cr_assert_eq(tdm_ci_rate(3.5, 100, 1e5, -1, &l95, &v, &ci, &m, &err), TDM_EDOMAIN);
    /* from 10 events Byar's is used, which accepts them */
    cr_assert_eq(tdm_ci_poisson(10.5, &l95, &ci, &m, &err), TDM_OK);
    cr_assert_eq(m, TDM_CI_METHOD_BYAR);
}

Test(ci_rate, exact_large_count_matches_chisq)
{
    tdm_interval ci;
    cr_assert_eq(tdm_ci_poisson_exact(20, &l95, &ci, NULL), TDM_OK);
    /* qchisq(0.025, 40)/2 and qchisq(0.975, 42)/2 */
    cr_assert(REL(ci.lower, 12.216519585403942, 1e-13));
    cr_assert(REL(ci.upper, 30.888377902674595, 1e-13));
}

Test(ci_rate, package_counts_0_to_1e6_per_100000)
{
    ref_table t;
    size_t cx, cn, cv, cl95, cu95, cl998, cu998, cm;
    ref_load(&t, "indicators/oracle_generated/edge_rate_output.csv");
    cx = ref_col(&t, "numerator");
    cn = ref_col(&t, "denominator");
    cv = ref_col(&t, "value");
    cl95 = ref_col(&t, "lower95_0cl");
    cu95 = ref_col(&t, "upper95_0cl");
    cl998 = ref_col(&t, "lower99_8cl");
    cu998 = ref_col(&t, "upper99_8cl");
    cm = ref_col(&t, "method");
    for (size_t r = 0; r < t.n_rows; r++) {
        tdm_interval a, b;
        double v;
        int m;
        double x = ref_num(&t, r, cx), n = ref_num(&t, r, cn);
        cr_assert_eq(tdm_ci_rate(x, n, 1e5, -1, &l95, &v, &a, &m, NULL), TDM_OK);
        cr_assert(REL(v, ref_num(&t, r, cv), 1e-15), "row %zu", r);
        cr_assert_str_eq(tdm_ci_method_name(m), t.cells[r][cm]);
        cr_assert_eq(tdm_ci_rate(x, n, 1e5, -1, &l998, &v, &b, &m, NULL), TDM_OK);
        /* counts 0..9 come from the cached chi-square table: same bits as R */
        if (x < 10) {
            cr_assert_eq(a.lower, ref_num(&t, r, cl95), "row %zu", r);
            cr_assert_eq(a.upper, ref_num(&t, r, cu95), "row %zu", r);
        }
        cr_assert(REL(a.lower, ref_num(&t, r, cl95), 1e-12), "row %zu", r);
        cr_assert(REL(a.upper, ref_num(&t, r, cu95), 1e-12), "row %zu", r);
        cr_assert(REL(b.lower, ref_num(&t, r, cl998), 1e-12), "row %zu", r);
        cr_assert(REL(b.upper, ref_num(&t, r, cu998), 1e-12), "row %zu", r);
    }
    ref_free(&t);
}

Test(ci_rate, rate_allows_numerator_above_denominator)
{
    tdm_interval ci;
    double v;
    int m;
    cr_assert_eq(tdm_ci_rate(250, 220, 1e5, -1, &l95, &v, &ci, &m, NULL), TDM_OK);
    cr_assert(REL(v, 113636.36363636365, 1e-15));
    cr_assert_eq(m, TDM_CI_METHOD_BYAR);
}

Test(ci_rate, forced_methods_and_missing)
{
    tdm_interval ci;
    double v;
    int m;
    cr_assert_eq(tdm_ci_rate(50, 1000, 1e5, 1, &l95, &v, &ci, &m, NULL), TDM_OK);
    cr_assert_eq(m, TDM_CI_METHOD_EXACT);
    cr_assert_eq(tdm_ci_rate(5, 1000, 1e5, 0, &l95, &v, &ci, &m, NULL), TDM_OK);
    cr_assert_eq(m, TDM_CI_METHOD_BYAR);
    /* a count without its denominator: no value, but the method is named (as R) */
    cr_assert_eq(tdm_ci_rate(10, NAN, 1e5, -1, &l95, &v, &ci, &m, NULL), TDM_OK);
    cr_assert(isnan(v) && isnan(ci.lower));
    cr_assert_eq(m, TDM_CI_METHOD_BYAR);
}

Test(ci_rate, domain_errors)
{
    tdm_interval ci;
    tdm_error err;
    double v;
    int m;
    cr_assert_eq(tdm_ci_rate(-1, 10, 1e5, -1, &l95, &v, &ci, &m, &err), TDM_EDOMAIN);
    cr_assert(strstr(err.message, "negative") != NULL);
    cr_assert_eq(tdm_ci_rate(1, 0, 1e5, -1, &l95, &v, &ci, &m, &err), TDM_EDOMAIN);
    cr_assert_eq(tdm_ci_byar(-3, &l95, &ci, &err), TDM_EDOMAIN);
    cr_assert_eq(tdm_ci_count_check(INFINITY, 0, &err), TDM_EDOMAIN);
}
