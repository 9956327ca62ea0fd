/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * tandem.h - the only public header of libtandem.
 *
 * libtandem holds the numeric kernels (statistical process control, indicator
 * statistics, peers, pairing, aggregation), a streaming CSV reader and a
 * table writer. The `tandem` command-line tool and the local dashboard are
 * thin clients of this header and never reach into src/.
 *
 * Conventions that hold for every function below unless its comment says
 * otherwise:
 *  - Fallible functions return int: TDM_OK (0) or a negative tdm_status.
 *  - Functions that can fail for reasons a user must understand take a
 *    caller-owned `tdm_error *err` as their last argument (may be NULL).
 *    The return value is authoritative; `err` only explains it.
 *  - Missing values are quiet NaN. Each kernel documents whether it
 *    propagates NaN or skips and counts it.
 *  - Handles are opaque; `tdm_X_free(NULL)` is a no-op.
 *  - Options structs start with `unsigned int version` and are initialised by
 *    `tdm_X_options_init()`; new fields are only ever appended.
 */
#ifndef TANDEM_H
#define TANDEM_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__) && defined(TDM_BUILDING)
#define TDM_API __attribute__((visibility("default")))
#else
#define TDM_API
#endif

/* ========================================================================
 * Version
 * ======================================================================== */

#define TDM_VERSION_MAJOR  0
#define TDM_VERSION_MINOR  1
#define TDM_VERSION_PATCH  0
#define TDM_VERSION_NUMBER (TDM_VERSION_MAJOR * 10000 + TDM_VERSION_MINOR * 100 + TDM_VERSION_PATCH)
#define TDM_VERSION_STRING "0.1.0"

/** @return TDM_VERSION_NUMBER of the library actually linked. */
TDM_API int tdm_version_number(void);
/** @return TDM_VERSION_STRING of the library actually linked (static, never NULL). */
TDM_API const char *tdm_version_string(void);

/* ========================================================================
 * Status codes and errors
 * ======================================================================== */

typedef enum tdm_status {
    TDM_OK = 0,
    TDM_ENOMEM = -1,    /* allocation failed */
    TDM_EINVAL = -2,    /* API misuse: NULL where not allowed, bad option value */
    TDM_EDOMAIN = -3,   /* inputs outside the method's domain (x > n, negative count) */
    TDM_EPARSE = -4,    /* malformed text input (CSV, number, date) */
    TDM_EIO = -5,       /* read or write failed; errno text in the message */
    TDM_ELIMIT = -6,    /* configured limit exceeded (record size, column count) */
    TDM_ENOTFOUND = -7, /* named column, group or entry absent */
    TDM_ESOLVER = -8    /* optimiser failed or problem infeasible */
} tdm_status;

/** Caller-owned error detail. Never needs freeing; no allocation on error paths. */
typedef struct tdm_error {
    int status;        /* same value the function returned */
    uint64_t line;     /* 1-based physical input line, 0 = not applicable */
    uint32_t field;    /* 1-based field (column) index, 0 = not applicable */
    char message[256]; /* UTF-8, NUL-terminated; says where and what */
} tdm_error;

/** @return static description of a status code; never NULL. */
TDM_API const char *tdm_strerror(int status);

/* ========================================================================
 * Allocator hook
 * ======================================================================== */

typedef struct tdm_allocator {
    void *(*malloc)(void *ctx, size_t size);
    void *(*realloc)(void *ctx, void *ptr, size_t old_size, size_t new_size);
    void (*free)(void *ctx, void *ptr, size_t size);
    void *ctx;
} tdm_allocator;

/**
 * Route every allocation libtandem makes through `a` (copied). Call before any
 * other tandem function; NULL restores libc. Third-party libraries (Rmath,
 * {fmt}) keep their own allocators.
 * @return TDM_OK, or TDM_EINVAL if a function pointer in `a` is NULL.
 */
TDM_API int tdm_set_allocator(const tdm_allocator *a);

/* ========================================================================
 * Numbers and dates as text (locale-independent)
 * ======================================================================== */

/** Bytes enough for any output of tdm_format_double, including the NUL. */
#define TDM_NUMBUF 32

/**
 * Parse a decimal number: optional sign, digits with an optional '.', optional
 * exponent; surrounding spaces and tabs are ignored. Thousands separators,
 * percent signs, hexadecimal, "inf" and "nan" are rejected: tandem does not
 * guess. Exact: the result is the correctly rounded double (a Clinger fast
 * path for up to 15 significant digits and |exponent| <= 22, else strtod in
 * the C locale).
 * @param s   text, need not be NUL-terminated. Not NULL unless len is 0.
 * @param len length of s in bytes.
 * @param out receives the value; set to NaN on failure.
 * @return TDM_OK, TDM_EPARSE if the text is empty or not a number (or
 *         overflows to infinity), or TDM_ENOMEM if text longer than 127 bytes
 *         could not be copied for strtod.
 */
TDM_API int tdm_parse_double(const char *s, size_t len, double *out);

/**
 * Format v as the shortest decimal string that reads back to the same double
 * (plain notation for 1e-6 <= |v| < 1e21, exponent notation outside).
 * -0 prints as "0"; infinities as "Inf" and "-Inf"; NaN as "" (length 0).
 * @param buf at least TDM_NUMBUF bytes; NUL-terminated on return.
 * @return the string length.
 * Reference: shortest round trip by Dragonbox (Jeon 2020) from the {fmt}
 * library; layout as ECMAScript Number.prototype.toString.
 */
TDM_API size_t tdm_format_double(double v, char *buf);

/**
 * Parse an ISO 8601 calendar date "YYYY-MM-DD" (year 0001-9999, validated
 * against the Gregorian calendar) into days since 1970-01-01. A midnight
 * time after it ("T00:00", " 00:00:00", "T00:00:00.000Z") is accepted, as
 * database and spreadsheet exports add one; any other time is rejected.
 * @return TDM_OK, or TDM_EPARSE (out untouched).
 */
TDM_API int tdm_parse_date(const char *s, size_t len, int32_t *days);

/**
 * Parse a UK day-first date "DD/MM/YYYY" (separator /, - or .; one- or
 * two-digit day and month) into days since 1970-01-01. Never guessed: only
 * called when the user says dates are day first.
 * @return TDM_OK, or TDM_EPARSE (out untouched).
 */
TDM_API int tdm_parse_date_dmy(const char *s, size_t len, int32_t *days);

/**
 * Format days since 1970-01-01 as "YYYY-MM-DD".
 * @param buf at least 11 bytes. @return 10, or 0 if the year is outside 1..9999.
 */
TDM_API size_t tdm_format_date(int32_t days, char *buf);

/* ========================================================================
 * Streaming CSV reader (RFC 4180)
 * ======================================================================== */

typedef struct tdm_csv_reader tdm_csv_reader;

#define TDM_CSV_FIELD_QUOTED 0x1u /* the field was enclosed in quotes */

/** A field: a view into the reader's buffer, already unescaped ("" -> "). */
typedef struct tdm_csv_field {
    const char *ptr; /* not NUL-terminated */
    size_t len;
    unsigned int flags; /* TDM_CSV_FIELD_* */
} tdm_csv_field;

/** One record. Everything it points to stays valid until the next call on the reader. */
typedef struct tdm_csv_record {
    const tdm_csv_field *fields;
    size_t n_fields;
    uint64_t line;  /* physical line on which the record starts (1-based) */
    uint64_t index; /* 1-based data record number (header excluded) */
} tdm_csv_record;

typedef enum tdm_csv_ragged {
    TDM_CSV_RAGGED_ERROR = 0, /* a record with a different field count is an error */
    TDM_CSV_RAGGED_PAD = 1    /* short records are padded with empty fields */
} tdm_csv_ragged;

typedef struct tdm_csv_options {
    unsigned int version;
    char delimiter;          /* ',' (default), '\t' or ';' */
    int header;              /* 1 (default): the first record names the columns */
    int ragged;              /* tdm_csv_ragged */
    int lenient_quotes;      /* 0 (default): a stray quote is an error; 1: kept as data */
    size_t max_record_bytes; /* default 64 MiB; a longer record is TDM_ELIMIT */
    size_t max_fields;       /* default 65536 */
} tdm_csv_options;

#define TDM_CSV_OPTIONS_VERSION 1
/** Fill `o` with the defaults above. */
TDM_API void tdm_csv_options_init(tdm_csv_options *o);

/**
 * Open a reader on a file path; NULL or "-" reads standard input. With
 * `opt->header` the header record is read at once (an empty input is then a
 * TDM_EPARSE "empty input" error). A UTF-8 byte-order mark is skipped.
 * @param out receives the handle (NULL on error); free with tdm_csv_reader_free.
 * @param opt NULL for defaults.
 * @return TDM_OK, TDM_EIO (cannot open/read), TDM_EPARSE, TDM_ELIMIT, TDM_ENOMEM.
 */
TDM_API int tdm_csv_reader_open_path(tdm_csv_reader **out, const char *path,
                                     const tdm_csv_options *opt, tdm_error *err);

/**
 * Open a reader over a memory buffer, which must outlive the reader. Used by
 * tests and fuzzers. Same semantics as tdm_csv_reader_open_path.
 */
TDM_API int tdm_csv_reader_open_buffer(tdm_csv_reader **out, const char *data, size_t len,
                                       const tdm_csv_options *opt, tdm_error *err);

/**
 * Read the next record.
 * @return 1 (record in *rec), 0 (end of input) or a negative status with the
 *         physical line and field in err. After an error the reader is done.
 */
TDM_API int tdm_csv_reader_next(tdm_csv_reader *r, tdm_csv_record *rec, tdm_error *err);

/** Header names (valid until tdm_csv_reader_free); n is 0 without a header. */
TDM_API const tdm_csv_field *tdm_csv_reader_header(const tdm_csv_reader *r, size_t *n);

/**
 * Resolve a header name to a 0-based column index (exact, case-sensitive
 * match; the message suggests a near match and lists the columns otherwise).
 * @return TDM_OK, TDM_ENOTFOUND, or TDM_EINVAL without a header.
 */
TDM_API int tdm_csv_reader_column(const tdm_csv_reader *r, const char *name, size_t *idx,
                                  tdm_error *err);

/** @return 1 if tdm_csv_reader_rewind can work (a regular file or a buffer). */
TDM_API int tdm_csv_reader_can_rewind(const tdm_csv_reader *r);

/** Go back to the first data record (header kept). @return TDM_OK, TDM_EIO, TDM_EINVAL. */
TDM_API int tdm_csv_reader_rewind(tdm_csv_reader *r, tdm_error *err);

/** Name for messages: the path, or "<stdin>" / "<buffer>" (static or reader-owned). */
TDM_API const char *tdm_csv_reader_name(const tdm_csv_reader *r);

/** Free the reader and close its file (not standard input). NULL is a no-op. */
TDM_API void tdm_csv_reader_free(tdm_csv_reader *r);

/* ========================================================================
 * Table writer (CSV or JSON, streaming, deterministic)
 * ======================================================================== */

typedef struct tdm_writer tdm_writer;

typedef enum tdm_format { TDM_FORMAT_CSV = 0, TDM_FORMAT_JSON = 1 } tdm_format;

/** Sink for the writer: write all `len` bytes or return a negative status. */
typedef int (*tdm_write_fn)(void *ctx, const void *buf, size_t len);

/**
 * Create a writer for a table with the given column names. CSV writes a
 * header line and RFC 4180 quoting; JSON writes an array of objects, one per
 * row, keys in column order. Numbers are shortest round-trip; NaN is an empty
 * CSV field or JSON null. The names are copied.
 * @return TDM_OK, TDM_EINVAL (also for a NULL name or one longer than
 *         43690 bytes), TDM_ENOMEM.
 */
TDM_API int tdm_writer_open(tdm_writer **out, tdm_write_fn fn, void *ctx, tdm_format fmt,
                            const char *const *columns, size_t n_columns);
/** Next cell: a string (CSV-quoted when needed, JSON-escaped). */
TDM_API int tdm_writer_str(tdm_writer *w, const char *s, size_t len);
/** Next cell: a number (NaN -> empty / null, Inf -> "Inf" / null). */
TDM_API int tdm_writer_num(tdm_writer *w, double v);
/** Next cell: an integer. */
TDM_API int tdm_writer_int(tdm_writer *w, int64_t v);
/** Next cell: a boolean (CSV TRUE/FALSE, JSON true/false). */
TDM_API int tdm_writer_bool(tdm_writer *w, int b);
/** Next cell: missing (CSV empty, JSON null). */
TDM_API int tdm_writer_null(tdm_writer *w);
/** End the current row; the cell count must equal the column count (TDM_EINVAL). */
TDM_API int tdm_writer_end_row(tdm_writer *w);
/** Close the table (JSON "]") and flush everything to the sink. */
TDM_API int tdm_writer_finish(tdm_writer *w);
/** Free the writer without flushing. NULL is a no-op. */
TDM_API void tdm_writer_free(tdm_writer *w);

/* ========================================================================
 * Series reader: a long CSV grouped into time-ordered series
 * ======================================================================== */

typedef struct tdm_series_reader tdm_series_reader;

typedef enum tdm_series_mode {
    TDM_SERIES_AUTO = 0,   /* stream while rows arrive grouped; otherwise re-read and hold */
    TDM_SERIES_STREAM = 1, /* rows must arrive grouped by series (error otherwise) */
    TDM_SERIES_HOLD = 2    /* hold the parsed columns of every row, then group */
} tdm_series_mode;

typedef enum tdm_time_kind {
    TDM_TIME_NONE = 0,
    TDM_TIME_DATE = 1,   /* ISO dates, stored as days since 1970-01-01 */
    TDM_TIME_INTEGER = 2 /* integer periods */
} tdm_time_kind;

typedef enum tdm_date_format {
    TDM_DATE_ISO = 0, /* YYYY-MM-DD, optionally with a midnight time (T00:00:00, Z) */
    TDM_DATE_DMY = 1  /* DD/MM/YYYY (UK day first; also - or . as separator) */
} tdm_date_format;

typedef struct tdm_series_spec {
    unsigned int version;
    const char *key_column;         /* series identifier; NULL: one series */
    const char *time_column;        /* date or integer period; required */
    const char *const *num_columns; /* per-row numeric columns */
    size_t n_num;
    const char *const *attr_columns; /* per-series text: first non-empty value */
    size_t n_attr;
    const char *const *na_strings; /* NULL: "", "NA", "NULL", "." */
    size_t n_na;
    const char *const *suppressed; /* NULL: "*", "c", "[c]", "[x]" (counted apart) */
    size_t n_suppressed;
    int allow_duplicate_times; /* 0: two rows with one time in a series is an error */
    int mode;                  /* tdm_series_mode */
    int date_format;           /* tdm_date_format: how dates are written in the time column */
} tdm_series_spec;

#define TDM_SERIES_SPEC_VERSION 1
/** Fill `s` with defaults (all NULL / 0, mode AUTO). */
TDM_API void tdm_series_spec_init(tdm_series_spec *s);

/** One complete series, rows ordered by time (ties by input order). */
typedef struct tdm_series {
    const char *key; /* series identifier (NUL-terminated) */
    size_t key_len;
    size_t n;                   /* rows */
    const int64_t *time;        /* n times, ascending */
    const double *const *num;   /* n_num arrays of n values; NaN = missing */
    const uint64_t *line;       /* physical input line of each row */
    const size_t *n_missing;    /* per numeric column: NA values */
    const size_t *n_suppressed; /* per numeric column: suppressed values */
    const char *const *attr;    /* per attribute: NUL-terminated value, or NULL */
    const uint64_t *attr_line;  /* per attribute: line it came from (0 if none) */
    int time_kind;              /* tdm_time_kind */
    size_t ordinal;             /* 0-based order of first appearance */
} tdm_series;

/** Returned by tdm_series_reader_next: discard all results so far and start over. */
#define TDM_SERIES_RESTART 2

/**
 * Open a series reader over a CSV reader (borrowed: it must outlive this
 * handle). Columns are resolved against the header at once.
 * @return TDM_OK, TDM_ENOTFOUND (column), TDM_EINVAL, TDM_ENOMEM.
 */
TDM_API int tdm_series_reader_open(tdm_series_reader **out, tdm_csv_reader *csv,
                                   const tdm_series_spec *spec, tdm_error *err);

/**
 * Produce the next series, in order of first appearance.
 * In TDM_SERIES_AUTO mode on a rewindable input, rows are streamed while they
 * arrive grouped (memory bounded by the largest series). If a series
 * reappears after another one started, the reader rewinds, switches to
 * holding every row's parsed columns, and returns TDM_SERIES_RESTART: the
 * caller discards what it produced and calls again. Non-rewindable input
 * (a pipe) is held from the start.
 * @return 1 (series in *s, valid until the next call), 0 (end),
 *         TDM_SERIES_RESTART, or a negative status: TDM_EPARSE for a
 *         non-numeric value, a bad or missing time, an empty key or (unless
 *         allowed) a duplicate time, with the line and column in err.
 */
TDM_API int tdm_series_reader_next(tdm_series_reader *r, tdm_series *s, tdm_error *err);

/** Rows read so far (all series). */
TDM_API uint64_t tdm_series_reader_rows(const tdm_series_reader *r);

/** 1 if the reader ended up holding rows (input not grouped, or a pipe). */
TDM_API int tdm_series_reader_held(const tdm_series_reader *r);

/** Free the reader (not the CSV reader). NULL is a no-op. */
TDM_API void tdm_series_reader_free(tdm_series_reader *r);

/* ========================================================================
 * Statistical process control: Making Data Count XmR charts
 * Method: NHS England "Making Data Count"; semantics of NHSRplotthedots 0.2.2
 * as restated in docs/numerics.md (spc.*) with the documented differences.
 * ======================================================================== */

typedef enum tdm_improvement {
    TDM_IMPROVEMENT_DECREASE = -1,
    TDM_IMPROVEMENT_NEUTRAL = 0,
    TDM_IMPROVEMENT_INCREASE = 1
} tdm_improvement;

/** Special-cause label of a point (first matching rule wins, in this order). */
typedef enum tdm_spc_label {
    TDM_SPC_LABEL_NONE = 0,           /* missing value: no label */
    TDM_SPC_LABEL_COMMON_CAUSE,       /* "Common Cause" */
    TDM_SPC_LABEL_ABOVE_UPL,          /* "Above UCL" */
    TDM_SPC_LABEL_BELOW_LPL,          /* "Below LCL" */
    TDM_SPC_LABEL_TREND_UP,           /* "7 Point Trend (Increasing)" */
    TDM_SPC_LABEL_TREND_DOWN,         /* "7 Point Trend (Decreasing)" */
    TDM_SPC_LABEL_TWO_IN_THREE_ABOVE, /* "2 in 3 Above CL" */
    TDM_SPC_LABEL_TWO_IN_THREE_BELOW, /* "2 in 3 Below CL" */
    TDM_SPC_LABEL_SHIFT_ABOVE,        /* "7 Points Above CL" */
    TDM_SPC_LABEL_SHIFT_BELOW         /* "7 Points Below CL" */
} tdm_spc_label;

typedef enum tdm_spc_point_type {
    TDM_SPC_POINT_NONE = 0, /* missing value */
    TDM_SPC_POINT_COMMON_CAUSE,
    TDM_SPC_POINT_IMPROVEMENT,
    TDM_SPC_POINT_CONCERN,
    TDM_SPC_POINT_NEUTRAL_HIGH,
    TDM_SPC_POINT_NEUTRAL_LOW
} tdm_spc_point_type;

typedef enum tdm_spc_variation {
    TDM_SPC_VARIATION_NONE = 0, /* no observed point */
    TDM_SPC_VARIATION_COMMON_CAUSE,
    TDM_SPC_VARIATION_IMPROVEMENT_HIGH,
    TDM_SPC_VARIATION_IMPROVEMENT_LOW,
    TDM_SPC_VARIATION_CONCERN_HIGH,
    TDM_SPC_VARIATION_CONCERN_LOW,
    TDM_SPC_VARIATION_NEUTRAL_HIGH,
    TDM_SPC_VARIATION_NEUTRAL_LOW
} tdm_spc_variation;

typedef enum tdm_spc_assurance {
    TDM_SPC_ASSURANCE_NONE = 0,    /* no target, neutral direction, or no limits */
    TDM_SPC_ASSURANCE_PASS,        /* target beyond the limits on the good side */
    TDM_SPC_ASSURANCE_FAIL,        /* target beyond the limits on the bad side */
    TDM_SPC_ASSURANCE_INCONSISTENT /* target within the limits: hit and miss */
} tdm_spc_assurance;

/* Rule membership bits in tdm_spc_point.rules */
#define TDM_SPC_RULE_OUTSIDE      0x1u /* R1: beyond a process limit */
#define TDM_SPC_RULE_SHIFT        0x2u /* R2: run of points on one side of the mean */
#define TDM_SPC_RULE_TREND        0x4u /* R3: run of strictly rising or falling points */
#define TDM_SPC_RULE_TWO_IN_THREE 0x8u /* R4: two of three beyond the near limits */

typedef struct tdm_spc_options {
    unsigned int version;
    int improvement;     /* tdm_improvement; default INCREASE (as NHSRplotthedots) */
    double target;       /* NaN (default): no target, no assurance icon */
    int screen;          /* 1 (default): drop moving ranges >= 3.267 x mean MR, once */
    size_t fix_after;    /* 0 (default): limits from the whole phase; else the first
                            fix_after observed points of each phase (>= 12) */
    size_t shift_length; /* 7: points on one side of the mean */
    size_t trend_length; /* 7: points strictly rising or falling */
    size_t short_phase;  /* 13: phases with fewer observed points are flagged short */
} tdm_spc_options;

#define TDM_SPC_OPTIONS_VERSION 1
#define TDM_SPC_MIN_FIX_AFTER   12
/** Fill `o` with the Making Data Count defaults above. */
TDM_API void tdm_spc_options_init(tdm_spc_options *o);

/** Per-point result. Phase values are repeated on every point of the phase. */
typedef struct tdm_spc_point {
    double mean;             /* centre line of the phase */
    double lpl;              /* lower process limit, mean - 2.66 mR */
    double upl;              /* upper process limit, mean + 2.66 mR */
    double nlpl;             /* lower near limit (2 sigma), mean - 1.7733 mR */
    double nupl;             /* upper near limit (2 sigma), mean + 1.7733 mR */
    double amr;              /* average moving range used for the limits */
    uint32_t phase;          /* 0-based running count of rebase flags */
    uint32_t point_in_phase; /* 1-based row position within the phase */
    int8_t side;             /* sign(value - mean); 0 for a missing value */
    uint8_t missing;         /* 1: value is NaN (skipped by every computation) */
    uint8_t baseline;        /* 1: point was used for the mean and limits */
    uint8_t outside;         /* beyond a process limit (strict) */
    uint8_t close;           /* beyond a near limit but not outside */
    uint8_t rules;           /* TDM_SPC_RULE_* bits of the patterns it belongs to */
    uint8_t label;           /* tdm_spc_label */
    uint8_t point_type;      /* tdm_spc_point_type */
} tdm_spc_point;

/** Per-phase result. */
typedef struct tdm_spc_phase {
    uint32_t index;    /* phase number (as tdm_spc_point.phase) */
    size_t start;      /* first row of the phase */
    size_t n;          /* rows in the phase, including missing values */
    size_t n_obs;      /* observed (non-missing) values */
    size_t n_baseline; /* observed values used for the limits */
    size_t n_mr;       /* moving ranges before screening */
    size_t n_mr_used;  /* moving ranges after screening */
    double mean, lpl, upl, nlpl, nupl, amr;
    size_t common_cause; /* observed points not in any special-cause pattern */
    size_t improvement;  /* points labelled special cause improvement */
    size_t concern;      /* points labelled special cause concern */
    size_t neutral;      /* special causes when the direction is neutral */
    int short_phase;     /* 1 if n_obs < options.short_phase */
    int variation;       /* point type of the phase's last observed point */
    int assurance;       /* tdm_spc_assurance; only set on the last phase */
} tdm_spc_phase;

/** Per-series result. */
typedef struct tdm_spc_summary {
    size_t n;         /* rows */
    size_t n_obs;     /* observed values */
    size_t n_missing; /* missing values */
    size_t n_phases;
    size_t n_special;                       /* observed points with a special-cause label */
    size_t last;                            /* row of the last observed point (n if none) */
    double mean, lpl, upl, nlpl, nupl, amr; /* of the last phase */
    int variation;                          /* tdm_spc_variation of the last observed point */
    int assurance;                          /* tdm_spc_assurance against the target */
    int short_phase;                        /* 1 if any phase is short */
} tdm_spc_summary;

/**
 * Compute a Making Data Count XmR chart for one time-ordered series.
 * Missing values (NaN) are skipped and counted: they take no part in the mean,
 * moving ranges or rules; a moving range needs two consecutive observed rows,
 * so a gap removes the ranges into and out of it (SPEC: spc.missing).
 * Infinite values are rejected (TDM_EDOMAIN).
 * @param y        n values in time order.
 * @param rebase   n flags (1 = first point of a new phase) or NULL.
 * @param n        number of rows (0 is allowed: an empty summary).
 * @param opt      options, NULL for defaults.
 * @param points   n elements, filled. Not NULL unless n is 0.
 * @param phases   capacity n (at most one phase per row) or NULL.
 * @param summary  series result or NULL.
 * @return TDM_OK; TDM_EINVAL for bad options (fix_after between 1 and 11,
 *         lengths below 2); TDM_EDOMAIN for an infinite value; TDM_ENOMEM.
 * Reference: NHSRplotthedots 0.2.2 (ptd_spc); Making Data Count (NHS England).
 */
TDM_API int tdm_spc_compute(const double *y, const uint8_t *rebase, size_t n,
                            const tdm_spc_options *opt, tdm_spc_point *points,
                            tdm_spc_phase *phases, tdm_spc_summary *summary);

/**
 * Label text, with the configured rule lengths (the MDC defaults give
 * "7 Points Above CL" and "7 Point Trend (Increasing)").
 * @param buf at least 32 bytes. @return buf ("" for TDM_SPC_LABEL_NONE).
 */
TDM_API const char *tdm_spc_label_text(int label, const tdm_spc_options *opt, char *buf);
/** "common_cause", "special_cause_improvement", ... ("" for NONE). Static. */
TDM_API const char *tdm_spc_point_type_name(int point_type);
/** "common_cause", "improvement_high", ... ("" for NONE). Static. */
TDM_API const char *tdm_spc_variation_name(int variation);
/** Icon name: "pass", "fail", "inconsistent" ("" for NONE). Static. */
TDM_API const char *tdm_spc_assurance_name(int assurance);
/** Type name as in NHSRplotthedots summaries: "consistent_pass", "consistent_fail",
 *  "inconsistent" ("" for NONE). Static. */
TDM_API const char *tdm_spc_assurance_type_name(int assurance);
/**
 * Parse "increase" / "decrease" / "neutral" (also "higher"/"lower", case-insensitive).
 * @return TDM_OK or TDM_EPARSE.
 */
TDM_API int tdm_improvement_parse(const char *s, size_t len, int *out);
/** "increase", "decrease" or "neutral". Static. */
TDM_API const char *tdm_improvement_name(int improvement);

/* ========================================================================
 * Statistical process control: run and attribute charts (qicharts2)
 * Method: run charts judged by Anhoej's rules and Shewhart control charts
 * with the semantics of qicharts2 0.8.1 (qic), restated in
 * docs/methods/spc-qic.md (qic.*) with the documented differences.
 * ======================================================================== */

/** Chart types, as qicharts2's `chart` argument. */
typedef enum tdm_qic_chart {
    TDM_QIC_RUN = 0,  /* run chart: median centre line, no limits */
    TDM_QIC_I = 1,    /* individuals (XmR) */
    TDM_QIC_MR = 2,   /* moving ranges of the individuals */
    TDM_QIC_XBAR = 3, /* subgroup means */
    TDM_QIC_S = 4,    /* subgroup standard deviations */
    TDM_QIC_T = 5,    /* time between rare events (I chart of y^(1/3.6)) */
    TDM_QIC_P = 6,    /* proportions: numerator / denominator */
    TDM_QIC_PP = 7,   /* Laney's P' (P chart allowing for overdispersion) */
    TDM_QIC_C = 8,    /* counts */
    TDM_QIC_U = 9,    /* rates: count / exposure */
    TDM_QIC_UP = 10,  /* Laney's U' */
    TDM_QIC_G = 11,   /* opportunities or cases between rare events */
    TDM_QIC_IP = 12   /* Taylor's I' (individuals of rates with varying denominators) */
} tdm_qic_chart;

/** Runs analysis rules (qicharts2 `method`). */
typedef enum tdm_anhoej_method {
    TDM_ANHOEJ = 0,         /* Anhoej rules: longest run and number of crossings */
    TDM_ANHOEJ_BESTBOX = 1, /* best box (Anhoej & Wentzel-Larsen 2020), 10 <= n <= 100 */
    TDM_ANHOEJ_CUTBOX = 2   /* cut box: best box with its border region */
} tdm_anhoej_method;

/** How several values of one subgroup make the plotted value (no denominators). */
typedef enum tdm_qic_agg {
    TDM_QIC_AGG_MEAN = 0, /* default */
    TDM_QIC_AGG_MEDIAN = 1,
    TDM_QIC_AGG_SUM = 2,
    TDM_QIC_AGG_SD = 3
} tdm_qic_agg;

/** Result of a runs analysis. Counts are 0 when n_useful is 0 (qicharts2: NA). */
typedef struct tdm_anhoej_result {
    size_t n_obs;           /* points analysed: included points, missing values counted */
    size_t n_useful;        /* points neither missing nor on the centre line */
    size_t longest_run;     /* longest run of useful points on one side of the centre line */
    size_t longest_run_max; /* longest run expected: round(log2(n_useful)) + 3 */
    size_t n_crossings;     /* times the useful points cross the centre line */
    size_t n_crossings_min; /* fewest crossings expected: qbinom(0.05, n_useful - 1, 0.5) */
    int runs_signal;        /* 1: non-random variation by the chosen method */
} tdm_anhoej_result;

/**
 * Anhoej's thresholds for a run chart with n useful points.
 * @param n_useful        points neither missing nor on the centre line (>= 1).
 * @param longest_run_max receives round(log2(n_useful)) + 3 (Schilling 2012). Not NULL.
 * @param n_crossings_min receives the 5th percentile of Binomial(n_useful - 1, 0.5)
 *                        (Chen 2010), computed by libRmath's qbinom as R does. Not NULL.
 * @return TDM_OK; TDM_EDOMAIN if n_useful is 0 (both set to 0); TDM_EINVAL for NULL.
 * Reference: Anhoej & Olesen (2014) PLoS ONE 9(11): e113825; qicharts2 0.8.1
 * runs.analysis. Table for n = 1..100 in docs/methods/spc-qic.md.
 */
TDM_API int tdm_anhoej_thresholds(size_t n_useful, size_t *longest_run_max,
                                  size_t *n_crossings_min);

/**
 * Is there a runs signal for these run statistics? (qicharts2 crsignal.)
 * Anhoej: longest_run > longest_run_max or n_crossings < n_crossings_min.
 * Best box / cut box use the tables of Anhoej & Wentzel-Larsen (2020) for
 * 10 <= n_useful <= 100 and fall back to Anhoej's rules outside that range.
 * @return 1 (signal), 0 (none), TDM_EINVAL for a bad method, TDM_EDOMAIN if
 *         n_useful is 0 or a statistic is impossible for n_useful.
 * Reference: Anhoej & Wentzel-Larsen (2020) PLoS ONE 15(5): e0233920.
 */
TDM_API int tdm_anhoej_signal(size_t n_useful, size_t longest_run, size_t n_crossings, int method);

/**
 * Runs analysis of y against a centre line (qicharts2 runs.analysis).
 * Points with include[i] == 0 are ignored; missing values (NaN) and points
 * exactly on the centre line are counted in n_obs but are not useful: they
 * neither break nor extend a run.
 * @param y       n values in time order. Not NULL unless n is 0.
 * @param n       number of points.
 * @param cl      centre line; NaN makes every point not useful.
 * @param include n flags or NULL (all included).
 * @param method  tdm_anhoej_method.
 * @param out     receives the statistics. Not NULL.
 * @return TDM_OK, or TDM_EINVAL (NULL pointer, bad method).
 * NaN:       missing values are skipped and counted in n_obs.
 * Reference: Anhoej (2015) PLoS ONE 10(3): e0121349; qicharts2 0.8.1.
 */
TDM_API int tdm_anhoej_runs(const double *y, size_t n, double cl, const uint8_t *include,
                            int method, tdm_anhoej_result *out);

typedef struct tdm_qic_options {
    unsigned int version;
    int chart;       /* tdm_qic_chart; default TDM_QIC_RUN (as qicharts2) */
    int method;      /* tdm_anhoej_method; default TDM_ANHOEJ */
    int screen;      /* 1 (default): drop moving ranges >= 3.267 x their mean once
                        (I, T, P', U'; 3.2665 for I'), as qicharts2 when attached */
    int agg;         /* tdm_qic_agg for subgroups without denominators; default mean */
    size_t freeze;   /* 0 (default): every subgroup is baseline; else the first
                        `freeze` subgroups give the centre line and limits */
    double multiply; /* 1 (default): scale for y, centre line and limits (> 0) */
    double cl;       /* NaN (default): computed; else a fixed centre line */
    int y_neg;       /* 1 (default): keep negative lower limits; 0: set them to 0
                        when no value of the series is negative */
} tdm_qic_options;

#define TDM_QIC_OPTIONS_VERSION 1
/** Fill `o` with the qicharts2 defaults above. */
TDM_API void tdm_qic_options_init(tdm_qic_options *o);

/** One series as rows (several rows with one time make a subgroup). */
typedef struct tdm_qic_input {
    size_t rows;            /* number of rows */
    const int64_t *time;    /* rows times, ascending; equal times make one subgroup;
                               NULL: every row is its own subgroup */
    const double *y;        /* rows values, or numerators with `n`; NaN = missing */
    const double *n;        /* rows denominators, or NULL; NaN = missing */
    const uint8_t *part;    /* rows flags, 1 on the first row of a new part; or NULL */
    const uint8_t *exclude; /* rows flags, 1 leaves the row's subgroup out of the centre
                               line, limits and runs analysis; or NULL */
    const uint64_t *line;   /* rows physical input lines for messages, or NULL */
} tdm_qic_input;

/** One plotted point (a subgroup). Values are after `multiply`; NaN where none. */
typedef struct tdm_qic_point {
    size_t row;            /* first input row of the subgroup */
    size_t rows;           /* input rows in the subgroup */
    size_t values;         /* observed values in the subgroup (with denominators:
                              rows with both numerator and denominator) */
    size_t xx;             /* 1-based position of the subgroup in the series */
    double y;              /* plotted value; NaN if the subgroup has no value */
    double n;              /* sum of denominators (I' without them: values); else NaN */
    double cl;             /* centre line of the point's part */
    double lcl, ucl;       /* 3-sigma control limits */
    double lcl_95, ucl_95; /* 2-sigma limits */
    uint32_t part;         /* 1-based part number */
    uint8_t baseline;      /* 1: within the freeze period */
    uint8_t include;       /* 0: excluded from the centre line, limits and runs analysis */
    uint8_t sigma_signal;  /* 1: y beyond a 3-sigma limit (strict) */
    uint8_t runs_signal;   /* 1: the part's runs analysis signals (never for MR charts) */
} tdm_qic_point;

/** One part (phase) of a series: runs analysis and average lines. */
typedef struct tdm_qic_part {
    uint32_t index;         /* 1-based part number */
    size_t start;           /* index of the part's first point */
    size_t n;               /* points in the part */
    tdm_anhoej_result runs; /* runs analysis over the part's included points */
    double alcl, alcl_95;   /* mean lower limits over the part's points (NaN ignored) */
    double cl;              /* mean centre line */
    double aucl_95, aucl;   /* mean upper limits */
    size_t sigma_signal;    /* points beyond the 3-sigma limits */
} tdm_qic_part;

/** Counts for one series. */
typedef struct tdm_qic_summary {
    size_t rows;         /* input rows */
    size_t rows_missing; /* rows without a value (with denominators: without both) */
    size_t n_points;     /* subgroups = points written to `points` */
    size_t n_missing;    /* points without a value */
    size_t n_parts;      /* parts written to `parts` */
    size_t sigma_signal; /* points beyond the 3-sigma limits */
    size_t runs_signal;  /* parts whose runs analysis signals */
} tdm_qic_summary;

/** Bytes of workspace tdm_qic_compute needs for `rows` rows (0 on overflow). */
TDM_API size_t tdm_qic_workspace_size(size_t rows);

/**
 * Compute a run chart or control chart for one series (qicharts2 qic() on one
 * facet): subgroups, parts, centre line and limits per part, runs analysis,
 * sigma signals, part averages.
 * Domain checks, each an error naming the row (err->line is in->line[row],
 * or row + 1): a denominator <= 0; a negative count (P, P', U', U, C, G); a
 * numerator above its denominator (P, P'); a value <= 0 (T).
 * Missing values are skipped and counted; a row with a numerator but no
 * denominator is missing. A subgroup without any value is a missing point: it
 * keeps its position, limits where the chart has them, and no signal.
 * @param in      the series. Not NULL; in->y not NULL unless in->rows is 0.
 * @param opt     options, NULL for defaults.
 * @param points  capacity in->rows; receives summary->n_points points.
 * @param parts   capacity in->rows, or NULL.
 * @param summary receives the counts (all zero after an error). Not NULL.
 * @param work    tdm_qic_workspace_size(in->rows) bytes, suitably aligned for
 *                double, or NULL (then allocated and freed inside).
 * @param err     explains a failure, or NULL.
 * @return TDM_OK; TDM_EINVAL for bad options (unknown chart or method, freeze
 *         together with part flags, multiply not finite and positive) or a
 *         chart that needs denominators (P, P', U, U') without them;
 *         TDM_EDOMAIN for the domain errors above or an infinite value;
 *         TDM_ENOMEM.
 * NaN:       skipped and counted (summary->rows_missing, n_missing).
 * Reference: qicharts2 0.8.1 (Anhoej 2021); Montgomery (2009) Introduction to
 * Statistical Quality Control, 6th ed., ch. 6-7; Laney (2002); Provost &
 * Murray (2011). Parity tests: tests/parity/spc_qic.sh.
 */
TDM_API int tdm_qic_compute(const tdm_qic_input *in, const tdm_qic_options *opt,
                            tdm_qic_point *points, tdm_qic_part *parts, tdm_qic_summary *summary,
                            void *work, tdm_error *err);

/** Chart name as qicharts2 spells it ("run", "i", ..., "ip"); "" if unknown. Static. */
TDM_API const char *tdm_qic_chart_name(int chart);
/** Parse a chart name (case-insensitive). @return TDM_OK or TDM_EPARSE. */
TDM_API int tdm_qic_chart_parse(const char *s, size_t len, int *out);
/** 1 if the chart needs denominators (P, P', U, U'). */
TDM_API int tdm_qic_chart_needs_denominator(int chart);
/** "anhoej", "bestbox" or "cutbox" ("" if unknown). Static. */
TDM_API const char *tdm_anhoej_method_name(int method);

/* ========================================================================
 * Indicator statistics: intervals, standardisation, funnel plots
 * ======================================================================== */

/*
 * Method: PHEindicatormethods 2.1.0 (Public Health England / OHID / UKHSA,
 * the methods behind the Fingertips profiles), restated exactly in
 * docs/methods/indicators.md (tags ci.*, dsr.*, isr.*, le.*, quantile.*,
 * benchmark.*, trend.*, funnel.*), plus funnel overdispersion after
 * Spiegelhalter (2005) and the NHS-R FunnelPlotR package.
 *
 * Shared conventions of this section:
 *  - Counts and populations are doubles. A NaN input gives NaN outputs (the
 *    reference's NA row) unless a function says otherwise; it is never an
 *    error.
 *  - Inputs outside a method's domain (negative counts, a numerator above its
 *    denominator for a proportion, a non-integer count for an exact Poisson
 *    method, a population <= 0) return TDM_EDOMAIN; a confidence level
 *    outside (0, 1) or a bad option returns TDM_EINVAL.
 *  - Messages in `err` say what is wrong but not where: for array inputs
 *    err->line holds the 1-based index of the offending element, so callers
 *    can name the input row.
 */

/* ---- Grouped input: a long CSV read one group of rows at a time ---- */

typedef struct tdm_group_reader tdm_group_reader;

typedef struct tdm_group_spec {
    unsigned int version;
    const char *const *key_columns; /* rows with equal values form a group */
    size_t n_keys;                  /* 0: the whole input is one group */
    int each_row;                   /* 1: every row is its own group (keys ignored) */
    const char *const *num_columns; /* per-row numbers; NaN = missing or suppressed */
    size_t n_num;
    const char *const *text_columns; /* per-row text (e.g. an age band) */
    size_t n_text;
    const char *const *na_strings; /* NULL: "", "NA", "NULL", "." */
    size_t n_na;
    const char *const *suppressed; /* NULL: "*", "c", "[c]", "[x]" (counted apart) */
    size_t n_suppressed;
    int mode;         /* tdm_series_mode: AUTO (default), STREAM or HOLD */
    const char *noun; /* messages: "rows must be grouped by NOUN" (static text);
                         NULL: "their key columns" */
} tdm_group_spec;

#define TDM_GROUP_SPEC_VERSION 1
/** Fill `s` with defaults (no columns, one group, mode AUTO). */
TDM_API void tdm_group_spec_init(tdm_group_spec *s);

/** One group of rows, in input order. Everything stays valid until the next call. */
typedef struct tdm_group {
    const tdm_csv_field *key; /* n_keys values (not NUL-terminated) */
    size_t n_keys;
    size_t n;                         /* rows */
    const double *const *num;         /* n_num arrays of n values */
    const tdm_csv_field *const *text; /* n_text arrays of n values */
    const uint64_t *line;             /* physical input line of each row */
    const size_t *n_missing;          /* per numeric column: NA values */
    const size_t *n_suppressed;       /* per numeric column: suppressed values */
    const tdm_csv_record *record;     /* each_row mode: the whole record; else NULL */
    size_t ordinal;                   /* 0-based order of first appearance */
} tdm_group;

/** Returned by tdm_group_reader_next: discard all results so far and start over. */
#define TDM_GROUP_RESTART 2

/**
 * Open a group reader over a CSV reader (borrowed: it must outlive this
 * handle). Columns are resolved against the header at once.
 * In AUTO mode rows are streamed while they arrive grouped (memory bounded
 * by the largest group plus the set of keys seen); when a group reappears
 * after another one started, a rewindable input is re-read holding every
 * row's parsed columns, and tdm_group_reader_next returns TDM_GROUP_RESTART.
 * STREAM makes a reappearing group an error; HOLD holds from the start (pipes
 * are always held). Groups are yielded in order of first appearance.
 * @return TDM_OK, TDM_ENOTFOUND (column), TDM_EINVAL, TDM_ENOMEM.
 */
TDM_API int tdm_group_reader_open(tdm_group_reader **out, tdm_csv_reader *csv,
                                  const tdm_group_spec *spec, tdm_error *err);

/**
 * Produce the next group.
 * @return 1 (group in *g), 0 (end), TDM_GROUP_RESTART, or a negative status:
 *         TDM_EPARSE for a value that is not a number (line and column in
 *         err), TDM_EIO, TDM_ENOMEM.
 */
TDM_API int tdm_group_reader_next(tdm_group_reader *r, tdm_group *g, tdm_error *err);

/** Rows read so far. */
TDM_API uint64_t tdm_group_reader_rows(const tdm_group_reader *r);
/** 1 if the reader ended up holding rows (input not grouped, or a pipe). */
TDM_API int tdm_group_reader_held(const tdm_group_reader *r);
/** Free the reader (not the CSV reader). NULL is a no-op. */
TDM_API void tdm_group_reader_free(tdm_group_reader *r);

/* ---- Confidence levels and count intervals ---- */

/** A confidence interval. NaN bounds mean "not available". */
typedef struct tdm_interval {
    double lower;
    double upper;
} tdm_interval;

/** Counts below this use the exact Poisson interval in tdm_ci_poisson (PHE rule). */
#define TDM_CI_EXACT_BELOW 10

/**
 * A confidence level with its quantiles worked out once, so that the
 * per-row kernels do no quantile searches. Plain value; copy freely.
 */
typedef struct tdm_ci_level {
    double confidence;                      /* c, strictly between 0 and 1 */
    double z;                               /* qnorm(c + (1 - c) / 2) */
    double exact_lower[TDM_CI_EXACT_BELOW]; /* qchisq((1-c)/2, 2O) / 2 for O = 0..9 */
    double exact_upper[TDM_CI_EXACT_BELOW]; /* qchisq(c + (1-c)/2, 2O+2) / 2 */
} tdm_ci_level;

/**
 * Prepare a confidence level.
 * @param confidence strictly between 0 and 1 (0.95, 0.998). Percentages
 *        (95) are not accepted: tandem does not guess.
 * @return TDM_OK or TDM_EINVAL (message names the value).
 * SPEC: ci.z. Reference: R qnorm/qchisq via libRmath.
 */
TDM_API int tdm_ci_level_init(tdm_ci_level *lv, double confidence, tdm_error *err);

/** Interval methods, for the `method` column. */
typedef enum tdm_ci_method {
    TDM_CI_METHOD_NONE = 0,
    TDM_CI_METHOD_WILSON,          /* "Wilson" */
    TDM_CI_METHOD_EXACT,           /* "Exact" (Poisson, chi-square) */
    TDM_CI_METHOD_BYAR,            /* "Byars" */
    TDM_CI_METHOD_T,               /* "Student's t-distribution" */
    TDM_CI_METHOD_DOBSON,          /* "Dobson" */
    TDM_CI_METHOD_DOBSON_NONINDEP, /* "Dobson, with confidence adjusted for non-independent events"
                                    */
    TDM_CI_METHOD_CHIANG           /* "Chiang, using Silcocks et al for confidence limits" */
} tdm_ci_method;

/** The reference's method text ("Wilson", "Byars", ...); "" for NONE. Static. */
TDM_API const char *tdm_ci_method_name(int method);

/**
 * Validate a proportion's inputs: 0 <= x <= n, n > 0, both finite.
 * NaN inputs pass (they give NaN results).
 * @return TDM_OK or TDM_EDOMAIN with a message naming the values.
 */
TDM_API int tdm_ci_proportion_check(double x, double n, tdm_error *err);

/**
 * Validate a count: finite, >= 0 and, when `exact` is set, a whole number
 * (the exact Poisson method is defined for whole counts only).
 * @return TDM_OK or TDM_EDOMAIN.
 */
TDM_API int tdm_ci_count_check(double o, int exact, tdm_error *err);

/**
 * Wilson score interval for the proportion x/n (not multiplied), evaluated
 * in the reference's order: (2x + z^2 -/+ z sqrt(z^2 + 4x(1 - x/n))) / 2 / (n + z^2).
 * x = 0 gives lower 0 and x = n gives upper 1 exactly. x need not be whole.
 * @return TDM_OK, TDM_EDOMAIN (see tdm_ci_proportion_check).
 * NaN x or n: both bounds NaN, TDM_OK.
 * SPEC: ci.wilson. Reference: Wilson (1927) JASA 22:209-212; Newcombe &
 * Altman in "Statistics with confidence" (2000) pp. 46-48.
 */
TDM_API int tdm_ci_wilson(double x, double n, const tdm_ci_level *lv, tdm_interval *ci,
                          tdm_error *err);

/**
 * Byar's approximate interval for a Poisson count O (events, not a rate):
 * L = O (1 - 1/(9O) - z/(3 sqrt O))^3, U = (O+1)(1 - 1/(9(O+1)) + z/(3 sqrt(O+1)))^3.
 * A negative L (tiny O at high confidence) and O = 0 give lower NaN, as the
 * reference does. O need not be whole.
 * @return TDM_OK, TDM_EDOMAIN for a negative or infinite count.
 * SPEC: ci.byar. Reference: Breslow & Day (1987) vol. II, eq. 2.16.
 */
TDM_API int tdm_ci_byar(double o, const tdm_ci_level *lv, tdm_interval *ci, tdm_error *err);

/**
 * Exact Poisson interval for a whole count O from the chi-square
 * distribution: L = qchisq((1-c)/2, 2O)/2 (0 for O = 0), U = qchisq(c + (1-c)/2, 2O+2)/2.
 * @return TDM_OK, TDM_EDOMAIN for a negative or non-integer count.
 * SPEC: ci.exact. Reference: Garwood (1936) Biometrika 28:437-442.
 */
TDM_API int tdm_ci_poisson_exact(double o, const tdm_ci_level *lv, tdm_interval *ci,
                                 tdm_error *err);

/**
 * The PHE count interval: exact below TDM_CI_EXACT_BELOW events, Byar's from
 * there on. `method` (may be NULL) receives TDM_CI_METHOD_EXACT or _BYAR.
 * @return TDM_OK, TDM_EDOMAIN (negative count; non-integer count below 10).
 * SPEC: ci.poisson.
 */
TDM_API int tdm_ci_poisson(double o, const tdm_ci_level *lv, tdm_interval *ci, int *method,
                           tdm_error *err);

/**
 * A crude rate O/n x m with its PHE interval (tdm_ci_poisson limits divided
 * by n, times m, in the reference's order). n may be below O (rates above m
 * are allowed).
 * @param exact  -1: PHE rule (exact below 10, else Byar's); 0: always Byar's;
 *               1: always exact.
 * @return TDM_OK, TDM_EDOMAIN (negative count, n <= 0, non-integer count for
 *         the exact method). NaN O or n: NaN value and bounds.
 * SPEC: ci.rate.
 */
TDM_API int tdm_ci_rate(double o, double n, double multiplier, int exact, const tdm_ci_level *lv,
                        double *value, tdm_interval *ci, int *method, tdm_error *err);

/**
 * Neumaier-compensated sum of v[0..n-1]; NaN if any value is NaN (the
 * reference sums without removing missing values before an interval).
 */
TDM_API double tdm_ci_total(const double *v, size_t n);

/* ---- Mean with a Student t interval ---- */

typedef struct tdm_ci_mean_stats {
    double sum;   /* value_sum */
    double count; /* value_count */
    double sd;    /* sample standard deviation (n - 1 divisor), two-pass */
    double mean;  /* value */
} tdm_ci_mean_stats;

/**
 * Sum, count, standard deviation and mean of y[0..n-1]. A NaN anywhere makes
 * sum, sd and mean NaN (the reference does not drop missing values).
 * @return TDM_OK, TDM_EINVAL (y NULL with n > 0).
 * SPEC: ci.mean.
 */
TDM_API int tdm_ci_mean_stats_compute(const double *y, size_t n, tdm_ci_mean_stats *out);

/**
 * mean -/+ |qt((1-c)/2, n-1)| sd / sqrt(n). Fewer than 2 values: NaN bounds.
 * SPEC: ci.mean. Reference: Student (1908) Biometrika 6:1-25.
 */
TDM_API int tdm_ci_mean_interval(const tdm_ci_mean_stats *s, double confidence, tdm_interval *ci,
                                 tdm_error *err);

/* ---- Age bands and standard populations ---- */

typedef enum tdm_ageband_kind {
    TDM_AGEBAND_TEXT = 0, /* no age could be read: matched by text only */
    TDM_AGEBAND_CLOSED,   /* "5-9", "05-09", "5 to 9", "0" (lower = upper) */
    TDM_AGEBAND_OPEN      /* "90+", "90 and over" */
} tdm_ageband_kind;

/** An age band label read as numbers. */
typedef struct tdm_ageband {
    int kind;  /* tdm_ageband_kind */
    int lower; /* first age in the band */
    int upper; /* last age (CLOSED only) */
} tdm_ageband;

/**
 * Read an age band label: the first integer is the lower age; "-N" or
 * "to N" gives the upper age; "+", "and over" or "plus" make it open-ended;
 * "under N" / "<N" means 0 to N-1; a lone integer is a one-year band.
 * Always succeeds: anything else is TDM_AGEBAND_TEXT.
 */
TDM_API void tdm_ageband_parse(const char *s, size_t len, tdm_ageband *out);

typedef struct tdm_stdpop tdm_stdpop;

/**
 * The European Standard Population 2013 (Eurostat 2013): `bands` = 19
 * (0-4, 5-9, ..., 85-89, 90+; the PHEindicatormethods `esp2013`) or 21
 * (0, 1-4, 5-9, ..., 90-94, 95+). Weights sum to 100,000.
 * @return TDM_OK, TDM_EINVAL (other band counts), TDM_ENOMEM.
 * SPEC: dsr.esp2013.
 */
TDM_API int tdm_stdpop_esp2013(tdm_stdpop **out, int bands);

/**
 * A standard population from labels and weights (copied). Labels must be
 * distinct; weights finite and >= 0.
 * @param name for messages (copied), e.g. the file name.
 * @return TDM_OK, TDM_EDOMAIN (bad weight; err->line = index), TDM_EINVAL
 *         (duplicate label, no bands), TDM_ENOMEM.
 */
TDM_API int tdm_stdpop_new(tdm_stdpop **out, const char *name, const tdm_csv_field *labels,
                           const double *weights, size_t n, tdm_error *err);

/**
 * Find the band an input label belongs to: equal text (ignoring case and
 * spaces) or the same ages read by tdm_ageband_parse ("00-04" is "0-4";
 * "55-69" is not "55-59"). Repeated labels are answered from a cache.
 * @return TDM_OK (index in *band), TDM_ENOTFOUND with a message naming the
 *         label, the standard population and its nearest band.
 */
TDM_API int tdm_stdpop_match(tdm_stdpop *sp, const char *label, size_t len, size_t *band,
                             tdm_error *err);

/** Number of bands. */
TDM_API size_t tdm_stdpop_bands(const tdm_stdpop *sp);
/** Label of band i (NUL-terminated, owned by sp; "" out of range). */
TDM_API const char *tdm_stdpop_label(const tdm_stdpop *sp, size_t i);
/** Weight of band i (NaN out of range). */
TDM_API double tdm_stdpop_weight(const tdm_stdpop *sp, size_t i);
/** Name given at creation ("ESP2013 (19 bands)" for the built-in ones). */
TDM_API const char *tdm_stdpop_name(const tdm_stdpop *sp);
/** Free. NULL is a no-op. */
TDM_API void tdm_stdpop_free(tdm_stdpop *sp);

/* ---- Directly standardised rates (Dobson et al. 1991) ---- */

typedef struct tdm_dsr_result {
    double total_count; /* O = sum of events */
    double total_pop;   /* sum of local populations */
    double value;       /* DSR x multiplier; NaN when suppressed */
    double variance;    /* unscaled variance of the DSR (Dobson) */
    double multiplier;  /* as given */
    int suppressed;     /* 1: O < 10, value and intervals NaN */
    int method;         /* TDM_CI_METHOD_DOBSON or _DOBSON_NONINDEP */
} tdm_dsr_result;

/** Below this many events a DSR is not published (PHE rule). */
#define TDM_DSR_MIN_COUNT 10

/**
 * Directly standardised rate over `rows` age bands: x events (NaN counts as
 * 0, as the reference's na.zero), n local population (> 0, not NaN) and w
 * standard population (>= 0). DSR = sum(x w / n) / sum(w) x m;
 * variance = sum(x (w/n)^2) / sum(w)^2. O < 10 is suppressed.
 * @return TDM_OK, TDM_EDOMAIN (negative count, n <= 0 or missing, bad
 *         weight, all weights 0; err->line = 1-based row), TDM_EINVAL.
 * SPEC: dsr.value. Reference: Dobson, Kuulasmaa, Eberle & Scherer (1991)
 * Stat Med 10:457-462; PHEindicatormethods calculate_dsr.
 */
TDM_API int tdm_dsr_compute(const double *x, const double *n, const double *w, size_t rows,
                            double multiplier, tdm_dsr_result *res, tdm_error *err);

/**
 * DSR for non-independent events (people with repeat events). Each row is
 * (age band label, f = events per person, x = persons with f events, n, w);
 * n and w must be equal on every row of a band. The variance is
 * sum over f of f^2 var_f, var_f the Dobson variance of the person counts
 * with frequency f (over that frequency's rows); events per band are
 * sum_f f x. Bands are identified by label text.
 * @return as tdm_dsr_compute; TDM_EDOMAIN also for a band whose rows
 *         disagree on n or w, or a negative or missing frequency.
 * SPEC: dsr.nonindependent. Reference: Fingertips Public Health Technical
 * Guidance, DSR chapter; PHEindicatormethods 2.1.0 calculate_dsr.
 */
TDM_API int tdm_dsr_nonindependent(const tdm_csv_field *band, const double *f, const double *x,
                                   const double *n, const double *w, size_t rows, double multiplier,
                                   tdm_dsr_result *res, tdm_error *err);

/**
 * Dobson interval: DSR + sqrt(var/O) (B(O) - O) x m with B Byar's limit of
 * the total count. NaN bounds when suppressed.
 * @return TDM_OK, TDM_EINVAL (NULL argument).
 * SPEC: dsr.interval.
 */
TDM_API int tdm_dsr_interval(const tdm_dsr_result *r, const tdm_ci_level *lv, tdm_interval *ci);

/* ---- Indirectly standardised ratios and rates ---- */

typedef struct tdm_isr_result {
    double observed; /* O = sum of local events (or the observed total given) */
    double expected; /* E = sum(X_ref / N_ref x n) */
    double ref_rate; /* sum(X_ref) / sum(N_ref) x multiplier (NaN X_ref dropped) */
} tdm_isr_result;

/**
 * Observed and expected counts over `rows` bands: x local events (NaN = 0),
 * n local population (NaN = 0, may be 0), xref reference events (NaN = 0),
 * nref reference population (> 0).
 * @param observed_total NaN to sum x; otherwise used as O (x may be NULL).
 * @return TDM_OK, TDM_EDOMAIN (negative values, nref <= 0; err->line = row).
 * SPEC: isr.expected. Reference: Breslow & Day (1987) ch. 2;
 * PHEindicatormethods calculate_ISRatio / calculate_ISRate.
 */
TDM_API int tdm_isr_compute(const double *x, const double *n, const double *xref,
                            const double *nref, size_t rows, double observed_total,
                            double multiplier, tdm_isr_result *res, tdm_error *err);

/**
 * value = O/E x scale with the count interval of O (exact below 10, else
 * Byar's) divided by E, times scale. scale is the reference value for an
 * ISRatio (1, or 100 for SMR x 100) or ref_rate for an ISRate.
 * @return TDM_OK, TDM_EDOMAIN (non-integer observed count below 10).
 * SPEC: isr.interval.
 */
TDM_API int tdm_isr_interval(const tdm_isr_result *r, double scale, const tdm_ci_level *lv,
                             double *value, tdm_interval *ci, int *method, tdm_error *err);

/* ---- Life expectancy (Chiang II abridged life table) ---- */

/** Bands of the PHE abridged life table: 0, 1-4, 5-9, ..., 85-89, 90+. */
#define TDM_LE_BANDS 20

typedef enum tdm_le_suppression {
    TDM_LE_OK = 0,
    TDM_LE_ZERO_POPULATION,  /* a band has population <= 0 */
    TDM_LE_DEATHS_ABOVE_POP, /* a band has more deaths than people */
    TDM_LE_SMALL_POPULATION  /* total population <= 5,000 */
} tdm_le_suppression;

/** One row of the life table, for the age band starting at start_age. */
typedef struct tdm_le_row {
    double start_age;
    double value;     /* life expectancy at start_age; NaN when suppressed */
    double le;        /* the same before the 20-year interval rule (for the CI) */
    double se;        /* Silcocks standard error */
    double pops_used; /* population aged start_age and over */
    double dths_used; /* deaths aged start_age and over */
} tdm_le_row;

/**
 * Chiang II life table with Silcocks et al. variance over exactly 20 bands
 * whose start ages (any order) ascend strictly from 0; rows are returned
 * sorted by start age. Group suppression (all values and intervals NaN):
 * see tdm_le_suppression. A value whose 95% interval is wider than 20 years
 * is NaN but keeps its interval (as the reference does).
 * @param out        TDM_LE_BANDS rows.
 * @param suppressed receives a tdm_le_suppression (may be NULL).
 * @return TDM_OK; TDM_EDOMAIN (not 20 bands, ages not ascending from 0,
 *         negative deaths or populations, missing values; the message names
 *         the missing standard bands); TDM_EINVAL.
 * SPEC: le.chiang, le.silcocks. Reference: Chiang (1984) "The life table and
 * its applications"; Silcocks, Jenner & Reza (2001) J Epidemiol Community
 * Health 55:38-43; PHEindicatormethods phe_life_expectancy.
 */
TDM_API int tdm_le_compute(const double *start_age, const double *deaths, const double *pop,
                           size_t n, tdm_le_row *out, int *suppressed, tdm_error *err);

/**
 * Interval of one life-table row: le -/+ z(c) se (from the life expectancy
 * before the 20-year rule, so a hidden value keeps its interval).
 * NaN for suppressed groups. @return TDM_OK, TDM_EINVAL (NULL).
 * SPEC: le.interval.
 */
TDM_API int tdm_le_interval(const tdm_le_row *row, const tdm_ci_level *lv, tdm_interval *ci);

/* ---- Quantile (deprivation decile) assignment ---- */

/**
 * Assign each value a quantile 1..nq within one group, the PHE way: with
 * N non-missing values and r = rank(ties "min") of the value, or of
 * max - value when `invert` is set (so the highest value gets quantile 1),
 * q = floor((nq + 1) - ceiling(((N + 1) - r) / (N / nq))), 0 -> 1.
 * Missing values get 0; if N < nq every value gets 0 (too few areas).
 * @param quantile n outputs (0 = not assigned).
 * @param work     n elements of scratch, or NULL to allocate.
 * @param n_valid  receives N (may be NULL).
 * @return TDM_OK, TDM_EINVAL (nq < 1), TDM_ENOMEM.
 * SPEC: quantile.assign. Reference: PHEindicatormethods phe_quantile;
 * Fingertips "Assigning deprivation categories".
 */
TDM_API int tdm_quantile_assign(const double *values, size_t n, unsigned int nq, int invert,
                                int *quantile, size_t *work, size_t *n_valid);

/* ---- Fingertips comparisons: benchmark, quintiles, recent trend ---- */

typedef enum tdm_polarity {
    TDM_POLARITY_NONE = 0,      /* no judgement: lower / higher ("BlueOrangeBlue") */
    TDM_POLARITY_HIGH_GOOD = 1, /* RAG, high is good */
    TDM_POLARITY_LOW_GOOD = 2   /* RAG, low is good */
} tdm_polarity;

typedef enum tdm_compare {
    TDM_COMPARE_NOT_COMPARED = 0, /* missing value or interval */
    TDM_COMPARE_SIMILAR,
    TDM_COMPARE_BETTER,
    TDM_COMPARE_WORSE,
    TDM_COMPARE_BEST,  /* two-level: better at 99.8% */
    TDM_COMPARE_WORST, /* two-level: worse at 99.8% */
    TDM_COMPARE_HIGHER,
    TDM_COMPARE_LOWER,
    TDM_COMPARE_MUCH_HIGHER, /* two-level without polarity: higher at 99.8% */
    TDM_COMPARE_MUCH_LOWER
} tdm_compare;

/**
 * Compare an area with a benchmark by its interval (Fingertips "single
 * overlapping CIs"): the benchmark inside [lower, upper] (inclusive) is
 * similar; an interval wholly above it is better (high is good), worse (low
 * is good) or higher (no polarity); below it, the reverse.
 * @return a tdm_compare; NOT_COMPARED if any input is NaN.
 * SPEC: benchmark.one_level.
 */
TDM_API int tdm_benchmark_compare(double benchmark, tdm_interval ci, int polarity);

/**
 * Two-level comparison with the 95% and 99.8% intervals: similar inside the
 * 95% interval; better/worse when only the 95% interval excludes the
 * benchmark; best/worst (much higher/lower) when the 99.8% interval does too.
 * SPEC: benchmark.two_level.
 */
TDM_API int tdm_benchmark_compare2(double benchmark, tdm_interval ci95, tdm_interval ci998,
                                   int polarity);

/** "similar", "better", ..., "not_compared". Static. */
TDM_API const char *tdm_compare_name(int outcome);

/**
 * Quintile (nq = 5) or quartile (nq = 4) bounds of a set of values:
 * bounds[0] = min, bounds[k] = type-7 percentile k/nq (linear interpolation,
 * Excel PERCENTILE.INC), bounds[nq] = max, each rounded to 10 decimals
 * half to even. NaN values are skipped.
 * @param bounds nq + 1 outputs.
 * @param work   n doubles of scratch, or NULL to allocate.
 * @return TDM_OK, TDM_EINVAL (nq not 4 or 5), TDM_EDOMAIN (4 or fewer valid
 *         values: the bounds are NaN), TDM_ENOMEM.
 * SPEC: benchmark.quintile.
 */
TDM_API int tdm_quintile_bounds(const double *values, size_t n, int nq, double *bounds,
                                double *work);

/**
 * Category 1..nq of a value: the first k with value <= bounds[k]; with
 * TDM_POLARITY_HIGH_GOOD and nq = 5 the order is reversed (6 - k), so 1 is
 * always best. 0 for NaN.
 */
TDM_API int tdm_quintile_category(double value, const double *bounds, int nq, int polarity);

typedef enum tdm_trend {
    TDM_TREND_CANNOT_CALCULATE = 0, /* fewer than 5 points, or missing values */
    TDM_TREND_INCREASING,
    TDM_TREND_DECREASING,
    TDM_TREND_NO_CHANGE
} tdm_trend;

/** Points the recent-trend test uses (the most recent ones). */
#define TDM_TREND_POINTS 5
/** qchisq(0.998, 1): the recent-trend threshold. */
#define TDM_TREND_CHISQ 9.54953570608324

typedef struct tdm_trend_result {
    int marker;   /* tdm_trend */
    double chisq; /* test statistic of the 5 points */
    double slope; /* weighted slope (values) or trend direction statistic (proportions) */
    int stable;   /* 1 if the 5 leave-one-out slopes keep the sign */
} tdm_trend_result;

/**
 * Fingertips recent trend of the last TDM_TREND_POINTS points of a series
 * of values with 95% intervals (t = 1..5, weights 1/sigma^2 with
 * sigma = (U - L) / 3.92): chi-square of the weighted slope; significant when
 * chi2 > TDM_TREND_CHISQ and the slope keeps its sign when any one point is
 * left out.
 * @param n points in time order (the last 5 are used).
 * SPEC: trend.values. Reference: Fingertips TrendMarkerCalculator.
 */
TDM_API int tdm_trend_values(const double *value, const double *lower, const double *upper,
                             size_t n, tdm_trend_result *out);

/**
 * Recent trend of a proportion (counts r of n): chi-square test for trend
 * (Armitage); stability from unweighted slopes of log(r / (n - r)).
 * Direction from the sign of N sum(r t) - R sum(n t) (see the method notes:
 * a deliberate fix of the reference's unset slope).
 * SPEC: trend.proportion.
 */
TDM_API int tdm_trend_proportion(const double *r, const double *n, size_t count,
                                 tdm_trend_result *out);

/** "increasing", "decreasing", "no_significant_change", "cannot_be_calculated". Static. */
TDM_API const char *tdm_trend_name(int marker);

/* ---- Funnel plots ---- */

typedef enum tdm_funnel_statistic {
    TDM_FUNNEL_PROPORTION = 0, /* numerator / denominator */
    TDM_FUNNEL_RATIO = 1,      /* observed / expected (SMR) */
    TDM_FUNNEL_RATE = 2        /* crude rate or DSR per multiplier */
} tdm_funnel_statistic;

typedef enum tdm_funnel_ratio_type {
    TDM_FUNNEL_RATIO_ISR = 0,  /* limits and values x 100 */
    TDM_FUNNEL_RATIO_COUNT = 1 /* limits and values O/E - 1 */
} tdm_funnel_ratio_type;

typedef enum tdm_funnel_rate_type {
    TDM_FUNNEL_RATE_CRUDE = 0,
    TDM_FUNNEL_RATE_DSR = 1 /* rows below 10 events are not assessed */
} tdm_funnel_rate_type;

typedef enum tdm_funnel_od {
    TDM_FUNNEL_OD_NONE = 0, /* pure binomial / Poisson limits (PHE) */
    TDM_FUNNEL_OD_PHI = 1,  /* multiplicative: limits widened by sqrt(phi) when phi > 1 */
    TDM_FUNNEL_OD_TAU2 = 2  /* additive random effects: variance s^2 + tau^2 */
} tdm_funnel_od;

typedef enum tdm_funnel_sig {
    TDM_FUNNEL_SIG_NONE = 0,  /* missing input: not assessed */
    TDM_FUNNEL_SIG_HIGH_0001, /* above the 99.8% limit */
    TDM_FUNNEL_SIG_HIGH_0025, /* above the 95% limit */
    TDM_FUNNEL_SIG_NOT_SIGNIFICANT,
    TDM_FUNNEL_SIG_LOW_0025,
    TDM_FUNNEL_SIG_LOW_0001,
    TDM_FUNNEL_SIG_NOT_APPLICABLE /* DSR with fewer than 10 events */
} tdm_funnel_sig;

typedef struct tdm_funnel_options {
    unsigned int version;
    int statistic;      /* tdm_funnel_statistic */
    int ratio_type;     /* tdm_funnel_ratio_type (ratios) */
    int rate_type;      /* tdm_funnel_rate_type (rates) */
    double multiplier;  /* proportions 100, rates 100,000 (default 0: per statistic) */
    double years;       /* rates: years of data, for the limits table [1] */
    int overdispersion; /* tdm_funnel_od */
    double winsor;      /* fraction winsorised at each end of the z-scores [0.1] */
} tdm_funnel_options;

#define TDM_FUNNEL_OPTIONS_VERSION 1
/** Fill `o` with defaults: proportion, no overdispersion, 10% winsorisation. */
TDM_API void tdm_funnel_options_init(tdm_funnel_options *o);

/** Everything estimated from the whole set of areas. */
typedef struct tdm_funnel_fit {
    double baseline;      /* P0 = sum x / sum n; r = sum x / sum D (rates); 1 (ratios) */
    double baseline_axis; /* rates: the same from D = m x / rate (limits table order) */
    double min_den;       /* smallest / largest denominator (derived for rates) */
    double max_den;
    size_t n_areas;         /* areas with complete data */
    size_t n_od;            /* areas used for the overdispersion estimate */
    double phi;             /* dispersion ratio of winsorised z-scores (NaN: none asked) */
    double tau2;            /* between-area variance on the z-score scale (NaN: none asked) */
    int od_applied;         /* tdm_funnel_od actually applied (NONE when phi <= 1 / tau2 = 0) */
    tdm_funnel_options opt; /* options used (multiplier filled in) */
    /* Worked out once for tdm_funnel_significance (read-only): qnorm(0.975),
     * qnorm(0.999), and the exact Poisson test limits of counts 0..9 at
     * 95% / 99.8%, low and high side. */
    double z975, z999;
    double exact[4][TDM_CI_EXACT_BELOW];
} tdm_funnel_fit;

/**
 * Estimate the baseline and, if asked, the overdispersion of a set of areas.
 * @param num  numerators (observed events for ratios and rates).
 * @param den  denominators (expected events for ratios); for rates, used
 *             where num is 0 (crude) or when `rate` is NULL (crude only).
 * @param rate rates per multiplier (required for DSRs), or NULL.
 * Rows with a NaN input are left out. Proportions need num <= den.
 * @return TDM_OK; TDM_EDOMAIN (negative numerator, den <= 0, num > den for a
 *         proportion, rate <= 0 with events, a zero-event rate row without a
 *         denominator; err->line = 1-based row); TDM_EINVAL (options, no
 *         usable rows).
 * SPEC: funnel.baseline, funnel.od. Reference: PHEindicatormethods
 * calculate_funnel_limits / assign_funnel_significance; Spiegelhalter (2005)
 * Stat Med 24:1185-1202 and Qual Saf Health Care 14:347-351; NHS-R
 * FunnelPlotR (winsorised phi, DerSimonian-Laird-type tau^2).
 */
TDM_API int tdm_funnel_fit_compute(const double *num, const double *den, const double *rate,
                                   size_t n, const tdm_funnel_options *opt, tdm_funnel_fit *fit,
                                   tdm_error *err);

/**
 * Significance of one area against the fit: its value outside the 95% /
 * 99.8% limits at its own denominator (proportions), or the baseline outside
 * its count interval (ratios, rates: exact below 10 events, Byar's from 10),
 * or with overdispersion applied, its adjusted z-score beyond
 * qnorm(0.975) / qnorm(0.999).
 * @param z receives the (adjusted) z-score, or NaN without overdispersion
 *          (may be NULL).
 * @return a tdm_funnel_sig (NONE for NaN inputs).
 * SPEC: funnel.significance.
 */
TDM_API int tdm_funnel_significance(const tdm_funnel_fit *fit, double num, double den, double rate,
                                    double *z);

/**
 * The value an area is plotted at, on the scale of the limits: proportion
 * x/n x m; ratio O/E x 100 (isr) or O/E - 1 (count); rate the given rate
 * (NaN for a DSR below 10 events, which is not plotted), or x/n x m for a
 * crude rate without one. NaN for missing inputs.
 * SPEC: funnel.points (calculate_funnel_points `rate_chart` for rates).
 */
TDM_API double tdm_funnel_value(const tdm_funnel_fit *fit, double num, double den, double rate);

/**
 * Rates: the yearly population an area is plotted against,
 * (m x / rate) / years; the given denominator / years for a crude rate with 0
 * events (or without rates); NaN for a DSR below 10 events. Proportions and
 * ratios: the denominator.
 * SPEC: funnel.points (calculate_funnel_points `denominator_derived`).
 */
TDM_API double tdm_funnel_denominator(const tdm_funnel_fit *fit, double num, double den,
                                      double rate);

/** "high_0.001", "high_0.025", "not_significant", "low_0.025", "low_0.001",
 *  "not_applicable" ("" for NONE). Static. */
TDM_API const char *tdm_funnel_sig_name(int sig);
/** The reference's text: "High (0.001)", ..., "Not applicable for events less
 *  than 10 for dsrs" ("" for NONE). Static. */
TDM_API const char *tdm_funnel_sig_label(int sig);

/** Rows of a limits table. */
#define TDM_FUNNEL_POINTS 100

/** One row of the funnel limits table. */
typedef struct tdm_funnel_limit {
    double x;        /* denominator (proportions), observed events (ratios, rates), or
                        when overdispersion is asked for, for ratios and rates: expected
                        events (ratios) / denominator per year (rates) */
    double lower_2s; /* 95% limits ("2 sigma") */
    double upper_2s;
    double lower_3s; /* 99.8% limits ("3 sigma") */
    double upper_3s;
    double lower_2s_x; /* ratios, rates without overdispersion: the expected events /
                          yearly denominator at which x events sit on each limit */
    double upper_2s_x;
    double lower_3s_x;
    double upper_3s_x;
    double baseline; /* P0 x m, r x m, or the ratio baseline (100 isr, 0 count) */
} tdm_funnel_limit;

/**
 * The 100-point limits table of the PHE funnel (x axis from the range of the
 * denominators, geometric spacing), for plotting. Poisson limits use the PHE
 * bisection (tdm_funnel_poisson_limit). Proportion limits are clamped to
 * [0, multiplier]. When overdispersion was asked for, ratio and rate tables
 * are drawn against the expected events / yearly denominator from the
 * square-root normal approximation (widened when the adjustment applies),
 * and proportion tables from P0 -/+ z sd when it applies.
 * @param rows    TDM_FUNNEL_POINTS elements.
 * @param n_rows  receives the number filled (ratio tables may stop short).
 * SPEC: funnel.limits, funnel.axis.
 */
TDM_API int tdm_funnel_limits(const tdm_funnel_fit *fit, tdm_funnel_limit *rows, size_t *n_rows);

/**
 * The PHE exact Poisson funnel limit: the mean at which `obs` events sit on
 * the one-sided tail `p` (0.025, 0.001), found by 23 halvings as in the PHE
 * Excel macro. side 0 ("low", G): P(X >= obs) = p; side 1 ("high", H):
 * P(X <= obs) = p. Bit-identical to the reference's poisson_funnel.
 * SPEC: funnel.poisson_bisection.
 */
TDM_API double tdm_funnel_poisson_limit(double obs, double p, int side);

/**
 * The overdispersion estimate of tdm_funnel_fit_compute on any scale (added
 * for issue 5, which shrinks unit rates on the logit and log scales with it):
 * the z-scores are winsorised at their type-7 percentiles `winsor` and
 * 1 - winsor, phi = mean of the squared winsorised z-scores, and
 * tau^2 = (I phi - (I - 1)) / (sum w - sum w^2 / sum w), w = 1/s^2, or 0
 * when I phi < I - 1 (DerSimonian-Laird with Spiegelhalter's winsorisation).
 * @param z      n z-scores (y - target) / s; NaN or infinite entries are skipped.
 * @param s      n standard errors (> 0) on the same scale.
 * @param winsor fraction winsorised at each end, in [0, 0.5) (FunnelPlotR 0.1).
 * @param phi, tau2 receive the estimates (NaN with fewer than 2 usable values).
 * @param n_used  receives the count of usable values (may be NULL).
 * @return TDM_OK, TDM_EINVAL (winsor out of range), TDM_ENOMEM.
 * SPEC: funnel.od. Reference: Spiegelhalter (2005) Qual Saf Health Care
 * 14:347-351; DerSimonian & Laird (1986) Control Clin Trials 7:177-188.
 */
TDM_API int tdm_overdispersion(const double *z, const double *s, size_t n, double winsor,
                               double *phi, double *tau2, size_t *n_used);

/* ========================================================================
 * Peers, pairing and opportunity
 * Methods: docs/methods/peers.md (SPEC tags peers.*, pair.*, opp.*).
 * ======================================================================== */

/* ---- Context peers: the k most similar units (SPEC: peers.*) ---- */

typedef enum tdm_peers_method {
    TDM_PEERS_SIMILAR10 = 0,  /* NHS England "Similar 10": weighted squared Euclidean on z-scores */
    TDM_PEERS_MAHALANOBIS = 1 /* squared Mahalanobis distance with a shrunk correlation matrix */
} tdm_peers_method;

typedef enum tdm_peers_transform {
    TDM_PEERS_TRANSFORM_SQRT = 0, /* square root (Similar 10; values must be >= 0) */
    TDM_PEERS_TRANSFORM_NONE = 1,
    TDM_PEERS_TRANSFORM_LOG = 2 /* natural log (values must be > 0) */
} tdm_peers_transform;

typedef struct tdm_peers_options {
    unsigned int version;
    int method;            /* tdm_peers_method [SIMILAR10] */
    size_t k;              /* peers per unit [10]; at most n - 1 are returned */
    const double *weights; /* p weights >= 0, not all 0; NULL: every weight 1. Read during
                              the call only. */
    double cap_sd;         /* cap each variable at mean + cap_sd x population SD [5];
                              0 or +Inf: no cap */
    int transform;         /* tdm_peers_transform, after the cap [SQRT] */
    double shrinkage;      /* MAHALANOBIS: lambda in [0, 1] towards the identity, or NaN
                              (default): the Schafer-Strimmer estimate */
    size_t replicates;     /* bootstrap replicates for the stability score [0: none] */
    uint64_t seed;         /* seed of the bootstrap [42] */
    double jitter;         /* each replicate multiplies every weight by U(1 - jitter,
                              1 + jitter) [0.5]; 0 resamples units only */
} tdm_peers_options;

#define TDM_PEERS_OPTIONS_VERSION 1
/** Fill `o` with the defaults above (NHS England Similar 10, k = 10). */
TDM_API void tdm_peers_options_init(tdm_peers_options *o);

typedef struct tdm_peers_result tdm_peers_result;

/**
 * Find each unit's k nearest context peers.
 *
 * Every variable is capped at mean + cap_sd x SD (population SD, divisor n),
 * transformed (square root by default) and z-scored with the population SD
 * of the transformed values (SPEC: peers.prep). Similar 10 then ranks the
 * other units by D(a,b) = sum_v w_v (z_av - z_bv)^2 (SPEC: peers.similar10);
 * Mahalanobis by (z_a - z_b)' W^1/2 S^-1 W^1/2 (z_a - z_b) with
 * S = (1 - lambda) R + lambda I, R the correlation of the z-scores
 * (SPEC: peers.mahalanobis). A unit is never its own peer, even when
 * another unit has identical context; ties in distance go to the lower
 * index (so pass units sorted by code to break ties by code, as the CLI
 * does) (SPEC: peers.ties). With replicates > 0 a bootstrap scores how
 * stable each peer set is (SPEC: peers.stability).
 *
 * @param x    n x p context values, row-major (unit i, variable v at x[i*p+v]).
 * @param n    units (>= 2).
 * @param p    variables (>= 1).
 * @param opt  options, NULL for defaults.
 * @param out  receives the result (NULL on error); free with tdm_peers_result_free.
 * @return TDM_OK; TDM_EDOMAIN for a missing (NaN) or infinite value, a value
 *         outside the transform's domain, or a variable with weight > 0 that
 *         is constant (err->line = 1-based unit or 0, err->field = 1-based
 *         variable), or collinear variables with lambda 0 (Mahalanobis);
 *         TDM_EINVAL for bad options (negative or all-zero weights, k = 0,
 *         lambda outside [0, 1]); TDM_ENOMEM.
 * NaN:       a NaN context value is an error (TDM_EDOMAIN), never skipped.
 * Ownership: x and opt->weights are read during the call only.
 * Reference: NHS England RightCare "Similar 10" R script (April 2021);
 *            Schafer & Strimmer (2005) Stat Appl Genet Mol Biol 4:32.
 */
TDM_API int tdm_peers_compute(const double *x, size_t n, size_t p, const tdm_peers_options *opt,
                              tdm_peers_result **out, tdm_error *err);

/** Units in the result. */
TDM_API size_t tdm_peers_result_units(const tdm_peers_result *r);

/**
 * The peers of unit i, nearest first.
 * @param peers    receives k unit indexes (valid until tdm_peers_result_free). May be NULL.
 * @param distance receives their k distances (same lifetime). May be NULL.
 * @return k (min(opt.k, n - 1)), or 0 if i is out of range.
 */
TDM_API size_t tdm_peers_result_list(const tdm_peers_result *r, size_t i, const uint32_t **peers,
                                     const double **distance);

/**
 * Distance between any two units, in the metric of the result (0 for a == b;
 * NaN if either is out of range). D(a,b) = D(b,a) exactly.
 */
TDM_API double tdm_peers_distance(const tdm_peers_result *r, size_t a, size_t b);

/**
 * Median distance from unit i to every other unit (type 7), so that a peer's
 * distance can be read against it (NaN if i is out of range).
 */
TDM_API double tdm_peers_result_median_distance(const tdm_peers_result *r, size_t i);

/**
 * Stability of unit i's peer set: the mean Jaccard index between it and the
 * peer sets of the bootstrap replicates (1 = always the same peers); NaN
 * without replicates. Units below 0.5 have unstable peers (SPEC: peers.stability).
 * @param frequency receives, for each of the k peers, the share of replicates
 *        in which it was a peer (valid until free; NULL without replicates).
 */
TDM_API double tdm_peers_result_stability(const tdm_peers_result *r, size_t i,
                                          const double **frequency);

/** Shrinkage lambda used (Mahalanobis), NaN for Similar 10. */
TDM_API double tdm_peers_result_lambda(const tdm_peers_result *r);

/** Free a result. NULL is a no-op. */
TDM_API void tdm_peers_result_free(tdm_peers_result *r);

/* ---- Unit rates on a variance-stabilising scale (SPEC: opp.scale) ---- */

typedef enum tdm_rate_type {
    TDM_RATE_PROPORTION = 0, /* numerator <= denominator; logit scale */
    TDM_RATE_RATE = 1        /* events per denominator (person-years, population); log scale */
} tdm_rate_type;

/** One unit's indicator. */
typedef struct tdm_unit_rate {
    double value;  /* numerator / denominator x multiplier */
    double y;      /* on the variance-stabilising scale */
    double se;     /* standard error of y */
    double theta;  /* empirical-Bayes posterior mean of y (= y without shrinkage) */
    double v;      /* its posterior variance (= se^2 without shrinkage) */
    double shrunk; /* theta back on the natural scale, x multiplier */
    double lower;  /* interval of value at tdm_rate_options.level: Wilson for proportions, */
    double upper;  /* the PHE rate interval (exact below 10 events, Byar's) for rates */
} tdm_unit_rate;

typedef struct tdm_rate_options {
    unsigned int version;
    int type;          /* tdm_rate_type [PROPORTION] */
    double multiplier; /* value = O / N x multiplier [1] */
    int shrink;        /* 1: empirical-Bayes shrinkage towards the precision-weighted mean [0] */
    double tau2;       /* between-unit variance on the y scale; NaN (default): estimated
                          by tdm_overdispersion (DerSimonian-Laird, winsorised z-scores) */
    double winsor;     /* winsorised fraction at each end for that estimate [0.1] */
    double level;      /* confidence level of lower/upper [0.95] */
} tdm_rate_options;

#define TDM_RATE_OPTIONS_VERSION 1
/** Fill `o` with the defaults above. */
TDM_API void tdm_rate_options_init(tdm_rate_options *o);

/**
 * Each unit's rate, its value on the variance-stabilising scale with a
 * standard error, and optionally its empirical-Bayes shrunk value.
 * Proportions: y = log((O + 1/2) / (N - O + 1/2)), se^2 = 1/(O + 1/2) + 1/(N - O + 1/2)
 * (empirical logit; finite at O = 0 and O = N). Rates: y = log((O + 1/2) / N),
 * se^2 = 1/(O + 1/2). Shrinkage (normal-normal model): B = se^2/(se^2 + tau2),
 * theta = (1 - B) y + B mu, v = (1 - B) se^2 + B^2 Var(mu), mu the
 * 1/(se^2 + tau2)-weighted mean (SPEC: opp.shrink).
 * @param num, den n counts and denominators.
 * @param out      n elements, filled.
 * tau^2, unless given, is tdm_overdispersion of z_u = (y_u - ybar) / s_u with
 * ybar the 1/s^2-weighted mean (so I phi is Cochran's Q on winsorised
 * z-scores: DerSimonian-Laird as FunnelPlotR estimates it).
 * @param tau2_out receives the tau^2 used (NaN without shrinkage). May be NULL.
 * @return TDM_OK; TDM_EDOMAIN for a negative, infinite or missing count, a
 *         denominator <= 0, or O > N for a proportion (err->line = 1-based
 *         unit), or shrinkage with fewer than 2 units; TDM_EINVAL for bad
 *         options; TDM_ENOMEM.
 * NaN:       a missing count is an error (TDM_EDOMAIN).
 * Reference: Gart & Zweifel (1967) Biometrika 54:181-187 (empirical logit);
 *            Morris (1983) JASA 78:47-55 (posterior); spec-peers section 2.
 */
TDM_API int tdm_unit_rates(const double *num, const double *den, size_t n,
                           const tdm_rate_options *opt, tdm_unit_rate *out, double *tau2_out,
                           tdm_error *err);

/**
 * Back-transform a value on the y scale of `opt->type` to the natural scale
 * times the multiplier (the inverse of the centre of tdm_unit_rates).
 */
TDM_API double tdm_unit_rate_natural(double y, const tdm_rate_options *opt);

/* ---- Pairing challenged units with credibly better peers (SPEC: pair.*) ---- */

/** A candidate (challenged, mentor) pair for tdm_pair_flow. */
typedef struct tdm_pair_arc {
    uint32_t challenged; /* unit wanting mentors */
    uint32_t mentor;     /* unit offering a place */
    int64_t cost;        /* >= 0 */
    uint32_t tie;        /* among optimal assignments of equal cost, the smaller sum of `tie`
                            over the chosen arcs wins (the CLI uses the peer rank) */
} tdm_pair_arc;

typedef struct tdm_pair_flow_summary {
    uint64_t demand;    /* sum of demand */
    uint64_t filled;    /* arcs chosen (at most demand) */
    int64_t total_cost; /* sum of the chosen arcs' costs */
    uint64_t tie_total; /* sum of the chosen arcs' tie keys */
} tdm_pair_flow_summary;

/**
 * Optimal assignment as a min-cost flow: source -> challenged i (capacity
 * demand[i]), i -> mentor j for each arc (capacity 1, its cost), j -> sink
 * (capacity capacity[j]), and a bypass i -> sink (capacity demand[i]) whose
 * cost exceeds any assignment's, so the solution fills as many places as
 * possible and then has the least total cost (SPEC: pair.flow). Integral by
 * total unimodularity; solved exactly by LEMON's network simplex.
 * @param n_units  units (indexes in arcs are below this).
 * @param demand   n_units mentors wanted per unit (0 for units not challenged).
 * @param capacity n_units mentees each unit can take (0 for non-mentors).
 * @param arcs     n_arcs distinct pairs sorted by (challenged, mentor), with
 *                 challenged != mentor.
 * @param chosen   n_arcs outputs: 1 if the arc is in the assignment.
 * @param unmet    n_units outputs: demand left unfilled (may be NULL).
 * @param summary  totals (may be NULL).
 * @return TDM_OK; TDM_EINVAL (unsorted or duplicate arcs, an index out of
 *         range, a negative cost); TDM_ELIMIT (costs too large for exact
 *         64-bit arithmetic); TDM_ESOLVER (solver failure); TDM_ENOMEM.
 * Ownership: all arrays are the caller's; nothing is kept.
 * Reference: Ahuja, Magnanti & Orlin (1993) Network Flows, ch. 9-11;
 *            LEMON 1.3 NetworkSimplex (Kovacs 2015, Optim Methods Softw 30:94).
 */
TDM_API int tdm_pair_flow(size_t n_units, const uint64_t *demand, const uint64_t *capacity,
                          const tdm_pair_arc *arcs, size_t n_arcs, uint8_t *chosen, uint64_t *unmet,
                          tdm_pair_flow_summary *summary, tdm_error *err);

typedef enum tdm_pair_challenged {
    TDM_PAIR_CHALLENGED_MEDIAN = 0,   /* units on the unfavourable side of the median */
    TDM_PAIR_CHALLENGED_QUARTILE = 1, /* units beyond the unfavourable quartile */
    TDM_PAIR_CHALLENGED_ALL = 2       /* every unit */
} tdm_pair_challenged;

typedef struct tdm_pair_options {
    unsigned int version;
    int improvement;      /* tdm_improvement: INCREASE or DECREASE (required; NEUTRAL is EINVAL) */
    uint64_t mentors;     /* r: mentors per challenged unit [1] */
    uint64_t capacity;    /* mentees per mentor [2] */
    double min_p_better;  /* a peer is credibly better when P(better) >= this [0.95,
                             i.e. a one-sided z test at alpha 0.05] */
    double alpha;         /* cost weight of the context distance [1] */
    double beta;          /* cost weight of the travel distance [1] (coordinates only) */
    double gamma;         /* cost weight of the performance gain [0.5] */
    double scale;         /* costs are rounded after multiplying by this [1000] */
    double max_travel_km; /* candidates further apart are dropped [+Inf] */
    int challenged;       /* tdm_pair_challenged [MEDIAN] */
    int strict;           /* 1: unmet demand is TDM_ESOLVER [0] */
} tdm_pair_options;

#define TDM_PAIR_OPTIONS_VERSION 1
/** Fill `o` with the defaults above (improvement INCREASE). */
TDM_API void tdm_pair_options_init(tdm_pair_options *o);

/** One row of a pairing: a mentor place, filled or not. */
typedef struct tdm_pair_match {
    uint32_t challenged; /* unit index */
    uint32_t mentor;     /* unit index, or UINT32_MAX for an unmet place */
    uint32_t peer_rank;  /* mentor's rank among the challenged unit's peers (1-based) */
    int64_t cost;        /* integer arc cost (0 for an unmet place) */
    double gap;          /* improvement x (mentor value - challenged value), natural units */
    double p_better;     /* P(mentor better) = Phi(z) */
    double z;            /* improvement x (y_j - y_i) / sqrt(v_i + v_j) */
    double distance;     /* context distance */
    double travel_km;    /* great-circle distance, NaN without coordinates */
} tdm_pair_match;

typedef struct tdm_pair_summary {
    size_t n_challenged; /* units wanting mentors */
    size_t n_candidates; /* eligible (peer and credibly better) arcs */
    uint64_t demand;     /* mentor places wanted */
    uint64_t filled;     /* places filled */
    int64_t total_cost;
    double median_distance, median_travel, median_gain; /* cost scales (medians over candidates) */
    double threshold; /* value that separates challenged units (NaN for ALL) */
} tdm_pair_summary;

typedef struct tdm_pair_result tdm_pair_result;

/**
 * Pair challenged units with credibly better context peers.
 * Candidates (SPEC: pair.candidates): j in peers(i) and
 * Phi(dir (theta_j - theta_i) / sqrt(v_i + v_j)) >= min_p_better, using
 * tdm_unit_rate.theta and .v (raw y and se^2, or shrunk values), and within
 * max_travel_km. Cost (SPEC: pair.cost):
 * round(scale (alpha D/D~ + beta T/T~ - gamma G/G~)) + offset, tildes the
 * medians over the candidates, offset making the smallest cost 0. Then
 * tdm_pair_flow with the peer rank as the tie key.
 * @param rates n units (from tdm_unit_rates).
 * @param lat, lon n coordinates in degrees, or both NULL (no travel term).
 *        A unit with NaN coordinates has no travel term on its arcs.
 * @param peers  peer sets of the same n units (tdm_peers_compute).
 * @param out    receives the result; free with tdm_pair_result_free.
 * @return TDM_OK; TDM_EINVAL (options; peers of another size);
 *         TDM_ESOLVER (strict and some demand unmet: the message names the
 *         first such unit, err->line its 1-based index); TDM_ENOMEM.
 * Ownership: inputs are read during the call only.
 * Reference: spec-peers section 5; Rosenbaum (1989) JASA 84:1024-1032.
 */
TDM_API int tdm_pair_compute(const tdm_unit_rate *rates, const double *lat, const double *lon,
                             size_t n, const tdm_peers_result *peers, const tdm_pair_options *opt,
                             tdm_pair_result **out, tdm_error *err);

/**
 * Rows of the pairing: for each challenged unit in index order, its filled
 * places by increasing cost, then one row per unmet place.
 * @param n receives the row count. @return the rows (owned by the result).
 */
TDM_API const tdm_pair_match *tdm_pair_result_rows(const tdm_pair_result *r, size_t *n);
/** Totals of the pairing (owned by the result). */
TDM_API const tdm_pair_summary *tdm_pair_result_summary(const tdm_pair_result *r);
/** Free a result. NULL is a no-op. */
TDM_API void tdm_pair_result_free(tdm_pair_result *r);

/**
 * Great-circle distance in km between two points given in degrees
 * (haversine, mean Earth radius 6371.0088 km). NaN if any input is NaN.
 */
TDM_API double tdm_haversine_km(double lat1, double lon1, double lat2, double lon2);

/* ---- Opportunity: the gap to a benchmark in natural units (SPEC: opp.*) ---- */

typedef enum tdm_opp_benchmark {
    TDM_OPP_Q75 = 0,      /* the favourable quartile: 75th percentile (25th if lower is better) */
    TDM_OPP_MEDIAN = 1,   /* 50th percentile */
    TDM_OPP_MEAN = 2,     /* unweighted mean of the unit values (Carter) */
    TDM_OPP_CENTILE = 3,  /* the `centile`-th percentile, as given (OpenPrescribing) */
    TDM_OPP_BEST5 = 4,    /* mean of the best `best_n` values among the unit's peers (RightCare) */
    TDM_OPP_TOPQ_MEAN = 5 /* mean of the values at or beyond the favourable quartile (Q75) */
} tdm_opp_benchmark;

typedef struct tdm_opportunity_options {
    unsigned int version;
    int improvement;     /* tdm_improvement: INCREASE or DECREASE (required) */
    int benchmark;       /* tdm_opp_benchmark [Q75] */
    double centile;      /* CENTILE: in [0, 100] */
    int percentile_type; /* Hyndman-Fan definition, 7 (default, R and Excel PERCENTILE.INC) or 6 */
    size_t best_n;       /* BEST5: how many of the best peers [5] */
    double closure;      /* fraction of each gap closed, in (0, 1] [1] */
    int use_shrunk;      /* 1: benchmark and gaps from shrunk values (rates->shrunk) [0] */
    size_t simulations;  /* draws for the intervals [1000]; 0: none */
    uint64_t seed;       /* [42] */
    double level;        /* interval level [0.95] */
} tdm_opportunity_options;

#define TDM_OPPORTUNITY_OPTIONS_VERSION 1
/** Fill `o` with the defaults above (improvement INCREASE). */
TDM_API void tdm_opportunity_options_init(tdm_opportunity_options *o);

/** One row: a unit, a group of a level, or the total. */
typedef struct tdm_opportunity_row {
    size_t n_units;     /* units summed */
    double numerator;   /* sum of numerators */
    double denominator; /* sum of denominators */
    double rate;        /* numerator / denominator x multiplier */
    double shrunk;      /* unit: its shrunk value when use_shrunk (the value compared with
                           the benchmark), else NaN; groups: NaN */
    double benchmark;   /* unit: its benchmark; group: the rate it would have if every unit
                           met its benchmark (rate + dir x gap) */
    double gap;         /* unit: max(0, dir (benchmark - rate)) x closure; group: the
                           opportunity per denominator x multiplier */
    double opportunity; /* unit: gap x denominator / multiplier; group: sum over its units */
    double sim_median;  /* median of the simulated opportunity (NaN without simulations) */
    double lower;       /* simulation interval (NaN without simulations) */
    double upper;
} tdm_opportunity_row;

/** Groups of units for the roll-up: one array per level. */
typedef struct tdm_opportunity_levels {
    size_t n_levels;
    const uint32_t *const *group; /* group[l][u]: group index of unit u at level l */
    const size_t *n_groups;       /* n_groups[l]: groups at level l */
} tdm_opportunity_levels;

typedef struct tdm_opportunity_result tdm_opportunity_result;

/**
 * Opportunity of every unit, summed up the levels and in total.
 * Benchmark b from the unit values (SPEC: opp.benchmark); gap
 * g = max(0, dir (b - value)) x closure (SPEC: opp.gap); opportunity
 * g x denominator / multiplier (SPEC: opp.unit); groups sum their units'
 * opportunities, never recomputing a gap on the aggregate rate
 * (SPEC: opp.rollup). Simulation (SPEC: opp.simulation): each draw takes
 * theta_u ~ N(rates[u].theta, rates[u].v), back-transforms, recomputes
 * benchmarks, gaps and sums; the interval is the type-7 percentiles of the
 * draws (seeded, deterministic).
 * @param rates  n units from tdm_unit_rates with `ropt`.
 * @param num, den n numerators and denominators (the ones given to tdm_unit_rates).
 * @param levels roll-up groups, or NULL.
 * @param peers  peer sets of the n units (BEST5 only; else may be NULL).
 * @param out    receives the result; free with tdm_opportunity_result_free.
 * @return TDM_OK; TDM_EINVAL (options, missing peers for BEST5, a group
 *         index out of range); TDM_ELIMIT (simulations x rows above 2^28);
 *         TDM_ENOMEM.
 * Reference: spec-peers section 3; RightCare Commissioning for Value (Best 5);
 *            Hyndman & Fan (1996) Am Stat 50:361-365.
 */
TDM_API int tdm_opportunity_compute(const tdm_unit_rate *rates, const double *num,
                                    const double *den, size_t n, const tdm_rate_options *ropt,
                                    const tdm_opportunity_levels *levels,
                                    const tdm_peers_result *peers,
                                    const tdm_opportunity_options *opt,
                                    tdm_opportunity_result **out, tdm_error *err);

/** Unit rows (n, in input order), owned by the result. */
TDM_API const tdm_opportunity_row *tdm_opportunity_result_units(const tdm_opportunity_result *r);
/** Rows of level l (n_groups[l], in group order), or NULL if l is out of range. */
TDM_API const tdm_opportunity_row *tdm_opportunity_result_level(const tdm_opportunity_result *r,
                                                                size_t l);
/** The total over every unit. */
TDM_API const tdm_opportunity_row *tdm_opportunity_result_total(const tdm_opportunity_result *r);
/** The national benchmark (NaN for BEST5, where each unit has its own). */
TDM_API double tdm_opportunity_result_benchmark(const tdm_opportunity_result *r);
/** Free a result. NULL is a no-op. */
TDM_API void tdm_opportunity_result_free(tdm_opportunity_result *r);

/* ========================================================================
 * Aggregation: roll-up and inequality
 * Methods and their SPEC tags: docs/methods/aggregation.md (agg.*, ineq.*).
 * ======================================================================== */

/* ---- Random numbers, draw for draw as R's ---- */

/** A random stream identical to R's default generator (Mersenne-Twister,
 *  Inversion normals), so seeded simulations reproduce R exactly. */
typedef struct tdm_rng tdm_rng;

/**
 * Create a stream seeded as R's `set.seed(seed)` (a negative R seed s is the
 * same as (uint32_t)s here).
 * @param out receives the handle (NULL on error); free with tdm_rng_free.
 * @return TDM_OK, TDM_EINVAL (out NULL), TDM_ENOMEM.
 * Reference: R 4.2.2 RNG.c (RNG_Init, MT_genrand); Matsumoto & Nishimura (1998).
 */
TDM_API int tdm_rng_new(tdm_rng **out, uint32_t seed);
/** Re-seed an existing stream, as R's `set.seed(seed)`. */
TDM_API void tdm_rng_seed(tdm_rng *rng, uint32_t seed);
/** Next uniform in (0, 1): R's unif_rand(). */
TDM_API double tdm_rng_unif(tdm_rng *rng);
/**
 * Next normal deviate: R's rnorm(1, mean, sd) with normal.kind "Inversion"
 * (two uniforms, then qnorm from libRmath).
 * NaN: a NaN mean, or sd negative or not finite, gives NaN; sd == 0 or an
 * infinite mean returns the mean without consuming a draw (as R).
 */
TDM_API double tdm_rng_norm(tdm_rng *rng, double mean, double sd);
/** Free the stream. NULL is a no-op. */
TDM_API void tdm_rng_free(tdm_rng *rng);

/* ---- Slope and relative index of inequality (SII, RII) ---- */

/** How a per-quantile value and its standard error are modelled. */
typedef enum tdm_value_type {
    TDM_VALUE_NORMAL = 0,    /* any value; SE on the value's own scale */
    TDM_VALUE_RATE = 1,      /* rate > 0; SEs and simulation on the log scale */
    TDM_VALUE_PROPORTION = 2 /* proportion in [0, 1]; logit scale */
} tdm_value_type;

typedef struct tdm_sii_options {
    unsigned int version;
    int value_type;    /* tdm_value_type; default TDM_VALUE_NORMAL */
    int transform;     /* 1: regress on the log/logit scale (rates and proportions
                          with confidence limits only); default 0 */
    double multiplier; /* scales the SII (e.g. 100 for percentages); negative flips
                          the polarity and reports 1/RII; default 1 */
    double confidence; /* of the simulated SII/RII intervals, in (0, 1); 0.95 */
    size_t reps;       /* simulation repetitions; 100000; 0: no intervals (NaN) */
} tdm_sii_options;

#define TDM_SII_OPTIONS_VERSION 1
#define TDM_SII_MIN_QUANTILES   5
#define TDM_SII_MAX_QUANTILES   100
/** Fill `o` with the defaults above (those of PHEindicatormethods::phe_sii). */
TDM_API void tdm_sii_options_init(tdm_sii_options *o);

/** Per-quantile inputs of one area, quantile 1 (most deprived) first. */
typedef struct tdm_sii_data {
    size_t n;                 /* number of quantiles, 5..100 */
    const double *population; /* n populations, > 0 */
    const double *value;      /* n values; NULL: count / population (proportions) */
    const double *count;      /* n numerators when value is NULL, else NULL */
    const double *se;         /* n standard errors (on the log/logit scale for rates and
                                 proportions, as phe_sii); NULL: from the limits */
    const double *lower;      /* n lower 95% confidence limits (NULL with se) */
    const double *upper;      /* n upper 95% confidence limits (NULL with se) */
} tdm_sii_data;

typedef struct tdm_sii_result {
    double sii, sii_lower, sii_upper; /* slope index (x multiplier) and interval */
    double rii, rii_lower, rii_upper; /* relative index and interval */
    double intercept;                 /* fitted value at the most deprived end
                                         (rank 0): beta0, or g^-1(beta0) x |m| */
} tdm_sii_result;

/**
 * Bytes of workspace tdm_sii needs for n quantiles under `opt` (NULL: defaults).
 * @return the size, or 0 if it would overflow.
 */
TDM_API size_t tdm_sii_workspace_size(size_t n, const tdm_sii_options *opt);

/**
 * Slope and relative index of inequality of one area (Low & Low 2004), with
 * intervals by simulation, as PHEindicatormethods::phe_sii (SPEC: ineq.sii,
 * ineq.rii, ineq.sii.se, ineq.sii.sim, ineq.sii.transform). Quantiles are
 * given a relative rank at the midpoint of their cumulative population share
 * and the values are regressed on it by population-weighted least squares;
 * SII is the slope, RII the fitted value at rank 1 (least deprived) over
 * that at rank 0 (most deprived).
 * @param d    per-quantile data. Not NULL.
 * @param opt  options, NULL for defaults.
 * @param rng  the random stream (advanced by n x reps normal draws; none when
 *             reps is 0 or an input is NaN). May be NULL only when reps is 0.
 *             Drawing areas one after another from one stream seeded with s
 *             reproduces `set.seed(s); phe_sii(...)` on those areas in order.
 * @param work tdm_sii_workspace_size(d->n, opt) bytes, or NULL to let the
 *             function allocate (and free) it.
 * @param out  receives the result. Not NULL.
 * @return TDM_OK; TDM_EINVAL for a NULL argument, bad options, transform
 *         without limits or with value type NORMAL, or a missing input array;
 *         TDM_EDOMAIN for fewer than 5 or more than 100 quantiles, a
 *         population <= 0, a negative SE, limits in the wrong order, a rate or
 *         its limits <= 0, a proportion or its limits outside [0, 1], a
 *         count <= 0; TDM_ENOMEM.
 * NaN: if any population, value, count, SE or limit is NaN, returns TDM_OK
 *      with every field NaN and consumes no random numbers (phe_sii drops
 *      such areas).
 * Reference: Low A, Low A (2004) J Public Health 26:388-95; PHEindicatormethods
 *      2.1.0 phe_sii; point estimates match to 1e-9, intervals to R's draws.
 */
TDM_API int tdm_sii(const tdm_sii_data *d, const tdm_sii_options *opt, tdm_rng *rng, void *work,
                    tdm_sii_result *out, tdm_error *err);

/* ---- Lookups: key -> parent codes, from one or more CSV files ---- */

/** A compiled mapping from a key (e.g. an LSOA code) to codes of named
 *  columns (sub-ICB, ICB, region, IMD decile ...), possibly through a chain of
 *  lookup files. Owns all its text. */
typedef struct tdm_lookup tdm_lookup;

typedef struct tdm_lookup_spec {
    unsigned int version;
    tdm_csv_reader *const *tables; /* lookup CSVs with header rows, in chain order;
                                      borrowed; each is read to its end */
    size_t n_tables;
    const char *key_column;     /* column of tables[0] that holds the key; required */
    const char *const *columns; /* columns to make available; each is taken from the
                                   first table that has it (the key column allowed) */
    size_t n_columns;
} tdm_lookup_spec;

#define TDM_LOOKUP_SPEC_VERSION 1
/** Fill `s` with defaults (all NULL / 0). */
TDM_API void tdm_lookup_spec_init(tdm_lookup_spec *s);

/**
 * Read and compile lookup tables (SPEC: agg.lookup, agg.lookup.chain).
 * tables[0] maps the key; each later table joins on its first column whose
 * name appears in an earlier table (e.g. a region file joined on
 * icb22_code), so a key reaches every column through the chain. Only the
 * columns needed (the wanted ones and the join columns) are kept. Rows that
 * repeat a key with the same codes are merged; an empty key is ignored.
 * @param out  receives the handle (NULL on error); free with tdm_lookup_free.
 * @return TDM_OK; TDM_ENOTFOUND (a key or wanted column absent, or a later
 *         table sharing no column with an earlier one); TDM_EPARSE (a key
 *         mapped to two different codes of one column: the message names the
 *         file, both lines and the column; or a CSV error); TDM_EINVAL;
 *         TDM_ENOMEM; TDM_EIO.
 */
TDM_API int tdm_lookup_load(tdm_lookup **out, const tdm_lookup_spec *spec, tdm_error *err);
/** Number of distinct keys (rows of tables[0]). */
TDM_API size_t tdm_lookup_size(const tdm_lookup *lk);
/** Find a key (exact bytes). @return 1 and *index, or 0 if absent. */
TDM_API int tdm_lookup_find(const tdm_lookup *lk, const char *key, size_t len, size_t *index);
/** Text of key `index` (NUL-terminated, owned by the lookup). */
TDM_API const char *tdm_lookup_key(const tdm_lookup *lk, size_t index, size_t *len);
/**
 * Code of wanted column `column` (0-based, in spec order) for key `index`.
 * @return NUL-terminated text owned by the lookup, or NULL when the chain
 *         does not reach it (a join value missing from a later table, or an
 *         empty cell).
 */
TDM_API const char *tdm_lookup_code(const tdm_lookup *lk, size_t index, size_t column, size_t *len);
/** Index of a wanted column by name. @return 1 and *column, or 0. */
TDM_API int tdm_lookup_column(const tdm_lookup *lk, const char *name, size_t *column);
/** Free the lookup. NULL is a no-op. */
TDM_API void tdm_lookup_free(tdm_lookup *lk);

/* ---- Roll-up: streaming group-by through a lookup, all levels in one pass ---- */

/** What to do with input rows whose key the lookup does not (fully) resolve. */
typedef enum tdm_unmatched {
    TDM_UNMATCHED_SKIP = 0, /* leave them out, counted (default) */
    TDM_UNMATCHED_FAIL = 1, /* stop with TDM_ENOTFOUND at the first one */
    TDM_UNMATCHED_KEEP = 2  /* keep them under an empty code at unresolved levels */
} tdm_unmatched;

typedef struct tdm_rollup_spec {
    unsigned int version;
    const char *key_column;    /* input column holding the key; required */
    const tdm_lookup *lookup;  /* borrowed; NULL: the only level is the key itself */
    const char *const *levels; /* output levels: wanted lookup columns, or the
                                  key column for the key itself; none: the key */
    size_t n_levels;
    const char *const *by_columns; /* split every level further: input columns, else
                                      lookup columns (e.g. an IMD decile per key) */
    size_t n_by;
    const char *const *sum_columns; /* input columns to sum */
    size_t n_sum;
    const char *const *mean_columns; /* input columns to average, else lookup columns
                                        (a numeric attribute of the key) */
    size_t n_mean;
    const char *weight_column;     /* input column weighting the means; NULL: unweighted */
    const char *total_code;        /* non-NULL: add a last level "total" with this code */
    int unmatched;                 /* tdm_unmatched */
    int missing_is_error;          /* 1: a missing or suppressed value is an error */
    const char *const *na_strings; /* NULL: "", "NA", "NULL", "." */
    size_t n_na;
    const char *const *suppressed; /* NULL: "*", "c", "[c]", "[x]" (counted apart) */
    size_t n_suppressed;
} tdm_rollup_spec;

#define TDM_ROLLUP_SPEC_VERSION 1
/** Fill `s` with defaults (all NULL / 0: skip unmatched keys, skip missing values). */
TDM_API void tdm_rollup_spec_init(tdm_rollup_spec *s);

typedef struct tdm_rollup_result tdm_rollup_result;

/** One output row: a code of one level (and one combination of by values). */
typedef struct tdm_rollup_row {
    size_t level;     /* index into the levels (the total level is last) */
    const char *code; /* NUL-terminated; "" for unresolved keys kept */
    size_t code_len;
    const char *const *by; /* n_by NUL-terminated values */
    const size_t *by_len;
    uint64_t n_rows;           /* input rows in the group */
    const double *sum;         /* n_sum sums (compensated; missing values left out) */
    const double *mean;        /* n_mean means (NaN when no value or zero weight) */
    const double *weight;      /* n_mean total weights behind the means */
    const uint64_t *n_missing; /* n_sum + n_mean: missing values left out */
    const uint64_t *n_supp_in; /* n_sum + n_mean: suppressed input values left out */
    const uint8_t *hidden;     /* 1 + n_sum + n_mean flags (n_rows, sums, means):
                                  TDM_HIDDEN_* after tdm_rollup_suppress, else 0 */
} tdm_rollup_row;

#define TDM_HIDDEN_PRIMARY   1 /* below the threshold */
#define TDM_HIDDEN_SECONDARY 2 /* hidden so a primary cell cannot be derived */

typedef struct tdm_rollup_stats {
    uint64_t rows;                 /* data rows read */
    uint64_t unmatched_rows;       /* rows whose key the lookup did not resolve */
    uint64_t unmatched_keys;       /* distinct such keys (counting stops at 2^20) */
    uint64_t first_unmatched_line; /* input line of the first one (0: none) */
    char first_unmatched_key[64];  /* its key, truncated, NUL-terminated */
    size_t groups;                 /* keys (x input by values) accumulated */
    size_t out_rows;               /* output rows, all levels */
    const uint64_t *n_missing;     /* n_sum + n_mean: missing values, all rows */
    const uint64_t *n_supp_in;     /* n_sum + n_mean: suppressed input values */
    uint64_t hidden_primary;       /* cells hidden by tdm_rollup_suppress */
    uint64_t hidden_secondary;
} tdm_rollup_stats;

/**
 * Stream `input` once and aggregate it at every level (SPEC: agg.rollup,
 * agg.rollup.levels, agg.rollup.missing, agg.rollup.order). Each row is
 * added to its key's accumulators (row count, compensated sums, weighted
 * sums for means); at the end the keys are folded into every level, so the
 * cost per row is one hash lookup whatever the number of levels, and memory
 * is bounded by the number of keys (times input by values), never the rows.
 * Output rows are ordered by level (as given), then code, then by values,
 * comparing numbers numerically before text in byte order: byte-identical
 * from run to run. Groups without input rows are not output.
 * @param out    receives the result (NULL on error); free with
 *               tdm_rollup_result_free. It owns all its text.
 * @param input  CSV with a header row; read to its end.
 * @return TDM_OK; TDM_ENOTFOUND (a column absent, a level not in the lookup,
 *         or an unmatched key with TDM_UNMATCHED_FAIL: file, line, column);
 *         TDM_EPARSE (a value that is not a number, or missing with
 *         missing_is_error: file, line, column); TDM_EDOMAIN (a negative or
 *         infinite weight); TDM_EINVAL; TDM_ENOMEM; TDM_EIO.
 */
TDM_API int tdm_rollup_run(tdm_rollup_result **out, tdm_csv_reader *input,
                           const tdm_rollup_spec *spec, tdm_error *err);
/** Number of output rows. */
TDM_API size_t tdm_rollup_result_count(const tdm_rollup_result *r);
/** Row i (0-based, in output order); pointers valid until the result is freed. */
TDM_API void tdm_rollup_result_row(const tdm_rollup_result *r, size_t i, tdm_rollup_row *row);
/** Name of level `level` (a lookup column, the key column, or "total"). */
TDM_API const char *tdm_rollup_result_level(const tdm_rollup_result *r, size_t level);
/** Number of levels, including the total level. */
TDM_API size_t tdm_rollup_result_levels(const tdm_rollup_result *r);
/** Counts for reporting; pointers valid until the result is freed. */
TDM_API void tdm_rollup_result_stats(const tdm_rollup_result *r, tdm_rollup_stats *st);
/** Free the result. NULL is a no-op. */
TDM_API void tdm_rollup_result_free(tdm_rollup_result *r);

/* ---- Small-number suppression ---- */

typedef struct tdm_suppress_options {
    unsigned int version;
    double threshold; /* counts v with 0 < v < threshold are hidden; default 5 */
    int secondary;    /* 1 (default): complementary suppression in nested levels */
} tdm_suppress_options;

#define TDM_SUPPRESS_OPTIONS_VERSION 1
/** Fill `o` with the defaults above. */
TDM_API void tdm_suppress_options_init(tdm_suppress_options *o);

/**
 * Mark the cells of a roll-up that must not be published (SPEC:
 * agg.suppress.primary, agg.suppress.secondary). Primary: a row count or a
 * sum with 0 < value < threshold (zero is shown). A group's means are hidden
 * with its row count. Secondary, for every pair of levels where one nests in
 * the other (each child code has one parent code in the data, e.g. sub-ICB
 * in ICB, or any level in the total): in a parent whose cell is shown, a lone
 * hidden child could be recovered as parent minus the other children, so the
 * smallest shown sibling is hidden too (or the parent, when there is no
 * sibling); repeated until nothing changes. Not handled (documented in
 * docs/methods/aggregation.md): levels that overlap without nesting,
 * relations between columns, and other outputs of the same data.
 * Values are kept: only the `hidden` flags change, so output writers print a
 * marker instead. Calling it again first clears the previous marks.
 * @return TDM_OK, TDM_EINVAL (threshold not finite or < 0), TDM_ENOMEM.
 */
TDM_API int tdm_rollup_suppress(tdm_rollup_result *r, const tdm_suppress_options *opt,
                                tdm_error *err);

/* ---- Inequality by deprivation quantile, per area ---- */

typedef struct tdm_inequality_spec {
    unsigned int version;
    const char *const *by_columns; /* columns naming an area; none: one area */
    size_t n_by;
    const char *quantile_column;   /* quantile 1 (most deprived) .. Q, whole numbers */
    size_t n_quantiles;            /* Q; 0: the largest quantile in the input */
    const char *population_column; /* required (denominator) */
    const char *value_column;      /* value per area and quantile (one row each) ... */
    const char *se_column;         /* ... with its standard error, or */
    const char *lower_column;      /* ... with its 95% confidence limits */
    const char *upper_column;
    const char *numerator_column;  /* instead of values: counts, summed with the
                                      populations over the rows of an area and quantile */
    tdm_sii_options sii;           /* value type, transform, multiplier, reps, confidence */
    uint32_t seed;                 /* R's set.seed() value for the simulation */
    const char *const *na_strings; /* NULL: "", "NA", "NULL", "." */
    size_t n_na;
    const char *const *suppressed; /* NULL: "*", "c", "[c]", "[x]" */
    size_t n_suppressed;
    const char *score_column;        /* instead of quantile_column: rows are small areas and
                                        their quantile comes from this deprivation score
                                        (tdm_quantile_assign); needs numerator_column and
                                        n_quantiles */
    int score_low_first;             /* 0 (default): the highest score is quantile 1 (IMD
                                        scores: the most deprived); 1: the lowest (ranks) */
    const char *const *score_within; /* assign quantiles within groups of these columns;
                                        none: across all rows (national quantiles) */
    size_t n_score_within;
} tdm_inequality_spec;

#define TDM_INEQUALITY_SPEC_VERSION 1
/** Fill `s` with defaults (columns NULL, tdm_sii_options defaults, seed 1). */
TDM_API void tdm_inequality_spec_init(tdm_inequality_spec *s);

/** Why an area has no SII. */
typedef enum tdm_ineq_status {
    TDM_INEQ_OK = 0,
    TDM_INEQ_INCOMPLETE = 1, /* a quantile has no row */
    TDM_INEQ_MISSING = 2     /* a needed value is missing or suppressed */
} tdm_ineq_status;

typedef struct tdm_inequality_area {
    const char *const *by; /* n_by values (NUL-terminated) */
    const size_t *by_len;
    int status;          /* tdm_ineq_status */
    size_t n_present;    /* quantiles with a row */
    double population;   /* total over the quantiles present */
    tdm_sii_result sii;  /* NaN unless status is TDM_INEQ_OK */
    double core20_value; /* most deprived fifth (quantiles 1..Q/5), pooled */
    double rest_value;   /* the other four fifths, pooled */
    double core20_gap;   /* (core20 - rest) x multiplier */
    double core20_gap_lower, core20_gap_upper;
    const double *q_population; /* per quantile (Q each; NaN where absent) */
    const double *q_numerator;  /* NaN without a numerator column */
    const double *q_value;
    const double *q_lower; /* the quantile's 95% interval (given, or Wilson / exact
                              Poisson / Byar from counts), or NaN */
    const double *q_upper;
} tdm_inequality_area;

typedef struct tdm_inequality_result tdm_inequality_result;

/**
 * Inequality measures for every area of a CSV with one row per area and
 * deprivation quantile (or, with a numerator column, any number of rows per
 * area and quantile, summed; or, with a score column, one row per small area
 * whose quantile is assigned from its score): the SII and RII of each area
 * with simulated intervals (tdm_sii), and the CORE20 gap: the pooled value of
 * the most deprived fifth minus that of the rest, with its interval
 * (SPEC: ineq.area, ineq.counts, ineq.score, ineq.core20). From counts, each
 * quantile's 95% interval is Wilson's (proportions) or PHE's Poisson
 * interval (rates: exact below 10 events, Byar's above), from the indicator
 * kernels, and the gap's interval combines the two fifths' intervals by
 * MOVER (Newcombe 1998, method 10). Areas are processed in output order (by
 * values, numbers before text) from one random stream seeded with
 * spec->seed, so results are reproducible and match R's for the same seed.
 * An area with a quantile absent, or a needed value missing, gets NaN
 * results and a status saying why.
 * @return TDM_OK; TDM_ENOTFOUND (a column absent); TDM_EPARSE (a value not a
 *         number, a quantile not a whole number in 1..Q, two rows for one
 *         area and quantile: file, line, column); TDM_EDOMAIN (from tdm_sii
 *         or the interval kernels, with the area named; fewer than 5 or more
 *         than 100 quantiles; a score group with fewer areas than quantiles);
 *         TDM_EINVAL; TDM_ENOMEM; TDM_EIO. A CORE20 split impossible because
 *         Q is not a multiple of 5 is not an error: the gap is NaN.
 */
TDM_API int tdm_inequality_run(tdm_inequality_result **out, tdm_csv_reader *input,
                               const tdm_inequality_spec *spec, tdm_error *err);
/** Number of quantiles Q. */
TDM_API size_t tdm_inequality_result_quantiles(const tdm_inequality_result *r);
/** Number of areas. */
TDM_API size_t tdm_inequality_result_count(const tdm_inequality_result *r);
/** Area i, in output order; pointers valid until the result is freed. */
TDM_API void tdm_inequality_result_area(const tdm_inequality_result *r, size_t i,
                                        tdm_inequality_area *area);
/** Free the result. NULL is a no-op. */
TDM_API void tdm_inequality_result_free(tdm_inequality_result *r);

#ifdef __cplusplus
}
#endif

#endif /* TANDEM_H */
