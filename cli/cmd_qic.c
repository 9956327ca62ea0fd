/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cmd_qic.c - `tandem qic`: run charts and control charts (qicharts2 0.8.1
 * semantics) for every series of a long CSV. Options -> series reader (rows
 * sharing a date are one subgroup) -> tdm_qic_compute -> table writer.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "opt.h"
#include "out.h"

enum { SUM_POINTS, SUM_PARTS };
enum { ORDER_AUTO, ORDER_GROUPED, ORDER_ANY };

typedef struct qic_args {
    const char *input, *output, *value, *numerator, *denominator, *date, *by;
    const char *part_col, *exclude_col;
    int chart, method, agg, summary, format, order, no_screen, clamp_lcl, verbose;
    size_t freeze;
    double multiply, cl;
} qic_args;

static qic_args args;

/* In the order of tdm_qic_chart, tdm_anhoej_method and tdm_qic_agg. */
static const char *const chart_choices[] = { "run", "i", "mr", "xbar", "s", "t",  "p",
                                             "pp",  "c", "u",  "up",   "g", "ip", NULL };
static const char *const method_choices[] = { "anhoej", "bestbox", "cutbox", NULL };
static const char *const agg_choices[] = { "mean", "median", "sum", "sd", NULL };
static const char *const summary_choices[] = { "points", "parts", NULL };
static const char *const format_choices[] = { "csv", "json", NULL };
static const char *const order_choices[] = { "auto", "grouped", "any", NULL };

static const cli_option options[] = {
    { "chart", 0, CLI_OPT_CHOICE, &args.chart, NULL,
      "Chart type: run chart, I, MR, Xbar, S, T, P, P' (Laney), C, U, U' (Laney), G or I'.",
      chart_choices, 1 },
    { "input", 'i', CLI_OPT_STRING, &args.input, "FILE", "CSV input with a header row [stdin].",
      NULL, 0 },
    { "output", 'o', CLI_OPT_STRING, &args.output, "FILE",
      "Write here (replaced only when the run succeeds) [stdout].", NULL, 0 },
    { "date", 0, CLI_OPT_STRING, &args.date, "COL",
      "Column with ISO dates (YYYY-MM-DD) or integer periods; rows sharing one are a subgroup.",
      NULL, 1 },
    { "value", 0, CLI_OPT_STRING, &args.value, "COL",
      "Column with the measured values (run, I, MR, Xbar, S, T, C, G, I' charts).", NULL, 0 },
    { "numerator", 0, CLI_OPT_STRING, &args.numerator, "COL",
      "Column with counts (events, cases) over --denominator.", NULL, 0 },
    { "denominator", 0, CLI_OPT_STRING, &args.denominator, "COL",
      "Column with subgroup sizes or exposure (P, P', U, U' charts need it).", NULL, 0 },
    { "by", 0, CLI_OPT_STRING, &args.by, "COL",
      "Column naming the series (one chart per value) [one series].", NULL, 0 },
    { "part-col", 0, CLI_OPT_STRING, &args.part_col, "COL",
      "Column of 0/1 flags: 1 on the first point of a new part (limits recomputed).", NULL, 0 },
    { "exclude-col", 0, CLI_OPT_STRING, &args.exclude_col, "COL",
      "Column of 0/1 flags: 1 leaves the point out of the centre line, limits and runs "
      "analysis.",
      NULL, 0 },
    { "freeze", 0, CLI_OPT_SIZE, &args.freeze, "N",
      "Centre line and limits from the first N points of each series only.", NULL, 0 },
    { "multiply", 0, CLI_OPT_DOUBLE, &args.multiply, "K",
      "Multiply values, centre line and limits by K (100 for percent, 1000 per 1,000) [1].", NULL,
      0 },
    { "method", 0, CLI_OPT_CHOICE, &args.method, NULL,
      "Runs analysis: Anhoej's rules, or the best box / cut box variants [anhoej].", method_choices,
      0 },
    { "no-screen", 0, CLI_OPT_FLAG, &args.no_screen, NULL,
      "Do not screen large moving ranges (I, T, P', U', I' charts).", NULL, 0 },
    { "agg", 0, CLI_OPT_CHOICE, &args.agg, NULL,
      "Value of a subgroup of several rows without a denominator [mean].", agg_choices, 0 },
    { "cl", 0, CLI_OPT_DOUBLE, &args.cl, "X", "Fixed centre line instead of a computed one.", NULL,
      0 },
    { "clamp-lcl", 0, CLI_OPT_FLAG, &args.clamp_lcl, NULL,
      "Set negative lower limits to 0 when no value of the series is negative.", NULL, 0 },
    { "summary", 0, CLI_OPT_CHOICE, &args.summary, NULL,
      "One row per point, or per series and part [points].", summary_choices, 0 },
    { "format", 'f', CLI_OPT_CHOICE, &args.format, NULL, "Output format [csv].", format_choices,
      0 },
    { "input-order", 0, CLI_OPT_CHOICE, &args.order, NULL,
      "auto: stream while rows come grouped by series, else re-read; grouped: require "
      "grouped rows (bounded memory, pipes); any: hold all rows [auto].",
      order_choices, 0 },
    { "verbose", 'v', CLI_OPT_FLAG, &args.verbose, NULL,
      "Report series, rows, subgroups and missing values on stderr.", NULL, 0 },
};

static const cli_example examples[] = {
    { "Run charts of the share of type 1 A&E attendances seen within 4 hours, one row per trust "
      "and part with the runs analysis",
      "tandem qic --chart run -i data/ae_type1_4h.csv --by org_code --date period --value "
      "performance --summary parts" },
    { "Laney P' chart of the percentage of attendances over 4 hours (large denominators)",
      "tandem qic --chart pp -i data/ae_type1_4h.csv --by org_code --date period --numerator "
      "breaches --denominator attendances --multiply 100" },
    { "P chart over all departments of a trust: the rows of one month are a subgroup",
      "tandem qic --chart p -i data/ae_attendances.csv --by org_code --date period --numerator "
      "breaches --denominator attendances" },
    { "U chart of infections per 10,000 bed days, limits recomputed after a change",
      "tandem qic --chart u -i hai.csv --date month --numerator infections --denominator "
      "bed_days --multiply 10000 --part-col new_part" },
    { "I chart with limits frozen on the first 20 points, best box runs analysis",
      "tandem qic --chart i -i input.csv --date week --value cost --freeze 20 --method bestbox" },
};

static const cli_command_doc doc = {
    "qic",
    "Run charts and control charts (qicharts2): limits, Anhoej runs analysis",
    "Computes run charts and Shewhart control charts for any number of series in one long CSV, "
    "with the semantics of the R package qicharts2 0.8.1 (qic()). Several rows with one date in "
    "a series form a subgroup: with a denominator its value is sum(numerator) / "
    "sum(denominator), otherwise the mean of the values (--agg).\n\n"
    "Centre lines and limits: run chart, the median; I chart, mean +/- 3 x mean moving range / "
    "1.128, after one pass that drops moving ranges of at least 3.267 x their mean "
    "(--no-screen keeps them); MR, Xbar and S charts with the exact c4-based constants; T "
    "chart, an I chart of y^(1/3.6); P and U charts from the pooled proportion or rate, with "
    "Laney's P' and U' allowing for overdispersion; C chart, mean +/- 3 sqrt(mean); G chart, "
    "limits from the mean and the median as centre line; I' chart for rates with varying "
    "denominators. The 95% lines are at 2 sigma. Lower limits of P, P', U, U', C, G and T "
    "charts stop at 0, upper limits of P and P' charts at 1.\n\n"
    "Runs analysis (Anhoej): a signal when the longest run of points on one side of the centre "
    "line is longer than round(log2(n)) + 3, or the line is crossed fewer times than the 5% "
    "quantile of Binomial(n - 1, 1/2), n being the points not on the centre line. It is "
    "computed per part for every chart type (MR charts never signal). A sigma signal is a "
    "point beyond a 3-sigma limit.\n\n"
    "Parts (--part-col) recompute everything from their own points; --freeze N takes the "
    "centre line and limits from the first N points; excluded points (--exclude-col) are "
    "shown but take no part. Missing values (empty, NA, NULL, .) and suppressed values (*, c, "
    "[c], [x]) are skipped and counted. Bad data is an error naming the file, series and line: "
    "a denominator of 0 or less, a negative count, a numerator above its denominator (P "
    "charts), a value of 0 or less (T charts). Differences from qicharts2 are listed in "
    "docs/methods/spc-qic.md.",
    options,
    sizeof options / sizeof *options,
    examples,
    sizeof examples / sizeof *examples,
    "--summary points: BY, DATE, part, xx, y, n, n_values, cl, lcl, ucl, lcl_95, ucl_95, "
    "baseline, include, sigma_signal, runs_signal, n_obs, n_useful, longest_run, "
    "longest_run_max, n_crossings, n_crossings_min. --summary parts: BY, part, first, last, "
    "n_points, n_obs, n_useful, longest_run, longest_run_max, n_crossings, n_crossings_min, "
    "runs_signal, alcl, alcl_95, cl, aucl_95, aucl, sigma_signal (lines averaged over the "
    "part's points). BY and DATE are named after the input columns; BY is absent without "
    "--by. Run statistics are empty when no point lies off the centre line.",
};

/* ---- per-run state ---- */

typedef struct qic_run {
    tdm_qic_options opt;
    tdm_writer *writer;
    cli_out out;
    tdm_qic_point *points;
    tdm_qic_part *parts;
    uint8_t *part_flags, *exclude_flags;
    void *work;
    size_t cap, work_cap;
    size_t k_den, k_part, k_excl; /* numeric column indexes, SIZE_MAX if unused */
    const char *source;           /* input name for messages */
    uint64_t n_series, n_points, n_missing, n_suppressed;
    tdm_error err;
} qic_run;

/* The date or period of row i in buf (24 bytes); @return its length. */
static size_t format_time(const tdm_series *s, size_t i, char *buf)
{
    int n;
    if (s->time_kind == TDM_TIME_DATE) {
        return tdm_format_date((int32_t)s->time[i], buf);
    }
    n = snprintf(buf, 24, "%lld", (long long)s->time[i]);
    return n > 0 ? (size_t)n : 0;
}

static int open_writer(qic_run *run)
{
    static const char *const point_cols[] = { "part",
                                              "xx",
                                              "y",
                                              "n",
                                              "n_values",
                                              "cl",
                                              "lcl",
                                              "ucl",
                                              "lcl_95",
                                              "ucl_95",
                                              "baseline",
                                              "include",
                                              "sigma_signal",
                                              "runs_signal",
                                              "n_obs",
                                              "n_useful",
                                              "longest_run",
                                              "longest_run_max",
                                              "n_crossings",
                                              "n_crossings_min" };
    static const char *const part_cols[] = { "part",        "first",
                                             "last",        "n_points",
                                             "n_obs",       "n_useful",
                                             "longest_run", "longest_run_max",
                                             "n_crossings", "n_crossings_min",
                                             "runs_signal", "alcl",
                                             "alcl_95",     "cl",
                                             "aucl_95",     "aucl",
                                             "sigma_signal" };
    const char *cols[32];
    size_t n = 0;
    const char *const *rest = args.summary == SUM_POINTS ? point_cols : part_cols;
    size_t n_rest = args.summary == SUM_POINTS ? sizeof point_cols / sizeof *point_cols
                                               : sizeof part_cols / sizeof *part_cols;
    if (args.by != NULL) {
        cols[n++] = args.by;
    }
    if (args.summary == SUM_POINTS) {
        cols[n++] = args.date;
    }
    for (size_t i = 0; i < n_rest; i++) {
        cols[n++] = rest[i];
    }
    return tdm_writer_open(&run->writer, cli_out_write, &run->out,
                           args.format == 1 ? TDM_FORMAT_JSON : TDM_FORMAT_CSV, cols, n);
}

/* Run statistics; empty cells when no point is off the centre line (qicharts2 NA). */
static int write_runs(tdm_writer *w, const tdm_anhoej_result *r, int with_signal)
{
    int rc = TDM_OK;
    int have = r->n_useful > 0;
    if (with_signal) {
        rc = tdm_writer_int(w, (int64_t)r->n_obs);
        rc = rc ? rc : tdm_writer_int(w, (int64_t)r->n_useful);
    }
    rc = rc ? rc : (have ? tdm_writer_int(w, (int64_t)r->longest_run) : tdm_writer_null(w));
    rc = rc ? rc : (have ? tdm_writer_int(w, (int64_t)r->longest_run_max) : tdm_writer_null(w));
    rc = rc ? rc : (have ? tdm_writer_int(w, (int64_t)r->n_crossings) : tdm_writer_null(w));
    rc = rc ? rc : (have ? tdm_writer_int(w, (int64_t)r->n_crossings_min) : tdm_writer_null(w));
    return rc;
}

static int write_points(qic_run *run, const tdm_series *s, const tdm_qic_summary *sum)
{
    tdm_writer *w = run->writer;
    int rc = TDM_OK;
    for (size_t k = 0; k < sum->n_points && rc == TDM_OK; k++) {
        const tdm_qic_point *p = &run->points[k];
        const tdm_anhoej_result *r = &run->parts[p->part - 1].runs;
        char t[24];
        size_t t_len = format_time(s, p->row, t);
        if (args.by != NULL) {
            rc = tdm_writer_str(w, s->key, s->key_len);
        }
        rc = rc ? rc : tdm_writer_str(w, t, t_len);
        rc = rc ? rc : tdm_writer_int(w, p->part);
        rc = rc ? rc : tdm_writer_int(w, (int64_t)p->xx);
        rc = rc ? rc : tdm_writer_num(w, p->y);
        rc = rc ? rc : tdm_writer_num(w, p->n);
        rc = rc ? rc : tdm_writer_int(w, (int64_t)p->values);
        rc = rc ? rc : tdm_writer_num(w, p->cl);
        rc = rc ? rc : tdm_writer_num(w, p->lcl);
        rc = rc ? rc : tdm_writer_num(w, p->ucl);
        rc = rc ? rc : tdm_writer_num(w, p->lcl_95);
        rc = rc ? rc : tdm_writer_num(w, p->ucl_95);
        rc = rc ? rc : tdm_writer_bool(w, p->baseline);
        rc = rc ? rc : tdm_writer_bool(w, p->include);
        rc = rc ? rc : tdm_writer_bool(w, p->sigma_signal);
        rc = rc ? rc : tdm_writer_bool(w, p->runs_signal);
        rc = rc ? rc : write_runs(w, r, 1);
        rc = rc ? rc : tdm_writer_end_row(w);
    }
    return rc;
}

static int write_parts(qic_run *run, const tdm_series *s, const tdm_qic_summary *sum)
{
    tdm_writer *w = run->writer;
    int rc = TDM_OK;
    for (size_t j = 0; j < sum->n_parts && rc == TDM_OK; j++) {
        const tdm_qic_part *pt = &run->parts[j];
        char t0[24], t1[24];
        size_t n0 = format_time(s, run->points[pt->start].row, t0);
        size_t n1 = format_time(s, run->points[pt->start + pt->n - 1].row, t1);
        if (args.by != NULL) {
            rc = tdm_writer_str(w, s->key, s->key_len);
        }
        rc = rc ? rc : tdm_writer_int(w, pt->index);
        rc = rc ? rc : tdm_writer_str(w, t0, n0);
        rc = rc ? rc : tdm_writer_str(w, t1, n1);
        rc = rc ? rc : tdm_writer_int(w, (int64_t)pt->n);
        rc = rc ? rc : tdm_writer_int(w, (int64_t)pt->runs.n_obs);
        rc = rc ? rc : tdm_writer_int(w, (int64_t)pt->runs.n_useful);
        rc = rc ? rc : write_runs(w, &pt->runs, 0);
        rc = rc ? rc : tdm_writer_bool(w, pt->runs.runs_signal);
        rc = rc ? rc : tdm_writer_num(w, pt->alcl);
        rc = rc ? rc : tdm_writer_num(w, pt->alcl_95);
        rc = rc ? rc : tdm_writer_num(w, pt->cl);
        rc = rc ? rc : tdm_writer_num(w, pt->aucl_95);
        rc = rc ? rc : tdm_writer_num(w, pt->aucl);
        rc = rc ? rc : tdm_writer_int(w, (int64_t)pt->sigma_signal);
        rc = rc ? rc : tdm_writer_end_row(w);
    }
    return rc;
}

static int grow(qic_run *run, size_t n)
{
    void *p;
    size_t cap = run->cap ? run->cap : 64;
    size_t bytes;
    if (n <= run->cap) {
        return TDM_OK;
    }
    while (cap < n) {
        cap *= 2;
    }
    p = realloc(run->points, cap * sizeof *run->points);
    if (p == NULL) {
        return TDM_ENOMEM;
    }
    run->points = p;
    p = realloc(run->parts, cap * sizeof *run->parts);
    if (p == NULL) {
        return TDM_ENOMEM;
    }
    run->parts = p;
    p = realloc(run->part_flags, cap);
    if (p == NULL) {
        return TDM_ENOMEM;
    }
    run->part_flags = p;
    p = realloc(run->exclude_flags, cap);
    if (p == NULL) {
        return TDM_ENOMEM;
    }
    run->exclude_flags = p;
    bytes = tdm_qic_workspace_size(cap);
    if (bytes == 0) {
        return TDM_ENOMEM;
    }
    free(run->work);
    run->work = malloc(bytes);
    if (run->work == NULL) {
        return TDM_ENOMEM;
    }
    run->cap = cap;
    return TDM_OK;
}

/* 0/1 flags from a numeric column (missing = 0). */
static int flags(qic_run *run, const tdm_series *s, size_t k, const char *col, const char *what,
                 uint8_t *out)
{
    const double *f = s->num[k];
    for (size_t i = 0; i < s->n; i++) {
        if (isnan(f[i]) || f[i] == 0.0) {
            out[i] = 0;
        } else if (f[i] == 1.0) {
            out[i] = 1;
        } else {
            char shown[32];
            (void)tdm_format_double(f[i], shown);
            return cli_error_at(&run->err, TDM_EPARSE, run->source, s->line[i], col, shown, what);
        }
    }
    return TDM_OK;
}

/* A domain error from the library names the line; add the file and series. */
static int series_error(qic_run *run, const tdm_series *s, int rc)
{
    char msg[sizeof run->err.message];
    int w;
    if (rc != TDM_EDOMAIN) {
        return rc;
    }
    /* A long message is cut at the buffer's end, which is acceptable. */
    if (args.by != NULL) {
        w = snprintf(msg, sizeof msg, "%s: series \"%.60s\", %s", run->source, s->key,
                     run->err.message);
    } else {
        w = snprintf(msg, sizeof msg, "%s: %s", run->source, run->err.message);
    }
    if (w < 0) {
        return rc;
    }
    memcpy(run->err.message, msg, sizeof msg);
    return rc;
}

static int process(qic_run *run, const tdm_series *s)
{
    tdm_qic_input in;
    tdm_qic_summary sum;
    int rc = grow(run, s->n);
    if (rc == TDM_OK && run->k_part != SIZE_MAX) {
        rc = flags(run, s, run->k_part, args.part_col, "is not a part flag (expected 0 or 1)",
                   run->part_flags);
    }
    if (rc == TDM_OK && run->k_excl != SIZE_MAX) {
        rc = flags(run, s, run->k_excl, args.exclude_col,
                   "is not an exclude flag (expected 0 or 1)", run->exclude_flags);
    }
    if (rc != TDM_OK) {
        return rc;
    }
    memset(&in, 0, sizeof in);
    in.rows = s->n;
    in.time = s->time;
    in.y = s->num[0];
    in.n = run->k_den != SIZE_MAX ? s->num[run->k_den] : NULL;
    in.part = run->k_part != SIZE_MAX ? run->part_flags : NULL;
    in.exclude = run->k_excl != SIZE_MAX ? run->exclude_flags : NULL;
    in.line = s->line;
    rc = tdm_qic_compute(&in, &run->opt, run->points, run->parts, &sum, run->work, &run->err);
    if (rc != TDM_OK) {
        return series_error(run, s, rc);
    }
    run->n_series++;
    run->n_points += sum.n_points;
    run->n_missing += sum.rows_missing;
    run->n_suppressed += s->n_suppressed[0];
    run->n_suppressed += run->k_den != SIZE_MAX ? s->n_suppressed[run->k_den] : 0;
    return args.summary == SUM_POINTS ? write_points(run, s, &sum) : write_parts(run, s, &sum);
}

static int check_args(void)
{
    int chart = args.chart;
    if (chart < 0) {
        return cli_usage_error(&doc, "--chart TYPE is required (run, i, mr, xbar, s, t, p, pp, "
                                     "c, u, up, g, ip)");
    }
    if (args.value != NULL && args.numerator != NULL) {
        return cli_usage_error(&doc, "give --value or --numerator, not both");
    }
    if (tdm_qic_chart_needs_denominator(chart) && args.denominator == NULL) {
        return cli_usage_error(&doc,
                               "--chart %s needs a denominator: give --numerator COL and "
                               "--denominator COL",
                               chart_choices[chart]);
    }
    if ((args.numerator != NULL) != (args.denominator != NULL)) {
        return cli_usage_error(&doc, "--numerator and --denominator go together");
    }
    if (args.value == NULL && args.numerator == NULL) {
        return cli_usage_error(&doc, "give --value COL, or --numerator COL and --denominator COL");
    }
    if (args.freeze > 0 && args.part_col != NULL) {
        return cli_usage_error(&doc, "give --freeze or --part-col, not both");
    }
    if (!(args.multiply > 0.0)) {
        return cli_usage_error(&doc, "--multiply must be positive");
    }
    return -1;
}

static void set_defaults(void)
{
    memset(&args, 0, sizeof args);
    args.chart = -1;
    args.multiply = 1.0;
    args.cl = NAN;
}

static int run_series(qic_run *run, tdm_series_reader *sr)
{
    tdm_series s;
    int rc;
    for (;;) {
        rc = tdm_series_reader_next(sr, &s, &run->err);
        if (rc == 0) {
            return TDM_OK;
        }
        if (rc == TDM_SERIES_RESTART) {
            /* Rows were not grouped by series: discard and start again. */
            tdm_writer_free(run->writer);
            run->writer = NULL;
            run->n_series = run->n_points = run->n_missing = run->n_suppressed = 0;
            if (cli_out_reset(&run->out, "qic") != 0) {
                return TDM_EIO;
            }
            rc = open_writer(run);
            if (rc != TDM_OK) {
                return rc;
            }
            continue;
        }
        if (rc < 0) {
            return rc;
        }
        rc = process(run, &s);
        if (rc != TDM_OK) {
            return rc;
        }
    }
}

/* Library options and the series spec from the arguments. */
static void configure(qic_run *run, tdm_series_spec *spec, const char **nums)
{
    tdm_qic_options_init(&run->opt);
    (void)tdm_qic_chart_parse(chart_choices[args.chart], strlen(chart_choices[args.chart]),
                              &run->opt.chart);
    run->opt.method = args.method;
    run->opt.agg = args.agg;
    run->opt.screen = !args.no_screen;
    run->opt.freeze = args.freeze;
    run->opt.multiply = args.multiply;
    run->opt.cl = args.cl;
    run->opt.y_neg = !args.clamp_lcl;
    run->k_den = run->k_part = run->k_excl = SIZE_MAX;

    tdm_series_spec_init(spec);
    spec->key_column = args.by;
    spec->time_column = args.date;
    spec->allow_duplicate_times = 1; /* several rows per date make a subgroup */
    spec->n_num = 0;
    nums[spec->n_num++] = args.value != NULL ? args.value : args.numerator;
    if (args.denominator != NULL) {
        run->k_den = spec->n_num;
        nums[spec->n_num++] = args.denominator;
    }
    if (args.part_col != NULL) {
        run->k_part = spec->n_num;
        nums[spec->n_num++] = args.part_col;
    }
    if (args.exclude_col != NULL) {
        run->k_excl = spec->n_num;
        nums[spec->n_num++] = args.exclude_col;
    }
    spec->num_columns = nums;
    spec->mode = args.order == ORDER_GROUPED ? TDM_SERIES_STREAM
                 : args.order == ORDER_ANY   ? TDM_SERIES_HOLD
                                             : TDM_SERIES_AUTO;
}

int cmd_qic(int argc, char **argv)
{
    qic_run run;
    tdm_csv_reader *csv = NULL;
    tdm_series_reader *sr = NULL;
    tdm_series_spec spec;
    const char *nums[4];
    int exit_code;
    int rc;

    set_defaults();
    exit_code = cli_parse(&doc, argc, argv);
    if (exit_code >= 0) {
        return exit_code;
    }
    exit_code = check_args();
    if (exit_code >= 0) {
        return exit_code;
    }
    memset(&run, 0, sizeof run);
    run.out.fd = -1;
    configure(&run, &spec, nums);

    rc = tdm_csv_reader_open_path(&csv, args.input, NULL, &run.err);
    if (rc == TDM_OK) {
        rc = tdm_series_reader_open(&sr, csv, &spec, &run.err);
    }
    if (rc != TDM_OK) {
        exit_code = cli_fail("qic", rc, &run.err);
        goto done;
    }
    run.source = tdm_csv_reader_name(csv);
    if (cli_out_open(&run.out, "qic", args.output) != 0) {
        exit_code = EXIT_IO;
        goto done;
    }
    rc = open_writer(&run);
    if (rc == TDM_OK) {
        rc = run_series(&run, sr);
    }
    if (rc == TDM_OK) {
        rc = tdm_writer_finish(run.writer);
    }
    if (rc != TDM_OK) {
        exit_code = rc == TDM_EIO && run.out.failed_errno != 0 ? cli_out_commit(&run.out, "qic")
                                                               : cli_fail("qic", rc, &run.err);
        goto done;
    }
    exit_code = cli_out_commit(&run.out, "qic");
    if (exit_code == 0 && args.verbose) {
        fprintf(stderr,
                "tandem qic: %llu series, %llu rows in %llu points; rows without a value "
                "skipped: %llu (suppressed values: %llu)%s\n",
                (unsigned long long)run.n_series, (unsigned long long)tdm_series_reader_rows(sr),
                (unsigned long long)run.n_points, (unsigned long long)run.n_missing,
                (unsigned long long)run.n_suppressed,
                tdm_series_reader_held(sr) ? " (rows held: input not grouped by series)" : "");
    }
done:
    cli_out_abort(&run.out);
    tdm_writer_free(run.writer);
    tdm_series_reader_free(sr);
    tdm_csv_reader_free(csv);
    free(run.points);
    free(run.parts);
    free(run.part_flags);
    free(run.exclude_flags);
    free(run.work);
    return exit_code;
}
