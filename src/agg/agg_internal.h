/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * agg_internal.h - shared between the files of src/agg: the roll-up result
 * layout (rollup.c builds it, suppress.c marks it) and missing-value text.
 */
#ifndef TDM_AGG_INTERNAL_H
#define TDM_AGG_INTERNAL_H

#include "../core/core.h"

/* A pair of levels where every child code has one parent code in the data:
 * parent[i] is the output row of the parent of output row i (SIZE_MAX for
 * rows of other levels). */
typedef struct tdm__nest {
    size_t child, parent; /* level indexes */
    size_t *parent_of;    /* n_out entries */
} tdm__nest;

struct tdm_rollup_result {
    size_t n_levels; /* including the total level */
    char **level_names;
    size_t n_by, n_sum, n_mean;
    size_t n_out;      /* output rows */
    size_t *level;     /* [row] */
    const char **code; /* [row] -> text in level_maps */
    size_t *code_len;
    const char **by; /* [row * n_by] */
    size_t *by_len;
    uint64_t *n_rows;         /* [row] */
    double *sum;              /* [row * n_sum] */
    double *mean, *weight;    /* [row * n_mean] */
    uint64_t *missing;        /* [row * n_val] */
    uint64_t *supp_in;        /* [row * n_val] */
    uint8_t *hidden;          /* [row * (1 + n_val)] */
    tdm__strmap **level_maps; /* per level: composite code/by keys (own the text) */
    tdm__nest *nests;
    size_t n_nests;
    tdm_rollup_stats stats;
    uint64_t *tot_missing, *tot_supp; /* n_val each */
};

/* Composite keys: parts written as "u32 length, bytes, NUL" one after the
 * other, so each part is NUL-terminated text and the whole is one strmap key.
 * tdm__put_part appends a part to *buf (capacity *cap, used *n). */
TDM__HIDDEN int tdm__put_part(char **buf, size_t *cap, size_t *n, const char *p, size_t len);
/* The k-th part of a composite key and its length. */
TDM__HIDDEN const char *tdm__part(const char *key, size_t k, size_t *len);

/* Output order of codes and by values: numbers (numerically) before text
 * (bytewise, a prefix first). SPEC: agg.rollup.order */
TDM__HIDDEN int tdm__cmp_natural(const char *a, size_t la, const char *b, size_t lb);

/* Stable bottom-up merge sort of an index array v[0..n) with scratch tmp[n];
 * cmp(ctx, a, b) < 0 when a comes first (qsort has no context and is not
 * stable). */
typedef int (*tdm__idx_cmp)(const void *ctx, size_t a, size_t b);
TDM__HIDDEN void tdm__sort_idx(size_t *v, size_t *tmp, size_t n, tdm__idx_cmp cmp, const void *ctx);

/* Flat hash index of short keys (keyidx.c): bytes inline, one slot read per
 * lookup. Keys longer than TDM__KEYIDX_MAX are not indexed (find returns -1,
 * put ignores them). */
#define TDM__KEYIDX_MAX 16
typedef struct tdm__keyidx tdm__keyidx;
TDM__HIDDEN int tdm__keyidx_new(tdm__keyidx **out, size_t expected);
/* @return 1 found (*id), 0 absent, -1 key too long to be indexed. */
TDM__HIDDEN int tdm__keyidx_find(const tdm__keyidx *x, const char *p, size_t len, uint32_t *id);
/* Add a key that is not there yet. @return TDM_OK or TDM_ENOMEM. */
TDM__HIDDEN int tdm__keyidx_put(tdm__keyidx *x, const char *p, size_t len, uint32_t id);
/* The key set is complete (no more puts): switch to a direct array when
 * every key is a fixed prefix plus dense digits. @return TDM_OK, TDM_ENOMEM. */
TDM__HIDDEN int tdm__keyidx_freeze(tdm__keyidx *x);
TDM__HIDDEN void tdm__keyidx_free(tdm__keyidx *x);

/* 1 if the field is one of the strings (after trimming spaces and tabs). */
TDM__HIDDEN int tdm__field_in(const char *p, size_t len, const char *const *list, size_t n);

#endif
