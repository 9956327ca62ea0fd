/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * csvcmp.c - compare a reference CSV (from the R packages) with tandem's
 * output, row by row on key columns, cell by cell on mapped columns.
 * Numbers agree when |a - b| <= rtol * max(|a|, |b|) or |a - b| <= atol;
 * text must be identical; empty, NA and NaN are all "missing" and agree only
 * with each other. Used by the parity tests; exits 1 on any difference.
 *
 *   csvcmp -e EXPECTED -a ACTUAL -k EXP[=ACT],... -c EXP[=ACT],...
 *          [-t RTOL] [-A ATOL] [-s EXPCOL=VALUE]... [-v EXPCOL:FROM=TO]...
 *
 * -s skips expected rows whose column equals the value and -w keeps only
 * rows where it does (documented deviations, each covered by its own test);
 * -v renames a value of an expected column before comparing.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tandem.h"

#define MAXC 64

typedef struct table {
    size_t n_cols, n_rows;
    char **names;
    char ***cells; /* [row][col] */
    uint64_t *line;
} table;

static char *dupn(const char *s, size_t n)
{
    char *d = malloc(n + 1);
    if (d == NULL) {
        perror("csvcmp");
        exit(2);
    }
    memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

static void load(const char *path, table *t)
{
    tdm_csv_reader *r = NULL;
    tdm_error err;
    tdm_csv_record rec;
    const tdm_csv_field *h;
    size_t cap = 0;
    int rc = tdm_csv_reader_open_path(&r, path, NULL, &err);
    if (rc != TDM_OK) {
        fprintf(stderr, "csvcmp: %s\n", err.message);
        exit(2);
    }
    memset(t, 0, sizeof *t);
    h = tdm_csv_reader_header(r, &t->n_cols);
    t->names = calloc(t->n_cols, sizeof *t->names);
    for (size_t c = 0; c < t->n_cols; c++) {
        t->names[c] = dupn(h[c].ptr, h[c].len);
    }
    while ((rc = tdm_csv_reader_next(r, &rec, &err)) == 1) {
        if (t->n_rows == cap) {
            cap = cap ? cap * 2 : 256;
            t->cells = realloc(t->cells, cap * sizeof *t->cells);
            t->line = realloc(t->line, cap * sizeof *t->line);
            if (t->cells == NULL || t->line == NULL) {
                perror("csvcmp");
                exit(2);
            }
        }
        t->cells[t->n_rows] = calloc(t->n_cols, sizeof(char *));
        for (size_t c = 0; c < t->n_cols; c++) {
            t->cells[t->n_rows][c] = dupn(rec.fields[c].ptr, rec.fields[c].len);
        }
        t->line[t->n_rows] = rec.line;
        t->n_rows++;
    }
    if (rc < 0) {
        fprintf(stderr, "csvcmp: %s\n", err.message);
        exit(2);
    }
    tdm_csv_reader_free(r);
}

static void free_table(table *t)
{
    for (size_t r = 0; r < t->n_rows; r++) {
        for (size_t c = 0; c < t->n_cols; c++) {
            free(t->cells[r][c]);
        }
        free(t->cells[r]);
    }
    for (size_t c = 0; c < t->n_cols; c++) {
        free(t->names[c]);
    }
    free(t->cells);
    free(t->line);
    free(t->names);
}

static size_t col(const table *t, const char *name, const char *path)
{
    for (size_t c = 0; c < t->n_cols; c++) {
        if (strcmp(t->names[c], name) == 0) {
            return c;
        }
    }
    fprintf(stderr, "csvcmp: %s has no column \"%s\"\n", path, name);
    exit(2);
}

/* Does row r of t pass the -s/-w filters? Filters on columns t lacks pass. */
static int keep_row(const table *t, size_t r, const char *const *f, size_t n_skip, size_t n_all)
{
    for (size_t s = 0; s < n_all; s++) {
        const char *eq = strchr(f[s], '=');
        size_t c;
        int equal;
        if (eq == NULL) {
            fprintf(stderr, "csvcmp: -s/-w need COL=VALUE\n");
            exit(2);
        }
        for (c = 0; c < t->n_cols; c++) {
            if (strlen(t->names[c]) == (size_t)(eq - f[s]) &&
                strncmp(t->names[c], f[s], (size_t)(eq - f[s])) == 0) {
                break;
            }
        }
        if (c == t->n_cols) {
            continue;
        }
        equal = strcmp(t->cells[r][c], eq + 1) == 0;
        if (s < n_skip ? equal : !equal) {
            return 0;
        }
    }
    return 1;
}

typedef struct pair {
    size_t e, a;
} pair;

static size_t parse_pairs(const char *spec, const table *e, const table *a, const char *ep,
                          const char *ap, pair *out)
{
    char *copy = dupn(spec, strlen(spec));
    size_t n = 0;
    for (char *tok = strtok(copy, ","); tok != NULL && n < MAXC; tok = strtok(NULL, ",")) {
        char *eq = strchr(tok, '=');
        const char *act = tok;
        if (eq != NULL) {
            *eq = '\0';
            act = eq + 1;
        }
        out[n].e = col(e, tok, ep);
        out[n].a = col(a, act, ap);
        n++;
    }
    free(copy);
    return n;
}

static int missing(const char *s)
{
    return s[0] == '\0' || strcmp(s, "NA") == 0 || strcmp(s, "NaN") == 0;
}

static int same(const char *x, const char *y, double rtol, double atol)
{
    double a, b;
    if (missing(x) || missing(y)) {
        return missing(x) && missing(y);
    }
    if (strcmp(x, y) == 0) {
        return 1;
    }
    if (tdm_parse_double(x, strlen(x), &a) != TDM_OK ||
        tdm_parse_double(y, strlen(y), &b) != TDM_OK) {
        return 0;
    }
    return fabs(a - b) <= atol || fabs(a - b) <= rtol * fmax(fabs(a), fabs(b));
}

int main(int argc, char **argv)
{
    const char *ep = NULL, *ap = NULL, *keys = NULL, *cols = NULL;
    const char *skips[MAXC], *renames[MAXC], *wheres[MAXC], *filters[2 * MAXC];
    size_t n_skip = 0, n_ren = 0, n_where = 0;
    double rtol = 1e-9, atol = 1e-12;
    table e, a;
    pair kp[MAXC], cp[MAXC];
    size_t nk, nc;
    size_t compared = 0, bad = 0, used_rows = 0;
    char *used;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (strcmp(argv[i], "-e") == 0) {
            ep = argv[i + 1];
        } else if (strcmp(argv[i], "-a") == 0) {
            ap = argv[i + 1];
        } else if (strcmp(argv[i], "-k") == 0) {
            keys = argv[i + 1];
        } else if (strcmp(argv[i], "-c") == 0) {
            cols = argv[i + 1];
        } else if (strcmp(argv[i], "-t") == 0) {
            rtol = atof(argv[i + 1]);
        } else if (strcmp(argv[i], "-A") == 0) {
            atol = atof(argv[i + 1]);
        } else if (strcmp(argv[i], "-s") == 0 && n_skip < MAXC) {
            skips[n_skip++] = argv[i + 1];
        } else if (strcmp(argv[i], "-w") == 0 && n_where < MAXC) {
            wheres[n_where++] = argv[i + 1];
        } else if (strcmp(argv[i], "-v") == 0 && n_ren < MAXC) {
            renames[n_ren++] = argv[i + 1];
        } else {
            fprintf(stderr, "csvcmp: bad argument %s\n", argv[i]);
            return 2;
        }
    }
    if (ep == NULL || ap == NULL || keys == NULL || cols == NULL) {
        fprintf(stderr, "usage: csvcmp -e EXPECTED -a ACTUAL -k KEYS -c COLUMNS [-t RTOL] "
                        "[-A ATOL] [-s|-w COL=VALUE]... [-v COL:FROM=TO]...\n");
        return 2;
    }
    for (size_t i = 0; i < n_skip; i++) {
        filters[i] = skips[i];
    }
    for (size_t i = 0; i < n_where; i++) {
        filters[n_skip + i] = wheres[i];
    }
    load(ep, &e);
    load(ap, &a);
    nk = parse_pairs(keys, &e, &a, ep, ap, kp);
    nc = parse_pairs(cols, &e, &a, ep, ap, cp);
    used = calloc(a.n_rows + 1, 1);
    for (size_t r = 0; r < e.n_rows; r++) {
        size_t match = SIZE_MAX;
        int skip = 0;
        skip = !keep_row(&e, r, filters, n_skip, n_skip + n_where);
        if (skip) {
            continue;
        }
        for (size_t q = 0; q < a.n_rows && match == SIZE_MAX; q++) {
            size_t k = 0;
            while (k < nk && strcmp(e.cells[r][kp[k].e], a.cells[q][kp[k].a]) == 0) {
                k++;
            }
            if (k == nk && !used[q]) {
                match = q;
            }
        }
        if (match == SIZE_MAX) {
            fprintf(stderr, "%s:%llu: no matching row in %s\n", ep, (unsigned long long)e.line[r],
                    ap);
            bad++;
            continue;
        }
        used[match] = 1;
        used_rows++;
        for (size_t c = 0; c < nc; c++) {
            const char *x = e.cells[r][cp[c].e];
            const char *y = a.cells[match][cp[c].a];
            for (size_t v = 0; v < n_ren; v++) {
                const char *colon = strchr(renames[v], ':');
                const char *eq = colon ? strchr(colon, '=') : NULL;
                if (colon && eq &&
                    strncmp(renames[v], e.names[cp[c].e], (size_t)(colon - renames[v])) == 0 &&
                    strlen(e.names[cp[c].e]) == (size_t)(colon - renames[v]) &&
                    strncmp(colon + 1, x, (size_t)(eq - colon - 1)) == 0 &&
                    strlen(x) == (size_t)(eq - colon - 1)) {
                    x = eq + 1;
                }
            }
            compared++;
            if (!same(x, y, rtol, atol)) {
                bad++;
                if (bad <= 20) {
                    fprintf(stderr, "%s:%llu: %s: expected \"%s\", %s:%llu has \"%s\"\n", ep,
                            (unsigned long long)e.line[r], e.names[cp[c].e], x, ap,
                            (unsigned long long)a.line[match], y);
                }
            }
        }
    }
    for (size_t q = 0; q < a.n_rows; q++) {
        if (!used[q] && keep_row(&a, q, filters, n_skip, n_skip + n_where)) {
            fprintf(stderr, "%s:%llu: row not in the reference\n", ap,
                    (unsigned long long)a.line[q]);
            bad++;
        }
    }
    printf("csvcmp: %zu rows, %zu cells compared, %zu differences\n", used_rows, compared, bad);
    free(used);
    free_table(&e);
    free_table(&a);
    return bad == 0 && used_rows > 0 ? 0 : 1;
}
