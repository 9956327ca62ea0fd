/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_spc_limits.c - XmR centre line and limits (SPEC: spc.limits,
 * spc.screen, spc.baseline, spc.missing, spc.constant, spc.phase) against
 * values derived by hand and published by the NHSRplotthedots tests.
 */
#include <criterion/criterion.h>
#include <math.h>

#include "tandem.h"

#define REL(a, b) (fabs((a) - (b)) <= 1e-12 * fmax(1.0, fmax(fabs(a), fabs(b))))

static tdm_spc_point pts[64];
static tdm_spc_phase phases[64];
static tdm_spc_summary sum;

/* The vignette "Deviations from Excel defaults" series (spec A10). */
static const double deviations[18] = { 1, 2, 1, 2, 10, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1 };

Test(spc_limits, screened_moving_ranges_from_first_principles)
{
    /* SPEC: spc.screen - 17 MRs average 32/17; 8 and 9 are >= 3.267 * 32/17
     * and are dropped; the other 15 are all 1. */
    cr_assert_eq(tdm_spc_compute(deviations, NULL, 18, NULL, pts, phases, &sum), TDM_OK);
    cr_assert(REL(sum.mean, 35.0 / 18.0));
    cr_assert(REL(sum.amr, 1.0));
    cr_assert(REL(sum.upl, 35.0 / 18.0 + 2.66));
    cr_assert(REL(sum.lpl, 35.0 / 18.0 - 2.66));
    cr_assert(REL(sum.nupl, 35.0 / 18.0 + 2.0 * (2.66 / 3.0)));
    cr_assert_eq(phases[0].n_mr, 17);
    cr_assert_eq(phases[0].n_mr_used, 15);
    cr_assert_eq(pts[4].label, TDM_SPC_LABEL_ABOVE_UPL);
    cr_assert_eq(pts[4].point_type, TDM_SPC_POINT_IMPROVEMENT);
    cr_assert_eq(sum.n_special, 1);
}

Test(spc_limits, unscreened_matches_excel)
{
    tdm_spc_options o;
    tdm_spc_options_init(&o);
    o.screen = 0;
    cr_assert_eq(tdm_spc_compute(deviations, NULL, 18, &o, pts, phases, &sum), TDM_OK);
    cr_assert(REL(sum.amr, 32.0 / 17.0));
    /* Vignette: unscreened UPL 6.951503, LPL -3.062614 (6 decimals). */
    cr_assert(fabs(sum.upl - 6.951503) < 5e-7);
    cr_assert(fabs(sum.lpl - -3.062614) < 5e-7);
}

Test(spc_limits, rnorm20_outlier_unscreened_published_values)
{
    /* set.seed(123); y = rnorm(20); y[15] = 10 (NHSRplotthedots tests):
     * screened LPL -2.383666 UPL 3.722497; unscreened LPL -4.596625 UPL 5.935457. */
    static const double y[20] = { -0.560475646552213, -0.23017748948328, 1.55870831414912,
                                  0.070508391424576,  0.129287735160946, 1.71506498688328,
                                  0.460916205989202,  -1.26506123460653, -0.686852851893526,
                                  -0.445661970099958, 1.22408179743946,  0.359813827057364,
                                  0.400771450594052,  0.11068271594512,  10,
                                  1.78691313680308,   0.497850478229239, -1.96661715662964,
                                  0.701355901563686,  -0.472791407727934 };
    tdm_spc_options o;
    tdm_spc_options_init(&o);
    cr_assert_eq(tdm_spc_compute(y, NULL, 20, &o, pts, phases, &sum), TDM_OK);
    cr_assert(fabs(sum.mean - 0.6694159) < 5e-8);
    cr_assert(fabs(sum.lpl - -2.383666) < 5e-7);
    cr_assert(fabs(sum.upl - 3.722497) < 5e-7);
    o.screen = 0;
    cr_assert_eq(tdm_spc_compute(y, NULL, 20, &o, pts, phases, &sum), TDM_OK);
    cr_assert(fabs(sum.lpl - -4.596625) < 5e-7);
    cr_assert(fabs(sum.upl - 5.935457) < 5e-7);
}

Test(spc_limits, fixed_baseline_uses_first_n_observed_points_per_phase)
{
    /* SPEC: spc.baseline - 12 points of 1,2 alternating then 12 of 10:
     * the limits come from the first 12 only and apply to all 24. */
    double y[24];
    uint8_t rebase[24] = { 0 };
    tdm_spc_options o;
    for (int i = 0; i < 24; i++) {
        y[i] = i < 12 ? (double)(1 + i % 2) : 10.0;
    }
    tdm_spc_options_init(&o);
    o.fix_after = 12;
    cr_assert_eq(tdm_spc_compute(y, rebase, 24, &o, pts, phases, &sum), TDM_OK);
    cr_assert(REL(sum.mean, 1.5));
    cr_assert(REL(sum.amr, 1.0));
    cr_assert_eq(phases[0].n_baseline, 12);
    cr_assert_eq(pts[11].baseline, 1);
    cr_assert_eq(pts[12].baseline, 0);
    cr_assert_eq(pts[23].label, TDM_SPC_LABEL_ABOVE_UPL);
    /* The same rule applies per phase: a rebase at 12 starts a new baseline. */
    rebase[12] = 1;
    cr_assert_eq(tdm_spc_compute(y, rebase, 24, &o, pts, phases, &sum), TDM_OK);
    cr_assert_eq(sum.n_phases, 2);
    cr_assert(REL(phases[1].mean, 10.0));
    cr_assert_eq(phases[1].start, 12);
    cr_assert_eq(pts[12].phase, 1);
    cr_assert_eq(pts[12].point_in_phase, 1);
}

Test(spc_limits, fix_after_below_twelve_is_rejected)
{
    tdm_spc_options o;
    tdm_spc_options_init(&o);
    o.fix_after = 11;
    cr_assert_eq(tdm_spc_compute(deviations, NULL, 18, &o, pts, NULL, NULL), TDM_EINVAL);
    o.fix_after = 12;
    cr_assert_eq(tdm_spc_compute(deviations, NULL, 18, &o, pts, NULL, NULL), TDM_OK);
}

Test(spc_limits, gap_removes_moving_ranges_into_and_out_of_it)
{
    /* SPEC: spc.missing - 1,2,NaN,10,11: MRs 1 and 1 only (not 8). */
    const double y[5] = { 1, 2, NAN, 10, 11 };
    tdm_spc_options o;
    tdm_spc_options_init(&o);
    o.screen = 0;
    cr_assert_eq(tdm_spc_compute(y, NULL, 5, &o, pts, phases, &sum), TDM_OK);
    cr_assert_eq(phases[0].n_mr, 2);
    cr_assert(REL(sum.amr, 1.0));
    cr_assert(REL(sum.mean, 6.0));
    cr_assert_eq(sum.n_missing, 1);
    cr_assert_eq(sum.n_obs, 4);
    cr_assert_eq(pts[2].missing, 1);
    cr_assert_eq(pts[2].label, TDM_SPC_LABEL_NONE);
    cr_assert_eq(pts[2].point_type, TDM_SPC_POINT_NONE);
    cr_assert_eq(pts[2].baseline, 0);
}

Test(spc_limits, constant_series_has_limits_at_the_mean)
{
    /* SPEC: spc.constant - documented difference from NHSRplotthedots (NaN). */
    double y[15];
    for (int i = 0; i < 15; i++) {
        y[i] = 3;
    }
    cr_assert_eq(tdm_spc_compute(y, NULL, 15, NULL, pts, phases, &sum), TDM_OK);
    cr_assert(REL(sum.upl, 3.0) && REL(sum.lpl, 3.0) && REL(sum.amr, 0.0));
    cr_assert_eq(sum.n_special, 0);
    cr_assert_eq(sum.variation, TDM_SPC_VARIATION_COMMON_CAUSE);
}

Test(spc_limits, constant_plus_spike_flags_every_point_as_reference)
{
    /* Reference quirk kept (it is the method): the one non-zero MR is
     * screened, mR = 0, every point off the mean is outside. */
    double y[15];
    for (int i = 0; i < 15; i++) {
        y[i] = i == 14 ? 4 : 3;
    }
    cr_assert_eq(tdm_spc_compute(y, NULL, 15, NULL, pts, phases, &sum), TDM_OK);
    cr_assert(REL(sum.amr, 0.0));
    cr_assert_eq(sum.n_special, 15);
    cr_assert_eq(pts[0].label, TDM_SPC_LABEL_BELOW_LPL);
    cr_assert_eq(pts[14].label, TDM_SPC_LABEL_ABOVE_UPL);
}

Test(spc_limits, short_series)
{
    const double one[1] = { 5 };
    const double two[2] = { 5, 6 };
    cr_assert_eq(tdm_spc_compute(one, NULL, 1, NULL, pts, phases, &sum), TDM_OK);
    cr_assert(REL(sum.mean, 5.0));
    cr_assert(isnan(sum.upl) && isnan(sum.lpl));
    cr_assert_eq(pts[0].label, TDM_SPC_LABEL_COMMON_CAUSE);
    cr_assert_eq(sum.short_phase, 1);
    cr_assert_eq(tdm_spc_compute(two, NULL, 2, NULL, pts, phases, &sum), TDM_OK);
    cr_assert(REL(sum.upl, 8.16) && REL(sum.lpl, 2.84));
    cr_assert_eq(tdm_spc_compute(NULL, NULL, 0, NULL, NULL, NULL, &sum), TDM_OK);
    cr_assert_eq(sum.n, 0);
    cr_assert_eq(sum.variation, TDM_SPC_VARIATION_NONE);
}

Test(spc_limits, all_missing_series)
{
    const double y[3] = { NAN, NAN, NAN };
    cr_assert_eq(tdm_spc_compute(y, NULL, 3, NULL, pts, phases, &sum), TDM_OK);
    cr_assert(isnan(sum.mean));
    cr_assert_eq(sum.n_missing, 3);
    cr_assert_eq(sum.last, 3);
    cr_assert_eq(sum.variation, TDM_SPC_VARIATION_NONE);
    cr_assert_eq(sum.assurance, TDM_SPC_ASSURANCE_NONE);
}

Test(spc_limits, infinite_values_are_a_domain_error)
{
    const double y[3] = { 1, INFINITY, 2 };
    cr_assert_eq(tdm_spc_compute(y, NULL, 3, NULL, pts, phases, &sum), TDM_EDOMAIN);
}

Test(spc_limits, rebase_on_first_point_starts_phase_one)
{
    /* SPEC: spc.phase - the running sum of flags, as the reference. */
    const uint8_t rebase[18] = { 1, 0, 0, 0, 0, 0, 1 };
    cr_assert_eq(tdm_spc_compute(deviations, rebase, 18, NULL, pts, phases, &sum), TDM_OK);
    cr_assert_eq(pts[0].phase, 1);
    cr_assert_eq(pts[6].phase, 2);
    cr_assert_eq(sum.n_phases, 2);
    cr_assert_eq(phases[1].n, 12);
    cr_assert_eq(phases[0].short_phase, 1);
}

Test(spc_limits, limits_never_straddle_phases)
{
    /* Two phases of constant values 1 and 100: each has limits at its mean
     * (no moving range from 1 to 100 joins them). */
    double y[30];
    uint8_t rebase[30] = { 0 };
    for (int i = 0; i < 30; i++) {
        y[i] = i < 15 ? 1 : 100;
    }
    rebase[15] = 1;
    cr_assert_eq(tdm_spc_compute(y, rebase, 30, NULL, pts, phases, &sum), TDM_OK);
    cr_assert(REL(phases[0].upl, 1.0));
    cr_assert(REL(phases[1].lpl, 100.0));
    cr_assert_eq(phases[1].n_mr, 14);
}
