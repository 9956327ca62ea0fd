/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cmd_pair.c - `tandem pair`: assign each challenged unit mentors among its
 * credibly better context peers, optimally (min-cost flow). Outcome and
 * context tables -> tdm_unit_rates, tdm_peers_compute, tdm_pair_compute ->
 * table writer.
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

typedef struct pair_args {
    const char *input, *output, *delimiter, *na, *id, *num, *den, *context, *context_id, *vars,
        *weights;
    const char *lat, *lon;
    int improvement, type, method, challenged, test, format, strict, verbose;
    size_t k_peers, mentors, capacity;
    double multiplier, alpha, p_better, w_distance, w_travel, w_gain, cost_scale, max_travel,
        min_den;
} pair_args;

static pair_args args;

static const char *const improvement_choices[] = { "increase", "decrease", NULL };
static const char *const type_choices[] = { "proportion", "rate", NULL };
static const char *const method_choices[] = { "similar10", "mahalanobis", NULL };
static const char *const test_choices[] = { "z", "eb", NULL };
static const char *const challenged_choices[] = { "median", "quartile", "all", NULL };
static const char *const format_choices[] = { "csv", "json", NULL };

static const cli_option options[] = {
    { "input", 'i', CLI_OPT_STRING, &args.input, "FILE",
      "CSV of outcomes, one row per unit [stdin].", NULL, 0 },
    { "output", 'o', CLI_OPT_STRING, &args.output, "FILE",
      "Write here (replaced only when the run succeeds) [stdout].", NULL, 0 },
    { "id", 0, CLI_OPT_STRING, &args.id, "COL", "Column with the unit codes.", NULL, 1 },
    { "numerator", 0, CLI_OPT_STRING, &args.num, "COL", "Column with the counts.", NULL, 1 },
    { "denominator", 0, CLI_OPT_STRING, &args.den, "COL", "Column with the denominators.", NULL,
      1 },
    { "improvement", 0, CLI_OPT_CHOICE, &args.improvement, NULL,
      "Direction of improvement of the indicator (required).", improvement_choices, 0 },
    { "type", 0, CLI_OPT_CHOICE, &args.type, NULL,
      "proportion (numerator <= denominator, logit scale) or rate (log scale) [proportion].",
      type_choices, 0 },
    { "multiplier", 0, CLI_OPT_DOUBLE, &args.multiplier, "M",
      "Report values as numerator / denominator x M [1].", NULL, 0 },
    { "min-denominator", 0, CLI_OPT_DOUBLE, &args.min_den, "N",
      "Leave out units whose denominator is below N, such as specialist trusts with a "
      "handful of handovers (counted with -v) [0].",
      NULL, 0 },
    { "context", 0, CLI_OPT_STRING, &args.context, "FILE",
      "CSV of context variables, one row per unit.", NULL, 1 },
    { "context-id", 0, CLI_OPT_STRING, &args.context_id, "COL",
      "Column with the unit codes in the context file [the --id name].", NULL, 0 },
    { "vars", 0, CLI_OPT_STRING, &args.vars, "A,B,...",
      "Context variables (columns of the context file).", NULL, 1 },
    { "weights", 0, CLI_OPT_STRING, &args.weights, "W1,W2,...",
      "Weight of each context variable [all 1].", NULL, 0 },
    { "method", 0, CLI_OPT_CHOICE, &args.method, NULL, "Peer distance [similar10].", method_choices,
      0 },
    { "k-peers", 0, CLI_OPT_SIZE, &args.k_peers, "N",
      "Context peers per unit; mentors come from these [10].", NULL, 0 },
    { "mentors", 0, CLI_OPT_SIZE, &args.mentors, "R", "Mentors per challenged unit [1].", NULL, 0 },
    { "capacity", 0, CLI_OPT_SIZE, &args.capacity, "K", "Mentees per mentor at most [2].", NULL,
      0 },
    { "challenged", 0, CLI_OPT_CHOICE, &args.challenged, NULL,
      "Units that want mentors: worse than the median, worse than the unfavourable quartile, "
      "or all [median].",
      challenged_choices, 0 },
    { "test", 0, CLI_OPT_CHOICE, &args.test, NULL,
      "Credibly better by a one-sided z test on both standard errors, or by the empirical-Bayes "
      "posterior probability [z].",
      test_choices, 0 },
    { "p-better", 0, CLI_OPT_DOUBLE, &args.p_better, "P",
      "--test eb: the posterior P(better) a mentor needs [0.9].", NULL, 0 },
    { "alpha", 0, CLI_OPT_DOUBLE, &args.alpha, "A",
      "One-sided level of the credibly-better test [0.05].", NULL, 0 },
    { "lat", 0, CLI_OPT_STRING, &args.lat, "COL",
      "Latitude column of the context file (degrees), for a travel term.", NULL, 0 },
    { "lon", 0, CLI_OPT_STRING, &args.lon, "COL", "Longitude column of the context file.", NULL,
      0 },
    { "max-travel", 0, CLI_OPT_DOUBLE, &args.max_travel, "KM",
      "Leave out mentors further away than this (with --lat/--lon) [no limit].", NULL, 0 },
    { "w-distance", 0, CLI_OPT_DOUBLE, &args.w_distance, "X",
      "Cost weight of the context distance [1].", NULL, 0 },
    { "w-travel", 0, CLI_OPT_DOUBLE, &args.w_travel, "X", "Cost weight of the travel distance [1].",
      NULL, 0 },
    { "w-gain", 0, CLI_OPT_DOUBLE, &args.w_gain, "X",
      "Cost weight of the performance gain (a larger gain costs less) [0.5].", NULL, 0 },
    { "cost-scale", 0, CLI_OPT_DOUBLE, &args.cost_scale, "S",
      "Costs are rounded to integers after multiplying by S [1000].", NULL, 0 },
    { "strict", 0, CLI_OPT_FLAG, &args.strict, NULL,
      "Fail (exit 1) if any mentor place cannot be filled, instead of reporting it.", NULL, 0 },
    { "delimiter", 0, CLI_OPT_STRING, &args.delimiter, "CHAR",
      "Field separator of every input file: , ; | or tab [,].", NULL, 0 },
    { "na", 0, CLI_OPT_STRING, &args.na, "LIST",
      "Comma-separated texts that mean missing [\"\",NA,NULL,.]; suppressed markers (*, c, "
      "[c], [x]) are always missing too.",
      NULL, 0 },
    { "format", 'f', CLI_OPT_CHOICE, &args.format, NULL, "Output format [csv].", format_choices,
      0 },
    { "verbose", 'v', CLI_OPT_FLAG, &args.verbose, NULL,
      "Report units, candidates, places filled and skipped rows on stderr.", NULL, 0 },
};

static const cli_example examples[] = {
    { "Pair acute trusts with a high share of ambulance handovers over 60 minutes with "
      "credibly better trusts of similar catchment",
      "tandem pair -i data/trust_handovers_2026-03.csv --id org_code --numerator over60 "
      "--denominator handovers --improvement decrease --context data/trust_catchment_context.csv "
      "--context-id nhs_trust22_code --vars pct_age_65plus,pct_age_85plus,"
      "imd2019_popweighted_mean_decile,pct_pop_imd_decile1,pct_pop_rural_lsoa" },
    { "Two mentors each, mentors take up to three, fail if anyone is left without",
      "tandem pair -i outcome.csv --id code --numerator x --denominator n --improvement increase "
      "--context context.csv --vars a,b,c --mentors 2 --capacity 3 --strict" },
};

static const cli_command_doc doc = {
    "pair",
    "Pair challenged units with credibly better peers (min-cost flow)",
    "Assigns each challenged unit mentors to learn from: units that are similar in context "
    "and credibly better on the indicator, each mentor taking a limited number of mentees, "
    "chosen together so that as many mentor places as possible are filled at the least total "
    "cost.\n\n"
    "Challenged units are those worse than the median (or the unfavourable quartile, or all). "
    "A candidate mentor j of unit i is one of i's k context peers (tandem peers, Similar 10 by "
    "default) that is credibly better: on the logit scale (proportions) or log scale (rates), "
    "with the empirical corrections that keep 0 events finite, "
    "P(better) = Phi(dir (y_j - y_i) / sqrt(s_i^2 + s_j^2)) must reach 1 - alpha, a one-sided "
    "z test that uses both units' standard errors (RightCare's test ignored the comparator's "
    "noise; Dropkin 2018). --test eb uses the same formula on empirical-Bayes shrunk values "
    "and posterior variances (normal-normal model; the between-unit variance by "
    "DerSimonian-Laird on winsorised z-scores, as FunnelPlotR) and needs P(better) >= 0.9 "
    "(--p-better).\n\n"
    "The cost of a pair is round(1000 (D/D~ + T/T~ - 0.5 G/G~)), D the context distance, T the "
    "great-circle distance (with --lat/--lon), G the gain on the transformed scale, each "
    "divided by its median over the candidates, shifted so the cheapest pair costs 0. The "
    "assignment is an exact min-cost flow (LEMON network simplex) with a bypass arc that makes "
    "one more filled place always worth more than any saving; among equally cheap assignments "
    "the one with closer peers wins. Places that cannot be filled are reported as rows with "
    "status unmet (--strict makes them an error).\n\n"
    "Every outcome unit must be in the context file; rows with a missing numerator or "
    "denominator, or below --min-denominator, are left out (counted with -v). A negative count, a "
    "denominator <= 0, or a "
    "numerator above its denominator for a proportion is an error naming the line.",
    options,
    sizeof options / sizeof *options,
    examples,
    sizeof examples / sizeof *examples,
    "One row per mentor place, challenged units in code order, filled places by cost: "
    "challenged_id, mentor_id, cost, gap (dir x (mentor value - challenged value), so positive "
    "is better), p_better, status (paired or unmet), challenged_value and its 95% interval "
    "challenged_lower, challenged_upper (Wilson for proportions, the PHE exact/Byar interval "
    "for rates), mentor_value, mentor_lower, mentor_upper, z, "
    "distance (context), peer_rank (the mentor's rank among the challenged unit's peers); with "
    "--lat/--lon also travel_km. Unmet places have an empty mentor and no cost.",
};

static void set_defaults(void)
{
    memset(&args, 0, sizeof args);
    args.improvement = -1;
    args.multiplier = 1.0;
    args.k_peers = 10;
    args.mentors = 1;
    args.capacity = 2;
    args.alpha = 0.05;
    args.p_better = 0.9;
    args.w_distance = 1.0;
    args.w_travel = 1.0;
    args.w_gain = 0.5;
    args.cost_scale = 1000.0;
    args.max_travel = INFINITY;
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

static int check_args(void)
{
    if (args.improvement < 0) {
        return cli_usage_error(&doc, "--improvement increase|decrease is required");
    }
    if ((args.lat == NULL) != (args.lon == NULL)) {
        return cli_usage_error(&doc, "give both --lat and --lon, or neither");
    }
    if (!(args.alpha > 0.0 && args.alpha < 1.0) || !(args.p_better > 0.0 && args.p_better < 1.0)) {
        return cli_usage_error(&doc, "--alpha and --p-better must be between 0 and 1");
    }
    if (args.k_peers < 1 || args.mentors < 1) {
        return cli_usage_error(&doc, "--k-peers and --mentors must be at least 1");
    }
    if (!(args.multiplier > 0.0) || args.w_distance < 0.0 || args.w_travel < 0.0 ||
        args.w_gain < 0.0 || !(args.cost_scale > 0.0 && args.cost_scale <= 1e9) ||
        !(args.max_travel > 0.0)) {
        return cli_usage_error(&doc, "--multiplier, --cost-scale (<= 1e9) and --max-travel must "
                                     "be > 0, the cost weights >= 0");
    }
    return -1;
}

typedef struct pair_run {
    cli_read_opts ro; /* --delimiter, --na */
    char na_buf[1024];
    const char *na_list[32];
    cli_table t; /* outcomes, sorted by id */
    cli_context ctx;
    size_t n;        /* units with a complete outcome */
    size_t *row;     /* their outcome rows */
    size_t *ctx_row; /* their context rows */
    double *num, *den, *lat, *lon;
    tdm_unit_rate *rates;
    size_t skipped; /* outcome rows with a missing numerator or denominator */
    size_t small;   /* outcome rows below --min-denominator */
    double tau2;    /* --test eb: between-unit variance used */
} pair_run;

static void run_free(pair_run *r)
{
    cli_table_free(&r->t);
    cli_context_free(&r->ctx);
    free(r->row);
    free(r->ctx_row);
    free(r->num);
    free(r->den);
    free(r->lat);
    free(r->lon);
    free(r->rates);
}

/* Units: outcome rows with both values, each found in the context file. */
static int load_units(pair_run *r, tdm_error *err)
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
        long c;
        if (isnan(o) || isnan(d)) {
            r->skipped++;
            continue;
        }
        if (d > 0.0 && d < args.min_den) { /* d <= 0 stays: it is an error below */
            r->small++;
            continue;
        }
        c = cli_table_find(&r->ctx.t, r->t.ids[i]);
        if (c < 0) {
            char what[200];
            snprintf(what, sizeof what, "\"%.60s\" is not in %s (column \"%s\")", r->t.ids[i],
                     r->ctx.t.source, r->ctx.t.id_name);
            return cli_table_error(&r->t, err, TDM_ENOTFOUND, i, -1, what);
        }
        r->row[r->n] = i;
        r->ctx_row[r->n] = (size_t)c;
        r->num[r->n] = o;
        r->den[r->n] = d;
        r->n++;
    }
    return TDM_OK;
}

/* A library error about unit u (err->line) and input 1 = numerator,
 * 2 = denominator (err->field), rewritten with the outcome file's line. */
static int remap_rate_error(pair_run *r, tdm_error *err, int rc)
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

static int coordinates(pair_run *r)
{
    const size_t stride = r->ctx.t.n_num, p = r->ctx.n_vars;
    if (args.lat == NULL) {
        return TDM_OK;
    }
    r->lat = calloc(r->n + 1, sizeof *r->lat);
    r->lon = calloc(r->n + 1, sizeof *r->lon);
    if (r->lat == NULL || r->lon == NULL) {
        return TDM_ENOMEM;
    }
    for (size_t u = 0; u < r->n; u++) {
        r->lat[u] = r->ctx.t.num[r->ctx_row[u] * stride + p];
        r->lon[u] = r->ctx.t.num[r->ctx_row[u] * stride + p + 1];
    }
    return TDM_OK;
}

static int write_pairs(tdm_writer *w, const pair_run *r, const tdm_pair_result *res)
{
    size_t n_rows;
    const tdm_pair_match *m = tdm_pair_result_rows(res, &n_rows);
    int rc = TDM_OK;
    for (size_t q = 0; q < n_rows && rc == TDM_OK; q++) {
        const char *cid = r->t.ids[r->row[m[q].challenged]];
        const int paired = m[q].mentor != UINT32_MAX;
        (void)tdm_writer_str(w, cid, strlen(cid));
        if (paired) {
            const char *mid = r->t.ids[r->row[m[q].mentor]];
            (void)tdm_writer_str(w, mid, strlen(mid));
            (void)tdm_writer_int(w, m[q].cost);
        } else {
            (void)tdm_writer_null(w);
            (void)tdm_writer_null(w);
        }
        (void)tdm_writer_num(w, m[q].gap);
        (void)tdm_writer_num(w, m[q].p_better);
        (void)tdm_writer_str(w, paired ? "paired" : "unmet", paired ? 6 : 5);
        (void)tdm_writer_num(w, r->rates[m[q].challenged].value);
        (void)tdm_writer_num(w, r->rates[m[q].challenged].lower);
        (void)tdm_writer_num(w, r->rates[m[q].challenged].upper);
        (void)tdm_writer_num(w, paired ? r->rates[m[q].mentor].value : (double)NAN);
        (void)tdm_writer_num(w, paired ? r->rates[m[q].mentor].lower : (double)NAN);
        (void)tdm_writer_num(w, paired ? r->rates[m[q].mentor].upper : (double)NAN);
        (void)tdm_writer_num(w, m[q].z);
        (void)tdm_writer_num(w, m[q].distance);
        if (paired) {
            (void)tdm_writer_int(w, m[q].peer_rank);
        } else {
            (void)tdm_writer_null(w);
        }
        if (args.lat != NULL) {
            (void)tdm_writer_num(w, m[q].travel_km);
        }
        rc = tdm_writer_end_row(w);
    }
    return rc;
}

static int output(pair_run *r, const tdm_pair_result *res, cli_out *out)
{
    static const char *const cols[] = { "challenged_id",
                                        "mentor_id",
                                        "cost",
                                        "gap",
                                        "p_better",
                                        "status",
                                        "challenged_value",
                                        "challenged_lower",
                                        "challenged_upper",
                                        "mentor_value",
                                        "mentor_lower",
                                        "mentor_upper",
                                        "z",
                                        "distance",
                                        "peer_rank",
                                        "travel_km" };
    tdm_writer *w = NULL;
    int rc =
        tdm_writer_open(&w, cli_out_write, out, args.format == 1 ? TDM_FORMAT_JSON : TDM_FORMAT_CSV,
                        cols, args.lat != NULL ? 16 : 15);
    rc = rc ? rc : write_pairs(w, r, res);
    rc = rc ? rc : tdm_writer_finish(w);
    tdm_writer_free(w);
    return rc;
}

/* --strict and an empty place: name the unit by its code and line. */
static int strict_error(pair_run *r, tdm_error *err)
{
    size_t u = (size_t)err->line;
    const char *reason = strstr(err->message, ": ");
    char what[256];
    if (u == 0 || u > r->n) {
        return TDM_ESOLVER;
    }
    snprintf(what, sizeof what,
             "infeasible pairing: \"%.40s\" (%.60s line %llu): %.90s; raise --k-peers or "
             "--capacity, lower --mentors, or drop --strict to report unmet places",
             r->t.ids[r->row[u - 1]], r->t.source, (unsigned long long)r->t.line[r->row[u - 1]],
             reason != NULL ? reason + 2 : "");
    snprintf(err->message, sizeof err->message, "%s", what);
    return TDM_ESOLVER;
}

static int compute(pair_run *r, tdm_error *err, tdm_pair_result **res)
{
    const char *extra[2] = { args.lat, args.lon };
    const char *num_cols[2] = { args.num, args.den };
    tdm_rate_options ro;
    double tau2 = (double)NAN;
    tdm_peers_options po;
    tdm_pair_options o;
    tdm_peers_result *peers = NULL;
    int rc = cli_table_read(&r->t, args.input, args.id, num_cols, 2, NULL, 0, &r->ro, err);
    rc = rc ? rc
            : cli_context_read(&r->ctx, args.context, args.context_id ? args.context_id : args.id,
                               extra, args.lat ? 2 : 0, &r->ro, err);
    rc = rc ? rc : load_units(r, err);
    rc = rc ? rc : coordinates(r);
    if (rc != TDM_OK) {
        return rc;
    }
    tdm_rate_options_init(&ro);
    ro.type = args.type;
    ro.multiplier = args.multiplier;
    ro.shrink = args.test == 1;
    /* a local, not &r->tau2: passing a pointer into r would make the static
     * analyser forget the arrays r holds */
    rc = tdm_unit_rates(r->num, r->den, r->n, &ro, r->rates, &tau2, err);
    r->tau2 = tau2;
    if (rc != TDM_OK) {
        return remap_rate_error(r, err, rc);
    }
    tdm_peers_options_init(&po);
    po.method = args.method;
    po.k = args.k_peers;
    rc = cli_context_peers(&r->ctx, r->ctx_row, r->n, &po, &peers, err);
    if (rc != TDM_OK) {
        return rc;
    }
    tdm_pair_options_init(&o);
    o.improvement = args.improvement == 0 ? TDM_IMPROVEMENT_INCREASE : TDM_IMPROVEMENT_DECREASE;
    o.mentors = args.mentors;
    o.capacity = args.capacity;
    o.min_p_better = args.test == 1 ? args.p_better : 1.0 - args.alpha;
    o.alpha = args.w_distance;
    o.beta = args.w_travel;
    o.gamma = args.w_gain;
    o.scale = args.cost_scale;
    o.max_travel_km = args.max_travel;
    o.challenged = args.challenged;
    o.strict = args.strict;
    rc = tdm_pair_compute(r->rates, r->lat, r->lon, r->n, peers, &o, res, err);
    tdm_peers_result_free(peers);
    return rc == TDM_ESOLVER && args.strict ? strict_error(r, err) : rc;
}

static void report(const pair_run *r, const tdm_pair_result *res)
{
    const tdm_pair_summary *s = tdm_pair_result_summary(res);
    fprintf(stderr,
            "tandem pair: %zu units (skipped for a missing numerator or denominator: %zu; "
            "below --min-denominator: %zu), %zu challenged, %zu candidate pairs, %llu of %llu "
            "mentor places filled, total cost %lld",
            r->n, r->skipped, r->small, s->n_challenged, s->n_candidates,
            (unsigned long long)s->filled, (unsigned long long)s->demand, (long long)s->total_cost);
    if (args.test == 1) {
        fprintf(stderr, ", tau^2 %.4g", r->tau2);
    }
    fprintf(stderr, "\n");
}

int cmd_pair(int argc, char **argv)
{
    pair_run r;
    cli_out out;
    tdm_pair_result *res = NULL;
    tdm_error err;
    int exit_code, rc;

    set_defaults();
    memset(&r, 0, sizeof r);
    memset(&err, 0, sizeof err);
    memset(&out, 0, sizeof out);
    out.fd = -1;
    exit_code = cli_parse(&doc, argc, argv);
    exit_code = exit_code >= 0 ? exit_code : check_args();
    exit_code =
        exit_code >= 0 ? exit_code : cli_context_args(&r.ctx, &doc, args.vars, args.weights);
    exit_code =
        exit_code >= 0 ? exit_code : read_options(&r.ro, r.na_buf, sizeof r.na_buf, r.na_list);
    if (exit_code >= 0) {
        goto done;
    }
    rc = compute(&r, &err, &res);
    if (rc != TDM_OK) {
        exit_code = cli_fail("pair", rc, &err);
        goto done;
    }
    if (cli_out_open(&out, "pair", args.output) != 0) {
        exit_code = EXIT_IO;
        goto done;
    }
    rc = output(&r, res, &out);
    if (rc != TDM_OK) {
        exit_code = rc == TDM_EIO && out.failed_errno != 0 ? cli_out_commit(&out, "pair")
                                                           : cli_fail("pair", rc, &err);
        goto done;
    }
    exit_code = cli_out_commit(&out, "pair");
    if (exit_code == 0 && args.verbose) {
        report(&r, res);
    }
done:
    cli_out_abort(&out);
    tdm_pair_result_free(res);
    run_free(&r);
    return exit_code;
}
