/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * series_reader.c - turn a long CSV (one row per series x period) into
 * complete, time-ordered series, for SPC and every other per-series method.
 *
 * The grouping itself (streaming while rows arrive grouped by series,
 * otherwise re-reading the file and holding the parsed columns, and telling
 * the caller to start over) is group_reader.c's: this file adds what makes a
 * group a series. It parses the time column (ISO or UK dates, or integer
 * periods, one kind per file), orders the rows by time with ties kept in
 * input order, rejects two rows with one time unless asked not to, and takes
 * each series' attributes (target, direction) as the first non-empty value.
 */
#include "../core/core.h"
#include "series_sort.h"

#include <stdio.h>
#include <string.h>

static const char *const default_na[] = { "", "NA", "NULL", "." };

/* Dates repeat across series (every series has the same months), so a tiny
 * cache of parsed "YYYY-MM-DD" texts saves the calendar arithmetic on almost
 * every row. Linear probing over 256 slots, at most 8 probes. */
#define DATE_CACHE 256
typedef struct date_entry {
    uint64_t lo; /* first 8 bytes of the text */
    uint16_t hi; /* last 2 bytes */
    uint8_t valid;
    int32_t days;
} date_entry;

struct tdm_series_reader {
    tdm_group_reader *gr;
    tdm_csv_reader *csv;
    size_t n_num, n_attr;
    int by; /* 1: a key column names the series */
    int allow_dup;
    int date_format; /* tdm_date_format */
    int time_kind;   /* fixed by the first row */
    uint64_t time_kind_line;
    uint32_t time_col; /* 1-based, for messages */
    char *time_name, *key_name;
    uint32_t key_col; /* 1-based, for messages */
    const char *const *na;
    size_t n_na;
    /* the series being yielded */
    size_t cap;
    int64_t *time;
    uint64_t *line;
    double **num; /* n_num arrays */
    const double **num_view;
    char *key; /* NUL-terminated copy */
    size_t cap_key;
    char **attr; /* n_attr values (owned) or NULL */
    uint64_t *attr_line;
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
    return tdm_group_reader_rows(r->gr);
}

int tdm_series_reader_held(const tdm_series_reader *r)
{
    return tdm_group_reader_held(r->gr);
}

/* ---- parsing a time ---- */

static int is_na(const tdm_series_reader *r, const char *s, size_t len)
{
    for (size_t i = 0; i < r->n_na; i++) {
        if (strlen(r->na[i]) == len && memcmp(r->na[i], s, len) == 0) {
            return 1;
        }
    }
    return 0;
}

static void trim(const char **s, size_t *len)
{
    while (*len > 0 && ((*s)[0] == ' ' || (*s)[0] == '\t')) {
        (*s)++;
        (*len)--;
    }
    while (*len > 0 && ((*s)[*len - 1] == ' ' || (*s)[*len - 1] == '\t')) {
        (*len)--;
    }
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

/* Why a text is not a time, for the message. */
static const char *time_hint(const tdm_series_reader *r, const char *s, size_t len)
{
    int32_t probe;
    if (r->date_format == TDM_DATE_DMY) {
        return " (expected DD/MM/YYYY)";
    }
    if (len > 10 && tdm_parse_date(s, 10, &probe) == TDM_OK) {
        return " (it has a time of day: give one row per date, at midnight if timed)";
    }
    if (tdm_parse_date_dmy(s, len, &probe) == TDM_OK) {
        return " (expected YYYY-MM-DD; for UK day-first dates give --date-format dmy)";
    }
    return " (expected YYYY-MM-DD) or an integer period";
}

static int parse_time(tdm_series_reader *r, const tdm_csv_field *f, uint64_t line, int64_t *out,
                      tdm_error *err)
{
    const char *name = tdm_csv_reader_name(r->csv);
    const char *s = f->ptr;
    size_t len = f->len;
    int32_t days;
    int kind;
    char shown[64];
    if (r->date_format == TDM_DATE_ISO ? cached_date(r, s, len, &days) == TDM_OK
                                       : tdm_parse_date_dmy(s, len, &days) == TDM_OK) {
        *out = days; /* the common case first */
        kind = TDM_TIME_DATE;
    } else {
        trim(&s, &len);
        if (len == 0 || is_na(r, f->ptr, f->len)) {
            return tdm__error(err, TDM_EPARSE, line, r->time_col,
                              "%s: line %llu, column %u (\"%s\"): missing date or period", name,
                              (unsigned long long)line, r->time_col, r->time_name);
        }
        if (parse_integer(s, len, out) != TDM_OK) {
            tdm__quote_text(shown, sizeof shown, f->ptr, f->len);
            return tdm__error(err, TDM_EPARSE, line, r->time_col,
                              "%s: line %llu, column %u (\"%s\"): %s is not a date%s", name,
                              (unsigned long long)line, r->time_col, r->time_name, shown,
                              time_hint(r, s, len));
        }
        kind = TDM_TIME_INTEGER;
    }
    if (r->time_kind == TDM_TIME_NONE) {
        r->time_kind = kind;
        r->time_kind_line = line;
    } else if (kind != r->time_kind) {
        tdm__quote_text(shown, sizeof shown, f->ptr, f->len);
        return tdm__error(err, TDM_EPARSE, line, r->time_col,
                          "%s: line %llu, column %u (\"%s\"): %s is %s, but line %llu has %s", name,
                          (unsigned long long)line, r->time_col, r->time_name, shown,
                          kind == TDM_TIME_DATE ? "a date" : "an integer",
                          (unsigned long long)r->time_kind_line,
                          kind == TDM_TIME_DATE ? "an integer period" : "a date");
    }
    return TDM_OK;
}

/* ---- one group -> one series ---- */

static int reserve(tdm_series_reader *r, size_t n)
{
    size_t cap = r->cap < 64 ? 64 : r->cap;
    if (n <= r->cap) {
        return TDM_OK;
    }
    while (cap < n) {
        cap *= 2;
    }
    {
        int64_t *t = tdm__realloc_array(r->time, cap, sizeof *t);
        if (t == NULL) {
            return TDM_ENOMEM;
        }
        r->time = t;
    }
    {
        uint64_t *l = tdm__realloc_array(r->line, cap, sizeof *l);
        if (l == NULL) {
            return TDM_ENOMEM;
        }
        r->line = l;
    }
    for (size_t k = 0; k < r->n_num; k++) {
        double *v = tdm__realloc_array(r->num[k], cap, sizeof *v);
        if (v == NULL) {
            return TDM_ENOMEM;
        }
        r->num[k] = v;
    }
    r->cap = cap;
    return TDM_OK;
}

static int set_key(tdm_series_reader *r, const tdm_group *g, tdm_error *err)
{
    const char *k = g->n_keys > 0 ? g->key[0].ptr : "";
    size_t len = g->n_keys > 0 ? g->key[0].len : 0;
    if (r->by && len == 0) {
        return tdm__error(err, TDM_EPARSE, g->line[0], r->key_col,
                          "%s: line %llu, column %u (\"%s\"): empty series identifier",
                          tdm_csv_reader_name(r->csv), (unsigned long long)g->line[0], r->key_col,
                          r->key_name);
    }
    if (tdm__grow((void **)&r->key, &r->cap_key, len + 1, 1) != TDM_OK) {
        return TDM_ENOMEM;
    }
    if (len > 0) {
        memcpy(r->key, k, len);
    }
    r->key[len] = '\0';
    return TDM_OK;
}

/* The first non-empty, non-missing value of each attribute column, in input
 * order (text column 1 + a of the group). */
static int take_attrs(tdm_series_reader *r, const tdm_group *g)
{
    for (size_t a = 0; a < r->n_attr; a++) {
        const tdm_csv_field *col = g->text[1 + a];
        tdm__free(r->attr[a]);
        r->attr[a] = NULL;
        r->attr_line[a] = 0;
        for (size_t i = 0; i < g->n; i++) {
            if (col[i].len == 0 || is_na(r, col[i].ptr, col[i].len)) {
                continue;
            }
            r->attr[a] = tdm__strndup(col[i].ptr, col[i].len);
            if (r->attr[a] == NULL) {
                return TDM_ENOMEM;
            }
            r->attr_line[a] = g->line[i];
            break;
        }
    }
    return TDM_OK;
}

static int no_duplicate_times(const tdm_series_reader *r, size_t n, tdm_error *err)
{
    for (size_t i = 1; i < n; i++) {
        if (r->time[i] == r->time[i - 1]) {
            char t[24];
            if (r->time_kind == TDM_TIME_DATE) {
                (void)tdm_format_date((int32_t)r->time[i], t);
            } else {
                (void)snprintf(t, sizeof t, "%lld", (long long)r->time[i]);
            }
            return tdm__error(err, TDM_EPARSE, r->line[i], r->time_col,
                              "%s: line %llu: series \"%s\" has two rows for %s (lines %llu "
                              "and %llu)",
                              tdm_csv_reader_name(r->csv), (unsigned long long)r->line[i], r->key,
                              t, (unsigned long long)r->line[i - 1],
                              (unsigned long long)r->line[i]);
        }
    }
    return TDM_OK;
}

static int make_series(tdm_series_reader *r, const tdm_group *g, tdm_series *s, tdm_error *err)
{
    int rc = set_key(r, g, err);
    rc = rc ? rc : reserve(r, g->n);
    for (size_t i = 0; i < g->n && rc == TDM_OK; i++) {
        rc = parse_time(r, &g->text[0][i], g->line[i], &r->time[i], err);
        r->line[i] = g->line[i];
    }
    for (size_t k = 0; k < r->n_num && rc == TDM_OK; k++) {
        memcpy(r->num[k], g->num[k], g->n * sizeof *r->num[k]);
    }
    rc = rc ? rc : take_attrs(r, g);
    rc = rc ? rc : series_sort(&r->scratch, r->time, r->line, r->num, r->n_num, g->n);
    if (rc == TDM_OK && !r->allow_dup) {
        rc = no_duplicate_times(r, g->n, err);
    }
    if (rc != TDM_OK) {
        return rc;
    }
    for (size_t k = 0; k < r->n_num; k++) {
        r->num_view[k] = r->num[k];
    }
    s->key = r->key;
    s->key_len = strlen(r->key);
    s->n = g->n;
    s->time = r->time;
    s->num = r->num_view;
    s->line = r->line;
    s->n_missing = g->n_missing;
    s->n_suppressed = g->n_suppressed;
    s->attr = (const char *const *)r->attr;
    s->attr_line = r->attr_line;
    s->time_kind = r->time_kind;
    s->ordinal = g->ordinal;
    return 1;
}

int tdm_series_reader_next(tdm_series_reader *r, tdm_series *s, tdm_error *err)
{
    tdm_group g;
    int rc = tdm_group_reader_next(r->gr, &g, err);
    if (rc == TDM_GROUP_RESTART) {
        r->time_kind = TDM_TIME_NONE; /* the first row will fix it again */
        return TDM_SERIES_RESTART;
    }
    if (rc != 1) {
        return rc;
    }
    return make_series(r, &g, s, err);
}

/* ---- open / free ---- */

static int column_name(tdm_series_reader *r, const char *name, uint32_t *col, char **copy,
                       tdm_error *err)
{
    size_t idx;
    int rc = tdm_csv_reader_column(r->csv, name, &idx, err);
    if (rc != TDM_OK) {
        return rc;
    }
    *col = (uint32_t)idx + 1;
    *copy = tdm__strndup(name, strlen(name));
    return *copy == NULL ? TDM_ENOMEM : TDM_OK;
}

static int open_group_reader(tdm_series_reader *r, const tdm_series_spec *spec, tdm_error *err)
{
    tdm_group_spec gs;
    const char **text = tdm__calloc(spec->n_attr + 1, sizeof *text);
    int rc;
    if (text == NULL) {
        return TDM_ENOMEM;
    }
    text[0] = spec->time_column;
    for (size_t a = 0; a < spec->n_attr; a++) {
        text[1 + a] = spec->attr_columns[a];
    }
    tdm_group_spec_init(&gs);
    gs.key_columns = spec->key_column != NULL ? &spec->key_column : NULL;
    gs.n_keys = spec->key_column != NULL ? 1 : 0;
    gs.num_columns = spec->num_columns;
    gs.n_num = spec->n_num;
    gs.text_columns = text;
    gs.n_text = spec->n_attr + 1;
    gs.na_strings = spec->na_strings;
    gs.n_na = spec->n_na;
    gs.suppressed = spec->suppressed;
    gs.n_suppressed = spec->n_suppressed;
    gs.mode = spec->mode;
    gs.noun = "series";
    rc = tdm_group_reader_open(&r->gr, r->csv, &gs, err);
    tdm__free(text);
    return rc;
}

static int alloc_arrays(tdm_series_reader *r)
{
    size_t nn = r->n_num ? r->n_num : 1;
    size_t na = r->n_attr ? r->n_attr : 1;
    r->num = tdm__calloc(nn, sizeof *r->num);
    r->num_view = tdm__calloc(nn, sizeof *r->num_view);
    r->attr = tdm__calloc(na, sizeof *r->attr);
    r->attr_line = tdm__calloc(na, sizeof *r->attr_line);
    return r->num == NULL || r->num_view == NULL || r->attr == NULL || r->attr_line == NULL
               ? TDM_ENOMEM
               : TDM_OK;
}

int tdm_series_reader_open(tdm_series_reader **out, tdm_csv_reader *csv,
                           const tdm_series_spec *spec, tdm_error *err)
{
    tdm_series_reader *r;
    int rc;
    *out = NULL;
    if (csv == NULL || spec == NULL || spec->time_column == NULL ||
        (spec->n_num > 0 && spec->num_columns == NULL) ||
        (spec->n_attr > 0 && spec->attr_columns == NULL) || spec->mode < TDM_SERIES_AUTO ||
        spec->mode > TDM_SERIES_HOLD) {
        return tdm__error(err, TDM_EINVAL, 0, 0, "invalid series specification");
    }
    r = tdm__calloc(1, sizeof *r);
    if (r == NULL) {
        return TDM_ENOMEM;
    }
    r->csv = csv;
    r->n_num = spec->n_num;
    r->n_attr = spec->n_attr;
    r->by = spec->key_column != NULL;
    r->allow_dup = spec->allow_duplicate_times;
    r->date_format = spec->date_format;
    r->na = spec->na_strings ? spec->na_strings : default_na;
    r->n_na = spec->na_strings ? spec->n_na : sizeof default_na / sizeof *default_na;
    rc = alloc_arrays(r);
    if (rc == TDM_OK && r->by) {
        rc = column_name(r, spec->key_column, &r->key_col, &r->key_name, err);
    }
    rc = rc ? rc : column_name(r, spec->time_column, &r->time_col, &r->time_name, err);
    rc = rc ? rc : open_group_reader(r, spec, err);
    if (rc != TDM_OK) {
        tdm_series_reader_free(r);
        return rc;
    }
    *out = r;
    return TDM_OK;
}

void tdm_series_reader_free(tdm_series_reader *r)
{
    if (r == NULL) {
        return;
    }
    tdm_group_reader_free(r->gr);
    for (size_t k = 0; r->num != NULL && k < r->n_num; k++) {
        tdm__free(r->num[k]);
    }
    for (size_t a = 0; r->attr != NULL && a < r->n_attr; a++) {
        tdm__free(r->attr[a]);
    }
    tdm__free(r->num);
    tdm__free(r->num_view);
    tdm__free(r->attr);
    tdm__free(r->attr_line);
    tdm__free(r->time);
    tdm__free(r->line);
    tdm__free(r->key);
    tdm__free(r->time_name);
    tdm__free(r->key_name);
    series_sort_free(&r->scratch);
    tdm__free(r);
}
