/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz_csv.c - the CSV reader over arbitrary bytes (conventions 8.4).
 *
 * Input: one option byte, then the CSV text. The option byte picks the
 * delimiter, header, lenient quotes, ragged padding, a small field limit, a
 * small record limit and whether a file (memfd) is read as well.
 * Checks:
 *  - no crash, leak or sanitizer report, strict or lenient;
 *  - record and error invariants (lines grow, indexes count, status echoed);
 *  - strict success implies lenient reads exactly the same records;
 *  - reading the bytes from a file through a buffer of max_record_bytes
 *    (refills at every offset) gives the same records and errors as reading
 *    them from memory (a TDM_ELIMIT on either side ends the comparison);
 *  - on input the reference parser (tests/support/csv_ref.c) accepts as
 *    well-formed, every record, field, flag, line and error agrees with it.
 */
#define _GNU_SOURCE /* memfd_create */
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "csv_check.h"
#include "fuzz_common.h"
#include "tandem.h"

/* Everything a read produced, folded into one comparable value. */
typedef struct outcome {
    uint64_t digest; /* records: fields, flags, lines */
    size_t records;
    int status; /* 0 at a clean end, else the error */
    uint64_t err_line;
    uint32_t err_field;
} outcome;

static void check_error(int rc, const tdm_error *err)
{
    FUZZ_CHECK(err->status == rc, "err.status %d, returned %d", err->status, rc);
    FUZZ_CHECK(memchr(err->message, '\0', sizeof err->message) != NULL, "unterminated message");
    FUZZ_CHECK(err->message[0] != '\0', "empty message for %d", rc);
    if (rc == TDM_EPARSE || rc == TDM_ELIMIT) {
        FUZZ_CHECK(err->line >= 1, "error without a line: %s", err->message);
    }
}

static void read_all(tdm_csv_reader *r, const tdm_csv_options *o, outcome *out)
{
    tdm_csv_record rec;
    tdm_error err;
    uint64_t last_line = 0;
    size_t width = 0;
    int rc;
    size_t nh = 0;
    const tdm_csv_field *h = tdm_csv_reader_header(r, &nh);
    out->digest = FNV_INIT;
    for (size_t i = 0; i < nh; i++) {
        out->digest = fnv(out->digest, h[i].ptr, h[i].len);
        out->digest = fnv_u64(out->digest, h[i].len);
    }
    while ((rc = tdm_csv_reader_next(r, &rec, &err)) == 1) {
        out->records++;
        FUZZ_CHECK(rec.index == out->records, "index %llu", (unsigned long long)rec.index);
        FUZZ_CHECK(rec.line > last_line, "line %llu after %llu", (unsigned long long)rec.line,
                   (unsigned long long)last_line);
        FUZZ_CHECK(rec.n_fields >= 1 && rec.n_fields <= o->max_fields, "%zu fields", rec.n_fields);
        if (width == 0) {
            width = nh > 0 ? nh : rec.n_fields;
        }
        FUZZ_CHECK(rec.n_fields == width, "%zu fields, width %zu", rec.n_fields, width);
        last_line = rec.line;
        out->digest = fnv_u64(out->digest, rec.line);
        for (size_t i = 0; i < rec.n_fields; i++) {
            FUZZ_CHECK(rec.fields[i].len <= o->max_record_bytes, "field of %zu bytes",
                       rec.fields[i].len);
            out->digest = fnv(out->digest, rec.fields[i].ptr, rec.fields[i].len);
            out->digest = fnv_u64(out->digest, rec.fields[i].len * 2 + rec.fields[i].flags);
        }
    }
    out->status = rc;
    if (rc < 0) {
        check_error(rc, &err);
        out->err_line = err.line;
        out->err_field = err.field;
        /* after an error the reader is done */
        FUZZ_CHECK(tdm_csv_reader_next(r, &rec, &err) == TDM_EINVAL, "reader not done");
    }
}

/* Open (buffer, or path when not NULL) and read everything. */
static void run(const char *data, size_t len, const tdm_csv_options *o, const char *path,
                outcome *out)
{
    tdm_csv_reader *r = NULL;
    tdm_error err;
    int rc;
    memset(out, 0, sizeof *out);
    if (path != NULL) {
        rc = tdm_csv_reader_open_path(&r, path, o, &err);
    } else {
        rc = tdm_csv_reader_open_buffer(&r, data, len, o, &err);
    }
    if (rc != TDM_OK) {
        FUZZ_CHECK(r == NULL, "handle left after a failed open");
        check_error(rc, &err);
        out->status = rc;
        out->err_line = err.line;
        out->err_field = err.field;
        return;
    }
    read_all(r, o, out);
    tdm_csv_reader_free(r);
}

static int same(const outcome *a, const outcome *b)
{
    return a->digest == b->digest && a->records == b->records && a->status == b->status &&
           a->err_line == b->err_line && a->err_field == b->err_field;
}

static void differential(const char *data, size_t len, const tdm_csv_options *o, const char *path)
{
    char msg[256];
    int rc = csv_check(data, len, o, path, msg, sizeof msg);
    FUZZ_CHECK(rc != CSV_CHECK_DIFFERS, "%s: disagrees with csv_ref: %s",
               path != NULL ? "file" : "buffer", msg);
}

/* Write the bytes to an anonymous file and return a path to it (or NULL). */
static int memfd_path(const char *data, size_t len, char *path, size_t cap)
{
    int fd = memfd_create("fuzz_csv", MFD_CLOEXEC);
    size_t o = 0;
    if (fd < 0) {
        return -1;
    }
    while (o < len) {
        ssize_t w = write(fd, data + o, len - o);
        if (w <= 0) {
            (void)close(fd);
            return -1;
        }
        o += (size_t)w;
    }
    (void)snprintf(path, cap, "/proc/self/fd/%d", fd);
    return fd;
}

int LLVMFuzzerTestOneInput(const uint8_t *bytes, size_t size)
{
    static const char delims[4] = { ',', ';', '\t', '|' };
    tdm_csv_options o;
    outcome strict, lenient, file;
    const char *data = (const char *)bytes + 1;
    size_t len;
    unsigned flags;
    if (size < 1) {
        return 0;
    }
    flags = bytes[0];
    len = size - 1;
    tdm_csv_options_init(&o);
    o.delimiter = delims[flags & 3];
    o.header = (flags >> 2) & 1;
    o.ragged = (flags >> 3) & 1 ? TDM_CSV_RAGGED_PAD : TDM_CSV_RAGGED_ERROR;
    if ((flags >> 4) & 1) {
        o.max_fields = 1 + len % 7;
    }
    if ((flags >> 5) & 1) {
        o.max_record_bytes = 16 + len % 48; /* the smallest allowed and up */
    }

    o.lenient_quotes = 0;
    run(data, len, &o, NULL, &strict);
    differential(data, len, &o, NULL);
    o.lenient_quotes = 1;
    run(data, len, &o, NULL, &lenient);
    differential(data, len, &o, NULL);
    if (strict.status == 0) {
        FUZZ_CHECK(same(&strict, &lenient), "lenient differs where strict succeeds");
    }

    if ((flags >> 6) & 1) {
        char path[64];
        int fd = memfd_path(data, len, path, sizeof path);
        if (fd >= 0) {
            o.lenient_quotes = (flags >> 7) & 1;
            run(data, len, &o, path, &file);
            run(data, len, &o, NULL, &lenient);
            if (file.status != TDM_ELIMIT && lenient.status != TDM_ELIMIT) {
                FUZZ_CHECK(same(&file, &lenient),
                           "file and buffer differ: %zu/%zu records, status %d/%d, line "
                           "%llu/%llu",
                           file.records, lenient.records, file.status, lenient.status,
                           (unsigned long long)file.err_line, (unsigned long long)lenient.err_line);
            }
            differential(data, len, &o, path);
            (void)close(fd);
        }
    }
    return 0;
}
