/* SPDX-License-Identifier: GPL-3.0-or-later */
/* unit_table.c - one-row-per-unit CSV input (see unit_table.h). */
#include "unit_table.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const na_text[] = { "", "NA", "NULL", "." };
static const char *const suppressed_text[] = { "*", "c", "[c]", "[x]" };

static int field_is(const tdm_csv_field *f, const char *const *list, size_t n)
{
    const char *s = f->ptr;
    size_t len = f->len;
    while (len > 0 && (*s == ' ' || *s == '\t')) {
        s++;
        len--;
    }
    while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t')) {
        len--;
    }
    for (size_t i = 0; i < n; i++) {
        if (strlen(list[i]) == len && memcmp(list[i], s, len) == 0) {
            return 1;
        }
    }
    return 0;
}

static char *dup_field(const tdm_csv_field *f)
{
    char *s = malloc(f->len + 1);
    if (s != NULL) {
        memcpy(s, f->ptr, f->len);
        s[f->len] = '\0';
    }
    return s;
}

static void shown_value(const tdm_csv_field *f, char *buf, size_t cap)
{
    size_t len = f->len < cap - 1 ? f->len : cap - 1;
    memcpy(buf, f->ptr, len);
    buf[len] = '\0';
}

static int grow(cli_table *t, size_t need, size_t *cap)
{
    size_t c = *cap ? *cap : 64;
    void *p;
    if (need <= *cap) {
        return TDM_OK;
    }
    while (c < need) {
        c *= 2;
    }
    p = realloc(t->ids, c * sizeof *t->ids);
    if (p == NULL) {
        return TDM_ENOMEM;
    }
    t->ids = p;
    p = realloc(t->line, c * sizeof *t->line);
    if (p == NULL) {
        return TDM_ENOMEM;
    }
    t->line = p;
    p = realloc(t->num, (c * t->n_num + 1) * sizeof *t->num);
    if (p == NULL) {
        return TDM_ENOMEM;
    }
    t->num = p;
    p = realloc(t->str, (c * t->n_str + 1) * sizeof *t->str);
    if (p == NULL) {
        return TDM_ENOMEM;
    }
    t->str = p;
    *cap = c;
    return TDM_OK;
}

static int parse_number(cli_table *t, const tdm_csv_record *rec, size_t k, double *v,
                        tdm_error *err)
{
    const tdm_csv_field *f = &rec->fields[t->num_col[k] - 1];
    char shown[64];
    if (tdm_parse_double(f->ptr, f->len, v) == TDM_OK && !isinf(*v)) {
        return TDM_OK;
    }
    *v = (double)NAN;
    if (field_is(f, t->na, t->n_na)) {
        t->n_missing[k]++;
        return TDM_OK;
    }
    if (field_is(f, suppressed_text, 4)) {
        t->n_suppressed[k]++;
        return TDM_OK;
    }
    shown_value(f, shown, sizeof shown);
    err->status = TDM_EPARSE;
    err->line = rec->line;
    err->field = t->num_col[k];
    snprintf(err->message, sizeof err->message,
             "%s: line %llu, column %u (\"%s\"): \"%s\" is not a number", t->source,
             (unsigned long long)rec->line, t->num_col[k], t->num_names[k], shown);
    return TDM_EPARSE;
}

static int resolve(tdm_csv_reader *csv, cli_table *t, const char *id_col,
                   const char *const *num_cols, const char *const *str_cols, tdm_error *err)
{
    size_t idx;
    int rc = tdm_csv_reader_column(csv, id_col, &idx, err);
    if (rc != TDM_OK) {
        return rc;
    }
    t->id_col = (uint32_t)idx + 1;
    for (size_t k = 0; k < t->n_num; k++) {
        rc = tdm_csv_reader_column(csv, num_cols[k], &idx, err);
        if (rc != TDM_OK) {
            return rc;
        }
        t->num_col[k] = (uint32_t)idx + 1;
    }
    for (size_t k = 0; k < t->n_str; k++) {
        rc = tdm_csv_reader_column(csv, str_cols[k], &idx, err);
        if (rc != TDM_OK) {
            return rc;
        }
        t->str_col[k] = (uint32_t)idx + 1;
    }
    return TDM_OK;
}

static int add_row(cli_table *t, const tdm_csv_record *rec, size_t *cap, tdm_error *err)
{
    const tdm_csv_field *idf = &rec->fields[t->id_col - 1];
    size_t i = t->n;
    int rc = grow(t, i + 1, cap);
    if (rc != TDM_OK) {
        return rc;
    }
    if (field_is(idf, na_text, 1)) {
        err->status = TDM_EPARSE;
        err->line = rec->line;
        err->field = t->id_col;
        snprintf(err->message, sizeof err->message, "%s: line %llu, column %u (\"%s\"): empty id",
                 t->source, (unsigned long long)rec->line, t->id_col, t->id_name);
        return TDM_EPARSE;
    }
    t->ids[i] = dup_field(idf);
    if (t->ids[i] == NULL) {
        return TDM_ENOMEM;
    }
    t->line[i] = rec->line;
    t->n++;
    for (size_t k = 0; k < t->n_str; k++) {
        t->str[i * t->n_str + k] = dup_field(&rec->fields[t->str_col[k] - 1]);
        if (t->str[i * t->n_str + k] == NULL) {
            return TDM_ENOMEM;
        }
    }
    for (size_t k = 0; k < t->n_num; k++) {
        rc = parse_number(t, rec, k, &t->num[i * t->n_num + k], err);
        if (rc != TDM_OK) {
            return rc;
        }
    }
    return TDM_OK;
}

static int alloc_columns(cli_table *t, const char *path, size_t n_num, size_t n_str)
{
    memset(t, 0, sizeof *t);
    t->n_num = n_num;
    t->n_str = n_str;
    t->source = strdup(path == NULL || strcmp(path, "-") == 0 ? "<stdin>" : path);
    t->num_col = calloc(n_num + 1, sizeof *t->num_col);
    t->str_col = calloc(n_str + 1, sizeof *t->str_col);
    t->n_missing = calloc(n_num + 1, sizeof *t->n_missing);
    t->n_suppressed = calloc(n_num + 1, sizeof *t->n_suppressed);
    if (!t->source || !t->num_col || !t->str_col || !t->n_missing || !t->n_suppressed) {
        return TDM_ENOMEM;
    }
    return TDM_OK;
}

static int check_duplicates(cli_table *t, tdm_error *err);

int cli_table_read(cli_table *t, const char *path, const char *id_col, const char *const *num_cols,
                   size_t n_num, const char *const *str_cols, size_t n_str, const cli_read_opts *ro,
                   tdm_error *err)
{
    tdm_csv_reader *csv = NULL;
    tdm_csv_record rec;
    tdm_csv_options co;
    size_t cap = 0;
    int rc = alloc_columns(t, path, n_num, n_str);
    tdm_csv_options_init(&co);
    if (ro != NULL) {
        co.delimiter = ro->delimiter;
    }
    t->na = ro != NULL && ro->na != NULL ? ro->na : na_text;
    t->n_na = ro != NULL && ro->na != NULL ? ro->n_na : 4;
    t->id_name = id_col;
    t->num_names = num_cols;
    t->str_names = str_cols;
    rc = rc ? rc : tdm_csv_reader_open_path(&csv, path, &co, err);
    rc = rc ? rc : resolve(csv, t, id_col, num_cols, str_cols, err);
    while (rc == TDM_OK) {
        int got = tdm_csv_reader_next(csv, &rec, err);
        if (got <= 0) {
            rc = got;
            break;
        }
        rc = add_row(t, &rec, &cap, err);
    }
    tdm_csv_reader_free(csv);
    if (rc == TDM_OK) {
        cli_table_sort(t);
        rc = check_duplicates(t, err);
    }
    if (rc == TDM_ENOMEM) {
        snprintf(err->message, sizeof err->message, "out of memory reading %s", t->source);
    }
    return rc;
}

/* ---- sorting by id: an index sort, then the rows permuted ---- */

static const cli_table *sort_table;

static int by_id(const void *a, const void *b)
{
    size_t i = *(const size_t *)a, j = *(const size_t *)b;
    int c = strcmp(sort_table->ids[i], sort_table->ids[j]);
    return c != 0 ? c : (i < j ? -1 : i > j);
}

static int permute(cli_table *t, const size_t *ord)
{
    char **ids = malloc((t->n + 1) * sizeof *ids);
    uint64_t *line = malloc((t->n + 1) * sizeof *line);
    double *num = malloc((t->n * t->n_num + 1) * sizeof *num);
    char **str = malloc((t->n * t->n_str + 1) * sizeof *str);
    if (!ids || !line || !num || !str) {
        free(ids);
        free(line);
        free(num);
        free(str);
        return -1;
    }
    for (size_t r = 0; r < t->n; r++) {
        size_t i = ord[r];
        ids[r] = t->ids[i];
        line[r] = t->line[i];
        memcpy(num + r * t->n_num, t->num + i * t->n_num, t->n_num * sizeof *num);
        memcpy(str + r * t->n_str, t->str + i * t->n_str, t->n_str * sizeof *str);
    }
    free(t->ids);
    free(t->line);
    free(t->num);
    free(t->str);
    t->ids = ids;
    t->line = line;
    t->num = num;
    t->str = str;
    return 0;
}

void cli_table_sort(cli_table *t)
{
    size_t *ord;
    if (t->n < 2) {
        return;
    }
    ord = malloc(t->n * sizeof *ord);
    if (ord == NULL) {
        return; /* unsorted still works; only the tie order would differ */
    }
    for (size_t i = 0; i < t->n; i++) {
        ord[i] = i;
    }
    sort_table = t;
    qsort(ord, t->n, sizeof *ord, by_id);
    sort_table = NULL;
    (void)permute(t, ord);
    free(ord);
}

static int check_duplicates(cli_table *t, tdm_error *err)
{
    for (size_t i = 1; i < t->n; i++) {
        if (strcmp(t->ids[i - 1], t->ids[i]) == 0) {
            size_t a = t->line[i - 1] < t->line[i] ? i - 1 : i;
            size_t b = a == i ? i - 1 : i;
            err->status = TDM_EPARSE;
            err->line = t->line[b];
            err->field = t->id_col;
            snprintf(err->message, sizeof err->message,
                     "%s: line %llu, column %u (\"%s\"): \"%.60s\" appears again (first on line "
                     "%llu); one row per unit",
                     t->source, (unsigned long long)t->line[b], t->id_col, t->id_name, t->ids[b],
                     (unsigned long long)t->line[a]);
            return TDM_EPARSE;
        }
    }
    return TDM_OK;
}

long cli_table_find(const cli_table *t, const char *id)
{
    size_t lo = 0, hi = t->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(t->ids[mid], id);
        if (c == 0) {
            return (long)mid;
        }
        if (c < 0) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    return -1;
}

void cli_table_filter(cli_table *t, const uint8_t *keep)
{
    size_t m = 0;
    for (size_t i = 0; i < t->n; i++) {
        if (!keep[i]) {
            free(t->ids[i]);
            for (size_t k = 0; k < t->n_str; k++) {
                free(t->str[i * t->n_str + k]);
            }
            continue;
        }
        t->ids[m] = t->ids[i];
        t->line[m] = t->line[i];
        memmove(t->num + m * t->n_num, t->num + i * t->n_num, t->n_num * sizeof *t->num);
        memmove(t->str + m * t->n_str, t->str + i * t->n_str, t->n_str * sizeof *t->str);
        m++;
    }
    t->n = m;
}

size_t cli_table_first_missing(const cli_table *t, size_t c)
{
    size_t best = SIZE_MAX;
    for (size_t i = 0; i < t->n; i++) {
        if (isnan(t->num[i * t->n_num + c]) && (best == SIZE_MAX || t->line[i] < t->line[best])) {
            best = i;
        }
    }
    return best;
}

void cli_table_free(cli_table *t)
{
    for (size_t i = 0; i < t->n; i++) {
        free(t->ids[i]);
        for (size_t k = 0; k < t->n_str; k++) {
            free(t->str[i * t->n_str + k]);
        }
    }
    free(t->ids);
    free(t->str);
    free(t->num);
    free(t->line);
    free(t->num_col);
    free(t->str_col);
    free(t->n_missing);
    free(t->n_suppressed);
    free(t->source);
    memset(t, 0, sizeof *t);
}

int cli_table_error(const cli_table *t, tdm_error *err, int status, size_t row, int num_col,
                    const char *what)
{
    uint32_t col = num_col >= 0 ? t->num_col[num_col] : t->id_col;
    const char *name = num_col >= 0 ? t->num_names[num_col] : t->id_name;
    err->status = status;
    err->line = t->line[row];
    err->field = col;
    snprintf(err->message, sizeof err->message, "%s: line %llu, column %u (\"%s\"): %s", t->source,
             (unsigned long long)t->line[row], col, name, what);
    return status;
}

int cli_split_list(const char *s, char ***out, size_t *n)
{
    size_t count = 1, k = 0;
    char **v;
    for (const char *p = s; *p; p++) {
        count += *p == ',';
    }
    v = calloc(count, sizeof *v);
    if (v == NULL) {
        return -1;
    }
    for (;;) {
        const char *end = strchr(s, ',');
        size_t len = end ? (size_t)(end - s) : strlen(s);
        v[k] = malloc(len + 1);
        if (v[k] == NULL) {
            cli_free_list(v, k);
            return -1;
        }
        memcpy(v[k], s, len);
        v[k][len] = '\0';
        k++;
        if (end == NULL) {
            break;
        }
        s = end + 1;
    }
    *out = v;
    *n = count;
    return 0;
}

void cli_free_list(char **v, size_t n)
{
    for (size_t i = 0; v != NULL && i < n; i++) {
        free(v[i]);
    }
    free(v);
}
