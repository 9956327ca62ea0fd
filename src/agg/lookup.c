/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * lookup.c - key -> code lookups read from one or more CSV files and compiled
 * into one table (SPEC: agg.lookup, agg.lookup.chain). Each file is read
 * once with the streaming CSV reader; only the columns needed are kept, as
 * interned ids (codes repeat across thousands of keys), so a 2.7-million-row
 * postcode lookup with two wanted columns costs tens of MB, not its text.
 * The roll-up (rollup.c) finds keys here once per input row.
 */
#include "../core/core.h"

#include <string.h>

#define NONE UINT32_MAX

typedef struct lk_table {
    char *name;         /* reader name, for messages */
    size_t n_fields;    /* header width */
    char **header;      /* field names (copied) */
    size_t key_field;   /* key (table 0) or join column */
    size_t src_table;   /* tables after the first: table the join values come from */
    size_t src_col;     /* ... stored column there, or SIZE_MAX for that table's key */
    tdm__strmap *keys;  /* key / join values -> row */
    size_t n_cols;      /* stored columns */
    size_t *col_field;  /* field index of each stored column */
    tdm__strmap **dict; /* distinct codes of each stored column */
    uint32_t *codes;    /* [row * n_cols + c]; NONE for an empty cell */
    uint64_t *lines;    /* line of each row */
    size_t cap_rows;
} lk_table;

struct tdm_lookup {
    lk_table *tables;
    size_t n_tables;
    size_t n_wanted;
    char **wanted;   /* names of the wanted columns */
    size_t *w_table; /* table holding wanted column j */
    size_t *w_col;   /* stored column there, or SIZE_MAX: that table's key */
    uint32_t *rows;  /* [key * n_tables + k]: row of table k reached, NONE */
    size_t n_keys;
};

void tdm_lookup_spec_init(tdm_lookup_spec *s)
{
    memset(s, 0, sizeof *s);
    s->version = TDM_LOOKUP_SPEC_VERSION;
}

static size_t find_field(const lk_table *t, const char *name)
{
    for (size_t i = 0; i < t->n_fields; i++) {
        if (strcmp(t->header[i], name) == 0) {
            return i;
        }
    }
    return SIZE_MAX;
}

/* Stored-column slot of field f in table t, adding it if new. */
static int store_field(lk_table *t, size_t f, size_t *col)
{
    for (size_t c = 0; c < t->n_cols; c++) {
        if (t->col_field[c] == f) {
            *col = c;
            return TDM_OK;
        }
    }
    {
        size_t *cf = tdm__realloc_array(t->col_field, t->n_cols + 1, sizeof *cf);
        tdm__strmap **d;
        if (cf == NULL) {
            return TDM_ENOMEM;
        }
        t->col_field = cf;
        /* NOLINTNEXTLINE(bugprone-sizeof-expression): an array of pointers */
        d = tdm__realloc_array(t->dict, t->n_cols + 1, sizeof *d);
        if (d == NULL) {
            return TDM_ENOMEM;
        }
        t->dict = d;
        t->dict[t->n_cols] = NULL;
        if (tdm__strmap_new(&t->dict[t->n_cols]) != TDM_OK) {
            return TDM_ENOMEM;
        }
        t->col_field[t->n_cols] = f;
        *col = t->n_cols++;
    }
    return TDM_OK;
}

static int copy_header(lk_table *t, tdm_csv_reader *csv)
{
    size_t n;
    const tdm_csv_field *h = tdm_csv_reader_header(csv, &n);
    t->name = tdm__strndup(tdm_csv_reader_name(csv), strlen(tdm_csv_reader_name(csv)));
    t->header = tdm__calloc(n ? n : 1, sizeof *t->header);
    if (t->name == NULL || t->header == NULL) {
        return TDM_ENOMEM;
    }
    t->n_fields = n;
    for (size_t i = 0; i < n; i++) {
        t->header[i] = tdm__strndup(h[i].ptr, h[i].len);
        if (t->header[i] == NULL) {
            return TDM_ENOMEM;
        }
    }
    return tdm__strmap_new(&t->keys);
}

/* SPEC: agg.lookup.chain - a later table joins on its first column that an
 * earlier table also has; the values come from the first such table. */
static int plan_join(tdm_lookup *lk, size_t k, tdm_error *err)
{
    lk_table *t = &lk->tables[k];
    for (size_t f = 0; f < t->n_fields; f++) {
        for (size_t s = 0; s < k; s++) {
            lk_table *src = &lk->tables[s];
            size_t sf = find_field(src, t->header[f]);
            if (sf == SIZE_MAX) {
                continue;
            }
            t->key_field = f;
            t->src_table = s;
            if (sf == src->key_field) {
                t->src_col = SIZE_MAX;
                return TDM_OK;
            }
            return store_field(src, sf, &t->src_col);
        }
    }
    return tdm__error(err, TDM_ENOTFOUND, 0, 0,
                      "%s: no column in common with the earlier lookup files to join on", t->name);
}

static int plan_wanted(tdm_lookup *lk, const tdm_lookup_spec *spec, tdm_error *err)
{
    lk->n_wanted = spec->n_columns;
    lk->wanted = tdm__calloc(spec->n_columns ? spec->n_columns : 1, sizeof *lk->wanted);
    lk->w_table = tdm__calloc(spec->n_columns ? spec->n_columns : 1, sizeof *lk->w_table);
    lk->w_col = tdm__calloc(spec->n_columns ? spec->n_columns : 1, sizeof *lk->w_col);
    if (lk->wanted == NULL || lk->w_table == NULL || lk->w_col == NULL) {
        return TDM_ENOMEM;
    }
    for (size_t j = 0; j < spec->n_columns; j++) {
        const char *name = spec->columns[j];
        size_t k = 0;
        size_t f = SIZE_MAX;
        lk->wanted[j] = tdm__strndup(name, strlen(name));
        if (lk->wanted[j] == NULL) {
            return TDM_ENOMEM;
        }
        for (; k < lk->n_tables && f == SIZE_MAX; k++) {
            f = find_field(&lk->tables[k], name);
        }
        if (f == SIZE_MAX) {
            return tdm__error(err, TDM_ENOTFOUND, 0, 0,
                              "column \"%s\" is in none of the lookup files", name);
        }
        k--;
        lk->w_table[j] = k;
        if (f == lk->tables[k].key_field) {
            lk->w_col[j] = SIZE_MAX;
        } else {
            int rc = store_field(&lk->tables[k], f, &lk->w_col[j]);
            if (rc != TDM_OK) {
                return rc;
            }
        }
    }
    return TDM_OK;
}

static int grow_rows(lk_table *t, size_t need)
{
    size_t cap = t->cap_rows;
    uint32_t *codes;
    uint64_t *lines;
    size_t n_codes;
    if (need <= cap) {
        return TDM_OK;
    }
    cap = cap ? cap * 2 : 1024;
    while (cap < need) {
        cap *= 2;
    }
    if (__builtin_mul_overflow(cap, t->n_cols ? t->n_cols : 1, &n_codes)) {
        return TDM_ENOMEM;
    }
    codes = tdm__realloc_array(t->codes, n_codes, sizeof *codes);
    if (codes == NULL) {
        return TDM_ENOMEM;
    }
    t->codes = codes;
    lines = tdm__realloc_array(t->lines, cap, sizeof *lines);
    if (lines == NULL) {
        return TDM_ENOMEM;
    }
    t->lines = lines;
    t->cap_rows = cap;
    return TDM_OK;
}

/* Interned id of a cell (NONE for an empty cell). */
static int code_of(lk_table *t, size_t c, const tdm_csv_field *f, uint32_t *id)
{
    int inserted;
    if (f->len == 0) {
        *id = NONE;
        return TDM_OK;
    }
    return tdm__strmap_intern(t->dict[c], f->ptr, f->len, id, &inserted);
}

static int conflict(const lk_table *t, size_t c, uint32_t row, uint32_t got,
                    const tdm_csv_record *rec, tdm_error *err)
{
    char key[64], now[64], before[64];
    const tdm_csv_field *kf = &rec->fields[t->key_field];
    uint32_t had = t->codes[(size_t)row * t->n_cols + c];
    const char *s;
    size_t len = 0;
    tdm__quote_text(key, sizeof key, kf->ptr, kf->len);
    s = got == NONE ? "" : tdm__strmap_key(t->dict[c], got, &len);
    tdm__quote_text(now, sizeof now, s, len);
    len = 0;
    s = had == NONE ? "" : tdm__strmap_key(t->dict[c], had, &len);
    tdm__quote_text(before, sizeof before, s, len);
    return tdm__error(err, TDM_EPARSE, rec->line, (uint32_t)t->col_field[c] + 1,
                      "%s: line %llu, column %zu (\"%s\"): key %s maps to %s here but to %s "
                      "on line %llu",
                      t->name, (unsigned long long)rec->line, t->col_field[c] + 1,
                      t->header[t->col_field[c]], key, now, before,
                      (unsigned long long)t->lines[row]);
}

/* SPEC: agg.lookup - one row per key; a repeated key must repeat its codes. */
static int add_record(lk_table *t, const tdm_csv_record *rec, tdm_error *err)
{
    const tdm_csv_field *kf = &rec->fields[t->key_field];
    uint32_t row;
    int inserted;
    int rc;
    if (kf->len == 0) {
        return TDM_OK; /* an empty key can never be matched */
    }
    rc = tdm__strmap_intern(t->keys, kf->ptr, kf->len, &row, &inserted);
    if (rc != TDM_OK) {
        return rc == TDM_ELIMIT ? tdm__error(err, rc, rec->line, 0, "%s: too many keys", t->name)
                                : rc;
    }
    if (inserted) {
        rc = grow_rows(t, (size_t)row + 1);
        if (rc != TDM_OK) {
            return rc;
        }
        t->lines[row] = rec->line;
    }
    for (size_t c = 0; c < t->n_cols; c++) {
        uint32_t id;
        rc = code_of(t, c, &rec->fields[t->col_field[c]], &id);
        if (rc != TDM_OK) {
            return rc;
        }
        if (inserted) {
            t->codes[(size_t)row * t->n_cols + c] = id;
        } else if (t->codes[(size_t)row * t->n_cols + c] != id) {
            return conflict(t, c, row, id, rec, err);
        }
    }
    return TDM_OK;
}

static int read_table(lk_table *t, tdm_csv_reader *csv, tdm_error *err)
{
    tdm_csv_record rec;
    for (;;) {
        int rc = tdm_csv_reader_next(csv, &rec, err);
        if (rc == 0) {
            return TDM_OK;
        }
        if (rc < 0) {
            return rc;
        }
        rc = add_record(t, &rec, err);
        if (rc != TDM_OK) {
            return rc;
        }
    }
}

/* Text of the join value that leads from table k's source row to table k. */
static const char *join_text(const tdm_lookup *lk, const lk_table *t, uint32_t src_row, size_t *len)
{
    const lk_table *src = &lk->tables[t->src_table];
    uint32_t id;
    if (t->src_col == SIZE_MAX) {
        return tdm__strmap_key(src->keys, src_row, len);
    }
    id = src->codes[(size_t)src_row * src->n_cols + t->src_col];
    return id == NONE ? NULL : tdm__strmap_key(src->dict[t->src_col], id, len);
}

/* For every key, the row of each table that the chain of joins reaches. */
static int compile(tdm_lookup *lk)
{
    size_t nt = lk->n_tables;
    size_t cells;
    lk->n_keys = tdm__strmap_count(lk->tables[0].keys);
    if (__builtin_mul_overflow(lk->n_keys ? lk->n_keys : 1, nt, &cells)) {
        return TDM_ENOMEM;
    }
    lk->rows = tdm__malloc(cells * sizeof *lk->rows);
    if (lk->rows == NULL) {
        return TDM_ENOMEM;
    }
    for (size_t i = 0; i < lk->n_keys; i++) {
        uint32_t *r = &lk->rows[i * nt];
        r[0] = (uint32_t)i;
        for (size_t k = 1; k < nt; k++) {
            const lk_table *t = &lk->tables[k];
            const char *v = NULL;
            size_t len = 0;
            uint32_t row;
            r[k] = NONE;
            if (r[t->src_table] != NONE) {
                v = join_text(lk, t, r[t->src_table], &len);
            }
            if (v != NULL && tdm__strmap_find(t->keys, v, len, &row)) {
                r[k] = row;
            }
        }
    }
    return TDM_OK;
}

static void free_table(lk_table *t)
{
    tdm__free(t->name);
    if (t->header != NULL) {
        for (size_t i = 0; i < t->n_fields; i++) {
            tdm__free(t->header[i]);
        }
    }
    tdm__free(t->header);
    tdm__strmap_free(t->keys);
    if (t->dict != NULL) {
        for (size_t c = 0; c < t->n_cols; c++) {
            tdm__strmap_free(t->dict[c]);
        }
    }
    tdm__free(t->dict);
    tdm__free(t->col_field);
    tdm__free(t->codes);
    tdm__free(t->lines);
}

void tdm_lookup_free(tdm_lookup *lk)
{
    if (lk == NULL) {
        return;
    }
    if (lk->tables != NULL) {
        for (size_t k = 0; k < lk->n_tables; k++) {
            free_table(&lk->tables[k]);
        }
    }
    tdm__free(lk->tables);
    if (lk->wanted != NULL) {
        for (size_t j = 0; j < lk->n_wanted; j++) {
            tdm__free(lk->wanted[j]);
        }
    }
    tdm__free(lk->wanted);
    tdm__free(lk->w_table);
    tdm__free(lk->w_col);
    tdm__free(lk->rows);
    tdm__free(lk);
}

static int plan(tdm_lookup *lk, const tdm_lookup_spec *spec, tdm_error *err)
{
    int rc;
    for (size_t k = 0; k < lk->n_tables; k++) {
        rc = copy_header(&lk->tables[k], spec->tables[k]);
        if (rc != TDM_OK) {
            return rc;
        }
    }
    lk->tables[0].key_field = find_field(&lk->tables[0], spec->key_column);
    if (lk->tables[0].key_field == SIZE_MAX) {
        size_t idx;
        /* Let the reader phrase it (it suggests near matches). */
        rc = tdm_csv_reader_column(spec->tables[0], spec->key_column, &idx, err);
        return rc != TDM_OK ? rc : TDM_ENOTFOUND;
    }
    for (size_t k = 1; k < lk->n_tables; k++) {
        rc = plan_join(lk, k, err);
        if (rc != TDM_OK) {
            return rc;
        }
    }
    return plan_wanted(lk, spec, err);
}

int tdm_lookup_load(tdm_lookup **out, const tdm_lookup_spec *spec, tdm_error *err)
{
    tdm_lookup *lk;
    int rc;
    if (out == NULL) {
        return tdm__error(err, TDM_EINVAL, 0, 0, "tdm_lookup_load: out is NULL");
    }
    *out = NULL;
    if (spec == NULL || spec->n_tables == 0 || spec->tables == NULL || spec->key_column == NULL ||
        (spec->n_columns > 0 && spec->columns == NULL)) {
        return tdm__error(err, TDM_EINVAL, 0, 0,
                          "a lookup needs at least one table and a key column");
    }
    for (size_t k = 0; k < spec->n_tables; k++) {
        size_t n;
        if (spec->tables[k] == NULL || tdm_csv_reader_header(spec->tables[k], &n) == NULL) {
            return tdm__error(err, TDM_EINVAL, 0, 0,
                              "lookup tables must be CSV files with a header row");
        }
    }
    lk = tdm__calloc(1, sizeof *lk);
    if (lk == NULL) {
        return TDM_ENOMEM;
    }
    lk->n_tables = spec->n_tables;
    lk->tables = tdm__calloc(spec->n_tables, sizeof *lk->tables);
    rc = lk->tables == NULL ? TDM_ENOMEM : plan(lk, spec, err);
    for (size_t k = 0; k < lk->n_tables && rc == TDM_OK; k++) {
        rc = read_table(&lk->tables[k], spec->tables[k], err);
    }
    if (rc == TDM_OK) {
        rc = compile(lk);
    }
    if (rc != TDM_OK) {
        if (rc == TDM_ENOMEM) {
            (void)tdm__error(err, rc, 0, 0, "out of memory reading the lookup");
        }
        tdm_lookup_free(lk);
        return rc;
    }
    *out = lk;
    return TDM_OK;
}

size_t tdm_lookup_size(const tdm_lookup *lk)
{
    return lk->n_keys;
}

int tdm_lookup_find(const tdm_lookup *lk, const char *key, size_t len, size_t *index)
{
    uint32_t id;
    if (!tdm__strmap_find(lk->tables[0].keys, key, len, &id)) {
        return 0;
    }
    *index = id;
    return 1;
}

const char *tdm_lookup_key(const tdm_lookup *lk, size_t index, size_t *len)
{
    return tdm__strmap_key(lk->tables[0].keys, (uint32_t)index, len);
}

const char *tdm_lookup_code(const tdm_lookup *lk, size_t index, size_t column, size_t *len)
{
    size_t k = lk->w_table[column];
    const lk_table *t = &lk->tables[k];
    uint32_t row = lk->rows[index * lk->n_tables + k];
    uint32_t id;
    if (row == NONE) {
        return NULL;
    }
    if (lk->w_col[column] == SIZE_MAX) {
        return tdm__strmap_key(t->keys, row, len);
    }
    id = t->codes[(size_t)row * t->n_cols + lk->w_col[column]];
    return id == NONE ? NULL : tdm__strmap_key(t->dict[lk->w_col[column]], id, len);
}

int tdm_lookup_column(const tdm_lookup *lk, const char *name, size_t *column)
{
    for (size_t j = 0; j < lk->n_wanted; j++) {
        if (strcmp(lk->wanted[j], name) == 0) {
            *column = j;
            return 1;
        }
    }
    return 0;
}
