/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_ci_life_expectancy.c - Chiang II life table with Silcocks variance
 * (SPEC: le.chiang, le.silcocks, le.interval, le.suppress) against the
 * PHEindicatormethods test (testLifeExpectancy.R df1/answer1, compared there
 * at 4 dp: its CLs were made with z = 1.96).
 */
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

#include "refcsv.h"
#include "tandem.h"

static double age[20], dth[20], pop[20];

static void load(void)
{
    ref_table t;
    ref_load(&t, "indicators/le_input.csv");
    cr_assert_eq(t.n_rows, 20);
    for (size_t r = 0; r < 20; r++) {
        age[r] = ref_num(&t, r, ref_col(&t, "startage"));
        dth[r] = ref_num(&t, r, ref_col(&t, "deaths"));
        pop[r] = ref_num(&t, r, ref_col(&t, "population"));
    }
    ref_free(&t);
}

TestSuite(ci_life_expectancy, .init = load);

Test(ci_life_expectancy, package_answer)
{
    tdm_le_row out[TDM_LE_BANDS];
    tdm_ci_level lv;
    ref_table t;
    int sup;
    cr_assert_eq(tdm_ci_level_init(&lv, 0.95, NULL), TDM_OK);
    cr_assert_eq(tdm_le_compute(age, dth, pop, 20, out, &sup, NULL), TDM_OK);
    cr_assert_eq(sup, TDM_LE_OK);
    ref_load(&t, "indicators/le_expected.csv");
    for (size_t r = 0; r < 20; r++) {
        tdm_interval ci;
        tdm_le_interval(&out[r], &lv, &ci);
        cr_assert_eq(out[r].start_age, ref_num(&t, r, ref_col(&t, "startage")));
        cr_assert(fabs(out[r].value - ref_num(&t, r, ref_col(&t, "value"))) < 5e-8, "row %zu", r);
        cr_assert(fabs(ci.lower - ref_num(&t, r, ref_col(&t, "lowercl"))) < 5e-5, "row %zu", r);
        cr_assert(fabs(ci.upper - ref_num(&t, r, ref_col(&t, "uppercl"))) < 5e-5, "row %zu", r);
        cr_assert_eq(out[r].pops_used, ref_num(&t, r, ref_col(&t, "pops_used")));
        cr_assert_eq(out[r].dths_used, ref_num(&t, r, ref_col(&t, "dths_used")));
    }
    ref_free(&t);
}

Test(ci_life_expectancy, input_order_does_not_matter)
{
    double a2[20], d2[20], p2[20];
    tdm_le_row x[20], y[20];
    for (int i = 0; i < 20; i++) {
        a2[i] = age[19 - i];
        d2[i] = dth[19 - i];
        p2[i] = pop[19 - i];
    }
    cr_assert_eq(tdm_le_compute(age, dth, pop, 20, x, NULL, NULL), TDM_OK);
    cr_assert_eq(tdm_le_compute(a2, d2, p2, 20, y, NULL, NULL), TDM_OK);
    for (int i = 0; i < 20; i++) {
        cr_assert_eq(x[i].value, y[i].value);
        cr_assert_eq(x[i].se, y[i].se);
    }
}

Test(ci_life_expectancy, suppression_rules)
{
    /* SPEC: le.suppress */
    double p[20], d[20];
    tdm_le_row out[20];
    int sup;
    memcpy(p, pop, sizeof p);
    memcpy(d, dth, sizeof d);
    p[5] = 0;
    cr_assert_eq(tdm_le_compute(age, d, p, 20, out, &sup, NULL), TDM_OK);
    cr_assert_eq(sup, TDM_LE_ZERO_POPULATION);
    cr_assert(isnan(out[0].value) && isnan(out[0].le));
    cr_assert_eq(out[0].pops_used, 787954.0 - pop[5]); /* still reported */
    memcpy(p, pop, sizeof p);
    d[19] = p[19] + 1;
    cr_assert_eq(tdm_le_compute(age, d, p, 20, out, &sup, NULL), TDM_OK);
    cr_assert_eq(sup, TDM_LE_DEATHS_ABOVE_POP);
    memcpy(d, dth, sizeof d);
    for (int i = 0; i < 20; i++) {
        p[i] = 250; /* total 5,000 */
        d[i] = 1;
    }
    cr_assert_eq(tdm_le_compute(age, d, p, 20, out, &sup, NULL), TDM_OK);
    cr_assert_eq(sup, TDM_LE_SMALL_POPULATION);
}

Test(ci_life_expectancy, wide_interval_hides_value_keeps_interval)
{
    /* A 95% interval wider than 20 years: value NA, interval kept (the reference's quirk) */
    double p[20], d[20];
    tdm_le_row out[20];
    tdm_ci_level lv;
    tdm_interval ci;
    int sup;
    cr_assert_eq(tdm_ci_level_init(&lv, 0.95, NULL), TDM_OK);
    for (int i = 0; i < 20; i++) {
        p[i] = 400;
        d[i] = i < 17 ? 0 : 2;
    }
    cr_assert_eq(tdm_le_compute(age, d, p, 20, out, &sup, NULL), TDM_OK);
    cr_assert_eq(sup, TDM_LE_OK);
    cr_assert(isnan(out[19].value));
    cr_assert(!isnan(out[19].le));
    tdm_le_interval(&out[19], &lv, &ci);
    cr_assert(ci.upper - ci.lower > 20.0);
}

Test(ci_life_expectancy, band_errors)
{
    tdm_le_row out[20];
    tdm_error err;
    double d[20];
    memcpy(d, dth, sizeof d);
    cr_assert_eq(tdm_le_compute(age, dth, pop, 19, out, NULL, &err), TDM_EDOMAIN);
    cr_assert(strstr(err.message, "got 19; missing bands: 90") != NULL, "%s", err.message);
    d[3] = -1;
    cr_assert_eq(tdm_le_compute(age, d, pop, 20, out, NULL, &err), TDM_EDOMAIN);
    cr_assert_eq(err.line, 4);
    {
        double a[20];
        memcpy(a, age, sizeof a);
        a[4] = a[3];
        cr_assert_eq(tdm_le_compute(a, dth, pop, 20, out, NULL, &err), TDM_EDOMAIN);
    }
}
