/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cmd_funnel.c - `tandem funnel`: funnel-plot significance of every area
 * against the pooled average, and the 100-point limits table for drawing the
 * funnel (PHEindicatormethods 2.1.0 methods), optionally adjusted for
 * overdispersion (Spiegelhalter 2005, as the NHS-R FunnelPlotR package).
 * Options -> group reader -> tdm_funnel_* -> two table writers.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "indicator_io.h"
#include "opt.h"
#include "out.h"

typedef struct funnel_args {
    const char *input, *output, *id, *numerator, *denominator, *rate, *by, *limits;
    const char *delimiter, *na;
    int statistic, rate_type, ratio_type, overdispersion, format, order, verbose;
    double multiplier, years, winsor;
    size_t threads;
} funnel_args;

static funnel_args args;

static const char *const statistic_choices[] = { "proportion", "ratio", "rate", NULL };
static const char *const rate_type_choices[] = { "crude", "dsr", NULL };
static const char *const ratio_type_choices[] = { "isr", "count", NULL };
static const char *const od_choices[] = { "none", "phi", "tau2", NULL };
static const char *const format_choices[] = { "csv", "json", NULL };
static const char *const order_choices[] = { "auto", "grouped", "any", NULL };

static const cli_option options[] = {
    { "statistic", 's', CLI_OPT_CHOICE, &args.statistic, NULL,
      "What is plotted: proportion (numerator / denominator), ratio (observed / expected "
      "events, e.g. SMR), rate (crude or directly standardised).",
      statistic_choices, 1 },
    { "input", 'i', CLI_OPT_STRING, &args.input, "FILE", "CSV input with a header row [stdin].",
      NULL, 0 },
    { "output", 'o', CLI_OPT_STRING, &args.output, "FILE",
      "Write the areas here (replaced only when the run succeeds) [stdout].", NULL, 0 },
    { "id", 0, CLI_OPT_STRING, &args.id, "COL", "Column naming each area.", NULL, 1 },
    { "numerator", 0, CLI_OPT_STRING, &args.numerator, "COL",
      "Column with the cases or observed events.", NULL, 1 },
    { "denominator", 0, CLI_OPT_STRING, &args.denominator, "COL",
      "Column with the population (proportion, crude rate) or expected events (ratio); for "
      "rates given with --rate only needed by areas with 0 events.",
      NULL, 0 },
    { "rate", 0, CLI_OPT_STRING, &args.rate, "COL",
      "Column with each area's rate per --multiplier (required for --rate-type dsr).", NULL, 0 },
    { "multiplier", 0, CLI_OPT_DOUBLE, &args.multiplier, "M",
      "Scale of values and limits: 100 for percentages, 100000 for rates per 100,000 "
      "[proportion 100, rate 100000].",
      NULL, 0 },
    { "rate-type", 0, CLI_OPT_CHOICE, &args.rate_type, NULL,
      "crude, or dsr (areas below 10 events are not assessed) [crude].", rate_type_choices, 0 },
    { "ratio-type", 0, CLI_OPT_CHOICE, &args.ratio_type, NULL,
      "Scale of ratios: isr (100 x O/E) or count (O/E - 1) [isr].", ratio_type_choices, 0 },
    { "years", 0, CLI_OPT_DOUBLE, &args.years, "N",
      "Years of data behind each rate, for the yearly populations of the limits table [1].", NULL,
      0 },
    { "limits", 0, CLI_OPT_STRING, &args.limits, "FILE",
      "Also write the 100-point table of funnel limits for drawing, per group.", NULL, 0 },
    { "overdispersion", 0, CLI_OPT_CHOICE, &args.overdispersion, NULL,
      "none: binomial / Poisson limits (PHE); phi: widen by sqrt(phi) when phi > 1; tau2: "
      "add a between-area variance tau^2 (random effects), from z-scores winsorised at "
      "--winsor [none].",
      od_choices, 0 },
    { "winsor", 0, CLI_OPT_DOUBLE, &args.winsor, "F",
      "Fraction of z-scores winsorised at each end before estimating overdispersion [0.1].", NULL,
      0 },
    { "by", 0, CLI_OPT_STRING, &args.by, "COL,...",
      "Columns naming separate funnels (e.g. indicator, period) [one funnel].", NULL, 0 },
    { "format", 'f', CLI_OPT_CHOICE, &args.format, NULL, "Output format (both tables) [csv].",
      format_choices, 0 },
    { "input-order", 0, CLI_OPT_CHOICE, &args.order, NULL,
      "auto: stream while rows come grouped by --by, else re-read; grouped: require grouped "
      "rows; any: hold all rows [auto].",
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
    { "verbose", 'v', CLI_OPT_FLAG, &args.verbose, NULL,
      "Report funnels, rows and overdispersion on stderr.", NULL, 0 },
};

static const cli_example examples[] = {
    { "Share of type 1 A&E attendances over 4 hours by trust, one funnel per month, with the "
      "funnel lines for drawing",
      "tandem funnel -s proportion -i data/ae_type1_4h.csv --by period --id org_code "
      "--numerator breaches --denominator attendances --limits limits.csv" },
    { "The same allowing for overdispersion (random effects)",
      "tandem funnel -s proportion -i data/ae_type1_4h.csv --by period --id org_code "
      "--numerator breaches --denominator attendances --overdispersion tau2" },
    { "SMRs (observed and expected deaths) for every indicator at once",
      "tandem funnel -s ratio -i smr.csv --by indicator --id trust --numerator observed "
      "--denominator expected" },
    { "Directly standardised rates per 100,000 over 3 years of data",
      "tandem funnel -s rate --rate-type dsr -i dsr.csv --id area --numerator events --rate "
      "dsr --denominator population --years 3 --limits limits.csv" },
};

static const cli_command_doc doc = {
    "funnel",
    "Funnel plots: significance and control limits, overdispersion",
    "Compares every area with the pooled average of all areas (per --by group) the way the "
    "PHEindicatormethods R package (version 2.1.0) and the OHID Fingertips profiles do, and "
    "gives the same labels and limits: proportions against 95% and 99.8% limits around the "
    "pooled proportion; ratios (observed / expected) and rates by the area's exact Poisson "
    "interval below 10 events and Byar's from 10, against 1 or the weighted average rate. "
    "Directly standardised rates need the rate and the events of each area (the population "
    "is derived from them); areas below 10 events are not assessed.\n\n"
    "--limits writes the funnel for drawing: 100 points from the smallest to the largest "
    "denominator, with the 95% (\"2s\") and 99.8% (\"3s\") limits. Poisson limits of ratios "
    "and rates come from the exact PHE bisection, as in the reference. Proportion limits are "
    "kept within [0, multiplier] (the R package caps them at 100 whatever the multiplier).\n\n"
    "With --overdispersion, the areas' z-scores (proportions: (p - P0) / sqrt(P0(1-P0)/n); "
    "ratios and rates on the square-root scale, 2(sqrt(O) - sqrt(E))) are winsorised at 10% "
    "each end and give phi, the dispersion ratio, and tau^2, the between-area variance "
    "(Spiegelhalter 2005; NHS-R FunnelPlotR). phi widens the limits by sqrt(phi) when phi > "
    "1; tau2 adds tau^2 to every area's variance when it is positive. Both are reported. "
    "When the chosen adjustment does not apply, labels are the unadjusted PHE ones; with "
    "--overdispersion, ratio and rate limit tables are drawn against expected events / "
    "yearly population.\n\n"
    "Counts must be zero or more and whole below 10; a proportion's numerator cannot "
    "exceed its denominator; an area with 0 events needs its denominator. Areas with a "
    "missing value are listed without a label and take no part in the average.",
    options,
    sizeof options / sizeof *options,
    examples,
    sizeof examples / sizeof *examples,
    "Areas: the --by columns, ID, NUMERATOR, DENOMINATOR and RATE (those given, named after "
    "the input columns), for rates denominator_derived (the yearly population the area is "
    "plotted against), value (on the scale of the limits; empty for a DSR below 10 events), "
    "baseline, significance "
    "(high_0.001, high_0.025, not_significant, low_0.025, low_0.001, not_applicable) and, "
    "with --overdispersion, z (the area's z-score, adjusted when the adjustment applies), "
    "phi, tau2 and adjusted (TRUE when the limits were widened). --limits table: the --by "
    "columns, then denominator (proportions), events (ratios, rates) or with "
    "--overdispersion expected (ratios) / denominator per year (rates); lower_2s, upper_2s, "
    "lower_3s, upper_3s; for ratios and rates without overdispersion the expected events "
    "(lower_2s_expected, ...) or yearly denominators (lower_2s_denominator, ...) at which "
    "that many events sit on each limit; baseline.",
};

typedef struct funnel_run {
    ind_common c;
    tdm_funnel_options opt;
    size_t col_x, col_d, col_r;
    uint64_t n_adjusted;
} funnel_run;

/* ---- columns ---- */

static const char *x_name(void)
{
    if (args.statistic == TDM_FUNNEL_PROPORTION) {
        return "denominator";
    }
    if (args.overdispersion != TDM_FUNNEL_OD_NONE) {
        return args.statistic == TDM_FUNNEL_RATIO ? "expected" : "denominator";
    }
    return "events";
}

static int has_x_columns(void)
{
    return args.statistic != TDM_FUNNEL_PROPORTION && args.overdispersion == TDM_FUNNEL_OD_NONE;
}

static int open_writers(void *ctx)
{
    funnel_run *run = ctx;
    ind_cols a, l;
    int rc;
    ind_cols_init(&a);
    ind_cols_init(&l);
    rc = ind_cols_add_list(&a, &run->c.by);
    rc = rc ? rc : ind_cols_add(&a, args.id);
    rc = rc ? rc : ind_cols_add(&a, args.numerator);
    if (rc == TDM_OK && args.denominator != NULL) {
        rc = ind_cols_add(&a, args.denominator);
    }
    if (rc == TDM_OK && args.rate != NULL) {
        rc = ind_cols_add(&a, args.rate);
    }
    {
        static const char *const rest[] = { "value", "baseline", "significance" };
        static const char *const od[] = { "z", "phi", "tau2", "adjusted" };
        if (rc == TDM_OK && args.statistic == TDM_FUNNEL_RATE) {
            rc = ind_cols_add(&a, "denominator_derived");
        }
        for (size_t i = 0; i < 3 && rc == TDM_OK; i++) {
            rc = ind_cols_add(&a, rest[i]);
        }
        for (size_t i = 0; i < 4 && rc == TDM_OK && args.overdispersion; i++) {
            rc = ind_cols_add(&a, od[i]);
        }
    }
    rc = rc ? rc : ind_open_writer_to(&run->c, &a, 0);
    if (rc == TDM_OK && args.limits != NULL) {
        static const char *const lim[] = { "lower_2s", "upper_2s", "lower_3s", "upper_3s" };
        const char *sfx = args.statistic == TDM_FUNNEL_RATIO ? "expected" : "denominator";
        rc = ind_cols_add_list(&l, &run->c.by);
        rc = rc ? rc : ind_cols_add(&l, x_name());
        for (size_t i = 0; i < 4 && rc == TDM_OK; i++) {
            rc = ind_cols_add(&l, lim[i]);
        }
        for (size_t i = 0; i < 4 && rc == TDM_OK && has_x_columns(); i++) {
            char name[48];
            snprintf(name, sizeof name, "%s_%s", lim[i], sfx);
            rc = ind_cols_add(&l, name);
        }
        rc = rc ? rc : ind_cols_add(&l, "baseline");
        rc = rc ? rc : ind_open_writer_to(&run->c, &l, 1);
    }
    ind_cols_free(&a);
    ind_cols_free(&l);
    return rc;
}

static int write_key(tdm_writer *w, const tdm_group *g)
{
    int rc = TDM_OK;
    for (size_t k = 0; k < g->n_keys && rc == TDM_OK; k++) {
        rc = tdm_writer_str(w, g->key[k].ptr, g->key[k].len);
    }
    return rc;
}

static double col(const tdm_group *g, size_t c, size_t i)
{
    return c == SIZE_MAX ? (double)NAN : g->num[c][i];
}

static int write_area(funnel_run *run, const tdm_group *g, const tdm_funnel_fit *fit, size_t i)
{
    tdm_writer *w = run->c.writer;
    double x = col(g, run->col_x, i), d = col(g, run->col_d, i), r = col(g, run->col_r, i);
    double z;
    int sig = tdm_funnel_significance(fit, x, d, r, &z);
    int rc = write_key(w, g);
    rc = rc ? rc : tdm_writer_str(w, g->text[0][i].ptr, g->text[0][i].len);
    rc = rc ? rc : tdm_writer_num(w, x);
    if (rc == TDM_OK && run->col_d != SIZE_MAX) {
        rc = tdm_writer_num(w, d);
    }
    if (rc == TDM_OK && run->col_r != SIZE_MAX) {
        rc = tdm_writer_num(w, r);
    }
    if (rc == TDM_OK && args.statistic == TDM_FUNNEL_RATE) {
        rc = tdm_writer_num(w, tdm_funnel_denominator(fit, x, d, r));
    }
    rc = rc ? rc : tdm_writer_num(w, tdm_funnel_value(fit, x, d, r));
    rc = rc ? rc
            : tdm_writer_num(w, args.statistic == TDM_FUNNEL_RATIO
                                    ? (args.ratio_type == TDM_FUNNEL_RATIO_COUNT ? 0.0 : 100.0)
                                    : fit->baseline * fit->opt.multiplier);
    rc = rc ? rc : ind_text_cell(w, tdm_funnel_sig_name(sig));
    if (rc == TDM_OK && args.overdispersion != TDM_FUNNEL_OD_NONE) {
        rc = tdm_writer_num(w, z);
        rc = rc ? rc : tdm_writer_num(w, fit->phi);
        rc = rc ? rc : tdm_writer_num(w, fit->tau2);
        rc = rc ? rc : tdm_writer_bool(w, fit->od_applied != TDM_FUNNEL_OD_NONE);
    }
    return rc ? rc : tdm_writer_end_row(w);
}

static int write_limits(funnel_run *run, const tdm_group *g, const tdm_funnel_fit *fit)
{
    tdm_funnel_limit rows[TDM_FUNNEL_POINTS];
    tdm_writer *w = run->c.writer2;
    size_t n = 0;
    int rc = tdm_funnel_limits(fit, rows, &n);
    for (size_t j = 0; j < n && rc == TDM_OK; j++) {
        const tdm_funnel_limit *r = &rows[j];
        rc = write_key(w, g);
        rc = rc ? rc : tdm_writer_num(w, r->x);
        rc = rc ? rc : tdm_writer_num(w, r->lower_2s);
        rc = rc ? rc : tdm_writer_num(w, r->upper_2s);
        rc = rc ? rc : tdm_writer_num(w, r->lower_3s);
        rc = rc ? rc : tdm_writer_num(w, r->upper_3s);
        if (rc == TDM_OK && has_x_columns()) {
            rc = tdm_writer_num(w, r->lower_2s_x);
            rc = rc ? rc : tdm_writer_num(w, r->upper_2s_x);
            rc = rc ? rc : tdm_writer_num(w, r->lower_3s_x);
            rc = rc ? rc : tdm_writer_num(w, r->upper_3s_x);
        }
        rc = rc ? rc : tdm_writer_num(w, r->baseline);
        rc = rc ? rc : tdm_writer_end_row(w);
    }
    return rc;
}

static int process(void *ctx, const tdm_group *g)
{
    funnel_run *run = ctx;
    tdm_funnel_fit fit;
    int rc = tdm_funnel_fit_compute(
        g->num[run->col_x], run->col_d == SIZE_MAX ? NULL : g->num[run->col_d],
        run->col_r == SIZE_MAX ? NULL : g->num[run->col_r], g->n, &run->opt, &fit, &run->c.err);
    if (rc != TDM_OK) {
        return ind_error_at(&run->c, g, SIZE_MAX, rc == TDM_EINVAL ? TDM_EDOMAIN : rc);
    }
    if (args.verbose && args.overdispersion != TDM_FUNNEL_OD_NONE) {
        char p[TDM_NUMBUF], t[TDM_NUMBUF];
        (void)tdm_format_double(fit.phi, p);
        (void)tdm_format_double(fit.tau2, t);
        fprintf(stderr, "tandem funnel: funnel %llu: %zu areas, phi %s, tau2 %s, %s\n",
                (unsigned long long)run->c.n_groups, fit.n_od, p[0] ? p : "NA", t[0] ? t : "NA",
                fit.od_applied ? "adjusted" : "not adjusted");
    }
    run->n_adjusted += fit.od_applied != TDM_FUNNEL_OD_NONE;
    for (size_t i = 0; i < g->n && rc == TDM_OK; i++) {
        rc = write_area(run, g, &fit, i);
    }
    if (rc == TDM_OK && args.limits != NULL) {
        rc = write_limits(run, g, &fit);
    }
    return rc;
}

static int check_args(void)
{
    if (args.denominator == NULL && !(args.statistic == TDM_FUNNEL_RATE && args.rate != NULL)) {
        return cli_usage_error(&doc, "--denominator COL is required (for rates it may be "
                                     "replaced by --rate COL)");
    }
    if (args.statistic == TDM_FUNNEL_RATE && args.rate_type == TDM_FUNNEL_RATE_DSR &&
        args.rate == NULL) {
        return cli_usage_error(&doc, "--rate-type dsr needs --rate COL (each area's DSR)");
    }
    if (args.statistic != TDM_FUNNEL_RATE && args.rate != NULL) {
        return cli_usage_error(&doc, "--rate is only for --statistic rate");
    }
    if (!isnan(args.multiplier) && !(args.multiplier > 0.0)) {
        return cli_usage_error(&doc, "--multiplier must be positive");
    }
    if (!(args.years > 0.0)) {
        return cli_usage_error(&doc, "--years must be positive");
    }
    if (!(args.winsor >= 0.0 && args.winsor < 0.5)) {
        return cli_usage_error(&doc, "--winsor must be at least 0 and below 0.5");
    }
    return -1;
}

static void set_defaults(void)
{
    memset(&args, 0, sizeof args);
    args.multiplier = NAN;
    args.years = 1.0;
    args.winsor = 0.1;
}

int cmd_funnel(int argc, char **argv)
{
    funnel_run run;
    tdm_group_spec spec;
    const char *nums[3], *texts[1];
    size_t n = 0;
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
        exit_code = ind_common_init(&run.c, &doc, &in, NULL, 0, (double)NAN, 0, 0, 0);
    }
    if (exit_code >= 0) {
        goto done;
    }
    run.c.path2 = args.limits;
    tdm_funnel_options_init(&run.opt);
    run.opt.statistic = args.statistic;
    run.opt.rate_type = args.rate_type;
    run.opt.ratio_type = args.ratio_type;
    run.opt.multiplier = isnan(args.multiplier) ? 0.0 : args.multiplier;
    run.opt.years = args.years;
    run.opt.overdispersion = args.overdispersion;
    run.opt.winsor = args.winsor;
    run.col_d = run.col_r = SIZE_MAX;
    run.col_x = n;
    nums[n++] = args.numerator;
    if (args.denominator != NULL) {
        run.col_d = n;
        nums[n++] = args.denominator;
    }
    if (args.rate != NULL) {
        run.col_r = n;
        nums[n++] = args.rate;
    }
    texts[0] = args.id;
    tdm_group_spec_init(&spec);
    spec.key_columns = (const char *const *)run.c.by.names;
    spec.n_keys = run.c.by.n;
    spec.num_columns = nums;
    spec.n_num = n;
    spec.text_columns = texts;
    spec.n_text = 1;
    spec.mode = args.order == 1   ? TDM_SERIES_STREAM
                : args.order == 2 ? TDM_SERIES_HOLD
                                  : TDM_SERIES_AUTO;
    exit_code =
        ind_run(&run.c, "funnel", args.input, args.output, &spec, open_writers, process, &run);
    if (exit_code == EXIT_OK && args.verbose) {
        ind_report(&run.c, "funnel");
        if (args.overdispersion != TDM_FUNNEL_OD_NONE) {
            fprintf(stderr,
                    "tandem funnel: overdispersion adjustment applied to %llu of %llu "
                    "funnels\n",
                    (unsigned long long)run.n_adjusted, (unsigned long long)run.c.n_groups);
        }
    }
done:
    ind_common_free(&run.c);
    return exit_code;
}
