/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * core.h - library-internal helpers shared by every src/ folder: the
 * allocation choke point (alloc.c), error formatting (error.c), the string
 * interning map (strmap.c) and compensated summation (inline, below).
 * Never included by cli/ or server/.
 */
#ifndef TDM_CORE_H
#define TDM_CORE_H

#define TDM_BUILDING 1
#include "tandem.h"

#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#if defined(__GNUC__)
#define TDM__HIDDEN       __attribute__((visibility("hidden")))
#define TDM__PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define TDM__HIDDEN
#define TDM__PRINTF(a, b)
#endif

/* ---- allocation (alloc.c): the only place that calls malloc/free ---- */

/* Allocate `size` bytes; NULL on failure or size 0 overflow. Free with tdm__free. */
TDM__HIDDEN void *tdm__malloc(size_t size);
/* Allocate n*size zeroed bytes; NULL on overflow or failure. */
TDM__HIDDEN void *tdm__calloc(size_t n, size_t size);
/* Resize to n*size bytes (overflow-checked); on failure returns NULL and p is untouched. */
TDM__HIDDEN void *tdm__realloc_array(void *p, size_t n, size_t size);
/* Free memory from the functions above. NULL is a no-op. */
TDM__HIDDEN void tdm__free(void *p);
/* Duplicate len bytes as a NUL-terminated string. */
TDM__HIDDEN char *tdm__strndup(const char *s, size_t len);

/* Grow *p (an array of `size`-byte items with capacity *cap) to hold at least
 * `need` items, doubling. @return TDM_OK or TDM_ENOMEM (array untouched). */
TDM__HIDDEN int tdm__grow(void **p, size_t *cap, size_t need, size_t size);

/* ---- errors (error.c) ---- */

/* Fill err (if not NULL) and return status, so callers can `return tdm__error(...)`. */
TDM__HIDDEN int tdm__error(tdm_error *err, int status, uint64_t line, uint32_t field,
                           const char *fmt, ...) TDM__PRINTF(5, 6);
/* Reset err to "no error". */
TDM__HIDDEN void tdm__error_clear(tdm_error *err);
/* Append a quoted, shortened, printable copy of text to buf (for messages). */
TDM__HIDDEN void tdm__quote_text(char *buf, size_t cap, const char *s, size_t len);

/* ---- string interning map (strmap.c): key bytes -> dense id 0,1,2,... ---- */

typedef struct tdm__strmap tdm__strmap;
TDM__HIDDEN int tdm__strmap_new(tdm__strmap **out);
/* Find or insert; *id receives the id, *inserted 1 if new. @return TDM_OK / TDM_ENOMEM. */
TDM__HIDDEN int tdm__strmap_intern(tdm__strmap *m, const char *s, size_t len, uint32_t *id,
                                   int *inserted);
/* Find only. @return 1 found, 0 absent. */
TDM__HIDDEN int tdm__strmap_find(const tdm__strmap *m, const char *s, size_t len, uint32_t *id);
/* Key of an id (NUL-terminated, owned by the map) and its length. */
TDM__HIDDEN const char *tdm__strmap_key(const tdm__strmap *m, uint32_t id, size_t *len);
TDM__HIDDEN size_t tdm__strmap_count(const tdm__strmap *m);
TDM__HIDDEN void tdm__strmap_free(tdm__strmap *m);

/* ---- compensated summation ---- */

/* Neumaier's improved Kahan summation: error independent of n to first order.
 * Neumaier, A. (1974) ZAMM 54:39-51. */
typedef struct tdm__sum {
    double s; /* running sum */
    double c; /* running compensation */
} tdm__sum;
static inline void tdm__sum_init(tdm__sum *a)
{
    a->s = 0.0;
    a->c = 0.0;
}
/* Inline: it runs once per value in every mean. */
static inline void tdm__sum_add(tdm__sum *a, double x)
{
    double t = a->s + x;
    if (fabs(a->s) >= fabs(x)) {
        a->c += (a->s - t) + x;
    } else {
        a->c += (x - t) + a->s;
    }
    a->s = t;
}
static inline double tdm__sum_value(const tdm__sum *a)
{
    return a->s + a->c;
}

#endif /* TDM_CORE_H */
