/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_io_series_reader.c - long CSV -> complete time-ordered series
 * (src/io/series_reader.c): streaming of grouped input, the restart into
 * hold mode for ungrouped input, the HOLD and STREAM modes, ordering by time
 * with ties in input order, attributes, missing and suppressed counts, and
 * every error with its file, line and column.
 *
 * Expected series are written out by hand from the inputs, or, for the
 * randomised test, computed independently here (group rows by key in order of
 * first appearance, then a stable insertion sort by time).
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tandem.h"

/* ---- fixtures ---- */

static tdm_csv_reader *csv;
static tdm_series_reader *sr;
static tdm_error err;
static char tmp_path[64];

static void teardown(void)
{
    tdm_series_reader_free(sr);
    sr = NULL;
    tdm_csv_reader_free(csv);
    csv = NULL;
    if (tmp_path[0] != '\0') {
        (void)unlink(tmp_path);
        tmp_path[0] = '\0';
    }
}

TestSuite(io_series_reader, .fini = teardown);

static const char *const value_col[] = { "value" };

static tdm_series_spec spec_kv(int mode)
{
    tdm_series_spec s;
    tdm_series_spec_init(&s);
    s.key_column = "org";
    s.time_column = "date";
    s.num_columns = value_col;
    s.n_num = 1;
    s.mode = mode;
    return s;
}

static void write_file(const char *data, size_t len)
{
    FILE *f;
    int fd;
    (void)snprintf(tmp_path, sizeof tmp_path, "/tmp/tdm-series-XXXXXX");
    fd = mkstemp(tmp_path);
    cr_assert(fd >= 0);
    f = fdopen(fd, "w");
    cr_assert_not_null(f);
    cr_assert_eq(fwrite(data, 1, len, f), len);
    cr_assert_eq(fclose(f), 0);
}

/* Open the CSV (a file when from_file, else the buffer) and the series reader. */
static void open_both(const char *data, int from_file, const tdm_series_spec *spec)
{
    int rc;
    if (from_file) {
        write_file(data, strlen(data));
        rc = tdm_csv_reader_open_path(&csv, tmp_path, NULL, &err);
    } else {
        rc = tdm_csv_reader_open_buffer(&csv, data, strlen(data), NULL, &err);
    }
    cr_assert_eq(rc, TDM_OK, "csv: %s", err.message);
    rc = tdm_series_reader_open(&sr, csv, spec, &err);
    cr_assert_eq(rc, TDM_OK, "series: %s", err.message);
}

/* A copy of one series, so it survives the next call. */
typedef struct copy {
    char key[32];
    size_t n;
    int64_t time[64];
    double v[64];
    uint64_t line[64];
    size_t missing, suppressed;
    char attr[2][32];
    int has_attr[2];
    uint64_t attr_line[2];
    int time_kind;
    size_t ordinal;
} copy;

static copy got[16];

static void keep(const tdm_series *s, copy *c, size_t n_num, size_t n_attr)
{
    cr_assert_lt(s->n, 64);
    cr_assert_lt(s->key_len, sizeof c->key);
    cr_assert_eq(strlen(s->key), s->key_len);
    memcpy(c->key, s->key, s->key_len + 1);
    c->n = s->n;
    for (size_t i = 0; i < s->n; i++) {
        c->time[i] = s->time[i];
        c->v[i] = n_num > 0 ? s->num[0][i] : (double)NAN;
        c->line[i] = s->line[i];
    }
    c->missing = n_num > 0 ? s->n_missing[0] : 0;
    c->suppressed = n_num > 0 ? s->n_suppressed[0] : 0;
    for (size_t a = 0; a < n_attr && a < 2; a++) {
        c->has_attr[a] = s->attr[a] != NULL;
        if (s->attr[a] != NULL) {
            cr_assert_lt(strlen(s->attr[a]), sizeof c->attr[a]);
            strcpy(c->attr[a], s->attr[a]);
        }
        c->attr_line[a] = s->attr_line[a];
    }
    c->time_kind = s->time_kind;
    c->ordinal = s->ordinal;
}

/* Read every series into got[]; a restart discards what came before.
 * @return the number of series; *restarts counts TDM_SERIES_RESTART. */
static size_t collect(size_t n_num, size_t n_attr, int *restarts)
{
    size_t n = 0;
    tdm_series s;
    int rc;
    *restarts = 0;
    while ((rc = tdm_series_reader_next(sr, &s, &err)) != 0) {
        if (rc == TDM_SERIES_RESTART) {
            (*restarts)++;
            cr_assert_leq(*restarts, 1, "restarted twice");
            n = 0;
            continue;
        }
        cr_assert_eq(rc, 1, "next: %d %s", rc, err.message);
        cr_assert_lt(n, 16);
        keep(&s, &got[n++], n_num, n_attr);
    }
    /* the end is sticky */
    cr_assert_eq(tdm_series_reader_next(sr, &s, &err), 0);
    return n;
}

static void expect_series(size_t i, const char *key, size_t n, const double *v,
                          const uint64_t *line)
{
    cr_assert_str_eq(got[i].key, key, "series %zu", i);
    cr_assert_eq(got[i].ordinal, i);
    cr_assert_eq(got[i].n, n, "series %s: %zu rows, expected %zu", key, got[i].n, n);
    for (size_t k = 0; k < n; k++) {
        cr_assert(got[i].v[k] == v[k] || (isnan(got[i].v[k]) && isnan(v[k])),
                  "series %s row %zu: %g, expected %g", key, k, got[i].v[k], v[k]);
        cr_assert_eq(got[i].line[k], line[k], "series %s row %zu: line %llu, expected %llu", key, k,
                     (unsigned long long)got[i].line[k], (unsigned long long)line[k]);
        if (k > 0) {
            cr_assert_leq(got[i].time[k - 1], got[i].time[k]);
        }
    }
}

#define D(...) ((const double[]){ __VA_ARGS__ })
#define L(...) ((const uint64_t[]){ __VA_ARGS__ })

/* ---- streaming and holding ---- */

static const char grouped[] = "org,date,value\n"
                              "A,2024-01-01,1\n"
                              "A,2024-01-02,2\n"
                              "A,2024-01-03,3\n"
                              "B,2024-01-01,10\n"
                              "B,2024-01-02,20\n"
                              "C,2024-01-05,100\n";

Test(io_series_reader, grouped_input_streams)
{
    tdm_series_spec s = spec_kv(TDM_SERIES_AUTO);
    int restarts;
    open_both(grouped, 0, &s);
    cr_assert_eq(collect(1, 0, &restarts), 3);
    cr_assert_eq(restarts, 0);
    cr_assert_eq(tdm_series_reader_held(sr), 0, "grouped input must not be held");
    expect_series(0, "A", 3, D(1, 2, 3), L(2, 3, 4));
    expect_series(1, "B", 2, D(10, 20), L(5, 6));
    expect_series(2, "C", 1, D(100), L(7));
    cr_assert_eq(got[0].time[0], 19723); /* 2024-01-01 in days since 1970-01-01 */
    cr_assert_eq(got[0].time_kind, TDM_TIME_DATE);
    cr_assert_eq(tdm_series_reader_rows(sr), 6);
}

Test(io_series_reader, hold_mode_gives_the_same_series)
{
    tdm_series_spec s = spec_kv(TDM_SERIES_HOLD);
    int restarts;
    open_both(grouped, 0, &s);
    cr_assert_eq(tdm_series_reader_held(sr), 1);
    cr_assert_eq(collect(1, 0, &restarts), 3);
    cr_assert_eq(restarts, 0);
    expect_series(0, "A", 3, D(1, 2, 3), L(2, 3, 4));
    expect_series(1, "B", 2, D(10, 20), L(5, 6));
    expect_series(2, "C", 1, D(100), L(7));
}

static const char ungrouped[] = "org,date,value\n"
                                "B,2024-01-02,20\n"
                                "A,2024-01-01,1\n"
                                "B,2024-01-01,10\n"
                                "\n"
                                "A,2024-01-03,3\n"
                                "C,2024-01-05,100\n"
                                "A,2024-01-02,2\n";

static void check_ungrouped(void)
{
    /* first appearance order: B, A, C; rows ordered by date */
    expect_series(0, "B", 2, D(10, 20), L(4, 2));
    expect_series(1, "A", 3, D(1, 2, 3), L(3, 8, 6));
    expect_series(2, "C", 1, D(100), L(7));
}

Test(io_series_reader, ungrouped_file_restarts_once_then_holds)
{
    tdm_series_spec s = spec_kv(TDM_SERIES_AUTO);
    tdm_series one;
    int restarts;
    open_both(ungrouped, 1, &s);
    cr_assert_eq(tdm_series_reader_held(sr), 0, "a regular file starts streaming");
    /* B is yielded (incomplete) before the reader can know A is not grouped */
    cr_assert_eq(tdm_series_reader_next(sr, &one, &err), 1);
    cr_assert_eq(tdm_series_reader_next(sr, &one, &err), TDM_SERIES_RESTART);
    cr_assert_eq(tdm_series_reader_held(sr), 1);
    cr_assert_eq(collect(1, 0, &restarts), 3);
    cr_assert_eq(restarts, 0);
    check_ungrouped();
    cr_assert_eq(tdm_series_reader_rows(sr), 6, "rows are counted once, not twice");
}

Test(io_series_reader, ungrouped_buffer_restarts_too)
{
    tdm_series_spec s = spec_kv(TDM_SERIES_AUTO);
    int restarts;
    open_both(ungrouped, 0, &s);
    cr_assert_eq(collect(1, 0, &restarts), 3);
    cr_assert_eq(restarts, 1);
    check_ungrouped();
}

Test(io_series_reader, restart_rereads_unescaped_quoted_keys)
{
    /* Quoted fields are unescaped in place in the reader's copy of the
     * buffer; after the rewind the keys must still read the same. */
    tdm_series_spec s = spec_kv(TDM_SERIES_AUTO);
    int restarts;
    open_both("org,date,value\n"
              "\"say \"\"B\"\"\",2,20\n"
              "\"A,1\",1,1\n"
              "\"say \"\"B\"\"\",1,10\n"
              "\"A,1\",2,2\n",
              0, &s);
    cr_assert_eq(collect(1, 0, &restarts), 2);
    cr_assert_eq(restarts, 1);
    expect_series(0, "say \"B\"", 2, D(10, 20), L(4, 2));
    expect_series(1, "A,1", 2, D(1, 2), L(3, 5));
}

Test(io_series_reader, attributes_without_numeric_columns)
{
    static const char *const attrs[] = { "name" };
    tdm_series_spec s = spec_kv(TDM_SERIES_AUTO);
    int restarts;
    s.num_columns = NULL;
    s.n_num = 0;
    s.attr_columns = attrs;
    s.n_attr = 1;
    open_both("org,date,name\nA,2,x\nB,1,y\nA,1,z\n", 0, &s);
    cr_assert_eq(collect(0, 1, &restarts), 2);
    cr_assert_str_eq(got[0].key, "A");
    cr_assert_eq(got[0].n, 2);
    cr_assert_eq(got[0].line[0], 4);
    cr_assert_str_eq(got[0].attr[0], "x");
    cr_assert_str_eq(got[1].attr[0], "y");
}

Test(io_series_reader, hold_mode_never_restarts)
{
    tdm_series_spec s = spec_kv(TDM_SERIES_HOLD);
    int restarts;
    open_both(ungrouped, 1, &s);
    cr_assert_eq(collect(1, 0, &restarts), 3);
    cr_assert_eq(restarts, 0);
    check_ungrouped();
}

Test(io_series_reader, stream_mode_rejects_ungrouped_input)
{
    tdm_series_spec s = spec_kv(TDM_SERIES_STREAM);
    tdm_series one;
    open_both(ungrouped, 1, &s);
    cr_assert_eq(tdm_series_reader_next(sr, &one, &err), 1);
    cr_assert_str_eq(one.key, "B");
    cr_assert_eq(tdm_series_reader_next(sr, &one, &err), TDM_EPARSE);
    cr_assert_eq(err.line, 4, "the row where B comes back");
    cr_assert_eq(err.field, 1, "the key column");
    cr_assert(strstr(err.message, "line 4") != NULL, "%s", err.message);
    cr_assert(strstr(err.message, "\"B\"") != NULL, "%s", err.message);
    cr_assert(strstr(err.message, "grouped") != NULL, "%s", err.message);
    cr_assert(strncmp(err.message, tmp_path, strlen(tmp_path)) == 0, "%s", err.message);
}

Test(io_series_reader, stream_mode_on_grouped_input)
{
    tdm_series_spec s = spec_kv(TDM_SERIES_STREAM);
    int restarts;
    open_both(grouped, 0, &s);
    cr_assert_eq(collect(1, 0, &restarts), 3);
    cr_assert_eq(tdm_series_reader_held(sr), 0);
    expect_series(2, "C", 1, D(100), L(7));
}

Test(io_series_reader, pipe_input_is_held_from_the_start)
{
    tdm_series_spec s = spec_kv(TDM_SERIES_AUTO);
    int fds[2];
    int restarts;
    cr_assert_eq(pipe(fds), 0);
    cr_assert_eq(write(fds[1], ungrouped, sizeof ungrouped - 1), (ssize_t)(sizeof ungrouped - 1));
    (void)close(fds[1]);
    cr_assert(dup2(fds[0], 0) == 0);
    (void)close(fds[0]);
    cr_assert_eq(tdm_csv_reader_open_path(&csv, "-", NULL, &err), TDM_OK);
    cr_assert_eq(tdm_series_reader_open(&sr, csv, &s, &err), TDM_OK);
    cr_assert_eq(tdm_series_reader_held(sr), 1);
    cr_assert_eq(collect(1, 0, &restarts), 3);
    cr_assert_eq(restarts, 0);
    check_ungrouped();
}

Test(io_series_reader, no_key_column_is_one_series)
{
    tdm_series_spec s = spec_kv(TDM_SERIES_AUTO);
    int restarts;
    s.key_column = NULL;
    open_both("date,value\n2024-01-02,2\n2024-01-01,1\n", 0, &s);
    cr_assert_eq(collect(1, 0, &restarts), 1);
    expect_series(0, "", 2, D(1, 2), L(3, 2));
}

Test(io_series_reader, header_only_input_has_no_series)
{
    tdm_series_spec s = spec_kv(TDM_SERIES_AUTO);
    int restarts;
    open_both("org,date,value\n", 0, &s);
    cr_assert_eq(collect(1, 0, &restarts), 0);
    tdm_series_reader_free(sr);
    sr = NULL;
    tdm_csv_reader_free(csv);
    csv = NULL;
    s.mode = TDM_SERIES_HOLD;
    open_both("org,date,value\n", 0, &s);
    cr_assert_eq(collect(1, 0, &restarts), 0);
}

/* ---- time ---- */

Test(io_series_reader, time_order_with_ties_in_input_order)
{
    tdm_series_spec s = spec_kv(TDM_SERIES_AUTO);
    int restarts;
    s.allow_duplicate_times = 1;
    open_both("org,date,value\n"
              "A,2024-03-01,5\n"
              "A,2024-01-01,1\n"
              "A,2024-02-01,3\n"
              "A,2024-01-01,2\n"
              "A,2024-02-01,4\n"
              "A,2023-12-31,0\n",
              0, &s);
    cr_assert_eq(collect(1, 0, &restarts), 1);
    expect_series(0, "A", 6, D(0, 1, 2, 3, 4, 5), L(7, 3, 5, 4, 6, 2));
}

Test(io_series_reader, integer_periods)
{
    tdm_series_spec s = spec_kv(TDM_SERIES_AUTO);
    int restarts;
    open_both("org,date,value\nA,3,30\nA,-1,-10\nA,+2,20\nA, 10 ,100\nA,0,0\n", 0, &s);
    cr_assert_eq(collect(1, 0, &restarts), 1);
    expect_series(0, "A", 5, D(-10, 0, 20, 30, 100), L(3, 6, 4, 2, 5));
    cr_assert_eq(got[0].time_kind, TDM_TIME_INTEGER);
    cr_assert_eq(got[0].time[0], -1);
    cr_assert_eq(got[0].time[4], 10);
}

Test(io_series_reader, duplicate_time_is_an_error)
{
    tdm_series_spec s = spec_kv(TDM_SERIES_AUTO);
    tdm_series one;
    open_both("org,date,value\nA,2024-01-01,1\nA,2024-01-02,2\nA,2024-01-01,3\nB,2024-01-01,4\n", 0,
              &s);
    cr_assert_eq(tdm_series_reader_next(sr, &one, &err), TDM_EPARSE);
    cr_assert_eq(err.line, 4);
    cr_assert_eq(err.field, 2);
    cr_assert(strstr(err.message, "\"A\"") != NULL, "%s", err.message);
    cr_assert(strstr(err.message, "2024-01-01") != NULL, "%s", err.message);
    cr_assert(strstr(err.message, "lines 2 and 4") != NULL, "%s", err.message);
}

Test(io_series_reader, duplicate_integer_period_in_hold_mode)
{
    tdm_series_spec s = spec_kv(TDM_SERIES_HOLD);
    tdm_series one;
    open_both("org,date,value\nA,7,1\nB,7,1\nA,7,3\n", 0, &s);
    cr_assert_eq(tdm_series_reader_next(sr, &one, &err), TDM_EPARSE);
    cr_assert_eq(err.line, 4);
    cr_assert(strstr(err.message, "two rows for 7") != NULL, "%s", err.message);
}

/* ---- values and attributes ---- */

Test(io_series_reader, missing_and_suppressed_are_counted_apart)
{
    const double na = (double)NAN;
    tdm_series_spec s = spec_kv(TDM_SERIES_AUTO);
    int restarts;
    open_both("org,date,value\n"
              "A,1,\n"
              "A,2,NA\n"
              "A,3,NULL\n"
              "A,4,.\n"
              "A,5,  \n"
              "A,6,*\n"
              "A,7,c\n"
              "A,8,[c]\n"
              "A,9,[x]\n"
              "A,10, 2.5 \n",
              0, &s);
    cr_assert_eq(collect(1, 0, &restarts), 1);
    expect_series(0, "A", 10, D(na, na, na, na, na, na, na, na, na, 2.5),
                  L(2, 3, 4, 5, 6, 7, 8, 9, 10, 11));
    cr_assert_eq(got[0].missing, 5);
    cr_assert_eq(got[0].suppressed, 4);
}

Test(io_series_reader, custom_na_and_suppression_lists)
{
    static const char *const na[] = { "-", "n/a" };
    static const char *const sup[] = { "<5" };
    tdm_series_spec s = spec_kv(TDM_SERIES_HOLD);
    tdm_series one;
    s.na_strings = na;
    s.n_na = 2;
    s.suppressed = sup;
    s.n_suppressed = 1;
    open_both("org,date,value\nA,1,-\nA,2,n/a\nA,3,<5\nA,4,\nA,5,NA\n", 0, &s);
    /* "NA" is no longer missing with a custom list: a bad number at line 6 */
    cr_assert_eq(tdm_series_reader_next(sr, &one, &err), TDM_EPARSE);
    cr_assert_eq(err.line, 6);
    cr_assert_eq(err.field, 3);
}

Test(io_series_reader, counts_are_per_series_after_a_restart)
{
    tdm_series_spec s = spec_kv(TDM_SERIES_AUTO);
    int restarts;
    open_both("org,date,value\nA,1,*\nB,1,\nA,2,NA\nB,2,c\nB,3,c\n", 0, &s);
    cr_assert_eq(collect(1, 0, &restarts), 2);
    cr_assert_eq(restarts, 1);
    cr_assert_eq(got[0].missing, 1);
    cr_assert_eq(got[0].suppressed, 1);
    cr_assert_eq(got[1].missing, 1);
    cr_assert_eq(got[1].suppressed, 2);
}

Test(io_series_reader, first_non_empty_attribute_and_its_line)
{
    static const char *const attrs[] = { "name", "region" };
    tdm_series_spec s = spec_kv(TDM_SERIES_AUTO);
    int restarts;
    s.attr_columns = attrs;
    s.n_attr = 2;
    for (int mode = TDM_SERIES_AUTO; mode <= TDM_SERIES_HOLD; mode++) {
        s.mode = mode;
        open_both("org,date,value,name,region\n"
                  "A,1,1,,NA\n"
                  "A,2,2,Alpha,\n"
                  "A,3,3,Alpha Trust,North\n"
                  "B,1,1,,\n"
                  "B,2,2,Beta,\n",
                  0, &s);
        cr_assert_eq(collect(1, 2, &restarts), 2);
        cr_assert_str_eq(got[0].attr[0], "Alpha");
        cr_assert_eq(got[0].attr_line[0], 3);
        cr_assert_str_eq(got[0].attr[1], "North");
        cr_assert_eq(got[0].attr_line[1], 4);
        cr_assert_str_eq(got[1].attr[0], "Beta");
        cr_assert_eq(got[1].attr_line[0], 6);
        cr_assert_eq(got[1].has_attr[1], 0, "never given: NULL");
        cr_assert_eq(got[1].attr_line[1], 0);
        teardown();
    }
}

Test(io_series_reader, several_numeric_columns)
{
    static const char *const nums[] = { "num", "den" };
    tdm_series_spec s = spec_kv(TDM_SERIES_HOLD);
    tdm_series one;
    s.num_columns = nums;
    s.n_num = 2;
    open_both("den,org,num,date\n10,A,1,2\n,A,*,1\n", 0, &s);
    cr_assert_eq(tdm_series_reader_next(sr, &one, &err), 1);
    cr_assert_eq(one.n, 2);
    cr_assert(isnan(one.num[0][0]) && isnan(one.num[1][0]));
    cr_assert_eq(one.num[0][1], 1.0);
    cr_assert_eq(one.num[1][1], 10.0);
    cr_assert_eq(one.n_suppressed[0], 1);
    cr_assert_eq(one.n_missing[0], 0);
    cr_assert_eq(one.n_missing[1], 1);
    cr_assert_eq(one.n_suppressed[1], 0);
}

/* ---- errors ---- */

static void expect_next_error(uint64_t line, uint32_t field, const char *const *needles)
{
    tdm_series one;
    int rc;
    do {
        rc = tdm_series_reader_next(sr, &one, &err);
    } while (rc == 1 || rc == TDM_SERIES_RESTART);
    cr_assert_eq(rc, TDM_EPARSE, "got %d: %s", rc, err.message);
    cr_assert_eq(err.status, TDM_EPARSE);
    cr_assert_eq(err.line, line, "line %llu: %s", (unsigned long long)err.line, err.message);
    cr_assert_eq(err.field, field, "field %u: %s", err.field, err.message);
    for (size_t i = 0; needles[i] != NULL; i++) {
        cr_assert(strstr(err.message, needles[i]) != NULL, "\"%s\" not in: %s", needles[i],
                  err.message);
    }
}

#define ERR(line, field, ...) \
    expect_next_error((line), (field), (const char *const[]){ __VA_ARGS__, NULL })

Test(io_series_reader, bad_number_names_file_line_and_column)
{
    tdm_series_spec s = spec_kv(TDM_SERIES_AUTO);
    open_both("org,date,value\nA,2024-01-01,1\nA,2024-01-02,\"12,5\"\n", 1, &s);
    ERR(3, 3, tmp_path, "line 3", "column 3 (\"value\")", "\"12,5\" is not a number");
}

Test(io_series_reader, overflowing_number_is_not_a_number)
{
    tdm_series_spec s = spec_kv(TDM_SERIES_HOLD);
    open_both("org,date,value\nA,1,1e400\n", 0, &s);
    ERR(2, 3, "<buffer>", "\"1e400\" is not a number");
}

Test(io_series_reader, bad_date)
{
    tdm_series_spec s = spec_kv(TDM_SERIES_AUTO);
    open_both("org,date,value\nA,2024-01-01,1\nB,2024-02-30,1\n", 1, &s);
    ERR(3, 2, tmp_path, "line 3", "column 2 (\"date\")", "\"2024-02-30\" is not a date");
}

Test(io_series_reader, missing_date)
{
    tdm_series_spec s = spec_kv(TDM_SERIES_STREAM);
    open_both("org,date,value\nA,2024-01-01,1\nA,NA,1\n", 0, &s);
    ERR(3, 2, "line 3", "missing date or period");
}

Test(io_series_reader, mixed_dates_and_integers)
{
    tdm_series_spec s = spec_kv(TDM_SERIES_AUTO);
    open_both("org,date,value\nA,2024-01-01,1\nB,2024-01-01,1\nB,202401,2\n", 0, &s);
    ERR(4, 2, "line 4", "\"202401\" is an integer", "line 2 has a date");
}

Test(io_series_reader, mixed_integers_then_dates_in_hold_mode)
{
    tdm_series_spec s = spec_kv(TDM_SERIES_HOLD);
    open_both("org,date,value\n\nA,1,1\nA,2024-01-01,2\n", 0, &s);
    ERR(4, 2, "line 4", "is a date", "line 3 has an integer period");
}

Test(io_series_reader, empty_key)
{
    tdm_series_spec s = spec_kv(TDM_SERIES_AUTO);
    open_both("org,date,value\nA,1,1\n,2,1\n", 0, &s);
    ERR(3, 1, "line 3", "column 1 (\"org\")", "empty series identifier");
}

Test(io_series_reader, csv_errors_pass_through)
{
    tdm_series_spec s = spec_kv(TDM_SERIES_HOLD);
    tdm_series one;
    open_both("org,date,value\nA,1,1\nA,2\n", 0, &s);
    cr_assert_eq(tdm_series_reader_next(sr, &one, &err), TDM_EPARSE);
    cr_assert_eq(err.line, 3);
    cr_assert(strstr(err.message, "expected 3 fields") != NULL, "%s", err.message);
}

Test(io_series_reader, unknown_column_at_open)
{
    tdm_series_spec s = spec_kv(TDM_SERIES_AUTO);
    cr_assert_eq(tdm_csv_reader_open_buffer(&csv, grouped, sizeof grouped - 1, NULL, &err), TDM_OK);
    s.time_column = "period";
    cr_assert_eq(tdm_series_reader_open(&sr, csv, &s, &err), TDM_ENOTFOUND);
    cr_assert_null(sr);
    cr_assert(strstr(err.message, "\"period\"") != NULL, "%s", err.message);
    s.time_column = "date";
    s.key_column = "orgg";
    cr_assert_eq(tdm_series_reader_open(&sr, csv, &s, &err), TDM_ENOTFOUND);
    cr_assert(strstr(err.message, "did you mean \"org\"") != NULL, "%s", err.message);
}

Test(io_series_reader, invalid_spec)
{
    tdm_series_spec s = spec_kv(TDM_SERIES_AUTO);
    cr_assert_eq(tdm_csv_reader_open_buffer(&csv, grouped, sizeof grouped - 1, NULL, &err), TDM_OK);
    s.time_column = NULL;
    cr_assert_eq(tdm_series_reader_open(&sr, csv, &s, &err), TDM_EINVAL);
    s = spec_kv(7);
    cr_assert_eq(tdm_series_reader_open(&sr, csv, &s, &err), TDM_EINVAL);
    s = spec_kv(TDM_SERIES_AUTO);
    s.num_columns = NULL;
    cr_assert_eq(tdm_series_reader_open(&sr, csv, &s, &err), TDM_EINVAL);
    cr_assert_eq(tdm_series_reader_open(&sr, NULL, &s, &err), TDM_EINVAL);
    cr_assert_null(sr);
    tdm_series_reader_free(NULL);
}

/* ---- randomised: AUTO on a file == independent grouping ---- */

static uint64_t rng_state;
static uint64_t rnd(void)
{
    uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

typedef struct row {
    int key;
    int64_t t;
    double v;
    uint64_t line;
} row;

Test(io_series_reader, random_inputs_match_independent_grouping, .timeout = 120)
{
    enum { ROWS = 3000, MAXK = 300 };
    static row rows[ROWS];
    static char text[ROWS * 48];
    rng_state = 8;
    for (int round = 0; round < 12; round++) {
        int n_keys = 1 + (int)(rnd() % (round % 4 == 1 ? MAXK : 40));
        int grouped_input = round % 3 == 0;
        int order[MAXK]; /* key -> order of first appearance */
        int n_seen = 0;
        int regrouped = 0; /* a key came back after another one started */
        size_t o = (size_t)sprintf(text, "value,org,date\n");
        int restarts = 0;
        uint64_t line = 2;
        tdm_series_spec s = spec_kv(round % 2 ? TDM_SERIES_AUTO : TDM_SERIES_HOLD);
        tdm_series one;
        size_t k_out = 0;
        int rc;
        s.allow_duplicate_times = 1;
        for (int k = 0; k < MAXK; k++) {
            order[k] = -1;
        }
        for (int i = 0; i < ROWS; i++) {
            rows[i].key = grouped_input ? i * n_keys / ROWS : (int)(rnd() % (uint64_t)n_keys);
            rows[i].t = (int64_t)(rnd() % 50) - 10;
            rows[i].v = (double)i;
            rows[i].line = line++;
            if (order[rows[i].key] < 0) {
                order[rows[i].key] = n_seen++;
            } else if (i > 0 && rows[i - 1].key != rows[i].key) {
                regrouped = 1;
            }
            o += (size_t)sprintf(text + o, "%d,K%d,%lld\n", i, rows[i].key, (long long)rows[i].t);
            if (rnd() % 50 == 0) {
                text[o++] = '\n'; /* blank lines shift the line numbers */
                line++;
            }
        }
        text[o] = '\0';
        open_both(text, 1, &s);
        while ((rc = tdm_series_reader_next(sr, &one, &err)) != 0) {
            int key;
            size_t m = 0;
            if (rc == TDM_SERIES_RESTART) {
                restarts++;
                k_out = 0;
                continue;
            }
            cr_assert_eq(rc, 1, "%s", err.message);
            if (regrouped && s.mode == TDM_SERIES_AUTO && restarts == 0) {
                continue; /* streamed before the restart: the caller discards it */
            }
            cr_assert_eq(sscanf(one.key, "K%d", &key), 1);
            cr_assert_eq(order[key], (int)k_out, "series %s out of order", one.key);
            /* expected: this key's rows, stable insertion sort by time */
            {
                static row want[ROWS];
                for (int i = 0; i < ROWS; i++) {
                    if (rows[i].key == key) {
                        size_t j = m++;
                        while (j > 0 && want[j - 1].t > rows[i].t) {
                            want[j] = want[j - 1];
                            j--;
                        }
                        want[j] = rows[i];
                    }
                }
                cr_assert_eq(one.n, m,
                             "round %d series %s: %zu rows, expected %zu, restarts %d, held %d",
                             round, one.key, one.n, m, restarts, tdm_series_reader_held(sr));
                for (size_t j = 0; j < m; j++) {
                    cr_assert_eq(one.time[j], want[j].t);
                    cr_assert_eq(one.num[0][j], want[j].v, "series %s row %zu", one.key, j);
                    cr_assert_eq(one.line[j], want[j].line);
                }
            }
            k_out++;
        }
        cr_assert_eq(k_out, (size_t)n_seen);
        cr_assert_eq(restarts, regrouped && s.mode == TDM_SERIES_AUTO);
        cr_assert_eq(tdm_series_reader_held(sr), regrouped || s.mode == TDM_SERIES_HOLD);
        cr_assert_eq(tdm_series_reader_rows(sr), ROWS);
        teardown();
    }
}
