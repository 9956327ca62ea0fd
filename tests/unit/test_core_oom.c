/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_core_oom.c - the sqlite-style out-of-memory loop (conventions 4.5)
 * over every allocating entry point of the foundation: the CSV reader (buffer
 * and file, with buffer growth), the series reader (grouped, ungrouped with
 * the restart into hold mode, hold and stream modes), the table writer and
 * tdm_spc_compute.
 *
 * For k = 1, 2, ... the k-th allocation fails (persistently, and in a second
 * pass only once); every run must return TDM_ENOMEM exactly when the k-th
 * allocation was attempted, succeed otherwise, never crash, and leave no
 * block live (tests/support/test_alloc.c counts them).
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tandem.h"
#include "test_alloc.h"

typedef int (*scenario)(void);

/* Run f under the failing allocator for every k until it succeeds. */
static void oom_loop(scenario f, const char *name)
{
    size_t total;
    int rc;
    /* a clean run first: it must succeed and tells how many allocations */
    test_alloc_install(0);
    rc = f();
    total = test_alloc_count();
    cr_assert_eq(test_alloc_remove(), 0, "%s: leak without failures", name);
    cr_assert_eq(rc, TDM_OK, "%s: fails without injected failures: %d", name, rc);
    for (int once = 0; once <= 1; once++) {
        for (size_t k = 1;; k++) {
            long live;
            size_t attempts;
            if (once) {
                test_alloc_install_once(k);
            } else {
                test_alloc_install(k);
            }
            rc = f();
            attempts = test_alloc_count();
            live = test_alloc_remove();
            cr_assert_eq(live, 0, "%s: k=%zu%s: %ld blocks leaked (rc %d)", name, k,
                         once ? " once" : "", live, rc);
            if (attempts < k) {
                cr_assert_eq(rc, TDM_OK, "%s: k=%zu: %d without a failed allocation", name, k, rc);
                cr_assert_eq(k, total + 1, "%s: %zu allocations, %zu in the clean run", name,
                             attempts, total);
                break;
            }
            cr_assert_eq(rc, TDM_ENOMEM, "%s: k=%zu%s of %zu: returned %d, not TDM_ENOMEM", name, k,
                         once ? " once" : "", total, rc);
        }
    }
}

/* ---- CSV reader ---- */

static char *csv_text;
static size_t csv_len;

/* Records with quotes, escapes, quoted newlines and 40 fields (the field
 * array grows twice), then a ragged record padded. */
static void make_csv(void)
{
    size_t cap = 64 << 10;
    size_t o = 0;
    csv_text = malloc(cap);
    cr_assert_not_null(csv_text);
    for (int j = 0; j < 40; j++) {
        o += (size_t)snprintf(csv_text + o, cap - o, "%sc%d", j ? "," : "", j);
    }
    csv_text[o++] = '\n';
    for (int i = 0; i < 50; i++) {
        for (int j = 0; j < 40; j++) {
            o += (size_t)snprintf(csv_text + o, cap - o, j % 7 == 3 ? "%s\"x\"\"%d\ny\"" : "%s%d",
                                  j ? "," : "", i * j);
        }
        csv_text[o++] = '\n';
    }
    o += (size_t)snprintf(csv_text + o, cap - o, "short,row\n");
    csv_len = o;
}

static int read_all(tdm_csv_reader *r)
{
    tdm_csv_record rec;
    tdm_error err;
    int rc;
    size_t n = 0;
    while ((rc = tdm_csv_reader_next(r, &rec, &err)) == 1) {
        n++;
    }
    cr_assert(rc != 0 || n == 51, "read %zu records", n);
    return rc;
}

static int csv_buffer_run(void)
{
    tdm_csv_reader *r = NULL;
    tdm_csv_options o;
    tdm_error err;
    int rc;
    size_t idx;
    tdm_csv_options_init(&o);
    o.ragged = TDM_CSV_RAGGED_PAD;
    rc = tdm_csv_reader_open_buffer(&r, csv_text, csv_len, &o, &err);
    if (rc != TDM_OK) {
        cr_assert_null(r);
        return rc;
    }
    cr_assert_eq(tdm_csv_reader_column(r, "c39", &idx, &err), TDM_OK);
    rc = read_all(r);
    if (rc == TDM_OK) {
        rc = tdm_csv_reader_rewind(r, &err);
    }
    if (rc == TDM_OK) {
        rc = read_all(r);
    }
    tdm_csv_reader_free(r);
    return rc;
}

Test(core_oom, csv_reader_buffer)
{
    make_csv();
    oom_loop(csv_buffer_run, "csv buffer");
    free(csv_text);
}

static char big_path[64];

static int csv_file_run(void)
{
    tdm_csv_reader *r = NULL;
    tdm_csv_record rec;
    tdm_error err;
    int rc = tdm_csv_reader_open_path(&r, big_path, NULL, &err);
    if (rc != TDM_OK) {
        cr_assert_null(r);
        return rc;
    }
    while ((rc = tdm_csv_reader_next(r, &rec, &err)) == 1) {
    }
    tdm_csv_reader_free(r);
    return rc;
}

Test(core_oom, csv_reader_file_with_buffer_growth)
{
    /* a 2.5 MiB quoted field: the 1 MiB read buffer must double twice */
    size_t n = (size_t)5 << 19;
    FILE *f;
    int fd;
    char *field = malloc(n);
    cr_assert_not_null(field);
    memset(field, 'x', n);
    (void)snprintf(big_path, sizeof big_path, "/tmp/tdm-oom-XXXXXX");
    fd = mkstemp(big_path);
    cr_assert(fd >= 0);
    f = fdopen(fd, "w");
    cr_assert_not_null(f);
    fputs("a,b\n1,\"", f);
    cr_assert_eq(fwrite(field, 1, n, f), n);
    fputs("\"\n2,3\n", f);
    cr_assert_eq(fclose(f), 0);
    oom_loop(csv_file_run, "csv file");
    (void)unlink(big_path);
    free(field);
}

/* ---- series reader ---- */

static char series_text[256 << 10];
static size_t series_len;

/* 100 series (more than the 64 the hold tables start with) with 80 rows
 * each (more than the 64-row start), times out of order, attributes, a
 * suppressed value and a number longer than the parser's stack buffer. */
static void make_series(int grouped)
{
    size_t o = (size_t)sprintf(series_text, "org,date,num,den,name\n");
    for (int i = 0; i < 8000; i++) {
        int key = grouped ? i / 80 : (i * 37) % 100;
        int t = grouped ? (i % 80) * 7 % 80 : i / 100 * 7 % 80;
        const char *num = i % 13 == 0 ? "*" : "1";
        if (i == 4321) {
            num = "1.00000000000000000000000000000000000000000000000000000000000000000000000000"
                  "0000000000000000000000000000000000000000000000000000000000000000000001";
        }
        o += (size_t)sprintf(series_text + o, "K%d,%d,%s,%d,%s\n", key, t, num, i,
                             i % 80 == 5 ? "Trust" : "");
    }
    series_len = o;
}

static int series_mode;

static int series_run(void)
{
    static const char *const nums[] = { "num", "den" };
    static const char *const attrs[] = { "name" };
    tdm_csv_reader *csv = NULL;
    tdm_series_reader *sr = NULL;
    tdm_series_spec spec;
    tdm_series s;
    tdm_error err;
    size_t n = 0;
    int rc;
    tdm_series_spec_init(&spec);
    spec.key_column = "org";
    spec.time_column = "date";
    spec.num_columns = nums;
    spec.n_num = 2;
    spec.attr_columns = attrs;
    spec.n_attr = 1;
    spec.mode = series_mode;
    rc = tdm_csv_reader_open_buffer(&csv, series_text, series_len, NULL, &err);
    if (rc == TDM_OK) {
        rc = tdm_series_reader_open(&sr, csv, &spec, &err);
    }
    while (rc == TDM_OK) {
        rc = tdm_series_reader_next(sr, &s, &err);
        if (rc == TDM_SERIES_RESTART) {
            n = 0;
            rc = TDM_OK;
        } else if (rc == 1) {
            n++;
            rc = TDM_OK;
        } else if (rc == 0) {
            cr_assert_eq(n, 100);
            break;
        }
    }
    tdm_series_reader_free(sr);
    tdm_csv_reader_free(csv);
    return rc;
}

Test(core_oom, series_reader_grouped_streams, .timeout = 120)
{
    make_series(1);
    series_mode = TDM_SERIES_AUTO;
    oom_loop(series_run, "series grouped");
    series_mode = TDM_SERIES_STREAM;
    oom_loop(series_run, "series stream");
}

Test(core_oom, series_reader_ungrouped_restarts, .timeout = 120)
{
    make_series(0);
    series_mode = TDM_SERIES_AUTO; /* streams, rewinds, restarts in hold mode */
    oom_loop(series_run, "series ungrouped");
    series_mode = TDM_SERIES_HOLD;
    oom_loop(series_run, "series hold");
}

/* ---- table writer ---- */

typedef struct membuf {
    char *p;
    size_t n, cap;
} membuf;

static int mem_write(void *ctx, const void *buf, size_t len)
{
    membuf *m = ctx;
    if (m->n + len > m->cap) {
        m->cap = (m->n + len) * 2;
        m->p = realloc(m->p, m->cap);
        cr_assert_not_null(m->p);
    }
    memcpy(m->p + m->n, buf, len);
    m->n += len;
    return 0;
}

static int writer_fmt;

static int writer_run(void)
{
    static const char *const cols[] = { "name \"q\"", "value", "n", "flag", "none" };
    membuf m = { NULL, 0, 0 };
    tdm_writer *w = NULL;
    int rc = tdm_writer_open(&w, mem_write, &m, (tdm_format)writer_fmt, cols, 5);
    for (int i = 0; i < 3000 && rc == TDM_OK; i++) {
        rc = tdm_writer_str(w, "a,\"b\"\n", 6);
        rc = rc ? rc : tdm_writer_num(w, i / 3.0);
        rc = rc ? rc : tdm_writer_int(w, i);
        rc = rc ? rc : tdm_writer_bool(w, i % 2);
        rc = rc ? rc : tdm_writer_null(w);
        rc = rc ? rc : tdm_writer_end_row(w);
    }
    if (rc == TDM_OK) {
        rc = tdm_writer_finish(w);
    }
    if (w == NULL) {
        cr_assert_neq(rc, TDM_OK);
    }
    tdm_writer_free(w);
    free(m.p);
    return rc;
}

Test(core_oom, table_writer_csv_and_json)
{
    writer_fmt = TDM_FORMAT_CSV;
    oom_loop(writer_run, "writer csv");
    writer_fmt = TDM_FORMAT_JSON;
    oom_loop(writer_run, "writer json");
}

/* ---- SPC ---- */

static int spc_run(void)
{
    enum { N = 60 };
    double y[N];
    uint8_t rebase[N] = { 0 };
    tdm_spc_point pts[N];
    tdm_spc_phase ph[N];
    tdm_spc_summary sum;
    tdm_spc_options o;
    tdm_spc_options_init(&o);
    o.target = 5;
    o.fix_after = 12;
    for (int i = 0; i < N; i++) {
        y[i] = i % 9 == 4 ? (double)NAN : (i * 7919 % 13) + (i > 30 ? 5 : 0);
    }
    rebase[31] = 1;
    return tdm_spc_compute(y, rebase, N, &o, pts, ph, &sum);
}

Test(core_oom, spc_compute)
{
    /* The kernel does not allocate: the loop must end at k = 1. */
    oom_loop(spc_run, "spc");
    test_alloc_install(1);
    cr_assert_eq(spc_run(), TDM_OK);
    cr_assert_eq(test_alloc_count(), 0, "tdm_spc_compute allocated");
    cr_assert_eq(test_alloc_remove(), 0);
}
