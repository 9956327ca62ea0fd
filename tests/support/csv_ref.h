/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * csv_ref.h - a tiny byte-at-a-time reference CSV parser for differential
 * tests and fuzzing of src/io/csv_reader.c (conventions 6 and 8.4).
 *
 * It is deliberately written as the plainest possible state machine over
 * RFC 4180, sharing no code or structure with the memchr-based reader, and it
 * accepts only *well-formed* input:
 *  - an optional UTF-8 byte-order mark at the very start;
 *  - records end with LF or CRLF; the last one may have no line end;
 *  - empty lines (LF or CRLF alone, where a record would start) are skipped;
 *  - a field is unquoted (no delimiter, quote, LF; CR only as part of CRLF)
 *    or quoted: '"' at the start of the field, "" for a quote inside, any
 *    byte (delimiter, CR, LF included) inside, and the closing quote followed
 *    by a delimiter, a line end or the end of input.
 * Anything else (stray quote, bare CR, unterminated quote) makes the input
 * "not well-formed" and csv_ref_parse returns CSV_REF_MALFORMED, so callers
 * only compare on inputs where RFC 4180 gives one clear answer.
 * Records may have different field counts: the caller decides what that
 * means (the reader under test must then report a ragged record).
 */
#ifndef TDM_CSV_REF_H
#define TDM_CSV_REF_H

#include <stddef.h>
#include <stdint.h>

typedef struct csv_ref_field {
    size_t off; /* into csv_ref.text */
    size_t len; /* unescaped length */
    int quoted; /* 1 if the field was enclosed in quotes */
} csv_ref_field;

typedef struct csv_ref_record {
    size_t first;   /* index of its first field in csv_ref.fields */
    size_t n;       /* number of fields */
    uint64_t line;  /* 1-based physical line where the record starts */
    size_t begin;   /* byte offset of its first byte in the input */
    size_t end;     /* byte offset just after its line end (or the input end) */
    int terminated; /* 1 if it ends with LF (or CRLF), 0 at the end of input */
} csv_ref_record;

typedef struct csv_ref {
    char *text; /* unescaped field bytes, back to back */
    size_t text_len, text_cap;
    csv_ref_field *fields;
    size_t n_fields, cap_fields;
    csv_ref_record *recs;
    size_t n_recs, cap_recs;
} csv_ref;

enum { CSV_REF_OK = 0, CSV_REF_MALFORMED = -1, CSV_REF_NOMEM = -2 };

/* Parse data[0..len) with the given delimiter into *out (initialised here;
 * free with csv_ref_free even on failure). @return a CSV_REF_* code. */
int csv_ref_parse(csv_ref *out, const char *data, size_t len, char delim);

/* Field j of record i. */
const csv_ref_field *csv_ref_get(const csv_ref *t, size_t i, size_t j);

void csv_ref_free(csv_ref *t);

#endif
