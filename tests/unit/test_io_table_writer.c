/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_io_table_writer.c - the streaming CSV/JSON table writer
 * (src/io/table_writer.c): RFC 4180 quoting, RFC 8259 string escaping,
 * every cell type in both formats, exact bytes, cell-count misuse, output
 * much larger than the internal buffer, and sinks that fail.
 *
 * Expected bytes are written out by hand from RFC 4180 / RFC 8259 and the
 * rules in tandem.h, or built independently with snprintf; random strings
 * are read back with the reference CSV parser (tests/support/csv_ref.c) and
 * with a small JSON string decoder written here.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csv_ref.h"
#include "tandem.h"

/* ---- sinks ---- */

typedef struct sink {
    char *p;
    size_t n, cap;
    size_t calls;
    size_t fail_at_call; /* 0: never fail; else fail this call (1-based) */
    int fail_status;
} sink;

static int sink_write(void *ctx, const void *buf, size_t len)
{
    sink *s = ctx;
    s->calls++;
    if (s->fail_at_call != 0 && s->calls >= s->fail_at_call) {
        return s->fail_status;
    }
    if (s->n + len + 1 > s->cap) {
        s->cap = (s->n + len + 1) * 2;
        s->p = realloc(s->p, s->cap);
        cr_assert_not_null(s->p);
    }
    memcpy(s->p + s->n, buf, len);
    s->n += len;
    s->p[s->n] = '\0';
    return 0;
}

static sink out;
static tdm_writer *w;

static void teardown(void)
{
    tdm_writer_free(w);
    w = NULL;
    free(out.p);
    memset(&out, 0, sizeof out);
}

TestSuite(io_table_writer, .fini = teardown);

static void open_writer(tdm_format fmt, const char *const *cols, size_t n)
{
    int rc = tdm_writer_open(&w, sink_write, &out, fmt, cols, n);
    cr_assert_eq(rc, TDM_OK);
}

static void ok(int rc)
{
    cr_assert_eq(rc, TDM_OK, "writer call failed: %d", rc);
}

static void expect_output(const char *want)
{
    cr_assert_eq(out.n, strlen(want), "got %zu bytes:\n%.*s\nexpected:\n%s", out.n, (int)out.n,
                 out.p ? out.p : "", want);
    cr_assert_eq(memcmp(out.p, want, out.n), 0, "got:\n%s\nexpected:\n%s", out.p, want);
}

static const char *const cols5[] = { "name", "value", "n", "ok", "note" };

/* The same two rows, through any format. */
static void write_two_rows(void)
{
    ok(tdm_writer_str(w, "a,b", 3));
    ok(tdm_writer_num(w, 1.5));
    ok(tdm_writer_int(w, -3));
    ok(tdm_writer_bool(w, 1));
    ok(tdm_writer_null(w));
    ok(tdm_writer_end_row(w));
    ok(tdm_writer_str(w, "say \"hi\"", 8));
    ok(tdm_writer_num(w, (double)NAN));
    ok(tdm_writer_int(w, INT64_MIN));
    ok(tdm_writer_bool(w, 0));
    ok(tdm_writer_str(w, "x\ny", 3));
    ok(tdm_writer_end_row(w));
    ok(tdm_writer_finish(w));
}

Test(io_table_writer, exact_csv_bytes)
{
    open_writer(TDM_FORMAT_CSV, cols5, 5);
    write_two_rows();
    expect_output("name,value,n,ok,note\n"
                  "\"a,b\",1.5,-3,TRUE,\n"
                  "\"say \"\"hi\"\"\",,-9223372036854775808,FALSE,\"x\ny\"\n");
}

Test(io_table_writer, exact_json_bytes)
{
    open_writer(TDM_FORMAT_JSON, cols5, 5);
    write_two_rows();
    expect_output("[\n"
                  "{\"name\":\"a,b\",\"value\":1.5,\"n\":-3,\"ok\":true,\"note\":null},\n"
                  "{\"name\":\"say \\\"hi\\\"\",\"value\":null,\"n\":-9223372036854775808,"
                  "\"ok\":false,\"note\":\"x\\ny\"}\n"
                  "]\n");
}

Test(io_table_writer, empty_tables)
{
    static const char *const c1[] = { "x" };
    open_writer(TDM_FORMAT_CSV, c1, 1);
    ok(tdm_writer_finish(w));
    expect_output("x\n");
    tdm_writer_free(w);
    w = NULL;
    out.n = 0;
    open_writer(TDM_FORMAT_JSON, c1, 1);
    ok(tdm_writer_finish(w));
    expect_output("[]\n");
}

Test(io_table_writer, csv_quoting)
{
    static const char *const c2[] = { "plain", "q" };
    open_writer(TDM_FORMAT_CSV, c2, 2);
    ok(tdm_writer_str(w, "has space", 9));
    ok(tdm_writer_str(w, "comma,", 6));
    ok(tdm_writer_end_row(w));
    ok(tdm_writer_str(w, "cr\r", 3));
    ok(tdm_writer_str(w, "\"", 1));
    ok(tdm_writer_end_row(w));
    ok(tdm_writer_str(w, "semi;tab\t", 9)); /* not special for a comma CSV */
    ok(tdm_writer_str(w, "", 0));
    ok(tdm_writer_end_row(w));
    ok(tdm_writer_finish(w));
    expect_output("plain,q\n"
                  "has space,\"comma,\"\n"
                  "\"cr\r\",\"\"\"\"\n"
                  "semi;tab\t,\n");
}

Test(io_table_writer, header_names_are_quoted_and_escaped)
{
    static const char *const c2[] = { "a,b", "say \"x\"" };
    open_writer(TDM_FORMAT_CSV, c2, 2);
    ok(tdm_writer_finish(w));
    expect_output("\"a,b\",\"say \"\"x\"\"\"\n");
    tdm_writer_free(w);
    w = NULL;
    out.n = 0;
    open_writer(TDM_FORMAT_JSON, c2, 2);
    ok(tdm_writer_int(w, 1));
    ok(tdm_writer_int(w, 2));
    ok(tdm_writer_end_row(w));
    ok(tdm_writer_finish(w));
    expect_output("[\n{\"a,b\":1,\"say \\\"x\\\"\":2}\n]\n");
}

Test(io_table_writer, json_escaping)
{
    static const char *const c1[] = { "s" };
    /* every control byte, quote, backslash, DEL and UTF-8 (two, three and
     * four byte sequences) */
    static const char in[] =
        "\x01\x08\t\n\x0b\x0c\r\x1f\"\\/\x7f\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80";
    open_writer(TDM_FORMAT_JSON, c1, 1);
    ok(tdm_writer_str(w, in, sizeof in - 1));
    ok(tdm_writer_end_row(w));
    ok(tdm_writer_str(w, "\0x", 2)); /* an embedded NUL */
    ok(tdm_writer_end_row(w));
    ok(tdm_writer_finish(w));
    expect_output("[\n{\"s\":\"\\u0001\\u0008\\t\\n\\u000b\\u000c\\r\\u001f\\\"\\\\/\x7f"
                  "\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80\"},\n"
                  "{\"s\":\"\\u0000x\"}\n]\n");
}

Test(io_table_writer, numbers_in_both_formats)
{
    static const char *const c8[] = { "a", "b", "c", "d", "e", "f", "g", "h" };
    const double v[8] = { 0.1,         1e21,       1e-7, -0.0, (double)INFINITY, -(double)INFINITY,
                          (double)NAN, 123456789.0 };
    open_writer(TDM_FORMAT_CSV, c8, 8);
    for (int i = 0; i < 8; i++) {
        ok(tdm_writer_num(w, v[i]));
    }
    ok(tdm_writer_end_row(w));
    ok(tdm_writer_int(w, INT64_MAX));
    ok(tdm_writer_int(w, 0));
    for (int i = 2; i < 8; i++) {
        ok(tdm_writer_null(w));
    }
    ok(tdm_writer_end_row(w));
    ok(tdm_writer_finish(w));
    expect_output("a,b,c,d,e,f,g,h\n"
                  "0.1,1e+21,1e-7,0,Inf,-Inf,,123456789\n"
                  "9223372036854775807,0,,,,,,\n");
    tdm_writer_free(w);
    w = NULL;
    out.n = 0;
    open_writer(TDM_FORMAT_JSON, c8, 8);
    for (int i = 0; i < 8; i++) {
        ok(tdm_writer_num(w, v[i]));
    }
    ok(tdm_writer_end_row(w));
    ok(tdm_writer_finish(w));
    /* JSON has no infinities: null, like NaN */
    expect_output("[\n{\"a\":0.1,\"b\":1e+21,\"c\":1e-7,\"d\":0,\"e\":null,\"f\":null,\"g\":null,"
                  "\"h\":123456789}\n]\n");
}

Test(io_table_writer, bool_any_nonzero_is_true)
{
    static const char *const c2[] = { "a", "b" };
    open_writer(TDM_FORMAT_JSON, c2, 2);
    ok(tdm_writer_bool(w, 42));
    ok(tdm_writer_bool(w, -1));
    ok(tdm_writer_end_row(w));
    ok(tdm_writer_finish(w));
    expect_output("[\n{\"a\":true,\"b\":true}\n]\n");
}

/* ---- misuse ---- */

Test(io_table_writer, open_rejects_bad_arguments)
{
    static const char *const c1[] = { "x" };
    cr_assert_eq(tdm_writer_open(&w, NULL, &out, TDM_FORMAT_CSV, c1, 1), TDM_EINVAL);
    cr_assert_null(w);
    cr_assert_eq(tdm_writer_open(&w, sink_write, &out, TDM_FORMAT_CSV, NULL, 1), TDM_EINVAL);
    cr_assert_eq(tdm_writer_open(&w, sink_write, &out, TDM_FORMAT_CSV, c1, 0), TDM_EINVAL);
    cr_assert_eq(tdm_writer_open(&w, sink_write, &out, (tdm_format)7, c1, 1), TDM_EINVAL);
    cr_assert_null(w);
    cr_assert_eq(out.calls, 0);
}

Test(io_table_writer, overlong_column_name_is_einval)
{
    /* Regression: a name longer than the 256 KiB buffer was flushed to the
     * sink while open() rendered it, ahead of the header line ("NNN...a,"
     * instead of "a,NNN..."). Such names are now refused up front; names up
     * to the documented 43690 bytes are written exactly, even fully escaped. */
    size_t n = 300000;
    char *big = malloc(n + 1);
    const char *cols[2] = { "a", big };
    cr_assert_not_null(big);
    memset(big, 'N', n);
    big[n] = '\0';
    cr_assert_eq(tdm_writer_open(&w, sink_write, &out, TDM_FORMAT_CSV, cols, 2), TDM_EINVAL);
    cr_assert_null(w);
    cr_assert_eq(out.calls, 0, "nothing reaches the sink");
    big[43690] = '\0';
    memset(big, '\x01', 43690); /* the worst case: every byte becomes \u0001 */
    open_writer(TDM_FORMAT_JSON, cols, 2);
    cr_assert_eq(out.calls, 0);
    ok(tdm_writer_int(w, 1));
    ok(tdm_writer_int(w, 2));
    ok(tdm_writer_end_row(w));
    ok(tdm_writer_finish(w));
    cr_assert_eq(out.n, strlen("[\n{\"a\":1,\"\":2}\n]\n") + 6 * (size_t)43690);
    cr_assert_eq(memcmp(out.p, "[\n{\"a\":1,\"\\u0001", 13), 0);
    tdm_writer_free(w);
    w = NULL;
    big[43691] = '\0';
    big[43690] = 'x';
    cr_assert_eq(tdm_writer_open(&w, sink_write, &out, TDM_FORMAT_CSV, cols, 2), TDM_EINVAL);
    cols[1] = NULL;
    cr_assert_eq(tdm_writer_open(&w, sink_write, &out, TDM_FORMAT_CSV, cols, 2), TDM_EINVAL);
    free(big);
}

Test(io_table_writer, too_many_cells_is_einval_and_sticky)
{
    static const char *const c2[] = { "a", "b" };
    open_writer(TDM_FORMAT_CSV, c2, 2);
    ok(tdm_writer_int(w, 1));
    ok(tdm_writer_int(w, 2));
    cr_assert_eq(tdm_writer_int(w, 3), TDM_EINVAL);
    cr_assert_eq(tdm_writer_end_row(w), TDM_EINVAL);
    cr_assert_eq(tdm_writer_finish(w), TDM_EINVAL);
}

Test(io_table_writer, too_few_cells_is_einval)
{
    static const char *const c2[] = { "a", "b" };
    open_writer(TDM_FORMAT_JSON, c2, 2);
    ok(tdm_writer_int(w, 1));
    cr_assert_eq(tdm_writer_end_row(w), TDM_EINVAL);
    cr_assert_eq(tdm_writer_str(w, "x", 1), TDM_EINVAL);
}

Test(io_table_writer, finish_inside_a_row_is_einval)
{
    static const char *const c2[] = { "a", "b" };
    open_writer(TDM_FORMAT_CSV, c2, 2);
    ok(tdm_writer_int(w, 1));
    cr_assert_eq(tdm_writer_finish(w), TDM_EINVAL);
}

Test(io_table_writer, free_null_is_a_no_op)
{
    tdm_writer_free(NULL);
    cr_assert_null(w);
}

/* ---- large output ---- */

Test(io_table_writer, large_output_is_flushed_in_pieces, .timeout = 60)
{
    /* About 4 MB: the 256 KiB buffer is handed to the sink many times, and
     * the bytes must be exactly the snprintf rendering of every row. */
    enum { ROWS = 200000 };
    static const char *const c3[] = { "i", "half", "label" };
    char *want = malloc((size_t)ROWS * 48 + 64);
    size_t o;
    cr_assert_not_null(want);
    o = (size_t)sprintf(want, "i,half,label\n");
    open_writer(TDM_FORMAT_CSV, c3, 3);
    for (int i = 0; i < ROWS; i++) {
        char label[24];
        int n = snprintf(label, sizeof label, "row %d", i);
        ok(tdm_writer_int(w, i));
        ok(tdm_writer_num(w, i + 0.5));
        ok(tdm_writer_str(w, label, (size_t)n));
        ok(tdm_writer_end_row(w));
        o += (size_t)sprintf(want + o, "%d,%d.5,row %d\n", i, i, i);
    }
    ok(tdm_writer_finish(w));
    cr_assert_gt(out.calls, o / (256 << 10), "the sink was called %zu times", out.calls);
    cr_assert_eq(out.n, o);
    cr_assert_eq(memcmp(out.p, want, o), 0);
    free(want);
}

Test(io_table_writer, cells_larger_than_the_buffer)
{
    /* A plain cell longer than the buffer goes straight to the sink; a
     * quoted one is copied through the buffer byte by byte. */
    static const char *const c2[] = { "a", "b" };
    size_t big = (size_t)600 << 10;
    char *s = malloc(big);
    size_t quotes = 0;
    cr_assert_not_null(s);
    for (size_t i = 0; i < big; i++) {
        s[i] = (char)('a' + i % 26);
    }
    open_writer(TDM_FORMAT_CSV, c2, 2);
    ok(tdm_writer_str(w, s, big));
    s[big / 2] = '"';
    ok(tdm_writer_str(w, s, big));
    ok(tdm_writer_end_row(w));
    ok(tdm_writer_finish(w));
    cr_assert_eq(out.n, 4 + big + 1 + big + 3 + 1);
    cr_assert_eq(memcmp(out.p + 4, s, big / 2), 0);
    cr_assert_eq(out.p[4 + big], ',');
    cr_assert_eq(out.p[4 + big + 1], '"');
    for (size_t i = 0; i < out.n; i++) {
        quotes += out.p[i] == '"';
    }
    cr_assert_eq(quotes, 4); /* the enclosing pair and one doubled quote */
    free(s);
}

/* ---- failing sinks ---- */

static void write_rows_until_error(int expect_status)
{
    int rc = TDM_OK;
    int i;
    for (i = 0; i < 100000 && rc == TDM_OK; i++) {
        rc = tdm_writer_str(w, "abcdefghijklmnopqrstuvwxyz", 26);
        if (rc == TDM_OK) {
            rc = tdm_writer_num(w, i * 0.25);
        }
        if (rc == TDM_OK) {
            rc = tdm_writer_end_row(w);
        }
    }
    cr_assert_eq(rc, expect_status, "got %d after %d rows", rc, i);
}

Test(io_table_writer, failing_sink_error_propagates_and_sticks)
{
    static const char *const c2[] = { "s", "x" };
    size_t calls;
    out.fail_at_call = 3;
    out.fail_status = TDM_EIO;
    open_writer(TDM_FORMAT_CSV, c2, 2);
    write_rows_until_error(TDM_EIO);
    calls = out.calls;
    cr_assert_eq(calls, 3);
    /* every later call reports the same error and never reaches the sink */
    cr_assert_eq(tdm_writer_str(w, "x", 1), TDM_EIO);
    cr_assert_eq(tdm_writer_num(w, 1.0), TDM_EIO);
    cr_assert_eq(tdm_writer_num(w, (double)NAN), TDM_EIO);
    cr_assert_eq(tdm_writer_int(w, 1), TDM_EIO);
    cr_assert_eq(tdm_writer_bool(w, 1), TDM_EIO);
    cr_assert_eq(tdm_writer_null(w), TDM_EIO);
    cr_assert_eq(tdm_writer_end_row(w), TDM_EIO);
    cr_assert_eq(tdm_writer_finish(w), TDM_EIO);
    cr_assert_eq(out.calls, calls);
    /* two (nearly) full buffers reached the sink before the failure */
    cr_assert(out.n > (size_t)2 * ((256 << 10) - 64) && out.n <= (size_t)2 * (256 << 10), "%zu",
              out.n);
}

Test(io_table_writer, failing_sink_json_and_on_finish)
{
    static const char *const c2[] = { "s", "x" };
    out.fail_at_call = 1;
    out.fail_status = TDM_EIO;
    open_writer(TDM_FORMAT_JSON, c2, 2);
    ok(tdm_writer_str(w, "small", 5)); /* buffered: the sink is not called yet */
    ok(tdm_writer_num(w, 2.0));
    ok(tdm_writer_end_row(w));
    cr_assert_eq(tdm_writer_finish(w), TDM_EIO);
    cr_assert_eq(tdm_writer_finish(w), TDM_EIO);
    cr_assert_eq(out.calls, 1);
}

Test(io_table_writer, failing_sink_during_a_large_direct_write)
{
    static const char *const c1[] = { "s", "t" };
    size_t big = (size_t)300 << 10;
    char *s = malloc(big);
    cr_assert_not_null(s);
    memset(s, 'q', big);
    out.fail_at_call = 2; /* the header flush succeeds, the direct write fails */
    out.fail_status = TDM_EIO;
    open_writer(TDM_FORMAT_CSV, c1, 2);
    cr_assert_eq(tdm_writer_str(w, s, big), TDM_EIO);
    cr_assert_eq(tdm_writer_str(w, "x", 1), TDM_EIO);
    cr_assert_eq(tdm_writer_finish(w), TDM_EIO);
    cr_assert_eq(out.calls, 2);
    free(s);
}

/* ---- random round trips ---- */

static uint64_t rng_state;
static uint64_t rnd(void)
{
    uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

/* Random text: ASCII including every control byte, quotes, backslashes,
 * delimiters, and valid multi-byte UTF-8. */
static size_t random_text(char *s, size_t max)
{
    static const char *const utf8[] = { "\xC3\xA9", "\xE2\x82\xAC", "\xF0\x9F\x98\x80",
                                        "\xC2\xA0" };
    size_t n = 0;
    size_t len = (size_t)(rnd() % (max / 4));
    for (size_t i = 0; i < len; i++) {
        uint64_t r = rnd() % 10;
        if (r < 6) {
            s[n++] = (char)(rnd() % 128);
        } else if (r < 8) {
            s[n++] = "\",\\\n\r"[rnd() % 5];
        } else {
            const char *u = utf8[rnd() % 4];
            size_t k = strlen(u);
            memcpy(s + n, u, k);
            n += k;
        }
    }
    return n;
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

/* Decode the JSON string literal at *p (RFC 8259, section 7) into out; the
 * writer only ever emits \u00XX, so code points above 0x7f via \u are not
 * expected. @return decoded length; *p moves past the closing quote. */
static size_t json_string(const char **p, char *dst)
{
    const char *s = *p;
    size_t n = 0;
    cr_assert_eq(*s, '"');
    for (s++; *s != '"'; s++) {
        cr_assert((unsigned char)*s >= 0x20, "raw control byte 0x%02x in JSON", *s);
        if (*s != '\\') {
            dst[n++] = *s;
            continue;
        }
        s++;
        switch (*s) {
        case '"':
        case '\\':
        case '/':
            dst[n++] = *s;
            break;
        case 'b':
            dst[n++] = '\b';
            break;
        case 'f':
            dst[n++] = '\f';
            break;
        case 'n':
            dst[n++] = '\n';
            break;
        case 'r':
            dst[n++] = '\r';
            break;
        case 't':
            dst[n++] = '\t';
            break;
        case 'u': {
            int v = 0;
            for (int k = 1; k <= 4; k++) {
                int h = hexval(s[k]);
                cr_assert(h >= 0, "bad \\u escape");
                v = v * 16 + h;
            }
            cr_assert_lt(v, 0x80);
            dst[n++] = (char)v;
            s += 4;
            break;
        }
        default:
            cr_assert_fail("invalid escape \\%c", *s);
        }
    }
    *p = s + 1;
    return n;
}

Test(io_table_writer, random_strings_round_trip_through_csv_and_json)
{
    enum { ROWS = 300 };
    static const char *const c2[] = { "a", "b" };
    static char text[ROWS][2][256];
    static size_t len[ROWS][2];
    csv_ref ref;
    const char *p;
    rng_state = 5;
    for (int i = 0; i < ROWS; i++) {
        len[i][0] = random_text(text[i][0], 200);
        len[i][1] = random_text(text[i][1], 200);
    }
    /* CSV: read back with the reference parser */
    open_writer(TDM_FORMAT_CSV, c2, 2);
    for (int i = 0; i < ROWS; i++) {
        ok(tdm_writer_str(w, text[i][0], len[i][0]));
        ok(tdm_writer_str(w, text[i][1], len[i][1]));
        ok(tdm_writer_end_row(w));
    }
    ok(tdm_writer_finish(w));
    cr_assert_eq(csv_ref_parse(&ref, out.p, out.n, ','), CSV_REF_OK,
                 "writer output is not RFC 4180");
    cr_assert_eq(ref.n_recs, ROWS + 1);
    for (int i = 0; i < ROWS; i++) {
        for (int j = 0; j < 2; j++) {
            const csv_ref_field *f = csv_ref_get(&ref, (size_t)i + 1, (size_t)j);
            cr_assert_eq(ref.recs[i + 1].n, 2);
            cr_assert_eq(f->len, len[i][j], "row %d col %d", i, j);
            cr_assert_eq(memcmp(ref.text + f->off, text[i][j], f->len), 0, "row %d col %d", i, j);
        }
    }
    csv_ref_free(&ref);
    /* JSON: decode every value */
    tdm_writer_free(w);
    w = NULL;
    out.n = 0;
    open_writer(TDM_FORMAT_JSON, c2, 2);
    for (int i = 0; i < ROWS; i++) {
        ok(tdm_writer_str(w, text[i][0], len[i][0]));
        ok(tdm_writer_str(w, text[i][1], len[i][1]));
        ok(tdm_writer_end_row(w));
    }
    ok(tdm_writer_finish(w));
    p = out.p;
    cr_assert_eq(strncmp(p, "[\n", 2), 0);
    p += 2;
    for (int i = 0; i < ROWS; i++) {
        char buf[256];
        size_t n;
        cr_assert_eq(strncmp(p, "{\"a\":", 5), 0, "row %d", i);
        p += 5;
        n = json_string(&p, buf);
        cr_assert(n == len[i][0] && memcmp(buf, text[i][0], n) == 0, "row %d col a", i);
        cr_assert_eq(strncmp(p, ",\"b\":", 5), 0, "row %d", i);
        p += 5;
        n = json_string(&p, buf);
        cr_assert(n == len[i][1] && memcmp(buf, text[i][1], n) == 0, "row %d col b", i);
        cr_assert_eq(*p++, '}');
        cr_assert_eq(strncmp(p, i + 1 < ROWS ? ",\n" : "\n]\n", i + 1 < ROWS ? 2 : 3), 0);
        p += 2;
    }
}

Test(io_table_writer, random_numbers_round_trip)
{
    static const char *const c2[] = { "x", "y" };
    enum { ROWS = 5000 };
    static double v[ROWS][2];
    csv_ref ref;
    rng_state = 11;
    for (int i = 0; i < ROWS; i++) {
        for (int j = 0; j < 2; j++) {
            uint64_t u = rnd();
            memcpy(&v[i][j], &u, sizeof u);
            if (!isfinite(v[i][j])) {
                v[i][j] = (double)(int64_t)u / 1024.0;
            }
        }
    }
    open_writer(TDM_FORMAT_CSV, c2, 2);
    for (int i = 0; i < ROWS; i++) {
        ok(tdm_writer_num(w, v[i][0]));
        ok(tdm_writer_num(w, v[i][1]));
        ok(tdm_writer_end_row(w));
    }
    ok(tdm_writer_finish(w));
    cr_assert_eq(csv_ref_parse(&ref, out.p, out.n, ','), CSV_REF_OK);
    for (int i = 0; i < ROWS; i++) {
        for (int j = 0; j < 2; j++) {
            const csv_ref_field *f = csv_ref_get(&ref, (size_t)i + 1, (size_t)j);
            char buf[64];
            double back;
            cr_assert_lt(f->len, sizeof buf);
            memcpy(buf, ref.text + f->off, f->len);
            buf[f->len] = '\0';
            back = strtod(buf, NULL);
            cr_assert(back == v[i][j] || (back == 0 && v[i][j] == 0), "%a -> %s", v[i][j], buf);
        }
    }
    csv_ref_free(&ref);
}

/* A one-column table writes an empty cell as "" so the row survives a read
 * back (a blank line would be skipped by every CSV reader, tandem's too). */
Test(io_table_writer, one_column_empty_cell_round_trips)
{
    static const char *const cols[1] = { "v" };
    tdm_csv_reader *r = NULL;
    tdm_csv_record rec;
    int n = 0;
    open_writer(TDM_FORMAT_CSV, cols, 1);
    ok(tdm_writer_str(w, "a", 1));
    ok(tdm_writer_end_row(w));
    ok(tdm_writer_null(w));
    ok(tdm_writer_end_row(w));
    ok(tdm_writer_str(w, "", 0));
    ok(tdm_writer_end_row(w));
    ok(tdm_writer_finish(w));
    expect_output("v\na\n\"\"\n\"\"\n");
    cr_assert_eq(tdm_csv_reader_open_buffer(&r, out.p, out.n, NULL, NULL), TDM_OK);
    while (tdm_csv_reader_next(r, &rec, NULL) == 1) {
        n++;
    }
    cr_assert_eq(n, 3);
    tdm_csv_reader_free(r);
}
