/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_agg_inequality.c - per-area inequality measures from a CSV (SPEC:
 * ineq.area, ineq.core20): grouping, area order, completeness, the CORE20
 * gap worked by hand, and the errors with file, line and column.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

#include "tandem.h"

#define REL(a, b, t) (fabs((double)(a) - (b)) <= (t)*fmax(fabs((double)(a)), fabs((double)(b))))

static tdm_csv_reader *csv(const char *text)
{
    tdm_csv_reader *r = NULL;
    cr_assert_eq(tdm_csv_reader_open_buffer(&r, text, strlen(text), NULL, NULL), TDM_OK);
    return r;
}

static const char *const by[] = { "area" };

static int run(const char *text, tdm_inequality_spec *s, tdm_inequality_result **out,
               tdm_error *err)
{
    tdm_csv_reader *in = csv(text);
    int rc = tdm_inequality_run(out, in, s, err);
    tdm_csv_reader_free(in);
    return rc;
}

static void spec_se(tdm_inequality_spec *s)
{
    tdm_inequality_spec_init(s);
    s->by_columns = by;
    s->n_by = 1;
    s->quantile_column = "q";
    s->population_column = "pop";
    s->value_column = "v";
    s->se_column = "se";
    s->sii.reps = 0;
}

/* Quintiles of equal population with values 10, 8, 6, 4, 2 (SE 1): ranks
 * 0.1 .. 0.9, slope -10, fitted value 11 at rank 0: SII -10, RII 1/11.
 * CORE20: quintile 1 = 10, the rest = 5, gap 5; variances 1 and
 * 4 x (1/4)^2 = 0.25, so the 95% interval is 5 -/+ 1.959964 sqrt(1.25). */
static const char *linear = "area,q,pop,v,se\n"
                            "X,5,100,2,1\nX,4,100,4,1\nX,3,100,6,1\nX,2,100,8,1\nX,1,100,10,1\n";

Test(agg_inequality, sii_and_core20_by_hand)
{
    tdm_inequality_spec s;
    tdm_inequality_result *r = NULL;
    tdm_inequality_area a;
    double half = 1.959963984540054 * sqrt(1.25);
    spec_se(&s);
    cr_assert_eq(run(linear, &s, &r, NULL), TDM_OK);
    cr_assert_eq(tdm_inequality_result_count(r), 1);
    cr_assert_eq(tdm_inequality_result_quantiles(r), 5);
    tdm_inequality_result_area(r, 0, &a);
    cr_assert_str_eq(a.by[0], "X");
    cr_assert_eq(a.status, TDM_INEQ_OK);
    cr_assert_eq(a.n_present, 5);
    cr_assert_eq(a.population, 500);
    cr_assert(REL(a.sii.sii, -10, 1e-12), "sii %.17g", a.sii.sii);
    cr_assert(REL(a.sii.rii, 1.0 / 11.0, 1e-12));
    cr_assert(REL(a.core20_value, 10, 1e-15));
    cr_assert(REL(a.rest_value, 5, 1e-15));
    cr_assert(REL(a.core20_gap, 5, 1e-15));
    cr_assert(REL(a.core20_gap_lower, 5 - half, 1e-12));
    cr_assert(REL(a.core20_gap_upper, 5 + half, 1e-12));
    cr_assert_eq(a.q_value[0], 10);
    cr_assert_eq(a.q_population[4], 100);
    cr_assert(isnan(a.q_lower[0]), "no limits from SEs");
    tdm_inequality_result_free(r);
}

Test(agg_inequality, multiplier_scales_and_flips)
{
    tdm_inequality_spec s;
    tdm_inequality_result *r = NULL;
    tdm_inequality_area a;
    spec_se(&s);
    s.sii.multiplier = -2;
    cr_assert_eq(run(linear, &s, &r, NULL), TDM_OK);
    tdm_inequality_result_area(r, 0, &a);
    cr_assert(REL(a.sii.sii, 20, 1e-12));
    cr_assert(REL(a.sii.rii, 11, 1e-12));
    cr_assert(REL(a.core20_value, 20, 1e-15));
    cr_assert(REL(a.core20_gap, -10, 1e-15));
    cr_assert(a.core20_gap_lower < a.core20_gap_upper);
    tdm_inequality_result_free(r);
}

Test(agg_inequality, areas_in_natural_order_and_incomplete_ones_flagged)
{
    /* Areas 10, 9, b, a: output 9, 10, a, b. Area a lacks quintile 3; area b
     * has a missing value. Only 9 and 10 draw random numbers. */
    const char *text = "area,q,pop,v,se\n"
                       "10,1,1,5,1\n10,2,1,4,1\n10,3,1,3,1\n10,4,1,2,1\n10,5,1,1,1\n"
                       "b,1,1,5,1\nb,2,1,NA,1\nb,3,1,3,1\nb,4,1,2,1\nb,5,1,1,1\n"
                       "9,1,1,5,1\n9,2,1,4,1\n9,3,1,3,1\n9,4,1,2,1\n9,5,1,1,1\n"
                       "a,1,1,5,1\na,2,1,4,1\na,4,1,2,1\na,5,1,1,1\n";
    const char *want[] = { "9", "10", "a", "b" };
    const int status[] = { TDM_INEQ_OK, TDM_INEQ_OK, TDM_INEQ_INCOMPLETE, TDM_INEQ_MISSING };
    tdm_inequality_spec s;
    tdm_inequality_result *r = NULL;
    spec_se(&s);
    s.sii.reps = 1000;
    cr_assert_eq(run(text, &s, &r, NULL), TDM_OK);
    cr_assert_eq(tdm_inequality_result_count(r), 4);
    for (size_t i = 0; i < 4; i++) {
        tdm_inequality_area a;
        tdm_inequality_result_area(r, i, &a);
        cr_assert_str_eq(a.by[0], want[i]);
        cr_assert_eq(a.status, status[i]);
        cr_assert_eq(isnan(a.sii.sii_lower), status[i] != TDM_INEQ_OK);
    }
    tdm_inequality_result_free(r);
}

Test(agg_inequality, input_errors_name_the_cell)
{
    tdm_inequality_spec s;
    tdm_inequality_result *r = NULL;
    tdm_error err;
    spec_se(&s);
    cr_assert_eq(run("area,q,pop,v,se\nX,1,1,1,1\nX,1,1,1,1\n", &s, &r, &err), TDM_EPARSE);
    cr_assert_str_eq(err.message, "<buffer>: line 3: a second row for area \"X\", quantile 1 (the "
                                  "first is on line 2); give one row per area and quantile, or "
                                  "counts with a numerator column");
    cr_assert_eq(run("area,q,pop,v,se\nX,1.5,1,1,1\n", &s, &r, &err), TDM_EPARSE);
    cr_assert_str_eq(err.message, "<buffer>: line 2, column 2 (\"q\"): \"1.5\" is not a quantile "
                                  "(a whole number from 1 to 10000)");
    cr_assert_eq(run("area,q,pop,v,se\nX,1,1,high,1\n", &s, &r, &err), TDM_EPARSE);
    cr_assert_str_eq(err.message, "<buffer>: line 2, column 4 (\"v\"): \"high\" is not a number");
    s.n_quantiles = 5;
    cr_assert_eq(run("area,q,pop,v,se\nX,6,1,1,1\n", &s, &r, &err), TDM_EPARSE);
    s.n_quantiles = 0;
    cr_assert_eq(run("area,q,pop,v,se\nX,1,1,1,1\nX,2,1,1,1\n", &s, &r, &err), TDM_EDOMAIN);
    cr_assert_str_eq(err.message,
                     "<buffer>: the SII needs 5 to 100 quantiles; the quantiles here go up to 2");
    cr_assert_null(r);
}

Test(agg_inequality, domain_error_names_the_area)
{
    const char *text = "area,q,pop,v,se\n"
                       "X,1,100,2,1\nX,2,0,4,1\nX,3,100,6,1\nX,4,100,8,1\nX,5,100,10,1\n";
    tdm_inequality_spec s;
    tdm_inequality_result *r = NULL;
    tdm_error err;
    spec_se(&s);
    cr_assert_eq(run(text, &s, &r, &err), TDM_EDOMAIN);
    cr_assert_str_eq(err.message, "<buffer>: area \"X\", quantile 2: population must be positive");
}

Test(agg_inequality, spec_misuse)
{
    tdm_inequality_spec s;
    tdm_inequality_result *r = NULL;
    spec_se(&s);
    s.lower_column = "v"; /* SEs and limits both */
    s.upper_column = "v";
    cr_assert_eq(run(linear, &s, &r, NULL), TDM_EINVAL);
    spec_se(&s);
    s.numerator_column = "v"; /* value and numerator both */
    cr_assert_eq(run(linear, &s, &r, NULL), TDM_EINVAL);
    spec_se(&s);
    s.quantile_column = "nope";
    cr_assert_eq(run(linear, &s, &r, NULL), TDM_ENOTFOUND);
}

/* ---- from counts (interval kernels of issue 4): SPEC: ineq.counts, ineq.core20.mover ---- */

/* Quintiles of 1,000 people with 300, 250, 200, 150, 100 cases: CORE20 =
 * 300/1000 = 0.3, rest = 700/4000 = 0.175, gap 0.125; Wilson 95% limits
 * (0.27240684247700486, 0.32912386091721724) for the first; MOVER gives
 * (0.09487627390116787, 0.156298097660491) (worked in Python from the
 * formulas of Newcombe 1998, method 10). */
static const char *counts =
    "area,q,pop,x\n"
    "X,1,1000,300\nX,2,1000,250\nX,3,1000,200\nX,4,1000,150\nX,5,1000,100\n";

Test(agg_inequality, counts_wilson_and_mover)
{
    tdm_inequality_spec s;
    tdm_inequality_result *r = NULL;
    tdm_inequality_area a;
    tdm_inequality_spec_init(&s);
    s.by_columns = by;
    s.n_by = 1;
    s.quantile_column = "q";
    s.population_column = "pop";
    s.numerator_column = "x";
    s.sii.value_type = TDM_VALUE_PROPORTION;
    s.sii.reps = 0;
    cr_assert_eq(run(counts, &s, &r, NULL), TDM_OK);
    tdm_inequality_result_area(r, 0, &a);
    cr_assert_eq(a.status, TDM_INEQ_OK);
    cr_assert(REL(a.q_value[0], 0.3, 1e-15));
    cr_assert(REL(a.q_lower[0], 0.27240684247700486, 1e-12));
    cr_assert(REL(a.q_upper[0], 0.32912386091721724, 1e-12));
    cr_assert(REL(a.core20_value, 0.3, 1e-15));
    cr_assert(REL(a.rest_value, 0.175, 1e-15));
    cr_assert(REL(a.core20_gap, 0.125, 1e-15));
    cr_assert(REL(a.core20_gap_lower, 0.09487627390116787, 1e-12));
    cr_assert(REL(a.core20_gap_upper, 0.156298097660491, 1e-12));
    cr_assert(a.sii.sii < 0, "fewer cases in the less deprived quintiles");
    /* A negative multiplier flips the gap and swaps its limits. */
    tdm_inequality_result_free(r);
    s.sii.multiplier = -100;
    cr_assert_eq(run(counts, &s, &r, NULL), TDM_OK);
    tdm_inequality_result_area(r, 0, &a);
    cr_assert(REL(a.core20_gap, -12.5, 1e-15));
    cr_assert(REL(a.core20_gap_lower, -15.6298097660491, 1e-12));
    cr_assert(REL(a.core20_gap_upper, -9.487627390116787, 1e-12));
    cr_assert(REL(a.core20_value, 30, 1e-15));
    tdm_inequality_result_free(r);
}

Test(agg_inequality, counts_are_summed_over_small_areas)
{
    /* Two rows for quintile 1 (150 + 150 of 500 + 500) give the same result
     * as one row of 300 of 1000. */
    const char *split = "area,q,pop,x\n"
                        "X,1,500,150\nX,2,1000,250\nX,1,500,150\nX,3,1000,200\nX,4,1000,150\n"
                        "X,5,1000,100\n";
    tdm_inequality_spec s;
    tdm_inequality_result *r1 = NULL, *r2 = NULL;
    tdm_inequality_area a, b;
    tdm_inequality_spec_init(&s);
    s.quantile_column = "q";
    s.population_column = "pop";
    s.numerator_column = "x";
    s.sii.value_type = TDM_VALUE_PROPORTION;
    s.sii.reps = 1000;
    cr_assert_eq(run(counts, &s, &r1, NULL), TDM_OK);
    cr_assert_eq(run(split, &s, &r2, NULL), TDM_OK);
    tdm_inequality_result_area(r1, 0, &a);
    tdm_inequality_result_area(r2, 0, &b);
    cr_assert_eq(a.sii.sii_lower, b.sii.sii_lower);
    cr_assert_eq(a.core20_gap_upper, b.core20_gap_upper);
    tdm_inequality_result_free(r1);
    tdm_inequality_result_free(r2);
}

Test(agg_inequality, rates_from_counts_use_phe_poisson_limits)
{
    /* 5 events in 1000 (exact): limits qchisq(0.025, 10)/2/1000 and
     * qchisq(0.975, 12)/2/1000 = 0.0016234863901184206 and 0.011668332079322667
     * (R 4.2.2). */
    const char *rates = "q,pop,x\n1,1000,5\n2,1000,20\n3,1000,30\n4,1000,40\n5,1000,50\n";
    tdm_inequality_spec s;
    tdm_inequality_result *r = NULL;
    tdm_inequality_area a;
    tdm_inequality_spec_init(&s);
    s.quantile_column = "q";
    s.population_column = "pop";
    s.numerator_column = "x";
    s.sii.value_type = TDM_VALUE_RATE;
    s.sii.reps = 0;
    cr_assert_eq(run(rates, &s, &r, NULL), TDM_OK);
    tdm_inequality_result_area(r, 0, &a);
    cr_assert(REL(a.q_lower[0], 0.0016234863901184206, 1e-12), "%.17g", a.q_lower[0]);
    cr_assert(REL(a.q_upper[0], 0.011668332079322667, 1e-12), "%.17g", a.q_upper[0]);
    tdm_inequality_result_free(r);
}

/* ---- quantiles from a score: SPEC: ineq.score ---- */

Test(agg_inequality, quantiles_from_a_score)
{
    /* Ten small areas scored 1..10, quintiles, highest score first: scores
     * 10 and 9 are quintile 1 ... 2 and 1 quintile 5. Area A holds the odd
     * scores, B the even ones: each gets one small area per quintile. */
    const char *rows = "area,score,pop,x\n"
                       "A,1,100,10\nB,2,100,20\nA,3,100,30\nB,4,100,40\nA,5,100,50\n"
                       "B,6,100,60\nA,7,100,70\nB,8,100,80\nA,9,100,90\nB,10,100,100\n";
    tdm_inequality_spec s;
    tdm_inequality_result *r = NULL;
    tdm_inequality_area a;
    tdm_error err;
    tdm_inequality_spec_init(&s);
    s.by_columns = by;
    s.n_by = 1;
    s.score_column = "score";
    s.n_quantiles = 5;
    s.population_column = "pop";
    s.numerator_column = "x";
    s.sii.value_type = TDM_VALUE_PROPORTION;
    s.sii.reps = 0;
    cr_assert_eq(run(rows, &s, &r, &err), TDM_OK, "%s", err.message);
    tdm_inequality_result_area(r, 0, &a);
    cr_assert_str_eq(a.by[0], "A");
    cr_assert_eq(a.q_value[0], 0.9); /* score 9 */
    cr_assert_eq(a.q_value[4], 0.1); /* score 1 */
    tdm_inequality_result_area(r, 1, &a);
    cr_assert_eq(a.q_value[0], 1.0); /* score 10 */
    tdm_inequality_result_free(r);
    /* Lowest first reverses them. */
    s.score_low_first = 1;
    cr_assert_eq(run(rows, &s, &r, &err), TDM_OK);
    tdm_inequality_result_area(r, 0, &a);
    cr_assert_eq(a.q_value[0], 0.1);
    tdm_inequality_result_free(r);
    /* Within each area, five areas make five quintiles. */
    s.score_within = by;
    s.n_score_within = 1;
    cr_assert_eq(run(rows, &s, &r, &err), TDM_OK);
    tdm_inequality_result_area(r, 1, &a);
    cr_assert_eq(a.q_value[0], 0.2); /* B's lowest score, 2 */
    tdm_inequality_result_free(r);
    /* Fewer areas than quantiles. */
    s.n_quantiles = 10;
    cr_assert_eq(run(rows, &s, &r, &err), TDM_EDOMAIN);
    cr_assert_str_eq(err.message, "<buffer>: \"A\": 5 areas with a score, fewer than the 10 "
                                  "quantiles (no quantile can be assigned)");
    cr_assert_null(r);
}
