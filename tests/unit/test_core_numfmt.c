/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_core_numfmt.c - tdm_format_double (src/core/numfmt.cc): shortest
 * round trip and the notation rules documented in tandem.h.
 *
 * References: round trip is checked with glibc strtod (independent of
 * tandem); "shortest" is checked against glibc printf("%.*e"), which is
 * correctly rounded: the fewest significant digits p for which the p-digit
 * rounding of x reads back to x. Known strings are those any shortest
 * algorithm must produce (ECMAScript Number::toString gives the same digits).
 * The last two tests (whole numbers, the writer's number cache) come from the
 * copy of this file on main (tandem qic's formatting fast path), so that the
 * two versions merge into this one.
 */
#include <criterion/criterion.h>
#include <float.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tandem.h"

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

static void formats(double v, const char *want)
{
    char buf[TDM_NUMBUF];
    size_t n = tdm_format_double(v, buf);
    cr_assert_str_eq(buf, want, "%.17g: got \"%s\", expected \"%s\"", v, buf, want);
    cr_assert_eq(n, strlen(want));
}

Test(core_numfmt, known_strings)
{
    formats(0.1, "0.1");
    formats(0.1 + 0.2, "0.30000000000000004");
    formats(1.0 / 3.0, "0.3333333333333333");
    formats(2.0 / 3.0, "0.6666666666666666");
    formats(100.0, "100");
    formats(1.5, "1.5");
    formats(-1.5, "-1.5");
    formats(123456.789, "123456.789");
    formats(9007199254740992.0, "9007199254740992");
    formats(1e20, "100000000000000000000");
    formats(1e21, "1e+21");
    formats(1.5e300, "1.5e+300");
    formats(1e-6, "0.000001");
    formats(1.25e-6, "0.00000125");
    formats(1e-7, "1e-7");
    formats(-2.5e-10, "-2.5e-10");
    formats(DBL_MAX, "1.7976931348623157e+308");
    formats(-DBL_MAX, "-1.7976931348623157e+308");
    formats(DBL_MIN, "2.2250738585072014e-308");
    formats(4.9406564584124654e-324, "5e-324"); /* smallest subnormal */
    formats(5e-324 * 3, "1.5e-323");
}

Test(core_numfmt, zero_infinity_nan)
{
    char buf[TDM_NUMBUF];
    formats(0.0, "0");
    formats(-0.0, "0"); /* documented: -0 prints as "0" */
    formats((double)INFINITY, "Inf");
    formats(-(double)INFINITY, "-Inf");
    memset(buf, 'x', sizeof buf);
    cr_assert_eq(tdm_format_double((double)NAN, buf), 0);
    cr_assert_eq(buf[0], '\0');
    cr_assert_eq(tdm_format_double(-(double)NAN, buf), 0);
}

/* Plain notation exactly for 1e-6 <= |v| < 1e21. */
static int plain_expected(double v)
{
    double a = fabs(v);
    return a == 0.0 || (a >= 1e-6 && a < 1e21);
}

Test(core_numfmt, plain_and_exponent_boundaries)
{
    static const double edges[] = { 1e-6, 1e21 };
    char buf[TDM_NUMBUF];
    for (size_t i = 0; i < 2; i++) {
        double at = edges[i];
        double below = nextafter(at, 0.0);
        double above = nextafter(at, (double)INFINITY);
        double cases[] = { at, below, above, -at, -below, -above };
        for (size_t k = 0; k < 6; k++) {
            tdm_format_double(cases[k], buf);
            cr_assert_eq(strchr(buf, 'e') == NULL, plain_expected(cases[k]), "%a -> %s", cases[k],
                         buf);
        }
    }
    /* every power of ten in range */
    for (int e = -320; e <= 308; e++) {
        char lit[16];
        double v;
        (void)snprintf(lit, sizeof lit, "1e%d", e);
        v = strtod(lit, NULL);
        tdm_format_double(v, buf);
        cr_assert_eq(strchr(buf, 'e') == NULL, plain_expected(v), "%s -> %s", lit, buf);
    }
}

static uint64_t rng_state;
static uint64_t rnd(void)
{
    uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

/* Significant digits in a formatted number (mantissa digits, leading and
 * trailing zeros of the digit string excluded). */
static int sig_digits(const char *s)
{
    int n = 0, zeros = 0, started = 0;
    for (; *s != '\0' && *s != 'e'; s++) {
        if (*s < '0' || *s > '9') {
            continue;
        }
        if (*s == '0') {
            if (started) {
                zeros++;
            }
            continue;
        }
        started = 1;
        n += zeros + 1;
        zeros = 0;
    }
    return n;
}

/* Fewest digits p with which printf's correctly rounded %.{p-1}e reads back to x. */
static int printf_shortest(double x)
{
    char buf[40];
    for (int p = 1; p <= 17; p++) {
        (void)snprintf(buf, sizeof buf, "%.*e", p - 1, x);
        if (strtod(buf, NULL) == x) {
            return p;
        }
    }
    return 99;
}

/* Random doubles: uniform bit patterns (every exponent, subnormals
 * included), plus values near decimal-friendly magnitudes. */
static double random_double(void)
{
    uint64_t u = rnd();
    switch (u % 4) {
    case 0:
        return from_bits(rnd());
    case 1: /* subnormal */
        return from_bits(rnd() & 0x800FFFFFFFFFFFFFULL);
    case 2: /* short decimals, as data usually are */
        return (double)(int64_t)(rnd() % 2000001 - 1000000) / pow(10.0, (double)(rnd() % 8));
    default: /* normal numbers with any exponent */
        return ldexp((double)(rnd() >> 11) / 9007199254740992.0 + 0.5, (int)(rnd() % 2098) - 1074);
    }
}

Test(core_numfmt, random_shortest_round_trip, .timeout = 120)
{
    char buf[TDM_NUMBUF];
    size_t longer = 0;
    rng_state = 31337;
    for (int i = 0; i < 1000000; i++) {
        double x = random_double();
        double back;
        size_t n;
        int p;
        if (!isfinite(x) || x == 0.0) {
            continue;
        }
        n = tdm_format_double(x, buf);
        cr_assert(n > 0 && n < TDM_NUMBUF && buf[n] == '\0');
        back = strtod(buf, NULL);
        cr_assert_eq(bits(back), bits(x), "%a -> \"%s\" -> %a", x, buf, back);
        cr_assert_eq(tdm_parse_double(buf, n, &back), TDM_OK, "%s", buf);
        cr_assert_eq(bits(back), bits(x), "tandem's own parser: %a -> \"%s\"", x, buf);
        cr_assert_eq(strchr(buf, 'e') == NULL, plain_expected(x), "%a -> %s", x, buf);
        /* Shortest: never more digits than the correctly rounded form needs.
         * It may need one fewer when x is a power of two (asymmetric rounding
         * interval), where a shorter non-nearest decimal also reads back. */
        if (i % 8 != 0) {
            continue; /* the printf search costs ~17 conversions: sample it */
        }
        p = printf_shortest(x);
        cr_assert_leq(sig_digits(buf), p, "%a -> %s, printf needs %d digits", x, buf, p);
        if (sig_digits(buf) < p) {
            cr_assert_eq(bits(x) & 0x000FFFFFFFFFFFFFULL, 0, "%a -> %s", x, buf);
            longer++;
        }
    }
    cr_assert_lt(longer, 1000);
}

Test(core_numfmt, locale_does_not_matter)
{
    char buf[TDM_NUMBUF];
    if (setlocale(LC_ALL, "de_DE.UTF-8") == NULL && setlocale(LC_ALL, "de_DE.utf8") == NULL) {
        cr_skip_test("locale de_DE.UTF-8 is not installed");
    }
    tdm_format_double(1234.5, buf);
    cr_assert_str_eq(buf, "1234.5");
    tdm_format_double(-1.25e-9, buf);
    cr_assert_str_eq(buf, "-1.25e-9");
    (void)setlocale(LC_ALL, "C");
}

/* ---- from main: the whole-number fast path and the writer cache ---- */

Test(core_numfmt, whole_numbers_print_as_integers)
{
    char buf[TDM_NUMBUF];
    char want[32];
    static const long long cases[] = {
        0, 1, -1, 9, 10, 675, -2000, 123456789012345LL, 9007199254740991LL, -9007199254740991LL
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        snprintf(want, sizeof want, "%lld", cases[i]);
        cr_assert_eq(tdm_format_double((double)cases[i], buf), strlen(want));
        cr_assert_str_eq(buf, want);
    }
    cr_assert_eq(tdm_format_double(-0.0, buf), 1);
    cr_assert_str_eq(buf, "0");
    /* 2^53 and beyond go through the shortest round trip, plain below 1e21 */
    tdm_format_double(9007199254740992.0, buf);
    cr_assert_str_eq(buf, "9007199254740992");
    tdm_format_double(1e21, buf);
    cr_assert_str_eq(buf, "1e+21");
    tdm_format_double(0.1, buf);
    cr_assert_str_eq(buf, "0.1");
    tdm_format_double(2.5, buf);
    cr_assert_str_eq(buf, "2.5");
    tdm_format_double(1e-7, buf);
    cr_assert_str_eq(buf, "1e-7");
}

typedef struct sink {
    char text[256];
    size_t len;
} sink;

static int collect(void *ctx, const void *buf, size_t len)
{
    sink *s = ctx;
    if (s->len + len >= sizeof s->text) {
        return TDM_EIO;
    }
    memcpy(s->text + s->len, buf, len);
    s->len += len;
    s->text[s->len] = '\0';
    return TDM_OK;
}

Test(core_numfmt, writer_reuses_text_only_for_the_same_value)
{
    static const char *const cols[] = { "a", "b" };
    tdm_writer *w = NULL;
    sink s = { "", 0 };
    const double rows[][2] = { { 0.1, 3 }, { 0.1, -0.0 }, { 0.2, 0.0 }, { 0.1, NAN } };
    cr_assert_eq(tdm_writer_open(&w, collect, &s, TDM_FORMAT_CSV, cols, 2), TDM_OK);
    for (size_t r = 0; r < 4; r++) {
        cr_assert_eq(tdm_writer_num(w, rows[r][0]), TDM_OK);
        cr_assert_eq(tdm_writer_num(w, rows[r][1]), TDM_OK);
        cr_assert_eq(tdm_writer_end_row(w), TDM_OK);
    }
    cr_assert_eq(tdm_writer_int(w, INT64_MIN), TDM_OK);
    cr_assert_eq(tdm_writer_int(w, 42), TDM_OK);
    cr_assert_eq(tdm_writer_end_row(w), TDM_OK);
    cr_assert_eq(tdm_writer_finish(w), TDM_OK);
    tdm_writer_free(w);
    cr_assert_str_eq(s.text, "a,b\n0.1,3\n0.1,0\n0.2,0\n0.1,\n-9223372036854775808,42\n");
}
