/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cmd_inequality.c - `tandem inequality`: slope and relative index of
 * inequality (SII, RII) with simulated intervals and the CORE20 gap for
 * every area of a CSV with one row per area and deprivation quantile.
 * Options -> tdm_inequality_run -> table writer.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "list.h"
#include "opt.h"
#include "out.h"

enum { SUM_AREAS, SUM_QUANTILES };

typedef struct ineq_args {
    const char *input, *output, *by, *quantile_col, *population, *value, *se, *lower, *upper;
    const char *numerator, *score, *score_within;
    size_t quantiles, reps, seed;
    int value_type, transform, intercept, summary, format, verbose, score_order;
    double multiplier, confidence;
} ineq_args;

static ineq_args args;

static const char *const value_type_choices[] = { "0", "1", "2", NULL };
static const char *const summary_choices[] = { "areas", "quantiles", NULL };
static const char *const format_choices[] = { "csv", "json", NULL };
static const char *const score_order_choices[] = { "high-first", "low-first", NULL };

static const cli_option options[] = {
    { "input", 'i', CLI_OPT_STRING, &args.input, "FILE",
      "CSV with one row per area and quantile, header row [stdin].", NULL, 0 },
    { "output", 'o', CLI_OPT_STRING, &args.output, "FILE",
      "Write here (replaced only when the run succeeds) [stdout].", NULL, 0 },
    { "by", 0, CLI_OPT_STRING, &args.by, "COL,...", "Columns naming an area [one area].", NULL, 0 },
    { "quantile-col", 0, CLI_OPT_STRING, &args.quantile_col, "COL",
      "Deprivation quantile: 1 (most deprived) to Q, e.g. IMD decile (or give --score).", NULL, 0 },
    { "quantiles", 0, CLI_OPT_SIZE, &args.quantiles, "Q",
      "Number of quantiles, 5 to 100 [the largest in the input; required with --score].", NULL, 0 },
    { "score", 0, CLI_OPT_STRING, &args.score, "COL",
      "Instead of --quantile-col: rows are small areas, and their quantile is assigned from "
      "this deprivation score the PHE way (phe_quantile); needs --numerator and --quantiles.",
      NULL, 0 },
    { "score-order", 0, CLI_OPT_CHOICE, &args.score_order, NULL,
      "Which end of the score is quantile 1 (most deprived): the highest (IMD scores) or the "
      "lowest (ranks) [high-first].",
      score_order_choices, 0 },
    { "score-within", 0, CLI_OPT_STRING, &args.score_within, "COL,...",
      "Assign quantiles within groups of these columns (local quantiles) [all rows: national].",
      NULL, 0 },
    { "population", 0, CLI_OPT_STRING, &args.population, "COL",
      "Population (denominator) of each area and quantile.", NULL, 1 },
    { "value", 0, CLI_OPT_STRING, &args.value, "COL",
      "Indicator value of each area and quantile (with --se or --lower-col/--upper-col).", NULL,
      0 },
    { "se", 0, CLI_OPT_STRING, &args.se, "COL",
      "Standard error of the value (on the log scale for rates, logit for proportions).", NULL, 0 },
    { "lower-col", 0, CLI_OPT_STRING, &args.lower, "COL",
      "Lower 95% confidence limit of the value.", NULL, 0 },
    { "upper-col", 0, CLI_OPT_STRING, &args.upper, "COL",
      "Upper 95% confidence limit of the value.", NULL, 0 },
    { "numerator", 0, CLI_OPT_STRING, &args.numerator, "COL",
      "Instead of --value: counts, summed with the population over the rows of an area and "
      "quantile, giving proportions (--value-type 2) or rates (1) and their intervals; with "
      "--se or limits, one row each and value = numerator / population.",
      NULL, 0 },
    { "value-type", 0, CLI_OPT_CHOICE, &args.value_type, NULL,
      "0 any value, 1 rate (log scale), 2 proportion (logit scale) [0].", value_type_choices, 0 },
    { "multiplier", 0, CLI_OPT_DOUBLE, &args.multiplier, "M",
      "Scale of the SII, e.g. 100 for percentages; negative flips the polarity and reports "
      "1/RII [1].",
      NULL, 0 },
    { "transform", 0, CLI_OPT_FLAG, &args.transform, NULL,
      "Fit on the log (rates) or logit (proportions) scale; needs confidence limits.", NULL, 0 },
    { "confidence", 0, CLI_OPT_DOUBLE, &args.confidence, "C",
      "Confidence of the SII, RII and CORE20 gap intervals, as 0.95 or 95 [0.95].", NULL, 0 },
    { "reps", 0, CLI_OPT_SIZE, &args.reps, "N",
      "Simulation repetitions for the intervals, at least 1000; 0 for none [100000].", NULL, 0 },
    { "seed", 0, CLI_OPT_SIZE, &args.seed, "S",
      "Random seed, as R's set.seed(S): same seed, same intervals [1].", NULL, 0 },
    { "intercept", 0, CLI_OPT_FLAG, &args.intercept, NULL,
      "Add the fitted value at the most deprived end, rank 0 (column intercept).", NULL, 0 },
    { "summary", 0, CLI_OPT_CHOICE, &args.summary, NULL,
      "One row per area, or per area and quantile with values and intervals [areas].",
      summary_choices, 0 },
    { "format", 'f', CLI_OPT_CHOICE, &args.format, NULL, "Output format [csv].", format_choices,
      0 },
    { "verbose", 'v', CLI_OPT_FLAG, &args.verbose, NULL, "Report areas and quantiles on stderr.",
      NULL, 0 },
};

static const cli_example examples[] = {
    { "SII and RII of life expectancy by decile for every area, from values and SEs",
      "tandem inequality -i le_by_decile.csv --by area_code --quantile-col decile "
      "--population population --value le --se se" },
    { "Hypertension prevalence by IMD decile (bundled QOF data), as percentages",
      "tandem inequality -i data/qof_prevalence_imd_england.csv --by group_code "
      "--quantile-col imd_decile --population list --numerator register --value-type 2 "
      "--multiplier 100" },
    { "A rate with its confidence limits, fitted on the log scale, 10,000 repetitions",
      "tandem inequality -i rates.csv --by area --quantile-col quintile --population pop "
      "--value rate --lower-col lcl --upper-col ucl --value-type 1 --transform --reps 10000" },
};

static const cli_command_doc doc = {
    "inequality",
    "Slope and relative index of inequality (SII, RII) and the CORE20 gap, per area",
    "Measures how an indicator changes across deprivation quantiles (IMD deciles or "
    "quintiles, 1 = most deprived) in each area, as PHEindicatormethods::phe_sii (Low & Low "
    "2004). Each quantile is placed at the midpoint of its cumulative population share "
    "(relative rank 0 to 1) and the values are regressed on it, weighted by population: the "
    "SII is the slope, the absolute gap between the most and least deprived ends of the "
    "fitted line; the RII is the ratio of the fitted values at rank 1 (least deprived) and "
    "rank 0 (most deprived). Intervals "
    "come from simulation: each quantile's value is redrawn from a normal distribution with "
    "its standard error (on the log or logit scale for rates and proportions), repeatedly, "
    "and the SII and RII refitted. The random numbers are R's (Mersenne-Twister, inversion), "
    "so with the same --seed tandem reproduces set.seed(S); phe_sii(...) on the areas in the "
    "same order.\n\n"
    "From counts (--numerator with --population) the quantiles' values are proportions or "
    "rates per head with 95% intervals from tandem ci's kernels: Wilson for proportions, "
    "exact Poisson below 10 events and Byar's above for rates. Rows may then be small areas, "
    "summed per area and quantile; with --score their quantile is first assigned from a "
    "deprivation score (ties share the lower quantile; a group with fewer areas than "
    "quantiles is an error).\n\n"
    "The CORE20 gap is the pooled value of the most deprived fifth (quantiles 1 to Q/5: "
    "deciles 1-2, quintile 1) minus that of the rest; its interval combines the two fifths' "
    "intervals by MOVER with counts, or is normal from the quantiles' standard errors with "
    "values.\n\n"
    "An area that lacks a quantile, or has a missing value (empty, NA, *), gets empty results "
    "and a status saying why; a warning on stderr counts them. Values outside the method's "
    "domain (a population <= 0, a proportion outside 0-1) are errors naming the area.",
    options,
    sizeof options / sizeof *options,
    examples,
    sizeof examples / sizeof *examples,
    "Values, intervals and the SII are per head (proportions 0-1, rates per person) unless "
    "--multiplier scales the SII and CORE20 columns (100: percentage points; 100000: per "
    "100,000). --summary areas: BY, n_quantiles, population, sii, sii_lower, sii_upper, rii, "
    "rii_lower, rii_upper, [intercept,] core20_value, rest_value, core20_gap, "
    "core20_gap_lower, core20_gap_upper, status (ok, incomplete or missing). --summary "
    "quantiles: BY, quantile, population, numerator (with --numerator), value, lower, upper. "
    "Areas are ordered by their BY values (numbers numerically before text).",
};

typedef struct ineq_cmd {
    cli_list by, within;
    tdm_csv_reader *input;
    tdm_inequality_result *result;
    tdm_writer *writer;
    cli_out out;
    tdm_error err;
} ineq_cmd;

static int check_args(void)
{
    if ((args.quantile_col != NULL) == (args.score != NULL)) {
        return cli_usage_error(&doc, "give --quantile-col COL or --score COL (one of them)");
    }
    if (args.score != NULL &&
        (args.numerator == NULL || args.quantiles == 0 || args.se != NULL || args.lower != NULL)) {
        return cli_usage_error(&doc, "--score needs --numerator and --quantiles (and computes "
                                     "the intervals: no --se or limits)");
    }
    if (args.score == NULL && args.score_within != NULL) {
        return cli_usage_error(&doc, "--score-within needs --score");
    }
    if ((args.value != NULL) == (args.numerator != NULL)) {
        return cli_usage_error(&doc, "give --value COL or --numerator COL (one of them)");
    }
    if (args.value != NULL && (args.se != NULL) == (args.lower != NULL || args.upper != NULL)) {
        return cli_usage_error(&doc, "with --value give --se COL or --lower-col and --upper-col");
    }
    if ((args.lower != NULL) != (args.upper != NULL)) {
        return cli_usage_error(&doc, "give both --lower-col and --upper-col");
    }
    if (args.numerator != NULL && (args.se != NULL || args.lower != NULL) && args.value_type != 2) {
        return cli_usage_error(&doc, "--numerator with --se or limits needs --value-type 2 (the "
                                     "value is then numerator / population)");
    }
    if (args.numerator != NULL && args.value_type == 0) {
        return cli_usage_error(&doc, "--numerator needs --value-type 1 (rate) or 2 (proportion)");
    }
    if (args.transform && (args.value_type == 0 || args.se != NULL)) {
        return cli_usage_error(&doc, "--transform needs --value-type 1 or 2 and confidence limits");
    }
    if (args.confidence > 1.0) {
        args.confidence /= 100.0; /* given as a percentage, as phe_sii allows */
    }
    if (!(args.confidence > 0.0 && args.confidence < 1.0)) {
        return cli_usage_error(&doc, "--confidence must be between 0 and 1 (or 0 and 100)");
    }
    if (args.reps > 0 && args.reps < 1000) {
        return cli_usage_error(&doc, "--reps must be at least 1000 (or 0 for no intervals)");
    }
    if (args.seed > UINT32_MAX) {
        return cli_usage_error(&doc, "--seed must be below 4294967296");
    }
    if (args.multiplier == 0.0) {
        return cli_usage_error(&doc, "--multiplier must not be 0");
    }
    if (args.quantiles != 0 && (args.quantiles < 5 || args.quantiles > 100)) {
        return cli_usage_error(&doc, "--quantiles must be from 5 to 100");
    }
    return -1;
}

static int open_writer(ineq_cmd *c)
{
    static const char *const area_cols[] = {
        "n_quantiles", "population", "sii",       "sii_lower",
        "sii_upper",   "rii",        "rii_lower", "rii_upper"
    };
    static const char *const core_cols[] = { "core20_value",     "rest_value",       "core20_gap",
                                             "core20_gap_lower", "core20_gap_upper", "status" };
    const char **cols = calloc(c->by.n + 20, sizeof *cols);
    size_t n = 0;
    int rc;
    if (cols == NULL) {
        return TDM_ENOMEM;
    }
    for (size_t j = 0; j < c->by.n; j++) {
        cols[n++] = c->by.items[j];
    }
    if (args.summary == SUM_QUANTILES) {
        cols[n++] = "quantile";
        cols[n++] = "population";
        if (args.numerator != NULL) {
            cols[n++] = "numerator";
        }
        cols[n++] = "value";
        cols[n++] = "lower";
        cols[n++] = "upper";
    } else {
        for (size_t k = 0; k < sizeof area_cols / sizeof *area_cols; k++) {
            cols[n++] = area_cols[k];
        }
        if (args.intercept) {
            cols[n++] = "intercept";
        }
        for (size_t k = 0; k < sizeof core_cols / sizeof *core_cols; k++) {
            cols[n++] = core_cols[k];
        }
    }
    rc = tdm_writer_open(&c->writer, cli_out_write, &c->out,
                         args.format == 1 ? TDM_FORMAT_JSON : TDM_FORMAT_CSV, cols, n);
    free(cols);
    return rc;
}

static const char *status_name(int status)
{
    return status == TDM_INEQ_OK ? "ok" : status == TDM_INEQ_INCOMPLETE ? "incomplete" : "missing";
}

/* The writer's errors are sticky: one check per row (at end_row) is enough. */
static int write_area(ineq_cmd *c, const tdm_inequality_area *a)
{
    tdm_writer *w = c->writer;
    const char *st = status_name(a->status);
    for (size_t j = 0; j < c->by.n; j++) {
        (void)tdm_writer_str(w, a->by[j], a->by_len[j]);
    }
    (void)tdm_writer_int(w, (int64_t)a->n_present);
    (void)tdm_writer_num(w, a->population);
    (void)tdm_writer_num(w, a->sii.sii);
    (void)tdm_writer_num(w, a->sii.sii_lower);
    (void)tdm_writer_num(w, a->sii.sii_upper);
    (void)tdm_writer_num(w, a->sii.rii);
    (void)tdm_writer_num(w, a->sii.rii_lower);
    (void)tdm_writer_num(w, a->sii.rii_upper);
    if (args.intercept) {
        (void)tdm_writer_num(w, a->sii.intercept);
    }
    (void)tdm_writer_num(w, a->core20_value);
    (void)tdm_writer_num(w, a->rest_value);
    (void)tdm_writer_num(w, a->core20_gap);
    (void)tdm_writer_num(w, a->core20_gap_lower);
    (void)tdm_writer_num(w, a->core20_gap_upper);
    (void)tdm_writer_str(w, st, strlen(st));
    return tdm_writer_end_row(w);
}

static int write_quantiles(ineq_cmd *c, const tdm_inequality_area *a, size_t nq)
{
    tdm_writer *w = c->writer;
    int rc = TDM_OK;
    for (size_t q = 0; q < nq && rc == TDM_OK; q++) {
        for (size_t j = 0; j < c->by.n; j++) {
            (void)tdm_writer_str(w, a->by[j], a->by_len[j]);
        }
        (void)tdm_writer_int(w, (int64_t)q + 1);
        (void)tdm_writer_num(w, a->q_population[q]);
        if (args.numerator != NULL) {
            (void)tdm_writer_num(w, a->q_numerator[q]);
        }
        (void)tdm_writer_num(w, a->q_value[q]);
        (void)tdm_writer_num(w, a->q_lower[q]);
        (void)tdm_writer_num(w, a->q_upper[q]);
        rc = tdm_writer_end_row(w);
    }
    return rc;
}

static int write_all(ineq_cmd *c)
{
    size_t n = tdm_inequality_result_count(c->result);
    size_t nq = tdm_inequality_result_quantiles(c->result);
    int rc = open_writer(c);
    for (size_t i = 0; i < n && rc == TDM_OK; i++) {
        tdm_inequality_area a;
        tdm_inequality_result_area(c->result, i, &a);
        rc = args.summary == SUM_QUANTILES ? write_quantiles(c, &a, nq) : write_area(c, &a);
    }
    return rc ? rc : tdm_writer_finish(c->writer);
}

static void report(const ineq_cmd *c)
{
    size_t n = tdm_inequality_result_count(c->result);
    size_t incomplete = 0, missing = 0;
    for (size_t i = 0; i < n; i++) {
        tdm_inequality_area a;
        tdm_inequality_result_area(c->result, i, &a);
        incomplete += a.status == TDM_INEQ_INCOMPLETE;
        missing += a.status == TDM_INEQ_MISSING;
    }
    if (incomplete + missing > 0) {
        fprintf(stderr,
                "tandem inequality: %zu of %zu areas have no SII: %zu lack a quantile, %zu have "
                "a missing value (see the status column)\n",
                incomplete + missing, n, incomplete, missing);
    }
    if (args.verbose) {
        fprintf(stderr, "tandem inequality: %zu areas, %zu quantiles, %zu repetitions, seed %zu\n",
                n, tdm_inequality_result_quantiles(c->result), args.reps, args.seed);
    }
}

static void set_defaults(void)
{
    memset(&args, 0, sizeof args);
    args.multiplier = 1.0;
    args.confidence = 0.95;
    args.reps = 100000;
    args.seed = 1;
}

static int compute(ineq_cmd *c)
{
    tdm_inequality_spec spec;
    int rc = tdm_csv_reader_open_path(&c->input, args.input, NULL, &c->err);
    if (rc != TDM_OK) {
        return rc;
    }
    tdm_inequality_spec_init(&spec);
    spec.by_columns = c->by.items;
    spec.n_by = c->by.n;
    spec.quantile_column = args.quantile_col;
    spec.n_quantiles = args.quantiles;
    spec.population_column = args.population;
    spec.value_column = args.value;
    spec.se_column = args.se;
    spec.lower_column = args.lower;
    spec.upper_column = args.upper;
    spec.numerator_column = args.numerator;
    spec.sii.value_type = args.value_type;
    spec.sii.transform = args.transform;
    spec.sii.multiplier = args.multiplier;
    spec.sii.confidence = args.confidence;
    spec.sii.reps = args.reps;
    spec.seed = (uint32_t)args.seed;
    spec.score_column = args.score;
    spec.score_low_first = args.score_order == 1;
    spec.score_within = c->within.items;
    spec.n_score_within = c->within.n;
    return tdm_inequality_run(&c->result, c->input, &spec, &c->err);
}

int cmd_inequality(int argc, char **argv)
{
    ineq_cmd c;
    int exit_code;
    int rc;
    set_defaults();
    memset(&c, 0, sizeof c);
    c.out.fd = -1;
    exit_code = cli_parse(&doc, argc, argv);
    if (exit_code < 0) {
        exit_code = check_args();
    }
    if (exit_code < 0) {
        rc = cli_list_split(args.by, &c.by);
        rc = rc ? rc : cli_list_split(args.score_within, &c.within);
        if (rc == -2) {
            exit_code = cli_usage_error(&doc, "--by and --score-within take names separated by "
                                              "commas, none empty");
        } else if (rc != 0) {
            exit_code = cli_fail("inequality", TDM_ENOMEM, NULL);
        }
    }
    if (exit_code >= 0) {
        goto done;
    }
    rc = compute(&c);
    if (rc != TDM_OK) {
        exit_code = cli_fail("inequality", rc, &c.err);
        goto done;
    }
    if (cli_out_open(&c.out, "inequality", args.output) != 0) {
        exit_code = EXIT_IO;
        goto done;
    }
    rc = write_all(&c);
    if (rc != TDM_OK) {
        exit_code = rc == TDM_EIO && c.out.failed_errno != 0 ? cli_out_commit(&c.out, "inequality")
                                                             : cli_fail("inequality", rc, &c.err);
        goto done;
    }
    exit_code = cli_out_commit(&c.out, "inequality");
    if (exit_code == 0) {
        report(&c);
    }
done:
    cli_out_abort(&c.out);
    tdm_writer_free(c.writer);
    tdm_inequality_result_free(c.result);
    tdm_csv_reader_free(c.input);
    cli_list_free(&c.by);
    cli_list_free(&c.within);
    return exit_code;
}
