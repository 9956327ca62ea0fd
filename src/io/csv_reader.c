/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * csv_reader.c - streaming RFC 4180 reader (conventions section 6).
 *
 * read() fills a buffer that starts at 1 MiB and doubles up to the record
 * limit; a partial record at the end of the buffer is moved to the front and
 * parsed again once more bytes arrive. Fields are views into the buffer
 * (zero-copy); quoted fields with "" escapes are unescaped in place once the
 * whole record has been seen, so the views are always clean text.
 *
 * Hot path: a record without any quote character. On x86-64 one SSE2 pass
 * finds the delimiters, the newline and any quote 16 bytes at a time (the
 * structural-index idea of simdjson/simdcsv); elsewhere, or near the end of
 * the buffer, memchr finds the newline, a quote, then each delimiter.
 * Measured on 28-byte records: the per-call cost of memchr dominated, and
 * the SSE2 pass halves the tokenizer's instructions. Records containing
 * quotes take the general field-by-field path (quoted newlines included).
 * Works on pipes: there is no mmap path (measured: no gain over read()).
 */
#include "../core/core.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#define INITIAL_BUFFER (1u << 20)

enum { PARSE_NEED_MORE = 2 };

struct tdm_csv_reader {
    tdm_csv_options opt;
    int fd;          /* -1 for buffer input */
    int own_fd;      /* close on free */
    int can_rewind;  /* regular file or buffer */
    const char *mem; /* buffer input (borrowed), re-copied on rewind */
    size_t mem_len;
    char *name;             /* for messages */
    char *buf;              /* read buffer */
    size_t cap, start, end; /* capacity; next unread byte; end of valid bytes */
    int eof;                /* no more bytes to read into buf */
    int bom_checked;
    int failed;            /* an error was returned: the reader is done */
    uint64_t line;         /* physical line number of buf[start] */
    uint64_t index;        /* data records returned */
    uint64_t base_offset;  /* file offset of buf[0] */
    uint64_t data_offset;  /* file offset of the first data record */
    uint64_t data_line;    /* its line number */
    tdm_csv_field *fields; /* fields of the current record */
    size_t cap_fields;
    size_t expected;       /* fields per record: header count or first record's */
    tdm_csv_field *header; /* copied header names */
    size_t n_header;
    char *header_text;
};

void tdm_csv_options_init(tdm_csv_options *o)
{
    o->version = TDM_CSV_OPTIONS_VERSION;
    o->delimiter = ',';
    o->header = 1;
    o->ragged = TDM_CSV_RAGGED_ERROR;
    o->lenient_quotes = 0;
    o->max_record_bytes = (size_t)64 << 20;
    o->max_fields = 65536;
}

const char *tdm_csv_reader_name(const tdm_csv_reader *r)
{
    return r->name;
}

int tdm_csv_reader_can_rewind(const tdm_csv_reader *r)
{
    return r->can_rewind;
}

const tdm_csv_field *tdm_csv_reader_header(const tdm_csv_reader *r, size_t *n)
{
    *n = r->n_header;
    return r->header;
}

/* ---- filling the buffer ---- */

static int io_error(tdm_csv_reader *r, tdm_error *err, const char *what)
{
    int e = errno;
    return tdm__error(err, TDM_EIO, 0, 0, "%s: %s: %s", r->name, what, strerror(e));
}

static int too_long(tdm_csv_reader *r, tdm_error *err)
{
    return tdm__error(err, TDM_ELIMIT, r->line, 0,
                      "%s: line %llu: record longer than %zu bytes (an unterminated quote?)",
                      r->name, (unsigned long long)r->line, r->opt.max_record_bytes);
}

/* Make room and read more bytes. Keeps buf[start..end) (moved to the front). */
static int fill(tdm_csv_reader *r, tdm_error *err)
{
    ssize_t got;
    if (r->fd < 0) {
        r->eof = 1;
        return TDM_OK;
    }
    if (r->start > 0) {
        size_t keep = r->end - r->start;
        memmove(r->buf, r->buf + r->start, keep);
        r->base_offset += r->start;
        r->start = 0;
        r->end = keep;
    }
    if (r->end == r->cap) {
        size_t ncap = r->cap * 2;
        char *nb;
        if (r->cap >= r->opt.max_record_bytes) {
            return too_long(r, err);
        }
        if (ncap > r->opt.max_record_bytes) {
            ncap = r->opt.max_record_bytes;
        }
        nb = tdm__realloc_array(r->buf, ncap, 1);
        if (nb == NULL) {
            return TDM_ENOMEM;
        }
        r->buf = nb;
        r->cap = ncap;
    }
    do {
        got = read(r->fd, r->buf + r->end, r->cap - r->end);
    } while (got < 0 && errno == EINTR);
    if (got < 0) {
        return io_error(r, err, "read failed");
    }
    if (got == 0) {
        r->eof = 1;
    }
    r->end += (size_t)got;
    return TDM_OK;
}

/* ---- tokenising ---- */

/* Make room for field number *nf + 1 (out of line: rare). */
__attribute__((noinline)) static int grow_fields(tdm_csv_reader *r, size_t nf, tdm_error *err)
{
    if (nf >= r->opt.max_fields) {
        return tdm__error(err, TDM_ELIMIT, r->line, (uint32_t)(nf + 1),
                          "%s: line %llu: more than %zu fields", r->name,
                          (unsigned long long)r->line, r->opt.max_fields);
    }
    if (tdm__grow((void **)&r->fields, &r->cap_fields, nf + 1, sizeof *r->fields) != 0) {
        return TDM_ENOMEM;
    }
    /* Growth doubles; never let the capacity pass the limit, so the check
     * above runs when field max_fields + 1 arrives. */
    if (r->cap_fields > r->opt.max_fields) {
        r->cap_fields = r->opt.max_fields;
    }
    return TDM_OK;
}

static inline int add_field(tdm_csv_reader *r, size_t *nf, const char *ptr, size_t len,
                            unsigned flags, tdm_error *err)
{
    if (*nf >= r->cap_fields) {
        int rc = grow_fields(r, *nf, err);
        if (rc != TDM_OK) {
            return rc;
        }
    }
    r->fields[*nf].ptr = ptr;
    r->fields[*nf].len = len;
    r->fields[*nf].flags = flags;
    (*nf)++;
    return TDM_OK;
}

/* Fast path: the record [p, nl) holds no quote. Splits it at delimiters. */
static int split_plain(tdm_csv_reader *r, char *p, char *nl, size_t *nf, tdm_error *err)
{
    const char d = r->opt.delimiter;
    char *stop = nl;
    int rc;
    if (stop > p && stop[-1] == '\r') {
        stop--;
    }
    for (;;) {
        char *q = memchr(p, d, (size_t)(stop - p));
        if (q == NULL) {
            return add_field(r, nf, p, (size_t)(stop - p), 0, err);
        }
        rc = add_field(r, nf, p, (size_t)(q - p), 0, err);
        if (rc != TDM_OK) {
            return rc;
        }
        p = q + 1;
    }
}

#if defined(__SSE2__)
/*
 * Split one quote-free record at p with SSE2. @return 1 when the record was
 * split (*rec_end set), 0 to fall back to the portable path (a quote, or the
 * record runs into the last 16 bytes of the buffer), or a negative status.
 */
static int split_sse2(tdm_csv_reader *r, char *p, const char *e, size_t *nf, char **rec_end,
                      tdm_error *err)
{
    const __m128i vd = _mm_set1_epi8(r->opt.delimiter);
    const __m128i vn = _mm_set1_epi8('\n');
    const __m128i vq = _mm_set1_epi8('"');
    char *field = p;
    for (char *b = p; b + 16 <= e; b += 16) {
        if ((size_t)(b + 16 - p) > r->opt.max_record_bytes) {
            *nf = 0;
            return 0; /* maybe too long: the portable path checks the limit first */
        }
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)b);
        unsigned mq = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, vq));
        unsigned mn = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, vn));
        unsigned md = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, vd));
        unsigned before = mn != 0 ? (mn & (0u - mn)) - 1u : 0xffffu; /* bits before the newline */
        if (mq & before) {
            *nf = 0;
            return 0; /* a quote in this record: the general path handles it */
        }
        md &= before;
        while (md != 0) {
            char *q = b + __builtin_ctz(md);
            int rc = add_field(r, nf, field, (size_t)(q - field), 0, err);
            if (rc == TDM_ELIMIT) {
                *nf = 0;
                return 0; /* the portable path reports a too-long record first */
            }
            if (rc != TDM_OK) {
                return rc;
            }
            field = q + 1;
            md &= md - 1;
        }
        if (mn != 0) {
            char *nl = b + __builtin_ctz(mn);
            char *stop = nl > field && nl[-1] == '\r' ? nl - 1 : nl;
            int rc = add_field(r, nf, field, (size_t)(stop - field), 0, err);
            if (rc != TDM_OK) {
                return rc;
            }
            *rec_end = nl + 1;
            return 1;
        }
    }
    *nf = 0;
    return 0;
}
#endif

static uint64_t count_newlines(const char *p, const char *e)
{
    uint64_t n = 0;
    for (;;) {
        const char *q = memchr(p, '\n', (size_t)(e - p));
        if (q == NULL) {
            return n;
        }
        n++;
        p = q + 1;
    }
}

/* Remove the doubled quotes of an escaped field in place. */
static size_t unescape(char *p, size_t len)
{
    size_t o = 0;
    for (size_t i = 0; i < len; i++) {
        p[o++] = p[i];
        if (p[i] == '"' && i + 1 < len && p[i + 1] == '"') {
            i++;
        }
    }
    return o;
}

/*
 * Pass 1 for a record containing quotes: find where it ends without changing
 * the buffer (so it can be re-scanned after more bytes arrive). A quote opens
 * a quoted section only at the start of a field; "" inside it is an escape.
 * *lim: the terminating newline (or end of input); *rec_end: just after it.
 */
static int find_record_end(tdm_csv_reader *r, char *p, char **lim, char **rec_end, uint64_t *lines,
                           tdm_error *err)
{
    const char d = r->opt.delimiter;
    char *e = r->buf + r->end;
    int at_field_start = 1;
    size_t field = 1;
    *lines = 0;
    while (p < e) {
        if (at_field_start && *p == '"') {
            char *q = p + 1;
            char *c;
            for (;;) {
                c = memchr(q, '"', (size_t)(e - q));
                if (c == NULL) {
                    if (!r->eof) {
                        return PARSE_NEED_MORE;
                    }
                    const uint64_t at = r->line + *lines;
                    return tdm__error(err, TDM_EPARSE, at, (uint32_t)field,
                                      "%s: line %llu, field %zu: unterminated quoted field",
                                      r->name, (unsigned long long)at, field);
                }
                if (c + 1 == e && !r->eof) {
                    return PARSE_NEED_MORE;
                }
                if (c + 1 < e && c[1] == '"') {
                    q = c + 2;
                    continue;
                }
                break;
            }
            *lines += count_newlines(p, c);
            p = c + 1;
            at_field_start = 0;
            continue;
        }
        if (*p == d) {
            at_field_start = 1;
            field++;
        } else if (*p == '\n') {
            *lim = p;
            *rec_end = p + 1;
            return TDM_OK;
        } else {
            at_field_start = 0;
        }
        p++;
    }
    if (!r->eof) {
        return PARSE_NEED_MORE;
    }
    *lim = e;
    *rec_end = e;
    return TDM_OK;
}

static int stray_quote_error(tdm_csv_reader *r, uint64_t line, size_t field, const char *what,
                             tdm_error *err)
{
    return tdm__error(err, TDM_EPARSE, line, (uint32_t)field,
                      "%s: line %llu, field %zu: %s (quote the whole field and double any "
                      "quote inside it)",
                      r->name, (unsigned long long)line, field, what);
}

/*
 * One quoted field of a complete record, p on its opening quote. Unescapes in
 * place, joins stray text after the closing quote in lenient mode, and sets
 * *stop to the delimiter or record end that follows the field.
 */
static int quoted_field(tdm_csv_reader *r, char *p, char *lim, size_t *nf, uint64_t *line,
                        char **stop, tdm_error *err)
{
    const char d = r->opt.delimiter;
    char *q = p + 1;
    char *c;
    size_t len;
    int escaped = 0;
    for (;;) {
        c = memchr(q, '"', (size_t)(lim - q)); /* pass 1 proved it exists */
        if (c + 1 < lim && c[1] == '"') {
            escaped = 1;
            q = c + 2;
            continue;
        }
        break;
    }
    len = (size_t)(c - p - 1);
    if (escaped) {
        len = unescape(p + 1, len);
    }
    *line += count_newlines(p, c);
    *stop = c + 1;
    if (*stop < lim && **stop != d && !(**stop == '\r' && *stop + 1 == lim)) {
        char *tail_end;
        size_t tail;
        if (!r->opt.lenient_quotes) {
            return stray_quote_error(r, *line, *nf + 1, "unexpected character after closing quote",
                                     err);
        }
        /* Lenient: the stray text joins the field, up to the delimiter. */
        tail_end = memchr(*stop, d, (size_t)(lim - *stop));
        if (tail_end == NULL) {
            tail_end = lim;
        }
        tail = (size_t)(tail_end - *stop);
        if (tail_end == lim && tail > 0 && (*stop)[tail - 1] == '\r') {
            tail--;
        }
        memmove(p + 1 + len, *stop, tail);
        len += tail;
        *stop = tail_end;
    }
    if (*stop < lim && **stop == '\r' && *stop + 1 == lim) {
        *stop = lim; /* CRLF after the closing quote */
    }
    return add_field(r, nf, p + 1, len, TDM_CSV_FIELD_QUOTED, err);
}

/*
 * Pass 2: split the complete record [p, lim) into fields, unescaping quoted
 * fields in place.
 */
static int split_general(tdm_csv_reader *r, char *p, char *lim, size_t *nf, tdm_error *err)
{
    const char d = r->opt.delimiter;
    uint64_t line = r->line;
    for (;;) {
        char *stop;
        int rc;
        if (p < lim && *p == '"') {
            rc = quoted_field(r, p, lim, nf, &line, &stop, err);
        } else {
            size_t len;
            stop = memchr(p, d, (size_t)(lim - p));
            if (stop == NULL) {
                stop = lim;
            }
            len = (size_t)(stop - p);
            if (!r->opt.lenient_quotes && memchr(p, '"', len) != NULL) {
                return stray_quote_error(r, line, *nf + 1, "quote inside an unquoted field", err);
            }
            if (stop == lim && len > 0 && p[len - 1] == '\r') {
                len--;
            }
            rc = add_field(r, nf, p, len, 0, err);
        }
        if (rc != TDM_OK) {
            return rc;
        }
        if (stop >= lim) {
            return TDM_OK;
        }
        p = stop + 1;
    }
}

/*
 * Try to parse one record at r->start; *line receives the physical line it
 * starts on (after any blank lines). @return 1 record, 0 end of input,
 * PARSE_NEED_MORE, or a negative status.
 */
static int parse_record(tdm_csv_reader *r, size_t *nf, uint64_t *line, tdm_error *err)
{
    char *p;
    char *e;
    char *nl;
    char *rec_end = NULL;
    uint64_t extra_lines = 0;
    int rc;

    /* Skip blank lines ("\n" or "\r\n"). */
    for (;;) {
        p = r->buf + r->start;
        e = r->buf + r->end;
        if (p == e) {
            return r->eof ? 0 : PARSE_NEED_MORE;
        }
        if (*p == '\n') {
            r->start++;
            r->line++;
            continue;
        }
        if (*p == '\r') {
            if (p + 1 == e && !r->eof) {
                return PARSE_NEED_MORE;
            }
            if (p + 1 < e && p[1] == '\n') {
                r->start += 2;
                r->line++;
                continue;
            }
        }
        break;
    }
    *nf = 0;
    *line = r->line;
#if defined(__SSE2__)
    rc = split_sse2(r, p, e, nf, &rec_end, err);
    if (rc < 0) {
        return rc;
    }
    if (rc == 1) {
        r->start = (size_t)(rec_end - r->buf);
        r->line++;
        return 1;
    }
    *nf = 0;
#endif
    nl = memchr(p, '\n', (size_t)(e - p));
    if (nl == NULL && !r->eof) {
        return PARSE_NEED_MORE;
    }
    if (nl == NULL) {
        nl = e;
    }
    /* The record limit is checked before splitting, so that a buffer (which
     * never refills) reports the same error as a file whose read buffer the
     * record would overflow. */
    if (memchr(p, '"', (size_t)(nl - p)) == NULL) {
        rec_end = nl == e ? e : nl + 1;
        rc = (size_t)(rec_end - p) > r->opt.max_record_bytes ? too_long(r, err)
                                                             : split_plain(r, p, nl, nf, err);
        if (rc != TDM_OK) {
            return rc;
        }
    } else {
        char *lim = NULL;
        rc = find_record_end(r, p, &lim, &rec_end, &extra_lines, err);
        if (rc == TDM_OK && (size_t)(rec_end - p) > r->opt.max_record_bytes) {
            rc = too_long(r, err);
        }
        if (rc == TDM_OK) {
            rc = split_general(r, p, lim, nf, err);
        }
        if (rc != TDM_OK) {
            return rc;
        }
    }
    r->start = (size_t)(rec_end - r->buf);
    r->line += 1 + extra_lines;
    return 1;
}

static int check_width(tdm_csv_reader *r, size_t *nf, uint64_t line, tdm_error *err)
{
    static char empty[1] = "";
    if (r->expected == 0) {
        r->expected = *nf;
        return TDM_OK;
    }
    if (*nf == r->expected) {
        return TDM_OK;
    }
    if (*nf < r->expected && r->opt.ragged == TDM_CSV_RAGGED_PAD) {
        while (*nf < r->expected) {
            int rc = add_field(r, nf, empty, 0, 0, err);
            if (rc != TDM_OK) {
                return rc;
            }
        }
        return TDM_OK;
    }
    return tdm__error(err, TDM_EPARSE, line,
                      (uint32_t)(*nf < r->expected ? *nf + 1 : r->expected + 1),
                      "%s: line %llu: expected %zu fields, found %zu", r->name,
                      (unsigned long long)line, r->expected, *nf);
}

static int next_raw(tdm_csv_reader *r, tdm_csv_record *rec, tdm_error *err)
{
    size_t nf = 0;
    for (;;) {
        uint64_t line;
        int rc;
        if (!r->bom_checked) {
            if (r->end - r->start < 3 && !r->eof) {
                rc = fill(r, err);
                if (rc != TDM_OK) {
                    return rc;
                }
                continue;
            }
            if (r->end - r->start >= 3 && memcmp(r->buf + r->start, "\xEF\xBB\xBF", 3) == 0) {
                r->start += 3;
            }
            r->bom_checked = 1;
        }
        line = r->line;
        rc = parse_record(r, &nf, &line, err);
        if (rc == PARSE_NEED_MORE) {
            rc = fill(r, err);
            if (rc != TDM_OK) {
                return rc;
            }
            continue;
        }
        if (rc <= 0) {
            return rc;
        }
        rc = check_width(r, &nf, line, err);
        if (rc != TDM_OK) {
            return rc;
        }
        rec->fields = r->fields;
        rec->n_fields = nf;
        rec->line = line;
        return 1;
    }
}

int tdm_csv_reader_next(tdm_csv_reader *r, tdm_csv_record *rec, tdm_error *err)
{
    int rc;
    if (r->failed) {
        return tdm__error(err, TDM_EINVAL, 0, 0, "%s: reader used after an error", r->name);
    }
    rc = next_raw(r, rec, err);
    if (rc < 0) {
        r->failed = 1;
        return rc;
    }
    if (rc == 1) {
        rec->index = ++r->index;
    }
    return rc;
}

/* ---- opening ---- */

static int copy_header(tdm_csv_reader *r, const tdm_csv_record *rec)
{
    size_t total = 0;
    char *t;
    for (size_t i = 0; i < rec->n_fields; i++) {
        total += rec->fields[i].len + 1;
    }
    r->header = tdm__calloc(rec->n_fields ? rec->n_fields : 1, sizeof *r->header);
    r->header_text = tdm__malloc(total ? total : 1);
    if (r->header == NULL || r->header_text == NULL) {
        return TDM_ENOMEM;
    }
    t = r->header_text;
    for (size_t i = 0; i < rec->n_fields; i++) {
        memcpy(t, rec->fields[i].ptr, rec->fields[i].len);
        t[rec->fields[i].len] = '\0';
        r->header[i].ptr = t;
        r->header[i].len = rec->fields[i].len;
        r->header[i].flags = rec->fields[i].flags;
        t += rec->fields[i].len + 1;
    }
    r->n_header = rec->n_fields;
    return TDM_OK;
}

static int start_reading(tdm_csv_reader *r, tdm_error *err)
{
    tdm_csv_record rec = { NULL, 0, 0, 0 };
    int rc;
    r->line = 1;
    if (!r->opt.header) {
        r->data_offset = 0;
        r->data_line = 1;
        return TDM_OK;
    }
    rc = next_raw(r, &rec, err);
    if (rc < 0) {
        return rc;
    }
    if (rc == 0) {
        return tdm__error(err, TDM_EPARSE, 1, 0, "%s: empty input (no header line)", r->name);
    }
    rc = copy_header(r, &rec);
    if (rc != TDM_OK) {
        return rc;
    }
    r->data_offset = r->base_offset + r->start;
    r->data_line = r->line;
    return TDM_OK;
}

static int check_options(const tdm_csv_options *o, tdm_error *err)
{
    if (o->delimiter == '"' || o->delimiter == '\n' || o->delimiter == '\r' ||
        o->delimiter == '\0') {
        return tdm__error(err, TDM_EINVAL, 0, 0, "invalid delimiter");
    }
    if (o->max_record_bytes < 16 || o->max_fields < 1) {
        return tdm__error(err, TDM_EINVAL, 0, 0, "invalid CSV limits");
    }
    return TDM_OK;
}

static int reader_new(tdm_csv_reader **out, const char *name, const tdm_csv_options *opt,
                      tdm_error *err)
{
    tdm_csv_reader *r;
    int rc;
    *out = NULL;
    r = tdm__calloc(1, sizeof *r);
    if (r == NULL) {
        return TDM_ENOMEM;
    }
    if (opt != NULL) {
        r->opt = *opt;
    } else {
        tdm_csv_options_init(&r->opt);
    }
    rc = check_options(&r->opt, err);
    if (rc != TDM_OK) {
        tdm__free(r);
        return rc;
    }
    r->fd = -1;
    r->name = tdm__strndup(name, strlen(name));
    if (r->name == NULL) {
        tdm__free(r);
        return TDM_ENOMEM;
    }
    *out = r;
    return TDM_OK;
}

int tdm_csv_reader_open_path(tdm_csv_reader **out, const char *path, const tdm_csv_options *opt,
                             tdm_error *err)
{
    tdm_csv_reader *r = NULL;
    struct stat st;
    int use_stdin = (path == NULL || strcmp(path, "-") == 0);
    int rc = reader_new(&r, use_stdin ? "<stdin>" : path, opt, err);
    if (rc != TDM_OK) {
        return rc;
    }
    if (use_stdin) {
        r->fd = 0;
    } else {
        r->fd = open(path, O_RDONLY | O_CLOEXEC);
        if (r->fd < 0) {
            rc = tdm__error(err, TDM_EIO, 0, 0, "%s: cannot open: %s", path, strerror(errno));
            goto fail;
        }
        r->own_fd = 1;
    }
    if (fstat(r->fd, &st) == 0) {
        if (S_ISDIR(st.st_mode)) {
            rc = tdm__error(err, TDM_EIO, 0, 0, "%s: is a directory", r->name);
            goto fail;
        }
        r->can_rewind = S_ISREG(st.st_mode) && lseek(r->fd, 0, SEEK_CUR) == 0;
    }
    r->cap = INITIAL_BUFFER < r->opt.max_record_bytes ? INITIAL_BUFFER : r->opt.max_record_bytes;
    r->buf = tdm__malloc(r->cap);
    if (r->buf == NULL) {
        rc = TDM_ENOMEM;
        goto fail;
    }
    rc = start_reading(r, err);
    if (rc != TDM_OK) {
        goto fail;
    }
    *out = r;
    return TDM_OK;
fail:
    tdm_csv_reader_free(r);
    *out = NULL;
    return rc;
}

static int load_buffer(tdm_csv_reader *r)
{
    memcpy(r->buf, r->mem, r->mem_len);
    r->start = 0;
    r->end = r->mem_len;
    r->eof = 1;
    r->base_offset = 0;
    return TDM_OK;
}

int tdm_csv_reader_open_buffer(tdm_csv_reader **out, const char *data, size_t len,
                               const tdm_csv_options *opt, tdm_error *err)
{
    tdm_csv_reader *r = NULL;
    int rc = reader_new(&r, "<buffer>", opt, err);
    if (rc != TDM_OK) {
        return rc;
    }
    r->mem = data;
    r->mem_len = len;
    r->can_rewind = 1;
    r->cap = len ? len : 1;
    r->buf = tdm__malloc(r->cap);
    if (r->buf == NULL) {
        rc = TDM_ENOMEM;
        goto fail;
    }
    load_buffer(r);
    rc = start_reading(r, err);
    if (rc != TDM_OK) {
        goto fail;
    }
    *out = r;
    return TDM_OK;
fail:
    tdm_csv_reader_free(r);
    *out = NULL;
    return rc;
}

int tdm_csv_reader_rewind(tdm_csv_reader *r, tdm_error *err)
{
    if (!r->can_rewind) {
        return tdm__error(err, TDM_EINVAL, 0, 0, "%s: input cannot be re-read", r->name);
    }
    r->failed = 0;
    r->index = 0;
    r->line = r->data_line;
    r->bom_checked = r->data_offset > 0; /* without a header, data starts before any BOM */
    if (r->fd < 0) {
        /* In-place unescaping changed the copy: start again from the original. */
        load_buffer(r);
        r->start = (size_t)r->data_offset;
        return TDM_OK;
    }
    if (lseek(r->fd, (off_t)r->data_offset, SEEK_SET) < 0) {
        return io_error(r, err, "cannot seek");
    }
    r->base_offset = r->data_offset;
    r->start = 0;
    r->end = 0;
    r->eof = 0;
    return TDM_OK;
}

/* Levenshtein distance, capped: used only to suggest a column name. */
static size_t edit_distance(const char *a, size_t la, const char *b, size_t lb)
{
    size_t row[64];
    if (la >= 63 || lb >= 63) {
        return 99;
    }
    for (size_t j = 0; j <= lb; j++) {
        row[j] = j;
    }
    for (size_t i = 1; i <= la; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t up = row[j];
            char ca = a[i - 1];
            char cb = b[j - 1];
            size_t cost;
            if (ca >= 'A' && ca <= 'Z') {
                ca = (char)(ca - 'A' + 'a');
            }
            if (cb >= 'A' && cb <= 'Z') {
                cb = (char)(cb - 'A' + 'a');
            }
            cost = ca == cb ? 0 : 1;
            row[j] = diag + cost;
            if (up + 1 < row[j]) {
                row[j] = up + 1;
            }
            if (row[j - 1] + 1 < row[j]) {
                row[j] = row[j - 1] + 1;
            }
            diag = up;
        }
    }
    return row[lb];
}

int tdm_csv_reader_column(const tdm_csv_reader *r, const char *name, size_t *idx, tdm_error *err)
{
    size_t len = strlen(name);
    size_t best = 0;
    size_t best_d = 99;
    char list[160];
    size_t o = 0;
    if (r->n_header == 0) {
        return tdm__error(err, TDM_EINVAL, 0, 0, "%s: no header line to find column \"%s\"",
                          r->name, name);
    }
    for (size_t i = 0; i < r->n_header; i++) {
        if (r->header[i].len == len && memcmp(r->header[i].ptr, name, len) == 0) {
            *idx = i;
            return TDM_OK;
        }
    }
    for (size_t i = 0; i < r->n_header; i++) {
        size_t d = edit_distance(name, len, r->header[i].ptr, r->header[i].len);
        if (d < best_d) {
            best_d = d;
            best = i;
        }
    }
    if (best_d <= 2 && best_d < len) {
        return tdm__error(err, TDM_ENOTFOUND, 1, 0, "%s: no column \"%s\"; did you mean \"%s\"?",
                          r->name, name, r->header[best].ptr);
    }
    list[0] = '\0';
    for (size_t i = 0; i < r->n_header && o + 8 < sizeof list; i++) {
        int w = snprintf(list + o, sizeof list - o, "%s%s", i ? ", " : "", r->header[i].ptr);
        if (w < 0 || (size_t)w >= sizeof list - o) {
            memcpy(list + sizeof list - 5, "...", 4);
            break;
        }
        o += (size_t)w;
    }
    return tdm__error(err, TDM_ENOTFOUND, 1, 0, "%s: no column \"%s\" (columns: %s)", r->name, name,
                      list);
}

void tdm_csv_reader_free(tdm_csv_reader *r)
{
    if (r == NULL) {
        return;
    }
    if (r->own_fd && r->fd >= 0) {
        (void)close(r->fd); /* read-only descriptor: nothing to lose on close */
    }
    tdm__free(r->buf);
    tdm__free(r->fields);
    tdm__free(r->header);
    tdm__free(r->header_text);
    tdm__free(r->name);
    tdm__free(r);
}
