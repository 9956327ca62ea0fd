/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * series_sort.c - stable ordering of a series' rows by time. Data usually
 * arrives in time order, so the common case is a single check; otherwise a
 * bottom-up merge sort of row indices (stable, so ties keep input order and
 * output is deterministic) followed by applying the permutation per column.
 */
#include "series_sort.h"

#include <string.h>

static int before(const int64_t *time, const uint64_t *line, size_t a, size_t b)
{
    return time[a] < time[b] || (time[a] == time[b] && line[a] < line[b]);
}

static void merge_sort(size_t *perm, size_t *tmp, size_t n, const int64_t *time,
                       const uint64_t *line)
{
    size_t *src = perm;
    size_t *dst = tmp;
    for (size_t width = 1; width < n; width *= 2) {
        for (size_t lo = 0; lo < n; lo += 2 * width) {
            size_t mid = lo + width < n ? lo + width : n;
            size_t hi = lo + 2 * width < n ? lo + 2 * width : n;
            size_t i = lo, j = mid, k = lo;
            while (i < mid && j < hi) {
                dst[k++] = before(time, line, src[j], src[i]) ? src[j++] : src[i++];
            }
            while (i < mid) {
                dst[k++] = src[i++];
            }
            while (j < hi) {
                dst[k++] = src[j++];
            }
        }
        {
            size_t *t = src;
            src = dst;
            dst = t;
        }
    }
    if (src != perm) {
        memcpy(perm, src, n * sizeof *perm);
    }
}

/* Reorder one column of 8-byte items by s->perm, through the scratch column. */
static void apply8(sort_scratch *s, void *col, size_t n)
{
    unsigned char *c = col;
    unsigned char *t = s->col;
    for (size_t i = 0; i < n; i++) {
        memcpy(t + 8 * i, c + 8 * s->perm[i], 8);
    }
    memcpy(c, t, 8 * n);
}

int series_sort(sort_scratch *s, int64_t *time, uint64_t *line, double **num, size_t n_num,
                size_t n)
{
    size_t i;
    for (i = 1; i < n; i++) {
        if (before(time, line, i, i - 1)) {
            break;
        }
    }
    if (i >= n) {
        return TDM_OK;
    }
    if (tdm__grow((void **)&s->perm, &s->cap_perm, n, sizeof *s->perm) != TDM_OK ||
        tdm__grow((void **)&s->tmp, &s->cap_tmp, n, sizeof *s->tmp) != TDM_OK ||
        tdm__grow(&s->col, &s->cap_col, n, 8) != TDM_OK) {
        return TDM_ENOMEM;
    }
    for (i = 0; i < n; i++) {
        s->perm[i] = i;
    }
    merge_sort(s->perm, s->tmp, n, time, line);
    _Static_assert(sizeof(int64_t) == 8 && sizeof(uint64_t) == 8 && sizeof(double) == 8,
                   "8-byte columns");
    apply8(s, time, n);
    apply8(s, line, n);
    for (size_t k = 0; k < n_num; k++) {
        apply8(s, num[k], n);
    }
    return TDM_OK;
}

void series_sort_free(sort_scratch *s)
{
    tdm__free(s->perm);
    tdm__free(s->tmp);
    tdm__free(s->col);
    memset(s, 0, sizeof *s);
}
