/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_spc_rules.c - the four Making Data Count rules and their labels
 * (SPEC: spc.rule.*, spc.label, spc.point_type). The rule-level vectors are
 * the input -> output cases of NHSRplotthedots' test-ptd_calculate_point_type.R,
 * restated in shared/docs/anchors/spc-tests.md (case 6); here they drive the
 * library's rule pass directly through hand-built points.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

#include "src/spc/spc_internal.h"

static tdm_spc_point pts[64];
static double y[64];
static tdm_spc_options opt;

static void setup(void)
{
    memset(pts, 0, sizeof pts);
    memset(y, 0, sizeof y);
    tdm_spc_options_init(&opt);
}

/* Points with the given sides (-1, 0, 1) and close flags; no outside. */
static void sides(const int *side, const int *close, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        pts[i].side = (int8_t)side[i];
        pts[i].close = close ? (uint8_t)close[i] : 0;
        y[i] = 5; /* flat: no trend */
    }
}

static tdm_spc_phase phase;

/* The rule pass expects the outside bit set by the limits pass. */
static void run(size_t n)
{
    for (size_t i = 0; i < n; i++) {
        pts[i].rules = pts[i].outside && !pts[i].missing ? TDM_SPC_RULE_OUTSIDE : 0;
    }
    memset(&phase, 0, sizeof phase);
    (void)tdm__mdc_rules(y, 0, n, &opt, pts, &phase);
}

static int flagged(size_t i, uint8_t bit)
{
    return (pts[i].rules & bit) != 0;
}

TestSuite(spc_rules, .init = setup);

/* SPEC: spc.rule.shift */
Test(spc_rules, six_on_one_side_is_not_a_shift)
{
    const int s[7] = { 1, 1, 1, 1, 1, 1, -1 };
    sides(s, NULL, 7);
    run(7);
    for (size_t i = 0; i < 7; i++) {
        cr_assert(!flagged(i, TDM_SPC_RULE_SHIFT), "point %zu", i);
    }
}

Test(spc_rules, eight_on_one_side_are_all_flagged)
{
    const int s[9] = { 1, 1, 1, 1, 1, 1, 1, 1, -1 };
    sides(s, NULL, 9);
    run(9);
    for (size_t i = 0; i < 8; i++) {
        cr_assert(flagged(i, TDM_SPC_RULE_SHIFT), "point %zu", i);
        cr_assert_eq(pts[i].label, TDM_SPC_LABEL_SHIFT_ABOVE);
    }
    cr_assert(!flagged(8, TDM_SPC_RULE_SHIFT));
    cr_assert_eq(pts[8].label, TDM_SPC_LABEL_COMMON_CAUSE);
}

Test(spc_rules, shift_below_the_mean)
{
    const int s[8] = { 1, -1, -1, -1, -1, -1, -1, -1 };
    sides(s, NULL, 8);
    run(8);
    cr_assert(!flagged(0, TDM_SPC_RULE_SHIFT));
    for (size_t i = 1; i < 8; i++) {
        cr_assert_eq(pts[i].label, TDM_SPC_LABEL_SHIFT_BELOW, "point %zu", i);
        cr_assert_eq(pts[i].point_type, TDM_SPC_POINT_CONCERN);
    }
}

Test(spc_rules, a_point_on_the_mean_breaks_a_shift)
{
    const int s[8] = { 1, 1, 1, 0, 1, 1, 1, 1 };
    sides(s, NULL, 8);
    run(8);
    for (size_t i = 0; i < 8; i++) {
        cr_assert(!flagged(i, TDM_SPC_RULE_SHIFT));
    }
}

Test(spc_rules, a_missing_value_does_not_break_a_shift)
{
    /* SPEC: spc.missing - rules run over the observed points. */
    const int s[8] = { 1, 1, 1, 0, 1, 1, 1, 1 };
    sides(s, NULL, 8);
    pts[3].missing = 1;
    run(8);
    cr_assert(flagged(0, TDM_SPC_RULE_SHIFT));
    cr_assert(!flagged(3, TDM_SPC_RULE_SHIFT));
    cr_assert_eq(pts[3].label, TDM_SPC_LABEL_NONE);
    cr_assert(flagged(7, TDM_SPC_RULE_SHIFT));
}

Test(spc_rules, shift_length_is_an_option)
{
    const int s[6] = { 1, 1, 1, 1, 1, 1 };
    sides(s, NULL, 6);
    opt.shift_length = 6;
    run(6);
    cr_assert(flagged(0, TDM_SPC_RULE_SHIFT));
    {
        char buf[32];
        cr_assert_str_eq(tdm_spc_label_text(pts[0].label, &opt, buf), "6 Points Above CL");
    }
}

/* SPEC: spc.rule.trend */
static void values(const double *v, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        y[i] = v[i];
        pts[i].side = 0;
    }
}

Test(spc_rules, six_rising_points_are_not_a_trend)
{
    const double v[6] = { 1, 2, 3, 4, 5, 6 };
    values(v, 6);
    run(6);
    for (size_t i = 0; i < 6; i++) {
        cr_assert(!flagged(i, TDM_SPC_RULE_TREND));
    }
}

Test(spc_rules, a_tie_breaks_a_trend)
{
    const double v[7] = { 1, 2, 3, 3, 4, 5, 6 };
    values(v, 7);
    run(7);
    for (size_t i = 0; i < 7; i++) {
        cr_assert(!flagged(i, TDM_SPC_RULE_TREND));
    }
}

Test(spc_rules, seven_rising_points_are_a_trend)
{
    const double v[7] = { 1, 2, 3, 4, 5, 6, 7 };
    values(v, 7);
    run(7);
    for (size_t i = 0; i < 7; i++) {
        cr_assert(flagged(i, TDM_SPC_RULE_TREND));
        cr_assert_eq(pts[i].label, TDM_SPC_LABEL_TREND_UP);
        cr_assert_eq(pts[i].point_type, TDM_SPC_POINT_IMPROVEMENT);
    }
}

Test(spc_rules, trend_inside_a_longer_series)
{
    /* (2,1,2,...,7,3): the trigger is at position 8, so positions 2..8. */
    const double v[9] = { 2, 1, 2, 3, 4, 5, 6, 7, 3 };
    values(v, 9);
    run(9);
    cr_assert(!flagged(0, TDM_SPC_RULE_TREND));
    for (size_t i = 1; i < 8; i++) {
        cr_assert(flagged(i, TDM_SPC_RULE_TREND), "point %zu", i);
    }
    cr_assert(!flagged(8, TDM_SPC_RULE_TREND));
}

Test(spc_rules, falling_trend)
{
    const double v[9] = { 2, 7, 6, 5, 4, 3, 2, 1, 3 };
    values(v, 9);
    opt.improvement = TDM_IMPROVEMENT_DECREASE;
    run(9);
    cr_assert(!flagged(0, TDM_SPC_RULE_TREND));
    for (size_t i = 1; i < 8; i++) {
        cr_assert_eq(pts[i].label, TDM_SPC_LABEL_TREND_DOWN, "point %zu", i);
        cr_assert_eq(pts[i].point_type, TDM_SPC_POINT_IMPROVEMENT);
    }
}

Test(spc_rules, peak_shared_by_two_trends_reads_decreasing)
{
    /* SPEC: spc.label - the shared point takes the later (falling) trend. */
    const double v[13] = { 1, 2, 3, 4, 5, 6, 7, 6, 5, 4, 3, 2, 1 };
    values(v, 13);
    run(13);
    cr_assert_eq(pts[5].label, TDM_SPC_LABEL_TREND_UP);
    cr_assert_eq(pts[6].label, TDM_SPC_LABEL_TREND_DOWN);
    cr_assert_eq(pts[7].label, TDM_SPC_LABEL_TREND_DOWN);
}

Test(spc_rules, trend_label_with_a_flat_step_reads_decreasing)
{
    /* Two rising trends joined by a flat step: the last point of the first
     * sees a flat step to the next trend point and reads "Decreasing", as the
     * reference's sign(diff) == 1 test does. */
    const double v[14] = { 1, 2, 3, 4, 5, 6, 7, 7, 8, 9, 10, 11, 12, 13 };
    values(v, 14);
    run(14);
    cr_assert_eq(pts[5].label, TDM_SPC_LABEL_TREND_UP);
    cr_assert_eq(pts[6].label, TDM_SPC_LABEL_TREND_DOWN);
    cr_assert_eq(pts[7].label, TDM_SPC_LABEL_TREND_UP);
}

Test(spc_rules, trend_across_a_missing_value)
{
    const double v[8] = { 1, 2, 3, NAN, 4, 5, 6, 7 };
    values(v, 8);
    pts[3].missing = 1;
    run(8);
    cr_assert(flagged(0, TDM_SPC_RULE_TREND));
    cr_assert(flagged(7, TDM_SPC_RULE_TREND));
    cr_assert_eq(pts[3].label, TDM_SPC_LABEL_NONE);
}

/* SPEC: spc.rule.two_in_three */
static void check_close(const int *close, const int *side, size_t n, const int *expect)
{
    sides(side, close, n);
    run(n);
    for (size_t i = 0; i < n; i++) {
        cr_assert_eq(flagged(i, TDM_SPC_RULE_TWO_IN_THREE), expect[i] != 0, "point %zu", i);
    }
}

Test(spc_rules, two_in_three_windows)
{
    const int up[7] = { 1, 1, 1, 1, 1, 1, 1 };
    const int alt[7] = { 1, -1, 1, -1, 1, -1, 1 };
    const int c1[3] = { 1, 0, 1 }, e1[3] = { 1, 0, 1 };
    const int c2[3] = { 0, 1, 1 }, e2[3] = { 0, 1, 1 };
    const int c3[3] = { 1, 1, 0 }, e3[3] = { 1, 1, 0 };
    const int c4[7] = { 0, 0, 1, 0, 1, 0, 0 }, e4[7] = { 0, 0, 1, 0, 1, 0, 0 };
    const int c5[7] = { 0, 0, 1, 1, 0, 0, 0 }, e5[7] = { 0, 0, 1, 1, 0, 0, 0 };
    const int none[7] = { 0 };
    check_close(c1, up, 3, e1);
    check_close(c2, up, 3, e2);
    check_close(c3, up, 3, e3);
    check_close(c4, up, 7, e4);
    check_close(c5, up, 7, e5);
    /* the same close points on alternating sides: nothing */
    check_close(c4, alt, 7, none);
    check_close(c5, alt, 7, none);
}

Test(spc_rules, two_in_three_needs_both_within_one_window)
{
    const int up[5] = { 1, 1, 1, 1, 1 };
    const int c1[4] = { 1, 0, 0, 1 }, e1[4] = { 0, 0, 0, 0 };
    const int c2[5] = { 1, 0, 0, 1, 1 }, e2[5] = { 0, 0, 0, 1, 1 };
    check_close(c1, up, 4, e1);
    check_close(c2, up, 5, e2);
}

Test(spc_rules, a_point_outside_is_not_close)
{
    /* One beyond the limit and one near it: R4 does not fire. */
    const int up[3] = { 1, 1, 1 };
    const int c[3] = { 0, 1, 0 };
    sides(up, c, 3);
    pts[0].outside = 1;
    run(3);
    cr_assert(!flagged(1, TDM_SPC_RULE_TWO_IN_THREE));
    cr_assert_eq(pts[0].label, TDM_SPC_LABEL_ABOVE_UPL);
}

/* SPEC: spc.label - outside beats trend beats two-in-three beats shift. */
Test(spc_rules, label_precedence)
{
    const double v[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };
    values(v, 8);
    for (size_t i = 0; i < 8; i++) {
        pts[i].side = 1;
        pts[i].close = 1;
    }
    pts[7].outside = 1;
    pts[7].close = 0;
    run(8);
    cr_assert_eq(pts[7].label, TDM_SPC_LABEL_ABOVE_UPL);
    cr_assert_eq(pts[0].label, TDM_SPC_LABEL_TREND_UP);
    cr_assert(flagged(0, TDM_SPC_RULE_SHIFT | TDM_SPC_RULE_TWO_IN_THREE));
    /* without the trend, two-in-three wins over the shift */
    for (size_t i = 0; i < 8; i++) {
        y[i] = 5;
        pts[i].outside = 0;
        pts[i].close = 1;
    }
    run(8);
    cr_assert_eq(pts[0].label, TDM_SPC_LABEL_TWO_IN_THREE_ABOVE);
    for (size_t i = 0; i < 8; i++) {
        pts[i].close = 0;
    }
    run(8);
    cr_assert_eq(pts[0].label, TDM_SPC_LABEL_SHIFT_ABOVE);
}

/* SPEC: spc.point_type */
Test(spc_rules, neutral_direction_gives_high_and_low)
{
    const int s[8] = { -1, -1, -1, -1, -1, -1, -1, -1 };
    sides(s, NULL, 8);
    opt.improvement = TDM_IMPROVEMENT_NEUTRAL;
    run(8);
    cr_assert_eq(pts[0].point_type, TDM_SPC_POINT_NEUTRAL_LOW);
    cr_assert_str_eq(tdm_spc_point_type_name(pts[0].point_type), "special_cause_neutral_low");
}

Test(spc_rules, label_texts)
{
    char buf[32];
    cr_assert_str_eq(tdm_spc_label_text(TDM_SPC_LABEL_COMMON_CAUSE, NULL, buf), "Common Cause");
    cr_assert_str_eq(tdm_spc_label_text(TDM_SPC_LABEL_ABOVE_UPL, NULL, buf), "Above UCL");
    cr_assert_str_eq(tdm_spc_label_text(TDM_SPC_LABEL_BELOW_LPL, NULL, buf), "Below LCL");
    cr_assert_str_eq(tdm_spc_label_text(TDM_SPC_LABEL_TREND_UP, NULL, buf),
                     "7 Point Trend (Increasing)");
    cr_assert_str_eq(tdm_spc_label_text(TDM_SPC_LABEL_TREND_DOWN, NULL, buf),
                     "7 Point Trend (Decreasing)");
    cr_assert_str_eq(tdm_spc_label_text(TDM_SPC_LABEL_TWO_IN_THREE_ABOVE, NULL, buf),
                     "2 in 3 Above CL");
    cr_assert_str_eq(tdm_spc_label_text(TDM_SPC_LABEL_SHIFT_BELOW, NULL, buf), "7 Points Below CL");
    cr_assert_str_eq(tdm_spc_label_text(TDM_SPC_LABEL_NONE, NULL, buf), "");
}
