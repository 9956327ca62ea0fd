/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * funnel_limits.c - the 100-point funnel limits table of
 * PHEindicatormethods calculate_funnel_limits: the x axis from the range of
 * the denominators, proportion limits from sigma_adjustment, and the exact
 * Poisson limits of ratios and rates by the PHE bisection; plus the same
 * table with overdispersion-adjusted limits (overdispersion.c).
 */
#include "funnel_internal.h"

#include <math.h>
#include <string.h>

/* SPEC: funnel.proportion - sigma_adjustment, written as the reference
 * writes it (its result equals P0 -/+ q sqrt(P0 (1 - P0) / N) to ~4e-13). */
double tdm__funnel_sigma_adjustment(double q, double population, double avg, int high, double m)
{
    double q2 = q * q;
    double first = avg * (population / q2 + 1.0);
    double t = -8.0 * avg * (population / q2 + 1.0);
    double adj =
        sqrt(t * t - 64.0 * (1.0 / q2 + 1.0 / population) * avg *
                         (population * (avg * (population / q2 + 2.0) - 1.0) + q2 * (avg - 1.0)));
    double last = (1.0 / q2 + 1.0 / population);
    double r = high ? (first + adj / 8.0) / last : (first - adj / 8.0) / last;
    return (r / population) * m;
}

/* SPEC: funnel.poisson_bisection - poisson_cis of the reference (the PHE
 * Excel macro): P(a <= X <= b) for X ~ Poisson(z) by summing terms until past
 * z and negligible, rescaling by 1e30 to stay finite. */
static double poisson_cis(double z, double xa, double xb)
{
    double q = 1.0, tot = 0.0, s = 0.0, k = 0.0;
    while (k <= z || q > tot * 1e-10) {
        tot += q;
        if (k >= xa && k <= xb) {
            s += q;
        }
        if (tot > 1e30) {
            s /= 1e30;
            tot /= 1e30;
            q /= 1e30;
        }
        k += 1.0;
        q = q * z / k;
    }
    return s / tot;
}

/* poisson_funnel: 23 halvings of v in (0, 1), mean (1 + obs) v / (1 - v). */
double tdm_funnel_poisson_limit(double obs, double p, int side)
{
    double v = 0.5, dv = 0.5;
    while (dv > 1e-7) {
        double mean;
        dv /= 2.0;
        mean = (1.0 + obs) * v / (1.0 - v);
        if (side == 0 ? poisson_cis(mean, obs, 10000000000.0) > p
                      : poisson_cis(mean, 0.0, obs) < p) {
            v -= dv;
        } else {
            v += dv;
        }
    }
    return (1.0 + obs) * v / (1.0 - v);
}

/* nchar() of an integer-valued double as R 4.2 prints it with 15 significant
 * digits: fixed notation unless scientific is strictly shorter, so 15000000
 * is "1.5e+07" (7 characters) and 100000 is "1e+05" (5). */
static int r_nchar(double x)
{
    int digits = 1, sig, sci, e;
    double p = 10.0;
    if (x < 1.0) {
        return 1;
    }
    while (p <= x && digits < 308) {
        p *= 10.0;
        digits++;
    }
    sig = digits > 15 ? 15 : digits;
    {
        /* drop trailing zeros of the first 15 significant digits */
        double m = x / tdm__rpow(10.0, (double)(digits - sig));
        m = nearbyint(m);
        while (sig > 1 && fmod(m, 10.0) == 0.0) {
            m /= 10.0;
            sig--;
        }
    }
    e = digits - 1;
    sci = (sig > 1 ? sig + 1 : 1) + (e >= 100 ? 5 : 4);
    return digits <= sci ? digits : sci;
}

/* SPEC: funnel.axis - signif.floor / signif.ceiling of the reference. */
static double floorsig(double x)
{
    double n;
    if (x == 0.0) {
        return 0.0;
    }
    n = (double)(r_nchar(floor(x * 0.95)) - 1);
    return floor(x * 0.95 / tdm__rpow(10.0, n)) * tdm__rpow(10.0, n);
}

static double ceilsig(double x)
{
    double n;
    if (x == 0.0) {
        return 0.0;
    }
    n = (double)(r_nchar(ceil(x * 1.05)) - 2);
    return ceil(x * 1.05 / tdm__rpow(10.0, n)) * tdm__rpow(10.0, n);
}

/* The 100 x values: t1 = max(1, min); t_j = max(round((max/t)^(1/(101 - o)) t),
 * t + 1) with o = j, or j - 1 for ratio tables (round half to even, as R). */
static void axis_points(double lo, double hi, int ratio, tdm_funnel_limit *rows)
{
    rows[0].x = lo > 1.0 ? lo : 1.0;
    for (int j = 2; j <= TDM_FUNNEL_POINTS; j++) {
        double prev = rows[j - 2].x;
        double o = ratio ? (double)(j - 1) : (double)j;
        double t = nearbyint(tdm__rpow(hi / prev, 1.0 / (101.0 - o)) * prev);
        rows[j - 1].x = t > prev + 1.0 ? t : prev + 1.0;
    }
}

static void axis_range(const tdm_funnel_fit *fit, double years, double *lo, double *hi)
{
    double mn = fit->min_den / years, mx = fit->max_den / years;
    *lo = fit->max_den > 2.0 * fit->min_den ? 0.0 : floorsig(mn) * years;
    *hi = ceilsig(mx) * years;
}

static void clear_x(tdm_funnel_limit *r)
{
    r->lower_2s_x = r->upper_2s_x = r->lower_3s_x = r->upper_3s_x = (double)NAN;
}

static void proportion_rows(const tdm_funnel_fit *fit, tdm_funnel_limit *rows)
{
    double lo, hi, m = fit->opt.multiplier, b = fit->baseline;
    axis_range(fit, 1.0, &lo, &hi);
    axis_points(lo, hi, 0, rows);
    for (int j = 0; j < TDM_FUNNEL_POINTS; j++) {
        tdm_funnel_limit *r = &rows[j];
        double l2, u2, l3, u3;
        if (fit->od_applied == TDM_FUNNEL_OD_NONE) {
            l2 = tdm__funnel_sigma_adjustment(fit->z975, r->x, b, 0, m);
            u2 = tdm__funnel_sigma_adjustment(fit->z975, r->x, b, 1, m);
            l3 = tdm__funnel_sigma_adjustment(fit->z999, r->x, b, 0, m);
            u3 = tdm__funnel_sigma_adjustment(fit->z999, r->x, b, 1, m);
        } else {
            double sd = tdm__funnel_sd(fit, tdm__funnel_se(fit, r->x));
            l2 = (b - fit->z975 * sd) * m;
            u2 = (b + fit->z975 * sd) * m;
            l3 = (b - fit->z999 * sd) * m;
            u3 = (b + fit->z999 * sd) * m;
        }
        /* Clamped to [0, m]: a proportion of m cannot be exceeded. (The
         * reference clamps at 100 whatever the multiplier: not copied.) */
        r->lower_2s = l2 > 0.0 ? l2 : 0.0;
        r->upper_2s = u2 < m ? u2 : m;
        r->lower_3s = l3 > 0.0 ? l3 : 0.0;
        r->upper_3s = u3 < m ? u3 : m;
        r->baseline = b * m;
        clear_x(r);
    }
}

/* Ratio limits on the reported scale: O/E - 1 (count) or 100 O/E (isr). */
static double ratio_scale(const tdm_funnel_fit *fit, double v)
{
    return fit->opt.ratio_type == TDM_FUNNEL_RATIO_COUNT ? v - 1.0 : v * 100.0;
}

static void ratio_rows(const tdm_funnel_fit *fit, tdm_funnel_limit *rows)
{
    double lo, hi;
    axis_range(fit, 1.0, &lo, &hi);
    axis_points(lo, hi, 1, rows);
    for (int j = 0; j < TDM_FUNNEL_POINTS; j++) {
        tdm_funnel_limit *r = &rows[j];
        double o = r->x;
        r->baseline = ratio_scale(fit, 1.0);
        if (fit->opt.overdispersion == TDM_FUNNEL_OD_NONE) {
            r->lower_2s_x = tdm_funnel_poisson_limit(o, 0.025, 1);
            r->upper_2s_x = tdm_funnel_poisson_limit(o, 0.025, 0);
            r->lower_3s_x = tdm_funnel_poisson_limit(o, 0.001, 1);
            r->upper_3s_x = tdm_funnel_poisson_limit(o, 0.001, 0);
            r->lower_2s = ratio_scale(fit, o / r->lower_2s_x);
            r->upper_2s = ratio_scale(fit, o / r->upper_2s_x);
            r->lower_3s = ratio_scale(fit, o / r->lower_3s_x);
            r->upper_3s = ratio_scale(fit, o / r->upper_3s_x);
        } else {
            /* x is the expected count E; limits (1 -/+ z sd)^2 on the
             * square-root scale */
            double sd = tdm__funnel_sd(fit, tdm__funnel_se(fit, o));
            double a2 = 1.0 - fit->z975 * sd, a3 = 1.0 - fit->z999 * sd;
            a2 = a2 > 0.0 ? a2 : 0.0;
            a3 = a3 > 0.0 ? a3 : 0.0;
            r->lower_2s = ratio_scale(fit, a2 * a2);
            r->upper_2s = ratio_scale(fit, (1.0 + fit->z975 * sd) * (1.0 + fit->z975 * sd));
            r->lower_3s = ratio_scale(fit, a3 * a3);
            r->upper_3s = ratio_scale(fit, (1.0 + fit->z999 * sd) * (1.0 + fit->z999 * sd));
            clear_x(r);
        }
    }
}

static void rate_rows_poisson(const tdm_funnel_fit *fit, tdm_funnel_limit *rows)
{
    double lo, hi, av = fit->baseline_axis, m = fit->opt.multiplier, y = fit->opt.years;
    axis_range(fit, y, &lo, &hi);
    lo = floor(lo * av);
    hi = ceil(hi * av);
    axis_points(lo, hi, 0, rows);
    for (int j = 0; j < TDM_FUNNEL_POINTS; j++) {
        tdm_funnel_limit *r = &rows[j];
        double e = r->x;
        double l2 = tdm_funnel_poisson_limit(e, 0.025, 1) / av;
        double u2 = tdm_funnel_poisson_limit(e, 0.025, 0) / av;
        double l3 = tdm_funnel_poisson_limit(e, 0.001, 1) / av;
        double u3 = tdm_funnel_poisson_limit(e, 0.001, 0) / av;
        /* the reference's mutate order: limit = e / pop * m, pop / years */
        r->lower_2s = e / l2 * m;
        r->upper_2s = e / u2 * m;
        r->lower_3s = e / l3 * m;
        r->upper_3s = e / u3 * m;
        r->lower_2s_x = l2 / y;
        r->upper_2s_x = u2 / y;
        r->lower_3s_x = l3 / y;
        r->upper_3s_x = u3 / y;
        r->baseline = av * m;
    }
}

static void rate_rows_od(const tdm_funnel_fit *fit, tdm_funnel_limit *rows)
{
    double lo, hi, b = fit->baseline, m = fit->opt.multiplier, y = fit->opt.years;
    axis_range(fit, y, &lo, &hi);
    axis_points(lo / y, hi / y, 0, rows);
    for (int j = 0; j < TDM_FUNNEL_POINTS; j++) {
        tdm_funnel_limit *r = &rows[j];
        double sd = tdm__funnel_sd(fit, tdm__funnel_se(fit, r->x * y * b));
        double a2 = 1.0 - fit->z975 * sd, a3 = 1.0 - fit->z999 * sd;
        a2 = a2 > 0.0 ? a2 : 0.0;
        a3 = a3 > 0.0 ? a3 : 0.0;
        r->lower_2s = b * m * (a2 * a2);
        r->upper_2s = b * m * ((1.0 + fit->z975 * sd) * (1.0 + fit->z975 * sd));
        r->lower_3s = b * m * (a3 * a3);
        r->upper_3s = b * m * ((1.0 + fit->z999 * sd) * (1.0 + fit->z999 * sd));
        r->baseline = b * m;
        clear_x(r);
    }
}

/* SPEC: funnel.limits */
int tdm_funnel_limits(const tdm_funnel_fit *fit, tdm_funnel_limit *rows, size_t *n_rows)
{
    if (fit == NULL || rows == NULL) {
        return TDM_EINVAL;
    }
    memset(rows, 0, TDM_FUNNEL_POINTS * sizeof *rows);
    if (fit->opt.statistic == TDM_FUNNEL_PROPORTION) {
        proportion_rows(fit, rows);
    } else if (fit->opt.statistic == TDM_FUNNEL_RATIO) {
        ratio_rows(fit, rows);
    } else if (fit->opt.overdispersion == TDM_FUNNEL_OD_NONE) {
        rate_rows_poisson(fit, rows);
    } else {
        rate_rows_od(fit, rows);
    }
    if (n_rows != NULL) {
        *n_rows = TDM_FUNNEL_POINTS;
    }
    return TDM_OK;
}
