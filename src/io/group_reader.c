/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * group_reader.c - read a long CSV one group of rows at a time (rows sharing
 * the values of the key columns), with chosen columns parsed as numbers and
 * others kept as text. Used by the indicator commands (tandem ci, tandem
 * funnel): a DSR needs all the age bands of a group, a funnel all the areas
 * of an indicator.
 *
 * Like series_reader.c it streams while rows arrive grouped (memory: the
 * largest group plus the keys seen) and otherwise holds every row's parsed
 * columns and groups them by a stable counting sort on the group number,
 * telling the caller to start over when it had to switch. Text columns are
 * copied into an arena, so they are held too. Groups come out in order of
 * first appearance, rows in input order.
 */
#include "../core/core.h"

#include <math.h>
#include <string.h>

static const char *const default_na[] = { "", "NA", "NULL", "." };

/* Arrays of fields, one per text column (named so sizeof reads plainly). */
typedef tdm_csv_field *field_array;
typedef const tdm_csv_field *const_field_array;
static const char *const default_suppressed[] = { "*", "c", "[c]", "[x]" };

/* Parsed rows: numbers, text (offsets into an arena), line, group id. */
typedef struct rowbuf {
    size_t n, cap;
    uint64_t *line;
    uint32_t *gid; /* hold mode only */
    double **num;  /* n_num arrays */
    size_t **toff; /* n_text arrays of arena offsets */
    size_t **tlen; /* n_text arrays of lengths */
    char *arena;
    size_t used, cap_arena;
} rowbuf;

struct tdm_group_reader {
    tdm_csv_reader *csv;
    int mode;      /* STREAM or HOLD */
    int requested; /* mode asked for */
    int each_row;
    size_t n_keys, n_num, n_text;
    size_t *key_col, *num_col, *text_col;
    char **key_name, **num_name, **text_name;
    const char *const *na;
    size_t n_na;
    const char *const *sup;
    size_t n_sup;
    uint64_t rows_read;
    int done, held;
    tdm__strmap *keys; /* composite keys in order of first appearance */
    char *scratch;     /* composite key of the record being looked at */
    size_t cap_scratch, scratch_len;
    /* the group being built or yielded */
    rowbuf cur;
    uint32_t cur_id;
    int have_cur;
    size_t *cur_missing, *cur_suppressed;
    tdm_csv_field *key_view;
    tdm_csv_field **text_view; /* n_text arrays, rebuilt at yield */
    size_t cap_view;
    const double **num_view;
    const tdm_csv_field **text_ptrs;
    /* stream: the current group's composite key, the keys seen (as hashes),
     * and a record that starts the next group with its key */
    char *cur_key, *pend_key;
    size_t cur_key_len, pend_key_len, cap_cur_key, cap_pend_key;
    uint64_t *seen; /* open addressing, 0 = empty */
    size_t n_seen, cap_seen;
    int have_pending;
    char *p_text;
    size_t p_cap_text;
    tdm_csv_field *p_fields;
    size_t p_cap_fields;
    tdm_csv_record p_rec;
    /* hold */
    rowbuf all;
    size_t *missing_all, *suppressed_all; /* [gid * n_num + k] */
    size_t cap_groups;
    size_t *order, *start;
    size_t next_gid;
    tdm_csv_record row_rec; /* each_row: the current record */
    const char *noun;       /* what rows must be grouped by, for messages (static text) */
};

void tdm_group_spec_init(tdm_group_spec *s)
{
    memset(s, 0, sizeof *s);
    s->version = TDM_GROUP_SPEC_VERSION;
    s->mode = TDM_SERIES_AUTO;
}

uint64_t tdm_group_reader_rows(const tdm_group_reader *r)
{
    return r->rows_read;
}

int tdm_group_reader_held(const tdm_group_reader *r)
{
    return r->held;
}

/* ---- row buffers ---- */

static void rowbuf_free(rowbuf *b, size_t n_num, size_t n_text)
{
    tdm__free(b->line);
    tdm__free(b->gid);
    for (size_t k = 0; b->num != NULL && k < n_num; k++) {
        tdm__free(b->num[k]);
    }
    for (size_t k = 0; b->toff != NULL && k < n_text; k++) {
        tdm__free(b->toff[k]);
    }
    for (size_t k = 0; b->tlen != NULL && k < n_text; k++) {
        tdm__free(b->tlen[k]);
    }
    tdm__free(b->num);
    tdm__free(b->toff);
    tdm__free(b->tlen);
    tdm__free(b->arena);
    memset(b, 0, sizeof *b);
}

static int rowbuf_init(rowbuf *b, size_t n_num, size_t n_text)
{
    memset(b, 0, sizeof *b);
    b->num = tdm__calloc(n_num + 1, sizeof *b->num);
    b->toff = tdm__calloc(n_text + 1, sizeof *b->toff);
    b->tlen = tdm__calloc(n_text + 1, sizeof *b->tlen);
    return b->num && b->toff && b->tlen ? TDM_OK : TDM_ENOMEM;
}

#define GROW(ptr, cap)                                              \
    do {                                                            \
        void *p_ = tdm__realloc_array((ptr), (cap), sizeof *(ptr)); \
        if (p_ == NULL) {                                           \
            return TDM_ENOMEM;                                      \
        }                                                           \
        (ptr) = p_;                                                 \
    } while (0)

static int rowbuf_reserve(rowbuf *b, size_t need, size_t n_num, size_t n_text, int with_gid)
{
    size_t cap;
    if (need <= b->cap) {
        return TDM_OK;
    }
    cap = b->cap < 64 ? 64 : b->cap;
    while (cap < need) {
        cap *= 2;
    }
    GROW(b->line, cap);
    if (with_gid) {
        GROW(b->gid, cap);
    }
    for (size_t k = 0; k < n_num; k++) {
        GROW(b->num[k], cap);
    }
    for (size_t k = 0; k < n_text; k++) {
        GROW(b->toff[k], cap);
        GROW(b->tlen[k], cap);
    }
    b->cap = cap;
    return TDM_OK;
}

static int arena_put(rowbuf *b, const char *s, size_t len, size_t *off)
{
    if (b->used + len + 1 > b->cap_arena &&
        tdm__grow((void **)&b->arena, &b->cap_arena, b->used + len + 1, 1) != TDM_OK) {
        return TDM_ENOMEM;
    }
    if (len > 0) {
        memcpy(b->arena + b->used, s, len);
    }
    *off = b->used;
    b->used += len;
    return TDM_OK;
}

/* ---- parsing one record ---- */

static int is_in(const tdm_csv_field *f, const char *const *list, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        size_t len = strlen(list[i]);
        if (f->len == len && memcmp(f->ptr, list[i], len) == 0) {
            return 1;
        }
    }
    return 0;
}

static int blank(const tdm_csv_field *f)
{
    for (size_t i = 0; i < f->len; i++) {
        if (f->ptr[i] != ' ' && f->ptr[i] != '\t') {
            return 0;
        }
    }
    return 1;
}

/* The error of a cell that is not a number (kept out of the hot path). */
static int not_a_number(tdm_group_reader *r, const tdm_csv_record *rec, size_t k, tdm_error *err)
{
    const tdm_csv_field *f = &rec->fields[r->num_col[k]];
    uint32_t col = (uint32_t)r->num_col[k] + 1;
    char shown[64];
    tdm__quote_text(shown, sizeof shown, f->ptr, f->len);
    return tdm__error(
        err, TDM_EPARSE, rec->line, col, "%s: line %llu, column %u (\"%s\"): %s is not a number",
        tdm_csv_reader_name(r->csv), (unsigned long long)rec->line, col, r->num_name[k], shown);
}

static int parse_num(tdm_group_reader *r, const tdm_csv_record *rec, size_t k, double *v,
                     size_t *missing, size_t *suppressed, tdm_error *err)
{
    const tdm_csv_field *f = &rec->fields[r->num_col[k]];
    const int prc = tdm_parse_double(f->ptr, f->len, v);
    if (prc == TDM_OK) {
        if (!isinf(*v)) {
            return TDM_OK;
        }
    } else if (prc == TDM_ENOMEM) {
        return TDM_ENOMEM; /* a long number's copy for strtod: not the data's fault */
    } else if (is_in(f, r->na, r->n_na) || blank(f)) {
        (*missing)++;
        return TDM_OK;
    } else if (is_in(f, r->sup, r->n_sup)) {
        (*suppressed)++;
        return TDM_OK;
    }
    return not_a_number(r, rec, k, err);
}

/* Composite key of rec into r->scratch: per key column, 4 length bytes then
 * the bytes, so that ("a,b", "c") and ("a", "b,c") differ. */
static int make_key(tdm_group_reader *r, const tdm_csv_record *rec)
{
    size_t need = 0, o = 0;
    for (size_t k = 0; k < r->n_keys; k++) {
        need += 4 + rec->fields[r->key_col[k]].len;
    }
    if (tdm__grow((void **)&r->scratch, &r->cap_scratch, need + 1, 1) != TDM_OK) {
        return TDM_ENOMEM;
    }
    for (size_t k = 0; k < r->n_keys; k++) {
        const tdm_csv_field *f = &rec->fields[r->key_col[k]];
        uint32_t len = (uint32_t)f->len;
        memcpy(r->scratch + o, &len, 4);
        if (f->len > 0) {
            memcpy(r->scratch + o + 4, f->ptr, f->len);
        }
        o += 4 + f->len;
    }
    r->scratch_len = o;
    return TDM_OK;
}

static int append_row(tdm_group_reader *r, rowbuf *b, const tdm_csv_record *rec, uint32_t gid,
                      size_t *missing, size_t *suppressed, tdm_error *err)
{
    int with_gid = b == &r->all;
    int rc;
    if (b->n >= b->cap) { /* the call only when the buffers must grow */
        rc = rowbuf_reserve(b, b->n + 1, r->n_num, r->n_text, with_gid);
        if (rc != TDM_OK) {
            return rc;
        }
    }
    for (size_t k = 0; k < r->n_num; k++) {
        rc = parse_num(r, rec, k, &b->num[k][b->n], &missing[k], &suppressed[k], err);
        if (rc != TDM_OK) {
            return rc;
        }
    }
    for (size_t k = 0; k < r->n_text; k++) {
        const tdm_csv_field *f = &rec->fields[r->text_col[k]];
        rc = arena_put(b, f->ptr, f->len, &b->toff[k][b->n]);
        if (rc != TDM_OK) {
            return rc;
        }
        b->tlen[k][b->n] = f->len;
    }
    b->line[b->n] = rec->line;
    if (with_gid) {
        b->gid[b->n] = gid;
    }
    b->n++;
    r->rows_read++;
    return TDM_OK;
}

/* ---- yielding ---- */

static void clear_current(tdm_group_reader *r)
{
    r->cur.n = 0;
    r->cur.used = 0;
    for (size_t k = 0; k < r->n_num; k++) {
        r->cur_missing[k] = r->cur_suppressed[k] = 0;
    }
}

/* Point key_view at a composite key (4 length bytes and the bytes, per key). */
static void decode_key(tdm_group_reader *r, const char *key)
{
    size_t o = 0;
    for (size_t k = 0; k < r->n_keys; k++) {
        uint32_t len;
        memcpy(&len, key + o, 4);
        r->key_view[k].ptr = key + o + 4;
        r->key_view[k].len = len;
        r->key_view[k].flags = 0;
        o += 4 + len;
    }
}

/* The current group's key: held in the strmap, or the streamed copy. */
static const char *current_key(const tdm_group_reader *r)
{
    if (r->n_keys == 0) {
        return "";
    }
    return r->mode == TDM_SERIES_HOLD ? tdm__strmap_key(r->keys, r->cur_id, NULL) : r->cur_key;
}

/* Does rec belong to the current group? Compared field by field, so the
 * common case (same group as the row before) builds no composite key. */
/* Equal bytes; short keys (area codes, indicator ids) compared as two
 * overlapping words rather than through a memcmp call. */
static int same_bytes(const char *a, const char *b, size_t n)
{
    if (n >= 8 && n <= 16) {
        uint64_t a0, b0, a1, b1;
        memcpy(&a0, a, 8);
        memcpy(&b0, b, 8);
        memcpy(&a1, a + n - 8, 8);
        memcpy(&b1, b + n - 8, 8);
        return a0 == b0 && a1 == b1;
    }
    if (n >= 4 && n < 8) {
        uint32_t a0, b0, a1, b1;
        memcpy(&a0, a, 4);
        memcpy(&b0, b, 4);
        memcpy(&a1, a + n - 4, 4);
        memcpy(&b1, b + n - 4, 4);
        return a0 == b0 && a1 == b1;
    }
    return n == 0 || memcmp(a, b, n) == 0;
}

static int same_group(const tdm_group_reader *r, const tdm_csv_record *rec)
{
    for (size_t k = 0; k < r->n_keys; k++) {
        const tdm_csv_field *f = &rec->fields[r->key_col[k]];
        if (f->len != r->key_view[k].len || !same_bytes(f->ptr, r->key_view[k].ptr, f->len)) {
            return 0;
        }
    }
    return 1;
}

/* Point the public views at the current group. */
static int finish_group(tdm_group_reader *r, tdm_group *g)
{
    rowbuf *b = &r->cur;
    if (b->n > r->cap_view) {
        for (size_t k = 0; k < r->n_text; k++) {
            GROW(r->text_view[k], b->n);
        }
        r->cap_view = b->n;
    }
    decode_key(r, current_key(r));
    for (size_t k = 0; k < r->n_text; k++) {
        for (size_t i = 0; i < b->n; i++) {
            r->text_view[k][i].ptr = b->arena + b->toff[k][i];
            r->text_view[k][i].len = b->tlen[k][i];
            r->text_view[k][i].flags = 0;
        }
        r->text_ptrs[k] = r->text_view[k];
    }
    for (size_t k = 0; k < r->n_num; k++) {
        r->num_view[k] = b->num[k];
    }
    g->key = r->key_view;
    g->n_keys = r->n_keys;
    g->n = b->n;
    g->num = r->num_view;
    g->text = r->text_ptrs;
    g->line = b->line;
    g->n_missing = r->cur_missing;
    g->n_suppressed = r->cur_suppressed;
    g->record = NULL;
    g->ordinal = r->cur_id;
    return 1;
}

/* ---- each row ---- */

static int next_row(tdm_group_reader *r, tdm_group *g, tdm_error *err)
{
    int rc = tdm_csv_reader_next(r->csv, &r->row_rec, err);
    if (rc <= 0) {
        r->done = rc == 0;
        return rc;
    }
    clear_current(r);
    rc = append_row(r, &r->cur, &r->row_rec, 0, r->cur_missing, r->cur_suppressed, err);
    if (rc != TDM_OK) {
        return rc;
    }
    r->cur_id = (uint32_t)(r->rows_read - 1);
    rc = finish_group(r, g);
    if (rc != 1) {
        return rc;
    }
    g->n_keys = 0;
    g->record = &r->row_rec;
    g->ordinal = (size_t)(r->rows_read - 1);
    return 1;
}

/* ---- stream mode ---- */

static int stash_record(tdm_group_reader *r, const tdm_csv_record *rec)
{
    size_t total = 0, o = 0;
    for (size_t i = 0; i < rec->n_fields; i++) {
        total += rec->fields[i].len;
    }
    if (tdm__grow((void **)&r->p_text, &r->p_cap_text, total + 1, 1) != TDM_OK ||
        tdm__grow((void **)&r->p_fields, &r->p_cap_fields, rec->n_fields + 1,
                  sizeof *r->p_fields) != TDM_OK) {
        return TDM_ENOMEM;
    }
    for (size_t i = 0; i < rec->n_fields; i++) {
        if (rec->fields[i].len > 0) {
            memcpy(r->p_text + o, rec->fields[i].ptr, rec->fields[i].len);
        }
        r->p_fields[i] = rec->fields[i];
        r->p_fields[i].ptr = r->p_text + o;
        o += rec->fields[i].len;
    }
    r->p_rec = *rec;
    r->p_rec.fields = r->p_fields;
    return TDM_OK;
}

/* 64-bit hash of the composite key in r->scratch (multiply-xorshift, as
 * strmap.c); 0 is kept free for empty slots. */
static uint64_t key_hash(const tdm_group_reader *r)
{
    uint64_t h = 0x9e3779b97f4a7c15ULL ^ (uint64_t)r->scratch_len;
    size_t i = 0;
    for (; i + 8 <= r->scratch_len; i += 8) {
        uint64_t w;
        memcpy(&w, r->scratch + i, 8);
        h = (h ^ w) * 0xd6e8feb86659fd93ULL;
        h ^= h >> 32;
    }
    if (i < r->scratch_len) {
        uint64_t w = 0;
        memcpy(&w, r->scratch + i, r->scratch_len - i);
        h = (h ^ w ^ 0xff51afd7ed558ccdULL) * 0xd6e8feb86659fd93ULL;
    }
    h ^= h >> 29;
    h *= 0xbf58476d1ce4e5b9ULL;
    h ^= h >> 32;
    return h ? h : 1;
}

/* Remember a streamed group's key hash. One probe into an 8-byte table per
 * group: far cheaper than interning every key of a large input. A hash seen
 * before means the group may be back (the input is not grouped); the rare
 * false alarm only costs a re-read, as the held mode compares whole keys.
 * @return 1 new, 0 seen before, TDM_ENOMEM. */
static int seen_insert(tdm_group_reader *r, uint64_t h)
{
    size_t mask, i;
    if ((r->n_seen + 1) * 2 > r->cap_seen) {
        size_t cap = r->cap_seen ? r->cap_seen * 2 : 1024;
        uint64_t *t = tdm__calloc(cap, sizeof *t);
        if (t == NULL) {
            return TDM_ENOMEM;
        }
        for (size_t k = 0; k < r->cap_seen; k++) {
            if (r->seen[k] != 0) {
                size_t j = (size_t)r->seen[k] & (cap - 1);
                while (t[j] != 0) {
                    j = (j + 1) & (cap - 1);
                }
                t[j] = r->seen[k];
            }
        }
        tdm__free(r->seen);
        r->seen = t;
        r->cap_seen = cap;
    }
    mask = r->cap_seen - 1;
    for (i = (size_t)h & mask; r->seen[i] != 0; i = (i + 1) & mask) {
        if (r->seen[i] == h) {
            return 0;
        }
    }
    r->seen[i] = h;
    r->n_seen++;
    return 1;
}

static int copy_key(char **dst, size_t *len, size_t *cap, const char *src, size_t n)
{
    if (tdm__grow((void **)dst, cap, n + 1, 1) != TDM_OK) {
        return TDM_ENOMEM;
    }
    if (n > 0) {
        memcpy(*dst, src, n);
    }
    *len = n;
    return TDM_OK;
}

/* Start the first streamed group with rec, whose composite key is in r->scratch. */
static int start_group(tdm_group_reader *r, const tdm_csv_record *rec, tdm_error *err)
{
    int rc = seen_insert(r, key_hash(r));
    if (rc < 0) {
        return rc;
    }
    rc = copy_key(&r->cur_key, &r->cur_key_len, &r->cap_cur_key, r->scratch, r->scratch_len);
    if (rc != TDM_OK) {
        return rc;
    }
    r->cur_id = 0;
    decode_key(r, r->cur_key);
    r->have_cur = 1;
    return append_row(r, &r->cur, rec, 0, r->cur_missing, r->cur_suppressed, err);
}

static int reappears(tdm_group_reader *r, const tdm_csv_record *rec, tdm_error *err)
{
    tdm__strmap *fresh = NULL;
    int rc;
    if (r->requested == TDM_SERIES_STREAM) {
        return tdm__error(
            err, TDM_EPARSE, rec->line, (uint32_t)r->key_col[0] + 1,
            "%s: line %llu: \"%.*s\" appears again after other rows; rows must be "
            "grouped by %s in streaming mode",
            tdm_csv_reader_name(r->csv), (unsigned long long)rec->line,
            (int)(rec->fields[r->key_col[0]].len > 40 ? 40 : rec->fields[r->key_col[0]].len),
            rec->fields[r->key_col[0]].ptr, r->noun);
    }
    rc = tdm_csv_reader_rewind(r->csv, err);
    if (rc != TDM_OK) {
        return rc;
    }
    rc = tdm__strmap_new(&fresh);
    if (rc != TDM_OK) {
        return rc;
    }
    tdm__strmap_free(r->keys);
    r->keys = fresh;
    r->n_seen = 0;
    clear_current(r);
    r->have_cur = r->have_pending = 0;
    r->rows_read = 0;
    r->mode = TDM_SERIES_HOLD;
    r->held = 1;
    return TDM_GROUP_RESTART;
}

static int next_streamed(tdm_group_reader *r, tdm_group *g, tdm_error *err)
{
    tdm_csv_record rec;
    int rc;
    clear_current(r);
    r->have_cur = 0;
    if (r->have_pending) {
        r->have_pending = 0;
        rc = copy_key(&r->cur_key, &r->cur_key_len, &r->cap_cur_key, r->pend_key, r->pend_key_len);
        if (rc != TDM_OK) {
            return rc;
        }
        r->cur_id++;
        decode_key(r, r->cur_key);
        r->have_cur = 1;
        rc = append_row(r, &r->cur, &r->p_rec, 0, r->cur_missing, r->cur_suppressed, err);
        if (rc != TDM_OK) {
            return rc;
        }
    }
    for (;;) {
        rc = tdm_csv_reader_next(r->csv, &rec, err);
        if (rc < 0) {
            return rc;
        }
        if (rc == 0) {
            r->done = 1;
            return r->have_cur ? finish_group(r, g) : 0;
        }
        if (r->have_cur && same_group(r, &rec)) {
            rc = append_row(r, &r->cur, &rec, 0, r->cur_missing, r->cur_suppressed, err);
            if (rc != TDM_OK) {
                return rc;
            }
            continue;
        }
        rc = make_key(r, &rec);
        if (rc != TDM_OK) {
            return rc;
        }
        if (!r->have_cur) {
            rc = start_group(r, &rec, err);
            if (rc != TDM_OK) {
                return rc;
            }
            continue;
        }
        rc = seen_insert(r, key_hash(r));
        if (rc < 0) {
            return rc;
        }
        if (rc == 0) {
            return reappears(r, &rec, err);
        }
        rc = stash_record(r, &rec);
        rc = rc ? rc
                : copy_key(&r->pend_key, &r->pend_key_len, &r->cap_pend_key, r->scratch,
                           r->scratch_len);
        if (rc != TDM_OK) {
            return rc;
        }
        r->have_pending = 1;
        return finish_group(r, g);
    }
}

/* ---- hold mode ---- */

static int ensure_groups(tdm_group_reader *r, size_t n)
{
    size_t old = r->cap_groups, cap, per = r->n_num ? r->n_num : 1;
    if (n <= old) {
        return TDM_OK;
    }
    cap = old < 64 ? 64 : old * 2;
    while (cap < n) {
        cap *= 2;
    }
    GROW(r->missing_all, cap * per);
    GROW(r->suppressed_all, cap * per);
    memset(r->missing_all + old * per, 0, (cap - old) * per * sizeof *r->missing_all);
    memset(r->suppressed_all + old * per, 0, (cap - old) * per * sizeof *r->suppressed_all);
    r->cap_groups = cap;
    return TDM_OK;
}

static int hold_row(tdm_group_reader *r, const tdm_csv_record *rec, tdm_error *err)
{
    uint32_t gid;
    int inserted;
    size_t per = r->n_num ? r->n_num : 1;
    int rc = make_key(r, rec);
    rc = rc ? rc : tdm__strmap_intern(r->keys, r->scratch, r->scratch_len, &gid, &inserted);
    rc = rc ? rc : ensure_groups(r, (size_t)gid + 1);
    if (rc != TDM_OK) {
        return rc;
    }
    return append_row(r, &r->all, rec, gid, &r->missing_all[(size_t)gid * per],
                      &r->suppressed_all[(size_t)gid * per], err);
}

static int load_all(tdm_group_reader *r, tdm_error *err)
{
    tdm_csv_record rec;
    size_t n_groups, *fill_at;
    int rc;
    for (;;) {
        rc = tdm_csv_reader_next(r->csv, &rec, err);
        if (rc < 0) {
            return rc;
        }
        if (rc == 0) {
            break;
        }
        rc = hold_row(r, &rec, err);
        if (rc != TDM_OK) {
            return rc;
        }
    }
    n_groups = tdm__strmap_count(r->keys);
    r->start = tdm__calloc(n_groups + 1, sizeof *r->start);
    r->order = tdm__calloc(r->all.n ? r->all.n : 1, sizeof *r->order);
    fill_at = tdm__calloc(n_groups ? n_groups : 1, sizeof *fill_at);
    if (r->start == NULL || r->order == NULL || fill_at == NULL) {
        tdm__free(fill_at);
        return TDM_ENOMEM;
    }
    for (size_t i = 0; i < r->all.n; i++) {
        r->start[r->all.gid[i] + 1]++;
    }
    for (size_t g = 0; g < n_groups; g++) {
        r->start[g + 1] += r->start[g];
    }
    memcpy(fill_at, r->start, n_groups * sizeof *fill_at);
    for (size_t i = 0; i < r->all.n; i++) {
        r->order[fill_at[r->all.gid[i]]++] = i;
    }
    tdm__free(fill_at);
    return TDM_OK;
}

static int next_held(tdm_group_reader *r, tdm_group *g, tdm_error *err)
{
    size_t gid, a0, a1, per = r->n_num ? r->n_num : 1;
    int rc;
    if (r->order == NULL) {
        rc = load_all(r, err);
        if (rc != TDM_OK) {
            return rc;
        }
    }
    clear_current(r);
    if (r->next_gid >= tdm__strmap_count(r->keys)) {
        r->done = 1;
        return 0;
    }
    gid = r->next_gid++;
    a0 = r->start[gid];
    a1 = r->start[gid + 1];
    rc = rowbuf_reserve(&r->cur, a1 - a0, r->n_num, r->n_text, 0);
    if (rc != TDM_OK) {
        return rc;
    }
    for (size_t i = a0; i < a1; i++) {
        size_t row = r->order[i];
        r->cur.line[i - a0] = r->all.line[row];
        for (size_t k = 0; k < r->n_num; k++) {
            r->cur.num[k][i - a0] = r->all.num[k][row];
        }
        for (size_t k = 0; k < r->n_text; k++) {
            /* offsets into the all-rows arena, which finish_group reads */
            r->cur.toff[k][i - a0] = r->all.toff[k][row];
            r->cur.tlen[k][i - a0] = r->all.tlen[k][row];
        }
    }
    r->cur.n = a1 - a0;
    for (size_t k = 0; k < r->n_num; k++) {
        r->cur_missing[k] = r->missing_all[gid * per + k];
        r->cur_suppressed[k] = r->suppressed_all[gid * per + k];
    }
    r->cur_id = (uint32_t)gid;
    {
        /* borrow the all-rows arena for the text views */
        char *own = r->cur.arena;
        r->cur.arena = r->all.arena;
        rc = finish_group(r, g);
        r->cur.arena = own;
    }
    return rc;
}

int tdm_group_reader_next(tdm_group_reader *r, tdm_group *g, tdm_error *err)
{
    if (r == NULL || g == NULL) {
        return TDM_EINVAL;
    }
    if (r->done) {
        return 0;
    }
    if (r->each_row) {
        return next_row(r, g, err);
    }
    return r->mode == TDM_SERIES_HOLD ? next_held(r, g, err) : next_streamed(r, g, err);
}

/* ---- open / free ---- */

void tdm_group_reader_free(tdm_group_reader *r)
{
    if (r == NULL) {
        return;
    }
    rowbuf_free(&r->cur, r->n_num, r->n_text);
    rowbuf_free(&r->all, r->n_num, r->n_text);
    for (size_t k = 0; k < r->n_keys && r->key_name != NULL; k++) {
        tdm__free(r->key_name[k]);
    }
    for (size_t k = 0; k < r->n_num && r->num_name != NULL; k++) {
        tdm__free(r->num_name[k]);
    }
    for (size_t k = 0; k < r->n_text && r->text_name != NULL; k++) {
        tdm__free(r->text_name[k]);
    }
    for (size_t k = 0; k < r->n_text && r->text_view != NULL; k++) {
        tdm__free(r->text_view[k]);
    }
    tdm__free(r->key_name);
    tdm__free(r->num_name);
    tdm__free(r->text_name);
    tdm__free(r->key_col);
    tdm__free(r->num_col);
    tdm__free(r->text_col);
    tdm__free(r->text_view);
    tdm__free((void *)r->text_ptrs);
    tdm__free((void *)r->num_view);
    tdm__free(r->key_view);
    tdm__free(r->cur_missing);
    tdm__free(r->cur_suppressed);
    tdm__free(r->missing_all);
    tdm__free(r->suppressed_all);
    tdm__free(r->order);
    tdm__free(r->start);
    tdm__free(r->scratch);
    tdm__free(r->p_text);
    tdm__free(r->p_fields);
    tdm__free(r->cur_key);
    tdm__free(r->pend_key);
    tdm__free(r->seen);
    tdm__strmap_free(r->keys);
    tdm__free(r);
}

static int resolve(tdm_group_reader *r, const char *const *names, size_t n, size_t **cols,
                   char ***copies, tdm_error *err)
{
    *cols = tdm__calloc(n + 1, sizeof **cols);
    *copies = tdm__calloc(n + 1, sizeof **copies);
    if (*cols == NULL || *copies == NULL) {
        return TDM_ENOMEM;
    }
    for (size_t k = 0; k < n; k++) {
        int rc;
        if (names == NULL || names[k] == NULL) {
            return tdm__error(err, TDM_EINVAL, 0, 0, "group reader: a column name is NULL");
        }
        rc = tdm_csv_reader_column(r->csv, names[k], &(*cols)[k], err);
        if (rc != TDM_OK) {
            return rc;
        }
        (*copies)[k] = tdm__strndup(names[k], strlen(names[k]));
        if ((*copies)[k] == NULL) {
            return TDM_ENOMEM;
        }
    }
    return TDM_OK;
}

static int open_columns(tdm_group_reader *r, const tdm_group_spec *spec, tdm_error *err)
{
    int rc = resolve(r, spec->key_columns, r->n_keys, &r->key_col, &r->key_name, err);
    rc = rc ? rc : resolve(r, spec->num_columns, r->n_num, &r->num_col, &r->num_name, err);
    rc = rc ? rc : resolve(r, spec->text_columns, r->n_text, &r->text_col, &r->text_name, err);
    if (rc != TDM_OK) {
        return rc;
    }
    r->cur_missing = tdm__calloc(r->n_num + 1, sizeof *r->cur_missing);
    r->cur_suppressed = tdm__calloc(r->n_num + 1, sizeof *r->cur_suppressed);
    r->key_view = tdm__calloc(r->n_keys + 1, sizeof *r->key_view);
    r->text_view = tdm__calloc(r->n_text + 1, sizeof(field_array));
    r->text_ptrs = tdm__calloc(r->n_text + 1, sizeof(const_field_array));
    r->num_view = tdm__calloc(r->n_num + 1, sizeof(const double *));
    if (r->cur_missing == NULL || r->cur_suppressed == NULL || r->key_view == NULL ||
        r->text_view == NULL || r->text_ptrs == NULL || r->num_view == NULL) {
        return TDM_ENOMEM;
    }
    return TDM_OK;
}

int tdm_group_reader_open(tdm_group_reader **out, tdm_csv_reader *csv, const tdm_group_spec *spec,
                          tdm_error *err)
{
    tdm_group_reader *r;
    int rc;
    if (out == NULL || csv == NULL || spec == NULL) {
        return tdm__error(err, TDM_EINVAL, 0, 0, "group reader: NULL argument");
    }
    *out = NULL;
    r = tdm__calloc(1, sizeof *r);
    if (r == NULL) {
        return TDM_ENOMEM;
    }
    r->csv = csv;
    r->each_row = spec->each_row;
    r->n_keys = spec->each_row ? 0 : spec->n_keys;
    r->n_num = spec->n_num;
    r->n_text = spec->n_text;
    r->na = spec->na_strings ? spec->na_strings : default_na;
    r->n_na = spec->na_strings ? spec->n_na : sizeof default_na / sizeof *default_na;
    r->sup = spec->suppressed ? spec->suppressed : default_suppressed;
    r->n_sup = spec->suppressed ? spec->n_suppressed
                                : sizeof default_suppressed / sizeof *default_suppressed;
    r->requested = spec->mode;
    r->noun = spec->noun != NULL ? spec->noun : "their key columns";
    r->mode = spec->mode == TDM_SERIES_HOLD || !tdm_csv_reader_can_rewind(csv) ? TDM_SERIES_HOLD
                                                                               : TDM_SERIES_STREAM;
    if (spec->mode == TDM_SERIES_STREAM) {
        r->mode = TDM_SERIES_STREAM; /* grouped rows required, pipes too */
    }
    r->held = r->mode == TDM_SERIES_HOLD && !r->each_row;
    rc = rowbuf_init(&r->cur, r->n_num, r->n_text);
    rc = rc ? rc : rowbuf_init(&r->all, r->n_num, r->n_text);
    rc = rc ? rc : tdm__strmap_new(&r->keys);
    rc = rc ? rc : open_columns(r, spec, err);
    if (rc != TDM_OK) {
        tdm_group_reader_free(r);
        return rc;
    }
    *out = r;
    return TDM_OK;
}
