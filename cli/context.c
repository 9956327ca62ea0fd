/* SPDX-License-Identifier: GPL-3.0-or-later */
/* context.c - context variables and peers for the CLI (see context.h). */
#include "context.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int cli_context_args(cli_context *c, const cli_command_doc *doc, const char *vars,
                     const char *weights)
{
    char **w = NULL;
    size_t nw = 0;
    memset(c, 0, sizeof *c);
    if (cli_split_list(vars, &c->vars, &c->n_vars) != 0) {
        return cli_usage_error(doc, "out of memory");
    }
    for (size_t v = 0; v < c->n_vars; v++) {
        if (c->vars[v][0] == '\0') {
            return cli_usage_error(doc, "--vars has an empty name: \"%s\"", vars);
        }
    }
    if (weights == NULL) {
        return -1;
    }
    if (cli_split_list(weights, &w, &nw) != 0) {
        return cli_usage_error(doc, "out of memory");
    }
    if (nw != c->n_vars) {
        cli_free_list(w, nw);
        return cli_usage_error(doc, "--weights has %zu values for %zu variables in --vars", nw,
                               c->n_vars);
    }
    c->weights = calloc(nw + 1, sizeof *c->weights);
    for (size_t v = 0; c->weights != NULL && v < nw; v++) {
        double x;
        if (tdm_parse_double(w[v], strlen(w[v]), &x) != TDM_OK || !isfinite(x) || x < 0.0) {
            int rc = cli_usage_error(doc, "--weights: \"%s\" is not a number >= 0", w[v]);
            cli_free_list(w, nw);
            return rc;
        }
        c->weights[v] = x;
    }
    cli_free_list(w, nw);
    return c->weights != NULL ? -1 : cli_usage_error(doc, "out of memory");
}

int cli_context_read(cli_context *c, const char *path, const char *id_col, const char *const *extra,
                     size_t n_extra, const cli_read_opts *ro, tdm_error *err)
{
    c->cols = calloc(c->n_vars + n_extra + 1, sizeof *c->cols);
    if (c->cols == NULL) {
        return TDM_ENOMEM;
    }
    for (size_t v = 0; v < c->n_vars; v++) {
        c->cols[v] = c->vars[v];
    }
    for (size_t e = 0; e < n_extra; e++) {
        c->cols[c->n_vars + e] = extra[e];
    }
    return cli_table_read(&c->t, path, id_col, c->cols, c->n_vars + n_extra, NULL, 0, ro, err);
}

/* Rewrite a library error about unit u (1-based, in rows order) or variable
 * v (1-based) to name the file, line and column. */
static int remap(const cli_context *c, const size_t *rows, int rc, tdm_error *err)
{
    size_t u = (size_t)err->line, v = err->field;
    char what[200];
    if (rc != TDM_EDOMAIN || v == 0 || v > c->n_vars) {
        return rc;
    }
    if (u == 0) {
        snprintf(err->message, sizeof err->message,
                 "%s: column %u (\"%s\") is constant: it cannot tell units apart; drop it from "
                 "--vars or give it weight 0",
                 c->t.source, c->t.num_col[v - 1], c->vars[v - 1]);
        err->line = 0;
        err->field = c->t.num_col[v - 1];
        return rc;
    }
    /* the library message names the unit and variable by number; keep its reason */
    {
        const char *reason = strstr(err->message, ": ");
        snprintf(what, sizeof what, "%.180s", reason != NULL ? reason + 2 : err->message);
    }
    return cli_table_error(&c->t, err, rc, rows != NULL ? rows[u - 1] : u - 1, (int)(v - 1), what);
}

int cli_context_peers(const cli_context *c, const size_t *rows, size_t n,
                      const tdm_peers_options *opt, tdm_peers_result **out, tdm_error *err)
{
    const size_t p = c->n_vars;
    tdm_peers_options o = *opt;
    double *x = malloc((n * p + 1) * sizeof *x);
    int rc;
    if (x == NULL) {
        return TDM_ENOMEM;
    }
    /* Only the units compared need their context: a row of the context file
     * that no outcome uses may have gaps. */
    for (size_t i = 0; i < n; i++) {
        size_t r = rows != NULL ? rows[i] : i;
        for (size_t v = 0; v < p; v++) {
            if (isnan(c->t.num[r * c->t.n_num + v])) {
                free(x);
                return cli_table_error(&c->t, err, TDM_EDOMAIN, r, (int)v,
                                       "missing context value (every unit compared needs every "
                                       "context variable)");
            }
        }
        memcpy(x + i * p, c->t.num + r * c->t.n_num, p * sizeof *x);
    }
    o.weights = c->weights;
    rc = tdm_peers_compute(x, n, p, &o, out, err);
    free(x);
    return rc == TDM_OK ? rc : remap(c, rows, rc, err);
}

void cli_context_free(cli_context *c)
{
    cli_table_free(&c->t);
    cli_free_list(c->vars, c->n_vars);
    free(c->weights);
    free(c->cols);
    memset(c, 0, sizeof *c);
}
