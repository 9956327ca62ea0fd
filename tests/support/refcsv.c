/* SPDX-License-Identifier: GPL-3.0-or-later */
/* refcsv.c - see refcsv.h. */
#include "refcsv.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tandem.h"

#ifndef TDM_REF_DIR
#error "TDM_REF_DIR must name tests/ref"
#endif

static char *dup_field(const tdm_csv_field *f)
{
    char *s = malloc(f->len + 1);
    if (s == NULL) {
        abort();
    }
    memcpy(s, f->ptr, f->len);
    s[f->len] = '\0';
    return s;
}

void ref_load(ref_table *t, const char *relpath)
{
    char path[1024];
    tdm_csv_reader *r = NULL;
    tdm_csv_record rec;
    tdm_error err;
    const tdm_csv_field *h;
    size_t cap = 0;
    int rc;
    snprintf(path, sizeof path, "%s/%s", TDM_REF_DIR, relpath);
    if (tdm_csv_reader_open_path(&r, path, NULL, &err) != TDM_OK) {
        fprintf(stderr, "refcsv: %s\n", err.message);
        abort();
    }
    memset(t, 0, sizeof *t);
    h = tdm_csv_reader_header(r, &t->n_cols);
    t->names = calloc(t->n_cols, sizeof *t->names);
    for (size_t c = 0; c < t->n_cols; c++) {
        t->names[c] = dup_field(&h[c]);
    }
    while ((rc = tdm_csv_reader_next(r, &rec, &err)) == 1) {
        if (t->n_rows == cap) {
            cap = cap ? cap * 2 : 64;
            t->cells = realloc(t->cells, cap * sizeof *t->cells);
            if (t->cells == NULL) {
                abort();
            }
        }
        t->cells[t->n_rows] = calloc(t->n_cols, sizeof(char *));
        for (size_t c = 0; c < t->n_cols; c++) {
            t->cells[t->n_rows][c] = dup_field(&rec.fields[c]);
        }
        t->n_rows++;
    }
    if (rc < 0) {
        fprintf(stderr, "refcsv: %s\n", err.message);
        abort();
    }
    tdm_csv_reader_free(r);
}

size_t ref_col(const ref_table *t, const char *name)
{
    for (size_t c = 0; c < t->n_cols; c++) {
        if (strcmp(t->names[c], name) == 0) {
            return c;
        }
    }
    fprintf(stderr, "refcsv: no column %s\n", name);
    abort();
}

double ref_num(const ref_table *t, size_t row, size_t col)
{
    const char *s = t->cells[row][col];
    double v;
    if (tdm_parse_double(s, strlen(s), &v) != TDM_OK) {
        return (double)NAN;
    }
    return v;
}

void ref_free(ref_table *t)
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
    free(t->names);
    memset(t, 0, sizeof *t);
}
