/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * series_sort.h - order the rows of one series by time, ties by input line,
 * moving every parallel column with them. Internal to src/io.
 */
#ifndef TDM_SERIES_SORT_H
#define TDM_SERIES_SORT_H

#include "../core/core.h"

typedef struct sort_scratch {
    size_t *perm, *tmp; /* permutation and merge buffer */
    size_t cap_perm, cap_tmp;
    void *col; /* column scratch (8-byte items) */
    size_t cap_col;
} sort_scratch;

/* Stable sort by (time, line); already-sorted input costs one pass.
 * @return TDM_OK or TDM_ENOMEM (arrays unchanged). */
TDM__HIDDEN int series_sort(sort_scratch *s, int64_t *time, uint64_t *line, double **num,
                            size_t n_num, size_t n);
TDM__HIDDEN void series_sort_free(sort_scratch *s);

#endif
