/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cmd_peers.c - `tandem peers`: each unit's k most similar units on context
 * variables it cannot change (NHS England "Similar 10", Mahalanobis, user
 * weights), with an optional bootstrap stability score. Options -> context
 * table -> tdm_peers_compute -> table writer.
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

typedef struct peers_args {
    const char *input, *output, *delimiter, *na, *id, *vars, *weights;
    size_t k, stability, seed;
    int method, transform, format, verbose;
    double cap_sd, shrinkage, jitter;
} peers_args;

static peers_args args;

static const char *const method_choices[] = { "similar10", "mahalanobis", NULL };
static const char *const transform_choices[] = { "sqrt", "none", "log", NULL };
static const char *const format_choices[] = { "csv", "json", NULL };

static const cli_option options[] = {
    { "input", 'i', CLI_OPT_STRING, &args.input, "FILE",
      "CSV of context variables, one row per unit [stdin].", NULL, 0 },
    { "output", 'o', CLI_OPT_STRING, &args.output, "FILE",
      "Write here (replaced only when the run succeeds) [stdout].", NULL, 0 },
    { "id", 0, CLI_OPT_STRING, &args.id, "COL", "Column with the unit codes.", NULL, 1 },
    { "vars", 0, CLI_OPT_STRING, &args.vars, "A,B,...",
      "Context variables (columns), comma-separated.", NULL, 1 },
    { "k", 'k', CLI_OPT_SIZE, &args.k, "N", "Peers per unit [10].", NULL, 0 },
    { "method", 0, CLI_OPT_CHOICE, &args.method, NULL,
      "Distance: NHS England Similar 10, or Mahalanobis with a shrunk correlation [similar10].",
      method_choices, 0 },
    { "weights", 0, CLI_OPT_STRING, &args.weights, "W1,W2,...",
      "Weight of each variable, in --vars order (0 drops one) [all 1].", NULL, 0 },
    { "transform", 0, CLI_OPT_CHOICE, &args.transform, NULL,
      "Transform after the cap, before the z-scores [sqrt].", transform_choices, 0 },
    { "cap-sd", 0, CLI_OPT_DOUBLE, &args.cap_sd, "C",
      "Cap each variable at its mean + C population SDs; 0: no cap [5].", NULL, 0 },
    { "shrinkage", 0, CLI_OPT_DOUBLE, &args.shrinkage, "L",
      "Mahalanobis: shrink the correlation towards the identity by L in [0,1] "
      "[Schafer-Strimmer estimate].",
      NULL, 0 },
    { "stability", 0, CLI_OPT_SIZE, &args.stability, "B",
      "Bootstrap B replicates and add a stability score per unit and a frequency per peer [0].",
      NULL, 0 },
    { "jitter", 0, CLI_OPT_DOUBLE, &args.jitter, "J",
      "Stability: multiply each weight by U(1-J, 1+J) in every replicate [0.5].", NULL, 0 },
    { "seed", 0, CLI_OPT_SIZE, &args.seed, "N", "Seed of the bootstrap [42].", NULL, 0 },
    { "delimiter", 0, CLI_OPT_STRING, &args.delimiter, "CHAR",
      "Field separator of every input file: , ; | or tab [,].", NULL, 0 },
    { "na", 0, CLI_OPT_STRING, &args.na, "LIST",
      "Comma-separated texts that mean missing [\"\",NA,NULL,.]; suppressed markers (*, c, "
      "[c], [x]) are always missing too.",
      NULL, 0 },
    { "format", 'f', CLI_OPT_CHOICE, &args.format, NULL, "Output format [csv].", format_choices,
      0 },
    { "verbose", 'v', CLI_OPT_FLAG, &args.verbose, NULL,
      "Report units, variables and the shrinkage on stderr.", NULL, 0 },
};

static const cli_example examples[] = {
    { "The 5 most similar ICBs on age, deprivation and rurality (NHS England Similar 10 method)",
      "tandem peers -i data/icb_context.csv --id icb22_code --k 5 "
      "--vars population_mid2020,pct_age_0_15,pct_age_65plus,pct_age_85plus,"
      "imd2019_popweighted_mean_decile,pct_pop_imd_decile1,pct_pop_rural_lsoa" },
    { "Mahalanobis distance, so correlated variables do not count twice, with stability",
      "tandem peers -i context.csv --id code --vars a,b,c,d --method mahalanobis --stability 200" },
    { "Deprivation counts double, rurality is ignored",
      "tandem peers -i context.csv --id code --vars imd,age65,rural --weights 2,1,0" },
};

static const cli_command_doc doc = {
    "peers",
    "Context peers: the k most similar units (Similar 10, Mahalanobis)",
    "Finds each unit's k most similar units on context variables it cannot change in the short "
    "term (deprivation, age mix, rurality, size), for benchmarking and for choosing whom to "
    "learn from.\n\n"
    "Preprocessing, as NHS England's \"Similar 10\" method (RightCare, Model Health System): "
    "each variable is capped at its mean + 5 population standard deviations (upper tail only), "
    "square-rooted, and turned into z-scores with the population standard deviation. "
    "similar10 then ranks the other units by the weighted squared Euclidean distance "
    "sum w (z_a - z_b)^2; mahalanobis uses the squared Mahalanobis distance with the "
    "correlation matrix shrunk towards the identity (Schafer-Strimmer estimate unless "
    "--shrinkage is given), so that two variables measuring the same thing do not count twice. "
    "A unit is never its own peer, even when another unit has identical values; ties in "
    "distance are broken by unit code.\n\n"
    "--stability B re-estimates the preprocessing on B bootstrap resamples of the units, with "
    "every weight multiplied by a random factor in [1-J, 1+J], and reports the mean Jaccard "
    "overlap of each unit's peer set with its replicate sets (below 0.5: unstable) and how "
    "often each peer was kept. Seeded: the same seed gives the same output.\n\n"
    "Every unit needs every context variable: a missing value, a negative value under the "
    "square root, or a constant variable is an error naming the file, line and column.",
    options,
    sizeof options / sizeof *options,
    examples,
    sizeof examples / sizeof *examples,
    "One row per unit and peer, units in code order, peers nearest first: id, peer_id, rank, "
    "distance, relative_distance (distance / the unit's median distance to every other unit); "
    "with --stability also stability (the unit's mean Jaccard index) and peer_frequency (share "
    "of replicates that kept this peer).",
};

static void set_defaults(void)
{
    memset(&args, 0, sizeof args);
    args.k = 10;
    args.cap_sd = 5.0;
    args.shrinkage = NAN;
    args.jitter = 0.5;
    args.seed = 42;
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
    if (args.k < 1) {
        return cli_usage_error(&doc, "--k must be at least 1");
    }
    if (args.cap_sd < 0.0) {
        return cli_usage_error(&doc, "--cap-sd must be >= 0 (0 means no cap)");
    }
    if (!isnan(args.shrinkage) && !(args.shrinkage >= 0.0 && args.shrinkage <= 1.0)) {
        return cli_usage_error(&doc, "--shrinkage must be between 0 and 1");
    }
    if (!isnan(args.shrinkage) && args.method != TDM_PEERS_MAHALANOBIS) {
        return cli_usage_error(&doc, "--shrinkage applies to --method mahalanobis only");
    }
    if (!(args.jitter >= 0.0 && args.jitter < 1.0)) {
        return cli_usage_error(&doc, "--jitter must be in [0, 1)");
    }
    return -1;
}

static int write_rows(tdm_writer *w, const cli_context *c, const tdm_peers_result *r)
{
    int rc = TDM_OK;
    for (size_t i = 0; i < c->t.n && rc == TDM_OK; i++) {
        const uint32_t *peer;
        const double *dist, *freq;
        size_t k = tdm_peers_result_list(r, i, &peer, &dist);
        double med = tdm_peers_result_median_distance(r, i);
        double stab = tdm_peers_result_stability(r, i, &freq);
        for (size_t q = 0; q < k && rc == TDM_OK; q++) {
            const char *id = c->t.ids[i], *pid = c->t.ids[peer[q]];
            (void)tdm_writer_str(w, id, strlen(id));
            (void)tdm_writer_str(w, pid, strlen(pid));
            (void)tdm_writer_int(w, (int64_t)(q + 1));
            (void)tdm_writer_num(w, dist[q]);
            (void)tdm_writer_num(w, med > 0.0 ? dist[q] / med : (double)NAN);
            if (args.stability > 0) {
                (void)tdm_writer_num(w, stab);
                (void)tdm_writer_num(w, freq != NULL ? freq[q] : (double)NAN);
            }
            rc = tdm_writer_end_row(w);
        }
    }
    return rc;
}

int cmd_peers(int argc, char **argv)
{
    static const char *const cols[] = {
        "id", "peer_id", "rank", "distance", "relative_distance", "stability", "peer_frequency"
    };
    cli_context c;
    cli_out out;
    tdm_writer *w = NULL;
    tdm_peers_result *r = NULL;
    tdm_peers_options o;
    tdm_error err;
    cli_read_opts ro;
    char na_buf[1024];
    const char *na_list[32];
    int exit_code, rc;

    set_defaults();
    memset(&c, 0, sizeof c);
    memset(&out, 0, sizeof out);
    out.fd = -1;
    memset(&err, 0, sizeof err);
    exit_code = cli_parse(&doc, argc, argv);
    exit_code = exit_code >= 0 ? exit_code : check_args();
    exit_code = exit_code >= 0 ? exit_code : cli_context_args(&c, &doc, args.vars, args.weights);
    exit_code = exit_code >= 0 ? exit_code : read_options(&ro, na_buf, sizeof na_buf, na_list);
    if (exit_code >= 0) {
        goto done;
    }
    tdm_peers_options_init(&o);
    o.method = args.method;
    o.k = args.k;
    o.cap_sd = args.cap_sd;
    o.transform = args.transform;
    o.shrinkage = args.shrinkage;
    o.replicates = args.stability;
    o.seed = (uint64_t)args.seed;
    o.jitter = args.jitter;
    rc = cli_context_read(&c, args.input, args.id, NULL, 0, &ro, &err);
    rc = rc ? rc : cli_context_peers(&c, NULL, c.t.n, &o, &r, &err);
    if (rc != TDM_OK) {
        exit_code = cli_fail("peers", rc, &err);
        goto done;
    }
    if (cli_out_open(&out, "peers", args.output) != 0) {
        exit_code = EXIT_IO;
        goto done;
    }
    rc = tdm_writer_open(&w, cli_out_write, &out,
                         args.format == 1 ? TDM_FORMAT_JSON : TDM_FORMAT_CSV, cols,
                         args.stability > 0 ? 7 : 5);
    rc = rc ? rc : write_rows(w, &c, r);
    rc = rc ? rc : tdm_writer_finish(w);
    if (rc != TDM_OK) {
        exit_code = rc == TDM_EIO && out.failed_errno != 0 ? cli_out_commit(&out, "peers")
                                                           : cli_fail("peers", rc, &err);
        goto done;
    }
    exit_code = cli_out_commit(&out, "peers");
    if (exit_code == 0 && args.verbose) {
        fprintf(stderr, "tandem peers: %zu units, %zu variables, %zu peers each", c.t.n, c.n_vars,
                tdm_peers_result_list(r, 0, NULL, NULL));
        if (args.method == TDM_PEERS_MAHALANOBIS) {
            fprintf(stderr, ", correlation shrinkage %.4g", tdm_peers_result_lambda(r));
        }
        fprintf(stderr, "\n");
    }
done:
    cli_out_abort(&out);
    tdm_writer_free(w);
    tdm_peers_result_free(r);
    cli_context_free(&c);
    return exit_code;
}
