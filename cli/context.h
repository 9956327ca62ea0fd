/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * context.h - the context side shared by `tandem peers`, `pair` and
 * `opportunity`: the --vars / --weights / --method options, the context
 * table, and tdm_peers_compute on a chosen set of units with its errors
 * turned into file/line/column messages.
 */
#ifndef TANDEM_CLI_CONTEXT_H
#define TANDEM_CLI_CONTEXT_H

#include "opt.h"
#include "unit_table.h"

typedef struct cli_context {
    cli_table t; /* context rows, sorted by id */
    char **vars; /* --vars */
    size_t n_vars;
    double *weights;   /* --weights (n_vars), or NULL */
    const char **cols; /* columns read: the variables, then any extra ones */
} cli_context;

/* Parse --vars and --weights. @return -1 to go on, or exit code 2 after a
 * usage message. */
int cli_context_args(cli_context *c, const cli_command_doc *doc, const char *vars,
                     const char *weights);

/* Read the context file with the --vars columns and n_extra more numeric
 * columns after them (coordinates; may be missing). Missing context values
 * are an error in cli_context_peers, for the units compared. @return TDM_OK or a status
 * with err filled. */
int cli_context_read(cli_context *c, const char *path, const char *id_col, const char *const *extra,
                     size_t n_extra, const cli_read_opts *ro, tdm_error *err);

/* Peers of the units rows[0..n-1] (context row indexes, NULL = every row in
 * order). Library errors about a unit or a variable are rewritten to name
 * the file, line and column. */
int cli_context_peers(const cli_context *c, const size_t *rows, size_t n,
                      const tdm_peers_options *opt, tdm_peers_result **out, tdm_error *err);

void cli_context_free(cli_context *c);

#endif
