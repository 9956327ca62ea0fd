/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cmd_opportunity.c - `tandem opportunity`: each unit's gap to a benchmark
 * in the favourable direction, in natural units (bed days, attendances),
 * summed up a hierarchy given as a lookup, with simulation intervals.
 * Outcome (+ lookup, + context for best5) -> tdm_unit_rates,
 * tdm_opportunity_compute -> table writer.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "context.h"
#include "input.h"
#include "opt.h"
#include "out.h"

typedef struct opp_args {
    const char *input, *output, *delimiter, *na, *id, *num, *den, *benchmark;
    const char *lookup, *lookup_id, *levels;
    const char *context, *context_id, *vars, *weights;
    int improvement, type, method, format, verbose, raw;
    size_t percentile_type, best_n, simulations, seed, k_peers;
    double multiplier, closure, level;
} opp_args;

static opp_args args;

static const char *const improvement_choices[] = { "increase", "decrease", NULL };
static const char *const type_choices[] = { "proportion", "rate", NULL };
static const char *const method_choices[] = { "similar10", "mahalanobis", NULL };
static const char *const format_choices[] = { "csv", "json", NULL };

static const cli_option options[] = {
    { "input", 'i', CLI_OPT_STRING, &args.input, "FILE",
      "CSV of outcomes, one row per unit [stdin].", NULL, 0 },
    { "output", 'o', CLI_OPT_STRING, &args.output, "FILE",
      "Write here (replaced only when the run succeeds) [stdout].", NULL, 0 },
    { "id", 0, CLI_OPT_STRING, &args.id, "COL", "Column with the unit codes.", NULL, 1 },
    { "numerator", 0, CLI_OPT_STRING, &args.num, "COL",
      "Column with the counts (bed days, attendances, ...).", NULL, 1 },
    { "denominator", 0, CLI_OPT_STRING, &args.den, "COL",
      "Column with the denominators (population, patients, ...).", NULL, 1 },
    { "improvement", 0, CLI_OPT_CHOICE, &args.improvement, NULL,
      "Direction of improvement of the indicator (required).", improvement_choices, 0 },
    { "benchmark", 0, CLI_OPT_STRING, &args.benchmark, "B",
      "q75 (favourable quartile), topq_mean (mean of the top quartile), median, mean, "
      "centile:P (P-th percentile as given) or best5 (mean of the best 5 of each unit's peers, "
      "needs --context and --vars) [q75].",
      NULL, 0 },
    { "type", 0, CLI_OPT_CHOICE, &args.type, NULL,
      "proportion (numerator <= denominator, logit scale) or rate (log scale), for the "
      "simulation [proportion].",
      type_choices, 0 },
    { "multiplier", 0, CLI_OPT_DOUBLE, &args.multiplier, "M",
      "Rates per M of the denominator, e.g. 100000 [1].", NULL, 0 },
    { "percentile-type", 0, CLI_OPT_SIZE, &args.percentile_type, "T",
      "Hyndman-Fan percentile definition: 7 (R, Excel PERCENTILE.INC) or 6 [7].", NULL, 0 },
    { "closure", 0, CLI_OPT_DOUBLE, &args.closure, "F",
      "Close this fraction of each gap, in (0, 1] [1].", NULL, 0 },
    { "lookup", 0, CLI_OPT_STRING, &args.lookup, "FILE",
      "CSV mapping each unit to the levels above it, for the roll-up.", NULL, 0 },
    { "lookup-id", 0, CLI_OPT_STRING, &args.lookup_id, "COL",
      "Column with the unit codes in the lookup [the --id name].", NULL, 0 },
    { "levels", 0, CLI_OPT_STRING, &args.levels, "A,B,...",
      "Lookup columns to roll up to, e.g. icb,region.", NULL, 0 },
    { "simulations", 0, CLI_OPT_SIZE, &args.simulations, "S",
      "Draws for the intervals; 0: none [1000].", NULL, 0 },
    { "level", 0, CLI_OPT_DOUBLE, &args.level, "L", "Interval level [0.95].", NULL, 0 },
    { "seed", 0, CLI_OPT_SIZE, &args.seed, "N", "Seed of the simulation [42].", NULL, 0 },
    { "context", 0, CLI_OPT_STRING, &args.context, "FILE",
      "best5: CSV of context variables, one row per unit.", NULL, 0 },
    { "context-id", 0, CLI_OPT_STRING, &args.context_id, "COL",
      "best5: unit codes in the context file [the --id name].", NULL, 0 },
    { "vars", 0, CLI_OPT_STRING, &args.vars, "A,B,...", "best5: context variables.", NULL, 0 },
    { "weights", 0, CLI_OPT_STRING, &args.weights, "W1,W2,...",
      "best5: weight of each context variable [all 1].", NULL, 0 },
    { "method", 0, CLI_OPT_CHOICE, &args.method, NULL, "best5: peer distance [similar10].",
      method_choices, 0 },
    { "k-peers", 0, CLI_OPT_SIZE, &args.k_peers, "N", "best5: peers per unit [10].", NULL, 0 },
    { "best-n", 0, CLI_OPT_SIZE, &args.best_n, "N",
      "best5: how many of the best peers to average [5].", NULL, 0 },
    { "delimiter", 0, CLI_OPT_STRING, &args.delimiter, "CHAR",
      "Field separator of every input file: , ; | or tab [,].", NULL, 0 },
    { "na", 0, CLI_OPT_STRING, &args.na, "LIST",
      "Comma-separated texts that mean missing [\"\",NA,NULL,.]; suppressed markers (*, c, "
      "[c], [x]) are always missing too.",
      NULL, 0 },
    { "format", 'f', CLI_OPT_CHOICE, &args.format, NULL, "Output format [csv].", format_choices,
      0 },
    { "raw", 0, CLI_OPT_FLAG, &args.raw, NULL,
      "Compare the raw rates, as published league tables do, instead of empirical-Bayes shrunk "
      "ones.",
      NULL, 0 },
    { "verbose", 'v', CLI_OPT_FLAG, &args.verbose, NULL,
      "Report units, the benchmark and skipped rows on stderr.", NULL, 0 },
};

static const cli_example examples[] = {
    { "Bed days of patients not meeting the criteria to reside, if every ICB matched the top "
      "quartile (per 100,000 population), by NHS region",
      "tandem opportunity -i data/icb_criteria_to_reside_2024-25.csv --id icb22_code "
      "--numerator bed_days --denominator population --type rate --multiplier 100000 "
      "--improvement decrease --benchmark q75 --lookup data/icb_region_lookup.csv "
      "--levels region" },
    { "OpenPrescribing-style: the saving if every practice were at the 10th centile",
      "tandem opportunity -i measure.csv --id practice --numerator items --denominator "
      "list_size --improvement decrease --benchmark centile:10" },
    { "RightCare-style: the gap to the best 5 of each unit's 10 most similar peers",
      "tandem opportunity -i outcome.csv --id code --numerator x --denominator pop "
      "--improvement decrease --benchmark best5 --context context.csv --vars a,b,c" },
};

static const cli_command_doc doc = {
    "opportunity",
    "Opportunity: the gap to a benchmark in natural units, rolled up",
    "Answers \"what if every unit matched the benchmark?\" in the indicator's own units: bed "
    "days, attendances, patients. Each unit's rate is numerator / denominator x M; its gap is "
    "how far it is from the benchmark in the favourable direction, floored at 0 (units already "
    "better are not asked to get worse); its opportunity is gap x denominator / M.\n\n"
    "Benchmarks: q75, the favourable quartile (the 75th percentile when higher is better, the "
    "25th when lower is better, as \"if every ICS matched the top 25 per cent\"); topq_mean, the "
    "mean of the units in that top quartile; median; "
    "mean (as the Carter review's \"average performers\"); centile:P, the P-th percentile "
    "exactly as given (as OpenPrescribing's savings at the 10th centile); best5, the mean of "
    "the 5 best of each unit's 10 context peers (RightCare Commissioning for Value). "
    "Percentiles are Hyndman-Fan type 7, as R and Excel PERCENTILE.INC (--percentile-type 6 "
    "for Minitab and SPSS).\n\n"
    "With --lookup and --levels, opportunities are summed up each level (for example ICB -> "
    "region): a group's opportunity is the sum of its units' opportunities, never the gap of "
    "the group's aggregate rate (the two differ). A total row covers every unit.\n\n"
    "Shrinkage: by default the rates compared with the benchmark, and from which it is found, "
    "are empirical-Bayes estimates (normal-normal model on the logit scale for proportions, "
    "the log scale for rates; the between-unit variance by DerSimonian-Laird on winsorised "
    "z-scores, as FunnelPlotR): extreme rates from small denominators are pulled towards the "
    "mean, so the benchmark is not set by noise (regression to the mean; Dropkin 2018). --raw "
    "compares the raw rates, as published league tables do.\n\n"
    "Intervals: each of S draws takes every unit's rate from its posterior (with --raw, its "
    "sampling distribution), recomputes the benchmark, gaps and sums, and the interval is the "
    "percentiles of the draws. Seeded: the same seed gives the same output. Rows with a missing "
    "numerator or denominator are skipped (counted with -v); a "
    "negative count or a denominator <= 0 is an error naming the line.",
    options,
    sizeof options / sizeof *options,
    examples,
    sizeof examples / sizeof *examples,
    "One row per unit (level \"unit\", in code order), then per group of each level (in code "
    "order), then the total (level \"total\", id \"all\"): level, id, n_units, numerator, "
    "denominator, rate, shrunk_rate (units only; absent with --raw), benchmark, gap, opportunity "
    "and, with simulations, opportunity_median, "
    "opportunity_lower, opportunity_upper. For groups, benchmark is the rate the group would "
    "reach if every unit met its own benchmark, and gap the opportunity per denominator x M.",
};

static void set_defaults(void)
{
    memset(&args, 0, sizeof args);
    args.improvement = -1;
    args.multiplier = 1.0;
    args.percentile_type = 7;
    args.best_n = 5;
    args.simulations = 1000;
    args.seed = 42;
    args.k_peers = 10;
    args.closure = 1.0;
    args.level = 0.95;
}

/* --benchmark text -> tdm_opp_benchmark (and the centile). @return -1 or 2. */
static int parse_benchmark(tdm_opportunity_options *o)
{
    static const char *const names[] = { "q75", "median", "mean", "topq_mean" };
    static const int values[] = { TDM_OPP_Q75, TDM_OPP_MEDIAN, TDM_OPP_MEAN, TDM_OPP_TOPQ_MEAN };
    const char *b = args.benchmark != NULL ? args.benchmark : "q75";
    for (int i = 0; i < 4; i++) {
        if (strcmp(b, names[i]) == 0) {
            o->benchmark = values[i];
            return -1;
        }
    }
    if (strcmp(b, "best5") == 0) {
        o->benchmark = TDM_OPP_BEST5;
        if (args.context == NULL || args.vars == NULL) {
            return cli_usage_error(&doc, "--benchmark best5 needs --context FILE and --vars");
        }
        return -1;
    }
    if (strncmp(b, "centile:", 8) == 0 &&
        tdm_parse_double(b + 8, strlen(b + 8), &o->centile) == TDM_OK && o->centile >= 0.0 &&
        o->centile <= 100.0) {
        o->benchmark = TDM_OPP_CENTILE;
        return -1;
    }
    return cli_usage_error(&doc,
                           "--benchmark must be q75, topq_mean, median, mean, best5 or centile:P "
                           "with P from 0 to 100 (got \"%s\")",
                           b);
}

/* --delimiter and --na into `ro`. @return -1 to go on, or exit code 2. */
static int read_options(cli_read_opts *ro, char *buf, size_t cap, const char **list)
{
    int rc;
    memset(ro, 0, sizeof *ro);
    rc = cli_delimiter(&doc, args.delimiter, &ro->delimiter);
    if (rc < 0 && args.na != NULL) {
        rc = cli_na_list(&doc, args.na, buf, cap, list, 32, &ro->n_na);
        ro->na = list;
    }
    return rc;
}

static int check_args(tdm_opportunity_options *o)
{
    if (args.improvement < 0) {
        return cli_usage_error(&doc, "--improvement increase|decrease is required");
    }
    if ((args.lookup == NULL) != (args.levels == NULL)) {
        return cli_usage_error(&doc, "give both --lookup and --levels, or neither");
    }
    if (args.percentile_type != 6 && args.percentile_type != 7) {
        return cli_usage_error(&doc, "--percentile-type must be 7 or 6");
    }
    if (!(args.closure > 0.0 && args.closure <= 1.0) || !(args.level > 0.0 && args.level < 1.0) ||
        !(args.multiplier > 0.0)) {
        return cli_usage_error(&doc, "--closure must be in (0, 1], --level in (0, 1), "
                                     "--multiplier > 0");
    }
    if (args.best_n < 1 || args.best_n > 64 || args.k_peers < 1) {
        return cli_usage_error(&doc, "--best-n must be from 1 to 64, --k-peers at least 1");
    }
    if (args.vars != NULL && args.context == NULL) {
        return cli_usage_error(&doc, "--vars needs --context FILE");
    }
    return parse_benchmark(o);
}

typedef struct opp_run {
    cli_read_opts ro; /* --delimiter, --na */
    char na_buf[1024];
    const char *na_list[32];
    cli_table t;  /* outcomes, sorted by id */
    cli_table lk; /* lookup, sorted by id */
    cli_context ctx;
    char **level_names;
    size_t n_levels;
    size_t n;        /* units with a complete outcome */
    size_t *row;     /* their outcome rows */
    size_t *ctx_row; /* best5: their context rows */
    double *num, *den;
    tdm_unit_rate *rates;
    uint32_t **group; /* n_levels x n */
    size_t *n_groups;
    const char ***group_name; /* n_levels arrays of group names (borrowed from lk) */
    size_t skipped;
    double tau2; /* between-unit variance used for the shrinkage */
} opp_run;

static void run_free(opp_run *r)
{
    for (size_t l = 0; l < r->n_levels; l++) {
        free(r->group != NULL ? r->group[l] : NULL);
        free(r->group_name != NULL ? (void *)r->group_name[l] : NULL);
    }
    free(r->group);
    free(r->group_name);
    free(r->n_groups);
    cli_free_list(r->level_names, r->n_levels);
    cli_table_free(&r->t);
    cli_table_free(&r->lk);
    cli_context_free(&r->ctx);
    free(r->row);
    free(r->ctx_row);
    free(r->num);
    free(r->den);
    free(r->rates);
}

/* An outcome unit missing from another file. */
static int unknown_id(opp_run *r, tdm_error *err, size_t i, const cli_table *other)
{
    char what[200];
    snprintf(what, sizeof what, "\"%.60s\" is not in %s (column \"%s\")", r->t.ids[i],
             other->source, other->id_name);
    return cli_table_error(&r->t, err, TDM_ENOTFOUND, i, -1, what);
}

static int load_units(opp_run *r, tdm_error *err)
{
    const size_t nt = r->t.n;
    r->row = calloc(nt + 1, sizeof *r->row);
    r->ctx_row = calloc(nt + 1, sizeof *r->ctx_row);
    r->num = calloc(nt + 1, sizeof *r->num);
    r->den = calloc(nt + 1, sizeof *r->den);
    r->rates = calloc(nt + 1, sizeof *r->rates);
    if (!r->row || !r->ctx_row || !r->num || !r->den || !r->rates) {
        return TDM_ENOMEM;
    }
    for (size_t i = 0; i < nt; i++) {
        double o = r->t.num[2 * i], d = r->t.num[2 * i + 1];
        if (isnan(o) || isnan(d)) {
            r->skipped++;
            continue;
        }
        if (args.context != NULL) {
            long c = cli_table_find(&r->ctx.t, r->t.ids[i]);
            if (c < 0) {
                return unknown_id(r, err, i, &r->ctx.t);
            }
            r->ctx_row[r->n] = (size_t)c;
        }
        r->row[r->n] = i;
        r->num[r->n] = o;
        r->den[r->n] = d;
        r->n++;
    }
    return TDM_OK;
}

static int by_string(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Group indexes of level l: the distinct lookup values, in code order. */
static int level_groups(opp_run *r, size_t l, const size_t *lk_row)
{
    const char **names = calloc(r->n + 1, sizeof *names);
    size_t m = 0;
    r->group[l] = calloc(r->n + 1, sizeof **r->group);
    if (names == NULL || r->group[l] == NULL) {
        free((void *)names);
        return TDM_ENOMEM;
    }
    for (size_t u = 0; u < r->n; u++) {
        names[u] = r->lk.str[lk_row[u] * r->n_levels + l];
    }
    qsort((void *)names, r->n, sizeof *names, by_string);
    for (size_t u = 0; u < r->n; u++) {
        if (m == 0 || strcmp(names[m - 1], names[u]) != 0) {
            names[m++] = names[u];
        }
    }
    for (size_t u = 0; u < r->n; u++) {
        const char *v = r->lk.str[lk_row[u] * r->n_levels + l];
        const char **at = bsearch(&v, (const void *)names, m, sizeof *names, by_string);
        r->group[l][u] = (uint32_t)(at - names);
    }
    r->group_name[l] = names;
    r->n_groups[l] = m;
    return TDM_OK;
}

static int load_levels(opp_run *r, tdm_error *err, tdm_opportunity_levels *lv)
{
    size_t *lk_row;
    int rc = TDM_OK;
    if (args.lookup == NULL) {
        return TDM_OK;
    }
    rc = cli_table_read(&r->lk, args.lookup, args.lookup_id ? args.lookup_id : args.id, NULL, 0,
                        (const char *const *)r->level_names, r->n_levels, &r->ro, err);
    if (rc != TDM_OK) {
        return rc;
    }
    lk_row = calloc(r->n + 1, sizeof *lk_row);
    r->group = calloc(r->n_levels, sizeof *r->group);
    r->group_name = calloc(r->n_levels, sizeof *r->group_name);
    r->n_groups = calloc(r->n_levels, sizeof *r->n_groups);
    if (!lk_row || !r->group || !r->group_name || !r->n_groups) {
        free(lk_row);
        return TDM_ENOMEM;
    }
    for (size_t u = 0; u < r->n && rc == TDM_OK; u++) {
        long c = cli_table_find(&r->lk, r->t.ids[r->row[u]]);
        if (c < 0) {
            rc = unknown_id(r, err, r->row[u], &r->lk);
            break;
        }
        lk_row[u] = (size_t)c;
        for (size_t l = 0; l < r->n_levels; l++) {
            if (r->lk.str[(size_t)c * r->n_levels + l][0] == '\0') {
                err->status = rc = TDM_EPARSE;
                err->line = r->lk.line[c];
                snprintf(err->message, sizeof err->message,
                         "%s: line %llu, column %u (\"%s\"): empty value: every unit needs a "
                         "group at each level",
                         r->lk.source, (unsigned long long)r->lk.line[c], r->lk.str_col[l],
                         r->level_names[l]);
                break;
            }
        }
    }
    for (size_t l = 0; l < r->n_levels && rc == TDM_OK; l++) {
        rc = level_groups(r, l, lk_row);
    }
    free(lk_row);
    lv->n_levels = r->n_levels;
    lv->group = (const uint32_t *const *)r->group;
    lv->n_groups = r->n_groups;
    return rc;
}

static int remap_rate_error(opp_run *r, tdm_error *err, int rc)
{
    const char *reason = strstr(err->message, ": ");
    char what[200];
    size_t u = (size_t)err->line;
    if (u == 0 || u > r->n || err->field == 0 || err->field > 2) {
        return rc;
    }
    snprintf(what, sizeof what, "%.180s", reason != NULL ? reason + 2 : err->message);
    return cli_table_error(&r->t, err, rc, r->row[u - 1], (int)err->field - 1, what);
}

static void write_row(tdm_writer *w, const char *level, const char *id,
                      const tdm_opportunity_row *x)
{
    (void)tdm_writer_str(w, level, strlen(level));
    (void)tdm_writer_str(w, id, strlen(id));
    (void)tdm_writer_int(w, (int64_t)x->n_units);
    (void)tdm_writer_num(w, x->numerator);
    (void)tdm_writer_num(w, x->denominator);
    (void)tdm_writer_num(w, x->rate);
    if (!args.raw) {
        (void)tdm_writer_num(w, x->shrunk);
    }
    (void)tdm_writer_num(w, x->benchmark);
    (void)tdm_writer_num(w, x->gap);
    (void)tdm_writer_num(w, x->opportunity);
    if (args.simulations > 0) {
        (void)tdm_writer_num(w, x->sim_median);
        (void)tdm_writer_num(w, x->lower);
        (void)tdm_writer_num(w, x->upper);
    }
}

static int write_all(tdm_writer *w, const opp_run *r, const tdm_opportunity_result *res)
{
    const tdm_opportunity_row *u = tdm_opportunity_result_units(res);
    int rc = TDM_OK;
    for (size_t i = 0; i < r->n && rc == TDM_OK; i++) {
        write_row(w, "unit", r->t.ids[r->row[i]], &u[i]);
        rc = tdm_writer_end_row(w);
    }
    for (size_t l = 0; l < r->n_levels && rc == TDM_OK; l++) {
        const tdm_opportunity_row *g = tdm_opportunity_result_level(res, l);
        for (size_t k = 0; k < r->n_groups[l] && rc == TDM_OK; k++) {
            write_row(w, r->level_names[l], r->group_name[l][k], &g[k]);
            rc = tdm_writer_end_row(w);
        }
    }
    if (rc == TDM_OK) {
        write_row(w, "total", "all", tdm_opportunity_result_total(res));
        rc = tdm_writer_end_row(w);
    }
    return rc;
}

static int output(const opp_run *r, const tdm_opportunity_result *res, cli_out *out)
{
    static const char *const all[] = { "level",
                                       "id",
                                       "n_units",
                                       "numerator",
                                       "denominator",
                                       "rate",
                                       "shrunk_rate",
                                       "benchmark",
                                       "gap",
                                       "opportunity",
                                       "opportunity_median",
                                       "opportunity_lower",
                                       "opportunity_upper" };
    const char *cols[13];
    size_t nc = 0;
    tdm_writer *w = NULL;
    int rc;
    for (size_t k = 0; k < 13; k++) {
        if ((k == 6 && args.raw) || (k >= 10 && args.simulations == 0)) {
            continue;
        }
        cols[nc++] = all[k];
    }
    rc = tdm_writer_open(&w, cli_out_write, out,
                         args.format == 1 ? TDM_FORMAT_JSON : TDM_FORMAT_CSV, cols, nc);
    rc = rc ? rc : write_all(w, r, res);
    rc = rc ? rc : tdm_writer_finish(w);
    tdm_writer_free(w);
    return rc;
}

static int best5_peers(opp_run *r, tdm_error *err, tdm_peers_result **peers)
{
    tdm_peers_options po;
    if (args.context == NULL) {
        return TDM_OK;
    }
    tdm_peers_options_init(&po);
    po.method = args.method;
    po.k = args.k_peers;
    return cli_context_peers(&r->ctx, r->ctx_row, r->n, &po, peers, err);
}

static int compute(opp_run *r, tdm_error *err, const tdm_opportunity_options *o,
                   tdm_opportunity_result **res)
{
    const char *num_cols[2] = { args.num, args.den };
    tdm_opportunity_levels lv;
    tdm_rate_options ro;
    double tau2 = (double)NAN;
    tdm_peers_result *peers = NULL;
    int rc = cli_table_read(&r->t, args.input, args.id, num_cols, 2, NULL, 0, &r->ro, err);
    memset(&lv, 0, sizeof lv);
    if (rc == TDM_OK && args.context != NULL) {
        rc = cli_context_read(&r->ctx, args.context, args.context_id ? args.context_id : args.id,
                              NULL, 0, &r->ro, err);
    }
    rc = rc ? rc : load_units(r, err);
    rc = rc ? rc : load_levels(r, err, &lv);
    if (rc != TDM_OK) {
        return rc;
    }
    if (r->n == 0) {
        snprintf(err->message, sizeof err->message,
                 "%s: no unit has both a numerator and a denominator", r->t.source);
        return TDM_EDOMAIN;
    }
    tdm_rate_options_init(&ro);
    ro.type = args.type;
    ro.multiplier = args.multiplier;
    ro.shrink = !args.raw;
    /* a local, not &r->tau2: passing a pointer into r would make the static
     * analyser forget the arrays r holds */
    rc = tdm_unit_rates(r->num, r->den, r->n, &ro, r->rates, &tau2, err);
    r->tau2 = tau2;
    if (rc != TDM_OK) {
        return remap_rate_error(r, err, rc);
    }
    rc = best5_peers(r, err, &peers);
    if (rc == TDM_OK) {
        rc = tdm_opportunity_compute(r->rates, r->num, r->den, r->n, &ro,
                                     args.lookup != NULL ? &lv : NULL, peers, o, res, err);
    }
    tdm_peers_result_free(peers);
    return rc;
}

int cmd_opportunity(int argc, char **argv)
{
    opp_run r;
    cli_out out;
    tdm_opportunity_options o;
    tdm_opportunity_result *res = NULL;
    tdm_error err;
    int exit_code, rc;

    set_defaults();
    memset(&r, 0, sizeof r);
    memset(&err, 0, sizeof err);
    memset(&out, 0, sizeof out);
    out.fd = -1;
    tdm_opportunity_options_init(&o);
    exit_code = cli_parse(&doc, argc, argv);
    exit_code = exit_code >= 0 ? exit_code : check_args(&o);
    exit_code =
        exit_code >= 0 ? exit_code : read_options(&r.ro, r.na_buf, sizeof r.na_buf, r.na_list);
    if (exit_code < 0 && args.vars != NULL) {
        exit_code = cli_context_args(&r.ctx, &doc, args.vars, args.weights);
    }
    if (exit_code < 0 && args.levels != NULL &&
        cli_split_list(args.levels, &r.level_names, &r.n_levels) != 0) {
        exit_code = cli_usage_error(&doc, "out of memory");
    }
    if (exit_code >= 0) {
        goto done;
    }
    o.improvement = args.improvement == 0 ? TDM_IMPROVEMENT_INCREASE : TDM_IMPROVEMENT_DECREASE;
    o.percentile_type = (int)args.percentile_type;
    o.best_n = args.best_n;
    o.closure = args.closure;
    o.simulations = args.simulations;
    o.seed = (uint64_t)args.seed;
    o.level = args.level;
    o.use_shrunk = !args.raw;
    rc = compute(&r, &err, &o, &res);
    if (rc != TDM_OK) {
        exit_code = cli_fail("opportunity", rc, &err);
        goto done;
    }
    if (cli_out_open(&out, "opportunity", args.output) != 0) {
        exit_code = EXIT_IO;
        goto done;
    }
    rc = output(&r, res, &out);
    if (rc != TDM_OK) {
        exit_code = rc == TDM_EIO && out.failed_errno != 0 ? cli_out_commit(&out, "opportunity")
                                                           : cli_fail("opportunity", rc, &err);
        goto done;
    }
    exit_code = cli_out_commit(&out, "opportunity");
    if (exit_code == 0 && args.verbose) {
        char shrink[48] = "raw rates";
        if (!args.raw) {
            snprintf(shrink, sizeof shrink, "shrunk rates, tau^2 %.4g", r.tau2);
        }
        fprintf(stderr,
                "tandem opportunity: %zu units (skipped for a missing numerator or "
                "denominator: %zu), %s, benchmark %.6g, total opportunity %.6g\n",
                r.n, r.skipped, shrink, tdm_opportunity_result_benchmark(res),
                tdm_opportunity_result_total(res)->opportunity);
    }
done:
    cli_out_abort(&out);
    tdm_opportunity_result_free(res);
    run_free(&r);
    return exit_code;
}
