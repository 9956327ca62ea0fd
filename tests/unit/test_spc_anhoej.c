/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_spc_anhoej.c - runs analysis (SPEC: qic.runs, qic.runs.thresholds,
 * qic.runs.signal, qic.runs.box): Anhoej's thresholds for n = 1..100 against
 * the table of the project specification (spec-spc.md Appendix 1, produced
 * with R 4.2.2: round(log2(n)) + 3 and qbinom(0.05, n - 1, 0.5)), an exact
 * binomial cumulative sum as an independent check, and the runs statistics
 * and best box / cut box rules on hand-made sequences.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>

#include "tandem.h"

/* spec-spc.md Appendix 1, "n:longest_run_max/n_crossings_min", verbatim. */
static const char appendix1[] =
    "1:3/0  2:4/0  3:5/0  4:5/0  5:5/0  6:6/1  7:6/1  8:6/1  9:6/2  10:6/2 "
    "11:6/2  12:7/3  13:7/3  14:7/4  15:7/4  16:7/4  17:7/5  18:7/5  19:7/6  20:7/6 "
    "21:7/6  22:7/7  23:8/7  24:8/8  25:8/8  26:8/8  27:8/9  28:8/9  29:8/10  30:8/10 "
    "31:8/11  32:8/11  33:8/11  34:8/12  35:8/12  36:8/13  37:8/13  38:8/14  39:8/14  40:8/14 "
    "41:8/15  42:8/15  43:8/16  44:8/16  45:8/17  46:9/17  47:9/17  48:9/18  49:9/18  50:9/19 "
    "51:9/19  52:9/20  53:9/20  54:9/21  55:9/21  56:9/21  57:9/22  58:9/22  59:9/23  60:9/23 "
    "61:9/24  62:9/24  63:9/25  64:9/25  65:9/25  66:9/26  67:9/26  68:9/27  69:9/27  70:9/28 "
    "71:9/28  72:9/29  73:9/29  74:9/29  75:9/30  76:9/30  77:9/31  78:9/31  79:9/32  80:9/32 "
    "81:9/33  82:9/33  83:9/34  84:9/34  85:9/34  86:9/35  87:9/35  88:9/36  89:9/36  90:9/37 "
    "91:10/37  92:10/38  93:10/38  94:10/39  95:10/39  96:10/39  97:10/40  98:10/40  99:10/41 "
    "100:10/41";

/* Smallest c with P(Binomial(m, 1/2) <= c) >= 0.05, by an exact cumulative
 * sum in doubles (fine for m < 1000: terms are products of exact ratios). */
static size_t binom_q05(size_t m)
{
    double term = pow(0.5, (double)m);
    double cdf = term;
    size_t c = 0;
    while (cdf < 0.05) {
        term = term * (double)(m - c) / (double)(c + 1);
        c++;
        cdf += term;
    }
    return c;
}

/* SPEC: qic.runs.thresholds */
Test(spc_anhoej, thresholds_match_appendix_1_for_n_1_to_100)
{
    const char *p = appendix1;
    size_t seen = 0;
    int used;
    unsigned n, lmax, cmin;
    while (sscanf(p, " %u:%u/%u%n", &n, &lmax, &cmin, &used) == 3) {
        size_t l = 99, c = 99;
        cr_assert_eq(tdm_anhoej_thresholds(n, &l, &c), TDM_OK);
        cr_assert_eq(l, lmax, "n = %u: longest_run_max %zu, table %u", n, l, lmax);
        cr_assert_eq(c, cmin, "n = %u: n_crossings_min %zu, table %u", n, c, cmin);
        cr_assert_eq(n, seen + 1);
        seen++;
        p += used;
    }
    cr_assert_eq(seen, 100);
}

Test(spc_anhoej, crossings_threshold_equals_exact_binomial_sum_up_to_500)
{
    for (size_t n = 1; n <= 500; n++) {
        size_t l, c;
        cr_assert_eq(tdm_anhoej_thresholds(n, &l, &c), TDM_OK);
        cr_assert_eq(c, binom_q05(n - 1), "n = %zu", n);
        cr_assert_eq(l, (size_t)lround(log2((double)n)) + 3);
    }
}

Test(spc_anhoej, thresholds_of_zero_points_are_a_domain_error)
{
    size_t l = 7, c = 7;
    cr_assert_eq(tdm_anhoej_thresholds(0, &l, &c), TDM_EDOMAIN);
    cr_assert_eq(l, 0);
    cr_assert_eq(c, 0);
    cr_assert_eq(tdm_anhoej_thresholds(5, NULL, &c), TDM_EINVAL);
}

/* SPEC: qic.runs - points on the centre line and missing values are dropped:
 * they neither break nor extend a run. */
Test(spc_anhoej, points_on_the_centre_line_and_missing_values_are_not_useful)
{
    const double y[] = { 1, 2, 5, NAN, 5, 4, 9, 9, 5, 1 };
    tdm_anhoej_result r;
    cr_assert_eq(tdm_anhoej_runs(y, 10, 5.0, NULL, TDM_ANHOEJ, &r), TDM_OK);
    /* signs without 0 and NaN: - - - + + - ; runs 3, longest 3, crossings 2 */
    cr_assert_eq(r.n_obs, 10);
    cr_assert_eq(r.n_useful, 6);
    cr_assert_eq(r.longest_run, 3);
    cr_assert_eq(r.n_crossings, 2);
    cr_assert_eq(r.longest_run_max, 6);
    cr_assert_eq(r.n_crossings_min, 1);
    cr_assert_eq(r.runs_signal, 0);
}

Test(spc_anhoej, excluded_points_are_not_counted_at_all)
{
    const double y[] = { 1, 9, 1, 9 };
    const uint8_t inc[] = { 1, 0, 1, 1 };
    tdm_anhoej_result r;
    cr_assert_eq(tdm_anhoej_runs(y, 4, 5.0, inc, TDM_ANHOEJ, &r), TDM_OK);
    cr_assert_eq(r.n_obs, 3);
    cr_assert_eq(r.n_useful, 3);
    cr_assert_eq(r.longest_run, 2);
    cr_assert_eq(r.n_crossings, 1);
}

Test(spc_anhoej, no_useful_point_gives_no_statistics_and_no_signal)
{
    const double y[] = { 3, 3, NAN };
    tdm_anhoej_result r;
    cr_assert_eq(tdm_anhoej_runs(y, 3, 3.0, NULL, TDM_ANHOEJ, &r), TDM_OK);
    cr_assert_eq(r.n_obs, 3);
    cr_assert_eq(r.n_useful, 0);
    cr_assert_eq(r.longest_run + r.longest_run_max + r.n_crossings + r.n_crossings_min, 0);
    cr_assert_eq(r.runs_signal, 0);
    cr_assert_eq(tdm_anhoej_runs(y, 3, NAN, NULL, TDM_ANHOEJ, &r), TDM_OK);
    cr_assert_eq(r.n_useful, 0);
}

/* SPEC: qic.runs.signal - spec B2 examples: n = 24 signals on a run > 8 or crossings < 8; n = 60 on
 * a run > 9 or crossings < 23. */
Test(spc_anhoej, signal_on_long_run_or_few_crossings)
{
    cr_assert_eq(tdm_anhoej_signal(24, 8, 8, TDM_ANHOEJ), 0);
    cr_assert_eq(tdm_anhoej_signal(24, 9, 8, TDM_ANHOEJ), 1);
    cr_assert_eq(tdm_anhoej_signal(24, 8, 7, TDM_ANHOEJ), 1);
    cr_assert_eq(tdm_anhoej_signal(60, 9, 23, TDM_ANHOEJ), 0);
    cr_assert_eq(tdm_anhoej_signal(60, 10, 23, TDM_ANHOEJ), 1);
    cr_assert_eq(tdm_anhoej_signal(60, 9, 22, TDM_ANHOEJ), 1);
    cr_assert_eq(tdm_anhoej_signal(0, 1, 0, TDM_ANHOEJ), TDM_EDOMAIN);
    cr_assert_eq(tdm_anhoej_signal(5, 6, 0, TDM_ANHOEJ), TDM_EDOMAIN);
    cr_assert_eq(tdm_anhoej_signal(5, 2, 5, TDM_ANHOEJ), TDM_EDOMAIN);
    cr_assert_eq(tdm_anhoej_signal(5, 2, 2, 7), TDM_EINVAL);
}

/* SPEC: qic.runs.box - n = 10: cb 2, lb 6, cbord 3, lbord 5 (Anhoej &
 * Wentzel-Larsen 2020). Anhoej's rules for n = 10 are run > 6 or crossings < 2. */
Test(spc_anhoej, best_box_and_cut_box_at_n_10)
{
    /* inside the best box */
    cr_assert_eq(tdm_anhoej_signal(10, 6, 2, TDM_ANHOEJ_BESTBOX), 0);
    cr_assert_eq(tdm_anhoej_signal(10, 7, 2, TDM_ANHOEJ_BESTBOX), 1);
    cr_assert_eq(tdm_anhoej_signal(10, 6, 1, TDM_ANHOEJ_BESTBOX), 1);
    /* the cut box removes the corner (c = cb, l = lb) ... */
    cr_assert_eq(tdm_anhoej_signal(10, 6, 2, TDM_ANHOEJ_CUTBOX), 1);
    /* ... keeps the border row (c = cb, l <= lbord) and column (c >= cbord, l <= lb) */
    cr_assert_eq(tdm_anhoej_signal(10, 5, 2, TDM_ANHOEJ_CUTBOX), 0);
    cr_assert_eq(tdm_anhoej_signal(10, 6, 3, TDM_ANHOEJ_CUTBOX), 0);
    cr_assert_eq(tdm_anhoej_signal(10, 5, 3, TDM_ANHOEJ_CUTBOX), 0);
    /* n = 12 has no border cells: the cut box is the best box (cb 3, lb 6) */
    cr_assert_eq(tdm_anhoej_signal(12, 6, 3, TDM_ANHOEJ_CUTBOX), 0);
    cr_assert_eq(tdm_anhoej_signal(12, 7, 3, TDM_ANHOEJ_CUTBOX), 1);
    /* n = 100: cb 41, lb 10 versus Anhoej's run > 10 or crossings < 41 */
    cr_assert_eq(tdm_anhoej_signal(100, 10, 41, TDM_ANHOEJ_BESTBOX), 0);
    cr_assert_eq(tdm_anhoej_signal(100, 10, 40, TDM_ANHOEJ_BESTBOX), 1);
}

Test(spc_anhoej, boxes_fall_back_to_anhoej_outside_10_to_100)
{
    for (size_t n = 1; n <= 140; n++) {
        if (n >= 10 && n <= 100) {
            continue;
        }
        for (size_t l = 1; l <= n && l <= 12; l++) {
            for (size_t c = 0; c < n && c <= 60; c++) {
                int a = tdm_anhoej_signal(n, l, c, TDM_ANHOEJ);
                cr_assert_eq(tdm_anhoej_signal(n, l, c, TDM_ANHOEJ_BESTBOX), a);
                cr_assert_eq(tdm_anhoej_signal(n, l, c, TDM_ANHOEJ_CUTBOX), a);
            }
        }
    }
}

/* A run chart with a long shift: 8 below then 8 above the median (n = 16:
 * run > 7 signals). */
Test(spc_anhoej, shift_of_eight_signals_at_n_16)
{
    double y[16];
    tdm_anhoej_result r;
    for (int i = 0; i < 16; i++) {
        y[i] = i < 8 ? 1.0 : 3.0;
    }
    cr_assert_eq(tdm_anhoej_runs(y, 16, 2.0, NULL, TDM_ANHOEJ, &r), TDM_OK);
    cr_assert_eq(r.longest_run, 8);
    cr_assert_eq(r.longest_run_max, 7);
    cr_assert_eq(r.n_crossings, 1);
    cr_assert_eq(r.n_crossings_min, 4);
    cr_assert_eq(r.runs_signal, 1);
    cr_assert_str_eq(tdm_anhoej_method_name(TDM_ANHOEJ_CUTBOX), "cutbox");
    cr_assert_str_eq(tdm_anhoej_method_name(9), "");
}
