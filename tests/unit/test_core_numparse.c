/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_core_numparse.c - tdm_parse_double (src/core/numparse.c): the grammar
 * documented in tandem.h (what is accepted and rejected), and exactness: the
 * result must equal glibc's correctly rounded strtod in the C locale bit for
 * bit, on hand-picked hard cases and on a seeded random sweep, also while the
 * process runs under a locale with a decimal comma (de_DE.UTF-8).
 * Reference values come from strtod (independent code) or are exact by
 * construction (small integers, powers of two).
 */
#include <criterion/criterion.h>
#include <float.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tandem.h"
#include "test_alloc.h"

static uint64_t bits(double x)
{
    uint64_t u;
    memcpy(&u, &x, sizeof u);
    return u;
}

static double from_bits(uint64_t u)
{
    double x;
    memcpy(&x, &u, sizeof x);
    return x;
}

/* strtod in the C locale on text[0..len), or (double)NAN + *ok = 0 on overflow or
 * incomplete consumption. */
static double ref_strtod(const char *s, size_t len, int *ok)
{
    char buf[512];
    char *end;
    locale_t c = newlocale(LC_ALL_MASK, "C", (locale_t)0);
    locale_t old;
    double v;
    cr_assert(len < sizeof buf);
    cr_assert(c != (locale_t)0);
    memcpy(buf, s, len);
    buf[len] = '\0';
    old = uselocale(c);
    v = strtod(buf, &end);
    (void)uselocale(old);
    freelocale(c);
    *ok = end == buf + len && !isinf(v);
    return v;
}

static void accepts(const char *s, double want)
{
    double v = 0;
    int rc = tdm_parse_double(s, strlen(s), &v);
    cr_assert_eq(rc, TDM_OK, "\"%s\" rejected", s);
    cr_assert_eq(bits(v), bits(want), "\"%s\": got %.17g, expected %.17g", s, v, want);
}

static void rejects(const char *s)
{
    double v = 0;
    int rc = tdm_parse_double(s, strlen(s), &v);
    cr_assert_eq(rc, TDM_EPARSE, "\"%s\" accepted as %.17g", s, v);
    cr_assert(isnan(v), "\"%s\": out must be NaN on failure", s);
}

/* ---- grammar ---- */

Test(core_numparse, integers_and_signs)
{
    accepts("0", 0.0);
    accepts("7", 7.0);
    accepts("+7", 7.0);
    accepts("-7", -7.0);
    accepts("007", 7.0);
    accepts("-0", -0.0); /* the sign of zero is kept */
    accepts("+0", 0.0);
    accepts("9007199254740992", 9007199254740992.0);         /* 2^53 */
    accepts("18446744073709551616", 18446744073709551616.0); /* 2^64: beyond uint64 */
}

Test(core_numparse, decimals)
{
    accepts(".5", 0.5);
    accepts("5.", 5.0);
    accepts("-.25", -0.25);
    accepts("+5.", 5.0);
    accepts("0.000", 0.0);
    accepts("-0.0", -0.0);
    accepts("3.125", 3.125);
    accepts("000.0625", 0.0625);
}

Test(core_numparse, exponents)
{
    accepts("1e5", 100000.0);
    accepts("1E5", 100000.0);
    accepts("1e+5", 100000.0);
    accepts("25e-2", 0.25);
    accepts(".5e1", 5.0);
    accepts("5.e-1", 0.5);
    accepts("1e0000000000000000000000002", 100.0); /* leading zeros in the exponent */
    accepts("0e999999", 0.0);
    accepts("-0e-999999", -0.0);
}

Test(core_numparse, surrounding_spaces_and_tabs_are_trimmed)
{
    accepts(" 1.5", 1.5);
    accepts("1.5 ", 1.5);
    accepts("\t -2 \t", -2.0);
}

Test(core_numparse, rejected_forms)
{
    static const char *const bad[] = {
        "",     " ",     "\t",    "+",     "-",     ".",        "+.",    "-.e1",  "e5",
        "1e",   "1e+",   "1e-",   "1,000", "1,5",   "12%",      "0x10",  "0X1p3", "inf",
        "-inf", "Inf",   "nan",   "NaN",   "NA",    "1.2.3",    "1e5.5", "1 2",   "--1",
        "+-1",  "1-",    "1e1e1", "1d5",   "12abc", "\xd9\xa1", "1\n",   "\n1",   "1.5f",
        "$5",   "1_000", "+ 1",   "1e 5",  "e",     "E1",
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        rejects(bad[i]);
    }
}

Test(core_numparse, overflow_rejected_underflow_accepted)
{
    rejects("1e400");
    rejects("-1e400");
    rejects("1.8e308");
    rejects("179769313486231580793728971405303415079934132710037826936173778980444968292764750946"
            "649017977587207096330286416692887910946555547851940402630657488671505820681908902000"
            "708383676273854845817711531764475730270069855571366959622842914819860834936475292719"
            "074168444365510704342711559699508093042880177904174497792"); /* rounds up to inf */
    accepts("1.7976931348623157e308", DBL_MAX);
    accepts("1e-400", 0.0);
    accepts("-1e-400", -0.0);
    accepts("4.9406564584124654e-324", 4.9406564584124654e-324); /* smallest subnormal */
    accepts("2.2250738585072014e-308", DBL_MIN);
    accepts("2.4703282292062328e-324", 4.9406564584124654e-324); /* just above half: up */
    accepts("2.4703282292062327e-324", 0.0);                     /* just below half: down */
}

Test(core_numparse, not_nul_terminated)
{
    const char text[] = "12345";
    double v = 0;
    cr_assert_eq(tdm_parse_double(text, 2, &v), TDM_OK);
    cr_assert_eq(v, 12.0);
    cr_assert_eq(tdm_parse_double(text + 1, 3, &v), TDM_OK);
    cr_assert_eq(v, 234.0);
    cr_assert_eq(tdm_parse_double(NULL, 0, &v), TDM_EPARSE);
    cr_assert(isnan(v));
}

Test(core_numparse, long_inputs_take_the_slow_path_exactly)
{
    /* 300 significant digits: longer than the parser's stack buffer. */
    char s[400];
    int ok;
    double want;
    size_t n = 0;
    s[n++] = '0';
    s[n++] = '.';
    for (int i = 0; i < 300; i++) {
        s[n++] = (char)('0' + (i * 7 + 3) % 10);
    }
    want = ref_strtod(s, n, &ok);
    cr_assert(ok);
    s[n] = '\0';
    accepts(s, want);
    /* many leading zeros, then a fast-path-sized significand */
    n = (size_t)snprintf(s, sizeof s, "0.%0250d123", 0);
    want = ref_strtod(s, n, &ok);
    cr_assert(ok);
    accepts(s, want);
}

Test(core_numparse, long_number_without_memory_is_enomem)
{
    /* Text of 128 bytes or more is copied to the heap for strtod; when that
     * fails the status must say so (callers such as the series reader must
     * not report "not a number" for an allocation failure). */
    char s[200];
    double v = 0;
    int rc;
    memset(s, '1', sizeof s);
    test_alloc_install(1);
    rc = tdm_parse_double(s, sizeof s, &v);
    cr_assert_eq(test_alloc_remove(), 0);
    cr_assert_eq(rc, TDM_ENOMEM);
    cr_assert(isnan(v));
    cr_assert_eq(tdm_parse_double(s, sizeof s, &v), TDM_OK);
    cr_assert_eq(bits(v), bits(ref_strtod(s, sizeof s, &rc)));
}

Test(core_numparse, hard_cases_against_strtod)
{
    /* Classic difficult conversions (halfway cases, 2^-1074 boundaries,
     * 17-19 digit significands, fast-path edges 1e22 / 1e23). */
    static const char *const hard[] = {
        "1e22",
        "1e23",
        "8.9e15",
        "9007199254740993",
        "9007199254740992.5",
        "9007199254740993.0000000001",
        "0.1",
        "0.3",
        "2.2250738585072011e-308",
        "2.2250738585072012e-308",
        "1.00000000000000011102230246251565404236316680908203125",
        "1.00000000000000011102230246251565404236316680908203124",
        "1.00000000000000011102230246251565404236316680908203126",
        "123456789012345678901234567890",
        "999999999999999999",
        "1844674407370955161",
        "18446744073709551615",
        "0.000000000000000000000000000000001234567890123456789",
        "7.2057594037927933e16",
        "3.0517578125e-05",
        "123456789012345e-22",
        "123456789012345e22",
        "1234567890123456e-22",
        "100000000000000000000000e-24",
        "4503599627370496.5",
        "4503599627370497.5",
        "5e-324",
        "1.7976931348623158e308",
    };
    for (size_t i = 0; i < sizeof hard / sizeof *hard; i++) {
        int ok;
        double want = ref_strtod(hard[i], strlen(hard[i]), &ok);
        cr_assert(ok, "%s", hard[i]);
        accepts(hard[i], want);
    }
}

/* ---- random sweep ---- */

static uint64_t rng_state;
static uint64_t rnd(void)
{
    uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

/* A random decimal in the accepted grammar: 1-25 digits, a point anywhere
 * (or none), an exponent from -340 to 320 (or none), a sign. Digit counts and
 * exponents are spread so both the fast path (<= 15 digits, |e| <= 22) and
 * the strtod path are exercised heavily. */
static size_t gen_number(char *s)
{
    size_t n = 0;
    size_t digits = 1 + (size_t)(rnd() % (rnd() % 2 ? 16 : 25));
    size_t point = (size_t)(rnd() % (digits + 2));
    switch (rnd() % 3) {
    case 0:
        s[n++] = '-';
        break;
    case 1:
        if (rnd() % 4 == 0) {
            s[n++] = '+';
        }
        break;
    default:
        break;
    }
    for (size_t i = 0; i < digits; i++) {
        if (i == point) {
            s[n++] = '.';
        }
        /* runs of 0 and 9 make halfway and carry cases likelier */
        switch (rnd() % 5) {
        case 0:
            s[n++] = '0';
            break;
        case 1:
            s[n++] = '9';
            break;
        default:
            s[n++] = (char)('0' + rnd() % 10);
            break;
        }
    }
    if (point == digits) {
        s[n++] = '.';
    }
    if (rnd() % 3 != 0) {
        long e = rnd() % 2 ? (long)(rnd() % 45) - 22 : (long)(rnd() % 661) - 340;
        n += (size_t)snprintf(s + n, 16, "%c%ld", rnd() % 2 ? 'e' : 'E', e);
    }
    s[n] = '\0';
    return n;
}

#define SWEEP 1000000

/* Parse SWEEP random numbers from `seed`. With `store`, compare with strtod
 * in the C locale and record the expected bits in want (NaN bits: overflow,
 * must be rejected); without, compare with the recorded bits. */
static void sweep(uint64_t seed, uint64_t *want, int store)
{
    char s[64];
    locale_t c = newlocale(LC_ALL_MASK, "C", (locale_t)0);
    cr_assert(c != (locale_t)0);
    rng_state = seed;
    for (size_t i = 0; i < SWEEP; i++) {
        size_t n = gen_number(s);
        double v;
        int rc = tdm_parse_double(s, n, &v);
        if (store) {
            char *end;
            locale_t old = uselocale(c);
            double r = strtod(s, &end);
            (void)uselocale(old);
            cr_assert_eq(end, s + n, "strtod did not consume \"%s\"", s);
            if (isinf(r)) {
                cr_assert_eq(rc, TDM_EPARSE, "\"%s\" overflows but was accepted", s);
                want[i] = bits((double)NAN);
                continue;
            }
            want[i] = bits(r);
        }
        if (want[i] == bits((double)NAN)) {
            cr_assert_eq(rc, TDM_EPARSE, "\"%s\" overflows but was accepted", s);
            continue;
        }
        cr_assert_eq(rc, TDM_OK, "\"%s\" rejected", s);
        cr_assert_eq(bits(v), want[i], "\"%s\": got %a, strtod gives %a", s, v, from_bits(want[i]));
    }
    freelocale(c);
}

Test(core_numparse, random_sweep_bit_exact_with_strtod, .timeout = 120)
{
    uint64_t *want = malloc(SWEEP * sizeof *want);
    cr_assert_not_null(want);
    sweep(20240601, want, 1);
    free(want);
}

Test(core_numparse, decimal_comma_locale_does_not_matter, .timeout = 120)
{
    /* The process-wide locale must not change parsing (the CLI never sets
     * it, but a host application embedding libtandem might). */
    uint64_t *want = malloc(SWEEP * sizeof *want);
    cr_assert_not_null(want);
    sweep(77, want, 1); /* expected values in the C locale */
    if (setlocale(LC_ALL, "de_DE.UTF-8") == NULL && setlocale(LC_ALL, "de_DE.utf8") == NULL) {
        free(want);
        cr_skip_test("locale de_DE.UTF-8 is not installed");
    }
    cr_assert_eq(localeconv()->decimal_point[0], ',');
    accepts("1.5", 1.5);
    rejects("1,5");
    accepts("0.1000000000000000055511151231257827021181583404541015625", 0.1); /* slow path */
    sweep(77, want, 0);
    (void)setlocale(LC_ALL, "C");
    free(want);
}
