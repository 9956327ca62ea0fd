/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * csv_ref.c - see csv_ref.h. One pass, one byte at a time, one explicit
 * state; uses plain libc allocation (it is test code, outside libtandem).
 */
#include "csv_ref.h"

#include <stdlib.h>
#include <string.h>

typedef enum state {
    REC_START,   /* at the start of a record (blank lines are skipped here) */
    FIELD_START, /* at the start of a field after a delimiter */
    UNQUOTED,    /* inside an unquoted field */
    QUOTED,      /* inside a quoted field */
    QUOTE_SEEN,  /* just read a quote inside a quoted field: closing or "" */
    CR_SEEN,     /* just read a CR outside quotes: must be followed by LF */
    CR_BLANK     /* a CR at the start of a record: a blank CRLF line */
} state;

static int push_byte(csv_ref *t, char c)
{
    if (t->text_len == t->text_cap) {
        size_t ncap = t->text_cap ? t->text_cap * 2 : 256;
        char *p = realloc(t->text, ncap);
        if (p == NULL) {
            return CSV_REF_NOMEM;
        }
        t->text = p;
        t->text_cap = ncap;
    }
    t->text[t->text_len++] = c;
    return CSV_REF_OK;
}

static int begin_field(csv_ref *t, int quoted)
{
    if (t->n_fields == t->cap_fields) {
        size_t ncap = t->cap_fields ? t->cap_fields * 2 : 64;
        csv_ref_field *p = realloc(t->fields, ncap * sizeof *p);
        if (p == NULL) {
            return CSV_REF_NOMEM;
        }
        t->fields = p;
        t->cap_fields = ncap;
    }
    t->fields[t->n_fields].off = t->text_len;
    t->fields[t->n_fields].len = 0;
    t->fields[t->n_fields].quoted = quoted;
    t->n_fields++;
    t->recs[t->n_recs - 1].n++;
    return CSV_REF_OK;
}

static int begin_record(csv_ref *t, uint64_t line, size_t at)
{
    if (t->n_recs == t->cap_recs) {
        size_t ncap = t->cap_recs ? t->cap_recs * 2 : 64;
        csv_ref_record *p = realloc(t->recs, ncap * sizeof *p);
        if (p == NULL) {
            return CSV_REF_NOMEM;
        }
        t->recs = p;
        t->cap_recs = ncap;
    }
    t->recs[t->n_recs].first = t->n_fields;
    t->recs[t->n_recs].n = 0;
    t->recs[t->n_recs].line = line;
    t->recs[t->n_recs].begin = at;
    t->recs[t->n_recs].end = at;
    t->recs[t->n_recs].terminated = 0;
    t->n_recs++;
    return CSV_REF_OK;
}

/* Append a data byte to the current (last) field. */
static int add(csv_ref *t, char c)
{
    t->fields[t->n_fields - 1].len++;
    return push_byte(t, c);
}

/* The byte c starts a field (at a record start or after a delimiter). */
static int field_start(csv_ref *t, char c, char delim, state *st, uint64_t *line)
{
    int rc;
    if (c == '"') {
        *st = QUOTED;
        return begin_field(t, 1);
    }
    rc = begin_field(t, 0);
    if (rc != CSV_REF_OK) {
        return rc;
    }
    if (c == delim) {
        *st = FIELD_START; /* the field is empty; the next one starts */
    } else if (c == '\n') {
        (*line)++; /* empty last field */
        *st = REC_START;
    } else if (c == '\r') {
        *st = CR_SEEN;
    } else {
        *st = UNQUOTED;
        return add(t, c);
    }
    return CSV_REF_OK;
}

int csv_ref_parse(csv_ref *t, const char *data, size_t len, char delim)
{
    state st = REC_START;
    uint64_t line = 1;
    size_t i = 0;
    int rc = CSV_REF_OK;
    memset(t, 0, sizeof *t);
    /* text is never NULL, so text + off is valid even when all fields are empty */
    t->text = malloc(256);
    if (t->text == NULL) {
        return CSV_REF_NOMEM;
    }
    t->text_cap = 256;
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
        i = 3;
    }
    for (; i < len && rc == CSV_REF_OK; i++) {
        char c = data[i];
        switch (st) {
        case REC_START:
            if (c == '\n') {
                line++; /* blank line */
                break;
            }
            if (c == '\r') {
                st = CR_BLANK;
                break;
            }
            rc = begin_record(t, line, i);
            if (rc == CSV_REF_OK) {
                rc = field_start(t, c, delim, &st, &line);
            }
            break;
        case FIELD_START:
            rc = field_start(t, c, delim, &st, &line);
            break;
        case UNQUOTED:
            if (c == delim) {
                st = FIELD_START;
            } else if (c == '\n') {
                line++;
                st = REC_START;
            } else if (c == '\r') {
                st = CR_SEEN;
            } else if (c == '"') {
                return CSV_REF_MALFORMED; /* quote inside an unquoted field */
            } else {
                rc = add(t, c);
            }
            break;
        case QUOTED:
            if (c == '"') {
                st = QUOTE_SEEN;
            } else {
                if (c == '\n') {
                    line++;
                }
                rc = add(t, c);
            }
            break;
        case QUOTE_SEEN:
            if (c == '"') {
                rc = add(t, '"'); /* "" escape */
                st = QUOTED;
            } else if (c == delim) {
                st = FIELD_START;
            } else if (c == '\n') {
                line++;
                st = REC_START;
            } else if (c == '\r') {
                st = CR_SEEN;
            } else {
                return CSV_REF_MALFORMED; /* text after a closing quote */
            }
            break;
        case CR_SEEN:
        case CR_BLANK:
            if (c != '\n') {
                return CSV_REF_MALFORMED; /* bare CR */
            }
            line++;
            st = REC_START;
            break;
        }
        if (st == REC_START && t->n_recs > 0 && !t->recs[t->n_recs - 1].terminated && c == '\n') {
            t->recs[t->n_recs - 1].end = i + 1; /* the LF that ended the record */
            t->recs[t->n_recs - 1].terminated = 1;
        }
    }
    if (rc != CSV_REF_OK) {
        return rc;
    }
    if (st == QUOTED || st == CR_SEEN || st == CR_BLANK) {
        return CSV_REF_MALFORMED; /* unterminated quote, or a bare CR at the end */
    }
    if (st == FIELD_START) {
        /* "a," at the very end: the trailing delimiter opens one empty field */
        rc = begin_field(t, 0);
    }
    if (t->n_recs > 0 && !t->recs[t->n_recs - 1].terminated) {
        t->recs[t->n_recs - 1].end = len;
    }
    return rc;
}

const csv_ref_field *csv_ref_get(const csv_ref *t, size_t i, size_t j)
{
    return &t->fields[t->recs[i].first + j];
}

void csv_ref_free(csv_ref *t)
{
    free(t->text);
    free(t->fields);
    free(t->recs);
    memset(t, 0, sizeof *t);
}
