/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_report_axis.c - axis ticks of the report renderer (report/svg_axis.c):
 * nice value ticks (1, 2 or 5 times a power of ten, covering the data, at
 * most the asked number) and calendar ticks with their labels.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

#include "report/rpt_internal.h"

static int32_t day(const char *iso)
{
    int32_t d = 0;
    cr_assert_eq(tdm_parse_date(iso, strlen(iso), &d), TDM_OK);
    return d;
}

static void check_cover(double lo, double hi, int max)
{
    rpt_ticks t;
    double first, last, step;
    cr_assert_eq(rpt_nice_ticks(lo, hi, max, &t), TDM_OK, "lo %g hi %g", lo, hi);
    first = rpt_tick_value(&t, 0);
    last = rpt_tick_value(&t, t.n - 1);
    step = rpt_tick_value(&t, 1) - first;
    cr_assert(t.n >= 2 && t.n <= max, "n %d for [%g, %g] max %d", t.n, lo, hi, max);
    cr_assert(t.m == 1 || t.m == 2 || t.m == 5);
    cr_assert(first <= fmin(lo, hi) + 1e-9 * step, "first %.17g > lo %.17g", first, lo);
    cr_assert(last >= fmax(lo, hi) - 1e-9 * step, "last %.17g < hi %.17g", last, hi);
    /* No wasted ticks: the first and last ticks are within a step of the data. */
    if (lo < hi) {
        cr_assert(first > lo - step * (1 + 1e-9), "first %.17g too low for %.17g", first, lo);
        cr_assert(last < hi + step * (1 + 1e-9), "last %.17g too high for %.17g", last, hi);
    }
}

Test(report_axis, nice_ticks_unit_interval)
{
    rpt_ticks t;
    cr_assert_eq(rpt_nice_ticks(0, 1, 6, &t), TDM_OK);
    cr_assert_eq(t.n, 6);
    cr_assert_eq(t.m, 2);
    cr_assert_eq(t.e, -1);
    cr_assert_eq(t.decimals, 1);
    cr_assert_eq(rpt_tick_value(&t, 0), 0.0);
    cr_assert_eq(rpt_tick_value(&t, 5), 1.0);
}

Test(report_axis, nice_ticks_exact_decimals)
{
    /* Ticks are multiples computed in one step, so they print as decimals. */
    rpt_ticks t;
    char buf[TDM_NUMBUF];
    cr_assert_eq(rpt_nice_ticks(0.2, 0.5, 4, &t), TDM_OK);
    for (int i = 0; i < t.n; i++) {
        tdm_format_double(rpt_tick_value(&t, i), buf);
        cr_assert(strlen(buf) <= 3, "tick %d printed as %s", i, buf);
    }
}

Test(report_axis, nice_ticks_percent_range)
{
    /* A&E 4-hour performance shown as a percentage. */
    rpt_ticks t;
    cr_assert_eq(rpt_nice_ticks(73.8, 95.0, 6, &t), TDM_OK);
    cr_assert_eq(t.m, 5);
    cr_assert_eq(t.e, 0);
    cr_assert_eq(rpt_tick_value(&t, 0), 70.0);
    cr_assert_eq(rpt_tick_value(&t, t.n - 1), 95.0);
    cr_assert_eq(t.decimals, 0);
}

Test(report_axis, nice_ticks_negative_limits)
{
    /* NHSRplotthedots deviations example: LPL -3.063, UPL 6.952. */
    rpt_ticks t;
    cr_assert_eq(rpt_nice_ticks(-3.063, 6.952, 6, &t), TDM_OK);
    cr_assert(rpt_tick_value(&t, 0) < 0);
    cr_assert(rpt_tick_value(&t, 0) <= -3.063);
    cr_assert(rpt_tick_value(&t, t.n - 1) >= 6.952);
    check_cover(-3.063, 6.952, 6);
    check_cover(-1234.5, -17.25, 6);
}

Test(report_axis, nice_ticks_cover_many_ranges)
{
    static const double cases[][2] = {
        { 0, 1 },           { 0.738, 0.953 },       { 1, 1.0001 },   { -1e-6, 1e-6 },
        { 6.88, 7.92 },     { 12000, 24000 },       { 0, 1e9 },      { -5, 5 },
        { 1e-300, 2e-300 }, { 3.14159, 3.1416 },    { 99.5, 100.5 }, { -0.001, 0.0004 },
        { 664905, 803000 }, { 1e15, 1.0000001e15 }, { 0.07, 0.07 },  { -250, -249.5 }
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        for (int max = 2; max <= 10; max++) {
            check_cover(cases[i][0], cases[i][1], max);
        }
    }
}

Test(report_axis, nice_ticks_empty_range_is_widened)
{
    rpt_ticks t;
    cr_assert_eq(rpt_nice_ticks(5, 5, 6, &t), TDM_OK);
    cr_assert(t.n >= 2);
    cr_assert(rpt_tick_value(&t, 0) < 5 && rpt_tick_value(&t, t.n - 1) > 5);
    cr_assert_eq(rpt_nice_ticks(0, 0, 6, &t), TDM_OK);
    cr_assert(rpt_tick_value(&t, 0) <= -1 && rpt_tick_value(&t, t.n - 1) >= 1);
    /* Reversed bounds are accepted. */
    check_cover(10, 2, 6);
}

Test(report_axis, nice_ticks_reject_bad_input)
{
    rpt_ticks t;
    cr_assert_eq(rpt_nice_ticks(NAN, 1, 6, &t), TDM_EINVAL);
    cr_assert_eq(rpt_nice_ticks(0, INFINITY, 6, &t), TDM_EINVAL);
    cr_assert_eq(rpt_nice_ticks(0, 1, 1, &t), TDM_EINVAL);
}

Test(report_axis, date_ticks_monthly_three_years)
{
    /* April 2016 - March 2019 with at most 8 labels: every six months. */
    rpt_date_tick t[RPT_MAX_DATE_TICKS];
    size_t n = rpt_date_ticks(day("2016-03-16"), day("2019-03-16"), 8, t);
    cr_assert_eq(n, 6);
    cr_assert_str_eq(t[0].label, "Jul 2016");
    cr_assert_eq(t[0].day, day("2016-07-01"));
    cr_assert_str_eq(t[1].label, "Jan 2017");
    cr_assert_str_eq(t[5].label, "Jan 2019");
    for (size_t i = 1; i < n; i++) {
        cr_assert(t[i].day > t[i - 1].day);
    }
}

Test(report_axis, date_ticks_quarters_align_to_january)
{
    rpt_date_tick t[RPT_MAX_DATE_TICKS];
    size_t n = rpt_date_ticks(day("2022-02-10"), day("2023-08-20"), 8, t);
    cr_assert_eq(n, 6);
    cr_assert_str_eq(t[0].label, "Apr 2022");
    cr_assert_str_eq(t[1].label, "Jul 2022");
    cr_assert_str_eq(t[5].label, "Jul 2023");
}

Test(report_axis, date_ticks_weeks_on_mondays_with_year_once)
{
    rpt_date_tick t[RPT_MAX_DATE_TICKS];
    size_t n = rpt_date_ticks(day("2021-12-01"), day("2022-01-31"), 10, t);
    cr_assert_eq(n, 9);
    cr_assert_str_eq(t[0].label, "6 Dec 2021"); /* a Monday, with its year */
    cr_assert_str_eq(t[1].label, "13 Dec");
    cr_assert_str_eq(t[4].label, "3 Jan 2022"); /* the year changes */
    cr_assert_str_eq(t[5].label, "10 Jan");
    for (size_t i = 0; i < n; i++) {
        cr_assert_eq(((t[i].day - 4) % 7 + 7) % 7, 0, "tick %zu is not a Monday", i);
    }
}

Test(report_axis, date_ticks_years_and_decades)
{
    rpt_date_tick t[RPT_MAX_DATE_TICKS];
    size_t n = rpt_date_ticks(day("1990-06-01"), day("2024-06-01"), 8, t);
    cr_assert_eq(n, 6);
    cr_assert_str_eq(t[0].label, "1995");
    cr_assert_str_eq(t[5].label, "2020");
    cr_assert_eq(t[0].day, day("1995-01-01"));
    cr_assert_eq(t[n - 1].day, day("2020-01-01"));
}

Test(report_axis, date_ticks_single_day)
{
    rpt_date_tick t[RPT_MAX_DATE_TICKS];
    size_t n = rpt_date_ticks(day("2024-02-29"), day("2024-02-29"), 8, t);
    cr_assert_eq(n, 1);
    cr_assert_str_eq(t[0].label, "29 Feb 2024");
}

Test(report_axis, date_ticks_never_exceed_the_cap)
{
    rpt_date_tick t[RPT_MAX_DATE_TICKS];
    for (int max = 1; max <= 20; max++) {
        size_t n = rpt_date_ticks(day("2001-01-01"), day("2024-12-31"), max, t);
        cr_assert(n <= (size_t)(max < RPT_MAX_DATE_TICKS ? max : RPT_MAX_DATE_TICKS));
        cr_assert(n >= 1);
    }
}

Test(report_axis, period_and_month_text)
{
    char buf[32];
    cr_assert_eq(rpt_monthly(TDM_TIME_DATE, (const int64_t[]){ day("2020-01-01") }, 1), 1);
    cr_assert_eq(rpt_monthly(TDM_TIME_DATE, (const int64_t[]){ day("2020-01-02") }, 1), 0);
    rpt_fmt_time(TDM_TIME_DATE, 1, day("2020-11-01"), buf);
    cr_assert_str_eq(buf, "Nov 2020");
    rpt_fmt_time(TDM_TIME_DATE, 0, day("2020-11-05"), buf);
    cr_assert_str_eq(buf, "5 Nov 2020");
    rpt_fmt_time(TDM_TIME_INTEGER, 0, -3, buf);
    cr_assert_str_eq(buf, "-3");
}
