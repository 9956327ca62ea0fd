/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_spc_icons.c - variation and assurance icons (SPEC: spc.icon.*), the
 * table of NHSRplotthedots' test-ptd_calculate_assurance_type.R (anchor
 * spc-tests.md case 7) and the icon rules of geom_ptd_icon.
 */
#include <criterion/criterion.h>
#include <math.h>

#include "src/spc/spc_internal.h"

Test(spc_icons, assurance_table)
{
    /* (LPL, UPL) = (1,3), (5,7), (1,5) with target 4. */
    const double lpl[3] = { 1, 5, 1 }, upl[3] = { 3, 7, 5 };
    const int inc[3] = { TDM_SPC_ASSURANCE_FAIL, TDM_SPC_ASSURANCE_PASS,
                         TDM_SPC_ASSURANCE_INCONSISTENT };
    const int dec[3] = { TDM_SPC_ASSURANCE_PASS, TDM_SPC_ASSURANCE_FAIL,
                         TDM_SPC_ASSURANCE_INCONSISTENT };
    for (int i = 0; i < 3; i++) {
        cr_assert_eq(tdm__mdc_assurance(4, TDM_IMPROVEMENT_INCREASE, lpl[i], upl[i]), inc[i]);
        cr_assert_eq(tdm__mdc_assurance(4, TDM_IMPROVEMENT_DECREASE, lpl[i], upl[i]), dec[i]);
        cr_assert_eq(tdm__mdc_assurance(4, TDM_IMPROVEMENT_NEUTRAL, lpl[i], upl[i]),
                     TDM_SPC_ASSURANCE_NONE);
    }
}

Test(spc_icons, assurance_edges)
{
    /* A target exactly on a limit is hit and miss. */
    cr_assert_eq(tdm__mdc_assurance(3, TDM_IMPROVEMENT_INCREASE, 1, 3),
                 TDM_SPC_ASSURANCE_INCONSISTENT);
    cr_assert_eq(tdm__mdc_assurance(1, TDM_IMPROVEMENT_INCREASE, 1, 3),
                 TDM_SPC_ASSURANCE_INCONSISTENT);
    /* No target, or no limits: no icon (documented difference). */
    cr_assert_eq(tdm__mdc_assurance(NAN, TDM_IMPROVEMENT_INCREASE, 1, 3), TDM_SPC_ASSURANCE_NONE);
    cr_assert_eq(tdm__mdc_assurance(2, TDM_IMPROVEMENT_INCREASE, NAN, NAN), TDM_SPC_ASSURANCE_NONE);
    cr_assert_str_eq(tdm_spc_assurance_name(TDM_SPC_ASSURANCE_PASS), "pass");
    cr_assert_str_eq(tdm_spc_assurance_type_name(TDM_SPC_ASSURANCE_FAIL), "consistent_fail");
    cr_assert_str_eq(tdm_spc_assurance_name(TDM_SPC_ASSURANCE_NONE), "");
}

Test(spc_icons, variation_icon_from_point_type_and_direction)
{
    const int inc = TDM_IMPROVEMENT_INCREASE, dec = TDM_IMPROVEMENT_DECREASE;
    cr_assert_eq(tdm__mdc_variation(TDM_SPC_POINT_IMPROVEMENT, inc),
                 TDM_SPC_VARIATION_IMPROVEMENT_HIGH);
    cr_assert_eq(tdm__mdc_variation(TDM_SPC_POINT_IMPROVEMENT, dec),
                 TDM_SPC_VARIATION_IMPROVEMENT_LOW);
    cr_assert_eq(tdm__mdc_variation(TDM_SPC_POINT_CONCERN, inc), TDM_SPC_VARIATION_CONCERN_LOW);
    cr_assert_eq(tdm__mdc_variation(TDM_SPC_POINT_CONCERN, dec), TDM_SPC_VARIATION_CONCERN_HIGH);
    cr_assert_eq(tdm__mdc_variation(TDM_SPC_POINT_NEUTRAL_LOW, 0), TDM_SPC_VARIATION_NEUTRAL_LOW);
    cr_assert_eq(tdm__mdc_variation(TDM_SPC_POINT_COMMON_CAUSE, inc),
                 TDM_SPC_VARIATION_COMMON_CAUSE);
    cr_assert_eq(tdm__mdc_variation(TDM_SPC_POINT_NONE, inc), TDM_SPC_VARIATION_NONE);
    cr_assert_str_eq(tdm_spc_variation_name(TDM_SPC_VARIATION_CONCERN_HIGH), "concern_high");
}

Test(spc_icons, icon_from_last_point_only)
{
    /* Eight points at 11 (above the mean of 10.2: a shift), then 32 points
     * alternating 9.5 and 10.5 (common cause): the icon is common cause. */
    double y[40];
    tdm_spc_point pts[40];
    tdm_spc_summary sum;
    for (int i = 0; i < 40; i++) {
        y[i] = i < 8 ? 11 : (i % 2 ? 10.5 : 9.5);
    }
    cr_assert_eq(tdm_spc_compute(y, NULL, 40, NULL, pts, NULL, &sum), TDM_OK);
    cr_assert_eq(pts[0].rules & TDM_SPC_RULE_SHIFT, TDM_SPC_RULE_SHIFT);
    cr_assert_eq(sum.variation, TDM_SPC_VARIATION_COMMON_CAUSE);
}

Test(spc_icons, improvement_words)
{
    int d = 99;
    cr_assert_eq(tdm_improvement_parse(" Increase ", 10, &d), TDM_OK);
    cr_assert_eq(d, TDM_IMPROVEMENT_INCREASE);
    cr_assert_eq(tdm_improvement_parse("lower", 5, &d), TDM_OK);
    cr_assert_eq(d, TDM_IMPROVEMENT_DECREASE);
    cr_assert_eq(tdm_improvement_parse("neutral", 7, &d), TDM_OK);
    cr_assert_eq(d, TDM_IMPROVEMENT_NEUTRAL);
    cr_assert_eq(tdm_improvement_parse("sideways", 8, &d), TDM_EPARSE);
    cr_assert_str_eq(tdm_improvement_name(TDM_IMPROVEMENT_DECREASE), "decrease");
}
