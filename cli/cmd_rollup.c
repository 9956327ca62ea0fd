/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cmd_rollup.c - `tandem rollup`: streaming group-by of a CSV through
 * lookups, every level in one pass, with small-number suppression.
 * Options -> lookup (tdm_lookup_load) -> tdm_rollup_run -> tdm_rollup_suppress
 * -> table writer.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "list.h"
#include "opt.h"
#include "out.h"

enum { UNMATCHED_SKIP, UNMATCHED_FAIL, UNMATCHED_KEEP };

typedef struct rollup_args {
    const char *input, *output, *key, *lookup, *lookup_key, *levels, *by, *sum, *mean, *weight;
    const char *total, *marker;
    double suppress; /* NaN: no suppression */
    int unmatched, missing, format, no_secondary, missing_counts, verbose;
} rollup_args;

static rollup_args args;

static const char *const unmatched_choices[] = { "skip", "fail", "keep", NULL };
static const char *const missing_choices[] = { "skip", "fail", NULL };
static const char *const format_choices[] = { "csv", "json", NULL };

static const cli_option options[] = {
    { "input", 'i', CLI_OPT_STRING, &args.input, "FILE", "CSV input with a header row [stdin].",
      NULL, 0 },
    { "output", 'o', CLI_OPT_STRING, &args.output, "FILE",
      "Write here (replaced only when the run succeeds) [stdout].", NULL, 0 },
    { "key", 0, CLI_OPT_STRING, &args.key, "COL",
      "Input column holding the key looked up (e.g. an LSOA code).", NULL, 1 },
    { "lookup", 0, CLI_OPT_STRING, &args.lookup, "FILE,...",
      "Lookup CSV(s) mapping the key to parent codes; a later file joins on its first column "
      "that an earlier one also has [none: group by the key].",
      NULL, 0 },
    { "lookup-key", 0, CLI_OPT_STRING, &args.lookup_key, "COL",
      "Column of the first lookup holding the key [the --key name].", NULL, 0 },
    { "levels", 0, CLI_OPT_STRING, &args.levels, "COL,...",
      "Lookup columns to roll up to, all in one pass; the --key name means the key itself "
      "[the key].",
      NULL, 0 },
    { "by", 0, CLI_OPT_STRING, &args.by, "COL,...",
      "Split every level further by these columns of the input, else of the lookup (e.g. an "
      "IMD decile).",
      NULL, 0 },
    { "sum", 0, CLI_OPT_STRING, &args.sum, "COL,...",
      "Input columns to sum (numerators, denominators, counts, flags).", NULL, 0 },
    { "mean", 0, CLI_OPT_STRING, &args.mean, "COL,...",
      "Columns to average, from the input or else the lookup (e.g. an IMD rank per key).", NULL,
      0 },
    { "weight", 0, CLI_OPT_STRING, &args.weight, "COL",
      "Input column weighting the means (e.g. population) [unweighted].", NULL, 0 },
    { "total", 0, CLI_OPT_STRING, &args.total, "NAME",
      "Add a last level \"total\" with this one code (e.g. England).", NULL, 0 },
    { "suppress", 0, CLI_OPT_DOUBLE, &args.suppress, "N",
      "Hide row counts and sums from 1 to below N, plus the cells that would reveal them "
      "[no suppression].",
      NULL, 0 },
    { "marker", 0, CLI_OPT_STRING, &args.marker, "TEXT", "Shown in place of a hidden cell [*].",
      NULL, 0 },
    { "no-secondary", 0, CLI_OPT_FLAG, &args.no_secondary, NULL,
      "Hide only the small cells themselves, not those that would reveal them by subtraction.",
      NULL, 0 },
    { "unmatched", 0, CLI_OPT_CHOICE, &args.unmatched, NULL,
      "Rows whose key is not in the lookup: skip them (counted and reported), fail, or keep "
      "them under an empty code [skip].",
      unmatched_choices, 0 },
    { "missing", 0, CLI_OPT_CHOICE, &args.missing, NULL,
      "Missing (NA) and suppressed (*) values: skip them (counted) or fail [skip].",
      missing_choices, 0 },
    { "missing-counts", 0, CLI_OPT_FLAG, &args.missing_counts, NULL,
      "Add a COL_missing column per value: values left out as missing or suppressed.", NULL, 0 },
    { "format", 'f', CLI_OPT_CHOICE, &args.format, NULL, "Output format [csv].", format_choices,
      0 },
    { "verbose", 'v', CLI_OPT_FLAG, &args.verbose, NULL,
      "Report rows, keys, groups, missing values and hidden cells on stderr.", NULL, 0 },
};

static const cli_example examples[] = {
    { "Population and IMD decile mix of every ICB and sub-ICB, from LSOA data (bundled)",
      "tandem rollup -i data/lsoa11_population_imd.csv --key lsoa11_code "
      "--lookup data/lookup_lsoa11_icb22.csv --levels sicbl22_code,icb22_code --by IMD_decile "
      "--sum population --total England" },
    { "Patient-level extract to four levels at once, small numbers hidden for sharing",
      "tandem rollup -i records.csv --key lsoa11_code --lookup lsoa_lookup.csv,icb_region.csv "
      "--levels msoa11_code,ltla22_code,icb22_code,region_code --sum diabetes,hypertension "
      "--suppress 8" },
    { "Population-weighted mean IMD rank per ICB, the rank taken from a second lookup",
      "tandem rollup -i population.csv --key lsoa11_code --lookup lookup.csv,imd.csv "
      "--levels icb22_code --sum population --mean IMD_rank --weight population" },
};

static const cli_command_doc doc = {
    "rollup",
    "Roll a CSV up through lookups to every level at once, with small-number suppression",
    "Reads a large CSV once (for example one row per patient or per LSOA) and adds each row "
    "to its key's totals: the number of rows, the sums of the --sum columns, and weighted "
    "sums for the --mean columns. The keys are then folded into every level named by "
    "--levels (columns of the lookup files: sub-ICB, ICB, region ...). Memory grows with the "
    "number of distinct keys, not with the rows, and the cost of a row does not depend on the "
    "number of levels. Sums use compensated (Neumaier) summation.\n\n"
    "Lookups: the first file maps the key (column --lookup-key, by default the --key name) to "
    "its parent codes; each further file joins on its first column that an earlier file also "
    "has (for example icb22_code -> region). A lookup that gives one key two different codes "
    "in a column is an error naming both lines. Rows whose key is not in the lookup are left "
    "out, counted and reported on stderr (--unmatched fail stops at the first; keep puts them "
    "under an empty code).\n\n"
    "Missing values (empty, NA, NULL, .) and suppressed values (*, c, [c], [x]) are left out "
    "of sums and means and counted (--missing-counts shows them per group); any other text in "
    "a value column is an error naming the file, line and column.\n\n"
    "Small-number suppression (--suppress N): a row count or sum from 1 up to below N is "
    "replaced by the marker (zero is shown). Then, in every pair of levels where one nests in "
    "the other in the data (sub-ICB in ICB, any level in --total), a parent that is shown "
    "with exactly one hidden child would give that child away by subtraction, so the "
    "smallest shown non-zero sibling is hidden too, or the parent when there is none; this "
    "repeats until stable. Means are hidden with their group's row count. Not protected: "
    "levels that overlap without nesting (LTLA and ICB), relations between columns, and "
    "other tables of the same data; see docs/methods/aggregation.md.",
    options,
    sizeof options / sizeof *options,
    examples,
    sizeof examples / sizeof *examples,
    "level (the lookup column, the key column, or total), code, one column per --by column, "
    "n_rows, one column per --sum column, COL_mean per --mean column, and with "
    "--missing-counts COL_missing per value column. Rows are ordered by level as given, then "
    "code, then by values (numbers in numeric order before text in byte order). Only groups "
    "with at least one input row appear.",
};

typedef struct rollup_run {
    cli_list lookups, levels, by, sum, mean;
    tdm_csv_reader *input;
    tdm_csv_reader **tables;
    size_t n_tables;
    tdm_lookup *lookup;
    tdm_rollup_result *result;
    tdm_writer *writer;
    cli_out out;
    tdm_error err;
} rollup_run;

static int split(const char *opt, const char *text, cli_list *l)
{
    int rc = cli_list_split(text, l);
    if (rc == -2) {
        return cli_usage_error(&doc, "--%s has an empty name in \"%s\"", opt, text);
    }
    if (rc != 0) {
        fprintf(stderr, "tandem rollup: out of memory\n");
        return EXIT_DATA;
    }
    return -1;
}

static int parse_lists(rollup_run *run)
{
    int rc = split("lookup", args.lookup, &run->lookups);
    rc = rc >= 0 ? rc : split("levels", args.levels, &run->levels);
    rc = rc >= 0 ? rc : split("by", args.by, &run->by);
    rc = rc >= 0 ? rc : split("sum", args.sum, &run->sum);
    rc = rc >= 0 ? rc : split("mean", args.mean, &run->mean);
    if (rc >= 0) {
        return rc;
    }
    if (run->levels.n > 0 && run->lookups.n == 0) {
        for (size_t i = 0; i < run->levels.n; i++) {
            if (strcmp(run->levels.items[i], args.key) != 0) {
                return cli_usage_error(&doc, "--levels %s needs --lookup", run->levels.items[i]);
            }
        }
    }
    if (args.weight != NULL && run->mean.n == 0) {
        return cli_usage_error(&doc, "--weight needs --mean");
    }
    if (!isnan(args.suppress) && args.suppress < 0) {
        return cli_usage_error(&doc, "--suppress must be a number >= 0");
    }
    return -1;
}

static int in_header(const tdm_csv_reader *csv, const char *name)
{
    size_t n;
    const tdm_csv_field *h = tdm_csv_reader_header(csv, &n);
    for (size_t i = 0; i < n; i++) {
        if (h[i].len == strlen(name) && memcmp(h[i].ptr, name, h[i].len) == 0) {
            return 1;
        }
    }
    return 0;
}

/* The lookup columns this run needs: the levels other than the key itself,
 * and the by and mean columns the input does not have. */
static int load_lookup(rollup_run *run)
{
    tdm_lookup_spec spec;
    const char **want;
    size_t n = 0;
    int rc;
    /* NOLINTNEXTLINE(bugprone-sizeof-expression): an array of pointers */
    run->tables = calloc(run->lookups.n, sizeof *run->tables);
    want = calloc(run->levels.n + run->by.n + run->mean.n + 1, sizeof *want);
    if (run->tables == NULL || want == NULL) {
        free(want);
        return TDM_ENOMEM;
    }
    for (size_t i = 0; i < run->lookups.n; i++) {
        rc = tdm_csv_reader_open_path(&run->tables[i], run->lookups.items[i], NULL, &run->err);
        if (rc != TDM_OK) {
            free(want);
            return rc;
        }
        run->n_tables++;
    }
    for (size_t i = 0; i < run->levels.n; i++) {
        if (strcmp(run->levels.items[i], args.key) != 0) {
            want[n++] = run->levels.items[i];
        }
    }
    for (size_t i = 0; i < run->by.n; i++) {
        if (!in_header(run->input, run->by.items[i])) {
            want[n++] = run->by.items[i];
        }
    }
    for (size_t i = 0; i < run->mean.n; i++) {
        if (!in_header(run->input, run->mean.items[i])) {
            want[n++] = run->mean.items[i];
        }
    }
    tdm_lookup_spec_init(&spec);
    spec.tables = run->tables;
    spec.n_tables = run->n_tables;
    spec.key_column = args.lookup_key != NULL ? args.lookup_key : args.key;
    spec.columns = want;
    spec.n_columns = n;
    rc = tdm_lookup_load(&run->lookup, &spec, &run->err);
    free(want);
    return rc;
}

static int compute(rollup_run *run)
{
    tdm_rollup_spec spec;
    int rc;
    tdm_rollup_spec_init(&spec);
    spec.key_column = args.key;
    spec.lookup = run->lookup;
    spec.levels = run->levels.items;
    spec.n_levels = run->levels.n;
    spec.by_columns = run->by.items;
    spec.n_by = run->by.n;
    spec.sum_columns = run->sum.items;
    spec.n_sum = run->sum.n;
    spec.mean_columns = run->mean.items;
    spec.n_mean = run->mean.n;
    spec.weight_column = args.weight;
    spec.total_code = args.total;
    spec.unmatched = args.unmatched == UNMATCHED_FAIL   ? TDM_UNMATCHED_FAIL
                     : args.unmatched == UNMATCHED_KEEP ? TDM_UNMATCHED_KEEP
                                                        : TDM_UNMATCHED_SKIP;
    spec.missing_is_error = args.missing == 1;
    rc = tdm_rollup_run(&run->result, run->input, &spec, &run->err);
    if (rc == TDM_OK && !isnan(args.suppress)) {
        tdm_suppress_options so;
        tdm_suppress_options_init(&so);
        so.threshold = args.suppress;
        so.secondary = !args.no_secondary;
        rc = tdm_rollup_suppress(run->result, &so, &run->err);
    }
    return rc;
}

static char *suffixed(const char *name, const char *suffix)
{
    size_t n = strlen(name) + strlen(suffix) + 1;
    char *s = malloc(n);
    if (s != NULL) {
        snprintf(s, n, "%s%s", name, suffix);
    }
    return s;
}

static int open_writer(rollup_run *run)
{
    size_t nv = run->sum.n + run->mean.n;
    size_t cap = 3 + run->by.n + nv + (args.missing_counts ? nv : 0);
    const char **cols = calloc(cap, sizeof *cols);
    char **owned = calloc(cap, sizeof *owned);
    size_t n = 0;
    size_t n_owned = 0;
    int rc = TDM_ENOMEM;
    if (cols == NULL || owned == NULL) {
        goto done;
    }
    cols[n++] = "level";
    cols[n++] = "code";
    for (size_t j = 0; j < run->by.n; j++) {
        cols[n++] = run->by.items[j];
    }
    cols[n++] = "n_rows";
    for (size_t j = 0; j < run->sum.n; j++) {
        cols[n++] = run->sum.items[j];
    }
    for (size_t j = 0; j < run->mean.n; j++) {
        owned[n_owned] = suffixed(run->mean.items[j], "_mean");
        if (owned[n_owned] == NULL) {
            goto done;
        }
        cols[n++] = owned[n_owned++];
    }
    for (size_t j = 0; args.missing_counts && j < nv; j++) {
        const char *name = j < run->sum.n ? run->sum.items[j] : run->mean.items[j - run->sum.n];
        owned[n_owned] = suffixed(name, "_missing");
        if (owned[n_owned] == NULL) {
            goto done;
        }
        cols[n++] = owned[n_owned++];
    }
    rc = tdm_writer_open(&run->writer, cli_out_write, &run->out,
                         args.format == 1 ? TDM_FORMAT_JSON : TDM_FORMAT_CSV, cols, n);
done:
    for (size_t i = 0; i < n_owned; i++) {
        free(owned[i]);
    }
    free(owned);
    free(cols);
    return rc;
}

static void cell(tdm_writer *w, int hidden, double v)
{
    if (hidden) {
        (void)tdm_writer_str(w, args.marker, strlen(args.marker));
    } else {
        (void)tdm_writer_num(w, v);
    }
}

/* The writer's errors are sticky: one check per row (at end_row) is enough. */
static int write_rows(rollup_run *run)
{
    tdm_writer *w = run->writer;
    size_t n_sum = run->sum.n;
    size_t nv = n_sum + run->mean.n;
    size_t n = tdm_rollup_result_count(run->result);
    int rc = TDM_OK;
    for (size_t i = 0; i < n && rc == TDM_OK; i++) {
        tdm_rollup_row row;
        const char *level;
        tdm_rollup_result_row(run->result, i, &row);
        level = tdm_rollup_result_level(run->result, row.level);
        (void)tdm_writer_str(w, level, strlen(level));
        (void)tdm_writer_str(w, row.code, row.code_len);
        for (size_t j = 0; j < run->by.n; j++) {
            (void)tdm_writer_str(w, row.by[j], row.by_len[j]);
        }
        if (row.hidden[0]) {
            cell(w, 1, 0.0);
        } else {
            (void)tdm_writer_int(w, (int64_t)row.n_rows);
        }
        for (size_t j = 0; j < n_sum; j++) {
            cell(w, row.hidden[1 + j], row.sum[j]);
        }
        for (size_t m = 0; m < run->mean.n; m++) {
            cell(w, row.hidden[1 + n_sum + m], row.mean[m]);
        }
        for (size_t j = 0; args.missing_counts && j < nv; j++) {
            (void)tdm_writer_int(w, (int64_t)(row.n_missing[j] + row.n_supp_in[j]));
        }
        rc = tdm_writer_end_row(w);
    }
    return rc;
}

static void report(const rollup_run *run)
{
    tdm_rollup_stats st;
    tdm_rollup_result_stats(run->result, &st);
    if (st.unmatched_rows > 0 && (args.unmatched == UNMATCHED_SKIP || args.verbose)) {
        fprintf(stderr,
                "tandem rollup: %llu row%s with %s%llu key%s not in the lookup %s (first: line "
                "%llu, \"%s\")\n",
                (unsigned long long)st.unmatched_rows, st.unmatched_rows == 1 ? "" : "s",
                st.unmatched_keys >= (1u << 20) ? "at least " : "",
                (unsigned long long)st.unmatched_keys, st.unmatched_keys == 1 ? "" : "s",
                args.unmatched == UNMATCHED_KEEP ? "kept under an empty code" : "left out",
                (unsigned long long)st.first_unmatched_line, st.first_unmatched_key);
    }
    if (!args.verbose) {
        return;
    }
    fprintf(stderr, "tandem rollup: %llu rows, %zu keys, %zu output rows\n",
            (unsigned long long)st.rows, st.groups, st.out_rows);
    for (size_t j = 0; j < run->sum.n + run->mean.n; j++) {
        const char *name = j < run->sum.n ? run->sum.items[j] : run->mean.items[j - run->sum.n];
        if (st.n_missing[j] + st.n_supp_in[j] > 0) {
            fprintf(stderr, "tandem rollup: %s: %llu missing and %llu suppressed values left out\n",
                    name, (unsigned long long)st.n_missing[j], (unsigned long long)st.n_supp_in[j]);
        }
    }
    if (!isnan(args.suppress)) {
        fprintf(stderr, "tandem rollup: %llu cells hidden below %g, %llu more to protect them\n",
                (unsigned long long)st.hidden_primary, args.suppress,
                (unsigned long long)st.hidden_secondary);
    }
}

static void set_defaults(void)
{
    memset(&args, 0, sizeof args);
    args.suppress = (double)NAN;
    args.marker = "*";
}

static void run_free(rollup_run *run)
{
    cli_out_abort(&run->out);
    tdm_writer_free(run->writer);
    tdm_rollup_result_free(run->result);
    tdm_lookup_free(run->lookup);
    for (size_t i = 0; i < run->n_tables; i++) {
        tdm_csv_reader_free(run->tables[i]);
    }
    free(run->tables);
    tdm_csv_reader_free(run->input);
    cli_list_free(&run->lookups);
    cli_list_free(&run->levels);
    cli_list_free(&run->by);
    cli_list_free(&run->sum);
    cli_list_free(&run->mean);
}

int cmd_rollup(int argc, char **argv)
{
    rollup_run run;
    int exit_code;
    int rc;
    set_defaults();
    memset(&run, 0, sizeof run);
    run.out.fd = -1;
    exit_code = cli_parse(&doc, argc, argv);
    if (exit_code < 0) {
        exit_code = parse_lists(&run);
    }
    if (exit_code >= 0) {
        run_free(&run);
        return exit_code;
    }
    rc = tdm_csv_reader_open_path(&run.input, args.input, NULL, &run.err);
    if (rc == TDM_OK && run.lookups.n > 0) {
        rc = load_lookup(&run);
    }
    rc = rc ? rc : compute(&run);
    if (rc != TDM_OK) {
        exit_code = cli_fail("rollup", rc, &run.err);
        goto done;
    }
    if (cli_out_open(&run.out, "rollup", args.output) != 0) {
        exit_code = EXIT_IO;
        goto done;
    }
    rc = open_writer(&run);
    rc = rc ? rc : write_rows(&run);
    rc = rc ? rc : tdm_writer_finish(run.writer);
    if (rc != TDM_OK) {
        exit_code = rc == TDM_EIO && run.out.failed_errno != 0 ? cli_out_commit(&run.out, "rollup")
                                                               : cli_fail("rollup", rc, &run.err);
        goto done;
    }
    exit_code = cli_out_commit(&run.out, "rollup");
    if (exit_code == 0) {
        report(&run);
    }
done:
    run_free(&run);
    return exit_code;
}
