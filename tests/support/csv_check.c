/* SPDX-License-Identifier: GPL-3.0-or-later */
/* csv_check.c - see csv_check.h. */
#include "csv_check.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "csv_ref.h"

/* What the reader must do with one reference record. */
typedef struct expect {
    int status; /* 0: a record; else the error it must return */
    int maybe;  /* 1: TDM_ELIMIT is also acceptable (record exactly at the limit) */
    uint32_t field;
} expect;

#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
static int
differs(char *msg, size_t cap, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    (void)vsnprintf(msg, cap, fmt, ap);
    va_end(ap);
    return CSV_CHECK_DIFFERS;
}

/* Derive the expected outcome of record i from first principles. */
static expect expected(const csv_ref *t, size_t i, const tdm_csv_options *o, size_t width)
{
    const csv_ref_record *rec = &t->recs[i];
    size_t span = rec->end - rec->begin;
    expect e = { 0, 0, 0 };
    if (span > o->max_record_bytes) {
        e.status = TDM_ELIMIT;
        return e;
    }
    /* A last record with no line end that exactly fills the buffer: the
     * reader cannot see the end of input without one more byte of room. */
    e.maybe = !rec->terminated && span == o->max_record_bytes;
    if (rec->n > o->max_fields) {
        e.status = TDM_ELIMIT;
        e.field = (uint32_t)o->max_fields + 1;
        return e;
    }
    if (i > 0 && rec->n != width && !(o->ragged == TDM_CSV_RAGGED_PAD && rec->n < width)) {
        e.status = TDM_EPARSE;
        e.field = (uint32_t)(rec->n < width ? rec->n + 1 : width + 1);
    }
    return e;
}

static int check_error(int rc, const tdm_error *err, const expect *e, uint64_t line, char *msg,
                       size_t cap)
{
    if (rc != e->status) {
        return differs(msg, cap, "line %llu: expected status %d, got %d (%s)",
                       (unsigned long long)line, e->status, rc, err->message);
    }
    if (err->line != line || err->field != e->field) {
        return differs(msg, cap, "status %d: expected line %llu field %u, got line %llu field %u",
                       rc, (unsigned long long)line, e->field, (unsigned long long)err->line,
                       err->field);
    }
    return CSV_CHECK_AGREED;
}

static int same_fields(const csv_ref *t, size_t i, const tdm_csv_field *f, size_t n, size_t width,
                       char *msg, size_t cap)
{
    const csv_ref_record *rec = &t->recs[i];
    size_t want = rec->n < width ? width : rec->n;
    if (n != want) {
        return differs(msg, cap, "line %llu: %zu fields, expected %zu",
                       (unsigned long long)rec->line, n, want);
    }
    for (size_t j = 0; j < n; j++) {
        const char *exp = "";
        size_t len = 0;
        unsigned flags = 0;
        if (j < rec->n) {
            const csv_ref_field *rf = csv_ref_get(t, i, j);
            exp = t->text + rf->off;
            len = rf->len;
            flags = rf->quoted ? TDM_CSV_FIELD_QUOTED : 0;
        }
        if (f[j].len != len || (len > 0 && memcmp(f[j].ptr, exp, len) != 0)) {
            return differs(msg, cap, "line %llu field %zu: text differs (len %zu, expected %zu)",
                           (unsigned long long)rec->line, j + 1, f[j].len, len);
        }
        if (f[j].flags != flags) {
            return differs(msg, cap, "line %llu field %zu: flags %u, expected %u",
                           (unsigned long long)rec->line, j + 1, f[j].flags, flags);
        }
    }
    return CSV_CHECK_AGREED;
}

static int open_reader(tdm_csv_reader **r, const char *data, size_t len, const tdm_csv_options *opt,
                       const char *path, tdm_error *err)
{
    if (path != NULL) {
        return tdm_csv_reader_open_path(r, path, opt, err);
    }
    return tdm_csv_reader_open_buffer(r, data, len, opt, err);
}

/* Walk the data records after `first` and check the end of input. */
static int walk(tdm_csv_reader *r, const csv_ref *t, const tdm_csv_options *o, size_t first,
                size_t width, char *msg, size_t cap)
{
    tdm_csv_record rec;
    tdm_error err;
    int rc;
    for (size_t i = first; i < t->n_recs; i++) {
        expect e = expected(t, i, o, width);
        memset(&err, 0, sizeof err);
        rc = tdm_csv_reader_next(r, &rec, &err);
        if (e.maybe && rc == TDM_ELIMIT) {
            return CSV_CHECK_AGREED;
        }
        if (e.status != 0) {
            return check_error(rc, &err, &e, t->recs[i].line, msg, cap);
        }
        if (rc != 1) {
            return differs(msg, cap, "line %llu: expected a record, got %d (%s)",
                           (unsigned long long)t->recs[i].line, rc, err.message);
        }
        if (rec.line != t->recs[i].line || rec.index != i - first + 1) {
            return differs(msg, cap, "record %zu: line %llu index %llu, expected line %llu", i + 1,
                           (unsigned long long)rec.line, (unsigned long long)rec.index,
                           (unsigned long long)t->recs[i].line);
        }
        rc = same_fields(t, i, rec.fields, rec.n_fields, width, msg, cap);
        if (rc != CSV_CHECK_AGREED) {
            return rc;
        }
    }
    rc = tdm_csv_reader_next(r, &rec, &err);
    if (rc != 0) {
        return differs(msg, cap, "expected the end of input, got %d", rc);
    }
    return CSV_CHECK_AGREED;
}

/* Check the open call (and the header record, if any); *first: first data record. */
static int check_open(tdm_csv_reader *r, int rc, const tdm_error *err, const csv_ref *t,
                      const tdm_csv_options *o, size_t *first, char *msg, size_t cap)
{
    size_t width = t->n_recs > 0 ? t->recs[0].n : 0;
    size_t nh = 0;
    const tdm_csv_field *h;
    expect e;
    *first = 0;
    if (!o->header) {
        return rc == TDM_OK ? CSV_CHECK_AGREED
                            : differs(msg, cap, "open failed: %d (%s)", rc, err->message);
    }
    if (t->n_recs == 0) {
        e.status = TDM_EPARSE; /* "empty input" */
        e.field = 0;
        return check_error(rc, err, &e, 1, msg, cap) == CSV_CHECK_AGREED ? CSV_CHECK_SKIPPED
                                                                         : CSV_CHECK_DIFFERS;
    }
    e = expected(t, 0, o, width);
    if (e.maybe && rc == TDM_ELIMIT) {
        return CSV_CHECK_SKIPPED;
    }
    if (e.status != 0) {
        return check_error(rc, err, &e, t->recs[0].line, msg, cap) == CSV_CHECK_AGREED
                   ? CSV_CHECK_SKIPPED
                   : CSV_CHECK_DIFFERS;
    }
    if (rc != TDM_OK) {
        return differs(msg, cap, "open failed: %d (%s)", rc, err->message);
    }
    h = tdm_csv_reader_header(r, &nh);
    *first = 1;
    return same_fields(t, 0, h, nh, width, msg, cap);
}

static int compare(const csv_ref *t, const char *data, size_t len, const tdm_csv_options *o,
                   const char *path, char *msg, size_t cap)
{
    tdm_csv_reader *r = NULL;
    tdm_error err;
    size_t first = 0;
    int rc;
    memset(&err, 0, sizeof err);
    rc = open_reader(&r, data, len, o, path, &err);
    /* SKIPPED here means "open failed as expected": nothing more to read. */
    rc = check_open(r, rc, &err, t, o, &first, msg, cap);
    if (rc == CSV_CHECK_AGREED) {
        rc = walk(r, t, o, first, t->n_recs > 0 ? t->recs[0].n : 0, msg, cap);
    } else if (rc == CSV_CHECK_SKIPPED) {
        rc = r == NULL ? CSV_CHECK_AGREED
                       : differs(msg, cap, "open succeeded but should have failed");
    }
    tdm_csv_reader_free(r);
    return rc;
}

int csv_check(const char *data, size_t len, const tdm_csv_options *opt, const char *path, char *msg,
              size_t msg_cap)
{
    csv_ref t;
    tdm_csv_options defaults;
    int rc;
    if (opt == NULL) {
        tdm_csv_options_init(&defaults);
        opt = &defaults;
    }
    msg[0] = '\0';
    rc = csv_ref_parse(&t, data, len, opt->delimiter);
    if (rc == CSV_REF_MALFORMED) {
        csv_ref_free(&t);
        return CSV_CHECK_SKIPPED;
    }
    if (rc != CSV_REF_OK) {
        csv_ref_free(&t);
        return differs(msg, msg_cap, "csv_ref: out of memory");
    }
    rc = compare(&t, data, len, opt, path, msg, msg_cap);
    csv_ref_free(&t);
    return rc;
}
