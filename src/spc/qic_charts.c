/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * qic_charts.c - tdm_qic_compute: one series through the qicharts2 0.8.1
 * pipeline (qic -> qic.agg): domain checks, subgroups of rows sharing a time,
 * parts, baseline (freeze) and exclusions, centre line and limits per part
 * (qic_limits.c), runs analysis per part (anhoej.c), multiply, sigma
 * signals, the optional clamp of negative lower limits, and part averages
 * (summary.qic).
 */
#include "qic_internal.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static const char *const chart_names[] = { "run", "i", "mr", "xbar", "s", "t", "p",
                                           "pp",  "c", "u",  "up",   "g", "ip" };
#define N_CHARTS (sizeof chart_names / sizeof *chart_names)

void tdm_qic_options_init(tdm_qic_options *o)
{
    memset(o, 0, sizeof *o);
    o->version = TDM_QIC_OPTIONS_VERSION;
    o->chart = TDM_QIC_RUN;
    o->method = TDM_ANHOEJ;
    o->screen = 1;
    o->agg = TDM_QIC_AGG_MEAN;
    o->freeze = 0;
    o->multiply = 1.0;
    o->cl = NAN;
    o->y_neg = 1;
}

const char *tdm_qic_chart_name(int chart)
{
    return chart >= 0 && (size_t)chart < N_CHARTS ? chart_names[chart] : "";
}

int tdm_qic_chart_parse(const char *s, size_t len, int *out)
{
    for (size_t c = 0; c < N_CHARTS; c++) {
        size_t k = strlen(chart_names[c]);
        size_t i = 0;
        while (i < k && i < len && (s[i] | 0x20) == chart_names[c][i]) {
            i++;
        }
        if (i == k && len == k) {
            *out = (int)c;
            return TDM_OK;
        }
    }
    return TDM_EPARSE;
}

int tdm_qic_chart_needs_denominator(int chart)
{
    return chart == TDM_QIC_P || chart == TDM_QIC_PP || chart == TDM_QIC_U || chart == TDM_QIC_UP;
}

/* Five doubles per row: y_sum, y_mean, y_sd, scratch, sorted. */
#define WORK_ARRAYS 5

size_t tdm_qic_workspace_size(size_t rows)
{
    size_t per = WORK_ARRAYS * sizeof(double);
    if (rows != 0 && per > SIZE_MAX / rows) {
        return 0;
    }
    return rows == 0 ? per : rows * per;
}

static int check_options(const tdm_qic_options *o, const tdm_qic_input *in, tdm_error *err)
{
    if (o->version < 1 || o->chart < 0 || (size_t)o->chart >= N_CHARTS || o->method < 0 ||
        o->method > TDM_ANHOEJ_CUTBOX || o->agg < 0 || o->agg > TDM_QIC_AGG_SD) {
        return tdm__error(err, TDM_EINVAL, 0, 0, "unknown chart, method or aggregate");
    }
    if (!isfinite(o->multiply) || !(o->multiply > 0.0) || isinf(o->cl)) {
        return tdm__error(err, TDM_EINVAL, 0, 0,
                          "multiply must be finite and positive, and a centre line finite");
    }
    if (o->freeze > 0 && in->part != NULL) {
        /* qicharts2 silently ignores freeze when parts are given. */
        return tdm__error(err, TDM_EINVAL, 0, 0, "give a freeze period or parts, not both");
    }
    if (in->n == NULL && tdm_qic_chart_needs_denominator(o->chart)) {
        return tdm__error(err, TDM_EINVAL, 0, 0,
                          "a %s chart needs denominators (a numerator and a denominator per row)",
                          chart_names[o->chart]);
    }
    return TDM_OK;
}

/* Report a bad row: "line N: <what> (<chart> chart)", with err->line set to
 * the physical line (in->line) or the 1-based row. */
static int row_error(tdm_error *err, const tdm_qic_input *in, size_t r, const char *chart,
                     const char *what)
{
    uint64_t line = in->line != NULL ? in->line[r] : (uint64_t)r + 1;
    return tdm__error(err, TDM_EDOMAIN, line, 0, "%s %llu: %s (%s chart)",
                      in->line != NULL ? "line" : "row", (unsigned long long)line, what, chart);
}

/* SPEC: qic.domain - values each chart cannot take, reported with their row
 * (qicharts2 would return Inf or NaN limits, or stop without saying where). */
static int check_rows(const tdm_qic_input *in, int chart, tdm_error *err)
{
    const char *name = chart_names[chart];
    const char *val = in->n != NULL ? "numerator" : "value";
    const int proportion = chart == TDM_QIC_P || chart == TDM_QIC_PP;
    const int count = proportion || chart == TDM_QIC_U || chart == TDM_QIC_UP ||
                      chart == TDM_QIC_C || chart == TDM_QIC_G;
    for (size_t r = 0; r < in->rows; r++) {
        double y = in->y[r];
        double n = in->n != NULL ? in->n[r] : 1.0;
        char a[TDM_NUMBUF];
        char b[TDM_NUMBUF];
        char msg[160];
        if (isinf(y) || isinf(n)) {
            (void)snprintf(msg, sizeof msg, "%s is infinite", isinf(y) ? val : "denominator");
            return row_error(err, in, r, name, msg);
        }
        if (isnan(y) || isnan(n)) {
            continue;
        }
        (void)tdm_format_double(y, a);
        (void)tdm_format_double(n, b);
        msg[0] = '\0';
        if (n <= 0.0) {
            (void)snprintf(msg, sizeof msg, "denominator %s is not positive", b);
        } else if (proportion && y > n) {
            (void)snprintf(msg, sizeof msg,
                           "numerator %s is above its denominator %s: a proportion cannot "
                           "exceed 1",
                           a, b);
        } else if (count && y < 0.0) {
            (void)snprintf(msg, sizeof msg, "%s %s is negative: counts cannot be negative", val, a);
        } else if (chart == TDM_QIC_T && y <= 0.0) {
            (void)snprintf(msg, sizeof msg,
                           "%s %s is not positive: times between events must be greater than 0",
                           val, a);
        }
        if (msg[0] != '\0') {
            return row_error(err, in, r, name, msg);
        }
    }
    return TDM_OK;
}

/* Value of a subgroup without denominators: qicharts2 agg.fun. */
static double aggregate_value(tdm__qic *q, const tdm_qic_input *in, size_t r0, size_t r1, size_t k)
{
    size_t c = 0;
    switch (q->opt->agg) {
    case TDM_QIC_AGG_SUM:
        return q->y_sum[k];
    case TDM_QIC_AGG_SD:
        return q->y_sd[k];
    case TDM_QIC_AGG_MEDIAN:
        for (size_t r = r0; r < r1; r++) {
            if (!isnan(in->y[r])) {
                q->sorted[c++] = in->y[r];
            }
        }
        return tdm__median(q->sorted, c);
    default:
        return q->y_mean[k];
    }
}

/* SPEC: qic.subgroup - rows [r0, r1) share a time: y_sum, count, mean and
 * standard deviation (two-pass) of their values; with denominators a row
 * counts only if both numerator and denominator are present, and the point
 * is sum(y) / sum(n). A subgroup without values is a missing point
 * (SPEC: qic.missing). The part and exclude flags of any row apply to the
 * whole subgroup. */
static void subgroup(tdm__qic *q, const tdm_qic_input *in, size_t r0, size_t r1, size_t k,
                     tdm_qic_summary *sum)
{
    tdm_qic_point *p = &q->pts[k];
    tdm__sum ys;
    tdm__sum ns;
    size_t c = 0;
    memset(p, 0, sizeof *p);
    p->row = r0;
    p->rows = r1 - r0;
    p->xx = k + 1;
    p->include = 1;
    tdm__sum_init(&ys);
    tdm__sum_init(&ns);
    for (size_t r = r0; r < r1; r++) {
        if (in->part != NULL && in->part[r]) {
            p->part = 1; /* "starts a new part" until parts are numbered */
        }
        if (in->exclude != NULL && in->exclude[r]) {
            p->include = 0;
        }
        if (isnan(in->y[r]) || (q->got_n && isnan(in->n[r]))) {
            sum->rows_missing++;
            continue;
        }
        c++;
        tdm__sum_add(&ys, in->y[r]);
        if (q->got_n) {
            tdm__sum_add(&ns, in->n[r]);
        }
    }
    p->values = c;
    q->y_sum[k] = q->y_mean[k] = q->y_sd[k] = NAN;
    p->y = p->n = NAN;
    if (c == 0) {
        sum->n_missing++;
        return;
    }
    q->y_sum[k] = tdm__sum_value(&ys);
    q->y_mean[k] = q->y_sum[k] / (double)c;
    if (c > 1) {
        tdm__sum ss;
        tdm__sum_init(&ss);
        for (size_t r = r0; r < r1; r++) {
            if (!isnan(in->y[r]) && !(q->got_n && isnan(in->n[r]))) {
                double d = in->y[r] - q->y_mean[k];
                tdm__sum_add(&ss, d * d);
            }
        }
        q->y_sd[k] = sqrt(tdm__sum_value(&ss) / (double)(c - 1));
    }
    if (q->got_n) {
        p->n = tdm__sum_value(&ns);
        p->y = q->y_sum[k] / p->n;
    } else {
        p->y = aggregate_value(q, in, r0, r1, k);
    }
}

/* Group rows into subgroups; number the parts (a flag on the first
 * subgroup starts nothing: qicharts2's parts end after given positions);
 * mark the baseline. @return number of parts. */
static size_t build_points(tdm__qic *q, const tdm_qic_input *in, tdm_qic_summary *sum)
{
    uint32_t part = 1;
    size_t r1;
    q->m = 0;
    for (size_t r0 = 0; r0 < in->rows; r0 = r1) {
        r1 = r0 + 1;
        while (in->time != NULL && r1 < in->rows && in->time[r1] == in->time[r0]) {
            r1++;
        }
        subgroup(q, in, r0, r1, q->m, sum);
        q->m++;
    }
    for (size_t k = 0; k < q->m; k++) {
        tdm_qic_point *p = &q->pts[k];
        /* SPEC: qic.part, qic.freeze, qic.exclude */
        if (p->part && k > 0) {
            part++;
        }
        p->part = part;
        p->baseline = q->opt->freeze == 0 || p->xx <= q->opt->freeze;
    }
    return q->m > 0 ? part : 0;
}

/* SPEC: qic.domain - the T chart's subgroup values must be > 0 too (an sd
 * aggregate can be 0). */
static int check_points(const tdm__qic *q, const tdm_qic_input *in, tdm_error *err)
{
    if (q->opt->chart != TDM_QIC_T) {
        return TDM_OK;
    }
    for (size_t k = 0; k < q->m; k++) {
        if (q->pts[k].y <= 0.0) {
            char a[TDM_NUMBUF];
            char msg[160];
            (void)tdm_format_double(q->pts[k].y, a);
            (void)snprintf(msg, sizeof msg,
                           "subgroup value %s is not positive: times between events must be "
                           "greater than 0",
                           a);
            return row_error(err, in, q->pts[k].row, "t", msg);
        }
    }
    return TDM_OK;
}

/* SPEC: qic.runs - runs analysis of the part's included points against its
 * centre line, before multiply (as qicharts2). */
static void part_runs(tdm__qic *q, size_t s, size_t n, tdm_anhoej_result *runs)
{
    size_t k = 0;
    for (size_t i = s; i < s + n; i++) {
        if (q->pts[i].include) {
            q->scratch[k++] = q->pts[i].y;
        }
    }
    (void)tdm_anhoej_runs(q->scratch, k, q->pts[s].cl, NULL, q->opt->method, runs);
    /* SPEC: qic.chart.mr - no runs signal on an MR chart. */
    if (q->opt->chart == TDM_QIC_MR) {
        runs->runs_signal = 0;
    }
}

static double finite_or_nan(double v)
{
    return isfinite(v) ? v : (double)NAN;
}

/* SPEC: qic.multiply, qic.sigma - scale, drop non-finite limits, then
 * sigma signal = y beyond a 3-sigma limit (strict; none where missing). */
static void finish_point(tdm_qic_point *p, double k, int runs_signal)
{
    p->y = p->y * k;
    p->cl = p->cl * k;
    p->lcl = finite_or_nan(p->lcl * k);
    p->lcl_95 = finite_or_nan(p->lcl_95 * k);
    p->ucl_95 = finite_or_nan(p->ucl_95 * k);
    p->ucl = finite_or_nan(p->ucl * k);
    p->sigma_signal = p->y > p->ucl || p->y < p->lcl;
    p->runs_signal = (uint8_t)runs_signal;
}

/* SPEC: qic.yneg - with y_neg = 0 and no negative value in the series,
 * negative lower limits become 0 (qicharts2 y.neg = FALSE; it tests every
 * facet of the call together, tandem each series). Signals are unchanged. */
static void clamp_negative(tdm__qic *q)
{
    for (size_t k = 0; k < q->m; k++) {
        if (q->pts[k].y < 0.0) {
            return;
        }
    }
    for (size_t k = 0; k < q->m; k++) {
        tdm_qic_point *p = &q->pts[k];
        if (p->lcl < 0.0) {
            p->lcl = 0.0;
        }
        if (p->lcl_95 < 0.0) {
            p->lcl_95 = 0.0;
        }
    }
}

/* Mean of the non-missing values of a field over points [s, s + n). */
static double mean_field(const tdm_qic_point *pts, size_t s, size_t n, size_t offset)
{
    tdm__sum sum;
    size_t c = 0;
    tdm__sum_init(&sum);
    for (size_t i = s; i < s + n; i++) {
        double v = *(const double *)(const void *)((const char *)&pts[i] + offset);
        if (!isnan(v)) {
            tdm__sum_add(&sum, v);
            c++;
        }
    }
    return c > 0 ? tdm__sum_value(&sum) / (double)c : (double)NAN;
}

/* SPEC: qic.summary - summary.qic: the part's runs analysis, mean lines
 * (missing ignored) and the number of sigma signals. */
static void summarise_part(const tdm__qic *q, size_t s, size_t n, tdm_qic_part *part)
{
    const tdm_qic_point *pts = q->pts;
    part->index = pts[s].part;
    part->start = s;
    part->n = n;
    part->alcl = mean_field(pts, s, n, offsetof(tdm_qic_point, lcl));
    part->alcl_95 = mean_field(pts, s, n, offsetof(tdm_qic_point, lcl_95));
    part->cl = mean_field(pts, s, n, offsetof(tdm_qic_point, cl));
    part->aucl_95 = mean_field(pts, s, n, offsetof(tdm_qic_point, ucl_95));
    part->aucl = mean_field(pts, s, n, offsetof(tdm_qic_point, ucl));
    part->sigma_signal = 0;
    for (size_t i = s; i < s + n; i++) {
        part->sigma_signal += pts[i].sigma_signal;
    }
}

/* Limits, runs analysis and finishing of every part. */
static void chart_parts(tdm__qic *q, tdm_qic_part *parts, tdm_qic_summary *sum)
{
    size_t s = 0;
    size_t k = 0;
    while (s < q->m) {
        size_t e = s + 1;
        tdm_qic_part part;
        while (e < q->m && q->pts[e].part == q->pts[s].part) {
            e++;
        }
        memset(&part, 0, sizeof part);
        tdm__qic_part_limits(q, s, e - s);
        part_runs(q, s, e - s, &part.runs);
        for (size_t i = s; i < e; i++) {
            finish_point(&q->pts[i], q->opt->multiply, part.runs.runs_signal);
        }
        if (parts != NULL) {
            parts[k] = part;
        }
        sum->runs_signal += (size_t)part.runs.runs_signal;
        k++;
        s = e;
    }
    if (!q->opt->y_neg) {
        clamp_negative(q);
    }
    /* Part averages after the clamp, as summary.qic reads the final data. */
    s = 0;
    for (size_t j = 0; j < k; j++) {
        size_t e = s + 1;
        while (e < q->m && q->pts[e].part == q->pts[s].part) {
            e++;
        }
        if (parts != NULL) {
            summarise_part(q, s, e - s, &parts[j]);
        }
        s = e;
    }
    for (size_t i = 0; i < q->m; i++) {
        sum->sigma_signal += q->pts[i].sigma_signal;
    }
}

static int check_input(const tdm_qic_input *in, const tdm_qic_point *points,
                       const tdm_qic_summary *summary)
{
    if (in == NULL || summary == NULL || (in->rows > 0 && (in->y == NULL || points == NULL))) {
        return TDM_EINVAL;
    }
    for (size_t r = 1; in->time != NULL && r < in->rows; r++) {
        if (in->time[r] < in->time[r - 1]) {
            return TDM_EINVAL;
        }
    }
    return TDM_OK;
}

int tdm_qic_compute(const tdm_qic_input *in, const tdm_qic_options *opt, tdm_qic_point *points,
                    tdm_qic_part *parts, tdm_qic_summary *summary, void *work, tdm_error *err)
{
    tdm_qic_options defaults;
    tdm__qic q;
    double *buf;
    void *owned = NULL;
    size_t cap;
    int rc;

    tdm__error_clear(err);
    if (summary != NULL) {
        memset(summary, 0, sizeof *summary);
    }
    if (check_input(in, points, summary) != TDM_OK) {
        return tdm__error(err, TDM_EINVAL, 0, 0, "invalid arguments (NULL or rows out of order)");
    }
    if (opt == NULL) {
        tdm_qic_options_init(&defaults);
        opt = &defaults;
    }
    rc = check_options(opt, in, err);
    rc = rc ? rc : check_rows(in, opt->chart, err);
    if (rc != TDM_OK || in->rows == 0) {
        return rc;
    }
    if (work == NULL) {
        size_t bytes = tdm_qic_workspace_size(in->rows);
        owned = bytes ? tdm__malloc(bytes) : NULL;
        if (owned == NULL) {
            return tdm__error(err, TDM_ENOMEM, 0, 0, "out of memory");
        }
        work = owned;
    }
    summary->rows = in->rows;
    cap = in->rows;
    buf = work;
    memset(&q, 0, sizeof q);
    q.opt = opt;
    q.pts = points;
    q.got_n = in->n != NULL;
    q.y_sum = buf;
    q.y_mean = buf + cap;
    q.y_sd = buf + 2 * cap;
    q.scratch = buf + 3 * cap;
    q.sorted = buf + 4 * cap;

    summary->n_parts = build_points(&q, in, summary);
    summary->n_points = q.m;
    rc = check_points(&q, in, err);
    if (rc == TDM_OK) {
        chart_parts(&q, parts, summary);
    } else {
        memset(summary, 0, sizeof *summary); /* nothing was charted */
    }
    tdm__free(owned);
    return rc;
}
