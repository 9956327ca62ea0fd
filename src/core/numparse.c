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
        *out = NAN;      /* as documented for every failure */
    }
    (void)uselocale(old);
    if (buf != stack) {
        tdm__free(buf);
    }
    return rc;
}

int tdm_parse_double(const char *s, size_t len, double *out)
{
    const char *p;
    const char *end;
    int neg = 0;
    uint64_t mant = 0;
    int sig = 0;     /* significant digits in mant */
    int dropped = 0; /* significant digits beyond 19 (not in mant) */
    int frac_digits = 0;
    int any_digit = 0;
    long exp10 = 0;

    *out = NAN;
    while (len > 0 && (s[0] == ' ' || s[0] == '\t')) {
        s++;
        len--;
    }
    while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t')) {
        len--;
    }
    if (len == 0) {
        return TDM_EPARSE;
    }
    p = s;
    end = s + len;
    if (*p == '+' || *p == '-') {
        neg = (*p == '-');
        p++;
    }
    for (; p < end && *p >= '0' && *p <= '9'; p++) {
        any_digit = 1;
        if (mant == 0 && *p == '0') {
            continue; /* leading zeros are not significant */
        }
        if (sig < 19) {
            mant = mant * 10 + (uint64_t)(*p - '0');
            sig++;
        } else {
            dropped++;
        }
    }
    if (p < end && *p == '.') {
        p++;
        for (; p < end && *p >= '0' && *p <= '9'; p++) {
            any_digit = 1;
            if (mant == 0 && *p == '0') {
                frac_digits++;
                continue;
            }
            if (sig < 19) {
                mant = mant * 10 + (uint64_t)(*p - '0');
                sig++;
                frac_digits++;
            } else {
                dropped++;
            }
        }
    }
    if (!any_digit) {
        return TDM_EPARSE;
    }
    if (p < end && (*p == 'e' || *p == 'E')) {
        int eneg = 0;
        int edigits = 0;
        p++;
        if (p < end && (*p == '+' || *p == '-')) {
            eneg = (*p == '-');
            p++;
        }
        for (; p < end && *p >= '0' && *p <= '9'; p++) {
            if (exp10 < 100000) {
                exp10 = exp10 * 10 + (*p - '0');
            }
            edigits++;
        }
        if (edigits == 0) {
            return TDM_EPARSE;
        }
        if (eneg) {
            exp10 = -exp10;
        }
    }
    if (p != end) {
        return TDM_EPARSE;
    }
    if (mant == 0) {
        *out = neg ? -0.0 : 0.0;
        return TDM_OK;
    }
    if (dropped == 0) {
        long e = exp10 - frac_digits;
        while (sig > 15 && mant % 10 == 0) { /* trailing zeros are not precision */
            mant /= 10;
            sig--;
            e++;
        }
        if (sig <= 15 && e >= -22 && e <= 22) {
            double v = (double)mant;
            v = e >= 0 ? v * pow10_exact[e] : v / pow10_exact[-e];
            *out = neg ? -v : v;
            return TDM_OK;
        }
    }
    return slow_path(s, len, out);
}
