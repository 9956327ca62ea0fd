/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz_series.c - the series reader over arbitrary CSV bytes.
 *
 * Input: one option byte (header choice, duplicate times allowed, extra
 * lists), then the CSV body; a header naming the columns is prepended so
 * that most inputs reach the series logic. Each input is read in HOLD mode
 * and in AUTO mode (which streams, and restarts into hold mode when the rows
 * are not grouped), and in STREAM mode when AUTO never restarted. Checks:
 *  - no crash, leak or sanitizer report;
 *  - series invariants: n >= 1, times ascending, lines of tied times
 *    ascending, ordinals 0, 1, 2, ..., counts <= n, at most one restart;
 *  - errors carry their status, a line and a message;
 *  - HOLD and AUTO succeed or fail together and, when they succeed, yield
 *    identical series (keys, times, values, lines, counts, attributes);
 *  - STREAM equals AUTO on input AUTO found grouped.
 */
#include <math.h>
#include <string.h>

#include "fuzz_common.h"
#include "tandem.h"

typedef struct outcome {
    uint64_t digest;
    size_t series;
    int status;
    int restarts;
    int held;
} outcome;

static uint64_t digest_series(uint64_t h, const tdm_series *s, size_t n_num, size_t n_attr)
{
    h = fnv(h, s->key, s->key_len);
    h = fnv_u64(h, s->key_len);
    h = fnv_u64(h, s->n);
    h = fnv_u64(h, (uint64_t)s->time_kind);
    h = fnv(h, s->time, s->n * sizeof *s->time);
    h = fnv(h, s->line, s->n * sizeof *s->line);
    for (size_t k = 0; k < n_num; k++) {
        for (size_t i = 0; i < s->n; i++) {
            double v = s->num[k][i];
            /* NaN payloads are not part of the contract: fold them */
            h = fnv_u64(h, isnan(v) ? 1 : 0);
            if (!isnan(v)) {
                h = fnv(h, &v, sizeof v);
            }
        }
        h = fnv_u64(h, s->n_missing[k]);
        h = fnv_u64(h, s->n_suppressed[k]);
    }
    for (size_t a = 0; a < n_attr; a++) {
        if (s->attr[a] != NULL) {
            h = fnv(h, s->attr[a], strlen(s->attr[a]) + 1);
        }
        h = fnv_u64(h, s->attr_line[a]);
    }
    return h;
}

static void check_series(const tdm_series *s, size_t ordinal, size_t n_num, int allow_dup)
{
    FUZZ_CHECK(s->n >= 1, "empty series");
    FUZZ_CHECK(s->ordinal == ordinal, "ordinal %zu, expected %zu", s->ordinal, ordinal);
    FUZZ_CHECK(s->key[s->key_len] == '\0', "key not terminated");
    FUZZ_CHECK(s->time_kind == TDM_TIME_DATE || s->time_kind == TDM_TIME_INTEGER, "time kind");
    for (size_t i = 1; i < s->n; i++) {
        FUZZ_CHECK(s->time[i - 1] <= s->time[i], "times not ascending");
        if (s->time[i - 1] == s->time[i]) {
            FUZZ_CHECK(allow_dup, "duplicate time accepted");
            FUZZ_CHECK(s->line[i - 1] < s->line[i], "tie not in input order");
        }
    }
    for (size_t k = 0; k < n_num; k++) {
        size_t nan = 0;
        for (size_t i = 0; i < s->n; i++) {
            FUZZ_CHECK(!isinf(s->num[k][i]), "infinite value");
            nan += isnan(s->num[k][i]) != 0;
        }
        FUZZ_CHECK(s->n_missing[k] + s->n_suppressed[k] == nan, "counts %zu + %zu != %zu NaN",
                   s->n_missing[k], s->n_suppressed[k], nan);
    }
}

static void run(const char *text, size_t len, int mode, int allow_dup, int key, outcome *out)
{
    static const char *const nums[] = { "v", "w" };
    static const char *const attrs[] = { "a" };
    tdm_csv_reader *csv = NULL;
    tdm_series_reader *sr = NULL;
    tdm_series_spec spec;
    tdm_series s;
    tdm_error err;
    size_t ordinal = 0;
    int rc;
    memset(out, 0, sizeof *out);
    out->digest = FNV_INIT;
    tdm_series_spec_init(&spec);
    spec.key_column = key ? "k" : NULL;
    spec.time_column = "t";
    spec.num_columns = nums;
    spec.n_num = 2;
    spec.attr_columns = attrs;
    spec.n_attr = 1;
    spec.allow_duplicate_times = allow_dup;
    spec.mode = mode;
    rc = tdm_csv_reader_open_buffer(&csv, text, len, NULL, &err);
    if (rc == TDM_OK) {
        rc = tdm_series_reader_open(&sr, csv, &spec, &err);
        FUZZ_CHECK(rc == TDM_OK || sr == NULL, "handle left after a failed open");
    }
    while (rc == TDM_OK) {
        rc = tdm_series_reader_next(sr, &s, &err);
        if (rc == TDM_SERIES_RESTART) {
            FUZZ_CHECK(mode == TDM_SERIES_AUTO && out->restarts == 0, "unexpected restart");
            FUZZ_CHECK(tdm_series_reader_held(sr), "restarted but not held");
            out->restarts++;
            out->digest = FNV_INIT;
            out->series = 0;
            ordinal = 0;
            rc = TDM_OK;
        } else if (rc == 1) {
            check_series(&s, ordinal++, 2, allow_dup);
            out->digest = digest_series(out->digest, &s, 2, 1);
            out->series++;
            rc = TDM_OK;
        } else if (rc == 0) {
            FUZZ_CHECK(tdm_series_reader_next(sr, &s, &err) == 0, "end not sticky");
            break;
        }
    }
    if (rc < 0) {
        FUZZ_CHECK(err.status == rc, "err.status %d, returned %d", err.status, rc);
        FUZZ_CHECK(err.message[0] != '\0', "empty message");
        if (rc == TDM_EPARSE) {
            FUZZ_CHECK(err.line >= 1, "parse error without a line: %s", err.message);
        }
    }
    out->status = rc;
    out->held = sr != NULL && tdm_series_reader_held(sr);
    tdm_series_reader_free(sr);
    tdm_csv_reader_free(csv);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const headers[4] = { "k,t,v,w,a\n", "t,k,a,w,v\n", "t,v,w,a\n",
                                            "k,t,v,w,a,x\n" };
    static char text[1 << 16];
    outcome hold, autom, stream;
    size_t hl;
    int allow_dup, key;
    if (size < 1 || size > sizeof text - 16) {
        return 0;
    }
    hl = strlen(headers[data[0] & 3]);
    memcpy(text, headers[data[0] & 3], hl);
    memcpy(text + hl, data + 1, size - 1);
    key = (data[0] & 3) != 2;
    allow_dup = (data[0] >> 2) & 1;

    run(text, hl + size - 1, TDM_SERIES_HOLD, allow_dup, key, &hold);
    run(text, hl + size - 1, TDM_SERIES_AUTO, allow_dup, key, &autom);
    FUZZ_CHECK(hold.held && hold.restarts == 0, "hold mode");
    FUZZ_CHECK((hold.status == 0) == (autom.status == 0), "HOLD status %d, AUTO status %d",
               hold.status, autom.status);
    if (hold.status == 0) {
        FUZZ_CHECK(hold.series == autom.series && hold.digest == autom.digest,
                   "HOLD and AUTO differ: %zu / %zu series", hold.series, autom.series);
        FUZZ_CHECK(autom.held == (autom.restarts == 1), "held %d after %d restarts", autom.held,
                   autom.restarts);
    }
    if (autom.status == 0 && autom.restarts == 0) {
        run(text, hl + size - 1, TDM_SERIES_STREAM, allow_dup, key, &stream);
        FUZZ_CHECK(stream.status == 0 && stream.digest == autom.digest,
                   "STREAM differs from AUTO on grouped input: status %d", stream.status);
    }
    return 0;
}
