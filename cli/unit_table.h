/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * unit_table.h - read a CSV of units (one row per unit, keyed by an id
 * column) into memory for the peers, pair and opportunity commands: numeric
 * and text columns, the input line of every row, duplicate-id detection and
 * messages that name the file, line and column. Input handling only: no
 * statistics here.
 */
#ifndef TANDEM_CLI_UNIT_TABLE_H
#define TANDEM_CLI_UNIT_TABLE_H

#include <stddef.h>
#include <stdint.h>

#include "tandem.h"

typedef struct cli_table {
    char *source;                 /* input name for messages */
    size_t n;                     /* rows (units) */
    size_t n_num;                 /* numeric columns */
    size_t n_str;                 /* text columns */
    char **ids;                   /* n ids */
    double *num;                  /* n x n_num, NaN = missing or suppressed */
    char **str;                   /* n x n_str */
    uint64_t *line;               /* n physical input lines */
    uint32_t *num_col;            /* n_num 1-based column numbers in the file */
    uint32_t *str_col;            /* n_str */
    uint32_t id_col;              /* 1-based */
    const char *const *num_names; /* n_num column names (borrowed from the caller) */
    const char *const *str_names;
    const char *id_name;
    size_t *n_missing;     /* per numeric column: empty, NA, NULL, "." */
    size_t *n_suppressed;  /* per numeric column: *, c, [c], [x] */
    const char *const *na; /* texts meaning missing (borrowed) */
    size_t n_na;
} cli_table;

/* The shared input options (--delimiter, --na; cli/input.h). */
typedef struct cli_read_opts {
    char delimiter;        /* ',' by default */
    const char *const *na; /* texts meaning missing, or NULL: "", NA, NULL, "." */
    size_t n_na;
} cli_read_opts;

/* Read `path` (NULL or "-" = stdin). The columns must exist. An empty id or
 * a repeated id is an error. `ro` may be NULL (defaults). Free with
 * cli_table_free, also after an error. @return TDM_OK or a status with err
 * filled. */
int cli_table_read(cli_table *t, const char *path, const char *id_col, const char *const *num_cols,
                   size_t n_num, const char *const *str_cols, size_t n_str, const cli_read_opts *ro,
                   tdm_error *err);

/* Sort the rows by id (bytewise), so that index order is code order. */
void cli_table_sort(cli_table *t);

/* Index of `id` in a sorted table, or -1. */
long cli_table_find(const cli_table *t, const char *id);

/* Keep only the rows with keep[i] != 0 (order preserved). */
void cli_table_filter(cli_table *t, const uint8_t *keep);

/* The first row with a missing value in numeric column c, or SIZE_MAX. */
size_t cli_table_first_missing(const cli_table *t, size_t c);

void cli_table_free(cli_table *t);

/* Split "a,b,c" into an array of n strings (a copy). @return 0, or -1. */
int cli_split_list(const char *s, char ***out, size_t *n);
void cli_free_list(char **v, size_t n);

/* Fill err with "SOURCE: line N, column K ("NAME"): WHAT" and return status. */
int cli_table_error(const cli_table *t, tdm_error *err, int status, size_t row, int num_col,
                    const char *what);

#endif
