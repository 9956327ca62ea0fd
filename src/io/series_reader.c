/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * series_reader.c - turn a long CSV (one row per series x period) into
 * complete, time-ordered series, for SPC and every other per-series method.
 *
 * Two ways to get there, chosen automatically:
 *  - stream: while rows arrive grouped by series, each series is yielded as
 *    soon as the next one starts. Memory: the largest series, plus the set of
 *    keys seen (to notice a series coming back).
 *  - hold: every row's parsed columns (about 20 bytes plus 8 per numeric
 *    column; never the text) are kept, then grouped by a stable counting sort
 *    on the series number. Used for pipes and for files whose rows are not
 *    grouped: when a series reappears in a rewindable file, the reader
 *    rewinds, switches to hold and tells the caller to start over.
 * Within a series, rows are ordered by time with ties kept in input order.
 */
#include "../core/core.h"
#include "series_sort.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static const char *const default_na[] = { "", "NA", "NULL", "." };
static const char *const default_suppressed[] = { "*", "c", "[c]", "[x]" };

/* Growable column buffers for a set of rows. */
typedef struct rows {
    size_t n, cap;
    int64_t *time;
    uint64_t *line;
    uint32_t *sid; /* series number (hold mode only) */
    double **num;  /* n_num arrays */
} rows;

/* Dates repeat across series (every series has the same months), so a tiny
 * direct-mapped cache of parsed "YYYY-MM-DD" texts saves the calendar
 * arithmetic on almost every row. */
#define DATE_CACHE 256 /* power of two; linear probing, at most 8 probes */
typedef struct date_entry {
    uint64_t lo; /* first 8 bytes of the text */
    uint16_t hi; /* last 2 bytes */
    uint8_t valid;
    int32_t days;
} date_entry;

struct tdm_series_reader {
    tdm_csv_reader *csv;
    int mode;      /* current mode: STREAM or HOLD */
    int requested; /* mode asked for */
    int allow_dup;
    size_t n_num, n_attr;
    size_t key_col; /* SIZE_MAX: one series */
    size_t time_col;
    size_t *num_col;
    size_t *attr_col;
    char **num_name; /* column names, for messages */
    char **attr_name;
    char *time_name;
    char *key_name;
    const char *const *na;
    size_t n_na;
    const char *const *sup;
    size_t n_sup;
    int date_format; /* tdm_date_format */
    int time_kind;   /* fixed by the first row */
    uint64_t time_kind_line;
    uint64_t rows_read;
    int done;
    int held;
    tdm__strmap *keys; /* series keys in order of first appearance */
    /* current series (stream) or series being yielded (hold) */
    rows cur;
    uint32_t cur_id;
    const char *cur_key; /* key of cur_id (owned by keys) */
    size_t cur_key_len;
    int have_cur;
    char **cur_attr; /* per attribute value (owned) */
    uint64_t *cur_attr_line;
    size_t *cur_missing, *cur_suppressed;
    const double **num_view;
    /* a parsed row that belongs to the next series (stream) */
    int have_pending;
    uint32_t pending_id;
    /* hold mode */
    rows all;
    char **attr_all; /* [sid * n_attr + a] */
    uint64_t *attr_line_all;
    size_t *missing_all, *suppressed_all; /* [sid * n_num + k] */
    size_t cap_series;
    size_t *order; /* row indices grouped by series */
    size_t *start; /* start of each series in order (n_series + 1) */
    size_t next_sid;
    uint32_t last_sid; /* cache: consecutive rows usually share a key */
    int have_last;
    sort_scratch scratch;
    date_entry dates[DATE_CACHE];
};

void tdm_series_spec_init(tdm_series_spec *s)
{
    memset(s, 0, sizeof *s);
    s->version = TDM_SERIES_SPEC_VERSION;
    s->mode = TDM_SERIES_AUTO;
}

uint64_t tdm_series_reader_rows(const tdm_series_reader *r)
{
    return r->rows_read;
}

int tdm_series_reader_held(const tdm_series_reader *r)
{
    return r->held;
}

/* ---- row buffers ---- */

static void rows_free(rows *b, size_t n_num)
{
    tdm__free(b->time);
    tdm__free(b->line);
    tdm__free(b->sid);
    if (b->num != NULL) {
        for (size_t k = 0; k < n_num; k++) {
            tdm__free(b->num[k]);
        }
    }
    tdm__free(b->num);
    memset(b, 0, sizeof *b);
}

static int rows_init(rows *b, size_t n_num)
{
    memset(b, 0, sizeof *b);
    b->num = tdm__calloc(n_num ? n_num : 1, sizeof *b->num);
    return b->num == NULL ? TDM_ENOMEM : TDM_OK;
}

static int rows_reserve(rows *b, size_t need, size_t n_num, int with_sid)
{
    size_t cap;
    if (need <= b->cap) {
        return TDM_OK;
    }
    cap = b->cap < 64 ? 64 : b->cap;
    while (cap < need) {
        cap *= 2;
    }
    {
        int64_t *t = tdm__realloc_array(b->time, cap, sizeof *t);
        if (t == NULL) {
            return TDM_ENOMEM;
        }
        b->time = t;
    }
    {
        uint64_t *l = tdm__realloc_array(b->line, cap, sizeof *l);
        if (l == NULL) {
            return TDM_ENOMEM;
        }
        b->line = l;
    }
    if (with_sid) {
        uint32_t *s = tdm__realloc_array(b->sid, cap, sizeof *s);
        if (s == NULL) {
            return TDM_ENOMEM;
        }
        b->sid = s;
    }
    for (size_t k = 0; k < n_num; k++) {
        double *v = tdm__realloc_array(b->num[k], cap, sizeof *v);
        if (v == NULL) {
            return TDM_ENOMEM;
        }
        b->num[k] = v;
    }
    b->cap = cap;
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

static void trimmed(const tdm_csv_field *f, const char **p, size_t *len)
{
    const char *s = f->ptr;
    size_t n = f->len;
    while (n > 0 && (*s == ' ' || *s == '\t')) {
        s++;
        n--;
    }
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t')) {
        n--;
    }
    *p = s;
    *len = n;
}

static int parse_integer(const char *s, size_t len, int64_t *out)
{
    size_t i = 0;
    int neg = 0;
    int64_t v = 0;
    if (len > 0 && (s[0] == '-' || s[0] == '+')) {
        neg = s[0] == '-';
        i = 1;
    }
    if (i == len || len - i > 15) {
        return TDM_EPARSE;
    }
    for (; i < len; i++) {
        if (s[i] < '0' || s[i] > '9') {
            return TDM_EPARSE;
        }
        v = v * 10 + (s[i] - '0');
    }
    *out = neg ? -v : v;
    return TDM_OK;
}

/* Equal keys? Series identifiers are short: compare 8-byte words inline
 * instead of calling memcmp once per row. */
static int same_key(const char *a, const char *b, size_t len)
{
    while (len >= 8) {
        uint64_t x, y;
        memcpy(&x, a, 8);
        memcpy(&y, b, 8);
        if (x != y) {
            return 0;
        }
        a += 8;
        b += 8;
        len -= 8;
    }
    while (len > 0) {
        if (*a++ != *b++) {
            return 0;
        }
        len--;
    }
    return 1;
}

static int cached_date(tdm_series_reader *r, const char *s, size_t len, int32_t *days)
{
    uint64_t lo;
    uint16_t hi;
    size_t h;
    if (len != 10) {
        return tdm_parse_date(s, len, days);
    }
    memcpy(&lo, s, 8);
    memcpy(&hi, s + 8, 2);
    h = (size_t)(((lo ^ ((uint64_t)hi << 48)) * 0x9e3779b97f4a7c15ULL) >> 56);
    for (size_t k = 0; k < 8; k++) {
        date_entry *e = &r->dates[(h + k) & (DATE_CACHE - 1)];
        if (!e->valid) {
            break;
        }
        if (e->lo == lo && e->hi == hi) {
            *days = e->days;
            return TDM_OK;
        }
    }
    if (tdm_parse_date(s, len, days) != TDM_OK) {
        return TDM_EPARSE;
    }
    for (size_t k = 0; k < 8; k++) { /* a free slot, else replace the home slot */
        date_entry *e = &r->dates[(h + k) & (DATE_CACHE - 1)];
        if (!e->valid || k == 7) {
            e = e->valid ? &r->dates[h] : e;
            e->lo = lo;
            e->hi = hi;
            e->days = *days;
            e->valid = 1;
            break;
        }
    }
    return TDM_OK;
}

static int parse_time(tdm_series_reader *r, const tdm_csv_record *rec, int64_t *out, tdm_error *err)
{
    const tdm_csv_field *f = &rec->fields[r->time_col];
    uint32_t col = (uint32_t)r->time_col + 1;
    const char *s;
    size_t len;
    int32_t days;
    int kind;
    char shown[64];
    if (r->date_format == TDM_DATE_ISO ? cached_date(r, f->ptr, f->len, &days) == TDM_OK
                                       : tdm_parse_date_dmy(f->ptr, f->len, &days) == TDM_OK) {
        *out = days;
        kind = TDM_TIME_DATE;
    } else {
        trimmed(f, &s, &len);
        if (len == 0 || is_in(f, r->na, r->n_na)) {
            return tdm__error(err, TDM_EPARSE, rec->line, col,
                              "%s: line %llu, column %u (\"%s\"): missing date or period",
                              tdm_csv_reader_name(r->csv), (unsigned long long)rec->line, col,
                              r->time_name);
        }
        if (parse_integer(s, len, out) != TDM_OK) {
            int32_t probe;
            const char *hint =
                r->date_format == TDM_DATE_DMY ? " (expected DD/MM/YYYY)"
                : len > 10 && tdm_parse_date(s, 10, &probe) == TDM_OK
                    ? " (it has a time of day: give one row per date, at midnight if timed)"
                : tdm_parse_date_dmy(s, len, &probe) == TDM_OK
                    ? " (expected YYYY-MM-DD; for UK day-first dates give --date-format dmy)"
                    : " (expected YYYY-MM-DD) or an integer period";
            tdm__quote_text(shown, sizeof shown, f->ptr, f->len);
            return tdm__error(err, TDM_EPARSE, rec->line, col,
                              "%s: line %llu, column %u (\"%s\"): %s is not a date%s",
                              tdm_csv_reader_name(r->csv), (unsigned long long)rec->line, col,
                              r->time_name, shown, hint);
        }
        kind = TDM_TIME_INTEGER;
    }
    if (r->time_kind == TDM_TIME_NONE) {
        r->time_kind = kind;
        r->time_kind_line = rec->line;
    } else if (kind != r->time_kind) {
        tdm__quote_text(shown, sizeof shown, f->ptr, f->len);
        return tdm__error(err, TDM_EPARSE, rec->line, col,
                          "%s: line %llu, column %u (\"%s\"): %s is %s, but line %llu has %s",
                          tdm_csv_reader_name(r->csv), (unsigned long long)rec->line, col,
                          r->time_name, shown, kind == TDM_TIME_DATE ? "a date" : "an integer",
                          (unsigned long long)r->time_kind_line,
                          kind == TDM_TIME_DATE ? "an integer period" : "a date");
    }
    return TDM_OK;
}

/* Parse numeric column k of rec into *v; counts missing/suppressed. */
static int parse_num(tdm_series_reader *r, const tdm_csv_record *rec, size_t k, double *v,
                     size_t *missing, size_t *suppressed, tdm_error *err)
{
    const tdm_csv_field *f = &rec->fields[r->num_col[k]];
    uint32_t col = (uint32_t)r->num_col[k] + 1;
    char shown[64];
    int rc = tdm_parse_double(f->ptr, f->len, v);
    if (rc == TDM_OK) {
        if (isinf(*v)) {
            goto bad;
        }
        return TDM_OK;
    }
    if (rc == TDM_ENOMEM) {
        return rc; /* a long number could not be copied: not a parse error */
    }
    if (is_in(f, r->na, r->n_na)) {
        (*missing)++;
        return TDM_OK;
    }
    if (is_in(f, r->sup, r->n_sup)) {
        (*suppressed)++;
        return TDM_OK;
    }
    {
        const char *s;
        size_t len;
        trimmed(f, &s, &len);
        if (len == 0) { /* only spaces: treat as empty */
            (*missing)++;
            return TDM_OK;
        }
    }
bad:
    tdm__quote_text(shown, sizeof shown, f->ptr, f->len);
    return tdm__error(
        err, TDM_EPARSE, rec->line, col, "%s: line %llu, column %u (\"%s\"): %s is not a number",
        tdm_csv_reader_name(r->csv), (unsigned long long)rec->line, col, r->num_name[k], shown);
}

static int key_of(tdm_series_reader *r, const tdm_csv_record *rec, const char **key, size_t *len,
                  tdm_error *err)
{
    const tdm_csv_field *f;
    if (r->key_col == SIZE_MAX) {
        *key = "";
        *len = 0;
        return TDM_OK;
    }
    f = &rec->fields[r->key_col];
    *key = f->ptr;
    *len = f->len;
    if (f->len == 0) {
        return tdm__error(err, TDM_EPARSE, rec->line, (uint32_t)r->key_col + 1,
                          "%s: line %llu, column %zu (\"%s\"): empty series identifier",
                          tdm_csv_reader_name(r->csv), (unsigned long long)rec->line,
                          r->key_col + 1, r->key_name);
    }
    return TDM_OK;
}

/* Append the row `rec` to buffer b (sid used in hold mode). */
static int append_row(tdm_series_reader *r, rows *b, const tdm_csv_record *rec, uint32_t sid,
                      size_t *missing, size_t *suppressed, int with_sid, tdm_error *err)
{
    int rc;
    if (b->n >= b->cap) {
        rc = rows_reserve(b, b->n + 1, r->n_num, with_sid);
        if (rc != TDM_OK) {
            return rc;
        }
    }
    rc = parse_time(r, rec, &b->time[b->n], err);
    if (rc != TDM_OK) {
        return rc;
    }
    for (size_t k = 0; k < r->n_num; k++) {
        rc = parse_num(r, rec, k, &b->num[k][b->n], &missing[k], &suppressed[k], err);
        if (rc != TDM_OK) {
            return rc;
        }
    }
    b->line[b->n] = rec->line;
    if (with_sid) {
        b->sid[b->n] = sid;
    }
    b->n++;
    r->rows_read++;
    return TDM_OK;
}

/* Keep the first non-empty value of each attribute column. */
static int take_attrs(tdm_series_reader *r, const tdm_csv_record *rec, char **attr,
                      uint64_t *attr_line)
{
    if (r->n_attr == 0) {
        return TDM_OK;
    }
    for (size_t a = 0; a < r->n_attr; a++) {
        const tdm_csv_field *f = &rec->fields[r->attr_col[a]];
        if (attr[a] != NULL || f->len == 0 || is_in(f, r->na, r->n_na)) {
            continue;
        }
        attr[a] = tdm__strndup(f->ptr, f->len);
        if (attr[a] == NULL) {
            return TDM_ENOMEM;
        }
        attr_line[a] = rec->line;
    }
    return TDM_OK;
}

/* ---- yielding ---- */

static void clear_current(tdm_series_reader *r)
{
    r->cur.n = 0;
    if (r->cur_attr == NULL || r->cur_attr_line == NULL || r->cur_missing == NULL ||
        r->cur_suppressed == NULL) {
        return; /* partially opened reader */
    }
    for (size_t a = 0; a < r->n_attr; a++) {
        tdm__free(r->cur_attr[a]);
        r->cur_attr[a] = NULL;
        r->cur_attr_line[a] = 0;
    }
    for (size_t k = 0; k < r->n_num; k++) {
        r->cur_missing[k] = 0;
        r->cur_suppressed[k] = 0;
    }
}

/* Order r->cur by time, check duplicates and fill *s. */
static int finish_series(tdm_series_reader *r, tdm_series *s, tdm_error *err)
{
    size_t key_len;
    const char *key = tdm__strmap_key(r->keys, r->cur_id, &key_len);
    rows *b = &r->cur;
    int rc = series_sort(&r->scratch, b->time, b->line, b->num, r->n_num, b->n);
    if (rc != TDM_OK) {
        return rc;
    }
    if (!r->allow_dup) {
        for (size_t i = 1; i < b->n; i++) {
            if (b->time[i] == b->time[i - 1]) {
                char t[24];
                if (r->time_kind == TDM_TIME_DATE) {
                    (void)tdm_format_date((int32_t)b->time[i], t);
                } else {
                    (void)snprintf(t, sizeof t, "%lld", (long long)b->time[i]);
                }
                return tdm__error(err, TDM_EPARSE, b->line[i], (uint32_t)r->time_col + 1,
                                  "%s: line %llu: series \"%s\" has two rows for %s (lines %llu "
                                  "and %llu)",
                                  tdm_csv_reader_name(r->csv), (unsigned long long)b->line[i], key,
                                  t, (unsigned long long)b->line[i - 1],
                                  (unsigned long long)b->line[i]);
            }
        }
    }
    for (size_t k = 0; k < r->n_num; k++) {
        r->num_view[k] = b->num[k];
    }
    s->key = key;
    s->key_len = key_len;
    s->n = b->n;
    s->time = b->time;
    s->num = r->num_view;
    s->line = b->line;
    s->n_missing = r->cur_missing;
    s->n_suppressed = r->cur_suppressed;
    s->attr = (const char *const *)r->cur_attr;
    s->attr_line = r->cur_attr_line;
    s->time_kind = r->time_kind;
    s->ordinal = r->cur_id;
    return 1;
}

/* ---- stream mode ---- */

/* Copy a record into reader-owned memory (it belongs to the next series). */
typedef struct stash {
    char *text;
    size_t cap_text;
    tdm_csv_field *fields;
    size_t cap_fields;
    tdm_csv_record rec;
} stash;

static int stash_record(stash *st, const tdm_csv_record *rec)
{
    size_t total = 0;
    size_t o = 0;
    for (size_t i = 0; i < rec->n_fields; i++) {
        total += rec->fields[i].len;
    }
    if (tdm__grow((void **)&st->text, &st->cap_text, total + 1, 1) != TDM_OK ||
        tdm__grow((void **)&st->fields, &st->cap_fields, rec->n_fields + 1, sizeof *st->fields) !=
            TDM_OK) {
        return TDM_ENOMEM;
    }
    for (size_t i = 0; i < rec->n_fields; i++) {
        if (rec->fields[i].len > 0) {
            memcpy(st->text + o, rec->fields[i].ptr, rec->fields[i].len);
        }
        st->fields[i] = rec->fields[i];
        st->fields[i].ptr = st->text + o;
        o += rec->fields[i].len;
    }
    st->rec = *rec;
    st->rec.fields = st->fields;
    return TDM_OK;
}

static stash *reader_stash(tdm_series_reader *r);

static int start_series(tdm_series_reader *r, const tdm_csv_record *rec, tdm_error *err)
{
    const char *key;
    size_t len;
    int inserted;
    int rc = key_of(r, rec, &key, &len, err);
    if (rc != TDM_OK) {
        return rc;
    }
    rc = tdm__strmap_intern(r->keys, key, len, &r->cur_id, &inserted);
    if (rc != TDM_OK) {
        return rc;
    }
    r->cur_key = tdm__strmap_key(r->keys, r->cur_id, &r->cur_key_len);
    r->have_cur = 1;
    rc = append_row(r, &r->cur, rec, 0, r->cur_missing, r->cur_suppressed, 0, err);
    return rc == TDM_OK ? take_attrs(r, rec, r->cur_attr, r->cur_attr_line) : rc;
}

static void reset_for_hold(tdm_series_reader *r)
{
    clear_current(r);
    r->have_cur = 0;
    r->have_pending = 0;
    r->time_kind = TDM_TIME_NONE;
    r->rows_read = 0;
    r->mode = TDM_SERIES_HOLD;
    r->held = 1;
    r->have_last = 0;
    r->done = 0;
}

static int reappears(tdm_series_reader *r, const tdm_csv_record *rec, const char *key,
                     tdm_error *err)
{
    int rc;
    tdm__strmap *fresh = NULL;
    if (r->requested == TDM_SERIES_STREAM) {
        char shown[64];
        tdm__quote_text(shown, sizeof shown, key, strlen(key));
        return tdm__error(err, TDM_EPARSE, rec->line, (uint32_t)r->key_col + 1,
                          "%s: line %llu: series %s appears again after other series; rows "
                          "must be grouped by series in streaming mode",
                          tdm_csv_reader_name(r->csv), (unsigned long long)rec->line, shown);
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
    reset_for_hold(r);
    return TDM_SERIES_RESTART;
}

static int next_streamed(tdm_series_reader *r, tdm_series *s, tdm_error *err)
{
    tdm_csv_record rec;
    int rc;
    clear_current(r);
    r->have_cur = 0;
    if (r->have_pending) {
        r->have_pending = 0;
        rc = start_series(r, &reader_stash(r)->rec, err);
        if (rc != TDM_OK) {
            return rc;
        }
    }
    for (;;) {
        const char *key;
        size_t len;
        uint32_t id;
        rc = tdm_csv_reader_next(r->csv, &rec, err);
        if (rc < 0) {
            return rc;
        }
        if (rc == 0) {
            r->done = 1;
            return r->have_cur ? finish_series(r, s, err) : 0;
        }
        if (!r->have_cur) {
            rc = start_series(r, &rec, err);
            if (rc != TDM_OK) {
                return rc;
            }
            continue;
        }
        rc = key_of(r, &rec, &key, &len, err);
        if (rc != TDM_OK) {
            return rc;
        }
        if (len == r->cur_key_len && same_key(key, r->cur_key, len)) {
            rc = append_row(r, &r->cur, &rec, 0, r->cur_missing, r->cur_suppressed, 0, err);
            if (rc == TDM_OK && r->n_attr > 0) {
                rc = take_attrs(r, &rec, r->cur_attr, r->cur_attr_line);
            }
            if (rc != TDM_OK) {
                return rc;
            }
            continue;
        }
        if (tdm__strmap_find(r->keys, key, len, &id)) {
            char *k = tdm__strndup(key, len);
            if (k == NULL) {
                return TDM_ENOMEM;
            }
            rc = reappears(r, &rec, k, err);
            tdm__free(k);
            return rc;
        }
        rc = stash_record(reader_stash(r), &rec);
        if (rc != TDM_OK) {
            return rc;
        }
        r->have_pending = 1;
        return finish_series(r, s, err);
    }
}

/* ---- hold mode ---- */

static int ensure_series(tdm_series_reader *r, size_t n)
{
    size_t old = r->cap_series;
    size_t cap;
    if (n <= old) {
        return TDM_OK;
    }
    cap = old < 64 ? 64 : old * 2;
    while (cap < n) {
        cap *= 2;
    }
#define GROW_ZERO(field, per)                                                      \
    do {                                                                           \
        size_t n_ = cap * (per) > 0 ? cap * (per) : 1;                             \
        void *p_ = tdm__realloc_array(r->field, n_, sizeof *r->field);             \
        if (p_ == NULL) {                                                          \
            return TDM_ENOMEM;                                                     \
        }                                                                          \
        r->field = p_;                                                             \
        memset(r->field + old * (per), 0, (cap - old) * (per) * sizeof *r->field); \
    } while (0)
    GROW_ZERO(attr_all, r->n_attr);
    GROW_ZERO(attr_line_all, r->n_attr);
    GROW_ZERO(missing_all, r->n_num);
    GROW_ZERO(suppressed_all, r->n_num);
#undef GROW_ZERO
    r->cap_series = cap;
    return TDM_OK;
}

static int hold_row(tdm_series_reader *r, const tdm_csv_record *rec, tdm_error *err)
{
    const char *key;
    size_t len;
    uint32_t sid;
    int rc = key_of(r, rec, &key, &len, err);
    if (rc != TDM_OK) {
        return rc;
    }
    if (r->have_last) {
        size_t last_len;
        const char *last = tdm__strmap_key(r->keys, r->last_sid, &last_len);
        if (last_len != len || memcmp(last, key, len) != 0) {
            r->have_last = 0;
        }
    }
    if (r->have_last) {
        sid = r->last_sid;
    } else {
        int inserted;
        rc = tdm__strmap_intern(r->keys, key, len, &sid, &inserted);
        if (rc == TDM_OK) {
            rc = ensure_series(r, (size_t)sid + 1);
        }
        if (rc != TDM_OK) {
            return rc;
        }
        r->last_sid = sid;
        r->have_last = 1;
    }
    rc = append_row(r, &r->all, rec, sid, &r->missing_all[(size_t)sid * r->n_num],
                    &r->suppressed_all[(size_t)sid * r->n_num], 1, err);
    if (rc != TDM_OK) {
        return rc;
    }
    return take_attrs(r, rec, &r->attr_all[(size_t)sid * r->n_attr],
                      &r->attr_line_all[(size_t)sid * r->n_attr]);
}

/* Read everything, then group row indices by series (stable counting sort). */
static int load_all(tdm_series_reader *r, tdm_error *err)
{
    tdm_csv_record rec;
    size_t n_series;
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
    n_series = tdm__strmap_count(r->keys);
    r->start = tdm__calloc(n_series + 1, sizeof *r->start);
    r->order = tdm__malloc((r->all.n ? r->all.n : 1) * sizeof *r->order);
    if (r->start == NULL || r->order == NULL) {
        return TDM_ENOMEM;
    }
    for (size_t i = 0; i < r->all.n; i++) {
        r->start[r->all.sid[i] + 1]++;
    }
    for (size_t g = 0; g < n_series; g++) {
        r->start[g + 1] += r->start[g];
    }
    {
        size_t *fill_at = tdm__malloc((n_series ? n_series : 1) * sizeof *fill_at);
        if (fill_at == NULL) {
            return TDM_ENOMEM;
        }
        memcpy(fill_at, r->start, n_series * sizeof *fill_at);
        for (size_t i = 0; i < r->all.n; i++) {
            r->order[fill_at[r->all.sid[i]]++] = i;
        }
        tdm__free(fill_at);
    }
    tdm__free(r->all.sid); /* no longer needed */
    r->all.sid = NULL;
    return TDM_OK;
}

static int next_held(tdm_series_reader *r, tdm_series *s, tdm_error *err)
{
    size_t sid;
    size_t a0, a1;
    int rc;
    if (r->order == NULL) {
        rc = load_all(r, err);
        if (rc != TDM_OK) {
            return rc;
        }
    }
    clear_current(r);
    if (r->next_sid >= tdm__strmap_count(r->keys)) {
        r->done = 1;
        return 0;
    }
    sid = r->next_sid++;
    a0 = r->start[sid];
    a1 = r->start[sid + 1];
    rc = rows_reserve(&r->cur, a1 - a0, r->n_num, 0);
    if (rc != TDM_OK) {
        return rc;
    }
    for (size_t i = a0; i < a1; i++) {
        size_t row = r->order[i];
        r->cur.time[i - a0] = r->all.time[row];
        r->cur.line[i - a0] = r->all.line[row];
        for (size_t k = 0; k < r->n_num; k++) {
            r->cur.num[k][i - a0] = r->all.num[k][row];
        }
    }
    r->cur.n = a1 - a0;
    for (size_t a = 0; a < r->n_attr; a++) {
        r->cur_attr[a] = r->attr_all[sid * r->n_attr + a]; /* ownership moves */
        r->attr_all[sid * r->n_attr + a] = NULL;
        r->cur_attr_line[a] = r->attr_line_all[sid * r->n_attr + a];
    }
    for (size_t k = 0; k < r->n_num; k++) {
        r->cur_missing[k] = r->missing_all[sid * r->n_num + k];
        r->cur_suppressed[k] = r->suppressed_all[sid * r->n_num + k];
    }
    r->cur_id = (uint32_t)sid;
    return finish_series(r, s, err);
}

int tdm_series_reader_next(tdm_series_reader *r, tdm_series *s, tdm_error *err)
{
    if (r->done) {
        return 0;
    }
    return r->mode == TDM_SERIES_HOLD ? next_held(r, s, err) : next_streamed(r, s, err);
}

/* ---- open / free ---- */

static int resolve(tdm_series_reader *r, const char *name, size_t *idx, char **copy, tdm_error *err)
{
    int rc = tdm_csv_reader_column(r->csv, name, idx, err);
    if (rc != TDM_OK) {
        return rc;
    }
    *copy = tdm__strndup(name, strlen(name));
    return *copy == NULL ? TDM_ENOMEM : TDM_OK;
}

static int open_columns(tdm_series_reader *r, const tdm_series_spec *spec, tdm_error *err)
{
    int rc;
    if (spec->key_column != NULL) {
        rc = resolve(r, spec->key_column, &r->key_col, &r->key_name, err);
        if (rc != TDM_OK) {
            return rc;
        }
    }
    rc = resolve(r, spec->time_column, &r->time_col, &r->time_name, err);
    for (size_t k = 0; k < r->n_num && rc == TDM_OK; k++) {
        rc = resolve(r, spec->num_columns[k], &r->num_col[k], &r->num_name[k], err);
    }
    for (size_t a = 0; a < r->n_attr && rc == TDM_OK; a++) {
        rc = resolve(r, spec->attr_columns[a], &r->attr_col[a], &r->attr_name[a], err);
    }
    return rc;
}

/* The stash lives right after the reader in one allocation. */
typedef struct reader_block {
    tdm_series_reader r;
    stash st;
} reader_block;

static stash *reader_stash(tdm_series_reader *r)
{
    return &((reader_block *)(void *)r)->st;
}

int tdm_series_reader_open(tdm_series_reader **out, tdm_csv_reader *csv,
                           const tdm_series_spec *spec, tdm_error *err)
{
    reader_block *blk;
    tdm_series_reader *r;
    size_t nn, na;
    int rc;
    *out = NULL;
    if (csv == NULL || spec == NULL || spec->time_column == NULL ||
        (spec->n_num > 0 && spec->num_columns == NULL) ||
        (spec->n_attr > 0 && spec->attr_columns == NULL) || spec->mode < TDM_SERIES_AUTO ||
        spec->mode > TDM_SERIES_HOLD) {
        return tdm__error(err, TDM_EINVAL, 0, 0, "invalid series specification");
    }
    blk = tdm__calloc(1, sizeof *blk);
    if (blk == NULL) {
        return TDM_ENOMEM;
    }
    r = &blk->r;
    r->csv = csv;
    r->n_num = spec->n_num;
    r->n_attr = spec->n_attr;
    r->key_col = SIZE_MAX;
    r->allow_dup = spec->allow_duplicate_times;
    r->requested = spec->mode;
    r->date_format = spec->date_format;
    r->na = spec->na_strings ? spec->na_strings : default_na;
    r->n_na = spec->na_strings ? spec->n_na : sizeof default_na / sizeof *default_na;
    r->sup = spec->suppressed ? spec->suppressed : default_suppressed;
    r->n_sup = spec->suppressed ? spec->n_suppressed
                                : sizeof default_suppressed / sizeof *default_suppressed;
    nn = r->n_num ? r->n_num : 1;
    na = r->n_attr ? r->n_attr : 1;
    r->num_col = tdm__calloc(nn, sizeof *r->num_col);
    r->attr_col = tdm__calloc(na, sizeof *r->attr_col);
    r->num_name = tdm__calloc(nn, sizeof *r->num_name);
    r->attr_name = tdm__calloc(na, sizeof *r->attr_name);
    r->cur_attr = tdm__calloc(na, sizeof *r->cur_attr);
    r->cur_attr_line = tdm__calloc(na, sizeof *r->cur_attr_line);
    r->cur_missing = tdm__calloc(nn, sizeof *r->cur_missing);
    r->cur_suppressed = tdm__calloc(nn, sizeof *r->cur_suppressed);
    r->num_view = tdm__calloc(nn, sizeof *r->num_view);
    if (r->num_col == NULL || r->attr_col == NULL || r->num_name == NULL || r->attr_name == NULL ||
        r->cur_attr == NULL || r->cur_attr_line == NULL || r->cur_missing == NULL ||
        r->cur_suppressed == NULL || r->num_view == NULL ||
        rows_init(&r->cur, r->n_num) != TDM_OK || rows_init(&r->all, r->n_num) != TDM_OK ||
        tdm__strmap_new(&r->keys) != TDM_OK) {
        tdm_series_reader_free(r);
        return TDM_ENOMEM;
    }
    rc = open_columns(r, spec, err);
    if (rc != TDM_OK) {
        tdm_series_reader_free(r);
        return rc;
    }
    if (spec->mode == TDM_SERIES_HOLD ||
        (spec->mode == TDM_SERIES_AUTO && !tdm_csv_reader_can_rewind(csv))) {
        r->mode = TDM_SERIES_HOLD;
        r->held = 1;
    } else {
        r->mode = TDM_SERIES_STREAM;
    }
    *out = r;
    return TDM_OK;
}

void tdm_series_reader_free(tdm_series_reader *r)
{
    stash *st;
    if (r == NULL) {
        return;
    }
    st = reader_stash(r);
    if (r->cur_attr != NULL) {
        clear_current(r);
    }
    if (r->attr_all != NULL) {
        for (size_t i = 0; i < r->cap_series * r->n_attr; i++) {
            tdm__free(r->attr_all[i]);
        }
    }
    for (size_t k = 0; r->num_name != NULL && k < r->n_num; k++) {
        tdm__free(r->num_name[k]);
    }
    for (size_t a = 0; r->attr_name != NULL && a < r->n_attr; a++) {
        tdm__free(r->attr_name[a]);
    }
    rows_free(&r->cur, r->n_num);
    rows_free(&r->all, r->n_num);
    tdm__free(r->num_col);
    tdm__free(r->attr_col);
    tdm__free(r->num_name);
    tdm__free(r->attr_name);
    tdm__free(r->time_name);
    tdm__free(r->key_name);
    tdm__free(r->cur_attr);
    tdm__free(r->cur_attr_line);
    tdm__free(r->cur_missing);
    tdm__free(r->cur_suppressed);
    tdm__free(r->num_view);
    tdm__free(r->attr_all);
    tdm__free(r->attr_line_all);
    tdm__free(r->missing_all);
    tdm__free(r->suppressed_all);
    tdm__free(r->order);
    tdm__free(r->start);
    tdm__strmap_free(r->keys);
    series_sort_free(&r->scratch);
    tdm__free(st->text);
    tdm__free(st->fields);
    tdm__free(r);
}
