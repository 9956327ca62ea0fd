/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_io_csv_reader.c - the streaming RFC 4180 reader (src/io/csv_reader.c):
 * every dialect case of conventions section 6, error positions, options and
 * limits, rewinding, and large inputs read through a file and a pipe.
 *
 * Expected values are written out by hand from RFC 4180 and the dialect in
 * tandem.h, or come from the independent byte-at-a-time parser in
 * tests/support/csv_ref.c (via csv_check), never from the reader itself.
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "csv_check.h"
#include "csv_ref.h"
#include "tandem.h"

/* ---- helpers ---- */

static tdm_csv_reader *rd;
static tdm_csv_record rec;
static tdm_error err;
static char tmp_path[64];

static void teardown(void)
{
    tdm_csv_reader_free(rd);
    rd = NULL;
    if (tmp_path[0] != '\0') {
        (void)unlink(tmp_path);
        tmp_path[0] = '\0';
    }
}

TestSuite(io_csv_reader, .fini = teardown);

static tdm_csv_options opts(void)
{
    tdm_csv_options o;
    tdm_csv_options_init(&o);
    return o;
}

/* Open a buffer reader; the test fails if that does not succeed. */
static void open_buf(const char *s, size_t len, const tdm_csv_options *o)
{
    int rc = tdm_csv_reader_open_buffer(&rd, s, len, o, &err);
    cr_assert_eq(rc, TDM_OK, "open: %d %s", rc, err.message);
}

#define OPEN(lit, o) open_buf((lit), sizeof(lit) - 1, (o))

/* Next record must exist with these fields (NULL-terminated list). */
static void expect_record(uint64_t line, const char *const *want)
{
    size_t n = 0;
    int rc = tdm_csv_reader_next(rd, &rec, &err);
    cr_assert_eq(rc, 1, "expected a record at line %llu, got %d: %s", (unsigned long long)line, rc,
                 err.message);
    while (want[n] != NULL) {
        n++;
    }
    cr_assert_eq(rec.line, line, "record line %llu, expected %llu", (unsigned long long)rec.line,
                 (unsigned long long)line);
    cr_assert_eq(rec.n_fields, n, "line %llu: %zu fields, expected %zu", (unsigned long long)line,
                 rec.n_fields, n);
    for (size_t i = 0; i < n; i++) {
        size_t len = strlen(want[i]);
        cr_assert(rec.fields[i].len == len && memcmp(rec.fields[i].ptr, want[i], len) == 0,
                  "line %llu field %zu: got \"%.*s\", expected \"%s\"", (unsigned long long)line,
                  i + 1, (int)rec.fields[i].len, rec.fields[i].ptr, want[i]);
    }
}

#define REC(line, ...) expect_record((line), (const char *const[]){ __VA_ARGS__, NULL })

static void expect_end(void)
{
    int rc = tdm_csv_reader_next(rd, &rec, &err);
    cr_assert_eq(rc, 0, "expected the end of input, got %d: %s", rc, err.message);
}

static void expect_error(int status, uint64_t line, uint32_t field)
{
    int rc = tdm_csv_reader_next(rd, &rec, &err);
    cr_assert_eq(rc, status, "expected status %d, got %d: %s", status, rc, err.message);
    cr_assert_eq(err.status, status);
    cr_assert_eq(err.line, line, "error line %llu, expected %llu (%s)",
                 (unsigned long long)err.line, (unsigned long long)line, err.message);
    cr_assert_eq(err.field, field, "error field %u, expected %u (%s)", err.field, field,
                 err.message);
}

static void write_file(const char *data, size_t len)
{
    int fd;
    const char *dir = getenv("TMPDIR");
    (void)snprintf(tmp_path, sizeof tmp_path, "%s/tdm-csv-XXXXXX",
                   dir != NULL && strlen(dir) < 40 ? dir : "/tmp");
    fd = mkstemp(tmp_path);
    cr_assert(fd >= 0, "mkstemp: %s", strerror(errno));
    for (size_t o = 0; o < len;) {
        ssize_t w = write(fd, data + o, len - o);
        cr_assert(w > 0, "write: %s", strerror(errno));
        o += (size_t)w;
    }
    cr_assert_eq(close(fd), 0);
}

static void check_same(const char *data, size_t len, const tdm_csv_options *o, const char *path)
{
    char msg[256];
    int rc = csv_check(data, len, o, path, msg, sizeof msg);
    cr_assert_eq(rc, CSV_CHECK_AGREED, "%s: %s", path ? path : "<buffer>",
                 rc == CSV_CHECK_SKIPPED ? "input not well-formed" : msg);
}

/* ---- dialect ---- */

Test(io_csv_reader, plain_records_and_header)
{
    const tdm_csv_field *h;
    size_t n;
    OPEN("a,b,c\n1,2,3\n4,5,6\n", NULL);
    h = tdm_csv_reader_header(rd, &n);
    cr_assert_eq(n, 3);
    cr_assert(h[0].len == 1 && h[0].ptr[0] == 'a' && h[2].ptr[0] == 'c');
    REC(2, "1", "2", "3");
    cr_assert_eq(rec.index, 1);
    cr_assert_eq(rec.fields[0].flags, 0u);
    REC(3, "4", "5", "6");
    cr_assert_eq(rec.index, 2);
    expect_end();
    expect_end(); /* the end is sticky */
    cr_assert_str_eq(tdm_csv_reader_name(rd), "<buffer>");
}

Test(io_csv_reader, quoted_fields_and_escaped_quotes)
{
    OPEN("x,y\n\"plain\",\"say \"\"hi\"\"\"\n\"\",\"\"\"\"\n", NULL);
    REC(2, "plain", "say \"hi\"");
    cr_assert_eq(rec.fields[0].flags & TDM_CSV_FIELD_QUOTED, TDM_CSV_FIELD_QUOTED);
    cr_assert_eq(rec.fields[1].flags & TDM_CSV_FIELD_QUOTED, TDM_CSV_FIELD_QUOTED);
    REC(3, "", "\""); /* "" is an empty quoted field; """" is one quote */
    expect_end();
}

Test(io_csv_reader, quoted_delimiters_and_newlines_keep_line_numbers)
{
    OPEN("k,v\n\"a,b\",\"line1\nline2\nline3\"\nnext,\"x\r\ny\"\nlast,1\n", NULL);
    REC(2, "a,b", "line1\nline2\nline3");
    REC(5, "next", "x\r\ny"); /* the record after three physical lines starts on line 5 */
    REC(7, "last", "1");
    expect_end();
}

Test(io_csv_reader, crlf_line_ends)
{
    OPEN("a,b\r\n1,2\r\n\"q\",\"r\"\r\n3,\r\n", NULL);
    REC(2, "1", "2");
    REC(3, "q", "r");
    REC(4, "3", "");
    expect_end();
}

Test(io_csv_reader, utf8_bom_is_skipped)
{
    const tdm_csv_field *h;
    size_t n;
    OPEN("\xEF\xBB\xBFname,v\n\xC3\xA9,1\n", NULL);
    h = tdm_csv_reader_header(rd, &n);
    cr_assert_eq(n, 2);
    cr_assert(h[0].len == 4 && memcmp(h[0].ptr, "name", 4) == 0);
    REC(2, "\xC3\xA9", "1"); /* UTF-8 data passes through untouched */
    expect_end();
}

Test(io_csv_reader, bom_only_at_the_start)
{
    OPEN("a\n\xEF\xBB\xBFx\n", NULL);
    REC(2, "\xEF\xBB\xBFx");
    expect_end();
}

Test(io_csv_reader, blank_lines_are_skipped_but_counted)
{
    /* Regression: a record after blank lines reported the line of the first
     * blank line (the line was taken before the blank lines were skipped). */
    OPEN("\n\na,b\n\n1,2\r\n\r\n\n3,4\n\n", NULL);
    REC(5, "1", "2");
    REC(8, "3", "4");
    expect_end();
}

Test(io_csv_reader, last_line_without_newline)
{
    OPEN("a,b\n1,2\n3,4", NULL);
    REC(2, "1", "2");
    REC(3, "3", "4");
    expect_end();
}

Test(io_csv_reader, last_quoted_field_without_newline)
{
    OPEN("a,b\n1,\"x\ny\"", NULL);
    REC(2, "1", "x\ny");
    expect_end();
}

Test(io_csv_reader, empty_fields_and_trailing_delimiter)
{
    OPEN("a,b,c\n,,\n1,,\n,,3\n", NULL);
    REC(2, "", "", "");
    REC(3, "1", "", "");
    REC(4, "", "", "3");
    expect_end();
}

Test(io_csv_reader, trailing_delimiter_at_end_of_input)
{
    OPEN("a,b\n1,", NULL);
    REC(2, "1", "");
    expect_end();
}

Test(io_csv_reader, tab_delimiter)
{
    tdm_csv_options o = opts();
    o.delimiter = '\t';
    OPEN("a\tb\n1,5\t\"x\ty\"\n", &o);
    REC(2, "1,5", "x\ty"); /* the comma is data in a TSV */
    expect_end();
}

Test(io_csv_reader, semicolon_delimiter)
{
    tdm_csv_options o = opts();
    o.delimiter = ';';
    OPEN("a;b\n1,5;\"2;3\"\n", &o);
    REC(2, "1,5", "2;3");
    expect_end();
}

Test(io_csv_reader, no_header_option)
{
    size_t n = 9;
    tdm_csv_options o = opts();
    o.header = 0;
    OPEN("1,2\n3,4\n", &o);
    cr_assert_null(tdm_csv_reader_header(rd, &n));
    cr_assert_eq(n, 0);
    REC(1, "1", "2");
    cr_assert_eq(rec.index, 1);
    REC(2, "3", "4");
    expect_end();
}

Test(io_csv_reader, nul_bytes_are_data)
{
    static const char data[] = "a,b\nx\0y,\"p\0q\"\n";
    open_buf(data, sizeof data - 1, NULL);
    cr_assert_eq(tdm_csv_reader_next(rd, &rec, &err), 1);
    cr_assert_eq(rec.fields[0].len, 3);
    cr_assert_eq(memcmp(rec.fields[0].ptr, "x\0y", 3), 0);
    cr_assert_eq(rec.fields[1].len, 3);
    cr_assert_eq(memcmp(rec.fields[1].ptr, "p\0q", 3), 0);
}

/* ---- header lookup ---- */

Test(io_csv_reader, column_lookup_exact_and_case_sensitive)
{
    size_t idx = 99;
    OPEN("org,Period,value\n", NULL);
    cr_assert_eq(tdm_csv_reader_column(rd, "value", &idx, &err), TDM_OK);
    cr_assert_eq(idx, 2);
    cr_assert_eq(tdm_csv_reader_column(rd, "Period", &idx, &err), TDM_OK);
    cr_assert_eq(idx, 1);
    cr_assert_eq(tdm_csv_reader_column(rd, "period", &idx, &err), TDM_ENOTFOUND);
}

Test(io_csv_reader, column_lookup_suggests_a_near_match)
{
    size_t idx;
    OPEN("org,period,value\n", NULL);
    cr_assert_eq(tdm_csv_reader_column(rd, "valeu", &idx, &err), TDM_ENOTFOUND);
    cr_assert_eq(err.status, TDM_ENOTFOUND);
    cr_assert(strstr(err.message, "no column \"valeu\"") != NULL, "%s", err.message);
    cr_assert(strstr(err.message, "did you mean \"value\"?") != NULL, "%s", err.message);
}

Test(io_csv_reader, column_lookup_lists_the_columns)
{
    size_t idx;
    OPEN("org,period,value\n", NULL);
    cr_assert_eq(tdm_csv_reader_column(rd, "denominator", &idx, &err), TDM_ENOTFOUND);
    cr_assert(strstr(err.message, "(columns: org, period, value)") != NULL, "%s", err.message);
}

Test(io_csv_reader, column_list_is_shortened_when_long)
{
    char data[2048];
    size_t o = 0;
    size_t idx;
    for (int i = 0; i < 60; i++) {
        o += (size_t)snprintf(data + o, sizeof data - o, "%scolumn_number_%02d", i ? "," : "", i);
    }
    data[o++] = '\n';
    open_buf(data, o, NULL);
    cr_assert_eq(tdm_csv_reader_column(rd, "zzz", &idx, &err), TDM_ENOTFOUND);
    cr_assert(strstr(err.message, "...") != NULL, "%s", err.message);
    cr_assert(strlen(err.message) < sizeof err.message);
}

Test(io_csv_reader, column_lookup_without_header_is_einval)
{
    size_t idx;
    tdm_csv_options o = opts();
    o.header = 0;
    OPEN("a,b\n", &o);
    cr_assert_eq(tdm_csv_reader_column(rd, "a", &idx, &err), TDM_EINVAL);
}

/* ---- errors with exact positions ---- */

Test(io_csv_reader, ragged_short_record)
{
    OPEN("a,b,c\n1,2,3\n4,5\n", NULL);
    REC(2, "1", "2", "3");
    expect_error(TDM_EPARSE, 3, 3); /* field 3 is the first one missing */
    cr_assert(strstr(err.message, "line 3") != NULL, "%s", err.message);
    cr_assert(strstr(err.message, "expected 3 fields, found 2") != NULL, "%s", err.message);
}

Test(io_csv_reader, ragged_long_record)
{
    OPEN("a,b\n\"x\ny\",2\n4,5,6\n", NULL);
    REC(2, "x\ny", "2");
    expect_error(TDM_EPARSE, 4, 3); /* field 3 is the first one too many */
}

Test(io_csv_reader, reader_is_done_after_an_error)
{
    OPEN("a,b\n1\n2,3\n", NULL);
    expect_error(TDM_EPARSE, 2, 2);
    cr_assert_eq(tdm_csv_reader_next(rd, &rec, &err), TDM_EINVAL);
}

Test(io_csv_reader, unterminated_quote)
{
    OPEN("a,b\n1,2\n3,\"open\nstill open\n", NULL);
    REC(2, "1", "2");
    expect_error(TDM_EPARSE, 3, 2);
    cr_assert(strstr(err.message, "unterminated") != NULL, "%s", err.message);
}

Test(io_csv_reader, unterminated_quote_after_quoted_newlines)
{
    /* the quote that never closes is on line 4 (two quoted newlines before) */
    OPEN("a,b\n\"1\n\n\",\"x\ny\nz", NULL);
    expect_error(TDM_EPARSE, 4, 2);
}

Test(io_csv_reader, stray_text_after_closing_quote_is_an_error)
{
    OPEN("a,b,c\n1,\"ab\"c,3\n", NULL);
    expect_error(TDM_EPARSE, 2, 2);
    cr_assert(strstr(err.message, "after closing quote") != NULL, "%s", err.message);
}

Test(io_csv_reader, stray_quote_error_line_after_quoted_newline)
{
    /* the closing quote of field 1 is on line 3; the stray x follows it */
    OPEN("a,b\n\"p\nq\nr\"x,1\n", NULL);
    expect_error(TDM_EPARSE, 4, 1);
}

Test(io_csv_reader, quote_inside_unquoted_field_is_an_error)
{
    OPEN("a,b\n1,2\n3,4\"5\n", NULL);
    REC(2, "1", "2");
    expect_error(TDM_EPARSE, 3, 2);
    cr_assert(strstr(err.message, "quote inside an unquoted field") != NULL, "%s", err.message);
}

Test(io_csv_reader, lenient_quotes_keep_stray_text)
{
    tdm_csv_options o = opts();
    o.lenient_quotes = 1;
    OPEN("a,b,c\n1,\"ab\"c,3\n12\" screen,x\"y,\"q\"\r\n", &o);
    REC(2, "1", "abc", "3");
    REC(3, "12\" screen", "x\"y", "q");
    expect_end();
}

Test(io_csv_reader, lenient_quotes_stray_text_at_end_of_line)
{
    tdm_csv_options o = opts();
    o.lenient_quotes = 1;
    OPEN("a,b\n1,\"ab\"cd\r\n2,\"\"\"x\"\"\"y\n", &o);
    REC(2, "1", "abcd");
    REC(3, "2", "\"x\"y");
    expect_end();
}

Test(io_csv_reader, ragged_pad_fills_short_records)
{
    tdm_csv_options o = opts();
    o.ragged = TDM_CSV_RAGGED_PAD;
    OPEN("a,b,c\n1\n2,3\n4,5,6\n", &o);
    REC(2, "1", "", "");
    REC(3, "2", "3", "");
    REC(4, "4", "5", "6");
    expect_end();
}

Test(io_csv_reader, ragged_pad_still_rejects_long_records)
{
    tdm_csv_options o = opts();
    o.ragged = TDM_CSV_RAGGED_PAD;
    OPEN("a,b\n1,2,3\n", &o);
    expect_error(TDM_EPARSE, 2, 3);
}

Test(io_csv_reader, empty_input)
{
    tdm_csv_options o = opts();
    cr_assert_eq(tdm_csv_reader_open_buffer(&rd, "", 0, NULL, &err), TDM_EPARSE);
    cr_assert_null(rd);
    cr_assert(strstr(err.message, "empty input") != NULL, "%s", err.message);
    cr_assert_eq(tdm_csv_reader_open_buffer(&rd, "\n\r\n\n", 4, NULL, &err), TDM_EPARSE);
    o.header = 0;
    OPEN("", &o);
    expect_end();
}

Test(io_csv_reader, invalid_options)
{
    tdm_csv_options o = opts();
    o.delimiter = '"';
    cr_assert_eq(tdm_csv_reader_open_buffer(&rd, "a\n", 2, &o, &err), TDM_EINVAL);
    cr_assert_null(rd);
    o.delimiter = '\n';
    cr_assert_eq(tdm_csv_reader_open_buffer(&rd, "a\n", 2, &o, &err), TDM_EINVAL);
    o = opts();
    o.max_fields = 0;
    cr_assert_eq(tdm_csv_reader_open_buffer(&rd, "a\n", 2, &o, &err), TDM_EINVAL);
    o = opts();
    o.max_record_bytes = 4;
    cr_assert_eq(tdm_csv_reader_open_buffer(&rd, "a\n", 2, &o, &err), TDM_EINVAL);
}

/* ---- limits ---- */

Test(io_csv_reader, max_fields_exactly_enforced)
{
    /* Regression: the limit was checked only when the field array grew
     * (16, 32, ...), so max_fields = 20 let records of up to 32 fields in. */
    static const char hdr20[] = "1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20\n";
    static const char rec21[] = "a,b\n1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21\n";
    tdm_csv_options o = opts();
    o.max_fields = 20;
    OPEN(hdr20, &o); /* exactly 20 is fine */
    tdm_csv_reader_free(rd);
    rd = NULL;
    o.ragged = TDM_CSV_RAGGED_PAD;
    OPEN(rec21, &o);
    expect_error(TDM_ELIMIT, 2, 21);
    cr_assert(strstr(err.message, "more than 20 fields") != NULL, "%s", err.message);
}

Test(io_csv_reader, max_fields_in_header)
{
    tdm_csv_options o = opts();
    o.max_fields = 2;
    cr_assert_eq(tdm_csv_reader_open_buffer(&rd, "a,b,c\n", 6, &o, &err), TDM_ELIMIT);
    cr_assert_eq(err.line, 1);
    cr_assert_eq(err.field, 3);
}

Test(io_csv_reader, max_record_bytes_on_a_file)
{
    char data[256];
    size_t n = 0;
    tdm_csv_options o = opts();
    o.max_record_bytes = 32;
    n += (size_t)snprintf(data + n, sizeof data - n, "a,b\n1,2\n");
    n += (size_t)snprintf(data + n, sizeof data - n, "3,\"%s\"\n", "0123456789012345678901234567");
    write_file(data, n);
    cr_assert_eq(tdm_csv_reader_open_path(&rd, tmp_path, &o, &err), TDM_OK, "%s", err.message);
    REC(2, "1", "2");
    expect_error(TDM_ELIMIT, 3, 0);
    cr_assert(strstr(err.message, "longer than 32 bytes") != NULL, "%s", err.message);
}

Test(io_csv_reader, max_record_bytes_on_a_buffer)
{
    /* Regression: buffers ignored max_record_bytes although open_buffer
     * promises the same semantics as open_path. */
    char data[256];
    size_t n = 0;
    tdm_csv_options o = opts();
    o.max_record_bytes = 32;
    n += (size_t)snprintf(data + n, sizeof data - n, "a,b\n1,2\n");
    n += (size_t)snprintf(data + n, sizeof data - n, "3,\"%s\"\n", "0123456789012345678901234567");
    open_buf(data, n, &o);
    REC(2, "1", "2");
    expect_error(TDM_ELIMIT, 3, 0);
}

Test(io_csv_reader, record_limit_is_reported_before_field_limit)
{
    /* A record over both limits: a file cannot even hold it, so the buffer
     * reader must give the same record-length error (found by fuzz_csv). */
    static const char data[] = "a,b\n1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20\n";
    tdm_csv_options o = opts();
    o.max_record_bytes = 32;
    o.max_fields = 4;
    o.ragged = TDM_CSV_RAGGED_PAD;
    OPEN(data, &o);
    expect_error(TDM_ELIMIT, 2, 0);
    tdm_csv_reader_free(rd);
    rd = NULL;
    write_file(data, sizeof data - 1);
    cr_assert_eq(tdm_csv_reader_open_path(&rd, tmp_path, &o, &err), TDM_OK, "%s", err.message);
    expect_error(TDM_ELIMIT, 2, 0);
}

Test(io_csv_reader, record_of_exactly_the_limit_is_accepted)
{
    /* 31 bytes + LF = 32 = max_record_bytes: fits, through file and buffer */
    char data[64];
    tdm_csv_options o = opts();
    o.max_record_bytes = 32;
    o.header = 0;
    memset(data, 'x', 31);
    data[31] = '\n';
    memcpy(data + 32, "y\n", 2);
    check_same(data, 34, &o, NULL);
    write_file(data, 34);
    check_same(data, 34, &o, tmp_path);
    open_buf(data, 34, &o);
    cr_assert_eq(tdm_csv_reader_next(rd, &rec, &err), 1);
    cr_assert_eq(rec.fields[0].len, 31);
}

/* ---- rewinding ---- */

/* Read every record as "f1|f2|...\n" text with its line. */
static size_t dump(char *out, size_t cap)
{
    size_t o = 0;
    int rc;
    while ((rc = tdm_csv_reader_next(rd, &rec, &err)) == 1) {
        o += (size_t)snprintf(out + o, cap - o, "%llu:", (unsigned long long)rec.line);
        for (size_t i = 0; i < rec.n_fields; i++) {
            o += (size_t)snprintf(out + o, cap - o, "%s%.*s", i ? "|" : "", (int)rec.fields[i].len,
                                  rec.fields[i].ptr);
        }
        o += (size_t)snprintf(out + o, cap - o, "\n");
        cr_assert(o < cap);
    }
    cr_assert_eq(rc, 0, "%s", err.message);
    return o;
}

static const char rewind_data[] = "\xEF\xBB\xBFk,v\n"
                                  "a,\"x\"\"y\"\n"
                                  "\n"
                                  "b,\"multi\nline\"\r\n"
                                  "c,3";
static const char rewind_expected[] = "2:a|x\"y\n4:b|multi\nline\n6:c|3\n";

Test(io_csv_reader, rewind_buffer)
{
    char first[256], second[256];
    size_t n1, n2;
    OPEN(rewind_data, NULL);
    cr_assert_eq(tdm_csv_reader_can_rewind(rd), 1);
    n1 = dump(first, sizeof first);
    cr_assert_eq(n1, sizeof rewind_expected - 1);
    cr_assert_eq(memcmp(first, rewind_expected, n1), 0, "%.*s", (int)n1, first);
    cr_assert_eq(tdm_csv_reader_rewind(rd, &err), TDM_OK);
    n2 = dump(second, sizeof second);
    cr_assert_eq(n1, n2);
    cr_assert_eq(memcmp(first, second, n1), 0, "after rewind: %.*s", (int)n2, second);
}

Test(io_csv_reader, rewind_file)
{
    char first[256], second[256];
    size_t n1, n2;
    write_file(rewind_data, sizeof rewind_data - 1);
    cr_assert_eq(tdm_csv_reader_open_path(&rd, tmp_path, NULL, &err), TDM_OK, "%s", err.message);
    cr_assert_eq(tdm_csv_reader_can_rewind(rd), 1);
    cr_assert_str_eq(tdm_csv_reader_name(rd), tmp_path);
    /* read part of the input, then rewind mid-way */
    REC(2, "a", "x\"y");
    cr_assert_eq(tdm_csv_reader_rewind(rd, &err), TDM_OK);
    n1 = dump(first, sizeof first);
    cr_assert_eq(n1, sizeof rewind_expected - 1);
    cr_assert_eq(memcmp(first, rewind_expected, n1), 0, "%.*s", (int)n1, first);
    cr_assert_eq(tdm_csv_reader_rewind(rd, &err), TDM_OK);
    n2 = dump(second, sizeof second);
    cr_assert_eq(n1, n2);
    cr_assert_eq(memcmp(first, second, n1), 0);
}

Test(io_csv_reader, rewind_after_an_error_reads_again)
{
    OPEN("a,b\n1,2\n3\n", NULL);
    REC(2, "1", "2");
    expect_error(TDM_EPARSE, 3, 2);
    cr_assert_eq(tdm_csv_reader_rewind(rd, &err), TDM_OK);
    REC(2, "1", "2");
    cr_assert_eq(rec.index, 1);
}

Test(io_csv_reader, rewind_without_header_skips_the_bom_again)
{
    /* Regression: with header = 0 the first data record starts at offset 0,
     * before the BOM, and rewinding did not skip the BOM a second time. */
    static const char data[] = "\xEF\xBB\xBF"
                               "1,2\n3,4\n";
    tdm_csv_options o = opts();
    o.header = 0;
    OPEN(data, &o);
    REC(1, "1", "2");
    REC(2, "3", "4");
    cr_assert_eq(tdm_csv_reader_rewind(rd, &err), TDM_OK);
    REC(1, "1", "2");
    tdm_csv_reader_free(rd);
    rd = NULL;
    write_file(data, sizeof data - 1);
    cr_assert_eq(tdm_csv_reader_open_path(&rd, tmp_path, &o, &err), TDM_OK);
    REC(1, "1", "2");
    cr_assert_eq(tdm_csv_reader_rewind(rd, &err), TDM_OK);
    REC(1, "1", "2");
}

/* ---- files, directories, pipes ---- */

Test(io_csv_reader, missing_file_and_directory)
{
    cr_assert_eq(tdm_csv_reader_open_path(&rd, "/nonexistent/tandem.csv", NULL, &err), TDM_EIO);
    cr_assert_null(rd);
    cr_assert(strstr(err.message, "/nonexistent/tandem.csv") != NULL, "%s", err.message);
    cr_assert_eq(tdm_csv_reader_open_path(&rd, "/", NULL, &err), TDM_EIO);
    cr_assert(strstr(err.message, "directory") != NULL, "%s", err.message);
}

Test(io_csv_reader, read_error_is_eio)
{
    /* /proc/self/mem is a "regular" file whose read at offset 0 fails with
     * EIO (page 0 is never mapped): a real read() error, with no fault
     * injection. */
    if (access("/proc/self/mem", R_OK) != 0) {
        cr_skip_test("/proc/self/mem is not readable here");
    }
    cr_assert_eq(tdm_csv_reader_open_path(&rd, "/proc/self/mem", NULL, &err), TDM_EIO);
    cr_assert_null(rd);
    cr_assert_eq(err.status, TDM_EIO);
    cr_assert(strstr(err.message, "read failed") != NULL, "%s", err.message);
}

Test(io_csv_reader, free_null_is_a_no_op)
{
    tdm_csv_reader_free(NULL);
    cr_assert_null(rd);
}

/* A deterministic generator (splitmix64) for reproducible inputs. */
static uint64_t rng_state;
static uint64_t rnd(void)
{
    uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

typedef struct gbuf {
    char *p;
    size_t n, cap;
} gbuf;

static void gput(gbuf *b, const char *s, size_t len)
{
    if (b->n + len > b->cap) {
        b->cap = (b->n + len) * 2;
        b->p = realloc(b->p, b->cap);
        cr_assert_not_null(b->p);
    }
    memcpy(b->p + b->n, s, len);
    b->n += len;
}

/* One random well-formed field: plain text, or quoted with delimiters,
 * doubled quotes, CR, LF and CRLF inside. */
static void gen_field(gbuf *b, char delim, size_t max_len)
{
    static const char plain[] = "abcxyz0123456789 .-_\xC3\xA9";
    static const char quoted[] = "ab ,;\t\"\"\n\r\n";
    size_t len = (size_t)(rnd() % (max_len + 1));
    if (rnd() % 3 == 0) {
        gput(b, "\"", 1);
        for (size_t i = 0; i < len; i++) {
            size_t k = (size_t)(rnd() % (sizeof quoted - 1));
            if (quoted[k] == '"') {
                gput(b, "\"\"", 2);
            } else {
                gput(b, &quoted[k], 1);
            }
        }
        gput(b, "\"", 1);
        return;
    }
    for (size_t i = 0; i < len; i++) {
        char c = plain[rnd() % (sizeof plain - 1)];
        if (c == delim) {
            c = 'd';
        }
        gput(b, &c, 1);
    }
}

/* A random well-formed CSV of about `target` bytes with `width` fields a record. */
static void gen_csv(gbuf *b, size_t target, size_t width, char delim, size_t max_field)
{
    b->n = 0;
    while (b->n < target) {
        for (size_t j = 0; j < width; j++) {
            if (j > 0) {
                gput(b, &delim, 1);
            }
            gen_field(b, delim, max_field);
        }
        switch (rnd() % 8) {
        case 0:
            gput(b, "\r\n", 2);
            break;
        case 1:
            gput(b, "\n\n", 2); /* a blank line */
            break;
        default:
            gput(b, "\n", 1);
            break;
        }
    }
}

Test(io_csv_reader, large_file_with_multiline_fields_crosses_refills, .timeout = 120)
{
    /* > 3 MiB read through a path: records straddle the 1 MiB buffer and its
     * doublings; compared with the buffer reader and with csv_ref. */
    gbuf b = { 0 };
    csv_ref ref;
    size_t n_records = 0;
    rng_state = 42;
    gen_csv(&b, (size_t)3 << 21 | 12345, 6, ',', 40);
    cr_assert_gt(b.n, (size_t)3 << 20);
    cr_assert_eq(csv_ref_parse(&ref, b.p, b.n, ','), CSV_REF_OK);
    n_records = ref.n_recs;
    cr_assert_gt(ref.recs[n_records - 1].line, n_records, "quoted newlines were generated");
    csv_ref_free(&ref);
    write_file(b.p, b.n);
    check_same(b.p, b.n, NULL, tmp_path);
    check_same(b.p, b.n, NULL, NULL);
    free(b.p);
}

Test(io_csv_reader, tiny_buffer_file_refills_every_few_records)
{
    /* max_record_bytes = 64 keeps the file buffer at 64 bytes, so nearly
     * every record is split by a refill at every possible offset. */
    gbuf b = { 0 };
    tdm_csv_options o = opts();
    o.max_record_bytes = 64;
    rng_state = 7;
    for (int round = 0; round < 40; round++) {
        gen_csv(&b, 2000, 3, ',', 5);
        write_file(b.p, b.n);
        check_same(b.p, b.n, &o, tmp_path);
        check_same(b.p, b.n, &o, NULL);
        (void)unlink(tmp_path);
        tmp_path[0] = '\0';
    }
    free(b.p);
}

Test(io_csv_reader, random_well_formed_inputs_agree_with_csv_ref)
{
    static const char delims[] = ",;\t|";
    gbuf b = { 0 };
    rng_state = 2024;
    for (int round = 0; round < 400; round++) {
        tdm_csv_options o = opts();
        o.delimiter = delims[rnd() % 4];
        o.header = (int)(rnd() % 2);
        o.lenient_quotes = (int)(rnd() % 2);
        o.ragged = (int)(rnd() % 2);
        gen_csv(&b, (size_t)(rnd() % 600), 1 + (size_t)(rnd() % 5), o.delimiter, 8);
        if (rnd() % 4 == 0 && b.n > 0) {
            b.n--; /* drop the final line end (LF, or CRLF) */
            if (b.n > 0 && b.p[b.n - 1] == '\r') {
                b.n--;
            }
        }
        if (rnd() % 4 == 0 && b.n > 5) {
            /* make one record ragged: cut it short at a delimiter, if any */
            char *d = memchr(b.p + b.n / 2, o.delimiter, b.n - b.n / 2);
            if (d != NULL) {
                *d = '\n';
            }
        }
        if (rnd() % 8 == 0) {
            o.max_fields = 1 + (size_t)(rnd() % 4);
        }
        check_same(b.p, b.n, &o, NULL);
    }
    free(b.p);
}

Test(io_csv_reader, stdin_pipe_is_not_rewindable)
{
    static const char data[] = "a,b\n1,2\n";
    int fds[2];
    cr_assert_eq(pipe(fds), 0);
    cr_assert_eq(write(fds[1], data, sizeof data - 1), (ssize_t)(sizeof data - 1));
    (void)close(fds[1]);
    cr_assert(dup2(fds[0], 0) == 0);
    (void)close(fds[0]);
    cr_assert_eq(tdm_csv_reader_open_path(&rd, NULL, NULL, &err), TDM_OK, "%s", err.message);
    cr_assert_eq(tdm_csv_reader_can_rewind(rd), 0);
    cr_assert_str_eq(tdm_csv_reader_name(rd), "<stdin>");
    REC(2, "1", "2");
    cr_assert_eq(tdm_csv_reader_rewind(rd, &err), TDM_EINVAL);
    expect_end();
}

Test(io_csv_reader, stdin_pipe_matches_csv_ref)
{
    /* Read a generated file from a pipe as standard input ("-"). A child
     * writes it; a pipe holds only 64 KiB, so reading and writing overlap
     * and reads return short counts at arbitrary offsets. */
    gbuf b = { 0 };
    int fds[2];
    pid_t pid;
    int status;
    rng_state = 100;
    gen_csv(&b, 400000, 5, ',', 30);
    cr_assert_eq(pipe(fds), 0);
    pid = fork();
    cr_assert(pid >= 0);
    if (pid == 0) {
        (void)close(fds[0]);
        for (size_t o = 0; o < b.n;) {
            ssize_t w = write(fds[1], b.p + o, b.n - o);
            if (w <= 0) {
                _exit(1);
            }
            o += (size_t)w;
        }
        _exit(0);
    }
    (void)close(fds[1]);
    cr_assert(dup2(fds[0], 0) == 0);
    (void)close(fds[0]);
    check_same(b.p, b.n, NULL, "-");
    cr_assert_eq(waitpid(pid, &status, 0), pid);
    cr_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    free(b.p);
}
