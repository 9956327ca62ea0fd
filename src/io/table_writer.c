/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * table_writer.c - streaming CSV / JSON table output with deterministic bytes.
 *
 * Cells are appended to a 256 KiB buffer that is handed to the caller's sink
 * when full, so writing millions of rows costs no per-cell system calls and
 * no document tree (conventions section 6: "our own small streaming writer").
 * CSV: RFC 4180 quoting, LF line ends, NaN as an empty field.
 * JSON: an array of objects, one per line, keys in column order, NaN as null.
 */
#include "../core/core.h"

#include <math.h>
#include <string.h>

#define WRITER_BUFFER (256u << 10)
/* Column names are rendered once through the buffer at open; a name must fit
 * it even fully escaped (JSON \u00XX: 6 bytes a byte, plus quotes and ':'),
 * or put() would flush it to the sink before the header line. */
#define MAX_NAME ((WRITER_BUFFER - 4) / 6)

/* The last number written in a column and its text. Charts repeat a centre
 * line or a limit on every point of a phase, and formatting a double is the
 * largest cost of writing a row, so an unchanged value reuses its text. */
typedef struct num_cache {
    uint64_t bits; /* the double's bits (so -0 and 0 stay distinct) */
    size_t len;    /* length of text; SIZE_MAX: nothing cached yet */
    char text[TDM_NUMBUF];
} num_cache;

struct tdm_writer {
    tdm_write_fn fn;
    void *ctx;
    int fmt;
    char **names; /* JSON-escaped keys ("\"name\":") or CSV header cells */
    size_t *name_len;
    size_t n_columns;
    size_t cell; /* cells written in the current row */
    uint64_t rows;
    int failed; /* sticky error status */
    char *buf;
    size_t used;
    num_cache *nums; /* per column */
};

static int flush_buf(tdm_writer *w)
{
    int rc;
    if (w->used == 0) {
        return TDM_OK;
    }
    rc = w->fn(w->ctx, w->buf, w->used);
    w->used = 0;
    if (rc < 0) {
        w->failed = rc;
    }
    return rc < 0 ? rc : TDM_OK;
}

static int put(tdm_writer *w, const char *s, size_t len)
{
    if (w->failed) {
        return w->failed;
    }
    if (len > WRITER_BUFFER - w->used) {
        int rc = flush_buf(w);
        if (rc != TDM_OK) {
            return rc;
        }
        if (len > WRITER_BUFFER) {
            rc = w->fn(w->ctx, s, len);
            if (rc < 0) {
                w->failed = rc;
            }
            return rc < 0 ? rc : TDM_OK;
        }
    }
    memcpy(w->buf + w->used, s, len);
    w->used += len;
    return TDM_OK;
}

static int put_char(tdm_writer *w, char c)
{
    if (w->used == WRITER_BUFFER) {
        int rc = flush_buf(w);
        if (rc != TDM_OK) {
            return rc;
        }
    }
    w->buf[w->used++] = c;
    return TDM_OK;
}

/* Append s as a JSON string literal (RFC 8259 escapes; bytes >= 0x80 pass through). */
static int put_json_string(tdm_writer *w, const char *s, size_t len)
{
    static const char hex[] = "0123456789abcdef";
    size_t run = 0;
    int rc = put_char(w, '"');
    for (size_t i = 0; i < len && rc == TDM_OK; i++) {
        unsigned char c = (unsigned char)s[i];
        char esc[6];
        size_t n = 0;
        if (c >= 0x20 && c != '"' && c != '\\') {
            continue;
        }
        rc = put(w, s + run, i - run);
        run = i + 1;
        esc[n++] = '\\';
        switch (c) {
        case '"':
            esc[n++] = '"';
            break;
        case '\\':
            esc[n++] = '\\';
            break;
        case '\n':
            esc[n++] = 'n';
            break;
        case '\r':
            esc[n++] = 'r';
            break;
        case '\t':
            esc[n++] = 't';
            break;
        default:
            esc[n++] = 'u';
            esc[n++] = '0';
            esc[n++] = '0';
            esc[n++] = hex[c >> 4];
            esc[n++] = hex[c & 15];
            break;
        }
        if (rc == TDM_OK) {
            rc = put(w, esc, n);
        }
    }
    if (rc == TDM_OK) {
        rc = put(w, s + run, len - run);
    }
    return rc == TDM_OK ? put_char(w, '"') : rc;
}

/* Append s as a CSV field, quoted only when it contains , " CR or LF. */
static int put_csv_string(tdm_writer *w, const char *s, size_t len)
{
    int need = 0;
    int rc;
    for (size_t i = 0; i < len; i++) {
        if (s[i] == ',' || s[i] == '"' || s[i] == '\n' || s[i] == '\r') {
            need = 1;
            break;
        }
    }
    if (!need) {
        return put(w, s, len);
    }
    rc = put_char(w, '"');
    for (size_t i = 0; i < len && rc == TDM_OK; i++) {
        if (s[i] == '"') {
            rc = put_char(w, '"');
        }
        if (rc == TDM_OK) {
            rc = put_char(w, s[i]);
        }
    }
    return rc == TDM_OK ? put_char(w, '"') : rc;
}

static int begin_cell(tdm_writer *w)
{
    int rc = TDM_OK;
    if (w->failed) {
        return w->failed;
    }
    if (w->cell >= w->n_columns) {
        w->failed = TDM_EINVAL;
        return TDM_EINVAL;
    }
    if (w->fmt == TDM_FORMAT_JSON) {
        if (w->cell == 0) {
            rc = put(w, w->rows == 0 ? "[\n{" : ",\n{", 3);
        } else {
            rc = put_char(w, ',');
        }
        if (rc == TDM_OK) {
            rc = put(w, w->names[w->cell], w->name_len[w->cell]);
        }
    } else if (w->cell > 0) {
        rc = put_char(w, ',');
    }
    w->cell++;
    return rc;
}

int tdm_writer_open(tdm_writer **out, tdm_write_fn fn, void *ctx, tdm_format fmt,
                    const char *const *columns, size_t n_columns)
{
    tdm_writer *w;
    int rc = TDM_OK;
    *out = NULL;
    if (fn == NULL || columns == NULL || n_columns == 0 ||
        (fmt != TDM_FORMAT_CSV && fmt != TDM_FORMAT_JSON)) {
        return TDM_EINVAL;
    }
    for (size_t i = 0; i < n_columns; i++) {
        if (columns[i] == NULL || strlen(columns[i]) > MAX_NAME) {
            return TDM_EINVAL;
        }
    }
    w = tdm__calloc(1, sizeof *w);
    if (w == NULL) {
        return TDM_ENOMEM;
    }
    w->fn = fn;
    w->ctx = ctx;
    w->fmt = (int)fmt;
    w->n_columns = n_columns;
    w->buf = tdm__malloc(WRITER_BUFFER);
    w->names = tdm__calloc(n_columns, sizeof *w->names);
    w->name_len = tdm__calloc(n_columns, sizeof *w->name_len);
    w->nums = tdm__calloc(n_columns, sizeof *w->nums);
    if (w->buf == NULL || w->names == NULL || w->name_len == NULL || w->nums == NULL) {
        tdm_writer_free(w);
        return TDM_ENOMEM;
    }
    for (size_t i = 0; i < n_columns; i++) {
        w->nums[i].len = SIZE_MAX;
    }
    /* Render each key once, through the writer itself, then keep the bytes. */
    for (size_t i = 0; i < n_columns && rc == TDM_OK; i++) {
        size_t len = strlen(columns[i]);
        w->used = 0;
        if (fmt == TDM_FORMAT_JSON) {
            rc = put_json_string(w, columns[i], len);
            if (rc == TDM_OK) {
                rc = put_char(w, ':');
            }
        } else {
            rc = put_csv_string(w, columns[i], len);
        }
        if (rc == TDM_OK) {
            w->names[i] = tdm__strndup(w->buf, w->used);
            w->name_len[i] = w->used;
            rc = w->names[i] == NULL ? TDM_ENOMEM : TDM_OK;
        }
    }
    w->used = 0;
    if (rc == TDM_OK && fmt == TDM_FORMAT_CSV) {
        for (size_t i = 0; i < n_columns && rc == TDM_OK; i++) {
            if (i > 0) {
                rc = put_char(w, ',');
            }
            if (rc == TDM_OK) {
                rc = put(w, w->names[i], w->name_len[i]);
            }
        }
        if (rc == TDM_OK) {
            rc = put_char(w, '\n');
        }
    }
    if (rc != TDM_OK) {
        tdm_writer_free(w);
        return rc;
    }
    *out = w;
    return TDM_OK;
}

/* An empty CSV cell in a one-column table would make a blank line, which
 * readers skip, losing the row: write it as "" instead. */
static int empty_cell(tdm_writer *w)
{
    return w->n_columns == 1 ? put(w, "\"\"", 2) : TDM_OK;
}

int tdm_writer_str(tdm_writer *w, const char *s, size_t len)
{
    int rc = begin_cell(w);
    if (rc != TDM_OK) {
        return rc;
    }
    if (w->fmt == TDM_FORMAT_JSON) {
        return put_json_string(w, s, len);
    }
    return len == 0 ? empty_cell(w) : put_csv_string(w, s, len);
}

int tdm_writer_null(tdm_writer *w)
{
    int rc = begin_cell(w);
    if (rc != TDM_OK) {
        return rc;
    }
    return w->fmt == TDM_FORMAT_JSON ? put(w, "null", 4) : empty_cell(w);
}

int tdm_writer_num(tdm_writer *w, double v)
{
    num_cache *c;
    uint64_t bits;
    int rc;
    if (isnan(v) || (isinf(v) && w->fmt == TDM_FORMAT_JSON)) {
        return tdm_writer_null(w);
    }
    rc = begin_cell(w);
    if (rc != TDM_OK) {
        return rc;
    }
    c = &w->nums[w->cell - 1];
    memcpy(&bits, &v, sizeof bits);
    if (c->len == SIZE_MAX || c->bits != bits) {
        c->len = tdm_format_double(v, c->text);
        c->bits = bits;
    }
    return put(w, c->text, c->len);
}

int tdm_writer_int(tdm_writer *w, int64_t v)
{
    char tmp[24];
    char *p = tmp + sizeof tmp;
    uint64_t u = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
    int rc = begin_cell(w);
    if (rc != TDM_OK) {
        return rc;
    }
    do { /* digits from the right; no printf on the hot path */
        *--p = (char)('0' + u % 10);
        u /= 10;
    } while (u != 0);
    if (v < 0) {
        *--p = '-';
    }
    return put(w, p, (size_t)(tmp + sizeof tmp - p));
}

int tdm_writer_bool(tdm_writer *w, int b)
{
    int rc = begin_cell(w);
    if (rc != TDM_OK) {
        return rc;
    }
    if (w->fmt == TDM_FORMAT_JSON) {
        return b ? put(w, "true", 4) : put(w, "false", 5);
    }
    return b ? put(w, "TRUE", 4) : put(w, "FALSE", 5);
}

int tdm_writer_end_row(tdm_writer *w)
{
    int rc;
    if (w->failed) {
        return w->failed;
    }
    if (w->cell != w->n_columns) {
        w->failed = TDM_EINVAL;
        return TDM_EINVAL;
    }
    rc = w->fmt == TDM_FORMAT_JSON ? put_char(w, '}') : put_char(w, '\n');
    w->cell = 0;
    w->rows++;
    return rc;
}

int tdm_writer_finish(tdm_writer *w)
{
    int rc;
    if (w->failed) {
        return w->failed;
    }
    if (w->cell != 0) {
        return TDM_EINVAL;
    }
    if (w->fmt == TDM_FORMAT_JSON) {
        rc = w->rows == 0 ? put(w, "[]\n", 3) : put(w, "\n]\n", 3);
        if (rc != TDM_OK) {
            return rc;
        }
    }
    return flush_buf(w);
}

void tdm_writer_free(tdm_writer *w)
{
    if (w == NULL) {
        return;
    }
    if (w->names != NULL) {
        for (size_t i = 0; i < w->n_columns; i++) {
            tdm__free(w->names[i]);
        }
    }
    tdm__free(w->names);
    tdm__free(w->name_len);
    tdm__free(w->nums);
    tdm__free(w->buf);
    tdm__free(w);
}
