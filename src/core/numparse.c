/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * numparse.c - exact, locale-independent decimal parsing for CSV fields.
 *
 * The fast path is Clinger's (1990, "How to read floating point numbers
 * accurately", PLDI): when the decimal significand has at most 15 digits it is
 * an exact double (< 2^53), and 10^k is exact for k <= 22, so one IEEE multiply
 * or divide gives the correctly rounded result. Everything else goes to strtod
 * under the C locale, which is correctly rounded in glibc. The grammar is
 * validated here first, so strtod never sees hex, inf/nan or locale digits.
 * tests/fuzz/fuzz_numparse.c checks the fast path against strtod bit for bit.
 */
#include "core.h"

#include <errno.h>
#include <locale.h>
#include <math.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

static const double pow10_exact[23] = { 1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                        1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                        1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22 };

/* A C locale object, created once (a lost race only leaks one locale). */
static locale_t c_locale(void)
{
    static _Atomic(locale_t) cached = (locale_t)0;
    locale_t loc = atomic_load(&cached);
    if (loc == (locale_t)0) {
        locale_t fresh = newlocale(LC_ALL_MASK, "C", (locale_t)0);
        locale_t expected = (locale_t)0;
        if (fresh == (locale_t)0) {
            return (locale_t)0;
        }
        if (atomic_compare_exchange_strong(&cached, &expected, fresh)) {
            loc = fresh;
        } else {
            freelocale(fresh);
            loc = expected;
        }
    }
    return loc;
}

/* strtod on validated text [s, s+len) in the C locale. */
static int slow_path(const char *s, size_t len, double *out)
{
    char stack[128];
    char *buf = stack;
    char *end = NULL;
    int rc = TDM_OK;
    locale_t loc = c_locale();
    locale_t old;
    if (loc == (locale_t)0) {
        return TDM_ENOMEM;
    }
    if (len >= sizeof stack) {
        buf = tdm__malloc(len + 1);
        if (buf == NULL) {
            return TDM_ENOMEM;
        }
    }
    memcpy(buf, s, len);
    buf[len] = '\0';
    old = uselocale(loc);
    errno = 0;
    *out = strtod(buf, &end);
    if (end != buf + len || (errno == ERANGE && isinf(*out))) {
        rc = TDM_EPARSE; /* overflow to infinity is not a value we accept */
        *out = NAN;
    }
    (void)uselocale(old);
    if (buf != stack) {
        tdm__free(buf);
    }
    return rc;
}

/*
 * The shape of almost every CSV number: [sign] digits [. digits], at most 15
 * digits in all, nothing else. The significand is then exact and the scale
 * 10^frac with frac <= 15 is exact, so one division is correctly rounded.
 * Anything else returns 0 and takes the general path below.
 */
static int parse_simple(const char *p, const char *end, double *out)
{
    const char *start;
    uint64_t mant = 0;
    size_t int_digits, frac_digits = 0;
    unsigned d;
    int neg = 0;
    if (p < end && (*p == '-' || *p == '+')) {
        neg = *p == '-';
        p++;
    }
    start = p;
    while (p < end && (d = (unsigned)(*p - '0')) < 10) {
        mant = mant * 10 + d;
        p++;
    }
    int_digits = (size_t)(p - start);
    if (p < end && *p == '.') {
        start = ++p;
        while (p < end && (d = (unsigned)(*p - '0')) < 10) {
            mant = mant * 10 + d;
            p++;
        }
        frac_digits = (size_t)(p - start);
    }
    if (p != end || int_digits + frac_digits == 0 || int_digits + frac_digits > 15) {
        return 0; /* mant may have wrapped past 19 digits: it is not used then */
    }
    {
        double v = (double)mant;
        if (frac_digits > 0) {
            v /= pow10_exact[frac_digits];
        }
        *out = neg ? -v : v;
    }
    return 1;
}

/* Significand digits of a decimal: up to 19 significant digits kept exactly,
 * leading zeros skipped, the rest counted in *dropped. */
typedef struct digits {
    uint64_t mant;
    int sig, dropped, frac_digits, any;
} digits;

static const char *scan_digits(const char *p, const char *end, digits *d, int fraction)
{
    for (; p < end && *p >= '0' && *p <= '9'; p++) {
        d->any = 1;
        if (d->mant == 0 && *p == '0') {
            d->frac_digits += fraction; /* a leading zero after the point still scales */
            continue;
        }
        if (d->sig < 19) {
            d->mant = d->mant * 10 + (uint64_t)(*p - '0');
            d->sig++;
            d->frac_digits += fraction;
        } else {
            d->dropped++;
        }
    }
    return p;
}

/* Optional exponent "e[+-]digits"; NULL if malformed. */
static const char *scan_exponent(const char *p, const char *end, long *exp10)
{
    int neg = 0;
    int n = 0;
    *exp10 = 0;
    if (p == end || (*p != 'e' && *p != 'E')) {
        return p;
    }
    p++;
    if (p < end && (*p == '+' || *p == '-')) {
        neg = *p == '-';
        p++;
    }
    for (; p < end && *p >= '0' && *p <= '9'; p++, n++) {
        if (*exp10 < 100000) {
            *exp10 = *exp10 * 10 + (*p - '0');
        }
    }
    if (neg) {
        *exp10 = -*exp10;
    }
    return n == 0 ? NULL : p;
}

/* Everything parse_simple does not take: spaces, exponents, long digit
 * strings. Kept out of line so the common path stays small. */
__attribute__((noinline)) static int parse_general(const char *s, size_t len, double *out)
{
    const char *p;
    const char *end;
    int neg = 0;
    long exp10 = 0;
    digits d = { 0, 0, 0, 0, 0 };

    *out = NAN;
    while (len > 0 && (s[0] == ' ' || s[0] == '\t')) {
        s++;
        len--;
    }
    while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t')) {
        len--;
    }
    p = s;
    end = s + len;
    if (p < end && (*p == '+' || *p == '-')) {
        neg = (*p == '-');
        p++;
    }
    p = scan_digits(p, end, &d, 0);
    if (p < end && *p == '.') {
        p = scan_digits(p + 1, end, &d, 1);
    }
    if (!d.any) {
        return TDM_EPARSE;
    }
    p = scan_exponent(p, end, &exp10);
    if (p == NULL || p != end) {
        return TDM_EPARSE;
    }
    if (d.mant == 0) {
        *out = neg ? -0.0 : 0.0;
        return TDM_OK;
    }
    if (d.dropped == 0) {
        long e = exp10 - d.frac_digits;
        while (d.sig > 15 && d.mant % 10 == 0) { /* trailing zeros are not precision */
            d.mant /= 10;
            d.sig--;
            e++;
        }
        if (d.sig <= 15 && e >= -22 && e <= 22) {
            double v = (double)d.mant;
            v = e >= 0 ? v * pow10_exact[e] : v / pow10_exact[-e];
            *out = neg ? -v : v;
            return TDM_OK;
        }
    }
    return slow_path(s, len, out);
}

int tdm_parse_double(const char *s, size_t len, double *out)
{
    if (parse_simple(s, s + len, out)) {
        return TDM_OK;
    }
    return parse_general(s, len, out);
}
