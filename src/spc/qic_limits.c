/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * qic_limits.c - centre line and control limits of one part of a run or
 * control chart, for each chart type of qicharts2 0.8.1 (qic.run, qic.i,
 * qic.mr, qic.xbar, qic.s, qic.t, qic.p, qic.pp, qic.c, qic.u, qic.up,
 * qic.g, qic.ip). Called by tdm_qic_compute (qic_charts.c) once per part.
 *
 * "Base" points give the centre line and limits: baseline (within the
 * freeze period) and not excluded. Limits apply to every point of the part.
 * Expressions follow the R code term by term (same operations in the same
 * order) so that results agree to the last bits; sums are compensated.
 * Limits at 3 sigma are the control limits, at 2 sigma the "95%" lines.
 */
#include "qic_internal.h"

#include <math.h>

static int is_base(const tdm_qic_point *p)
{
    return p->baseline && p->include;
}

/* Mean of the non-missing base values v[i] (NaN if none): R's
 * mean(v[base], na.rm = TRUE). */
static double base_mean(const tdm__qic *q, const double *v, size_t stride, size_t s, size_t n)
{
    tdm__sum sum;
    size_t k = 0;
    tdm__sum_init(&sum);
    for (size_t i = s; i < s + n; i++) {
        double x = *(const double *)(const void *)((const char *)v + i * stride);
        if (is_base(&q->pts[i]) && !isnan(x)) {
            tdm__sum_add(&sum, x);
            k++;
        }
    }
    return k > 0 ? tdm__sum_value(&sum) / (double)k : (double)NAN;
}

#define PT_Y (sizeof(tdm_qic_point))

/* pi as R's `pi` (M_PI is not in strict C11). */
#define QIC_PI 3.141592653589793238462643383280

static double base_mean_y(const tdm__qic *q, size_t s, size_t n)
{
    return base_mean(q, &q->pts[0].y, PT_Y, s, n);
}

/* Ratio of sums over the base points: sum(a[base], na.rm) / sum(b[base], na.rm),
 * the pooled proportion or rate of P and U charts (Montgomery 7.1, 7.19). */
static double base_ratio(const tdm__qic *q, const double *a, size_t sa, const double *b, size_t sb,
                         size_t s, size_t n)
{
    tdm__sum num;
    tdm__sum den;
    tdm__sum_init(&num);
    tdm__sum_init(&den);
    for (size_t i = s; i < s + n; i++) {
        double x = *(const double *)(const void *)((const char *)a + i * sa);
        double y = *(const double *)(const void *)((const char *)b + i * sb);
        if (!is_base(&q->pts[i])) {
            continue;
        }
        if (!isnan(x)) {
            tdm__sum_add(&num, x);
        }
        if (!isnan(y)) {
            tdm__sum_add(&den, y);
        }
    }
    return tdm__sum_value(&num) / tdm__sum_value(&den);
}

/* Median of the non-missing base values of y. */
static double base_median_y(tdm__qic *q, size_t s, size_t n)
{
    size_t k = 0;
    for (size_t i = s; i < s + n; i++) {
        if (is_base(&q->pts[i]) && !isnan(q->pts[i].y)) {
            q->sorted[k++] = q->pts[i].y;
        }
    }
    return tdm__median(q->sorted, k);
}

/* The same centre line and cl +/- 3 and 2 sigma on every point. */
static void set_lines(tdm__qic *q, size_t s, size_t n, double cl, double stdev)
{
    for (size_t i = s; i < s + n; i++) {
        tdm_qic_point *p = &q->pts[i];
        p->cl = cl;
        p->lcl = cl - 3.0 * stdev;
        p->lcl_95 = cl - 2.0 * stdev;
        p->ucl = cl + 3.0 * stdev;
        p->ucl_95 = cl + 2.0 * stdev;
    }
}

static double given_cl(const tdm__qic *q)
{
    return q->opt->cl;
}

/* SPEC: qic.chart.run - median of the base values; no limits. */
static void run_chart(tdm__qic *q, size_t s, size_t n)
{
    double cl = isnan(given_cl(q)) ? base_median_y(q, s, n) : given_cl(q);
    set_lines(q, s, n, cl, NAN);
}

/* Moving ranges between consecutive base points of the part, in place:
 * v[i - s] holds point i's value on entry; on return v[0, k) holds the k
 * ranges |v_j - v_prev| (excluded and frozen-out points are skipped, so a
 * range bridges them; a range touching a missing value is NaN and will be
 * dropped). Writing v[k] never overtakes the reading: k < i - s. */
static size_t base_ranges(const tdm__qic *q, size_t s, size_t n, double *v)
{
    size_t k = 0;
    int have_prev = 0;
    double prev = 0.0;
    for (size_t i = s; i < s + n; i++) {
        double d;
        if (!is_base(&q->pts[i])) {
            continue;
        }
        d = v[i - s];
        if (have_prev) {
            v[k++] = fabs(d - prev);
        }
        prev = d;
        have_prev = 1;
    }
    return k;
}

/* SPEC: qic.chart.i - mean of the base values; moving ranges of (y - cl)
 * between consecutive base points (base_ranges), screened; sigma = mean MR /
 * 1.128 (Montgomery 6.33). */
static void i_chart(tdm__qic *q, size_t s, size_t n, double cl)
{
    size_t k;
    tdm__amr a;
    if (isnan(cl)) {
        cl = base_mean_y(q, s, n);
    }
    for (size_t i = s; i < s + n; i++) {
        q->scratch[i - s] = q->pts[i].y - cl;
    }
    k = base_ranges(q, s, n, q->scratch);
    /* SPEC: qic.screen - qicharts2 with qic.screenedmr = TRUE (set when the
     * package is attached); with every range 0 nothing survives: no limits. */
    a = tdm__mr_average(q->scratch, k, sizeof(double), q->opt->screen ? TDM__XMR_SCREEN : 0.0, 0);
    set_lines(q, s, n, cl, a.amr / TDM__D2);
}

/* SPEC: qic.chart.mr - y = |y_i - y_(i-1)| within the part (none for its
 * first point); CL = mean of the base ranges; UCL = 3.267 CL (D4 for n = 2),
 * LCL = 0; 95% line (3.267 / 3) x 2 x CL. */
static void mr_chart(tdm__qic *q, size_t s, size_t n)
{
    double cl;
    for (size_t i = s + n; i-- > s + 1;) {
        q->pts[i].y = fabs(q->pts[i].y - q->pts[i - 1].y);
    }
    q->pts[s].y = NAN;
    cl = isnan(given_cl(q)) ? base_mean_y(q, s, n) : given_cl(q);
    for (size_t i = s; i < s + n; i++) {
        tdm_qic_point *p = &q->pts[i];
        p->cl = cl;
        p->lcl = 0.0;
        p->lcl_95 = 0.0;
        p->ucl = TDM__XMR_SCREEN * cl;
        p->ucl_95 = (TDM__XMR_SCREEN / 3.0) * 2.0 * cl;
    }
}

/* Within-subgroup spread of the base points for Xbar and S charts
 * (Montgomery 6.29 and 6.31): the pooled standard deviation
 * sqrt(sum((n_i - 1) s_i^2) / sum(n_i - 1)) when subgroup sizes vary within
 * the part, else the mean of the s_i. Subgroups without values take no part
 * (SPEC: qic.missing). */
static double subgroup_sigma(const tdm__qic *q, size_t s, size_t n)
{
    size_t first = 0;
    int var_n = 0;
    tdm__sum num;
    tdm__sum den;
    for (size_t i = s; i < s + n; i++) {
        size_t v = q->pts[i].values;
        if (v == 0) {
            continue;
        }
        if (first == 0) {
            first = v;
        } else if (v != first) {
            var_n = 1;
        }
    }
    if (!var_n) {
        return base_mean(q, q->y_sd, sizeof(double), s, n);
    }
    tdm__sum_init(&num);
    tdm__sum_init(&den);
    for (size_t i = s; i < s + n; i++) {
        double v = (double)q->pts[i].values;
        double sd = q->y_sd[i];
        if (!is_base(&q->pts[i]) || q->pts[i].values == 0) {
            continue;
        }
        if (!isnan(sd)) {
            tdm__sum_add(&num, (v - 1.0) * (sd * sd));
        }
        tdm__sum_add(&den, v - 1.0);
    }
    return sqrt(tdm__sum_value(&num) / tdm__sum_value(&den));
}

/* SPEC: qic.chart.xbar - CL = sum(n_i mean_i) / sum(n_i) over base points;
 * limits CL +/- A3(n_i) x sigma (Montgomery 6.30). */
static void xbar_chart(tdm__qic *q, size_t s, size_t n)
{
    double cl = given_cl(q);
    double stdev = subgroup_sigma(q, s, n);
    if (isnan(cl)) {
        tdm__sum num;
        tdm__sum den;
        tdm__sum_init(&num);
        tdm__sum_init(&den);
        for (size_t i = s; i < s + n; i++) {
            const tdm_qic_point *p = &q->pts[i];
            if (is_base(p) && p->values > 0) {
                tdm__sum_add(&num, (double)p->values * q->y_mean[i]);
                tdm__sum_add(&den, (double)p->values);
            }
        }
        cl = tdm__sum_value(&num) / tdm__sum_value(&den);
    }
    for (size_t i = s; i < s + n; i++) {
        tdm_qic_point *p = &q->pts[i];
        double a3 = tdm__a3((double)p->values, 3.0);
        double a3_95 = tdm__a3((double)p->values, 2.0);
        p->cl = cl;
        p->ucl = cl + a3 * stdev;
        p->ucl_95 = cl + a3_95 * stdev;
        p->lcl = cl - a3 * stdev;
        p->lcl_95 = cl - a3_95 * stdev;
    }
}

/* SPEC: qic.chart.s - y = subgroup standard deviation; CL = the sigma of
 * subgroup_sigma; UCL = B4(n_i) CL, LCL = B3(n_i) CL. */
static void s_chart(tdm__qic *q, size_t s, size_t n)
{
    double cl = given_cl(q);
    for (size_t i = s; i < s + n; i++) {
        q->pts[i].y = q->y_sd[i];
    }
    if (isnan(cl)) {
        cl = subgroup_sigma(q, s, n);
    }
    for (size_t i = s; i < s + n; i++) {
        tdm_qic_point *p = &q->pts[i];
        double v = (double)p->values;
        p->cl = cl;
        p->ucl = tdm__b4(v, 3.0) * cl;
        p->ucl_95 = tdm__b4(v, 2.0) * cl;
        p->lcl = tdm__b3(v, 3.0) * cl;
        p->lcl_95 = tdm__b3(v, 2.0) * cl;
    }
}

/* SPEC: qic.chart.t - I chart of y^(1/3.6) (Nelson 1994: times between
 * events are roughly Weibull, and this power makes them near normal), then
 * y, CL and limits raised to 3.6; a negative or undefined LCL becomes 0.
 * A given centre line is in the original units. Values are > 0 (checked). */
static void t_chart(tdm__qic *q, size_t s, size_t n)
{
    const double root = 1.0 / TDM__T_POWER;
    double cl = given_cl(q);
    for (size_t i = s; i < s + n; i++) {
        q->pts[i].y = pow(q->pts[i].y, root);
    }
    i_chart(q, s, n, isnan(cl) ? cl : pow(cl, root));
    for (size_t i = s; i < s + n; i++) {
        tdm_qic_point *p = &q->pts[i];
        p->y = pow(p->y, TDM__T_POWER);
        p->cl = pow(p->cl, TDM__T_POWER);
        p->ucl = pow(p->ucl, TDM__T_POWER);
        p->ucl_95 = pow(p->ucl_95, TDM__T_POWER);
        p->lcl = pow(p->lcl, TDM__T_POWER);
        p->lcl_95 = pow(p->lcl_95, TDM__T_POWER);
        if (p->lcl < 0.0 || isnan(p->lcl)) {
            p->lcl = 0.0;
        }
    }
}

/* Clamp finite limits to [0, 1] (P charts) or at 0 (counts and rates). */
static void clamp_limits(tdm__qic *q, size_t s, size_t n, int upper_one)
{
    for (size_t i = s; i < s + n; i++) {
        tdm_qic_point *p = &q->pts[i];
        if (upper_one && p->ucl > 1.0 && isfinite(p->ucl)) {
            p->ucl = 1.0;
        }
        if (upper_one && p->ucl_95 > 1.0 && isfinite(p->ucl_95)) {
            p->ucl_95 = 1.0;
        }
        if (p->lcl < 0.0 && isfinite(p->lcl)) {
            p->lcl = 0.0;
        }
        if (p->lcl_95 < 0.0 && isfinite(p->lcl_95)) {
            p->lcl_95 = 0.0;
        }
    }
}

/* SPEC: qic.chart.laney - Laney (2002): z_i = (y_i - CL) / sigma_i over the
 * base points in sequence; sigma_z = mean |z_i - z_(i-1)| / 1.128, screened
 * like the I chart; sigma_i is multiplied by sigma_z. */
static double laney_sigma_z(tdm__qic *q, size_t s, size_t n, const double *stdev)
{
    size_t k;
    tdm__amr a;
    for (size_t i = s; i < s + n; i++) {
        q->sorted[i - s] = (q->pts[i].y - q->pts[i].cl) / stdev[i - s];
    }
    k = base_ranges(q, s, n, q->sorted);
    a = tdm__mr_average(q->sorted, k, sizeof(double), q->opt->screen ? TDM__XMR_SCREEN : 0.0, 0);
    return a.amr / TDM__D2;
}

/* SPEC: qic.chart.p, qic.chart.pp, qic.chart.u, qic.chart.up - CL = pooled
 * proportion or rate of the base points; sigma_i = sqrt(CL (1 - CL) / n_i)
 * (P, Montgomery 7.8) or sqrt(CL / n_i) (U, Montgomery 7.19); Laney's
 * variants scale sigma_i by sigma_z. P limits are kept within [0, 1], lower
 * limits of all four at or above 0. */
static void pu_chart(tdm__qic *q, size_t s, size_t n, int proportion, int laney)
{
    double cl = given_cl(q);
    double *stdev = q->scratch; /* sigma_i of the part's points */
    if (isnan(cl)) {
        cl = base_ratio(q, q->y_sum, sizeof(double), &q->pts[0].n, PT_Y, s, n);
    }
    for (size_t i = s; i < s + n; i++) {
        q->pts[i].cl = cl;
        stdev[i - s] = proportion ? sqrt(cl * (1.0 - cl) / q->pts[i].n) : sqrt(cl / q->pts[i].n);
    }
    if (laney) {
        double sigma_z = laney_sigma_z(q, s, n, stdev);
        for (size_t i = 0; i < n; i++) {
            stdev[i] = stdev[i] * sigma_z;
        }
    }
    for (size_t i = s; i < s + n; i++) {
        tdm_qic_point *p = &q->pts[i];
        p->ucl = cl + 3.0 * stdev[i - s];
        p->ucl_95 = cl + 2.0 * stdev[i - s];
        p->lcl = cl - 3.0 * stdev[i - s];
        p->lcl_95 = cl - 2.0 * stdev[i - s];
    }
    clamp_limits(q, s, n, proportion);
}

/* SPEC: qic.chart.c - y = the subgroup's count; CL = mean of the base
 * counts; sigma = sqrt(CL) (Montgomery 7.17); LCL at or above 0. */
static void c_chart(tdm__qic *q, size_t s, size_t n)
{
    double cl = given_cl(q);
    for (size_t i = s; i < s + n; i++) {
        q->pts[i].y = q->y_sum[i];
    }
    if (isnan(cl)) {
        cl = base_mean_y(q, s, n);
    }
    set_lines(q, s, n, cl, sqrt(cl));
    clamp_limits(q, s, n, 0);
}

/* SPEC: qic.chart.g - limits from the mean of the base values m:
 * sigma = sqrt(m (m + 1)) (geometric distribution, Montgomery p. 319; Provost
 * & Murray 2011); LCL at or above 0; then the centre line is the median of
 * the base values, or 0.693 x a given centre line (the geometric median). */
static void g_chart(tdm__qic *q, size_t s, size_t n)
{
    double m = isnan(given_cl(q)) ? base_mean_y(q, s, n) : given_cl(q);
    double cl = isnan(given_cl(q)) ? base_median_y(q, s, n) : TDM__G_MEDIAN * given_cl(q);
    set_lines(q, s, n, m, sqrt(m * (m + 1.0)));
    for (size_t i = s; i < s + n; i++) {
        tdm_qic_point *p = &q->pts[i];
        p->cl = cl;
        if (p->lcl < 0.0) {
            p->lcl = 0.0;
        }
        if (p->lcl_95 < 0.0) {
            p->lcl_95 = 0.0;
        }
    }
}

/* SPEC: qic.chart.ip - Taylor's I' chart: CL = sum(y_i n_i) / sum(n_i) over
 * base points; s_i = sqrt(pi / 2) |y_i - y_(i-1)| / sqrt(1/n_(i-1) + 1/n_i)
 * over every point of the part (not only the base); screened at 3.2665 x
 * mean; sigma_i = mean(s) sqrt(1 / n_i). Without denominators n_i is the
 * number of values in the subgroup. No clamps. */
static void ip_chart(tdm__qic *q, size_t s, size_t n)
{
    double cl = given_cl(q);
    tdm__amr a;
    if (!q->got_n) {
        for (size_t i = s; i < s + n; i++) {
            q->pts[i].n = (double)q->pts[i].values;
        }
    }
    if (isnan(cl)) {
        tdm__sum num;
        tdm__sum den;
        tdm__sum_init(&num);
        tdm__sum_init(&den);
        for (size_t i = s; i < s + n; i++) {
            const tdm_qic_point *p = &q->pts[i];
            double yn = p->y * p->n;
            if (!is_base(p)) {
                continue;
            }
            if (!isnan(yn)) {
                tdm__sum_add(&num, yn);
            }
            if (!isnan(p->n)) {
                tdm__sum_add(&den, p->n);
            }
        }
        cl = tdm__sum_value(&num) / tdm__sum_value(&den);
    }
    for (size_t i = s + 1; i < s + n; i++) {
        double d1 = fabs(q->pts[i].y - q->pts[i - 1].y);
        double d2 = sqrt((1.0 / q->pts[i - 1].n) + (1.0 / q->pts[i].n));
        q->scratch[i - s - 1] = sqrt(QIC_PI / 2.0) * d1 / d2;
    }
    a = tdm__mr_average(q->scratch, n - 1, sizeof(double), q->opt->screen ? TDM__IP_SCREEN : 0.0,
                        0);
    for (size_t i = s; i < s + n; i++) {
        tdm_qic_point *p = &q->pts[i];
        double stdev = a.amr * sqrt(1.0 / p->n);
        p->cl = cl;
        p->lcl = cl - 3.0 * stdev;
        p->ucl = cl + 3.0 * stdev;
        p->lcl_95 = cl - 2.0 * stdev;
        p->ucl_95 = cl + 2.0 * stdev;
    }
}

void tdm__qic_part_limits(tdm__qic *q, size_t start, size_t n)
{
    switch (q->opt->chart) {
    case TDM_QIC_I:
        i_chart(q, start, n, given_cl(q));
        break;
    case TDM_QIC_MR:
        mr_chart(q, start, n);
        break;
    case TDM_QIC_XBAR:
        xbar_chart(q, start, n);
        break;
    case TDM_QIC_S:
        s_chart(q, start, n);
        break;
    case TDM_QIC_T:
        t_chart(q, start, n);
        break;
    case TDM_QIC_P:
        pu_chart(q, start, n, 1, 0);
        break;
    case TDM_QIC_PP:
        pu_chart(q, start, n, 1, 1);
        break;
    case TDM_QIC_C:
        c_chart(q, start, n);
        break;
    case TDM_QIC_U:
        pu_chart(q, start, n, 0, 0);
        break;
    case TDM_QIC_UP:
        pu_chart(q, start, n, 0, 1);
        break;
    case TDM_QIC_G:
        g_chart(q, start, n);
        break;
    case TDM_QIC_IP:
        ip_chart(q, start, n);
        break;
    default:
        run_chart(q, start, n);
        break;
    }
}

/* Sift-down for the heap sort below. */
static void sift(double *v, size_t root, size_t n)
{
    for (;;) {
        size_t child = 2 * root + 1;
        double t;
        if (child >= n) {
            return;
        }
        if (child + 1 < n && v[child + 1] > v[child]) {
            child++;
        }
        if (!(v[child] > v[root])) {
            return;
        }
        t = v[root];
        v[root] = v[child];
        v[child] = t;
        root = child;
    }
}

/* SPEC: qic.median - heap sort (O(n log n) worst case, no allocation, no
 * recursion), then the middle value or the mean of the two middle values:
 * (a + b) / 2 equals R's long-double mean of two doubles after rounding. */
double tdm__median(double *v, size_t n)
{
    if (n == 0) {
        return NAN;
    }
    for (size_t i = n / 2; i-- > 0;) {
        sift(v, i, n);
    }
    for (size_t end = n - 1; end > 0; end--) {
        double t = v[0];
        v[0] = v[end];
        v[end] = t;
        sift(v, 0, end);
    }
    return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2.0;
}
