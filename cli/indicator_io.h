/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * indicator_io.h - what `tandem ci` and `tandem funnel` share: the --by and
 * --confidence lists, output column lists, the benchmark comparison column,
 * error messages that name the input line, and the read-compute-write loop
 * over a group reader with all-or-nothing output (one or two files).
 * No statistics here: every number comes from libtandem.
 */
#ifndef TANDEM_CLI_INDICATOR_IO_H
#define TANDEM_CLI_INDICATOR_IO_H

#include <stddef.h>

#include "opt.h"
#include "out.h"
#include "tandem.h"

#define IND_MAX_LEVELS 8
#define IND_MAX_BY     16

/* A comma-separated list of names (owned). */
typedef struct ind_list {
    char *buf;
    char *names[IND_MAX_BY];
    size_t n;
} ind_list;

/* Output column names being assembled (strings owned). */
typedef struct ind_cols {
    char **names;
    size_t n, cap;
} ind_cols;

typedef struct ind_common {
    const cli_command_doc *doc;
    ind_list by;
    tdm_ci_level levels[IND_MAX_LEVELS];
    char level_names[IND_MAX_LEVELS][16]; /* "95", "998" */
    size_t n_levels;
    int has_benchmark;        /* 1 with --benchmark or --benchmark-col */
    double benchmark;         /* --benchmark, NaN with a column */
    int polarity;             /* tdm_polarity */
    int two_level;            /* 1: two-level comparison */
    size_t level95, level998; /* indexes of 0.95 and 0.998 for two-level */
    int json;
    tdm_csv_reader *csv;
    tdm_group_reader *gr;
    const char *source; /* input name for messages */
    tdm_writer *writer, *writer2;
    cli_out out, out2;
    const char *path2; /* second output (funnel limits) or NULL */
    tdm_error err;
    uint64_t n_groups;
    tdm_csv_options csv_opt; /* --delimiter */
    const char *na_list[32]; /* --na */
    char na_buf[1024];
    size_t n_na;
    int has_na;
    int threads; /* --threads: 2 reads on a second thread */
} ind_common;

/* The options every command shares (cli/input.h) plus --by, as given. */
typedef struct ind_input_args {
    const char *by, *delimiter, *na;
    int json;
    size_t threads; /* --threads (0: the default, 2) */
} ind_input_args;

/* Parse --by, --delimiter, --na and --confidence and check the benchmark
 * options. @return -1 to continue, else the exit code (a usage error was
 * printed). */
int ind_common_init(ind_common *c, const cli_command_doc *doc, const ind_input_args *in,
                    const char *confidence, int bench_value, double bench, int bench_col,
                    int polarity, int two_level);
void ind_common_free(ind_common *c);

void ind_cols_init(ind_cols *c);
int ind_cols_add(ind_cols *c, const char *name);
int ind_cols_addn(ind_cols *c, const char *name, size_t len);
int ind_cols_add_list(ind_cols *c, const ind_list *l);
/* lower_L, upper_L for every level */
int ind_cols_add_levels(ind_cols *c, const ind_common *ic);
void ind_cols_free(ind_cols *c);

/* Open c->writer (second = 0) or c->writer2 (second = 1) with these columns. */
int ind_open_writer_to(ind_common *c, const ind_cols *cols, int second);
/* ind_open_writer_to(c, cols, 0) */
int ind_open_writer(ind_common *c, const ind_cols *cols);

/* A text cell; empty text is a missing value. */
int ind_text_cell(tdm_writer *w, const char *s);
/* The comparison cell for intervals ci (one per level); the benchmark comes
 * from --benchmark or the group's first value in numeric column col_b. */
int ind_write_comparison(ind_common *c, const tdm_group *g, size_t col_b, const tdm_interval *ci);

/* Rewrite c->err as "SOURCE: line L: MESSAGE" for row `row` of the group
 * (SIZE_MAX: the row err->line names, if any; otherwise the group). */
int ind_error_at(ind_common *c, const tdm_group *g, size_t row, int status);
/* Same with a message of our own. */
int ind_fail_group(ind_common *c, const tdm_group *g, size_t row, int status, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
/* "WHAT V MSG" into c->err; returns TDM_EDOMAIN. */
int ind_fail_value(ind_common *c, const char *what, double v, const char *msg);

/* Load a standard population CSV (columns ageband, stdpop). @return exit code. */
int ind_load_stdpop(const char *cmd, const char *path, tdm_stdpop **out);

typedef int (*ind_open_fn)(void *ctx);
typedef int (*ind_process_fn)(void *ctx, const tdm_group *g);

/* Open input and outputs, call open(ctx) to create the writers, process
 * every group, restart cleanly if the reader must re-read, finish and commit.
 * @return the exit code. */
int ind_run(ind_common *c, const char *cmd, const char *input, const char *output,
            const tdm_group_spec *spec, ind_open_fn open, ind_process_fn process, void *ctx);

/* "-v": groups and rows on stderr. */
void ind_report(const ind_common *c, const char *cmd);

#endif
