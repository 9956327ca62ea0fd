/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_core_numfmt.c - the whole-number fast path of tdm_format_double and
 * the table writer's number cache (added for the speed of tandem qic) give
 * the same text as before: whole numbers below 2^53 print as their digits,
 * -0 as "0", everything else through the shortest round trip; a repeated
 * value in a column reuses its text, a changed one does not.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "tandem.h"

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
