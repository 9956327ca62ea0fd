/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_core_date.c - ISO 8601 dates <-> days since 1970-01-01
 * (src/core/date.c), proleptic Gregorian, years 0001-9999.
 *
 * References: every day of the range is checked against an independent
 * day-by-day calendar walk written here (Gregorian leap rule, month lengths);
 * anchor values are those of Python's datetime.date.toordinal() minus
 * 719163 (the ordinal of 1970-01-01), e.g. 0001-01-01 -> -719162.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "tandem.h"

static int32_t parse(const char *s)
{
    int32_t d = 12345;
    int rc = tdm_parse_date(s, strlen(s), &d);
    cr_assert_eq(rc, TDM_OK, "\"%s\" rejected", s);
    return d;
}

static void rejected(const char *s)
{
    int32_t d = 12345;
    cr_assert_eq(tdm_parse_date(s, strlen(s), &d), TDM_EPARSE, "\"%s\" accepted as %d", s, d);
    cr_assert_eq(d, 12345, "\"%s\": out must be untouched on failure", s);
}

Test(core_date, epoch_and_anchors)
{
    cr_assert_eq(parse("1970-01-01"), 0);
    cr_assert_eq(parse("1970-01-02"), 1);
    cr_assert_eq(parse("1969-12-31"), -1);
    cr_assert_eq(parse("2000-01-01"), 10957);
    cr_assert_eq(parse("2000-03-01"), 10957 + 31 + 29);
    cr_assert_eq(parse("2024-02-29"), 19782);
    cr_assert_eq(parse("0001-01-01"), -719162);
    cr_assert_eq(parse("9999-12-31"), 2932896);
}

Test(core_date, leap_years)
{
    cr_assert_eq(parse("2000-02-29") + 1, parse("2000-03-01")); /* divisible by 400 */
    cr_assert_eq(parse("2004-02-29") + 1, parse("2004-03-01"));
    cr_assert_eq(parse("1600-02-29") + 1, parse("1600-03-01"));
    rejected("1900-02-29"); /* divisible by 100, not 400 */
    rejected("2100-02-29");
    rejected("2023-02-29");
    rejected("0001-02-29");
    cr_assert_eq(parse("1900-03-01") - parse("1900-02-28"), 1);
}

Test(core_date, invalid_dates)
{
    static const char *const bad[] = {
        "",           "2020-13-01", "2020-00-10",       "2020-01-00",  "2020-01-32", "2020-04-31",
        "2020-06-31", "2020-09-31", "2020-11-31",       "0000-01-01",  "2020-1-01",  "2020-01-1",
        "2020/01/01", "20200101",   "2020-01-01T12:00", "12020-01-01", "+020-01-01", "-020-01-01",
        "2020-01-0a", "2020-0a-01", "202a-01-01",       "2020 01 01",  "2020-01--1", "01/01/2020",
        "2020-02-30", "9999-12-32", "2020-01-01x",
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        rejected(bad[i]);
    }
}

Test(core_date, surrounding_spaces_are_ignored)
{
    cr_assert_eq(parse(" 1970-01-02\t"), 1);
}

static int leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

Test(core_date, every_day_round_trips, .timeout = 120)
{
    /* Walk 0001-01-01 .. 9999-12-31 one day at a time with an independent
     * calendar; each day number must format to the walked date and parse
     * back to the same number. */
    static const int mdays[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    int y = 1, m = 1, d = 1;
    int32_t day = -719162;
    char want[48], buf[16];
    for (;;) {
        int32_t back = 0;
        (void)snprintf(want, sizeof want, "%04d-%02d-%02d", y, m, d);
        cr_assert_eq(tdm_format_date(day, buf), 10, "day %d", day);
        if (strcmp(buf, want) != 0) {
            cr_assert_fail("day %d: got %s, expected %s", day, buf, want);
        }
        if (tdm_parse_date(want, 10, &back) != TDM_OK || back != day) {
            cr_assert_fail("%s: parsed to %d, expected %d", want, back, day);
        }
        if (y == 9999 && m == 12 && d == 31) {
            break;
        }
        day++;
        if (++d > mdays[m - 1] + (m == 2 && leap(y))) {
            d = 1;
            if (++m > 12) {
                m = 1;
                y++;
            }
        }
    }
    cr_assert_eq(day, 2932896);
}

Test(core_date, format_outside_the_range)
{
    char buf[16];
    cr_assert_eq(tdm_format_date(-719163, buf), 0); /* 0000-12-31 */
    cr_assert_eq(buf[0], '\0');
    cr_assert_eq(tdm_format_date(2932897, buf), 0); /* 10000-01-01 */
    cr_assert_eq(tdm_format_date(INT32_MIN, buf), 0);
    cr_assert_eq(tdm_format_date(INT32_MAX, buf), 0);
    cr_assert_eq(tdm_format_date(-719162, buf), 10);
    cr_assert_str_eq(buf, "0001-01-01");
}
