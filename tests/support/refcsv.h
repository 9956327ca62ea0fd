/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * refcsv.h - load a reference CSV from tests/ref (path relative to it) into
 * memory for unit tests: cells as text, numbers on request. The directory is
 * passed at build time as TDM_REF_DIR, so tests never depend on the working
 * directory. Failures abort the test (they are test bugs).
 */
#ifndef TDM_TEST_REFCSV_H
#define TDM_TEST_REFCSV_H

#include <stddef.h>

typedef struct ref_table {
    size_t n_cols, n_rows;
    char **names;
    char ***cells; /* [row][col], NUL-terminated */
} ref_table;

/* Load TDM_REF_DIR/relpath. */
void ref_load(ref_table *t, const char *relpath);
/* Column index by name (aborts if absent). */
size_t ref_col(const ref_table *t, const char *name);
/* Cell as a number; NaN for NA or empty. */
double ref_num(const ref_table *t, size_t row, size_t col);
void ref_free(ref_table *t);

#endif
