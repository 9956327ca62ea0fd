/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * inequality.c - inequality measures per area from a CSV with one row per
 * area and deprivation quantile (SPEC: ineq.area, ineq.core20): groups the
 * rows, checks completeness, then calls the SII kernel (sii.c) for each area
 * in output order from one seeded random stream, and computes the CORE20
 * gap. Holds one small record per area and quantile, never the CSV text.
 */
#include "../core/rmath.h"
#include "agg_internal.h"

#include <stdio.h>
#include <string.h>

static const char *const default_na[] = { "", "NA", "NULL", "." };
static const char *const default_suppressed[] = { "*", "c", "[c]", "[x]" };

enum { F_POP, F_VALUE, F_SE, F_LOWER, F_UPPER, F_NUM, N_F };

/* One area and quantile, as read. */
typedef struct cell {
    uint32_t area;
    uint32_t q;    /* 1-based quantile */
    double v[N_F]; /* sums over the rows (one row unless summing numerators) */
    uint64_t line; /* first row */
    int missing;   /* a needed value was missing or suppressed */
} cell;

/* A small-area row when quantiles come from a score. */
typedef struct scored {
    uint32_t area;  /* area (by values) */
    uint32_t group; /* group of quantile assignment (score_within values) */
    double score;
    double v[N_F];
    uint64_t line;
    int missing;
} scored;

struct tdm_inequality_result {
    size_t n_by, q, n_areas;
    tdm__strmap *areas; /* composite by values -> area id (owns the text) */
    size_t *order;      /* output position -> area id */
    const char **by;    /* [pos * n_by] */
    size_t *by_len;
    int *status; /* [pos] */
    size_t *n_present;
    double *population;
    tdm_sii_result *sii;
    double *core[5]; /* core20 value, rest value, gap, lower, upper: [pos] */
    double *qv[6];   /* population, numerator, value, lower, upper, se: [pos * q] */
};

typedef struct ineq_run {
    const tdm_inequality_spec *spec;
    const char *source;
    const tdm_csv_field *header;
    size_t *by_field;
    size_t q_field;
    size_t field[N_F]; /* SIZE_MAX when not used */
    const char *const *na;
    size_t n_na;
    const char *const *sup;
    size_t n_sup;
    size_t score_field;   /* SIZE_MAX without a score column */
    size_t *within_field; /* score_within columns */
    tdm__strmap *within;  /* score_within values -> group of quantile assignment */
    scored *srows;        /* small-area rows awaiting their quantile */
    size_t n_srows, cap_srows;
    uint64_t unscored;      /* rows without a score (skipped) */
    tdm__strmap *cells_map; /* (area, q) -> cell */
    cell *cells;
    size_t n_cells, cap_cells;
    uint32_t max_q;
    char *scratch;
    size_t cap_scratch;
    tdm_inequality_result *res;
} ineq_run;

void tdm_inequality_spec_init(tdm_inequality_spec *s)
{
    memset(s, 0, sizeof *s);
    s->version = TDM_INEQUALITY_SPEC_VERSION;
    tdm_sii_options_init(&s->sii);
    s->seed = 1;
}

static int column(tdm_csv_reader *csv, const char *name, size_t *idx, tdm_error *err)
{
    if (name == NULL) {
        *idx = SIZE_MAX;
        return TDM_OK;
    }
    return tdm_csv_reader_column(csv, name, idx, err);
}

static int check_spec(const tdm_inequality_spec *s, tdm_error *err)
{
    int has_value = s->value_column != NULL;
    int has_num = s->numerator_column != NULL;
    int has_se = s->se_column != NULL;
    int has_limits = s->lower_column != NULL || s->upper_column != NULL;
    if ((s->quantile_column == NULL) == (s->score_column == NULL) || s->population_column == NULL ||
        has_value == has_num || (s->n_by > 0 && s->by_columns == NULL) ||
        (s->n_score_within > 0 && s->score_within == NULL)) {
        return tdm__error(err, TDM_EINVAL, 0, 0,
                          "inequality needs a quantile column, a population column and either "
                          "a value column or a numerator column");
    }
    if ((has_se && has_limits) || (has_value && !has_se && !has_limits)) {
        return tdm__error(err, TDM_EINVAL, 0, 0,
                          "give the values' standard errors or their confidence limits, not both");
    }
    if (has_limits && (s->lower_column == NULL || s->upper_column == NULL)) {
        return tdm__error(err, TDM_EINVAL, 0, 0, "give both the lower and the upper limit column");
    }
    if (has_num && (has_se || has_limits) && s->sii.value_type != TDM_VALUE_PROPORTION) {
        return tdm__error(err, TDM_EINVAL, 0, 0,
                          "a numerator with given standard errors or limits needs value type 2 "
                          "(its value is numerator / population)");
    }
    if (has_num && !has_se && !has_limits && s->sii.value_type == TDM_VALUE_NORMAL) {
        return tdm__error(err, TDM_EINVAL, 0, 0,
                          "counts need value type 1 (rate) or 2 (proportion)");
    }
    if (s->n_quantiles > (size_t)TDM_SII_MAX_QUANTILES * 100) {
        return tdm__error(err, TDM_EINVAL, 0, 0, "too many quantiles");
    }
    if (s->score_column != NULL && (!has_num || has_se || has_limits || s->n_quantiles == 0)) {
        return tdm__error(err, TDM_EINVAL, 0, 0,
                          "quantiles from a score need counts (a numerator column, without "
                          "standard errors or limits) and the number of quantiles");
    }
    return TDM_OK;
}

/* Counts are summed over the rows of an area and quantile only when tandem
 * computes their intervals; with given SEs or limits a row is one quantile. */
static int summing(const tdm_inequality_spec *s)
{
    return s->numerator_column != NULL && s->se_column == NULL && s->lower_column == NULL;
}

static int setup(ineq_run *r, tdm_csv_reader *csv, tdm_error *err)
{
    const tdm_inequality_spec *s = r->spec;
    size_t n;
    int rc;
    r->header = tdm_csv_reader_header(csv, &n);
    if (r->header == NULL) {
        return tdm__error(err, TDM_EINVAL, 0, 0, "inequality input needs a header row");
    }
    r->source = tdm_csv_reader_name(csv);
    r->na = s->na_strings ? s->na_strings : default_na;
    r->n_na = s->na_strings ? s->n_na : sizeof default_na / sizeof *default_na;
    r->sup = s->suppressed ? s->suppressed : default_suppressed;
    r->n_sup =
        s->suppressed ? s->n_suppressed : sizeof default_suppressed / sizeof *default_suppressed;
    r->by_field = tdm__calloc(s->n_by ? s->n_by : 1, sizeof *r->by_field);
    if (r->by_field == NULL || tdm__strmap_new(&r->cells_map) != TDM_OK ||
        tdm__strmap_new(&r->res->areas) != TDM_OK) {
        return TDM_ENOMEM;
    }
    for (size_t j = 0; j < s->n_by; j++) {
        rc = column(csv, s->by_columns[j], &r->by_field[j], err);
        if (rc != TDM_OK) {
            return rc;
        }
    }
    r->within_field =
        tdm__calloc(s->n_score_within ? s->n_score_within : 1, sizeof *r->within_field);
    if (r->within_field == NULL || tdm__strmap_new(&r->within) != TDM_OK) {
        return TDM_ENOMEM;
    }
    for (size_t j = 0; j < s->n_score_within; j++) {
        rc = column(csv, s->score_within[j], &r->within_field[j], err);
        if (rc != TDM_OK) {
            return rc;
        }
    }
    rc = column(csv, s->score_column, &r->score_field, err);
    rc = rc ? rc : column(csv, s->quantile_column, &r->q_field, err);
    rc = rc ? rc : column(csv, s->population_column, &r->field[F_POP], err);
    rc = rc ? rc : column(csv, s->value_column, &r->field[F_VALUE], err);
    rc = rc ? rc : column(csv, s->se_column, &r->field[F_SE], err);
    rc = rc ? rc : column(csv, s->lower_column, &r->field[F_LOWER], err);
    rc = rc ? rc : column(csv, s->upper_column, &r->field[F_UPPER], err);
    rc = rc ? rc : column(csv, s->numerator_column, &r->field[F_NUM], err);
    return rc;
}

/* ---- reading ---- */

static int cell_error(const ineq_run *r, const tdm_csv_record *rec, size_t field, const char *what,
                      tdm_error *err)
{
    char shown[64];
    const tdm_csv_field *h = &r->header[field];
    tdm__quote_text(shown, sizeof shown, rec->fields[field].ptr, rec->fields[field].len);
    return tdm__error(err, TDM_EPARSE, rec->line, (uint32_t)field + 1,
                      "%s: line %llu, column %zu (\"%.*s\"): %s %s", r->source,
                      (unsigned long long)rec->line, field + 1, (int)(h->len > 60 ? 60 : h->len),
                      h->ptr, shown, what);
}

static int blank_or_in(const tdm_csv_field *f, const char *const *list, size_t n)
{
    size_t i = 0;
    while (i < f->len && (f->ptr[i] == ' ' || f->ptr[i] == '\t')) {
        i++;
    }
    return i == f->len || tdm__field_in(f->ptr, f->len, list, n);
}

/* @return 1 number in *v, 0 missing or suppressed, <0 error. */
static int number_at(const ineq_run *r, const tdm_csv_record *rec, size_t field, double *v,
                     tdm_error *err)
{
    const tdm_csv_field *f = &rec->fields[field];
    if (tdm_parse_double(f->ptr, f->len, v) == TDM_OK) {
        return 1;
    }
    if (blank_or_in(f, r->na, r->n_na) || tdm__field_in(f->ptr, f->len, r->sup, r->n_sup)) {
        *v = (double)NAN;
        return 0;
    }
    return cell_error(r, rec, field, "is not a number", err);
}

/* SPEC: ineq.area - quantile labels are whole numbers 1..Q, 1 the most
 * deprived. @return 1 with *q, 0 for a missing label (row skipped), <0. */
static int quantile_of(ineq_run *r, const tdm_csv_record *rec, uint32_t *q, tdm_error *err)
{
    double v;
    size_t max = r->spec->n_quantiles ? r->spec->n_quantiles : (size_t)TDM_SII_MAX_QUANTILES * 100;
    int rc = number_at(r, rec, r->q_field, &v, err);
    char what[96];
    if (rc <= 0) {
        return rc;
    }
    if (!(v >= 1.0) || v != floor(v) || v > (double)max) {
        snprintf(what, sizeof what, "is not a quantile (a whole number from 1 to %zu)", max);
        return cell_error(r, rec, r->q_field, what, err);
    }
    *q = (uint32_t)v;
    if (*q > r->max_q) {
        r->max_q = *q;
    }
    return 1;
}

static int area_of(ineq_run *r, const tdm_csv_record *rec, uint32_t *id)
{
    size_t n = 0;
    int inserted;
    int rc = TDM_OK;
    for (size_t j = 0; j < r->spec->n_by && rc == TDM_OK; j++) {
        const tdm_csv_field *f = &rec->fields[r->by_field[j]];
        rc = tdm__put_part(&r->scratch, &r->cap_scratch, &n, f->ptr, f->len);
    }
    if (rc == TDM_OK && n == 0) {
        rc = tdm__put_part(&r->scratch, &r->cap_scratch, &n, "", 0);
    }
    return rc ? rc : tdm__strmap_intern(r->res->areas, r->scratch, n, id, &inserted);
}

/* "area \"X/Y\": " for messages, or "" without by columns (one area). */
static void area_prefix(const ineq_run *r, uint32_t area, char *buf, size_t cap);

static void area_name(const ineq_run *r, uint32_t area, char *buf, size_t cap)
{
    const char *key = tdm__strmap_key(r->res->areas, area, NULL);
    size_t used = 0;
    buf[0] = '\0';
    for (size_t j = 0; j < r->spec->n_by && used + 1 < cap; j++) {
        size_t len;
        const char *p = tdm__part(key, j, &len);
        int w =
            snprintf(buf + used, cap - used, "%s%.*s", j ? "/" : "", (int)(len > 40 ? 40 : len), p);
        if (w < 0) {
            break;
        }
        used += (size_t)w;
    }
}

static void area_prefix(const ineq_run *r, uint32_t area, char *buf, size_t cap)
{
    char name[128];
    if (r->spec->n_by == 0) {
        buf[0] = '\0';
        return;
    }
    area_name(r, area, name, sizeof name);
    snprintf(buf, cap, "area \"%s\", ", name);
}

static int duplicate(const ineq_run *r, const tdm_csv_record *rec, const cell *c, tdm_error *err)
{
    char name[128];
    area_name(r, c->area, name, sizeof name);
    return tdm__error(err, TDM_EPARSE, rec->line, (uint32_t)r->q_field + 1,
                      "%s: line %llu: a second row for area \"%s\", quantile %u (the first is on "
                      "line %llu); give one row per area and quantile, or counts with a numerator "
                      "column",
                      r->source, (unsigned long long)rec->line, name, c->q,
                      (unsigned long long)c->line);
}

static int new_cell(ineq_run *r, uint32_t area, uint32_t q, uint64_t line, cell **out)
{
    uint32_t key[2];
    uint32_t id;
    int inserted;
    int rc;
    key[0] = area;
    key[1] = q;
    rc = tdm__strmap_intern(r->cells_map, (const char *)key, sizeof key, &id, &inserted);
    if (rc != TDM_OK) {
        return rc;
    }
    if (inserted) {
        if (tdm__grow((void **)&r->cells, &r->cap_cells, (size_t)id + 1, sizeof *r->cells) !=
            TDM_OK) {
            return TDM_ENOMEM;
        }
        memset(&r->cells[id], 0, sizeof r->cells[id]);
        r->cells[id].area = area;
        r->cells[id].q = q;
        r->cells[id].line = line;
        r->n_cells = (size_t)id + 1;
    }
    *out = &r->cells[id];
    return inserted;
}

static int read_row(ineq_run *r, const tdm_csv_record *rec, tdm_error *err)
{
    int sum_rows = summing(r->spec);
    uint32_t q = 0;
    uint32_t area = 0;
    cell *c = NULL;
    int rc = quantile_of(r, rec, &q, err);
    if (rc <= 0) {
        return rc;
    }
    rc = area_of(r, rec, &area);
    if (rc != TDM_OK) {
        return rc;
    }
    rc = new_cell(r, area, q, rec->line, &c);
    if (rc < 0 || c == NULL) {
        return rc < 0 ? rc : TDM_ENOMEM;
    }
    if (rc == 0 && !sum_rows) {
        return duplicate(r, rec, c, err);
    }
    for (int k = 0; k < N_F; k++) {
        double v;
        if (r->field[k] == SIZE_MAX) {
            continue;
        }
        rc = number_at(r, rec, r->field[k], &v, err);
        if (rc < 0) {
            return rc;
        }
        if (rc == 0) {
            c->missing = 1;
        }
        c->v[k] += v; /* NaN once missing; summed over rows when counting */
    }
    return TDM_OK;
}

/* Group of quantile assignment of a row: its score_within values. */
static int within_of(ineq_run *r, const tdm_csv_record *rec, uint32_t *id)
{
    size_t n = 0;
    int inserted;
    int rc = tdm__put_part(&r->scratch, &r->cap_scratch, &n, "", 0);
    for (size_t j = 0; j < r->spec->n_score_within && rc == TDM_OK; j++) {
        const tdm_csv_field *f = &rec->fields[r->within_field[j]];
        rc = tdm__put_part(&r->scratch, &r->cap_scratch, &n, f->ptr, f->len);
    }
    return rc ? rc : tdm__strmap_intern(r->within, r->scratch, n, id, &inserted);
}

/* SPEC: ineq.score - a small-area row, kept until every score is known. */
static int read_scored_row(ineq_run *r, const tdm_csv_record *rec, tdm_error *err)
{
    scored *row;
    double score;
    int rc = number_at(r, rec, r->score_field, &score, err);
    if (rc <= 0) {
        r->unscored += rc == 0;
        return rc;
    }
    if (tdm__grow((void **)&r->srows, &r->cap_srows, r->n_srows + 1, sizeof *r->srows) != TDM_OK) {
        return TDM_ENOMEM;
    }
    row = &r->srows[r->n_srows];
    memset(row, 0, sizeof *row);
    row->score = score;
    row->line = rec->line;
    rc = area_of(r, rec, &row->area);
    rc = rc ? rc : within_of(r, rec, &row->group);
    for (int k = 0; k < N_F && rc == TDM_OK; k++) {
        if (r->field[k] != SIZE_MAX) {
            rc = number_at(r, rec, r->field[k], &row->v[k], err);
            row->missing |= rc == 0;
            rc = rc < 0 ? rc : TDM_OK;
        }
    }
    if (rc == TDM_OK) {
        r->n_srows++;
    }
    return rc;
}

static int read_all(ineq_run *r, tdm_csv_reader *csv, tdm_error *err)
{
    tdm_csv_record rec;
    for (;;) {
        int rc = tdm_csv_reader_next(csv, &rec, err);
        if (rc <= 0) {
            return rc;
        }
        rc = r->score_field != SIZE_MAX ? read_scored_row(r, &rec, err) : read_row(r, &rec, err);
        if (rc != TDM_OK) {
            return rc;
        }
    }
}

static int too_few_areas(const ineq_run *r, uint32_t group, size_t n_valid, tdm_error *err)
{
    char name[128] = "all rows";
    const char *key = tdm__strmap_key(r->within, group, NULL);
    size_t used = 0;
    for (size_t j = 0; j < r->spec->n_score_within; j++) {
        size_t len;
        const char *p = tdm__part(key, j + 1, &len);
        int w = snprintf(name + used, sizeof name - used, "%s\"%.40s\"", j ? "/" : "", p);
        if (w < 0 || (size_t)w >= sizeof name - used) {
            break;
        }
        used += (size_t)w;
    }
    return tdm__error(err, TDM_EDOMAIN, 0, 0,
                      "%s: %s: %zu areas with a score, fewer than the %zu quantiles (no "
                      "quantile can be assigned)",
                      r->source, name, n_valid, r->spec->n_quantiles);
}

/* Add a scored row into the cell of its area and quantile. */
static int add_scored(ineq_run *r, const scored *row, uint32_t q)
{
    cell *c = NULL;
    int rc = new_cell(r, row->area, q, row->line, &c);
    if (rc < 0 || c == NULL) {
        return rc < 0 ? rc : TDM_ENOMEM;
    }
    c->missing |= row->missing;
    for (int k = 0; k < N_F; k++) {
        c->v[k] += row->v[k];
    }
    return TDM_OK;
}

/* Quantiles of one group's rows (idx: their indexes), then their cells. */
static int assign_group(ineq_run *r, uint32_t group, const size_t *idx, size_t n, tdm_error *err)
{
    double *score = tdm__malloc((n ? n : 1) * sizeof *score);
    int *q = tdm__malloc((n ? n : 1) * sizeof *q);
    size_t n_valid = 0;
    int rc = score == NULL || q == NULL ? TDM_ENOMEM : TDM_OK;
    for (size_t i = 0; i < n && rc == TDM_OK; i++) {
        score[i] = r->srows[idx[i]].score;
    }
    /* SPEC: ineq.score - PHE's assignment (phe_quantile), from the indicator kernels. */
    rc = rc ? rc
            : tdm_quantile_assign(score, n, (unsigned)r->spec->n_quantiles,
                                  !r->spec->score_low_first, q, NULL, &n_valid);
    if (rc == TDM_OK && n_valid < r->spec->n_quantiles) {
        rc = too_few_areas(r, group, n_valid, err);
    }
    for (size_t i = 0; i < n && rc == TDM_OK; i++) {
        if (q[i] > 0) {
            rc = add_scored(r, &r->srows[idx[i]], (uint32_t)q[i]);
        }
    }
    tdm__free(score);
    tdm__free(q);
    return rc;
}

/* SPEC: ineq.score - assign every group's quantiles, in group order. */
static int assign_scores(ineq_run *r, tdm_error *err)
{
    size_t n_groups = tdm__strmap_count(r->within);
    size_t *start = tdm__calloc(n_groups + 1, sizeof *start);
    size_t *idx = tdm__malloc((r->n_srows ? r->n_srows : 1) * sizeof *idx);
    int rc = start == NULL || idx == NULL ? TDM_ENOMEM : TDM_OK;
    /* A counting sort by group keeps rows in input order within a group. */
    for (size_t i = 0; i < r->n_srows && rc == TDM_OK; i++) {
        start[r->srows[i].group + 1]++;
    }
    for (size_t g = 0; g < n_groups && rc == TDM_OK; g++) {
        start[g + 1] += start[g];
    }
    for (size_t i = 0; i < r->n_srows && rc == TDM_OK; i++) {
        idx[start[r->srows[i].group]++] = i;
    }
    for (size_t g = n_groups; g > 0 && rc == TDM_OK; g--) {
        start[g] = start[g - 1];
    }
    if (start != NULL) {
        start[0] = 0;
    }
    for (size_t g = 0; g < n_groups && rc == TDM_OK; g++) {
        rc = assign_group(r, (uint32_t)g, idx + start[g], start[g + 1] - start[g], err);
    }
    r->max_q = (uint32_t)r->spec->n_quantiles;
    tdm__free(start);
    tdm__free(idx);
    return rc;
}

/* ---- the result ---- */

typedef struct area_order {
    const tdm__strmap *areas;
    size_t n_by;
} area_order;

static int cmp_areas(const area_order *o, size_t x, size_t y)
{
    const char *a = tdm__strmap_key(o->areas, (uint32_t)x, NULL);
    const char *b = tdm__strmap_key(o->areas, (uint32_t)y, NULL);
    for (size_t j = 0; j < o->n_by; j++) {
        size_t la, lb;
        const char *pa = tdm__part(a, j, &la);
        const char *pb = tdm__part(b, j, &lb);
        int c = tdm__cmp_natural(pa, la, pb, lb);
        if (c != 0) {
            return c;
        }
    }
    return (x > y) - (x < y);
}

static int cmp_areas_cb(const void *ctx, size_t x, size_t y)
{
    return cmp_areas(ctx, x, y);
}

static double *nan_array(size_t n)
{
    double *a = tdm__malloc((n ? n : 1) * sizeof *a);
    if (a != NULL) {
        for (size_t i = 0; i < n; i++) {
            a[i] = (double)NAN;
        }
    }
    return a;
}

static int alloc_result(tdm_inequality_result *res)
{
    size_t n = res->n_areas;
    size_t m = n ? n : 1;
    size_t nq;
    if (__builtin_mul_overflow(m, res->q ? res->q : 1, &nq)) {
        return TDM_ENOMEM;
    }
    res->order = tdm__calloc(m, sizeof *res->order);
    res->by = tdm__calloc(m * (res->n_by ? res->n_by : 1), sizeof *res->by);
    res->by_len = tdm__calloc(m * (res->n_by ? res->n_by : 1), sizeof *res->by_len);
    res->status = tdm__calloc(m, sizeof *res->status);
    res->n_present = tdm__calloc(m, sizeof *res->n_present);
    res->population = nan_array(n);
    res->sii = tdm__calloc(m, sizeof *res->sii);
    if (res->order == NULL || res->by == NULL || res->by_len == NULL || res->status == NULL ||
        res->n_present == NULL || res->population == NULL || res->sii == NULL) {
        return TDM_ENOMEM;
    }
    for (int k = 0; k < 5; k++) {
        res->core[k] = nan_array(n);
        res->qv[k] = nan_array(nq);
        if (res->core[k] == NULL || res->qv[k] == NULL) {
            return TDM_ENOMEM;
        }
    }
    res->qv[5] = nan_array(nq); /* standard errors, kept for the CORE20 gap */
    return res->qv[5] == NULL ? TDM_ENOMEM : TDM_OK;
}

enum { QV_POP, QV_NUM, QV_VALUE, QV_LOWER, QV_UPPER, QV_SE };

static double used(const ineq_run *r, const cell *c, int k)
{
    return r->field[k] == SIZE_MAX ? (double)NAN : c->v[k];
}

/* Spread the cells over the areas' quantile arrays; set each area's status. */
static void place_cells(ineq_run *r, const size_t *where)
{
    tdm_inequality_result *res = r->res;
    size_t nq = res->q;
    int by_count = r->spec->numerator_column != NULL;
    for (size_t i = 0; i < r->n_cells; i++) {
        const cell *c = &r->cells[i];
        size_t pos = where[c->area];
        size_t at = pos * nq + (c->q - 1);
        if (c->q > nq) {
            continue;
        }
        res->n_present[pos]++;
        res->qv[QV_POP][at] = c->v[F_POP];
        res->qv[QV_NUM][at] = used(r, c, F_NUM);
        res->qv[QV_VALUE][at] = by_count ? c->v[F_NUM] / c->v[F_POP] : c->v[F_VALUE];
        res->qv[QV_LOWER][at] = used(r, c, F_LOWER);
        res->qv[QV_UPPER][at] = used(r, c, F_UPPER);
        res->qv[QV_SE][at] = used(r, c, F_SE);
        if (c->missing) {
            res->status[pos] = TDM_INEQ_MISSING;
        }
    }
    for (size_t pos = 0; pos < res->n_areas; pos++) {
        tdm__sum tot;
        tdm__sum_init(&tot);
        for (size_t q = 0; q < nq; q++) {
            double p = res->qv[QV_POP][pos * nq + q];
            if (!isnan(p)) {
                tdm__sum_add(&tot, p);
            }
        }
        res->population[pos] = tdm__sum_value(&tot);
        if (res->n_present[pos] < nq) {
            res->status[pos] = TDM_INEQ_INCOMPLETE;
        }
    }
}

/* SPEC: ineq.core20.se - a quantile's standard error on the value's own
 * scale: from its 95% limits, or from an SE given on the link scale by the
 * delta method (d exp = y, d expit = y (1 - y)). */
static double natural_se(const ineq_run *r, size_t at)
{
    const tdm_inequality_result *res = r->res;
    double y = res->qv[QV_VALUE][at];
    double se = res->qv[QV_SE][at];
    if (!isnan(res->qv[QV_LOWER][at])) {
        return (res->qv[QV_UPPER][at] - res->qv[QV_LOWER][at]) / (2.0 * tdm__qnorm(0.975));
    }
    if (r->spec->sii.value_type == TDM_VALUE_RATE) {
        return se * y;
    }
    if (r->spec->sii.value_type == TDM_VALUE_PROPORTION) {
        return se * y * (1.0 - y);
    }
    return se;
}

/* Interval of a proportion (Wilson) or a rate per unit (PHE's Poisson:
 * exact below 10 events, Byar's above) from the indicator kernels. */
static int count_interval(const ineq_run *r, double x, double n, const tdm_ci_level *lv,
                          tdm_interval *ci, tdm_error *err)
{
    double value;
    int method;
    if (r->spec->sii.value_type == TDM_VALUE_PROPORTION) {
        return tdm_ci_wilson(x, n, lv, ci, err);
    }
    return tdm_ci_rate(x, n, 1.0, -1, lv, &value, ci, &method, err);
}

/* Pooled value of quantiles [q0, q1) of an area: population-weighted mean
 * of the values, or total numerator / total population; *var receives the
 * variance of the weighted mean (values only). */
static double pooled(const ineq_run *r, size_t pos, size_t q0, size_t q1, double *x_sum,
                     double *n_sum, double *var)
{
    const tdm_inequality_result *res = r->res;
    tdm__sum p, py, x, v;
    tdm__sum_init(&p);
    tdm__sum_init(&py);
    tdm__sum_init(&x);
    tdm__sum_init(&v);
    for (size_t q = q0; q < q1; q++) {
        size_t at = pos * res->q + q;
        tdm__sum_add(&p, res->qv[QV_POP][at]);
        tdm__sum_add(&py, res->qv[QV_POP][at] * res->qv[QV_VALUE][at]);
        tdm__sum_add(&x, res->qv[QV_NUM][at]);
    }
    for (size_t q = q0; q < q1; q++) {
        size_t at = pos * res->q + q;
        double share = res->qv[QV_POP][at] / tdm__sum_value(&p);
        double s = natural_se(r, at);
        tdm__sum_add(&v, share * share * s * s);
    }
    *x_sum = tdm__sum_value(&x);
    *n_sum = tdm__sum_value(&p);
    *var = tdm__sum_value(&v);
    if (r->spec->numerator_column != NULL) {
        return *x_sum / *n_sum;
    }
    return tdm__sum_value(&py) / *n_sum;
}

/*
 * SPEC: ineq.core20.mover - with counts, the two fifths' pooled intervals
 * (Wilson, or PHE's Poisson interval for rates, at the requested confidence)
 * combine by MOVER, the method of variance estimates recovery (Newcombe
 * 1998 method 10; Zou & Donner 2008): for d = p1 - p2,
 * L = d - sqrt((p1 - l1)^2 + (u2 - p2)^2), U = d + sqrt((u1 - p1)^2 + (p2 - l2)^2).
 * A kernel domain error (e.g. a fractional count below 10 for the exact
 * Poisson interval) leaves the interval NaN.
 */
static void mover(const ineq_run *r, const double *x, const double *n, const double *p,
                  const tdm_ci_level *lv, double *lo, double *hi)
{
    tdm_interval ci[2];
    *lo = *hi = (double)NAN;
    for (int g = 0; g < 2; g++) {
        if (count_interval(r, x[g], n[g], lv, &ci[g], NULL) != TDM_OK) {
            return;
        }
    }
    *lo = (p[0] - p[1]) - sqrt((p[0] - ci[0].lower) * (p[0] - ci[0].lower) +
                               (ci[1].upper - p[1]) * (ci[1].upper - p[1]));
    *hi = (p[0] - p[1]) + sqrt((ci[0].upper - p[0]) * (ci[0].upper - p[0]) +
                               (p[1] - ci[1].lower) * (p[1] - ci[1].lower));
}

/*
 * SPEC: ineq.core20 - CORE20PLUS5 (NHS England 2021) targets the most
 * deprived 20% nationally: quantiles 1..Q/5. The gap is the pooled value of
 * that fifth minus that of the other four fifths, times the multiplier. With
 * values its interval is normal, gap +/- z sqrt(V1 + V2), V = sum (P_q / P)^2
 * se_q^2 over a fifth's quantiles (independent quantiles); with counts it is
 * MOVER (ineq.core20.mover). NaN when Q is not a multiple of 5.
 */
static void core20(ineq_run *r, size_t pos, const tdm_ci_level *lv)
{
    tdm_inequality_result *res = r->res;
    size_t nq = res->q;
    double m = r->spec->sii.multiplier;
    double c = r->spec->sii.confidence;
    double y[2], x[2], n[2], v[2];
    double lo, hi;
    if (nq % 5 != 0 || res->status[pos] != TDM_INEQ_OK) {
        return;
    }
    y[0] = pooled(r, pos, 0, nq / 5, &x[0], &n[0], &v[0]);
    y[1] = pooled(r, pos, nq / 5, nq, &x[1], &n[1], &v[1]);
    if (r->spec->numerator_column != NULL) {
        mover(r, x, n, y, lv, &lo, &hi);
    } else {
        double z = tdm__qnorm(c + (1.0 - c) / 2.0);
        double se = sqrt(v[0] + v[1]);
        lo = (y[0] - y[1]) - z * se;
        hi = (y[0] - y[1]) + z * se;
    }
    res->core[0][pos] = y[0] * fabs(m);
    res->core[1][pos] = y[1] * fabs(m);
    res->core[2][pos] = (y[0] - y[1]) * m;
    res->core[3][pos] = m < 0.0 ? hi * m : lo * m;
    res->core[4][pos] = m < 0.0 ? lo * m : hi * m;
}

/* SPEC: ineq.counts - from counts, each quantile's 95% interval, which the
 * SII turns into a standard error on the link scale (ineq.sii.se). */
static int count_intervals(ineq_run *r, tdm_error *err)
{
    tdm_inequality_result *res = r->res;
    tdm_ci_level lv;
    int rc = tdm_ci_level_init(&lv, 0.95, err);
    for (size_t pos = 0; pos < res->n_areas && rc == TDM_OK; pos++) {
        for (size_t q = 0; q < res->q && rc == TDM_OK; q++) {
            size_t at = pos * res->q + q;
            tdm_interval ci;
            tdm_error kerr;
            char where[160];
            if (isnan(res->qv[QV_NUM][at]) || isnan(res->qv[QV_POP][at])) {
                continue;
            }
            tdm__error_clear(&kerr);
            rc = count_interval(r, res->qv[QV_NUM][at], res->qv[QV_POP][at], &lv, &ci, &kerr);
            if (rc != TDM_OK) {
                area_prefix(r, (uint32_t)res->order[pos], where, sizeof where);
                return tdm__error(err, rc, 0, 0, "%s: %squantile %zu: %s", r->source, where, q + 1,
                                  kerr.message);
            }
            res->qv[QV_LOWER][at] = ci.lower;
            res->qv[QV_UPPER][at] = ci.upper;
        }
    }
    return rc;
}

static int area_sii(ineq_run *r, size_t pos, tdm_rng *rng, void *work, tdm_error *err)
{
    tdm_inequality_result *res = r->res;
    size_t at = pos * res->q;
    int has_limits = !isnan(res->qv[QV_LOWER][at]) || r->spec->se_column == NULL;
    tdm_sii_data d;
    tdm_error kerr;
    char name[160];
    int rc;
    d.n = res->q;
    d.population = res->qv[QV_POP] + at;
    d.value = res->qv[QV_VALUE] + at;
    d.count = NULL;
    d.se = has_limits ? NULL : res->qv[QV_SE] + at;
    d.lower = has_limits ? res->qv[QV_LOWER] + at : NULL;
    d.upper = has_limits ? res->qv[QV_UPPER] + at : NULL;
    tdm__error_clear(&kerr);
    rc = tdm_sii(&d, &r->spec->sii, rng, work, &res->sii[pos], &kerr);
    if (rc == TDM_OK) {
        return TDM_OK;
    }
    area_prefix(r, (uint32_t)res->order[pos], name, sizeof name);
    return tdm__error(err, rc, 0, 0, "%s: %s%s", r->source, name, kerr.message);
}

static int compute(ineq_run *r, tdm_error *err)
{
    tdm_inequality_result *res = r->res;
    const tdm_sii_options *o = &r->spec->sii;
    tdm_rng *rng = NULL;
    void *work = NULL;
    tdm_ci_level lv;
    int rc = tdm_ci_level_init(&lv, o->confidence, err);
    if (res->n_areas > 0 && (res->q < TDM_SII_MIN_QUANTILES || res->q > TDM_SII_MAX_QUANTILES)) {
        return tdm__error(err, TDM_EDOMAIN, 0, 0,
                          "%s: the SII needs 5 to 100 quantiles; the quantiles here go up to %zu",
                          r->source, res->q);
    }
    if (rc == TDM_OK && o->reps > 0) {
        size_t bytes = tdm_sii_workspace_size(res->q, o);
        work = bytes == 0 ? NULL : tdm__malloc(bytes);
        rc = work == NULL ? TDM_ENOMEM : tdm_rng_new(&rng, r->spec->seed);
    }
    for (size_t pos = 0; pos < res->n_areas && rc == TDM_OK; pos++) {
        if (res->status[pos] != TDM_INEQ_OK) {
            /* As phe_sii, which drops incomplete areas before drawing. */
            tdm_sii_result *s = &res->sii[pos];
            s->sii = s->sii_lower = s->sii_upper = s->rii = s->rii_lower = s->rii_upper =
                (double)NAN;
            s->intercept = (double)NAN;
            continue;
        }
        rc = area_sii(r, pos, rng, work, err);
        core20(r, pos, &lv);
    }
    tdm_rng_free(rng);
    tdm__free(work);
    return rc;
}

static int finish(ineq_run *r, tdm_error *err)
{
    tdm_inequality_result *res = r->res;
    size_t *tmp, *where;
    area_order o;
    int rc;
    res->q = r->spec->n_quantiles ? r->spec->n_quantiles : r->max_q;
    res->n_areas = tdm__strmap_count(res->areas);
    rc = alloc_result(res);
    if (rc != TDM_OK) {
        return rc;
    }
    tmp = tdm__calloc(res->n_areas ? res->n_areas : 1, sizeof *tmp);
    where = tdm__calloc(res->n_areas ? res->n_areas : 1, sizeof *where);
    if (tmp == NULL || where == NULL) {
        tdm__free(tmp);
        tdm__free(where);
        return TDM_ENOMEM;
    }
    for (size_t i = 0; i < res->n_areas; i++) {
        res->order[i] = i;
    }
    o.areas = res->areas;
    o.n_by = res->n_by;
    tdm__sort_idx(res->order, tmp, res->n_areas, cmp_areas_cb, &o);
    for (size_t pos = 0; pos < res->n_areas; pos++) {
        const char *key = tdm__strmap_key(res->areas, (uint32_t)res->order[pos], NULL);
        where[res->order[pos]] = pos;
        for (size_t j = 0; j < res->n_by; j++) {
            res->by[pos * res->n_by + j] = tdm__part(key, j, &res->by_len[pos * res->n_by + j]);
        }
    }
    place_cells(r, where);
    tdm__free(tmp);
    tdm__free(where);
    if (summing(r->spec)) {
        rc = count_intervals(r, err);
        if (rc != TDM_OK) {
            return rc;
        }
    }
    return compute(r, err);
}

int tdm_inequality_run(tdm_inequality_result **out, tdm_csv_reader *input,
                       const tdm_inequality_spec *spec, tdm_error *err)
{
    ineq_run r;
    int rc;
    if (out == NULL) {
        return tdm__error(err, TDM_EINVAL, 0, 0, "tdm_inequality_run: out is NULL");
    }
    *out = NULL;
    if (input == NULL || spec == NULL) {
        return tdm__error(err, TDM_EINVAL, 0, 0, "tdm_inequality_run: input and spec are required");
    }
    rc = check_spec(spec, err);
    if (rc != TDM_OK) {
        return rc;
    }
    memset(&r, 0, sizeof r);
    r.spec = spec;
    r.res = tdm__calloc(1, sizeof *r.res);
    if (r.res == NULL) {
        return tdm__error(err, TDM_ENOMEM, 0, 0, "out of memory");
    }
    r.res->n_by = spec->n_by;
    rc = setup(&r, input, err);
    rc = rc ? rc : read_all(&r, input, err);
    if (rc == TDM_OK && r.score_field != SIZE_MAX) {
        rc = assign_scores(&r, err);
    }
    rc = rc ? rc : finish(&r, err);
    tdm__free(r.by_field);
    tdm__free(r.within_field);
    tdm__strmap_free(r.within);
    tdm__free(r.srows);
    tdm__strmap_free(r.cells_map);
    tdm__free(r.cells);
    tdm__free(r.scratch);
    if (rc != TDM_OK) {
        if (rc == TDM_ENOMEM) {
            (void)tdm__error(err, rc, 0, 0, "out of memory");
        }
        tdm_inequality_result_free(r.res);
        return rc;
    }
    *out = r.res;
    return TDM_OK;
}

size_t tdm_inequality_result_quantiles(const tdm_inequality_result *r)
{
    return r->q;
}

size_t tdm_inequality_result_count(const tdm_inequality_result *r)
{
    return r->n_areas;
}

void tdm_inequality_result_area(const tdm_inequality_result *r, size_t i, tdm_inequality_area *a)
{
    size_t at = i * r->q;
    a->by = r->by + i * r->n_by;
    a->by_len = r->by_len + i * r->n_by;
    a->status = r->status[i];
    a->n_present = r->n_present[i];
    a->population = r->population[i];
    a->sii = r->sii[i];
    a->core20_value = r->core[0][i];
    a->rest_value = r->core[1][i];
    a->core20_gap = r->core[2][i];
    a->core20_gap_lower = r->core[3][i];
    a->core20_gap_upper = r->core[4][i];
    a->q_population = r->qv[QV_POP] + at;
    a->q_numerator = r->qv[QV_NUM] + at;
    a->q_value = r->qv[QV_VALUE] + at;
    a->q_lower = r->qv[QV_LOWER] + at;
    a->q_upper = r->qv[QV_UPPER] + at;
}

void tdm_inequality_result_free(tdm_inequality_result *r)
{
    if (r == NULL) {
        return;
    }
    tdm__strmap_free(r->areas);
    tdm__free(r->order);
    tdm__free(r->by);
    tdm__free(r->by_len);
    tdm__free(r->status);
    tdm__free(r->n_present);
    tdm__free(r->population);
    tdm__free(r->sii);
    for (int k = 0; k < 5; k++) {
        tdm__free(r->core[k]);
    }
    for (int k = 0; k < 6; k++) {
        tdm__free(r->qv[k]);
    }
    tdm__free(r);
}
