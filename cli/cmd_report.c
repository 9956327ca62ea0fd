/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cmd_report.c - `tandem report`: the board pack. Reads a metrics definition
 * CSV (one row per metric) and a long data CSV (metric, date, value), computes
 * a Making Data Count XmR chart per metric with tdm_spc_compute, and writes
 * one self-contained HTML file (report/html_report.c) and optionally an Excel
 * workbook (report/xlsx_report.c). Both outputs are all or nothing.
 * No statistics here: options -> readers -> libtandem -> report/.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "input.h"
#include "opt.h"
#include "out.h"
#include "report.h"

typedef struct report_args {
    const char *metrics, *input, *output, *xlsx;
    const char *by, *date, *value;
    const char *title, *subtitle, *report_date, *source;
    const char *delimiter, *na;
    int date_format, no_cover, no_screen, verbose;
} report_args;

static report_args args;

static const cli_option options[] = {
    { "metrics", 'm', CLI_OPT_STRING, &args.metrics, "FILE",
      "Metric definitions CSV, one row per metric (see DESCRIPTION for the columns).", NULL, 1 },
    { "input", 'i', CLI_OPT_STRING, &args.input, "FILE",
      "Data CSV with a metric id, a date and a value column [stdin].", NULL, 0 },
    { "output", 'o', CLI_OPT_STRING, &args.output, "FILE",
      "Write the HTML pack here (replaced only when the run succeeds) [stdout].", NULL, 0 },
    { "xlsx", 0, CLI_OPT_STRING, &args.xlsx, "FILE",
      "Also write the summary and data as an Excel workbook.", NULL, 0 },
    { "by", 0, CLI_OPT_STRING, &args.by, "COL", "Data column with the metric id [metric].", NULL,
      0 },
    { "date", 0, CLI_OPT_STRING, &args.date, "COL",
      "Data column with ISO dates (YYYY-MM-DD) or integer periods [date].", NULL, 0 },
    { "value", 0, CLI_OPT_STRING, &args.value, "COL", "Data column with the values [value].", NULL,
      0 },
    { "title", 0, CLI_OPT_STRING, &args.title, "TEXT",
      "Title of the pack [Integrated performance report].", NULL, 0 },
    { "subtitle", 0, CLI_OPT_STRING, &args.subtitle, "TEXT",
      "Line under the title, e.g. the organisation and committee [none].", NULL, 0 },
    { "report-date", 0, CLI_OPT_STRING, &args.report_date, "DATE",
      "Date shown on the pack and stored in the workbook (YYYY-MM-DD); without it the output "
      "carries no date [none].",
      NULL, 0 },
    { "source", 0, CLI_OPT_STRING, &args.source, "TEXT",
      "Data source line for the method note [none].", NULL, 0 },
    { "no-cover", 0, CLI_OPT_FLAG, &args.no_cover, NULL,
      "Leave out the cover grid of variation x assurance icons.", NULL, 0 },
    { "no-screen", 0, CLI_OPT_FLAG, &args.no_screen, NULL,
      "Do not screen large moving ranges (matches the MDC Excel tool).", NULL, 0 },
    { "date-format", 0, CLI_OPT_CHOICE, &args.date_format, NULL,
      "How dates are written, in the data and the rebase column: iso (YYYY-MM-DD, a midnight "
      "time allowed) or dmy (UK DD/MM/YYYY) [iso].",
      cli_date_format_choices, 0 },
    { "delimiter", 0, CLI_OPT_STRING, &args.delimiter, "CHAR",
      "Field separator of both files: , ; | or tab [,].", NULL, 0 },
    { "na", 0, CLI_OPT_STRING, &args.na, "LIST",
      "Comma-separated texts that mean missing in the data [\"\",NA,NULL,.]; suppressed markers "
      "(*, c, [c], [x]) are always counted apart.",
      NULL, 0 },
    { "verbose", 'v', CLI_OPT_FLAG, &args.verbose, NULL,
      "Report metrics, rows and missing values on stderr.", NULL, 0 },
};

static const cli_example examples[] = {
    { "The demo pack from bundled NHS data (see scripts/demo.sh)",
      "tandem report -m data/board_metrics.csv -i data/board_data.csv -o out/board_pack.html "
      "--xlsx out/board_pack.xlsx --title \"Urgent and emergency care\" --report-date 2025-09-30" },
    { "A pack from a data file with other column names",
      "tandem report -m metrics.csv -i extract.csv --by indicator --date month --value rate "
      "-o pack.html" },
};

static const cli_command_doc doc = {
    "report",
    "Board pack: one self-contained HTML file with SPC charts, plus Excel",
    "Writes an integrated performance report (a board pack) as one self-contained HTML file: "
    "CSS embedded, no script, no network access when viewed (a Content-Security-Policy "
    "forbids every fetch), charts as inline SVG drawn by tandem. Pages: a cover grid placing "
    "each metric by its Making Data Count variation icon and assurance icon; a summary table "
    "with one row per metric, special cause concern and consistently failing first; one "
    "section per metric with its icons, key figures, XmR chart (points coloured and shaped "
    "by type, mean, process limits, target, phases), a text alternative, an exception note "
    "and a data table; and the method note. With --xlsx the same summary and data go to an "
    "Excel workbook (icons as text, conditional formatting).\n\n"
    "The metrics file has a header row naming its columns, in any order: `id` (required; "
    "matches the data's metric column), `title` (required; empty means the id), "
    "`improvement` (required: increase, decrease or neutral), `target` (a number, or empty), "
    "`unit` (text after values, e.g. min), `format` (number, or percent for proportions "
    "shown as percentages), `decimals` (0-9; empty chooses from the axis), `rebase` (dates "
    "or periods starting a new phase, separated by ';'), `baseline` (limits from the first "
    "N >= 12 points of each phase), `chart` (xmr, the default; more types will follow), "
    "`domain` (a grouping such as Urgent care) and `notes` (the exception note). Other "
    "columns are ignored.\n\n"
    "The data file is long: one row per metric and period. Every metric must have rows, and "
    "every metric in the data must be defined; either mistake, an unknown chart type, or a "
    "target that is not a number stops the run with an error naming the metric, the file "
    "and the line, and no file is written. Missing and suppressed values are skipped and "
    "counted, as in tandem spc. Output is byte-identical from run to run; the only date in "
    "it is --report-date.",
    options,
    sizeof options / sizeof *options,
    examples,
    sizeof examples / sizeof *examples,
    "HTML (-o) and, with --xlsx, a workbook with the sheets Summary (metric, id, domain, "
    "latest period and value, unit, target, mean, lower and upper process limit, variation, "
    "assurance, points, trial limits, exception note), Data (every point with its phase, "
    "mean, limits, special-cause label and point type) and Method.",
};

/* ---- metric definitions ---- */

typedef struct metric_def {
    char *id, *title, *unit, *notes, *domain, *rebase;
    uint64_t line; /* line in the metrics file */
    int improvement, chart, percent, decimals;
    double target;
    size_t baseline;
    /* results, filled when the metric's series is read */
    int seen;
    int time_kind;
    int64_t *time;
    double *value;
    tdm_spc_point *points;
    tdm_spc_phase *phases;
    tdm_spc_summary summary;
    tdm_spc_options opt;
    size_t n, n_missing, n_suppressed;
} metric_def;

enum {
    D_ID,
    D_TITLE,
    D_IMPROVEMENT,
    D_TARGET,
    D_UNIT,
    D_FORMAT,
    D_DECIMALS,
    D_REBASE,
    D_BASELINE,
    D_CHART,
    D_DOMAIN,
    D_NOTES,
    N_DCOLS
};

static const char *const def_columns[N_DCOLS] = { "id",       "title",  "improvement", "target",
                                                  "unit",     "format", "decimals",    "rebase",
                                                  "baseline", "chart",  "domain",      "notes" };

typedef struct report_run {
    metric_def *defs;
    size_t n_defs, cap_defs;
    size_t *by_id; /* def indexes sorted by id */
    const char *defs_name, *data_name;
    uint8_t *rebase; /* scratch, per series */
    size_t rebase_cap;
    uint64_t n_missing, n_suppressed;
    tdm_error err;
} report_run;

static int def_error(report_run *run, uint64_t line, const char *id, const char *col,
                     const char *value, const char *what)
{
    tdm_error *e = &run->err;
    e->status = TDM_EPARSE;
    e->line = line;
    e->field = 0;
    if (col != NULL) {
        snprintf(e->message, sizeof e->message,
                 "%.70s: line %llu, metric \"%.40s\", column \"%.12s\": \"%.40s\" %.60s",
                 run->defs_name, (unsigned long long)line, id, col, value, what);
    } else {
        snprintf(e->message, sizeof e->message, "%.70s: line %llu, metric \"%.40s\": %.110s",
                 run->defs_name, (unsigned long long)line, id, what);
    }
    return TDM_EPARSE;
}

static char *field_dup(const tdm_csv_record *rec, size_t col)
{
    const tdm_csv_field *f;
    char *s;
    size_t b = 0, e;
    if (col == SIZE_MAX || col >= rec->n_fields) {
        return calloc(1, 1);
    }
    f = &rec->fields[col];
    e = f->len;
    /* Trim surrounding blanks: spreadsheets leave them behind. */
    while (b < e && (f->ptr[b] == ' ' || f->ptr[b] == '\t')) {
        b++;
    }
    while (e > b && (f->ptr[e - 1] == ' ' || f->ptr[e - 1] == '\t')) {
        e--;
    }
    s = malloc(e - b + 1);
    if (s != NULL) {
        memcpy(s, f->ptr + b, e - b);
        s[e - b] = '\0';
    }
    return s;
}

static void def_free(metric_def *d)
{
    free(d->id);
    free(d->title);
    free(d->unit);
    free(d->notes);
    free(d->domain);
    free(d->rebase);
    free(d->time);
    free(d->value);
    free(d->points);
    free(d->phases);
}

static void clear_results(report_run *run)
{
    for (size_t i = 0; i < run->n_defs; i++) {
        metric_def *d = &run->defs[i];
        free(d->time);
        free(d->value);
        free(d->points);
        free(d->phases);
        d->time = NULL;
        d->value = NULL;
        d->points = NULL;
        d->phases = NULL;
        d->seen = 0;
    }
    run->n_missing = run->n_suppressed = 0;
}

/* Whole number 0..max from text, or -1. */
static long parse_small(const char *s, long max)
{
    double v;
    if (tdm_parse_double(s, strlen(s), &v) != TDM_OK || v != floor(v) || v < 0 || v > (double)max) {
        return -1;
    }
    return (long)v;
}

/* A rebase date in the --date-format of the data. */
static int parse_day(const char *s, size_t len, int32_t *day)
{
    return args.date_format == TDM_DATE_DMY ? tdm_parse_date_dmy(s, len, day)
                                            : tdm_parse_date(s, len, day);
}

/* Rebase tokens: dates or integer periods separated by ';', ',' or blanks. */
static int check_rebase(report_run *run, const metric_def *d)
{
    const char *s = d->rebase;
    while (*s != '\0') {
        size_t len = strcspn(s, "; ,\t");
        if (len > 0) {
            int32_t day;
            double v;
            if (parse_day(s, len, &day) != TDM_OK &&
                (tdm_parse_double(s, len, &v) != TDM_OK || v != floor(v))) {
                char tok[64];
                snprintf(tok, sizeof tok, "%.*s", (int)(len < 60 ? len : 60), s);
                return def_error(run, d->line, d->id, "rebase", tok,
                                 args.date_format == TDM_DATE_DMY
                                     ? "is not a date (DD/MM/YYYY) or whole-number period"
                                     : "is not a date (YYYY-MM-DD) or whole-number period");
            }
        }
        s += len;
        s += strspn(s, "; ,\t");
    }
    return TDM_OK;
}

static int parse_def_fields(report_run *run, metric_def *d, char *const *raw)
{
    const char *imp = raw[D_IMPROVEMENT];
    long v;
    if (d->id[0] == '\0') {
        return def_error(run, d->line, "", NULL, NULL, "the id is empty; every metric needs one");
    }
    if (tdm_improvement_parse(imp, strlen(imp), &d->improvement) != TDM_OK) {
        return def_error(run, d->line, d->id, "improvement", imp,
                         "is not a direction (increase, decrease or neutral)");
    }
    d->target = NAN;
    if (raw[D_TARGET][0] != '\0' &&
        (tdm_parse_double(raw[D_TARGET], strlen(raw[D_TARGET]), &d->target) != TDM_OK ||
         !isfinite(d->target))) {
        return def_error(run, d->line, d->id, "target", raw[D_TARGET], "is not a number");
    }
    d->chart = RPT_CHART_XMR;
    if (raw[D_CHART][0] != '\0' &&
        rpt_chart_parse(raw[D_CHART], strlen(raw[D_CHART]), &d->chart) != TDM_OK) {
        char what[96];
        snprintf(what, sizeof what, "is not a chart type (known: %s)", rpt_chart_names());
        return def_error(run, d->line, d->id, "chart", raw[D_CHART], what);
    }
    if (strcmp(raw[D_FORMAT], "percent") == 0) {
        d->percent = 1;
    } else if (raw[D_FORMAT][0] != '\0' && strcmp(raw[D_FORMAT], "number") != 0) {
        return def_error(run, d->line, d->id, "format", raw[D_FORMAT],
                         "is not a format (number or percent)");
    }
    d->decimals = -1;
    if (raw[D_DECIMALS][0] != '\0') {
        v = parse_small(raw[D_DECIMALS], 9);
        if (v < 0) {
            return def_error(run, d->line, d->id, "decimals", raw[D_DECIMALS],
                             "is not a number of decimals (0 to 9)");
        }
        d->decimals = (int)v;
    }
    if (raw[D_BASELINE][0] != '\0') {
        v = parse_small(raw[D_BASELINE], 1000000);
        if (v < TDM_SPC_MIN_FIX_AFTER) {
            return def_error(run, d->line, d->id, "baseline", raw[D_BASELINE],
                             "is not a baseline of at least 12 points");
        }
        d->baseline = (size_t)v;
    }
    return check_rebase(run, d);
}

static int add_def(report_run *run, const tdm_csv_record *rec, const size_t *cols)
{
    metric_def *d;
    char *raw[N_DCOLS];
    int rc = TDM_OK;
    if (run->n_defs == run->cap_defs) {
        size_t cap = run->cap_defs ? run->cap_defs * 2 : 32;
        metric_def *p = realloc(run->defs, cap * sizeof *p);
        if (p == NULL) {
            return TDM_ENOMEM;
        }
        run->defs = p;
        run->cap_defs = cap;
    }
    for (int c = 0; c < N_DCOLS; c++) {
        raw[c] = field_dup(rec, cols[c]);
        if (raw[c] == NULL) {
            rc = TDM_ENOMEM;
        }
    }
    d = &run->defs[run->n_defs];
    memset(d, 0, sizeof *d);
    d->line = rec->line;
    if (rc == TDM_OK) {
        d->id = raw[D_ID];
        d->title = raw[D_TITLE];
        d->unit = raw[D_UNIT];
        d->notes = raw[D_NOTES];
        d->domain = raw[D_DOMAIN];
        d->rebase = raw[D_REBASE];
        raw[D_ID] = raw[D_TITLE] = raw[D_UNIT] = raw[D_NOTES] = raw[D_DOMAIN] = raw[D_REBASE] =
            NULL;
        run->n_defs++; /* owned from here, freed with the run */
        rc = parse_def_fields(run, d, raw);
    }
    for (int c = 0; c < N_DCOLS; c++) {
        free(raw[c]);
    }
    return rc;
}

static const report_run *sort_run; /* qsort has no context argument */

static int cmp_id(const void *a, const void *b)
{
    const metric_def *da = &sort_run->defs[*(const size_t *)a];
    const metric_def *db = &sort_run->defs[*(const size_t *)b];
    int c = strcmp(da->id, db->id);
    return c != 0 ? c : (da->line < db->line ? -1 : da->line > db->line);
}

static int index_ids(report_run *run)
{
    run->by_id = malloc((run->n_defs ? run->n_defs : 1) * sizeof *run->by_id);
    if (run->by_id == NULL) {
        return TDM_ENOMEM;
    }
    for (size_t i = 0; i < run->n_defs; i++) {
        run->by_id[i] = i;
    }
    sort_run = run;
    qsort(run->by_id, run->n_defs, sizeof *run->by_id, cmp_id);
    for (size_t i = 1; i < run->n_defs; i++) {
        const metric_def *a = &run->defs[run->by_id[i - 1]], *b = &run->defs[run->by_id[i]];
        if (strcmp(a->id, b->id) == 0) {
            char what[96];
            snprintf(what, sizeof what, "is defined twice (first on line %llu)",
                     (unsigned long long)a->line);
            return def_error(run, b->line, b->id, NULL, NULL, what);
        }
    }
    return TDM_OK;
}

static metric_def *find_def(report_run *run, const char *id)
{
    size_t lo = 0, hi = run->n_defs;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(run->defs[run->by_id[mid]].id, id);
        if (c == 0) {
            return &run->defs[run->by_id[mid]];
        }
        if (c < 0) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    return NULL;
}

static int read_defs(report_run *run, const tdm_csv_options *csv_opt)
{
    tdm_csv_reader *csv = NULL;
    tdm_csv_record rec;
    size_t cols[N_DCOLS];
    const tdm_csv_field *hdr;
    size_t n_hdr;
    int rc = tdm_csv_reader_open_path(&csv, args.metrics, csv_opt, &run->err);
    if (rc != TDM_OK) {
        return rc;
    }
    run->defs_name = args.metrics;
    hdr = tdm_csv_reader_header(csv, &n_hdr);
    for (int c = 0; c < N_DCOLS; c++) {
        cols[c] = SIZE_MAX;
        for (size_t j = 0; j < n_hdr; j++) {
            if (hdr[j].len == strlen(def_columns[c]) &&
                memcmp(hdr[j].ptr, def_columns[c], hdr[j].len) == 0) {
                cols[c] = j;
                break;
            }
        }
    }
    /* Required columns: let the reader name near misses in its message. */
    for (int c = D_ID; c <= D_IMPROVEMENT && rc == TDM_OK; c++) {
        if (cols[c] == SIZE_MAX) {
            rc = tdm_csv_reader_column(csv, def_columns[c], &cols[c], &run->err);
        }
    }
    while (rc == TDM_OK) {
        rc = tdm_csv_reader_next(csv, &rec, &run->err);
        if (rc <= 0) {
            break;
        }
        rc = add_def(run, &rec, cols);
    }
    tdm_csv_reader_free(csv);
    if (rc == TDM_OK && run->n_defs == 0) {
        snprintf(run->err.message, sizeof run->err.message, "%.200s: no metrics defined",
                 run->defs_name);
        rc = TDM_EPARSE;
    }
    return rc == TDM_OK ? index_ids(run) : rc;
}

/* ---- data ---- */

static int rebase_flags(report_run *run, const metric_def *d, const tdm_series *s)
{
    const char *p = d->rebase;
    if (s->n > run->rebase_cap) {
        uint8_t *r = realloc(run->rebase, s->n);
        if (r == NULL) {
            return TDM_ENOMEM;
        }
        run->rebase = r;
        run->rebase_cap = s->n;
    }
    memset(run->rebase, 0, s->n);
    while (*p != '\0') {
        size_t len = strcspn(p, "; ,\t");
        if (len > 0) {
            int32_t day;
            double v;
            int64_t t;
            size_t i = 0;
            char tok[64];
            snprintf(tok, sizeof tok, "%.*s", (int)(len < 60 ? len : 60), p);
            if (s->time_kind == TDM_TIME_DATE && parse_day(p, len, &day) == TDM_OK) {
                t = day;
            } else if (s->time_kind == TDM_TIME_INTEGER && tdm_parse_double(p, len, &v) == TDM_OK &&
                       v == floor(v)) {
                t = (int64_t)v;
            } else {
                return def_error(run, d->line, d->id, "rebase", tok,
                                 s->time_kind == TDM_TIME_DATE
                                     ? "is not a date, but the data has dates"
                                     : "is not a whole-number period, but the data has periods");
            }
            while (i < s->n && s->time[i] < t) {
                i++;
            }
            if (i == s->n) {
                return def_error(run, d->line, d->id, "rebase", tok,
                                 "is after the metric's last row in the data");
            }
            run->rebase[i] = 1;
        }
        p += len;
        p += strspn(p, "; ,\t");
    }
    return TDM_OK;
}

static void *dup_mem(const void *src, size_t n, size_t size)
{
    void *d = malloc(n ? n * size : 1);
    if (d != NULL && n > 0) {
        memcpy(d, src, n * size);
    }
    return d;
}

static int process(report_run *run, const tdm_series *s)
{
    metric_def *d = find_def(run, s->key);
    int rc;
    if (d == NULL) {
        snprintf(run->err.message, sizeof run->err.message,
                 "%.70s: line %llu, column \"%.20s\": metric \"%.40s\" is not defined in %.70s",
                 run->data_name, (unsigned long long)s->line[0], args.by, s->key, run->defs_name);
        return TDM_ENOTFOUND;
    }
    tdm_spc_options_init(&d->opt);
    d->opt.improvement = d->improvement;
    d->opt.target = d->target;
    d->opt.screen = !args.no_screen;
    d->opt.fix_after = d->baseline;
    d->time = dup_mem(s->time, s->n, sizeof *s->time);
    d->value = dup_mem(s->num[0], s->n, sizeof *s->num[0]);
    d->points = malloc((s->n ? s->n : 1) * sizeof *d->points);
    d->phases = malloc((s->n ? s->n : 1) * sizeof *d->phases);
    if (d->time == NULL || d->value == NULL || d->points == NULL || d->phases == NULL) {
        return TDM_ENOMEM;
    }
    if (d->rebase[0] != '\0') {
        rc = rebase_flags(run, d, s);
        if (rc != TDM_OK) {
            return rc;
        }
    }
    rc = tdm_spc_compute(d->value, d->rebase[0] ? run->rebase : NULL, s->n, &d->opt, d->points,
                         d->phases, &d->summary);
    if (rc != TDM_OK) {
        snprintf(run->err.message, sizeof run->err.message, "%.100s: metric \"%.60s\": %.80s",
                 run->data_name, d->id, tdm_strerror(rc));
        return rc;
    }
    d->seen = 1;
    d->time_kind = s->time_kind;
    d->n = s->n;
    d->n_missing = s->n_missing[0];
    d->n_suppressed = s->n_suppressed[0];
    run->n_missing += s->n_missing[0];
    run->n_suppressed += s->n_suppressed[0];
    return TDM_OK;
}

static int read_data(report_run *run, tdm_series_reader *sr)
{
    tdm_series s;
    for (;;) {
        int rc = tdm_series_reader_next(sr, &s, &run->err);
        if (rc == 0) {
            break;
        }
        if (rc == TDM_SERIES_RESTART) {
            clear_results(run); /* rows were not grouped by metric: start again */
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
    for (size_t i = 0; i < run->n_defs; i++) {
        if (!run->defs[i].seen) {
            char what[120];
            snprintf(what, sizeof what, "has no rows in %.90s", run->data_name);
            return def_error(run, run->defs[i].line, run->defs[i].id, NULL, NULL, what);
        }
    }
    return TDM_OK;
}

/* ---- output ---- */

static int build_pack(const report_run *run, rpt_pack *pack)
{
    for (size_t i = 0; i < run->n_defs; i++) {
        const metric_def *d = &run->defs[i];
        rpt_metric m;
        int rc;
        memset(&m, 0, sizeof m);
        m.id = d->id;
        m.title = d->title[0] != '\0' ? d->title : d->id;
        m.domain = d->domain;
        m.unit = d->unit;
        m.notes = d->notes;
        m.percent = d->percent;
        m.decimals = d->decimals;
        m.chart = d->chart;
        m.opt = d->opt;
        m.time_kind = d->time_kind;
        m.time = d->time;
        m.value = d->value;
        m.n = d->n;
        m.n_missing = d->n_missing;
        m.n_suppressed = d->n_suppressed;
        m.points = d->points;
        m.phases = d->phases;
        m.summary = &d->summary;
        rc = rpt_pack_add(pack, &m);
        if (rc != TDM_OK) {
            return rc;
        }
    }
    return TDM_OK;
}

/* Write the workbook to a private temporary file, then stream it through a
 * cli_out so the destination gets the usual all-or-nothing treatment. */
static int write_xlsx(const rpt_pack *pack, const rpt_options *ro, cli_out *out, tdm_error *err)
{
    const char *dir = getenv("TMPDIR");
    char tmpl[4096];
    char buf[1 << 15];
    FILE *fp;
    int fd, rc = TDM_OK;
    if (dir == NULL || dir[0] == '\0') {
        dir = "/tmp";
    }
    if (snprintf(tmpl, sizeof tmpl, "%s/tandem-xlsx.XXXXXX", dir) >= (int)sizeof tmpl) {
        return TDM_EIO;
    }
    fd = mkstemp(tmpl);
    if (fd < 0) {
        snprintf(err->message, sizeof err->message, "cannot create a temporary file in %.200s",
                 dir);
        return TDM_EIO;
    }
    (void)close(fd); /* libxlsxwriter opens the path itself */
    rc = rpt_pack_write_xlsx(pack, ro, tmpl, err);
    fp = rc == TDM_OK ? fopen(tmpl, "rb") : NULL;
    if (rc == TDM_OK && fp == NULL) {
        rc = TDM_EIO;
    }
    while (rc == TDM_OK) {
        size_t got = fread(buf, 1, sizeof buf, fp);
        if (got == 0) {
            rc = ferror(fp) ? TDM_EIO : TDM_OK;
            break;
        }
        rc = cli_out_write(out, buf, got);
    }
    if (fp != NULL) {
        (void)fclose(fp); /* read-only */
    }
    (void)unlink(tmpl); /* ours; gone either way */
    return rc;
}

static int write_outputs(report_run *run, const rpt_pack *pack)
{
    rpt_options ro;
    cli_out html, xl;
    int exit_code = EXIT_OK, rc;
    memset(&html, 0, sizeof html);
    memset(&xl, 0, sizeof xl);
    html.fd = xl.fd = -1;
    rpt_options_init(&ro);
    ro.title = args.title;
    ro.subtitle = args.subtitle;
    ro.report_date = args.report_date;
    ro.source = args.source;
    ro.cover = !args.no_cover;
    if (cli_out_open(&html, "report", args.output) != 0 ||
        (args.xlsx != NULL && cli_out_open(&xl, "report", args.xlsx) != 0)) {
        exit_code = EXIT_IO;
        goto done;
    }
    rc = rpt_pack_write_html(pack, &ro, cli_out_write, &html);
    if (rc == TDM_OK && args.xlsx != NULL) {
        rc = write_xlsx(pack, &ro, &xl, &run->err);
    }
    if (rc == TDM_EIO && (html.failed_errno != 0 || xl.failed_errno != 0)) {
        exit_code = cli_out_commit(html.failed_errno != 0 ? &html : &xl, "report");
        goto done;
    }
    if (rc != TDM_OK) {
        exit_code = cli_fail("report", rc, &run->err);
        goto done;
    }
    exit_code = cli_out_commit(&html, "report");
    if (exit_code == EXIT_OK && args.xlsx != NULL) {
        exit_code = cli_out_commit(&xl, "report");
    }
done:
    cli_out_abort(&html);
    cli_out_abort(&xl);
    return exit_code;
}

static int check_args(void)
{
    int32_t day;
    if (args.report_date != NULL &&
        tdm_parse_date(args.report_date, strlen(args.report_date), &day) != TDM_OK) {
        return cli_usage_error(&doc, "--report-date expects a date YYYY-MM-DD, got \"%s\"",
                               args.report_date);
    }
    if (args.xlsx != NULL && args.output != NULL && strcmp(args.xlsx, args.output) == 0) {
        return cli_usage_error(&doc, "--xlsx and --output name the same file");
    }
    return -1;
}

int cmd_report(int argc, char **argv)
{
    report_run run;
    tdm_csv_reader *csv = NULL;
    tdm_series_reader *sr = NULL;
    rpt_pack *pack = NULL;
    tdm_series_spec spec;
    tdm_csv_options csv_opt;
    const char *na_list[32];
    char na_buf[1024];
    size_t n_na = 0;
    const char *nums[1];
    int exit_code, rc;

    memset(&args, 0, sizeof args);
    args.by = "metric";
    args.date = "date";
    args.value = "value";
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
    rc = read_defs(&run, &csv_opt);
    if (rc == TDM_OK) {
        tdm_series_spec_init(&spec);
        spec.key_column = args.by;
        spec.time_column = args.date;
        nums[0] = args.value;
        spec.num_columns = nums;
        spec.n_num = 1;
        /* Hold every row: a metric's checks (rebase dates, "no rows") need its
         * whole series, and a pack is small. Rows may come in any order. */
        spec.mode = TDM_SERIES_HOLD;
        spec.date_format = args.date_format;
        if (args.na != NULL) {
            spec.na_strings = na_list;
            spec.n_na = n_na;
        }
        rc = tdm_csv_reader_open_path(&csv, args.input, &csv_opt, &run.err);
    }
    if (rc == TDM_OK) {
        run.data_name = tdm_csv_reader_name(csv);
        rc = tdm_series_reader_open(&sr, csv, &spec, &run.err);
    }
    rc = rc ? rc : read_data(&run, sr);
    rc = rc ? rc : rpt_pack_new(&pack);
    rc = rc ? rc : build_pack(&run, pack);
    if (rc != TDM_OK) {
        exit_code = cli_fail("report", rc, &run.err);
        goto done;
    }
    exit_code = write_outputs(&run, pack);
    if (exit_code == EXIT_OK && args.verbose) {
        fprintf(stderr,
                "tandem report: %zu metrics, %llu rows, %llu missing and %llu suppressed values "
                "skipped\n",
                run.n_defs, (unsigned long long)tdm_series_reader_rows(sr),
                (unsigned long long)run.n_missing, (unsigned long long)run.n_suppressed);
    }
done:
    rpt_pack_free(pack);
    tdm_series_reader_free(sr);
    tdm_csv_reader_free(csv);
    for (size_t i = 0; i < run.n_defs; i++) {
        def_free(&run.defs[i]);
    }
    free(run.defs);
    free(run.by_id);
    free(run.rebase);
    return exit_code;
}
