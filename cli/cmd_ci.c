/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cmd_ci.c - `tandem ci`: public-health indicator values with confidence
 * intervals (PHEindicatormethods 2.1.0 methods): proportions, crude rates,
 * means, directly and indirectly standardised rates, life expectancy.
 * Options -> group reader -> libtandem kernels -> table writer. The shared
 * plumbing (levels, benchmark columns, error lines) is in ci_common.c.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "indicator_io.h"
#include "opt.h"
#include "out.h"

enum { M_PROPORTION, M_RATE, M_BYAR, M_EXACT, M_MEAN, M_DSR, M_ISRATIO, M_ISRATE, M_LE };

typedef struct ci_args {
    const char *input, *output, *numerator, *denominator, *value, *by, *confidence;
    const char *ageband, *stdpop, *stdpop_col, *eventfreq, *ref_numerator, *ref_denominator;
    const char *benchmark_col, *delimiter, *na;
    int method, format, order, polarity, comparison, verbose;
    double multiplier, benchmark;
    size_t threads;
} ci_args;

static ci_args args;

static const char *const method_choices[] = { "proportion", "rate",    "byar",   "exact", "mean",
                                              "dsr",        "isratio", "israte", "le",    NULL };
static const char *const format_choices[] = { "csv", "json", NULL };
static const char *const order_choices[] = { "auto", "grouped", "any", NULL };
static const char *const polarity_choices[] = { "none", "high", "low", NULL };
static const char *const comparison_choices[] = { "single", "two-level", NULL };

static const cli_option options[] = {
    { "method", 'm', CLI_OPT_CHOICE, &args.method, NULL,
      "Statistic and interval: proportion (Wilson), rate (exact below 10 events, else "
      "Byar's), byar, exact (Poisson), mean (Student t), dsr (Dobson), isratio, israte, le "
      "(life expectancy, Chiang II).",
      method_choices, 1 },
    { "input", 'i', CLI_OPT_STRING, &args.input, "FILE", "CSV input with a header row [stdin].",
      NULL, 0 },
    { "output", 'o', CLI_OPT_STRING, &args.output, "FILE",
      "Write here (replaced only when the run succeeds) [stdout].", NULL, 0 },
    { "numerator", 0, CLI_OPT_STRING, &args.numerator, "COL",
      "Column with the events or cases (deaths for le).", NULL, 0 },
    { "denominator", 0, CLI_OPT_STRING, &args.denominator, "COL",
      "Column with the population or sample size.", NULL, 0 },
    { "value", 0, CLI_OPT_STRING, &args.value, "COL", "Column with the values (mean).", NULL, 0 },
    { "by", 0, CLI_OPT_STRING, &args.by, "COL,...",
      "Columns naming the groups: rows of a group are summed (proportion, rate) or form one "
      "standardisation set (dsr, isr, le) [proportion, rate: each row alone; others: one "
      "group].",
      NULL, 0 },
    { "confidence", 0, CLI_OPT_STRING, &args.confidence, "LIST",
      "Confidence levels, each strictly between 0 and 1 [0.95,0.998].", NULL, 0 },
    { "multiplier", 0, CLI_OPT_DOUBLE, &args.multiplier, "M",
      "Scale of the value: 100 for a percentage, 100000 for a rate per 100,000; for isratio "
      "the reference value (100 for SMR x 100) [proportion 1; rates 100000; isratio 1].",
      NULL, 0 },
    { "ageband", 0, CLI_OPT_STRING, &args.ageband, "COL",
      "Column with the age band of each row (dsr, le).", NULL, 0 },
    { "stdpop", 0, CLI_OPT_STRING, &args.stdpop, "FILE",
      "Standard population for dsr: esp2013 (19 or 21 bands, by the data), esp2013-19, "
      "esp2013-21, or a CSV file with columns ageband and stdpop [esp2013].",
      NULL, 0 },
    { "stdpop-col", 0, CLI_OPT_STRING, &args.stdpop_col, "COL",
      "Column with each row's standard population weight, instead of --stdpop (dsr).", NULL, 0 },
    { "eventfreq", 0, CLI_OPT_STRING, &args.eventfreq, "COL",
      "Events per person (dsr for non-independent events: --numerator then counts the people "
      "with that many events; needs --ageband).",
      NULL, 0 },
    { "ref-numerator", 0, CLI_OPT_STRING, &args.ref_numerator, "COL",
      "Reference events of each age band (isratio, israte).", NULL, 0 },
    { "ref-denominator", 0, CLI_OPT_STRING, &args.ref_denominator, "COL",
      "Reference population of each age band (isratio, israte).", NULL, 0 },
    { "benchmark", 0, CLI_OPT_DOUBLE, &args.benchmark, "X",
      "Compare every value with this benchmark (e.g. England) in a comparison column.", NULL, 0 },
    { "benchmark-col", 0, CLI_OPT_STRING, &args.benchmark_col, "COL",
      "Column with each row's or group's benchmark.", NULL, 0 },
    { "polarity", 0, CLI_OPT_CHOICE, &args.polarity, NULL,
      "Which way is good, for the comparison: high, low, or none (higher / lower) [none].",
      polarity_choices, 0 },
    { "comparison", 0, CLI_OPT_CHOICE, &args.comparison, NULL,
      "single: the benchmark against the first interval; two-level: against the 95% and "
      "99.8% intervals (best, better, similar, worse, worst) [single].",
      comparison_choices, 0 },
    { "format", 'f', CLI_OPT_CHOICE, &args.format, NULL, "Output format [csv].", format_choices,
      0 },
    { "input-order", 0, CLI_OPT_CHOICE, &args.order, NULL,
      "auto: stream while rows come grouped, else re-read; grouped: require grouped rows "
      "(bounded memory, pipes); any: hold all rows [auto].",
      order_choices, 0 },
    { "delimiter", 0, CLI_OPT_STRING, &args.delimiter, "CHAR", "Field separator: , ; | or tab [,].",
      NULL, 0 },
    { "na", 0, CLI_OPT_STRING, &args.na, "LIST",
      "Comma-separated texts that mean missing [\"\",NA,NULL,.]; suppressed markers (*, c, "
      "[c], [x]) are missing too.",
      NULL, 0 },
    { "threads", 0, CLI_OPT_SIZE, &args.threads, "N",
      "1: read and compute on one thread; 2: read the input on a second thread (same "
      "output) [2].",
      NULL, 0 },
    { "verbose", 'v', CLI_OPT_FLAG, &args.verbose, NULL, "Report groups and rows on stderr.", NULL,
      0 },
};

static const cli_example examples[] = {
    { "Diabetes prevalence (QOF) by deprivation decile, as a percentage with 95% and 99.8% "
      "Wilson intervals",
      "tandem ci -m proportion -i data/qof_prevalence_imd.csv --numerator register "
      "--denominator list --multiplier 100" },
    { "Age-standardised weekly death rates per 100,000 (ESP2013), England and Wales 2020",
      "tandem ci -m dsr -i data/ew_deaths_2020_by_age.csv --by week_ending --ageband ageband "
      "--numerator deaths --denominator population" },
    { "Crude rates per 100,000 row by row (exact below 10 events), compared with England",
      "tandem ci -m rate -i areas.csv --numerator admissions --denominator population "
      "--benchmark 1520 --polarity low" },
    { "Life expectancy at every age for each area and sex",
      "tandem ci -m le -i deaths.csv --by area,sex --ageband age --numerator deaths "
      "--denominator population --confidence 0.95" },
};

static const cli_command_doc doc = {
    "ci",
    "Indicator values with confidence intervals (PHE Fingertips methods)",
    "Computes public-health indicators with the methods of the PHEindicatormethods R package "
    "(version 2.1.0), which are those of the OHID Fingertips profiles, and gives the same "
    "numbers to 1e-9: proportions with Wilson score intervals; crude rates with exact Poisson "
    "intervals below 10 events and Byar's approximation from 10 (or either alone); means "
    "with Student t intervals; directly standardised rates with Dobson intervals, also for "
    "non-independent events; indirectly standardised ratios (SMR) and rates; life "
    "expectancy from the Chiang II abridged life table with Silcocks intervals.\n\n"
    "Without --by, proportions and rates are computed row by row and every input column is "
    "kept; with --by, the numerators and denominators of each group are summed first. "
    "Means, standardised rates and life expectancy always work per group (the whole input "
    "when --by is absent). Rows may come in any order.\n\n"
    "Standardisation needs one row per age band per group. A DSR matches each band to the "
    "standard population by its label (\"00-04\" is \"0-4\"; \"55-69\" is not \"55-59\"): a "
    "band missing from a group, repeated, or not in the standard population is an error "
    "naming the line. DSRs from fewer than 10 events are not published (value and interval "
    "empty, as PHE does). Life expectancy needs the 20 bands 0, 1-4, 5-9, ..., 85-89, 90+; "
    "groups with a total population of 5,000 or less, a zero population or more deaths "
    "than people in a band get no values, and a value whose 95% interval is wider than 20 "
    "years is left out (its interval is kept, as PHE does).\n\n"
    "Counts must be zero or more; a proportion's numerator cannot exceed its denominator; "
    "the exact Poisson method needs whole counts. Missing values (empty, NA, NULL, .) and "
    "suppressed values (*, c, [c], [x]) give an empty result for that row, as in the R "
    "package.\n\n"
    "With --benchmark or --benchmark-col, each value is compared with the benchmark the "
    "Fingertips way: similar when the benchmark lies inside the interval, otherwise better "
    "or worse by --polarity (higher or lower without one); --comparison two-level uses the "
    "95% and 99.8% intervals (best, better, similar, worse, worst).",
    options,
    sizeof options / sizeof *options,
    examples,
    sizeof examples / sizeof *examples,
    "One row per input row (proportion and rates without --by: every input column first) or "
    "per group (the --by columns first), then: proportion and rates with --by: NUMERATOR, "
    "DENOMINATOR (sums, named after the input columns); mean: value_sum, value_count, stdev; "
    "dsr: total_count, total_pop; isratio: observed, expected; israte: observed, expected, "
    "ref_rate; le: AGEBAND (one row per band). Then value, a lower_L and upper_L pair for "
    "each confidence level L (lower_95, upper_95, lower_998, upper_998 by default), "
    "pops_used and dths_used (le), method (Wilson, Exact, Byars, Student's t-distribution, "
    "Dobson, ...), statistic (e.g. \"rate per 100000\", \"dsr NA for total count < 10\") and, "
    "with a benchmark, comparison (similar, better, worse, best, worst, higher, lower, "
    "much_higher, much_lower, not_compared).",
};

/* ---- per-run state ---- */

typedef struct ci_run {
    ind_common c;       /* levels, writer, output, benchmark */
    tdm_stdpop *stdpop; /* dsr with a standard population table */
    tdm_stdpop *esp21;  /* auto choice between the ESP2013 forms */
    int stdpop_decided; /* auto: decided on the first group */
    size_t col_x, col_n, col_v, col_w, col_f, col_xr, col_nr, col_b; /* numeric columns */
    double *w, *x0, *n0;                                             /* per-row scratch */
    unsigned char *seen;
    size_t cap;
    int mult_given;
    double mult;
    char stat[96];           /* statistic text */
    const char *stat_prefix; /* what run->stat was made from (NULL: nothing) */
} ci_run;

static int grow(ci_run *run, size_t n)
{
    void *p;
    size_t cap = run->cap ? run->cap : 64;
    if (n <= run->cap) {
        return TDM_OK;
    }
    while (cap < n) {
        cap *= 2;
    }
    p = realloc(run->w, cap * sizeof *run->w);
    if (p == NULL) {
        return TDM_ENOMEM;
    }
    run->w = p;
    p = realloc(run->x0, cap * sizeof *run->x0);
    if (p == NULL) {
        return TDM_ENOMEM;
    }
    run->x0 = p;
    p = realloc(run->n0, cap * sizeof *run->n0);
    if (p == NULL) {
        return TDM_ENOMEM;
    }
    run->n0 = p;
    p = realloc(run->seen, cap);
    if (p == NULL) {
        return TDM_ENOMEM;
    }
    run->seen = p;
    run->cap = cap;
    return TDM_OK;
}

static int is_count_method(int m)
{
    return m == M_PROPORTION || m == M_RATE || m == M_BYAR || m == M_EXACT;
}

/* ---- output columns ---- */

static int open_writer(ci_run *run, tdm_csv_reader *csv)
{
    ind_cols cols;
    int rc;
    ind_cols_init(&cols);
    if (is_count_method(args.method) && args.by == NULL) {
        size_t n;
        const tdm_csv_field *h = tdm_csv_reader_header(csv, &n);
        for (size_t i = 0; i < n; i++) {
            rc = ind_cols_addn(&cols, h[i].ptr, h[i].len);
            if (rc != TDM_OK) {
                ind_cols_free(&cols);
                return rc;
            }
        }
    } else {
        ind_cols_add_list(&cols, &run->c.by);
    }
    switch (args.method) {
    case M_MEAN:
        ind_cols_add(&cols, "value_sum");
        ind_cols_add(&cols, "value_count");
        ind_cols_add(&cols, "stdev");
        break;
    case M_DSR:
        ind_cols_add(&cols, "total_count");
        ind_cols_add(&cols, "total_pop");
        break;
    case M_ISRATIO:
    case M_ISRATE:
        ind_cols_add(&cols, "observed");
        ind_cols_add(&cols, "expected");
        if (args.method == M_ISRATE) {
            ind_cols_add(&cols, "ref_rate");
        }
        break;
    case M_LE:
        ind_cols_add(&cols, args.ageband);
        break;
    default:
        if (args.by != NULL) {
            ind_cols_add(&cols, args.numerator);
            ind_cols_add(&cols, args.denominator);
        }
    }
    ind_cols_add(&cols, "value");
    ind_cols_add_levels(&cols, &run->c);
    if (args.method == M_LE) {
        ind_cols_add(&cols, "pops_used");
        ind_cols_add(&cols, "dths_used");
    }
    ind_cols_add(&cols, "method");
    ind_cols_add(&cols, "statistic");
    if (run->c.has_benchmark) {
        ind_cols_add(&cols, "comparison");
    }
    rc = ind_open_writer(&run->c, &cols);
    ind_cols_free(&cols);
    return rc;
}

/* Leading cells: the whole input record (row mode) or the group's key. */
static int write_lead(ci_run *run, const tdm_group *g)
{
    tdm_writer *w = run->c.writer;
    int rc = TDM_OK;
    if (g->record != NULL) {
        for (size_t i = 0; i < g->record->n_fields && rc == TDM_OK; i++) {
            rc = tdm_writer_str(w, g->record->fields[i].ptr, g->record->fields[i].len);
        }
        return rc;
    }
    for (size_t k = 0; k < g->n_keys && rc == TDM_OK; k++) {
        rc = tdm_writer_str(w, g->key[k].ptr, g->key[k].len);
    }
    return rc;
}

/* value, the intervals, method, statistic, comparison; then end the row. */
static int write_tail(ci_run *run, const tdm_group *g, double value, const tdm_interval *ci,
                      int method, const char *stat)
{
    tdm_writer *w = run->c.writer;
    int rc = tdm_writer_num(w, value);
    for (size_t l = 0; l < run->c.n_levels && rc == TDM_OK; l++) {
        rc = tdm_writer_num(w, ci[l].lower);
        rc = rc ? rc : tdm_writer_num(w, ci[l].upper);
    }
    rc = rc ? rc : ind_text_cell(w, tdm_ci_method_name(method));
    rc = rc ? rc : ind_text_cell(w, stat);
    if (rc == TDM_OK && run->c.has_benchmark) {
        rc = ind_write_comparison(&run->c, g, run->col_b, ci);
    }
    return rc ? rc : tdm_writer_end_row(w);
}

/* ---- statistic text (the reference's words) ---- */

/* The statistic text depends only on the method and multiplier: made once. */
static const char *stat_text(ci_run *run, const char *prefix)
{
    char m[TDM_NUMBUF];
    if (run->stat_prefix == prefix) {
        return run->stat;
    }
    run->stat_prefix = prefix;
    (void)tdm_format_double(run->mult, m);
    if (args.method == M_PROPORTION && run->mult == 100.0) {
        snprintf(run->stat, sizeof run->stat, "percentage");
    } else {
        snprintf(run->stat, sizeof run->stat, "%s %s", prefix, m);
    }
    return run->stat;
}

/* ---- proportions and rates ---- */

static int count_interval(ci_run *run, double x, double n, double *value, tdm_interval *ci,
                          int *method)
{
    tdm_error *err = &run->c.err;
    int rc = TDM_OK;
    for (size_t l = 0; l < run->c.n_levels && rc == TDM_OK; l++) {
        if (args.method == M_PROPORTION) {
            rc = tdm_ci_wilson(x, n, &run->c.levels[l], &ci[l], err);
            ci[l].lower *= run->mult;
            ci[l].upper *= run->mult;
            *value = x / n * run->mult;
            *method = TDM_CI_METHOD_WILSON; /* the reference's constant column */
        } else {
            int exact = args.method == M_RATE ? -1 : args.method == M_EXACT ? 1 : 0;
            rc = tdm_ci_rate(x, n, run->mult, exact, &run->c.levels[l], value, &ci[l], method, err);
        }
    }
    return rc;
}

static int process_counts(ci_run *run, const tdm_group *g)
{
    tdm_interval ci[IND_MAX_LEVELS] = { { 0.0, 0.0 } };
    const double *x = g->num[run->col_x], *n = g->num[run->col_n];
    double sx, sn, value = (double)NAN;
    int method = TDM_CI_METHOD_NONE, rc;
    tdm_writer *w = run->c.writer;
    /* Every row is checked, so an error names the line that causes it. */
    for (size_t i = 0; i < g->n; i++) {
        rc = args.method == M_PROPORTION ? tdm_ci_proportion_check(x[i], n[i], &run->c.err)
                                         : tdm_ci_count_check(x[i], 0, &run->c.err);
        if (rc == TDM_OK && args.method != M_PROPORTION && !isnan(n[i]) && !(n[i] > 0.0)) {
            rc = ind_fail_value(&run->c, "denominator", n[i], "is not a positive number");
        }
        if (rc != TDM_OK) {
            return ind_error_at(&run->c, g, i, rc);
        }
    }
    sx = tdm_ci_total(x, g->n);
    sn = tdm_ci_total(n, g->n);
    rc = count_interval(run, sx, sn, &value, ci, &method);
    if (rc != TDM_OK) {
        return ind_error_at(&run->c, g, g->n == 1 ? 0 : SIZE_MAX, rc);
    }
    rc = write_lead(run, g);
    if (rc == TDM_OK && g->record == NULL) {
        rc = tdm_writer_num(w, sx);
        rc = rc ? rc : tdm_writer_num(w, sn);
    }
    return rc ? rc
              : write_tail(
                    run, g, value, ci, method,
                    stat_text(run, args.method == M_PROPORTION ? "proportion of" : "rate per"));
}

/* ---- mean ---- */

static int process_mean(ci_run *run, const tdm_group *g)
{
    tdm_interval ci[IND_MAX_LEVELS] = { { 0.0, 0.0 } };
    tdm_ci_mean_stats s;
    tdm_writer *w = run->c.writer;
    int rc = tdm_ci_mean_stats_compute(g->num[run->col_v], g->n, &s);
    for (size_t l = 0; l < run->c.n_levels && rc == TDM_OK; l++) {
        rc = tdm_ci_mean_interval(&s, run->c.levels[l].confidence, &ci[l], &run->c.err);
    }
    if (rc != TDM_OK) {
        return ind_error_at(&run->c, g, SIZE_MAX, rc);
    }
    rc = write_lead(run, g);
    rc = rc ? rc : tdm_writer_num(w, s.sum);
    rc = rc ? rc : tdm_writer_num(w, s.count);
    rc = rc ? rc : tdm_writer_num(w, s.sd);
    return rc ? rc : write_tail(run, g, s.mean, ci, TDM_CI_METHOD_T, "mean");
}

/* ---- directly standardised rates ---- */

/* The ESP2013 form for "esp2013": 21 bands if every label of the first group
 * is one of them, else 19. */
static void decide_stdpop(ci_run *run, const tdm_group *g)
{
    const tdm_csv_field *band = g->text[0];
    size_t b;
    int all21 = g->n > 0;
    if (run->stdpop_decided || run->esp21 == NULL) {
        run->stdpop_decided = 1;
        return;
    }
    for (size_t i = 0; i < g->n && all21; i++) {
        all21 = tdm_stdpop_match(run->esp21, band[i].ptr, band[i].len, &b, NULL) == TDM_OK;
    }
    if (all21) {
        tdm_stdpop_free(run->stdpop);
        run->stdpop = run->esp21;
        run->esp21 = NULL;
    }
    run->stdpop_decided = 1;
}

/* Weights of every row from the standard population, checking that each
 * band appears (once per event frequency for non-independent events). */
static int stdpop_weights(ci_run *run, const tdm_group *g)
{
    const tdm_csv_field *band = g->text[0];
    size_t nb = tdm_stdpop_bands(run->stdpop);
    int rc = grow(run, nb > g->n ? nb : g->n);
    if (rc != TDM_OK) {
        return rc;
    }
    decide_stdpop(run, g);
    nb = tdm_stdpop_bands(run->stdpop);
    memset(run->seen, 0, nb);
    for (size_t i = 0; i < g->n; i++) {
        size_t b;
        rc = tdm_stdpop_match(run->stdpop, band[i].ptr, band[i].len, &b, &run->c.err);
        if (rc != TDM_OK) {
            return ind_error_at(&run->c, g, i, rc);
        }
        if (run->seen[b] && args.eventfreq == NULL) {
            return ind_fail_group(&run->c, g, i, TDM_EDOMAIN,
                                  "age band \"%s\" appears twice in the group",
                                  tdm_stdpop_label(run->stdpop, b));
        }
        run->seen[b] = 1;
        run->w[i] = tdm_stdpop_weight(run->stdpop, b);
    }
    for (size_t b = 0; b < nb; b++) {
        if (!run->seen[b]) {
            return ind_fail_group(&run->c, g, 0, TDM_EDOMAIN,
                                  "the group has no row for age band \"%s\" of the standard "
                                  "population %s",
                                  tdm_stdpop_label(run->stdpop, b), tdm_stdpop_name(run->stdpop));
        }
    }
    return TDM_OK;
}

static int process_dsr(ci_run *run, const tdm_group *g)
{
    tdm_interval ci[IND_MAX_LEVELS] = { { 0.0, 0.0 } };
    tdm_dsr_result r;
    const double *w;
    tdm_writer *wr = run->c.writer;
    int rc;
    if (run->stdpop != NULL) {
        rc = stdpop_weights(run, g);
        if (rc != TDM_OK) {
            return rc;
        }
        w = run->w;
    } else {
        w = g->num[run->col_w];
    }
    if (args.eventfreq != NULL) {
        rc = tdm_dsr_nonindependent(g->text[0], g->num[run->col_f], g->num[run->col_x],
                                    g->num[run->col_n], w, g->n, run->mult, &r, &run->c.err);
    } else {
        rc = tdm_dsr_compute(g->num[run->col_x], g->num[run->col_n], w, g->n, run->mult, &r,
                             &run->c.err);
    }
    if (rc != TDM_OK) {
        return ind_error_at(&run->c, g, SIZE_MAX, rc);
    }
    for (size_t l = 0; l < run->c.n_levels; l++) {
        (void)tdm_dsr_interval(&r, &run->c.levels[l], &ci[l]); /* arguments are valid */
    }
    rc = write_lead(run, g);
    rc = rc ? rc : tdm_writer_num(wr, r.total_count);
    rc = rc ? rc : tdm_writer_num(wr, r.total_pop);
    return rc ? rc
              : write_tail(run, g, r.value, ci, r.method,
                           r.suppressed ? "dsr NA for total count < 10"
                                        : stat_text(run, "dsr per"));
}

/* ---- indirectly standardised ratios and rates ---- */

static int process_isr(ci_run *run, const tdm_group *g)
{
    tdm_interval ci[IND_MAX_LEVELS] = { { 0.0, 0.0 } };
    tdm_isr_result r;
    tdm_writer *w = run->c.writer;
    double value = (double)NAN, scale;
    int method = TDM_CI_METHOD_NONE;
    int rc = tdm_isr_compute(g->num[run->col_x], g->num[run->col_n], g->num[run->col_xr],
                             g->num[run->col_nr], g->n, (double)NAN,
                             args.method == M_ISRATE ? run->mult : 1.0, &r, &run->c.err);
    if (rc != TDM_OK) {
        return ind_error_at(&run->c, g, SIZE_MAX, rc);
    }
    scale = args.method == M_ISRATE ? r.ref_rate : run->mult;
    for (size_t l = 0; l < run->c.n_levels && rc == TDM_OK; l++) {
        rc = tdm_isr_interval(&r, scale, &run->c.levels[l], &value, &ci[l], &method, &run->c.err);
    }
    if (rc != TDM_OK) {
        return ind_error_at(&run->c, g, SIZE_MAX, rc);
    }
    rc = write_lead(run, g);
    rc = rc ? rc : tdm_writer_num(w, r.observed);
    rc = rc ? rc : tdm_writer_num(w, r.expected);
    if (rc == TDM_OK && args.method == M_ISRATE) {
        rc = tdm_writer_num(w, r.ref_rate);
    }
    return rc ? rc
              : write_tail(run, g, value, ci, method,
                           args.method == M_ISRATE
                               ? stat_text(run, "indirectly standardised rate per")
                               : stat_text(run, "indirectly standardised ratio x"));
}

/* ---- life expectancy ---- */

static const char *le_note(int suppressed)
{
    switch (suppressed) {
    case TDM_LE_ZERO_POPULATION:
        return "life expectancy not calculated: a band has population 0";
    case TDM_LE_DEATHS_ABOVE_POP:
        return "life expectancy not calculated: a band has more deaths than population";
    case TDM_LE_SMALL_POPULATION:
        return "life expectancy not calculated: total population 5,000 or less";
    default:
        return NULL;
    }
}

static int le_row(ci_run *run, const tdm_group *g, const tdm_le_row *row, int suppressed)
{
    tdm_interval ci[IND_MAX_LEVELS] = { { 0.0, 0.0 } };
    tdm_writer *w = run->c.writer;
    const tdm_csv_field *label = NULL;
    const char *note = le_note(suppressed);
    int rc;
    for (size_t i = 0; i < g->n && label == NULL; i++) {
        if (run->x0[i] == row->start_age) {
            label = &g->text[0][i];
        }
    }
    if (label == NULL) { /* cannot happen: every output row comes from an input band */
        return TDM_EINVAL;
    }
    for (size_t l = 0; l < run->c.n_levels; l++) {
        (void)tdm_le_interval(row, &run->c.levels[l], &ci[l]); /* arguments are valid */
    }
    if (note == NULL) {
        run->stat_prefix = NULL;
        snprintf(run->stat, sizeof run->stat, "life expectancy at %.*s",
                 (int)(label->len > 40 ? 40 : label->len), label->ptr);
        note = run->stat;
    }
    rc = write_lead(run, g);
    rc = rc ? rc : tdm_writer_str(w, label->ptr, label->len);
    rc = rc ? rc : tdm_writer_num(w, row->value);
    for (size_t l = 0; l < run->c.n_levels && rc == TDM_OK; l++) {
        rc = tdm_writer_num(w, ci[l].lower);
        rc = rc ? rc : tdm_writer_num(w, ci[l].upper);
    }
    rc = rc ? rc : tdm_writer_num(w, row->pops_used);
    rc = rc ? rc : tdm_writer_num(w, row->dths_used);
    rc = rc ? rc : ind_text_cell(w, tdm_ci_method_name(TDM_CI_METHOD_CHIANG));
    rc = rc ? rc : ind_text_cell(w, note);
    if (rc == TDM_OK && run->c.has_benchmark) {
        rc = ind_write_comparison(&run->c, g, run->col_b, ci);
    }
    return rc ? rc : tdm_writer_end_row(w);
}

static int process_le(ci_run *run, const tdm_group *g)
{
    tdm_le_row rows[TDM_LE_BANDS];
    int suppressed = TDM_LE_OK;
    int rc = grow(run, g->n);
    if (rc != TDM_OK) {
        return rc;
    }
    for (size_t i = 0; i < g->n; i++) {
        tdm_ageband b;
        tdm_ageband_parse(g->text[0][i].ptr, g->text[0][i].len, &b);
        if (b.kind == TDM_AGEBAND_TEXT) {
            return ind_fail_group(&run->c, g, i, TDM_EDOMAIN, "age band \"%.*s\" has no start age",
                                  (int)(g->text[0][i].len > 40 ? 40 : g->text[0][i].len),
                                  g->text[0][i].ptr);
        }
        run->x0[i] = b.lower;
    }
    rc = tdm_le_compute(run->x0, g->num[run->col_x], g->num[run->col_n], g->n, rows, &suppressed,
                        &run->c.err);
    if (rc != TDM_OK) {
        return ind_error_at(&run->c, g, SIZE_MAX, rc);
    }
    for (size_t k = 0; k < TDM_LE_BANDS && rc == TDM_OK; k++) {
        rc = le_row(run, g, &rows[k], suppressed);
    }
    return rc;
}

static int process(void *ctx, const tdm_group *g)
{
    ci_run *run = ctx;
    switch (args.method) {
    case M_MEAN:
        return process_mean(run, g);
    case M_DSR:
        return process_dsr(run, g);
    case M_ISRATIO:
    case M_ISRATE:
        return process_isr(run, g);
    case M_LE:
        return process_le(run, g);
    default:
        return process_counts(run, g);
    }
}

static int open_cb(void *ctx)
{
    ci_run *run = ctx;
    return open_writer(run, run->c.csv);
}

/* ---- options ---- */

static int need(const char *value, const char *flag)
{
    if (value == NULL) {
        return cli_usage_error(&doc, "--method %s needs %s", method_choices[args.method], flag);
    }
    return -1;
}

static int check_args(void)
{
    int rc = -1;
    switch (args.method) {
    case M_MEAN:
        rc = need(args.value, "--value COL");
        break;
    case M_DSR:
        rc = need(args.numerator, "--numerator COL");
        rc = rc >= 0 ? rc : need(args.denominator, "--denominator COL");
        if (rc < 0 && args.stdpop_col == NULL) {
            rc = need(args.ageband, "--ageband COL (or --stdpop-col COL)");
        }
        if (rc < 0 && args.eventfreq != NULL) {
            rc = need(args.ageband, "--ageband COL with --eventfreq");
        }
        if (rc < 0 && args.stdpop != NULL && args.stdpop_col != NULL) {
            rc = cli_usage_error(&doc, "give --stdpop or --stdpop-col, not both");
        }
        break;
    case M_ISRATIO:
    case M_ISRATE:
        rc = need(args.numerator, "--numerator COL");
        rc = rc >= 0 ? rc : need(args.denominator, "--denominator COL");
        rc = rc >= 0 ? rc : need(args.ref_numerator, "--ref-numerator COL");
        rc = rc >= 0 ? rc : need(args.ref_denominator, "--ref-denominator COL");
        break;
    case M_LE:
        rc = need(args.numerator, "--numerator COL (deaths)");
        rc = rc >= 0 ? rc : need(args.denominator, "--denominator COL (population)");
        rc = rc >= 0 ? rc : need(args.ageband, "--ageband COL");
        break;
    default:
        rc = need(args.numerator, "--numerator COL");
        rc = rc >= 0 ? rc : need(args.denominator, "--denominator COL");
    }
    if (rc < 0 && !isnan(args.benchmark) && args.benchmark_col != NULL) {
        rc = cli_usage_error(&doc, "give --benchmark or --benchmark-col, not both");
    }
    if (rc < 0 && !isnan(args.multiplier) && !(args.multiplier > 0.0)) {
        rc = cli_usage_error(&doc, "--multiplier must be positive");
    }
    return rc;
}

static double default_multiplier(void)
{
    switch (args.method) {
    case M_PROPORTION:
    case M_ISRATIO:
        return 1.0;
    default:
        return 100000.0;
    }
}

/* The numeric and text columns the group reader parses for this method. */
static void build_spec(ci_run *run, tdm_group_spec *spec, const char **nums, const char **texts)
{
    size_t n = 0;
    run->col_x = run->col_n = run->col_v = run->col_w = run->col_f = SIZE_MAX;
    run->col_xr = run->col_nr = run->col_b = SIZE_MAX;
    if (args.method == M_MEAN) {
        run->col_v = n;
        nums[n++] = args.value;
    } else {
        run->col_x = n;
        nums[n++] = args.numerator;
        run->col_n = n;
        nums[n++] = args.denominator;
    }
    if (args.method == M_DSR && args.stdpop_col != NULL) {
        run->col_w = n;
        nums[n++] = args.stdpop_col;
    }
    if (args.method == M_DSR && args.eventfreq != NULL) {
        run->col_f = n;
        nums[n++] = args.eventfreq;
    }
    if (args.method == M_ISRATIO || args.method == M_ISRATE) {
        run->col_xr = n;
        nums[n++] = args.ref_numerator;
        run->col_nr = n;
        nums[n++] = args.ref_denominator;
    }
    if (args.benchmark_col != NULL) {
        run->col_b = n;
        nums[n++] = args.benchmark_col;
    }
    spec->num_columns = nums;
    spec->n_num = n;
    if ((args.method == M_DSR || args.method == M_LE) && args.ageband != NULL) {
        texts[0] = args.ageband;
        spec->text_columns = texts;
        spec->n_text = 1;
    }
    spec->key_columns = (const char *const *)run->c.by.names;
    spec->n_keys = run->c.by.n;
    spec->each_row = is_count_method(args.method) && args.by == NULL;
    spec->mode = args.order == 1   ? TDM_SERIES_STREAM
                 : args.order == 2 ? TDM_SERIES_HOLD
                                   : TDM_SERIES_AUTO;
}

/* The standard population of a dsr run (none with --stdpop-col). */
static int load_stdpop(ci_run *run)
{
    const char *s = args.stdpop != NULL ? args.stdpop : "esp2013";
    if (args.method != M_DSR || args.stdpop_col != NULL) {
        return EXIT_OK;
    }
    if (strcmp(s, "esp2013") == 0 || strcmp(s, "esp2013-19") == 0 || strcmp(s, "esp2013-21") == 0) {
        int rc = tdm_stdpop_esp2013(&run->stdpop, strcmp(s, "esp2013-21") == 0 ? 21 : 19);
        if (rc == TDM_OK && strcmp(s, "esp2013") == 0) {
            rc = tdm_stdpop_esp2013(&run->esp21, 21);
        }
        run->stdpop_decided = strcmp(s, "esp2013") != 0;
        return rc == TDM_OK ? EXIT_OK : cli_fail("ci", rc, NULL);
    }
    run->stdpop_decided = 1;
    return ind_load_stdpop("ci", s, &run->stdpop);
}

static void set_defaults(void)
{
    memset(&args, 0, sizeof args);
    args.multiplier = NAN;
    args.benchmark = NAN;
}

int cmd_ci(int argc, char **argv)
{
    ci_run run;
    tdm_group_spec spec;
    const char *nums[8], *texts[1];
    int exit_code;

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
    {
        ind_input_args in = { args.by, args.delimiter, args.na, args.format == 1, args.threads };
        exit_code = ind_common_init(&run.c, &doc, &in, args.confidence, !isnan(args.benchmark),
                                    args.benchmark, args.benchmark_col != NULL, args.polarity,
                                    args.comparison == 1);
    }
    if (exit_code >= 0) {
        goto done;
    }
    run.mult = isnan(args.multiplier) ? default_multiplier() : args.multiplier;
    exit_code = load_stdpop(&run);
    if (exit_code != EXIT_OK) {
        goto done;
    }
    tdm_group_spec_init(&spec);
    build_spec(&run, &spec, nums, texts);
    exit_code = ind_run(&run.c, "ci", args.input, args.output, &spec, open_cb, process, &run);
    if (exit_code == EXIT_OK && args.verbose) {
        ind_report(&run.c, "ci");
    }
done:
    ind_common_free(&run.c);
    tdm_stdpop_free(run.stdpop);
    tdm_stdpop_free(run.esp21);
    free(run.w);
    free(run.x0);
    free(run.n0);
    free(run.seen);
    return exit_code;
}
