/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz_numparse.c - tdm_parse_double against strtod (conventions 8.4).
 *
 * The input bytes are the number text. The grammar of tandem.h is restated
 * here independently: optional spaces/tabs, an optional sign, digits with an
 * optional '.', at least one digit, an optional exponent with at least one
 * digit, optional spaces/tabs. Checks:
 *  - text outside the grammar is rejected (TDM_EPARSE, out = NaN);
 *  - text in the grammar is accepted exactly when strtod in the C locale
 *    gives a finite value, and then the bits equal strtod's;
 *  - an accepted value formats (tdm_format_double) to text that reads back
 *    to the same value, through strtod and through tdm_parse_double;
 *  - an 8-byte input read as a double survives format -> parse.
 */
#include <locale.h>
#include <math.h>
#include <string.h>

#include "fuzz_common.h"
#include "tandem.h"

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* The documented grammar, checked by hand over [s, s+n). */
static int in_grammar(const char *s, size_t n)
{
    size_t i = 0, digits = 0;
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t')) {
        n--;
    }
    while (i < n && (s[i] == ' ' || s[i] == '\t')) {
        i++;
    }
    if (i < n && (s[i] == '+' || s[i] == '-')) {
        i++;
    }
    for (; i < n && is_digit(s[i]); i++) {
        digits++;
    }
    if (i < n && s[i] == '.') {
        for (i++; i < n && is_digit(s[i]); i++) {
            digits++;
        }
    }
    if (digits == 0) {
        return 0;
    }
    if (i < n && (s[i] == 'e' || s[i] == 'E')) {
        size_t ed = 0;
        i++;
        if (i < n && (s[i] == '+' || s[i] == '-')) {
            i++;
        }
        for (; i < n && is_digit(s[i]); i++) {
            ed++;
        }
        if (ed == 0) {
            return 0;
        }
    }
    return i == n;
}

static uint64_t bits(double x)
{
    uint64_t u;
    memcpy(&u, &x, sizeof u);
    return u;
}

static double c_strtod(const char *s, char **end)
{
    static locale_t c;
    locale_t old;
    double v;
    if (c == (locale_t)0) {
        c = newlocale(LC_ALL_MASK, "C", (locale_t)0);
        FUZZ_CHECK(c != (locale_t)0, "newlocale");
    }
    old = uselocale(c);
    v = strtod(s, end);
    (void)uselocale(old);
    return v;
}

static void round_trip(double v)
{
    char buf[TDM_NUMBUF];
    char *end;
    double back;
    size_t n = tdm_format_double(v, buf);
    FUZZ_CHECK(n < TDM_NUMBUF && buf[n] == '\0', "format length %zu", n);
    if (isnan(v)) {
        FUZZ_CHECK(n == 0, "NaN formats as \"%s\"", buf);
        return;
    }
    if (isinf(v)) {
        FUZZ_CHECK(strcmp(buf, v > 0 ? "Inf" : "-Inf") == 0, "%s", buf);
        return;
    }
    back = c_strtod(buf, &end);
    FUZZ_CHECK(end == buf + n && back == v, "%a -> \"%s\" -> %a", v, buf, back);
    FUZZ_CHECK(tdm_parse_double(buf, n, &back) == TDM_OK && back == v, "own parser: %a -> %s", v,
               buf);
    /* -0 prints as "0"; everything else keeps its bits */
    FUZZ_CHECK(bits(back) == bits(v) || v == 0.0, "%a -> %s", v, buf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *s = (const char *)data;
    char text[1100];
    double v = 0;
    int rc;
    if (size == 8) {
        double raw;
        memcpy(&raw, data, 8);
        round_trip(raw);
    }
    if (size >= sizeof text) {
        return 0;
    }
    rc = tdm_parse_double(s, size, &v);
    FUZZ_CHECK(rc == TDM_OK || rc == TDM_EPARSE, "status %d", rc);
    if (!in_grammar(s, size)) {
        FUZZ_CHECK(rc == TDM_EPARSE && isnan(v), "accepted text outside the grammar as %a", v);
        return 0;
    }
    /* In the grammar: strtod (C locale) decides; it stops at no byte here. */
    {
        size_t a = 0, b = size;
        char *end;
        double want;
        while (a < b && (s[a] == ' ' || s[a] == '\t')) {
            a++;
        }
        while (b > a && (s[b - 1] == ' ' || s[b - 1] == '\t')) {
            b--;
        }
        memcpy(text, s + a, b - a);
        text[b - a] = '\0';
        want = c_strtod(text, &end);
        FUZZ_CHECK(end == text + (b - a), "strtod stopped early on \"%s\"", text);
        if (isinf(want)) {
            FUZZ_CHECK(rc == TDM_EPARSE && isnan(v), "overflow \"%s\" accepted as %a", text, v);
            return 0;
        }
        FUZZ_CHECK(rc == TDM_OK, "\"%s\" rejected (strtod: %a)", text, want);
        FUZZ_CHECK(bits(v) == bits(want), "\"%s\": %a, strtod %a", text, v, want);
    }
    round_trip(v);
    return 0;
}
