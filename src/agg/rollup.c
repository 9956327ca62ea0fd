/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * rollup.c - streaming group-by of a CSV through a lookup, every level in
 * one pass (SPEC: agg.rollup). The input is read once with the zero-copy
 * CSV reader. Each row costs one hash lookup of its key (skipped when the
 * key repeats the previous row's) and one compensated addition per value
 * column into that key's accumulators; the levels (sub-ICB, ICB, region ...)
 * are formed only at the end by folding the keys' totals into each level.
 * So the per-row cost does not grow with the number of levels and memory is
 * bounded by the number of distinct keys, never by the rows.
 */
#include "agg_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NONE         UINT32_MAX
#define KEY_CACHE    64         /* bytes of the previous key kept for the repeat test */
#define MAX_DISTINCT (1u << 20) /* distinct unmatched keys counted at most */

static const char *const default_na[] = { "", "NA", "NULL", "." };
static const char *const default_suppressed[] = { "*", "c", "[c]", "[x]" };

enum { SRC_INPUT, SRC_LOOKUP, SRC_KEY, SRC_TOTAL };

/* Where a level, by value or mean comes from. */
typedef struct source {
    int kind;     /* SRC_* */
    size_t index; /* input field or lookup column */
} source;

/* Accumulators of a set of groups (keys while streaming, output groups at
 * the end). Per group, in three arrays so that a row touches one cache line
 * in the common case: "hot" holds the row count and, per sum column, the
 * exact sum of the whole-number values (0/1 flags, counts); "val" holds
 * compensated sums of the other values (per sum column) and, per mean, the
 * weighted sum and the weight; "cnt" the missing and suppressed counts per
 * value column (touched only when a value is missing). */
typedef struct accs {
    size_t n, cap;
    size_t hs, vs, cs; /* words per group in hot, val and cnt */
    uint64_t *hot;
    tdm__sum *val;
    uint64_t *cnt;
} accs;

typedef struct run {
    const tdm_rollup_spec *spec;
    const tdm_lookup *lk;
    const char *source_name;
    size_t n_sum, n_mean, n_by, n_val, n_levels; /* n_levels includes the total */
    size_t key_field;
    const tdm_csv_field *header; /* input column names (the reader's) */
    size_t n_header;
    size_t *sum_field;
    source *mean_src;
    size_t weight_field; /* SIZE_MAX: unweighted */
    source *by_src;
    source *level_src;
    int has_input_by;
    const char *const *na;
    size_t n_na;
    const char *const *sup;
    size_t n_sup;
    /* keys */
    size_t n_lk_keys;      /* keys of the lookup (0 without one) */
    uint8_t *key_state;    /* per lookup key: 0 unknown, 1 complete, 2 incomplete */
    double *key_attr;      /* per lookup key x lookup means: numeric attribute */
    tdm__strmap *own_keys; /* keys without a lookup, or unmatched keys */
    tdm__keyidx *kidx;     /* short keys -> lookup index (or own_keys id) */
    int distinct_capped;
    /* groups */
    tdm__strmap *combos;    /* input by values -> combo id */
    tdm__keyidx *combo_idx; /* the same, for short encodings */
    tdm__keyidx *group_idx; /* (key ref, combo) -> group, with input by columns */
    size_t n_groups;
    uint32_t *group_key;   /* group -> key ref */
    uint32_t *group_combo; /* group -> combo */
    size_t cap_groups;
    accs acc;
    /* previous key */
    char last_key[KEY_CACHE];
    size_t last_len;
    int last_use; /* resolve_key's answer for it; -1: nothing cached */
    uint32_t last_ref;
    /* The row count and whole-number sums of a row are added one row late,
     * after a prefetch of the group's line: integer sums do not depend on
     * the order of additions, so the results are the same bits, and the
     * cache miss on the accumulators overlaps the next row's parsing. */
    uint64_t *pend;   /* [2 * hs]: two rows' hot deltas (row count first) */
    size_t pend_g[2]; /* their groups */
    int pend_have[2];
    int pend_cur;
    char *scratch; /* composite key buffer */
    size_t cap_scratch;
    tdm_rollup_result *res;
} run;

void tdm_rollup_spec_init(tdm_rollup_spec *s)
{
    memset(s, 0, sizeof *s);
    s->version = TDM_ROLLUP_SPEC_VERSION;
    s->unmatched = TDM_UNMATCHED_SKIP;
}

int tdm__field_in(const char *p, size_t len, const char *const *list, size_t n)
{
    while (len > 0 && (*p == ' ' || *p == '\t')) {
        p++;
        len--;
    }
    while (len > 0 && (p[len - 1] == ' ' || p[len - 1] == '\t')) {
        len--;
    }
    for (size_t i = 0; i < n; i++) {
        if (strlen(list[i]) == len && memcmp(list[i], p, len) == 0) {
            return 1;
        }
    }
    return 0;
}

/* ---- accumulators ---- */

static int accs_reserve(accs *a, size_t need)
{
    size_t cap = a->cap ? a->cap : 256;
    size_t cells;
    void *p;
    if (need <= a->cap) {
        return TDM_OK;
    }
    while (cap < need) {
        cap *= 2;
    }
    if (__builtin_mul_overflow(cap, a->hs, &cells)) {
        return TDM_ENOMEM;
    }
    p = tdm__realloc_array(a->hot, cells, sizeof *a->hot);
    if (p == NULL) {
        return TDM_ENOMEM;
    }
    a->hot = p;
    if (a->vs > 0) {
        if (__builtin_mul_overflow(cap, a->vs, &cells)) {
            return TDM_ENOMEM;
        }
        p = tdm__realloc_array(a->val, cells, sizeof *a->val);
        if (p == NULL) {
            return TDM_ENOMEM;
        }
        a->val = p;
        p = tdm__realloc_array(a->cnt, cap * a->cs, sizeof *a->cnt);
        if (p == NULL) {
            return TDM_ENOMEM;
        }
        a->cnt = p;
    }
    a->cap = cap;
    return TDM_OK;
}

/* Make groups [a->n, n) exist, zeroed. */
static int accs_extend(accs *a, size_t n)
{
    int rc;
    if (n <= a->n) {
        return TDM_OK;
    }
    rc = accs_reserve(a, n);
    if (rc != TDM_OK) {
        return rc;
    }
    memset(a->hot + a->n * a->hs, 0, (n - a->n) * a->hs * sizeof *a->hot);
    if (a->vs > 0) {
        memset(a->val + a->n * a->vs, 0, (n - a->n) * a->vs * sizeof *a->val);
        memset(a->cnt + a->n * a->cs, 0, (n - a->n) * a->cs * sizeof *a->cnt);
    }
    a->n = n;
    return TDM_OK;
}

/* Group g's compensated sums and counts; NULL when the run has no value
 * columns (no arrays: pointer arithmetic on NULL would be undefined). */
static tdm__sum *accs_val(const accs *a, size_t g)
{
    return a->vs > 0 ? a->val + g * a->vs : NULL;
}

static uint64_t *accs_cnt(const accs *a, size_t g)
{
    return a->cs > 0 ? a->cnt + g * a->cs : NULL;
}

/* Add a whole number to an exact integer sum; should the sum pass 2^64,
 * it moves into the compensated sum beside it first. */
static void add_whole(uint64_t *sum, tdm__sum *spill, uint64_t x)
{
    if (__builtin_add_overflow(*sum, x, sum)) {
        tdm__sum_add(spill, (double)(*sum - x));
        *sum = x;
    }
}

/* Add group j of src into group i of dst (same layout). Both parts of each
 * compensated sum are added, so the fold loses nothing. */
static void accs_merge(accs *dst, size_t i, const accs *src, size_t j)
{
    uint64_t *dh = dst->hot + i * dst->hs;
    const uint64_t *sh = src->hot + j * src->hs;
    tdm__sum *d = accs_val(dst, i);
    const tdm__sum *s = accs_val(src, j);
    dh[0] += sh[0];
    for (size_t k = 1; k < dst->hs; k++) {
        add_whole(&dh[k], &d[k - 1], sh[k]);
    }
    for (size_t k = 0; k < dst->vs; k++) {
        tdm__sum_add(&d[k], s[k].s);
        tdm__sum_add(&d[k], s[k].c);
    }
    for (size_t k = 0; k < dst->cs; k++) {
        accs_cnt(dst, i)[k] += accs_cnt(src, j)[k];
    }
}

/* Sum column j of group g: the exact whole-number part and the rest. */
static double accs_sum(const accs *a, size_t g, size_t j)
{
    tdm__sum t = a->val[g * a->vs + j];
    tdm__sum_add(&t, (double)a->hot[g * a->hs + 1 + j]);
    return tdm__sum_value(&t);
}

static void accs_free(accs *a)
{
    tdm__free(a->hot);
    tdm__free(a->val);
    tdm__free(a->cnt);
    memset(a, 0, sizeof *a);
}

/* ---- resolving the spec against the input header and the lookup ---- */

static int input_field(tdm_csv_reader *csv, const char *name, size_t *idx)
{
    size_t n;
    const tdm_csv_field *h = tdm_csv_reader_header(csv, &n);
    for (size_t i = 0; i < n; i++) {
        if (h[i].len == strlen(name) && memcmp(h[i].ptr, name, h[i].len) == 0) {
            *idx = i;
            return 1;
        }
    }
    return 0;
}

/* An input column that must exist (the reader words the error). */
static int need_input(tdm_csv_reader *csv, const char *name, size_t *idx, tdm_error *err)
{
    return tdm_csv_reader_column(csv, name, idx, err);
}

/* An input column, else a lookup column. */
static int input_or_lookup(run *r, tdm_csv_reader *csv, const char *name, const char *what,
                           source *src, tdm_error *err)
{
    if (input_field(csv, name, &src->index)) {
        src->kind = SRC_INPUT;
        return TDM_OK;
    }
    if (r->lk != NULL && tdm_lookup_column(r->lk, name, &src->index)) {
        src->kind = SRC_LOOKUP;
        return TDM_OK;
    }
    return tdm__error(err, TDM_ENOTFOUND, 0, 0,
                      "%s column \"%s\" is neither a column of %s nor of the lookup", what, name,
                      r->source_name);
}

static int resolve_levels(run *r, tdm_error *err)
{
    const tdm_rollup_spec *s = r->spec;
    size_t n = s->n_levels ? s->n_levels : 1;
    r->n_levels = n + (s->total_code != NULL);
    r->level_src = tdm__calloc(r->n_levels, sizeof *r->level_src);
    if (r->level_src == NULL) {
        return TDM_ENOMEM;
    }
    for (size_t l = 0; l < s->n_levels; l++) {
        const char *name = s->levels[l];
        if (r->lk != NULL && tdm_lookup_column(r->lk, name, &r->level_src[l].index)) {
            r->level_src[l].kind = SRC_LOOKUP;
        } else if (strcmp(name, s->key_column) == 0) {
            r->level_src[l].kind = SRC_KEY;
        } else {
            return tdm__error(err, TDM_ENOTFOUND, 0, 0,
                              r->lk != NULL ? "level \"%s\" is not a column of the lookup"
                                            : "level \"%s\" needs a lookup (without one the only "
                                              "level is the key column)",
                              name);
        }
    }
    if (s->n_levels == 0) {
        r->level_src[0].kind = SRC_KEY;
    }
    if (s->total_code != NULL) {
        r->level_src[r->n_levels - 1].kind = SRC_TOTAL;
    }
    return TDM_OK;
}

static int resolve_values(run *r, tdm_csv_reader *csv, tdm_error *err)
{
    const tdm_rollup_spec *s = r->spec;
    int rc;
    r->sum_field = tdm__calloc(r->n_sum ? r->n_sum : 1, sizeof *r->sum_field);
    r->mean_src = tdm__calloc(r->n_mean ? r->n_mean : 1, sizeof *r->mean_src);
    r->by_src = tdm__calloc(r->n_by ? r->n_by : 1, sizeof *r->by_src);
    if (r->sum_field == NULL || r->mean_src == NULL || r->by_src == NULL) {
        return TDM_ENOMEM;
    }
    for (size_t j = 0; j < r->n_sum; j++) {
        rc = need_input(csv, s->sum_columns[j], &r->sum_field[j], err);
        if (rc != TDM_OK) {
            return rc;
        }
    }
    for (size_t j = 0; j < r->n_mean; j++) {
        rc = input_or_lookup(r, csv, s->mean_columns[j], "mean", &r->mean_src[j], err);
        if (rc != TDM_OK) {
            return rc;
        }
    }
    for (size_t j = 0; j < r->n_by; j++) {
        rc = input_or_lookup(r, csv, s->by_columns[j], "by", &r->by_src[j], err);
        if (rc != TDM_OK) {
            return rc;
        }
        r->has_input_by |= r->by_src[j].kind == SRC_INPUT;
    }
    r->weight_field = SIZE_MAX;
    if (s->weight_column != NULL) {
        rc = need_input(csv, s->weight_column, &r->weight_field, err);
        if (rc != TDM_OK) {
            return rc;
        }
    }
    return TDM_OK;
}

static int check_spec(const tdm_rollup_spec *s, tdm_error *err)
{
    if (s->key_column == NULL || (s->n_levels > 0 && s->levels == NULL) ||
        (s->n_by > 0 && s->by_columns == NULL) || (s->n_sum > 0 && s->sum_columns == NULL) ||
        (s->n_mean > 0 && s->mean_columns == NULL) || s->unmatched < TDM_UNMATCHED_SKIP ||
        s->unmatched > TDM_UNMATCHED_KEEP) {
        return tdm__error(err, TDM_EINVAL, 0, 0, "roll-up: key column missing or bad options");
    }
    return TDM_OK;
}

static int setup(run *r, tdm_csv_reader *csv, const tdm_rollup_spec *s, tdm_error *err)
{
    int rc;
    r->spec = s;
    r->lk = s->lookup;
    r->source_name = tdm_csv_reader_name(csv);
    r->n_sum = s->n_sum;
    r->n_mean = s->n_mean;
    r->n_by = s->n_by;
    r->n_val = s->n_sum + s->n_mean;
    r->na = s->na_strings ? s->na_strings : default_na;
    r->n_na = s->na_strings ? s->n_na : sizeof default_na / sizeof *default_na;
    r->sup = s->suppressed ? s->suppressed : default_suppressed;
    r->n_sup =
        s->suppressed ? s->n_suppressed : sizeof default_suppressed / sizeof *default_suppressed;
    r->last_use = -1;
    r->acc.hs = 1 + s->n_sum;
    r->pend = tdm__calloc(2 * r->acc.hs, sizeof *r->pend);
    if (r->pend == NULL) {
        return TDM_ENOMEM;
    }
    r->acc.vs = s->n_sum + 2 * s->n_mean;
    r->acc.cs = 2 * r->n_val;
    r->header = tdm_csv_reader_header(csv, &r->n_header);
    if (r->header == NULL) {
        return tdm__error(err, TDM_EINVAL, 0, 0, "roll-up input needs a header row");
    }
    rc = need_input(csv, s->key_column, &r->key_field, err);
    rc = rc ? rc : resolve_levels(r, err);
    rc = rc ? rc : resolve_values(r, csv, err);
    if (rc != TDM_OK) {
        return rc;
    }
    if (tdm__strmap_new(&r->own_keys) != TDM_OK || tdm__strmap_new(&r->combos) != TDM_OK ||
        tdm__keyidx_new(&r->combo_idx, 64) != TDM_OK ||
        tdm__keyidx_new(&r->group_idx, 1024) != TDM_OK) {
        return TDM_ENOMEM;
    }
    rc = tdm__keyidx_new(&r->kidx, r->lk != NULL ? tdm_lookup_size(r->lk) : 1024);
    if (rc != TDM_OK) {
        return rc;
    }
    if (r->lk != NULL) {
        r->n_lk_keys = tdm_lookup_size(r->lk);
        for (size_t k = 0; k < r->n_lk_keys; k++) {
            size_t len;
            const char *key = tdm_lookup_key(r->lk, k, &len);
            if (tdm__keyidx_put(r->kidx, key, len, (uint32_t)k) != TDM_OK) {
                return TDM_ENOMEM;
            }
        }
        if (tdm__keyidx_freeze(r->kidx) != TDM_OK) {
            return TDM_ENOMEM;
        }
        r->key_state = tdm__calloc(r->n_lk_keys ? r->n_lk_keys : 1, 1);
        r->key_attr = tdm__calloc((r->n_lk_keys ? r->n_lk_keys : 1) * (r->n_mean ? r->n_mean : 1),
                                  sizeof *r->key_attr);
        if (r->key_state == NULL || r->key_attr == NULL) {
            return TDM_ENOMEM;
        }
    }
    return TDM_OK;
}

/* ---- streaming ---- */

static int is_blank(const char *p, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        if (p[i] != ' ' && p[i] != '\t') {
            return 0;
        }
    }
    return 1;
}

/* "FILE: line L, column C ("NAME"): "TEXT" WHAT" */
static int cell_error(const run *r, int status, const tdm_csv_record *rec, size_t field,
                      const char *what, tdm_error *err)
{
    char shown[64];
    const tdm_csv_field *h = &r->header[field];
    tdm__quote_text(shown, sizeof shown, rec->fields[field].ptr, rec->fields[field].len);
    return tdm__error(err, status, rec->line, (uint32_t)field + 1,
                      "%s: line %llu, column %zu (\"%.*s\"): %s %s", r->source_name,
                      (unsigned long long)rec->line, field + 1, (int)(h->len > 60 ? 60 : h->len),
                      h->ptr, shown, what);
}

/*
 * SPEC: agg.rollup.missing - a value is a number, a missing value (the NA
 * strings, or only spaces) or a suppressed value (*, c, [c], [x]); the last
 * two are left out of sums and means and counted apart, or are an error if
 * asked. Anything else is an error naming the cell.
 * @return 2 a whole number in *whole (and *v), 1 another number in *v,
 *         0 missing/suppressed (counted), <0 error.
 */
static int value_at(const run *r, const tdm_csv_record *rec, size_t field, double *v,
                    uint64_t *whole, uint64_t *missing, uint64_t *supp, tdm_error *err)
{
    const tdm_csv_field *f = &rec->fields[field];
    if (f->len > 0 && f->len <= 15) {
        /* Fast path for the common case, 0/1 flags and counts: up to 15
         * digits make a whole number below 2^53, so the double is exact and
         * the same as tdm_parse_double's. Measured: half the parsing time. */
        uint64_t x = 0;
        size_t i = 0;
        for (; i < f->len && (unsigned)(f->ptr[i] - '0') <= 9; i++) {
            x = x * 10 + (uint64_t)(f->ptr[i] - '0');
        }
        if (i == f->len) {
            *whole = x;
            *v = (double)x;
            return 2;
        }
    }
    if (tdm_parse_double(f->ptr, f->len, v) == TDM_OK) {
        return 1; /* the parser rejects inf, nan and overflow */
    }
    if (tdm__field_in(f->ptr, f->len, r->na, r->n_na) || is_blank(f->ptr, f->len)) {
        if (r->spec->missing_is_error) {
            return cell_error(r, TDM_EPARSE, rec, field, "is missing", err);
        }
        (*missing)++;
        return 0;
    }
    if (tdm__field_in(f->ptr, f->len, r->sup, r->n_sup)) {
        if (r->spec->missing_is_error) {
            return cell_error(r, TDM_EPARSE, rec, field, "is suppressed", err);
        }
        (*supp)++;
        return 0;
    }
    return cell_error(r, TDM_EPARSE, rec, field, "is not a number", err);
}

/* Weight of a row for the means: 1 without a weight column; NaN when the
 * weight is missing (the row then counts as missing in every mean). */
static int row_weight(run *r, const tdm_csv_record *rec, uint64_t *cnt, double *w, tdm_error *err)
{
    uint64_t miss = 0;
    uint64_t supp = 0;
    uint64_t whole;
    int rc;
    *w = 1.0;
    if (r->weight_field == SIZE_MAX) {
        return TDM_OK;
    }
    rc = value_at(r, rec, r->weight_field, w, &whole, &miss, &supp, err);
    if (rc < 0) {
        return rc;
    }
    if (rc == 0) {
        for (size_t m = 0; m < r->n_mean; m++) {
            cnt[r->n_sum + m] += miss;
            cnt[r->n_val + r->n_sum + m] += supp;
        }
        *w = (double)NAN;
        return TDM_OK;
    }
    if (*w < 0.0) {
        return cell_error(r, TDM_EDOMAIN, rec, r->weight_field, "is a negative weight", err);
    }
    return TDM_OK;
}

/* Apply pending row k's row count and whole-number sums to its group. */
static void flush_pending(run *r, int k)
{
    accs *a = &r->acc;
    uint64_t *hot;
    const uint64_t *d = r->pend + (size_t)k * a->hs;
    size_t g = r->pend_g[k];
    if (!r->pend_have[k]) {
        return;
    }
    hot = a->hot + g * a->hs;
    hot[0] += d[0];
    for (size_t j = 1; j < a->hs; j++) {
        add_whole(&hot[j], &a->val[g * a->vs + (j - 1)], d[j]);
    }
    r->pend_have[k] = 0;
}

/* SPEC: agg.rollup - one row into group g (of key ref). */
static int add_row(run *r, size_t g, uint32_t ref, const tdm_csv_record *rec, tdm_error *err)
{
    accs *a = &r->acc;
    uint64_t *hot = r->pend + (size_t)r->pend_cur * a->hs;
    tdm__sum *v = accs_val(a, g);
    uint64_t *cnt = accs_cnt(a, g);
    uint64_t whole = 0;
    double w;
    int rc;
    __builtin_prefetch(a->hot + g * a->hs, 1);
    memset(hot, 0, a->hs * sizeof *hot);
    r->pend_g[r->pend_cur] = g;
    r->pend_have[r->pend_cur] = 1;
    hot[0] = 1;
    for (size_t j = 0; j < r->n_sum; j++) {
        double x;
        rc = value_at(r, rec, r->sum_field[j], &x, &whole, &cnt[j], &cnt[r->n_val + j], err);
        if (rc < 0) {
            return rc;
        }
        if (rc == 2) {
            hot[1 + j] = whole;
        } else if (rc == 1) {
            tdm__sum_add(&v[j], x);
        }
    }
    if (r->n_mean == 0) {
        return TDM_OK;
    }
    rc = row_weight(r, rec, cnt, &w, err);
    if (rc != TDM_OK || isnan(w)) {
        return rc;
    }
    for (size_t m = 0; m < r->n_mean; m++) {
        tdm__sum *wx = &v[r->n_sum + 2 * m];
        double x;
        if (r->mean_src[m].kind == SRC_INPUT) {
            rc = value_at(r, rec, r->mean_src[m].index, &x, &whole, &cnt[r->n_sum + m],
                          &cnt[r->n_val + r->n_sum + m], err);
            if (rc < 0) {
                return rc;
            }
        } else {
            x = ref < r->n_lk_keys ? r->key_attr[(size_t)ref * r->n_mean + m] : (double)NAN;
            rc = !isnan(x);
            if (!rc) {
                cnt[r->n_sum + m]++;
            }
        }
        if (rc > 0) {
            tdm__sum_add(wx, w * x);
            tdm__sum_add(wx + 1, w);
        }
    }
    return TDM_OK;
}

/* Numeric attribute of a lookup key for a mean column taken from the lookup
 * (an IMD rank, say): NaN when empty or a missing-value string. */
static int key_attribute(run *r, size_t k, size_t m, tdm_error *err)
{
    size_t len = 0;
    const char *t = tdm_lookup_code(r->lk, k, r->mean_src[m].index, &len);
    double *x = &r->key_attr[k * r->n_mean + m];
    char shown[64];
    size_t klen = 0;
    const char *key;
    if (t == NULL || tdm__field_in(t, len, r->na, r->n_na) || is_blank(t, len) ||
        tdm__field_in(t, len, r->sup, r->n_sup)) {
        *x = (double)NAN;
        return TDM_OK;
    }
    if (tdm_parse_double(t, len, x) == TDM_OK) {
        return TDM_OK;
    }
    key = tdm_lookup_key(r->lk, k, &klen);
    tdm__quote_text(shown, sizeof shown, t, len);
    return tdm__error(err, TDM_EPARSE, 0, 0,
                      "lookup column \"%s\": %s (key \"%.*s\") is not a number",
                      r->spec->mean_columns[m], shown, (int)(klen > 40 ? 40 : klen), key);
}

/* SPEC: agg.rollup.unmatched - a key is matched when every lookup column the
 * run needs (levels, by columns, means) resolves for it. */
static int key_state(run *r, size_t k, const char **lacking, tdm_error *err)
{
    *lacking = NULL;
    if (r->key_state[k] != 0) {
        /* Known. The column's name only matters to TDM_UNMATCHED_FAIL, which
         * stops at the first unmatched row, so "" does here. */
        *lacking = r->key_state[k] == 1 ? NULL : "";
        return TDM_OK;
    }
    r->key_state[k] = 1;
    for (size_t l = 0; l < r->n_levels; l++) {
        size_t len;
        if (r->level_src[l].kind == SRC_LOOKUP &&
            tdm_lookup_code(r->lk, k, r->level_src[l].index, &len) == NULL) {
            *lacking = r->spec->levels[l];
        }
    }
    for (size_t j = 0; j < r->n_by; j++) {
        size_t len;
        if (r->by_src[j].kind == SRC_LOOKUP &&
            tdm_lookup_code(r->lk, k, r->by_src[j].index, &len) == NULL) {
            *lacking = r->spec->by_columns[j];
        }
    }
    for (size_t m = 0; m < r->n_mean; m++) {
        if (r->mean_src[m].kind == SRC_LOOKUP) {
            int rc = key_attribute(r, k, m, err);
            if (rc != TDM_OK) {
                return rc;
            }
        }
    }
    if (*lacking != NULL) {
        r->key_state[k] = 2;
    }
    return TDM_OK;
}

static void note_unmatched(run *r, const tdm_csv_record *rec, const tdm_csv_field *f)
{
    tdm_rollup_stats *st = &r->res->stats;
    st->unmatched_rows++;
    if (st->first_unmatched_line == 0) {
        size_t n = f->len < sizeof st->first_unmatched_key - 1 ? f->len
                                                               : sizeof st->first_unmatched_key - 1;
        st->first_unmatched_line = rec->line;
        memcpy(st->first_unmatched_key, f->ptr, n);
        st->first_unmatched_key[n] = '\0';
    }
}

static int unmatched_error(const run *r, const tdm_csv_record *rec, const char *lacking,
                           tdm_error *err)
{
    char what[160];
    if (lacking == NULL) {
        snprintf(what, sizeof what, "is not in the lookup");
    } else {
        snprintf(what, sizeof what, "has no \"%.60s\" in the lookup", lacking);
    }
    return cell_error(r, TDM_ENOTFOUND, rec, r->key_field, what, err);
}

enum { KEY_SKIP = 0, KEY_MATCHED = 1, KEY_KEPT = 2 };

/* A key the lookup does not resolve (lacking NULL: absent; found: its index
 * when present but incomplete, else -1). @return KEY_SKIP, KEY_KEPT with
 * *ref, or <0 error. */
static int unmatched(run *r, const tdm_csv_record *rec, const char *lacking, int64_t found,
                     uint32_t *ref, tdm_error *err)
{
    const tdm_csv_field *f = &rec->fields[r->key_field];
    tdm_rollup_stats *st = &r->res->stats;
    int keep = r->spec->unmatched == TDM_UNMATCHED_KEEP;
    uint32_t id = 0;
    int inserted = 0;
    note_unmatched(r, rec, f);
    if (r->spec->unmatched == TDM_UNMATCHED_FAIL) {
        return unmatched_error(r, rec, lacking, err);
    }
    if (found >= 0) {
        if (r->key_state[found] == 2) {
            r->key_state[found] = 3; /* counted once */
            st->unmatched_keys++;
        }
        *ref = (uint32_t)found;
        return keep ? KEY_KEPT : KEY_SKIP;
    }
    if (keep || !r->distinct_capped) {
        int rc = tdm__strmap_intern(r->own_keys, f->ptr, f->len, &id, &inserted);
        if (rc != TDM_OK) {
            return rc == TDM_ELIMIT
                       ? cell_error(r, rc, rec, r->key_field, "is one key too many", err)
                       : rc;
        }
        st->unmatched_keys += (uint64_t)inserted;
        /* Only counted when skipping: cap the set so a wrong key column cannot
         * make memory grow with the rows. */
        r->distinct_capped = !keep && st->unmatched_keys >= MAX_DISTINCT;
    }
    if (!keep) {
        return KEY_SKIP;
    }
    if ((uint64_t)r->n_lk_keys + id >= NONE) {
        return cell_error(r, TDM_ELIMIT, rec, r->key_field, "is one key too many", err);
    }
    *ref = (uint32_t)(r->n_lk_keys + id);
    return KEY_KEPT;
}

/* The key of a row as a key ref: a lookup key index, or (without a lookup,
 * or for unmatched keys kept) n_lk_keys + an id in own_keys.
 * @return KEY_MATCHED, KEY_KEPT, KEY_SKIP or <0 error. */
static int resolve_key(run *r, const tdm_csv_record *rec, uint32_t *ref, tdm_error *err)
{
    const tdm_csv_field *f = &rec->fields[r->key_field];
    const char *lacking = NULL;
    uint32_t id;
    size_t k;
    int hit = tdm__keyidx_find(r->kidx, f->ptr, f->len, &id);
    int rc;
    if (r->lk == NULL) {
        int inserted;
        if (hit == 1) {
            *ref = id;
            return KEY_MATCHED;
        }
        rc = tdm__strmap_intern(r->own_keys, f->ptr, f->len, ref, &inserted);
        if (rc == TDM_OK) {
            rc = tdm__keyidx_put(r->kidx, f->ptr, f->len, *ref);
        }
        if (rc != TDM_OK) {
            return rc == TDM_ELIMIT
                       ? cell_error(r, rc, rec, r->key_field, "is one key too many", err)
                       : rc;
        }
        return KEY_MATCHED;
    }
    /* Every short lookup key is in the index, so a miss there is final. */
    if (hit == 1) {
        k = id;
    } else if (hit == 0 || f->len == 0 || !tdm_lookup_find(r->lk, f->ptr, f->len, &k)) {
        return unmatched(r, rec, NULL, -1, ref, err);
    }
    rc = key_state(r, k, &lacking, err);
    if (rc != TDM_OK) {
        return rc;
    }
    if (lacking != NULL) {
        return unmatched(r, rec, lacking, (int64_t)k, ref, err);
    }
    *ref = (uint32_t)k;
    return KEY_MATCHED;
}

int tdm__put_part(char **buf, size_t *cap, size_t *n, const char *p, size_t len)
{
    uint32_t l32 = (uint32_t)len;
    size_t need = *n + sizeof l32 + len + 1;
    if (len > UINT32_MAX) {
        return TDM_ELIMIT;
    }
    if (need > *cap) {
        size_t ncap = *cap ? *cap : 256;
        char *b;
        while (ncap < need) {
            ncap *= 2;
        }
        b = tdm__realloc_array(*buf, ncap, 1);
        if (b == NULL) {
            return TDM_ENOMEM;
        }
        *buf = b;
        *cap = ncap;
    }
    memcpy(*buf + *n, &l32, sizeof l32);
    if (len > 0) {
        memcpy(*buf + *n + sizeof l32, p, len);
    }
    (*buf)[*n + sizeof l32 + len] = '\0';
    *n = need;
    return TDM_OK;
}

const char *tdm__part(const char *key, size_t k, size_t *len)
{
    uint32_t l32;
    for (;;) {
        memcpy(&l32, key, sizeof l32);
        if (k == 0) {
            *len = l32;
            return key + sizeof l32;
        }
        key += sizeof l32 + l32 + 1;
        k--;
    }
}

static int put_part(run *r, size_t *n, const char *p, size_t len)
{
    return tdm__put_part(&r->scratch, &r->cap_scratch, n, p, len);
}

/* With input by columns: the group of (key ref, by values of this row). */
/* Interned id of the row's input by values (encoded in scratch, n bytes):
 * the short-key index first, the string map for new or long ones. */
static int combo_of(run *r, size_t n, uint32_t *combo)
{
    int inserted;
    int rc;
    if (tdm__keyidx_find(r->combo_idx, r->scratch, n, combo) == 1) {
        return TDM_OK;
    }
    rc = tdm__strmap_intern(r->combos, r->scratch, n, combo, &inserted);
    if (rc == TDM_OK && inserted) {
        rc = tdm__keyidx_put(r->combo_idx, r->scratch, n, *combo);
    }
    return rc;
}

/* With input by columns: the group of (key ref, by values of this row). */
static int group_of(run *r, uint32_t ref, const tdm_csv_record *rec, size_t *g)
{
    size_t n = 0;
    uint32_t combo = 0;
    uint32_t pair[2];
    uint32_t id;
    int rc = TDM_OK;
    for (size_t j = 0; j < r->n_by && rc == TDM_OK; j++) {
        if (r->by_src[j].kind == SRC_INPUT) {
            const tdm_csv_field *f = &rec->fields[r->by_src[j].index];
            rc = put_part(r, &n, f->ptr, f->len);
        }
    }
    rc = rc ? rc : combo_of(r, n, &combo);
    if (rc != TDM_OK) {
        return rc;
    }
    pair[0] = ref;
    pair[1] = combo;
    if (tdm__keyidx_find(r->group_idx, (const char *)pair, sizeof pair, &id) == 1) {
        *g = id;
        return TDM_OK;
    }
    if (r->n_groups >= NONE - 1) {
        return TDM_ELIMIT;
    }
    id = (uint32_t)r->n_groups;
    {
        size_t old_cap = r->cap_groups;
        if (tdm__grow((void **)&r->group_key, &r->cap_groups, (size_t)id + 1,
                      sizeof *r->group_key) != TDM_OK) {
            return TDM_ENOMEM;
        }
        if (r->cap_groups != old_cap) { /* group_combo shares the capacity */
            uint32_t *gc = tdm__realloc_array(r->group_combo, r->cap_groups, sizeof *gc);
            if (gc == NULL) {
                return TDM_ENOMEM;
            }
            r->group_combo = gc;
        }
    }
    rc = tdm__keyidx_put(r->group_idx, (const char *)pair, sizeof pair, id);
    if (rc != TDM_OK) {
        return rc;
    }
    r->group_key[id] = ref;
    r->group_combo[id] = combo;
    r->n_groups++;
    *g = id;
    return TDM_OK;
}

/* memcmp for short keys without the call (most rows differ in a few bytes). */
static int same_bytes(const char *a, const char *b, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (a[i] != b[i]) {
            return 0;
        }
    }
    return 1;
}

/* Resolve the row's key, reusing the answer when it repeats the previous
 * row's key (extracts are often sorted by area or practice). */
static int row_key(run *r, const tdm_csv_record *rec, uint32_t *ref, tdm_error *err)
{
    const tdm_csv_field *f = &rec->fields[r->key_field];
    int use;
    if (r->last_use >= 0 && f->len == r->last_len && same_bytes(f->ptr, r->last_key, f->len)) {
        if (r->last_use != KEY_MATCHED) {
            r->res->stats.unmatched_rows++;
        }
        *ref = r->last_ref;
        return r->last_use;
    }
    use = resolve_key(r, rec, ref, err);
    if (use >= 0 && f->len <= KEY_CACHE) {
        memcpy(r->last_key, f->ptr, f->len);
        r->last_len = f->len;
        r->last_use = use;
        r->last_ref = *ref;
    } else {
        r->last_use = -1;
    }
    return use;
}

static int stream(run *r, tdm_csv_reader *csv, tdm_error *err)
{
    tdm_csv_record rec;
    for (;;) {
        uint32_t ref = 0;
        size_t g;
        int rc = tdm_csv_reader_next(csv, &rec, err);
        if (rc <= 0) {
            flush_pending(r, 0);
            flush_pending(r, 1);
            return rc;
        }
        r->res->stats.rows++;
        rc = row_key(r, &rec, &ref, err);
        if (rc < 0) {
            return rc;
        }
        if (rc == KEY_SKIP) {
            continue;
        }
        g = ref;
        if (r->has_input_by) {
            rc = group_of(r, ref, &rec, &g);
            if (rc != TDM_OK) {
                return rc;
            }
        }
        if (g >= r->acc.n) {
            rc = accs_extend(&r->acc, g + 1);
            if (rc != TDM_OK) {
                return rc;
            }
        }
        rc = add_row(r, g, ref, &rec, err);
        if (rc != TDM_OK) {
            return rc;
        }
        r->pend_cur ^= 1;
        flush_pending(r, r->pend_cur); /* the previous row, prefetched a row ago */
    }
}

/* ---- folding the keys into the levels ---- */

static const char *key_text(const run *r, uint32_t ref, size_t *len)
{
    if (ref < r->n_lk_keys) {
        return tdm_lookup_key(r->lk, ref, len);
    }
    return tdm__strmap_key(r->own_keys, (uint32_t)(ref - r->n_lk_keys), len);
}

/* A lookup column's code for a key ref ("" when unresolved: kept keys). */
static const char *lookup_text(const run *r, uint32_t ref, size_t col, size_t *len)
{
    if (ref < r->n_lk_keys) {
        const char *t = tdm_lookup_code(r->lk, ref, col, len);
        if (t != NULL) {
            return t;
        }
    }
    *len = 0;
    return "";
}

/* Composite key "code, by values" of fine group g at level l, in scratch. */
static int compose(run *r, size_t l, size_t g, size_t *n)
{
    uint32_t ref = r->has_input_by ? r->group_key[g] : (uint32_t)g;
    const char *t = "";
    size_t len = 0;
    size_t k_input = 0;
    int rc;
    *n = 0;
    switch (r->level_src[l].kind) {
    case SRC_KEY:
        t = key_text(r, ref, &len);
        break;
    case SRC_LOOKUP:
        t = lookup_text(r, ref, r->level_src[l].index, &len);
        break;
    default:
        t = r->spec->total_code;
        len = strlen(t);
        break;
    }
    rc = put_part(r, n, t, len);
    for (size_t j = 0; j < r->n_by && rc == TDM_OK; j++) {
        if (r->by_src[j].kind == SRC_INPUT) {
            const char *combo = tdm__strmap_key(r->combos, r->group_combo[g], NULL);
            t = tdm__part(combo, k_input++, &len);
        } else {
            t = lookup_text(r, ref, r->by_src[j].index, &len);
        }
        rc = put_part(r, n, t, len);
    }
    return rc;
}

/* Fold every fine group into its group at each level; fine_out[g * L + l]
 * receives the level-local group (NONE for empty fine groups). */
static int fold(run *r, accs *lv, uint32_t *fine_out)
{
    tdm_rollup_result *res = r->res;
    size_t nl = r->n_levels;
    for (size_t g = 0; g < r->acc.n; g++) {
        if (r->acc.hot[g * r->acc.hs] == 0) {
            for (size_t l = 0; l < nl; l++) {
                fine_out[g * nl + l] = NONE;
            }
            continue;
        }
        res->stats.groups++;
        for (size_t l = 0; l < nl; l++) {
            size_t n;
            uint32_t id;
            int inserted;
            int rc = compose(r, l, g, &n);
            rc = rc ? rc : tdm__strmap_intern(res->level_maps[l], r->scratch, n, &id, &inserted);
            rc = rc ? rc : accs_extend(&lv[l], (size_t)id + 1);
            if (rc != TDM_OK) {
                return rc;
            }
            accs_merge(&lv[l], id, &r->acc, g);
            fine_out[g * nl + l] = id;
        }
    }
    return TDM_OK;
}

/* ---- output order ---- */

typedef struct entry {
    size_t level;
    uint32_t local;
    const char *key; /* composite text in the level map */
    double code_num; /* code as a number, NaN if text */
} entry;

typedef struct order_ctx {
    const entry *e;
    size_t n_by;
} order_ctx;

/* SPEC: agg.rollup.order - numbers (in numeric order) before text (in byte
 * order, a prefix first). */
static int cmp_text(const char *a, size_t la, double na, const char *b, size_t lb, double nb)
{
    int c;
    if (!isnan(na) || !isnan(nb)) {
        if (isnan(na)) {
            return 1;
        }
        if (isnan(nb)) {
            return -1;
        }
        if (na != nb) {
            return na < nb ? -1 : 1;
        }
    }
    c = memcmp(a, b, la < lb ? la : lb);
    if (c != 0) {
        return c;
    }
    return (la > lb) - (la < lb);
}

static double as_number(const char *p, size_t len)
{
    double v;
    return tdm_parse_double(p, len, &v) == TDM_OK ? v : (double)NAN;
}

int tdm__cmp_natural(const char *a, size_t la, const char *b, size_t lb)
{
    return cmp_text(a, la, as_number(a, la), b, lb, as_number(b, lb));
}

static int cmp_entries(const order_ctx *ctx, size_t x, size_t y)
{
    const entry *a = &ctx->e[x];
    const entry *b = &ctx->e[y];
    size_t la, lb;
    const char *pa, *pb;
    int c;
    if (a->level != b->level) {
        return a->level < b->level ? -1 : 1;
    }
    pa = tdm__part(a->key, 0, &la);
    pb = tdm__part(b->key, 0, &lb);
    c = cmp_text(pa, la, a->code_num, pb, lb, b->code_num);
    for (size_t j = 1; j <= ctx->n_by && c == 0; j++) {
        pa = tdm__part(a->key, j, &la);
        pb = tdm__part(b->key, j, &lb);
        c = cmp_text(pa, la, as_number(pa, la), pb, lb, as_number(pb, lb));
    }
    return c != 0 ? c : (x > y) - (x < y);
}

void tdm__sort_idx(size_t *v, size_t *tmp, size_t n, tdm__idx_cmp cmp, const void *ctx)
{
    for (size_t width = 1; width < n; width *= 2) {
        for (size_t lo = 0; lo < n; lo += 2 * width) {
            size_t mid = lo + width < n ? lo + width : n;
            size_t hi = lo + 2 * width < n ? lo + 2 * width : n;
            size_t i = lo;
            size_t j = mid;
            size_t k = lo;
            while (i < mid && j < hi) {
                tmp[k++] = cmp(ctx, v[i], v[j]) <= 0 ? v[i++] : v[j++];
            }
            while (i < mid) {
                tmp[k++] = v[i++];
            }
            while (j < hi) {
                tmp[k++] = v[j++];
            }
        }
        memcpy(v, tmp, n * sizeof *v);
    }
}

static int cmp_entries_cb(const void *ctx, size_t x, size_t y)
{
    return cmp_entries(ctx, x, y);
}

/* ---- the result ---- */

static int alloc_rows(tdm_rollup_result *res, size_t n)
{
    size_t nv = res->n_sum + res->n_mean;
    size_t m = n ? n : 1;
    res->level = tdm__calloc(m, sizeof *res->level);
    res->code = tdm__calloc(m, sizeof *res->code);
    res->code_len = tdm__calloc(m, sizeof *res->code_len);
    res->by = tdm__calloc(m * (res->n_by ? res->n_by : 1), sizeof *res->by);
    res->by_len = tdm__calloc(m * (res->n_by ? res->n_by : 1), sizeof *res->by_len);
    res->n_rows = tdm__calloc(m, sizeof *res->n_rows);
    res->sum = tdm__calloc(m * (res->n_sum ? res->n_sum : 1), sizeof *res->sum);
    res->mean = tdm__calloc(m * (res->n_mean ? res->n_mean : 1), sizeof *res->mean);
    res->weight = tdm__calloc(m * (res->n_mean ? res->n_mean : 1), sizeof *res->weight);
    res->missing = tdm__calloc(m * (nv ? nv : 1), sizeof *res->missing);
    res->supp_in = tdm__calloc(m * (nv ? nv : 1), sizeof *res->supp_in);
    res->hidden = tdm__calloc(m * (1 + nv), sizeof *res->hidden);
    if (res->level == NULL || res->code == NULL || res->code_len == NULL || res->by == NULL ||
        res->by_len == NULL || res->n_rows == NULL || res->sum == NULL || res->mean == NULL ||
        res->weight == NULL || res->missing == NULL || res->supp_in == NULL ||
        res->hidden == NULL) {
        return TDM_ENOMEM;
    }
    res->n_out = n;
    return TDM_OK;
}

/* Output row i from group `local` of level l. */
static void fill_row(tdm_rollup_result *res, size_t i, size_t l, const char *key, const accs *a,
                     size_t local)
{
    size_t nv = res->n_sum + res->n_mean;
    const tdm__sum *v = accs_val(a, local);
    const uint64_t *cnt = accs_cnt(a, local);
    res->level[i] = l;
    res->code[i] = tdm__part(key, 0, &res->code_len[i]);
    for (size_t j = 0; j < res->n_by; j++) {
        res->by[i * res->n_by + j] = tdm__part(key, j + 1, &res->by_len[i * res->n_by + j]);
    }
    res->n_rows[i] = a->hot[local * a->hs];
    for (size_t j = 0; j < res->n_sum; j++) {
        res->sum[i * res->n_sum + j] = accs_sum(a, local, j);
    }
    for (size_t m = 0; m < res->n_mean; m++) {
        double wx = tdm__sum_value(&v[res->n_sum + 2 * m]);
        double w = tdm__sum_value(&v[res->n_sum + 2 * m + 1]);
        res->mean[i * res->n_mean + m] = w > 0.0 ? wx / w : (double)NAN;
        res->weight[i * res->n_mean + m] = w;
    }
    for (size_t k = 0; k < nv; k++) {
        res->missing[i * nv + k] = cnt[k];
        res->supp_in[i * nv + k] = cnt[nv + k];
        res->tot_missing[k] += l == 0 ? cnt[k] : 0;
        res->tot_supp[k] += l == 0 ? cnt[nv + k] : 0;
    }
}

/* Parent (level-local) of every group of level c at level p, or 0 if some
 * group of c lies in two groups of p (the pair does not nest). */
static int parents(const run *r, const uint32_t *fine_out, size_t c, size_t p, uint32_t *up)
{
    size_t nl = r->n_levels;
    for (size_t g = 0; g < r->acc.n; g++) {
        uint32_t ci = fine_out[g * nl + c];
        uint32_t pi = fine_out[g * nl + p];
        if (ci == NONE) {
            continue;
        }
        if (up[ci] == NONE) {
            up[ci] = pi;
        } else if (up[ci] != pi) {
            return 0;
        }
    }
    return 1;
}

static int add_nest(tdm_rollup_result *res, size_t c, size_t p, const uint32_t *up, size_t n_c,
                    const size_t *base, const size_t *where)
{
    tdm__nest *nn = tdm__realloc_array(res->nests, res->n_nests + 1, sizeof *nn);
    size_t *parent_of;
    if (nn == NULL) {
        return TDM_ENOMEM;
    }
    res->nests = nn;
    parent_of = tdm__malloc((res->n_out ? res->n_out : 1) * sizeof *parent_of);
    if (parent_of == NULL) {
        return TDM_ENOMEM;
    }
    for (size_t i = 0; i < res->n_out; i++) {
        parent_of[i] = SIZE_MAX;
    }
    for (size_t k = 0; k < n_c; k++) {
        parent_of[where[base[c] + k]] = where[base[p] + up[k]];
    }
    nn[res->n_nests].child = c;
    nn[res->n_nests].parent = p;
    nn[res->n_nests].parent_of = parent_of;
    res->n_nests++;
    return TDM_OK;
}

/* SPEC: agg.suppress.secondary - which pairs of levels nest in the data:
 * every group of `child` lies within one group of `parent`. */
static int find_nests(run *r, const uint32_t *fine_out, const size_t *base, const size_t *where,
                      const accs *lv)
{
    size_t nl = r->n_levels;
    int rc = TDM_OK;
    for (size_t c = 0; c < nl && rc == TDM_OK; c++) {
        size_t n_c = lv[c].n ? lv[c].n : 1;
        uint32_t *up = tdm__malloc(n_c * sizeof *up);
        if (up == NULL) {
            return TDM_ENOMEM;
        }
        for (size_t p = 0; p < nl && rc == TDM_OK; p++) {
            if (p == c) {
                continue;
            }
            memset(up, 0xff, n_c * sizeof *up);
            if (parents(r, fine_out, c, p, up)) {
                rc = add_nest(r->res, c, p, up, lv[c].n, base, where);
            }
        }
        tdm__free(up);
    }
    return rc;
}

/* Sort the groups of every level into output order and lay out the result. */
static int build(run *r, const accs *lv, const uint32_t *fine_out)
{
    tdm_rollup_result *res = r->res;
    size_t nl = r->n_levels;
    size_t total = 0;
    size_t *base = NULL, *idx = NULL, *tmp = NULL, *where = NULL;
    entry *e = NULL;
    order_ctx ctx;
    int rc = TDM_ENOMEM;
    base = tdm__calloc(nl, sizeof *base);
    if (base == NULL) {
        goto done;
    }
    for (size_t l = 0; l < nl; l++) {
        base[l] = total;
        total += lv[l].n;
    }
    e = tdm__calloc(total ? total : 1, sizeof *e);
    idx = tdm__calloc(total ? total : 1, sizeof *idx);
    tmp = tdm__calloc(total ? total : 1, sizeof *tmp);
    where = tdm__calloc(total ? total : 1, sizeof *where);
    if (e == NULL || idx == NULL || tmp == NULL || where == NULL ||
        alloc_rows(res, total) != TDM_OK) {
        goto done;
    }
    for (size_t l = 0; l < nl; l++) {
        for (size_t k = 0; k < lv[l].n; k++) {
            size_t len;
            const char *code;
            entry *x = &e[base[l] + k];
            x->level = l;
            x->local = (uint32_t)k;
            x->key = tdm__strmap_key(res->level_maps[l], (uint32_t)k, NULL);
            code = tdm__part(x->key, 0, &len);
            x->code_num = as_number(code, len);
            idx[base[l] + k] = base[l] + k;
        }
    }
    ctx.e = e;
    ctx.n_by = r->n_by;
    tdm__sort_idx(idx, tmp, total, cmp_entries_cb, &ctx);
    for (size_t i = 0; i < total; i++) {
        const entry *x = &e[idx[i]];
        where[idx[i]] = i;
        fill_row(res, i, x->level, x->key, &lv[x->level], x->local);
    }
    res->stats.out_rows = total;
    rc = find_nests(r, fine_out, base, where, lv);
done:
    tdm__free(base);
    tdm__free(e);
    tdm__free(idx);
    tdm__free(tmp);
    tdm__free(where);
    return rc;
}

static int level_names(run *r)
{
    tdm_rollup_result *res = r->res;
    res->level_names = tdm__calloc(r->n_levels, sizeof *res->level_names);
    /* NOLINTNEXTLINE(bugprone-sizeof-expression): an array of pointers */
    res->level_maps = tdm__calloc(r->n_levels, sizeof *res->level_maps);
    if (res->level_names == NULL || res->level_maps == NULL) {
        return TDM_ENOMEM;
    }
    res->n_levels = r->n_levels;
    for (size_t l = 0; l < r->n_levels; l++) {
        const char *name = r->level_src[l].kind == SRC_TOTAL ? "total"
                           : r->spec->n_levels == 0          ? r->spec->key_column
                                                             : r->spec->levels[l];
        res->level_names[l] = tdm__strndup(name, strlen(name));
        if (res->level_names[l] == NULL || tdm__strmap_new(&res->level_maps[l]) != TDM_OK) {
            return TDM_ENOMEM;
        }
    }
    return TDM_OK;
}

static int finish(run *r)
{
    size_t nl = r->n_levels;
    accs *lv = tdm__calloc(nl, sizeof *lv);
    uint32_t *fine_out = NULL;
    size_t cells;
    int rc = TDM_ENOMEM;
    if (lv == NULL || __builtin_mul_overflow(r->acc.n ? r->acc.n : 1, nl, &cells)) {
        goto done;
    }
    fine_out = tdm__malloc(cells * sizeof *fine_out);
    if (fine_out == NULL) {
        goto done;
    }
    for (size_t l = 0; l < nl; l++) {
        lv[l].hs = r->acc.hs;
        lv[l].vs = r->acc.vs;
        lv[l].cs = r->acc.cs;
    }
    rc = fold(r, lv, fine_out);
    rc = rc ? rc : build(r, lv, fine_out);
done:
    if (lv != NULL) {
        for (size_t l = 0; l < nl; l++) {
            accs_free(&lv[l]);
        }
    }
    tdm__free(lv);
    tdm__free(fine_out);
    return rc;
}

static void run_free(run *r)
{
    tdm__free(r->sum_field);
    tdm__free(r->mean_src);
    tdm__free(r->by_src);
    tdm__free(r->level_src);
    tdm__free(r->key_state);
    tdm__free(r->key_attr);
    tdm__strmap_free(r->own_keys);
    tdm__keyidx_free(r->kidx);
    tdm__strmap_free(r->combos);
    tdm__keyidx_free(r->combo_idx);
    tdm__keyidx_free(r->group_idx);
    tdm__free(r->group_key);
    tdm__free(r->group_combo);
    tdm__free(r->scratch);
    tdm__free(r->pend);
    accs_free(&r->acc);
}

int tdm_rollup_run(tdm_rollup_result **out, tdm_csv_reader *input, const tdm_rollup_spec *spec,
                   tdm_error *err)
{
    run r;
    tdm_rollup_result *res;
    size_t nv;
    int rc;
    if (out == NULL) {
        return tdm__error(err, TDM_EINVAL, 0, 0, "tdm_rollup_run: out is NULL");
    }
    *out = NULL;
    if (input == NULL || spec == NULL) {
        return tdm__error(err, TDM_EINVAL, 0, 0, "tdm_rollup_run: input and spec are required");
    }
    rc = check_spec(spec, err);
    if (rc != TDM_OK) {
        return rc;
    }
    memset(&r, 0, sizeof r);
    res = tdm__calloc(1, sizeof *res);
    if (res == NULL) {
        return tdm__error(err, TDM_ENOMEM, 0, 0, "out of memory");
    }
    r.res = res;
    res->n_by = spec->n_by;
    res->n_sum = spec->n_sum;
    res->n_mean = spec->n_mean;
    nv = spec->n_sum + spec->n_mean;
    res->tot_missing = tdm__calloc(nv ? nv : 1, sizeof *res->tot_missing);
    res->tot_supp = tdm__calloc(nv ? nv : 1, sizeof *res->tot_supp);
    rc = res->tot_missing == NULL || res->tot_supp == NULL ? TDM_ENOMEM
                                                           : setup(&r, input, spec, err);
    rc = rc ? rc : level_names(&r);
    rc = rc ? rc : stream(&r, input, err);
    rc = rc ? rc : finish(&r);
    run_free(&r);
    if (rc != TDM_OK) {
        if (rc == TDM_ENOMEM) {
            (void)tdm__error(err, rc, 0, 0, "out of memory");
        }
        tdm_rollup_result_free(res);
        return rc;
    }
    *out = res;
    return TDM_OK;
}

size_t tdm_rollup_result_count(const tdm_rollup_result *r)
{
    return r->n_out;
}

size_t tdm_rollup_result_levels(const tdm_rollup_result *r)
{
    return r->n_levels;
}

const char *tdm_rollup_result_level(const tdm_rollup_result *r, size_t level)
{
    return level < r->n_levels ? r->level_names[level] : NULL;
}

void tdm_rollup_result_row(const tdm_rollup_result *r, size_t i, tdm_rollup_row *row)
{
    size_t nv = r->n_sum + r->n_mean;
    row->level = r->level[i];
    row->code = r->code[i];
    row->code_len = r->code_len[i];
    row->by = r->by + i * r->n_by;
    row->by_len = r->by_len + i * r->n_by;
    row->n_rows = r->n_rows[i];
    row->sum = r->sum + i * r->n_sum;
    row->mean = r->mean + i * r->n_mean;
    row->weight = r->weight + i * r->n_mean;
    row->n_missing = r->missing + i * nv;
    row->n_supp_in = r->supp_in + i * nv;
    row->hidden = r->hidden + i * (1 + nv);
}

void tdm_rollup_result_stats(const tdm_rollup_result *r, tdm_rollup_stats *st)
{
    *st = r->stats;
    st->n_missing = r->tot_missing;
    st->n_supp_in = r->tot_supp;
}

void tdm_rollup_result_free(tdm_rollup_result *r)
{
    if (r == NULL) {
        return;
    }
    if (r->level_names != NULL) {
        for (size_t l = 0; l < r->n_levels; l++) {
            tdm__free(r->level_names[l]);
        }
    }
    if (r->level_maps != NULL) {
        for (size_t l = 0; l < r->n_levels; l++) {
            tdm__strmap_free(r->level_maps[l]);
        }
    }
    tdm__free(r->level_names);
    tdm__free(r->level_maps);
    for (size_t k = 0; k < r->n_nests; k++) {
        tdm__free(r->nests[k].parent_of);
    }
    tdm__free(r->nests);
    tdm__free(r->level);
    tdm__free(r->code);
    tdm__free(r->code_len);
    tdm__free(r->by);
    tdm__free(r->by_len);
    tdm__free(r->n_rows);
    tdm__free(r->sum);
    tdm__free(r->mean);
    tdm__free(r->weight);
    tdm__free(r->missing);
    tdm__free(r->supp_in);
    tdm__free(r->hidden);
    tdm__free(r->tot_missing);
    tdm__free(r->tot_supp);
    tdm__free(r);
}
