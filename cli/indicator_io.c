/* SPDX-License-Identifier: GPL-3.0-or-later */
/* indicator_io.c - shared plumbing of tandem ci and tandem funnel (see indicator_io.h). */
#include "indicator_io.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "group_pipe.h"
#include "input.h"

/* ---- lists ---- */

static int split_list(const cli_command_doc *doc, const char *flag, const char *s, ind_list *l)
{
    char *p;
    memset(l, 0, sizeof *l);
    if (s == NULL) {
        return -1;
    }
    l->buf = strdup(s);
    if (l->buf == NULL) {
        return cli_usage_error(doc, "out of memory");
    }
    p = l->buf;
    for (;;) {
        char *comma = strchr(p, ',');
        if (comma != NULL) {
            *comma = '\0';
        }
        if (*p == '\0') {
            return cli_usage_error(doc, "%s: empty name in \"%s\"", flag, s);
        }
        if (l->n == IND_MAX_BY) {
            return cli_usage_error(doc, "%s: at most %d names", flag, IND_MAX_BY);
        }
        l->names[l->n++] = p;
        if (comma == NULL) {
            return -1;
        }
        p = comma + 1;
    }
}

/* "95" for 0.95, "998" for 0.998: the level as a percentage without its point. */
static void level_name(double c, char *buf)
{
    char t[TDM_NUMBUF];
    size_t o = 0;
    (void)tdm_format_double(nearbyint(c * 100.0 * 1e9) / 1e9, t);
    for (size_t i = 0; t[i] != '\0' && o < 15; i++) {
        if (t[i] != '.') {
            buf[o++] = t[i];
        }
    }
    buf[o] = '\0';
}

static int parse_levels(ind_common *c, const char *s)
{
    ind_list l;
    int rc = split_list(c->doc, "--confidence", s != NULL ? s : "0.95,0.998", &l);
    if (rc >= 0) {
        free(l.buf);
        return rc;
    }
    for (size_t i = 0; i < l.n && rc < 0; i++) {
        double v;
        tdm_error err;
        if (i == IND_MAX_LEVELS) {
            rc = cli_usage_error(c->doc, "--confidence: at most %d levels", IND_MAX_LEVELS);
        } else if (tdm_parse_double(l.names[i], strlen(l.names[i]), &v) != TDM_OK) {
            rc = cli_usage_error(c->doc, "--confidence: \"%s\" is not a number", l.names[i]);
        } else if (tdm_ci_level_init(&c->levels[i], v, &err) != TDM_OK) {
            rc = cli_usage_error(c->doc, "--confidence: %s%s", err.message,
                                 v > 1.0 && v < 100.0 ? " (write 0.95 for 95%)" : "");
        } else {
            level_name(v, c->level_names[i]);
            for (size_t j = 0; j < i && rc < 0; j++) {
                if (strcmp(c->level_names[j], c->level_names[i]) == 0) {
                    rc = cli_usage_error(c->doc, "--confidence: %s is given twice", l.names[i]);
                }
            }
            c->n_levels = i + 1;
        }
    }
    free(l.buf);
    return rc;
}

int ind_common_init(ind_common *c, const cli_command_doc *doc, const ind_input_args *in,
                    const char *confidence, int bench_value, double bench, int bench_col,
                    int polarity, int two_level)
{
    int rc;
    memset(c, 0, sizeof *c);
    c->doc = doc;
    c->out.fd = c->out2.fd = -1;
    c->json = in->json;
    c->threads = in->threads == 0 ? 2 : (int)in->threads;
    if (in->threads > 2) {
        return cli_usage_error(doc, "--threads must be 1 or 2");
    }
    tdm_csv_options_init(&c->csv_opt);
    rc = cli_delimiter(doc, in->delimiter, &c->csv_opt.delimiter);
    if (rc < 0 && in->na != NULL) {
        c->has_na = 1;
        rc = cli_na_list(doc, in->na, c->na_buf, sizeof c->na_buf, c->na_list,
                         sizeof c->na_list / sizeof *c->na_list, &c->n_na);
    }
    if (rc >= 0) {
        return rc;
    }
    c->polarity = polarity;
    c->two_level = two_level;
    c->has_benchmark = bench_value || bench_col;
    c->benchmark = bench_value ? bench : (double)NAN;
    rc = split_list(doc, "--by", in->by, &c->by);
    rc = rc >= 0 ? rc : parse_levels(c, confidence);
    if (rc >= 0) {
        return rc;
    }
    if (c->has_benchmark && two_level) {
        c->level95 = c->level998 = SIZE_MAX;
        for (size_t i = 0; i < c->n_levels; i++) {
            if (c->levels[i].confidence == 0.95) {
                c->level95 = i;
            }
            if (c->levels[i].confidence == 0.998) {
                c->level998 = i;
            }
        }
        if (c->level95 == SIZE_MAX || c->level998 == SIZE_MAX) {
            return cli_usage_error(doc, "--comparison two-level needs --confidence with both "
                                        "0.95 and 0.998");
        }
    }
    return -1;
}

void ind_common_free(ind_common *c)
{
    cli_out_abort(&c->out);
    cli_out_abort(&c->out2);
    tdm_writer_free(c->writer);
    tdm_writer_free(c->writer2);
    tdm_group_reader_free(c->gr);
    tdm_csv_reader_free(c->csv);
    free(c->by.buf);
    memset(c, 0, sizeof *c);
}

/* ---- output columns ---- */

void ind_cols_init(ind_cols *c)
{
    memset(c, 0, sizeof *c);
}

int ind_cols_addn(ind_cols *c, const char *name, size_t len)
{
    char *copy;
    if (c->n == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 32;
        char **p = realloc(c->names, cap * sizeof *p);
        if (p == NULL) {
            return TDM_ENOMEM;
        }
        c->names = p;
        c->cap = cap;
    }
    copy = malloc(len + 1);
    if (copy == NULL) {
        return TDM_ENOMEM;
    }
    memcpy(copy, name, len);
    copy[len] = '\0';
    c->names[c->n++] = copy;
    return TDM_OK;
}

int ind_cols_add(ind_cols *c, const char *name)
{
    return ind_cols_addn(c, name, strlen(name));
}

int ind_cols_add_list(ind_cols *c, const ind_list *l)
{
    int rc = TDM_OK;
    for (size_t i = 0; i < l->n && rc == TDM_OK; i++) {
        rc = ind_cols_add(c, l->names[i]);
    }
    return rc;
}

int ind_cols_add_levels(ind_cols *c, const ind_common *ic)
{
    int rc = TDM_OK;
    for (size_t i = 0; i < ic->n_levels && rc == TDM_OK; i++) {
        char name[32];
        snprintf(name, sizeof name, "lower_%s", ic->level_names[i]);
        rc = ind_cols_add(c, name);
        snprintf(name, sizeof name, "upper_%s", ic->level_names[i]);
        rc = rc ? rc : ind_cols_add(c, name);
    }
    return rc;
}

void ind_cols_free(ind_cols *c)
{
    for (size_t i = 0; i < c->n; i++) {
        free(c->names[i]);
    }
    free(c->names);
    memset(c, 0, sizeof *c);
}

int ind_open_writer_to(ind_common *c, const ind_cols *cols, int second)
{
    tdm_writer **w = second ? &c->writer2 : &c->writer;
    for (size_t i = 0; i < cols->n; i++) {
        for (size_t j = 0; j < i; j++) {
            if (strcmp(cols->names[i], cols->names[j]) == 0) {
                snprintf(c->err.message, sizeof c->err.message,
                         "two output columns would be called \"%s\"; rename the input column",
                         cols->names[i]);
                c->err.status = TDM_EINVAL;
                return TDM_EINVAL;
            }
        }
    }
    tdm_writer_free(*w);
    *w = NULL;
    return tdm_writer_open(w, cli_out_write, second ? &c->out2 : &c->out,
                           c->json ? TDM_FORMAT_JSON : TDM_FORMAT_CSV,
                           (const char *const *)cols->names, cols->n);
}

int ind_open_writer(ind_common *c, const ind_cols *cols)
{
    return ind_open_writer_to(c, cols, 0);
}

int ind_text_cell(tdm_writer *w, const char *s)
{
    size_t len = s != NULL ? strlen(s) : 0;
    return len == 0 ? tdm_writer_null(w) : tdm_writer_str(w, s, len);
}

int ind_write_comparison(ind_common *c, const tdm_group *g, size_t col_b, const tdm_interval *ci)
{
    double b = c->benchmark;
    int outcome;
    if (col_b != SIZE_MAX) {
        for (size_t i = 0; i < g->n && isnan(b); i++) {
            b = g->num[col_b][i];
        }
    }
    if (c->two_level) {
        outcome = tdm_benchmark_compare2(b, ci[c->level95], ci[c->level998], c->polarity);
    } else {
        outcome = tdm_benchmark_compare(b, ci[0], c->polarity);
    }
    return ind_text_cell(c->writer, tdm_compare_name(outcome));
}

/* ---- errors ---- */

static void group_name(const tdm_group *g, char *buf, size_t cap)
{
    size_t o = 0;
    buf[0] = '\0';
    for (size_t k = 0; k < g->n_keys && o + 4 < cap; k++) {
        int w = snprintf(buf + o, cap - o, "%s%.*s", k ? ", " : "",
                         (int)(g->key[k].len > 40 ? 40 : g->key[k].len), g->key[k].ptr);
        o += w > 0 ? (size_t)w : 0;
    }
}

int ind_error_at(ind_common *c, const tdm_group *g, size_t row, int status)
{
    char msg[sizeof c->err.message];
    size_t idx = row;
    if (idx == SIZE_MAX && c->err.line > 0) {
        idx = (size_t)c->err.line - 1;
    }
    snprintf(msg, sizeof msg, "%s", c->err.message[0] ? c->err.message : tdm_strerror(status));
    c->err.status = status;
    if (idx < g->n) {
        c->err.line = g->line[idx];
        snprintf(c->err.message, sizeof c->err.message, "%s: line %llu: %.200s", c->source,
                 (unsigned long long)g->line[idx], msg);
    } else {
        char name[128];
        group_name(g, name, sizeof name);
        c->err.line = g->n > 0 ? g->line[0] : 0;
        snprintf(c->err.message, sizeof c->err.message, "%s: group \"%s\" (from line %llu): %.150s",
                 c->source, name, (unsigned long long)c->err.line, msg);
    }
    return status;
}

int ind_fail_group(ind_common *c, const tdm_group *g, size_t row, int status, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(c->err.message, sizeof c->err.message, fmt, ap);
    va_end(ap);
    c->err.line = 0;
    if (row == 0 && g->n_keys > 0 && strstr(fmt, "the group") != NULL) {
        return ind_error_at(c, g, SIZE_MAX, status);
    }
    return ind_error_at(c, g, row, status);
}

int ind_fail_value(ind_common *c, const char *what, double v, const char *msg)
{
    char t[TDM_NUMBUF];
    (void)tdm_format_double(v, t);
    snprintf(c->err.message, sizeof c->err.message, "%s %s %s", what, t, msg);
    c->err.line = 0;
    c->err.status = TDM_EDOMAIN;
    return TDM_EDOMAIN;
}

/* ---- standard population file ---- */

int ind_load_stdpop(const char *cmd, const char *path, tdm_stdpop **out)
{
    tdm_csv_reader *csv = NULL;
    tdm_csv_record rec;
    tdm_error err;
    tdm_csv_field *labels = NULL;
    double *w = NULL;
    char **text = NULL;
    size_t n = 0, cap = 0, cl, cw;
    int rc = tdm_csv_reader_open_path(&csv, path, NULL, &err);
    memset(&err, 0, sizeof err);
    rc = rc ? rc : tdm_csv_reader_column(csv, "ageband", &cl, &err);
    rc = rc ? rc : tdm_csv_reader_column(csv, "stdpop", &cw, &err);
    while (rc == TDM_OK && (rc = tdm_csv_reader_next(csv, &rec, &err)) == 1) {
        rc = TDM_OK;
        if (n == cap) {
            cap = cap ? cap * 2 : 32;
            labels = realloc(labels, cap * sizeof *labels);
            w = realloc(w, cap * sizeof *w);
            text = realloc(text, cap * sizeof *text);
            if (labels == NULL || w == NULL || text == NULL) {
                rc = TDM_ENOMEM;
                break;
            }
        }
        text[n] = strndup(rec.fields[cl].ptr, rec.fields[cl].len);
        labels[n].ptr = text[n];
        labels[n].len = rec.fields[cl].len;
        labels[n].flags = 0;
        if (text[n] == NULL) {
            rc = TDM_ENOMEM;
            break;
        }
        n++;
        if (tdm_parse_double(rec.fields[cw].ptr, rec.fields[cw].len, &w[n - 1]) != TDM_OK) {
            snprintf(err.message, sizeof err.message,
                     "%s: line %llu, column \"stdpop\": \"%.*s\" is not a number", path,
                     (unsigned long long)rec.line,
                     (int)(rec.fields[cw].len > 40 ? 40 : rec.fields[cw].len), rec.fields[cw].ptr);
            rc = TDM_EPARSE;
        }
    }
    if (rc == TDM_OK && n == 0) {
        snprintf(err.message, sizeof err.message, "%s: the standard population has no rows", path);
        rc = TDM_EPARSE;
    }
    if (rc == TDM_OK) {
        rc = tdm_stdpop_new(out, path, labels, w, n, &err);
        if (rc != TDM_OK && err.line > 0) {
            char msg[sizeof err.message];
            snprintf(msg, sizeof msg, "%s", err.message);
            snprintf(err.message, sizeof err.message, "%s: data row %llu: %.200s", path,
                     (unsigned long long)err.line, msg);
        }
    }
    for (size_t i = 0; i < n; i++) {
        free(text[i]);
    }
    free(text);
    free(labels);
    free(w);
    tdm_csv_reader_free(csv);
    return rc == TDM_OK ? EXIT_OK : cli_fail(cmd, rc, &err);
}

/* ---- the loop ---- */

static int open_outputs(ind_common *c, const char *cmd, const char *output)
{
    if (cli_out_open(&c->out, cmd, output) != 0) {
        return EXIT_IO;
    }
    if (c->path2 != NULL && cli_out_open(&c->out2, cmd, c->path2) != 0) {
        return EXIT_IO;
    }
    return EXIT_OK;
}

static int restart(ind_common *c, const char *cmd, ind_open_fn open, void *ctx)
{
    c->n_groups = 0;
    if (cli_out_reset(&c->out, cmd) != 0 || (c->path2 != NULL && cli_out_reset(&c->out2, cmd))) {
        return TDM_EIO;
    }
    return open(ctx);
}

/* The next group, from the reading thread when there is one. */
static int next_group(ind_common *c, group_pipe *pipe, tdm_group *g)
{
    return pipe != NULL ? group_pipe_next(pipe, g, &c->err)
                        : tdm_group_reader_next(c->gr, g, &c->err);
}

static int loop(ind_common *c, const char *cmd, group_pipe *pipe, ind_process_fn process,
                ind_open_fn open, void *ctx)
{
    tdm_group g;
    for (;;) {
        int rc = next_group(c, pipe, &g);
        if (rc == 0) {
            return TDM_OK;
        }
        if (rc == TDM_GROUP_RESTART) {
            rc = restart(c, cmd, open, ctx);
        } else if (rc == 1) {
            c->n_groups++;
            rc = process(ctx, &g);
        }
        if (rc != TDM_OK) {
            return rc;
        }
    }
}

/* Read and compute: on two threads unless --threads 1 (same output). */
static int read_all(ind_common *c, const char *cmd, const tdm_group_spec *s, ind_process_fn process,
                    ind_open_fn open, void *ctx)
{
    group_pipe *pipe = NULL;
    int rc;
    if (c->threads > 1) {
        rc = group_pipe_start(&pipe, c->gr, s->n_num, s->n_text);
        if (rc != TDM_OK) {
            return rc;
        }
    }
    rc = loop(c, cmd, pipe, process, open, ctx);
    group_pipe_free(pipe); /* joins the reader before anyone else touches it */
    return rc;
}

int ind_run(ind_common *c, const char *cmd, const char *input, const char *output,
            const tdm_group_spec *spec, ind_open_fn open, ind_process_fn process, void *ctx)
{
    tdm_group_spec s = *spec;
    int rc = tdm_csv_reader_open_path(&c->csv, input, &c->csv_opt, &c->err);
    int failed_io;
    if (c->has_na) {
        s.na_strings = c->na_list;
        s.n_na = c->n_na;
    }
    if (rc == TDM_OK) {
        rc = tdm_group_reader_open(&c->gr, c->csv, &s, &c->err);
    }
    if (rc != TDM_OK) {
        return cli_fail(cmd, rc, &c->err);
    }
    c->source = tdm_csv_reader_name(c->csv);
    if (open_outputs(c, cmd, output) != EXIT_OK) {
        return EXIT_IO;
    }
    rc = open(ctx);
    rc = rc ? rc : read_all(c, cmd, &s, process, open, ctx);
    rc = rc ? rc : tdm_writer_finish(c->writer);
    if (rc == TDM_OK && c->writer2 != NULL) {
        rc = tdm_writer_finish(c->writer2);
    }
    failed_io = c->out.failed_errno != 0 || c->out2.failed_errno != 0;
    if (rc != TDM_OK) {
        if (rc == TDM_EIO && failed_io) {
            return c->out.failed_errno ? cli_out_commit(&c->out, cmd)
                                       : cli_out_commit(&c->out2, cmd);
        }
        return cli_fail(cmd, rc, &c->err);
    }
    if (c->path2 != NULL) {
        rc = cli_out_commit(&c->out2, cmd);
        if (rc != EXIT_OK) {
            return rc;
        }
    }
    return cli_out_commit(&c->out, cmd);
}

void ind_report(const ind_common *c, const char *cmd)
{
    fprintf(stderr, "tandem %s: %llu groups, %llu rows%s\n", cmd, (unsigned long long)c->n_groups,
            (unsigned long long)tdm_group_reader_rows(c->gr),
            tdm_group_reader_held(c->gr) ? " (rows held: input not grouped)" : "");
}
