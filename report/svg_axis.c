/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * svg_axis.c - axis ticks: "nice" value ticks (steps of 1, 2 or 5 times a
 * power of ten, the labelling rule of Heckbert, "Nice numbers for graph
 * labels", Graphics Gems 1990) and calendar ticks for date axes.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "rpt_internal.h"

static double pow10i(int e)
{
    static const double exact[] = { 1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                    1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                    1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22 };
    if (e >= 0 && e <= 22) {
        return exact[e];
    }
    return pow(10.0, e);
}

double rpt_tick_value(const rpt_ticks *t, int i)
{
    double k = (double)(t->k0 + i) * t->m;
    /* Divide by an exact power of ten for negative exponents, so 3 x 0.1
     * prints as 0.3, the double nearest to the decimal. */
    return t->e >= 0 ? k * pow10i(t->e) : k / pow10i(-t->e);
}

static double step_of(int m, int e)
{
    return e >= 0 ? m * pow10i(e) : m / pow10i(-e);
}

int rpt_nice_ticks(double lo, double hi, int max_ticks, rpt_ticks *t)
{
    static const int mant[] = { 1, 2, 5 };
    double raw;
    int e;
    memset(t, 0, sizeof *t);
    if (!isfinite(lo) || !isfinite(hi) || max_ticks < 2) {
        return TDM_EINVAL;
    }
    if (lo > hi) {
        double x = lo;
        lo = hi;
        hi = x;
    }
    {
        /* An empty (or numerically empty) range: widen around the value. */
        double mag = fmax(fabs(lo), fabs(hi));
        if (hi - lo <= mag * 1e-9) {
            double d = mag > 0 ? mag * 0.1 : 1.0;
            lo -= d;
            hi += d;
        }
    }
    raw = (hi - lo) / (max_ticks - 1);
    e = (int)floor(log10(raw));
    for (int guard = 0; guard < 40; guard++, e++) {
        for (size_t j = 0; j < sizeof mant / sizeof *mant; j++) {
            double step = step_of(mant[j], e);
            double k0, k1;
            if (step < raw * (1 - 1e-9)) {
                continue;
            }
            /* The tolerance keeps 0.8 / 0.05 = 16.000000000000004 at 16. */
            k0 = floor(lo / step + 1e-9);
            k1 = ceil(hi / step - 1e-9);
            if (k1 - k0 + 1 <= max_ticks) {
                t->k0 = (long long)k0;
                t->n = (int)(k1 - k0) + 1;
                if (t->n < 2) {
                    t->n = 2;
                }
                t->m = mant[j];
                t->e = e;
                t->decimals = e < 0 ? -e : 0;
                return TDM_OK;
            }
        }
    }
    return TDM_EINVAL;
}

/* ---- calendar ticks ---- */

enum { U_DAY, U_WEEK, U_MONTH, U_YEAR };

static const struct {
    int unit, n;
} date_steps[] = {
    { U_DAY, 1 },   { U_DAY, 2 },   { U_WEEK, 1 },  { U_WEEK, 2 },  { U_MONTH, 1 },
    { U_MONTH, 2 }, { U_MONTH, 3 }, { U_MONTH, 6 }, { U_YEAR, 1 },  { U_YEAR, 2 },
    { U_YEAR, 5 },  { U_YEAR, 10 }, { U_YEAR, 20 }, { U_YEAR, 50 }, { U_YEAR, 100 }
};

static long long floor_mod(long long a, long long b)
{
    long long r = a % b;
    return r < 0 ? r + b : r;
}

/* Ticks of one step within [d0, d1]; stores at most `cap`, returns the count
 * (which may exceed cap, so the caller can reject the step). */
static size_t step_ticks(int unit, int n, int32_t d0, int32_t d1, int32_t *out, size_t cap)
{
    size_t count = 0;
    if (unit == U_DAY || unit == U_WEEK) {
        /* Days divisible by n; weeks start on Monday (1970-01-05 is day 4). */
        long long period = unit == U_DAY ? n : 7LL * n;
        long long origin = unit == U_DAY ? 0 : 4;
        long long d = d0 + floor_mod(origin - d0, period);
        for (; d <= d1; d += period) {
            if (count < cap) {
                out[count] = (int32_t)d;
            }
            count++;
            if (count > cap) {
                break;
            }
        }
        return count;
    }
    {
        int y, m, dd;
        rpt_civil(d0, &y, &m, &dd);
        if (unit == U_YEAR) {
            m = 1;
            y = (int)(y - floor_mod(y, n));
        } else {
            m = (int)(m - floor_mod(m - 1, n));
        }
        for (;;) {
            int32_t d = rpt_days(y, m, 1);
            if (d == INT32_MIN || d > d1) {
                break;
            }
            if (d >= d0) {
                if (count < cap) {
                    out[count] = d;
                }
                count++;
                if (count > cap) {
                    break;
                }
            }
            if (unit == U_YEAR) {
                y += n;
            } else {
                m += n;
                while (m > 12) {
                    m -= 12;
                    y++;
                }
            }
        }
    }
    return count;
}

static void date_label(int unit, int32_t day, int with_year, char *buf, size_t cap)
{
    int y, m, d;
    rpt_civil(day, &y, &m, &d);
    if (unit == U_YEAR) {
        snprintf(buf, cap, "%04d", y);
    } else if (unit == U_MONTH) {
        snprintf(buf, cap, "%s %04d", rpt_month_abbr(m), y);
    } else if (with_year) {
        snprintf(buf, cap, "%d %s %04d", d, rpt_month_abbr(m), y);
    } else {
        snprintf(buf, cap, "%d %s", d, rpt_month_abbr(m));
    }
}

size_t rpt_date_ticks(int32_t d0, int32_t d1, int max_ticks, rpt_date_tick *out)
{
    int32_t days[RPT_MAX_DATE_TICKS];
    size_t cap = max_ticks < 1 ? 1 : (size_t)max_ticks;
    size_t n = 0, s;
    size_t last = sizeof date_steps / sizeof *date_steps - 1;
    if (cap > RPT_MAX_DATE_TICKS) {
        cap = RPT_MAX_DATE_TICKS;
    }
    if (d1 < d0) {
        int32_t x = d0;
        d0 = d1;
        d1 = x;
    }
    for (s = 0; s <= last; s++) {
        n = step_ticks(date_steps[s].unit, date_steps[s].n, d0, d1, days, cap);
        if (n <= cap) {
            break;
        }
    }
    if (s > last) {
        s = last;
        n = cap;
    }
    {
        int prev_year = 0;
        for (size_t i = 0; i < n; i++) {
            int y, m, d;
            rpt_civil(days[i], &y, &m, &d);
            out[i].day = days[i];
            date_label(date_steps[s].unit, days[i], i == 0 || y != prev_year, out[i].label,
                       sizeof out[i].label);
            prev_year = y;
        }
    }
    return n;
}
