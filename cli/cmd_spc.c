/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cmd_spc.c - `tandem spc`: Making Data Count XmR charts for every series of
 * a long CSV. Options -> series reader -> tdm_spc_compute -> table writer.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "input.h"
#include "opt.h"
#include "out.h"
#include "report.h"

enum { SUM_POINTS, SUM_PHASES, SUM_SERIES };
enum { ORDER_AUTO, ORDER_GROUPED, ORDER_ANY };

typedef struct spc_args {
    const char *input, *output, *value, *date, *by;
    const char *improvement_col, *target_col, *rebase_col;
    const char *delimiter, *na;
    int date_format;
    int improvement; /* index into improvement_choices, -1 = not given */
    int summary, format, order, no_screen, verbose;
    double target; /* NaN = not given */
    size_t fix_after, shift_length, trend_length, short_phase;
} spc_args;

static spc_args args;

static const char *const improvement_choices[] = { "increase", "decrease", "neutral", NULL };
static const char *const summary_choices[] = { "points", "phases", "series", NULL };
static const char *const format_choices[] = { "csv", "json", "html", NULL };
enum { FORMAT_HTML = 2 };
static const char *const order_choices[] = { "auto", "grouped", "any", NULL };

static const cli_option options[] = {
    { "input", 'i', CLI_OPT_STRING, &args.input, "FILE", "CSV input with a header row [stdin].",
      NULL, 0 },
    { "output", 'o', CLI_OPT_STRING, &args.output, "FILE",
      "Write here (replaced only when the run succeeds) [stdout].", NULL, 0 },
    { "value", 0, CLI_OPT_STRING, &args.value, "COL", "Column with the measured values.", NULL, 1 },
    { "date", 0, CLI_OPT_STRING, &args.date, "COL",
      "Column with ISO dates (YYYY-MM-DD) or integer periods; rows may be in any order.", NULL, 1 },
    { "by", 0, CLI_OPT_STRING, &args.by, "COL",
      "Column naming the series (one chart per value) [one series].", NULL, 0 },
    { "improvement", 0, CLI_OPT_CHOICE, &args.improvement, NULL,
      "Direction of improvement for every series [increase].", improvement_choices, 0 },
    { "improvement-col", 0, CLI_OPT_STRING, &args.improvement_col, "COL",
      "Column with each series' direction (its first non-empty value).", NULL, 0 },
    { "target", 0, CLI_OPT_DOUBLE, &args.target, "X",
      "Target for every series, for the assurance icon [none].", NULL, 0 },
    { "target-col", 0, CLI_OPT_STRING, &args.target_col, "COL",
      "Column with each series' target (its first non-empty value).", NULL, 0 },
    { "rebase-col", 0, CLI_OPT_STRING, &args.rebase_col, "COL",
      "Column of 0/1 flags: 1 on the first point of a new phase.", NULL, 0 },
    { "fix-after", 0, CLI_OPT_SIZE, &args.fix_after, "N",
      "Compute each phase's limits from its first N observed points only (N >= 12).", NULL, 0 },
    { "no-screen", 0, CLI_OPT_FLAG, &args.no_screen, NULL,
      "Do not screen large moving ranges (matches the MDC Excel tool).", NULL, 0 },
    { "shift-length", 0, CLI_OPT_SIZE, &args.shift_length, "N",
      "Points on one side of the mean that make a shift [7].", NULL, 0 },
    { "trend-length", 0, CLI_OPT_SIZE, &args.trend_length, "N",
      "Points rising or falling that make a trend [7].", NULL, 0 },
    { "short-phase", 0, CLI_OPT_SIZE, &args.short_phase, "N",
      "Flag phases with fewer observed points than this [13].", NULL, 0 },
    { "summary", 0, CLI_OPT_CHOICE, &args.summary, NULL,
      "One row per point, per phase, or per series [points].", summary_choices, 0 },
    { "format", 'f', CLI_OPT_CHOICE, &args.format, NULL,
      "Output format [csv]; html: one self-contained page, a summary table and one chart per "
      "series (as tandem report).",
      format_choices, 0 },
    { "input-order", 0, CLI_OPT_CHOICE, &args.order, NULL,
      "auto: stream while rows come grouped by series, else re-read; grouped: require "
      "grouped rows (bounded memory, pipes); any: hold all rows [auto].",
      order_choices, 0 },
    { "date-format", 0, CLI_OPT_CHOICE, &args.date_format, NULL,
      "How dates are written: iso (YYYY-MM-DD, a midnight time allowed) or dmy (UK "
      "DD/MM/YYYY) [iso].",
      cli_date_format_choices, 0 },
    { "delimiter", 0, CLI_OPT_STRING, &args.delimiter, "CHAR", "Field separator: , ; | or tab [,].",
      NULL, 0 },
    { "na", 0, CLI_OPT_STRING, &args.na, "LIST",
      "Comma-separated texts that mean missing [\"\",NA,NULL,.]; suppressed markers (*, c, "
      "[c], [x]) are always counted apart.",
      NULL, 0 },
    { "verbose", 'v', CLI_OPT_FLAG, &args.verbose, NULL,
      "Report series, rows and missing values on stderr.", NULL, 0 },
};

static const cli_example examples[] = {
    { "Per-series summary with icons for A&E 4-hour performance (target 95%)",
      "tandem spc -i data/ae_type1_4h.csv --by org_code --date period --value performance "
      "--improvement increase --target 0.95 --summary series" },
    { "Every point, with a rebase column and per-series targets, as JSON",
      "tandem spc -i input.csv --by series_id --date period --value value --target-col target "
      "--improvement-col improvement_direction --rebase-col rebase -f json" },
    { "Limits fixed on the first 12 points, Excel-compatible (no screening)",
      "tandem spc -i input.csv --date month --value value --fix-after 12 --no-screen" },
};

static const cli_command_doc doc = {
    "spc",
    "Making Data Count XmR charts: limits, special causes and icons",
    "Computes NHS England \"Making Data Count\" XmR (individuals) charts for any number of "
    "series in one long CSV, with the semantics of NHSRplotthedots 0.2.2: the centre line is "
    "the mean; process limits are mean +/- 2.66 x the average moving range, after one pass "
    "that drops moving ranges of at least 3.267 x their average (--no-screen keeps them); "
    "near limits are mean +/- 1.7733 x the average moving range.\n\n"
    "Special causes, in order of precedence: a point beyond a process limit; a trend of 7 "
    "points each rising or falling; 2 of 3 points beyond a near limit on one side; a shift "
    "of 7 points on one side of the mean. Each point gets a label and a point type from the "
    "direction of improvement; each series gets a variation icon from its last point and, "
    "when it has a target, an assurance icon (pass, fail, inconsistent).\n\n"
    "Missing values (empty, NA, NULL, .) and suppressed values (*, c, [c], [x]) are skipped "
    "and counted: they take no part in the mean or rules, and a moving range is only taken "
    "between two consecutive observed points, so a gap removes the ranges into and out of "
    "it. Differences from NHSRplotthedots, all deliberate and tested: missing values are "
    "allowed; a series without a target gets no assurance icon; a constant series gets "
    "limits equal to its mean rather than none.",
    options,
    sizeof options / sizeof *options,
    examples,
    sizeof examples / sizeof *examples,
    "--summary points: BY, DATE, value, phase, point_in_phase, baseline, mean, lpl, upl, nlpl, "
    "nupl, special_cause_type, point_type. --summary phases: BY, phase, start, end, n, n_obs, "
    "n_baseline, mean, lpl, upl, nlpl, nupl, common_cause, special_cause_improvement, "
    "special_cause_concern, special_cause_neutral, short_phase, variation_type, "
    "assurance_type. --summary series: BY, improvement, target, n, n_obs, n_missing, "
    "n_suppressed, phases, first, last, last_value, mean, lpl, upl, n_special_cause, "
    "last_special_cause_type, variation_icon, assurance_icon, short_phase_warning. BY and "
    "DATE are named after the input columns; BY is absent without --by.",
};

/* ---- per-run state ---- */

typedef struct spc_run {
    tdm_spc_options base;
    tdm_writer *writer;
    rpt_pack *pack; /* --format html: series collected for the page */
    cli_out out;
    tdm_spc_point *points;
    tdm_spc_phase *phases;
    uint8_t *rebase;
    size_t cap;
    size_t attr_target, attr_improvement; /* attribute indexes, SIZE_MAX if unused */
    const char *source;                   /* input name for messages */
    uint64_t n_series, n_missing, n_suppressed;
    char label_text[TDM_SPC_LABEL_SHIFT_BELOW + 1][32]; /* labels under the run's rule lengths */
    tdm_error err;
} spc_run;

/* A text cell; empty text is a missing value (null in JSON). */
static int text_cell(tdm_writer *w, const char *s)
{
    size_t len = strlen(s);
    return len == 0 ? tdm_writer_null(w) : tdm_writer_str(w, s, len);
}

static void format_time(const tdm_series *s, size_t i, char *buf)
{
    if (s->time_kind == TDM_TIME_DATE) {
        (void)tdm_format_date((int32_t)s->time[i], buf);
    } else {
        snprintf(buf, 24, "%lld", (long long)s->time[i]);
    }
}

static int open_writer(spc_run *run)
{
    const char *cols[24];
    size_t n = 0;
    if (args.format == FORMAT_HTML) {
        rpt_pack_free(run->pack);
        return rpt_pack_new(&run->pack);
    }
    if (args.by != NULL) {
        cols[n++] = args.by;
    }
    if (args.summary == SUM_POINTS) {
        static const char *const rest[] = {
            "value", "phase", "point_in_phase", "baseline",           "mean",      "lpl",
            "upl",   "nlpl",  "nupl",           "special_cause_type", "point_type"
        };
        cols[n++] = args.date;
        for (size_t i = 0; i < sizeof rest / sizeof *rest; i++) {
            cols[n++] = rest[i];
        }
    } else if (args.summary == SUM_PHASES) {
        static const char *const rest[] = { "phase",
                                            "start",
                                            "end",
                                            "n",
                                            "n_obs",
                                            "n_baseline",
                                            "mean",
                                            "lpl",
                                            "upl",
                                            "nlpl",
                                            "nupl",
                                            "common_cause",
                                            "special_cause_improvement",
                                            "special_cause_concern",
                                            "special_cause_neutral",
                                            "short_phase",
                                            "variation_type",
                                            "assurance_type" };
        for (size_t i = 0; i < sizeof rest / sizeof *rest; i++) {
            cols[n++] = rest[i];
        }
    } else {
        static const char *const rest[] = { "improvement",
                                            "target",
                                            "n",
                                            "n_obs",
                                            "n_missing",
                                            "n_suppressed",
                                            "phases",
                                            "first",
                                            "last",
                                            "last_value",
                                            "mean",
                                            "lpl",
                                            "upl",
                                            "n_special_cause",
                                            "last_special_cause_type",
                                            "variation_icon",
                                            "assurance_icon",
                                            "short_phase_warning" };
        for (size_t i = 0; i < sizeof rest / sizeof *rest; i++) {
            cols[n++] = rest[i];
        }
    }
    return tdm_writer_open(&run->writer, cli_out_write, &run->out,
                           args.format == 1 ? TDM_FORMAT_JSON : TDM_FORMAT_CSV, cols, n);
}

/*
 * The writers below emit every cell and check only tdm_writer_end_row: the
 * table writer's errors are sticky (a failed cell fails every later call,
 * and end_row reports a wrong cell count), so one check per row is enough.
 */
static int write_points(spc_run *run, const tdm_series *s)
{
    tdm_writer *w = run->writer;
    int rc = TDM_OK;
    for (size_t i = 0; i < s->n && rc == TDM_OK; i++) {
        const tdm_spc_point *p = &run->points[i];
        char t[24];
        format_time(s, i, t);
        if (args.by != NULL) {
            (void)tdm_writer_str(w, s->key, s->key_len);
        }
        (void)tdm_writer_str(w, t, strlen(t));
        (void)tdm_writer_num(w, s->num[0][i]);
        (void)tdm_writer_int(w, p->phase);
        (void)tdm_writer_int(w, p->point_in_phase);
        (void)tdm_writer_bool(w, p->baseline);
        /* The writer reuses the text of a number repeated in its column, so a
         * phase's limits are formatted once, not on every point. */
        (void)tdm_writer_num(w, p->mean);
        (void)tdm_writer_num(w, p->lpl);
        (void)tdm_writer_num(w, p->upl);
        (void)tdm_writer_num(w, p->nlpl);
        (void)tdm_writer_num(w, p->nupl);
        (void)text_cell(w, run->label_text[p->label]);
        (void)text_cell(w, tdm_spc_point_type_name(p->point_type));
        rc = tdm_writer_end_row(w);
    }
    return rc;
}

static int write_phases(spc_run *run, const tdm_series *s, size_t n_phases)
{
    tdm_writer *w = run->writer;
    int rc = TDM_OK;
    for (size_t k = 0; k < n_phases && rc == TDM_OK; k++) {
        const tdm_spc_phase *ph = &run->phases[k];
        char t0[24], t1[24];
        format_time(s, ph->start, t0);
        format_time(s, ph->start + ph->n - 1, t1);
        if (args.by != NULL) {
            (void)tdm_writer_str(w, s->key, s->key_len);
        }
        (void)tdm_writer_int(w, ph->index);
        (void)tdm_writer_str(w, t0, strlen(t0));
        (void)tdm_writer_str(w, t1, strlen(t1));
        (void)tdm_writer_int(w, (int64_t)ph->n);
        (void)tdm_writer_int(w, (int64_t)ph->n_obs);
        (void)tdm_writer_int(w, (int64_t)ph->n_baseline);
        (void)tdm_writer_num(w, ph->mean);
        (void)tdm_writer_num(w, ph->lpl);
        (void)tdm_writer_num(w, ph->upl);
        (void)tdm_writer_num(w, ph->nlpl);
        (void)tdm_writer_num(w, ph->nupl);
        (void)tdm_writer_int(w, (int64_t)ph->common_cause);
        (void)tdm_writer_int(w, (int64_t)ph->improvement);
        (void)tdm_writer_int(w, (int64_t)ph->concern);
        (void)tdm_writer_int(w, (int64_t)ph->neutral);
        (void)tdm_writer_bool(w, ph->short_phase);
        (void)text_cell(w, tdm_spc_point_type_name(ph->variation));
        (void)text_cell(w, tdm_spc_assurance_type_name(ph->assurance));
        rc = tdm_writer_end_row(w);
    }
    return rc;
}

static int write_series(spc_run *run, const tdm_series *s, const tdm_spc_options *opt,
                        const tdm_spc_summary *sum)
{
    tdm_writer *w = run->writer;
    char t0[24] = "", t1[24] = "";
    if (s->n > 0) {
        format_time(s, 0, t0);
        format_time(s, s->n - 1, t1);
    }
    if (args.by != NULL) {
        (void)tdm_writer_str(w, s->key, s->key_len);
    }
    (void)text_cell(w, tdm_improvement_name(opt->improvement));
    (void)tdm_writer_num(w, opt->target);
    (void)tdm_writer_int(w, (int64_t)sum->n);
    (void)tdm_writer_int(w, (int64_t)sum->n_obs);
    (void)tdm_writer_int(w, (int64_t)s->n_missing[0]);
    (void)tdm_writer_int(w, (int64_t)s->n_suppressed[0]);
    (void)tdm_writer_int(w, (int64_t)sum->n_phases);
    (void)text_cell(w, t0);
    (void)text_cell(w, t1);
    (void)tdm_writer_num(w, sum->last < s->n ? s->num[0][sum->last] : (double)NAN);
    (void)tdm_writer_num(w, sum->mean);
    (void)tdm_writer_num(w, sum->lpl);
    (void)tdm_writer_num(w, sum->upl);
    (void)tdm_writer_int(w, (int64_t)sum->n_special);
    (void)text_cell(w, sum->last < s->n ? run->label_text[run->points[sum->last].label] : "");
    (void)text_cell(w, tdm_spc_variation_name(sum->variation));
    (void)text_cell(w, tdm_spc_assurance_name(sum->assurance));
    (void)tdm_writer_bool(w, sum->short_phase);
    return tdm_writer_end_row(w);
}

/* --format html: keep the series' chart for the page (report/, written at the end). */
static int add_html(spc_run *run, const tdm_series *s, const tdm_spc_options *opt,
                    const tdm_spc_summary *sum)
{
    rpt_metric m;
    memset(&m, 0, sizeof m);
    m.id = args.by != NULL ? s->key : args.value;
    m.decimals = -1;
    m.opt = *opt;
    m.time_kind = s->time_kind;
    m.time = s->time;
    m.value = s->num[0];
    m.n = s->n;
    m.n_missing = s->n_missing[0];
    m.n_suppressed = s->n_suppressed[0];
    m.points = run->points;
    m.phases = run->phases;
    m.summary = sum;
    return rpt_pack_add(run->pack, &m);
}

static int write_html(spc_run *run)
{
    char title[200];
    rpt_options ro;
    rpt_options_init(&ro);
    snprintf(title, sizeof title, "tandem spc: %s%s%s", args.value, args.by ? " by " : "",
             args.by ? args.by : "");
    ro.title = title;
    ro.source = run->source;
    ro.cover = 0;
    ro.kind = RPT_KIND_SPC;
    return rpt_pack_write_html(run->pack, &ro, cli_out_write, &run->out);
}

/* Per-series options from the attribute columns. */
static int series_options(spc_run *run, const tdm_series *s, tdm_spc_options *opt)
{
    *opt = run->base;
    if (run->attr_improvement != SIZE_MAX && s->attr[run->attr_improvement] != NULL) {
        const char *v = s->attr[run->attr_improvement];
        if (tdm_improvement_parse(v, strlen(v), &opt->improvement) != TDM_OK) {
            return cli_error_at(&run->err, TDM_EPARSE, run->source,
                                s->attr_line[run->attr_improvement], args.improvement_col, v,
                                "is not a direction (increase, decrease or neutral)");
        }
    }
    if (run->attr_target != SIZE_MAX && s->attr[run->attr_target] != NULL) {
        const char *v = s->attr[run->attr_target];
        if (tdm_parse_double(v, strlen(v), &opt->target) != TDM_OK || !isfinite(opt->target)) {
            return cli_error_at(&run->err, TDM_EPARSE, run->source, s->attr_line[run->attr_target],
                                args.target_col, v, "is not a number");
        }
    }
    return TDM_OK;
}

static int grow(spc_run *run, size_t n)
{
    void *p;
    size_t cap = run->cap ? run->cap : 64;
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
    p = realloc(run->phases, cap * sizeof *run->phases);
    if (p == NULL) {
        return TDM_ENOMEM;
    }
    run->phases = p;
    p = realloc(run->rebase, cap);
    if (p == NULL) {
        return TDM_ENOMEM;
    }
    run->rebase = p;
    run->cap = cap;
    return TDM_OK;
}

static int rebase_flags(spc_run *run, const tdm_series *s)
{
    const double *f = s->num[1];
    for (size_t i = 0; i < s->n; i++) {
        if (isnan(f[i]) || f[i] == 0.0) {
            run->rebase[i] = 0;
        } else if (f[i] == 1.0) {
            run->rebase[i] = 1;
        } else {
            char shown[32];
            snprintf(shown, sizeof shown, "%g", f[i]);
            return cli_error_at(&run->err, TDM_EPARSE, run->source, s->line[i], args.rebase_col,
                                shown, "is not a rebase flag (expected 0 or 1)");
        }
    }
    return TDM_OK;
}

static int process(spc_run *run, const tdm_series *s)
{
    tdm_spc_options opt;
    tdm_spc_summary sum;
    size_t n_phases;
    int rc = grow(run, s->n);
    rc = rc ? rc : series_options(run, s, &opt);
    if (rc == TDM_OK && args.rebase_col != NULL) {
        rc = rebase_flags(run, s);
    }
    if (rc != TDM_OK) {
        return rc;
    }
    rc = tdm_spc_compute(s->num[0], args.rebase_col ? run->rebase : NULL, s->n, &opt, run->points,
                         run->phases, &sum);
    if (rc != TDM_OK) {
        return rc;
    }
    run->n_series++;
    run->n_missing += s->n_missing[0];
    run->n_suppressed += s->n_suppressed[0];
    n_phases = sum.n_phases;
    if (run->pack != NULL) {
        return add_html(run, s, &opt, &sum);
    }
    if (args.summary == SUM_POINTS) {
        return write_points(run, s);
    }
    if (args.summary == SUM_PHASES) {
        return write_phases(run, s, n_phases);
    }
    return write_series(run, s, &opt, &sum);
}

static int check_args(void)
{
    if (args.improvement >= 0 && args.improvement_col != NULL) {
        return cli_usage_error(&doc, "give --improvement or --improvement-col, not both");
    }
    if (!isnan(args.target) && args.target_col != NULL) {
        return cli_usage_error(&doc, "give --target or --target-col, not both");
    }
    if (args.fix_after > 0 && args.fix_after < TDM_SPC_MIN_FIX_AFTER) {
        return cli_usage_error(&doc,
                               "--fix-after must be at least %d (limits from fewer points "
                               "are not reliable), got %zu",
                               TDM_SPC_MIN_FIX_AFTER, args.fix_after);
    }
    if (args.shift_length < 2 || args.trend_length < 2) {
        return cli_usage_error(&doc, "--shift-length and --trend-length must be at least 2");
    }
    return -1;
}

static void set_defaults(void)
{
    memset(&args, 0, sizeof args);
    args.improvement = -1;
    args.target = NAN;
    args.shift_length = 7;
    args.trend_length = 7;
    args.short_phase = 13;
}

static int run_series(spc_run *run, tdm_series_reader *sr)
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
            run->n_series = run->n_missing = run->n_suppressed = 0;
            if (cli_out_reset(&run->out, "spc") != 0) {
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

int cmd_spc(int argc, char **argv)
{
    spc_run run;
    tdm_csv_reader *csv = NULL;
    tdm_series_reader *sr = NULL;
    tdm_series_spec spec;
    tdm_csv_options csv_opt;
    const char *na_list[32];
    char na_buf[1024];
    size_t n_na = 0;
    const char *nums[2];
    const char *attrs[2];
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
    tdm_csv_options_init(&csv_opt);
    exit_code = cli_delimiter(&doc, args.delimiter, &csv_opt.delimiter);
    if (exit_code < 0 && args.na != NULL) {
        exit_code = cli_na_list(&doc, args.na, na_buf, sizeof na_buf, na_list, 32, &n_na);
    }
    if (exit_code >= 0) {
        return exit_code;
    }
    memset(&run, 0, sizeof run);
    run.out.fd = -1;
    tdm_spc_options_init(&run.base);
    run.base.improvement = args.improvement == 1   ? TDM_IMPROVEMENT_DECREASE
                           : args.improvement == 2 ? TDM_IMPROVEMENT_NEUTRAL
                                                   : TDM_IMPROVEMENT_INCREASE;
    run.base.target = args.target;
    run.base.screen = !args.no_screen;
    run.base.fix_after = args.fix_after;
    run.base.shift_length = args.shift_length;
    run.base.trend_length = args.trend_length;
    run.base.short_phase = args.short_phase;
    run.attr_target = run.attr_improvement = SIZE_MAX;
    for (int l = 0; l <= TDM_SPC_LABEL_SHIFT_BELOW; l++) {
        tdm_spc_label_text(l, &run.base, run.label_text[l]);
    }

    tdm_series_spec_init(&spec);
    spec.key_column = args.by;
    spec.time_column = args.date;
    nums[0] = args.value;
    nums[1] = args.rebase_col;
    spec.num_columns = nums;
    spec.n_num = args.rebase_col ? 2 : 1;
    if (args.target_col != NULL) {
        run.attr_target = spec.n_attr;
        attrs[spec.n_attr++] = args.target_col;
    }
    if (args.improvement_col != NULL) {
        run.attr_improvement = spec.n_attr;
        attrs[spec.n_attr++] = args.improvement_col;
    }
    spec.attr_columns = attrs;
    spec.date_format = args.date_format;
    if (args.na != NULL) {
        spec.na_strings = na_list;
        spec.n_na = n_na;
    }
    spec.mode = args.order == ORDER_GROUPED ? TDM_SERIES_STREAM
                : args.order == ORDER_ANY   ? TDM_SERIES_HOLD
                                            : TDM_SERIES_AUTO;

    rc = tdm_csv_reader_open_path(&csv, args.input, &csv_opt, &run.err);
    if (rc == TDM_OK) {
        rc = tdm_series_reader_open(&sr, csv, &spec, &run.err);
    }
    if (rc != TDM_OK) {
        exit_code = cli_fail("spc", rc, &run.err);
        goto done;
    }
    run.source = tdm_csv_reader_name(csv);
    if (cli_out_open(&run.out, "spc", args.output) != 0) {
        exit_code = EXIT_IO;
        goto done;
    }
    rc = open_writer(&run);
    if (rc == TDM_OK) {
        rc = run_series(&run, sr);
    }
    if (rc == TDM_OK) {
        rc = run.pack != NULL ? write_html(&run) : tdm_writer_finish(run.writer);
    }
    if (rc != TDM_OK) {
        exit_code = rc == TDM_EIO && run.out.failed_errno != 0 ? cli_out_commit(&run.out, "spc")
                                                               : cli_fail("spc", rc, &run.err);
        goto done;
    }
    exit_code = cli_out_commit(&run.out, "spc");
    if (exit_code == 0 && args.verbose) {
        fprintf(stderr,
                "tandem spc: %llu series, %llu rows, %llu missing and %llu suppressed "
                "values skipped%s\n",
                (unsigned long long)run.n_series, (unsigned long long)tdm_series_reader_rows(sr),
                (unsigned long long)run.n_missing, (unsigned long long)run.n_suppressed,
                tdm_series_reader_held(sr) ? " (rows held: input not grouped by series)" : "");
    }
done:
    cli_out_abort(&run.out);
    tdm_writer_free(run.writer);
    rpt_pack_free(run.pack);
    tdm_series_reader_free(sr);
    tdm_csv_reader_free(csv);
    free(run.points);
    free(run.phases);
    free(run.rebase);
    return exit_code;
}
