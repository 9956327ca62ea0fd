/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_agg_rollup.c - lookups and the streaming roll-up (SPEC: agg.lookup,
 * agg.lookup.chain, agg.rollup, agg.rollup.levels, agg.rollup.missing,
 * agg.rollup.unmatched, agg.rollup.order), on small inputs whose answers
 * are worked out by hand in the comments.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

#include "tandem.h"
#include "test_alloc.h"

static tdm_csv_reader *csv(const char *text)
{
    tdm_csv_reader *r = NULL;
    cr_assert_eq(tdm_csv_reader_open_buffer(&r, text, strlen(text), NULL, NULL), TDM_OK);
    return r;
}

/* LSOA -> MSOA -> LTLA; and LTLA -> region in a second file. */
static const char *lk1 = "lsoa,msoa,ltla,decile\n"
                         "L1,M1,A,1\n"
                         "L2,M1,A,3\n"
                         "L3,M2,A,10\n"
                         "L4,M3,B,2\n"
                         "L1,M1,A,1\n"; /* a repeat with the same codes is fine */
static const char *lk2 = "ltla,region\nA,North\nB,South\n";

static tdm_lookup *load(const char *const *cols, size_t n, int chained)
{
    tdm_csv_reader *t[2] = { csv(lk1), csv(lk2) };
    tdm_lookup_spec s;
    tdm_lookup *lk = NULL;
    tdm_error err;
    tdm_lookup_spec_init(&s);
    s.tables = t;
    s.n_tables = chained ? 2 : 1;
    s.key_column = "lsoa";
    s.columns = cols;
    s.n_columns = n;
    cr_assert_eq(tdm_lookup_load(&lk, &s, &err), TDM_OK, "%s", err.message);
    tdm_csv_reader_free(t[0]);
    tdm_csv_reader_free(t[1]);
    return lk;
}

Test(agg_rollup, lookup_chain_resolves_every_column)
{
    /* SPEC: agg.lookup.chain - region comes through ltla from the second file. */
    static const char *const cols[] = { "msoa", "region", "lsoa" };
    tdm_lookup *lk = load(cols, 3, 1);
    size_t k, len, col;
    cr_assert_eq(tdm_lookup_size(lk), 4);
    cr_assert(tdm_lookup_find(lk, "L4", 2, &k));
    cr_assert_str_eq(tdm_lookup_code(lk, k, 0, &len), "M3");
    cr_assert_str_eq(tdm_lookup_code(lk, k, 1, &len), "South");
    cr_assert_str_eq(tdm_lookup_code(lk, k, 2, &len), "L4");
    cr_assert_str_eq(tdm_lookup_key(lk, k, &len), "L4");
    cr_assert(!tdm_lookup_find(lk, "L9", 2, &k));
    cr_assert(tdm_lookup_column(lk, "region", &col) && col == 1);
    cr_assert(!tdm_lookup_column(lk, "ltla", &col));
    tdm_lookup_free(lk);
}

Test(agg_rollup, lookup_conflict_names_both_lines)
{
    /* SPEC: agg.lookup - one key, two parents. */
    static const char *const cols[] = { "icb" };
    const char *text = "lsoa,icb\nL1,Q1\nL2,Q1\nL1,Q2\n";
    tdm_csv_reader *t = csv(text);
    tdm_lookup_spec s;
    tdm_lookup *lk = NULL;
    tdm_error err;
    tdm_lookup_spec_init(&s);
    s.tables = &t;
    s.n_tables = 1;
    s.key_column = "lsoa";
    s.columns = cols;
    s.n_columns = 1;
    cr_assert_eq(tdm_lookup_load(&lk, &s, &err), TDM_EPARSE);
    cr_assert_null(lk);
    cr_assert_str_eq(err.message, "<buffer>: line 4, column 2 (\"icb\"): key \"L1\" maps to \"Q2\" "
                                  "here but to \"Q1\" on line 2");
    cr_assert_eq(err.line, 4);
    tdm_csv_reader_free(t);
}

Test(agg_rollup, lookup_missing_column)
{
    static const char *const cols[] = { "nowhere" };
    tdm_csv_reader *t = csv(lk1);
    tdm_lookup_spec s;
    tdm_lookup *lk = NULL;
    tdm_error err;
    tdm_lookup_spec_init(&s);
    s.tables = &t;
    s.n_tables = 1;
    s.key_column = "lsoa";
    s.columns = cols;
    s.n_columns = 1;
    cr_assert_eq(tdm_lookup_load(&lk, &s, &err), TDM_ENOTFOUND);
    cr_assert_str_eq(err.message, "column \"nowhere\" is in none of the lookup files");
    tdm_csv_reader_free(t);
}

typedef struct rolled {
    tdm_rollup_result *res;
    tdm_lookup *lk;
} rolled;

static int roll(rolled *out, const char *input, tdm_rollup_spec *s, tdm_error *err)
{
    tdm_csv_reader *in = csv(input);
    int rc = tdm_rollup_run(&out->res, in, s, err);
    tdm_csv_reader_free(in);
    return rc;
}

static const char *input = "patient,lsoa,flag,age\n"
                           "1,L1,1,40\n"
                           "2,L2,0,50\n"
                           "3,L1,1,60\n"
                           "4,L4,NA,30\n"
                           "5,W9,1,20\n" /* not in the lookup */
                           "6,L3,*,70\n";

Test(agg_rollup, all_levels_in_one_pass)
{
    /* SPEC: agg.rollup, agg.rollup.levels - msoa and region at once, plus a
     * total. M1 = rows 1,2,3 (flags 1+0+1 = 2, ages 40,50,60); M2 = row 6
     * (flag suppressed); M3 = row 4 (flag missing). North = M1 + M2; South
     * = M3. W9 is skipped and counted. */
    static const char *const cols[] = { "msoa", "region" };
    static const char *const levels[] = { "msoa", "region" };
    static const char *const sums[] = { "flag" };
    static const char *const means[] = { "age" };
    tdm_rollup_spec s;
    tdm_rollup_stats st;
    tdm_rollup_row row;
    rolled r = { NULL, load(cols, 2, 1) };
    tdm_rollup_spec_init(&s);
    s.key_column = "lsoa";
    s.lookup = r.lk;
    s.levels = levels;
    s.n_levels = 2;
    s.sum_columns = sums;
    s.n_sum = 1;
    s.mean_columns = means;
    s.n_mean = 1;
    s.total_code = "All";
    cr_assert_eq(roll(&r, input, &s, NULL), TDM_OK);
    cr_assert_eq(tdm_rollup_result_count(r.res), 3 + 2 + 1);
    cr_assert_eq(tdm_rollup_result_levels(r.res), 3);
    cr_assert_str_eq(tdm_rollup_result_level(r.res, 2), "total");
    tdm_rollup_result_row(r.res, 0, &row);
    cr_assert_eq(row.level, 0);
    cr_assert_str_eq(row.code, "M1");
    cr_assert_eq(row.n_rows, 3);
    cr_assert_eq(row.sum[0], 2.0);
    cr_assert_eq(row.mean[0], 50.0);
    cr_assert_eq(row.weight[0], 3.0);
    tdm_rollup_result_row(r.res, 1, &row);
    cr_assert_str_eq(row.code, "M2");
    cr_assert_eq(row.sum[0], 0.0);
    cr_assert_eq(row.n_supp_in[0], 1);
    cr_assert_eq(row.n_missing[0], 0);
    tdm_rollup_result_row(r.res, 2, &row);
    cr_assert_str_eq(row.code, "M3");
    cr_assert_eq(row.n_missing[0], 1);
    tdm_rollup_result_row(r.res, 3, &row);
    cr_assert_str_eq(row.code, "North");
    cr_assert_eq(row.n_rows, 4);
    cr_assert_eq(row.mean[0], 55.0);
    tdm_rollup_result_row(r.res, 5, &row);
    cr_assert_str_eq(row.code, "All");
    cr_assert_eq(row.n_rows, 5);
    cr_assert_eq(row.sum[0], 2.0);
    cr_assert_eq(row.mean[0], 50.0);
    tdm_rollup_result_stats(r.res, &st);
    cr_assert_eq(st.rows, 6);
    cr_assert_eq(st.unmatched_rows, 1);
    cr_assert_eq(st.unmatched_keys, 1);
    cr_assert_eq(st.first_unmatched_line, 6);
    cr_assert_str_eq(st.first_unmatched_key, "W9");
    cr_assert_eq(st.groups, 4);
    cr_assert_eq(st.n_missing[0], 1);
    cr_assert_eq(st.n_supp_in[0], 1);
    tdm_rollup_result_free(r.res);
    tdm_lookup_free(r.lk);
}

Test(agg_rollup, unmatched_fail_names_the_cell)
{
    static const char *const cols[] = { "msoa" };
    static const char *const levels[] = { "msoa" };
    tdm_rollup_spec s;
    tdm_error err;
    rolled r = { NULL, load(cols, 1, 0) };
    tdm_rollup_spec_init(&s);
    s.key_column = "lsoa";
    s.lookup = r.lk;
    s.levels = levels;
    s.n_levels = 1;
    s.unmatched = TDM_UNMATCHED_FAIL;
    cr_assert_eq(roll(&r, input, &s, &err), TDM_ENOTFOUND);
    cr_assert_null(r.res);
    cr_assert_str_eq(err.message,
                     "<buffer>: line 6, column 2 (\"lsoa\"): \"W9\" is not in the lookup");
    tdm_lookup_free(r.lk);
}

Test(agg_rollup, unmatched_keep_uses_an_empty_code)
{
    static const char *const cols[] = { "msoa" };
    static const char *const levels[] = { "msoa", "lsoa" };
    tdm_rollup_spec s;
    tdm_rollup_row row;
    rolled r = { NULL, load(cols, 1, 0) };
    tdm_rollup_spec_init(&s);
    s.key_column = "lsoa";
    s.lookup = r.lk;
    s.levels = levels;
    s.n_levels = 2;
    s.unmatched = TDM_UNMATCHED_KEEP;
    cr_assert_eq(roll(&r, input, &s, NULL), TDM_OK);
    /* msoa: "", M1, M2, M3 (text order, "" first); lsoa: L1 L2 L3 L4 W9 */
    cr_assert_eq(tdm_rollup_result_count(r.res), 4 + 5);
    tdm_rollup_result_row(r.res, 0, &row);
    cr_assert_str_eq(row.code, "");
    cr_assert_eq(row.n_rows, 1);
    tdm_rollup_result_row(r.res, 8, &row);
    cr_assert_str_eq(row.code, "W9");
    tdm_rollup_result_free(r.res);
    tdm_lookup_free(r.lk);
}

Test(agg_rollup, non_numeric_value_is_an_error)
{
    static const char *const sums[] = { "flag" };
    tdm_rollup_spec s;
    tdm_error err;
    rolled r = { NULL, NULL };
    tdm_rollup_spec_init(&s);
    s.key_column = "lsoa";
    s.sum_columns = sums;
    s.n_sum = 1;
    cr_assert_eq(roll(&r, "lsoa,flag\nL1,1\nL2,yes\n", &s, &err), TDM_EPARSE);
    cr_assert_str_eq(err.message, "<buffer>: line 3, column 2 (\"flag\"): \"yes\" is not a number");
    cr_assert_eq(err.field, 2);
    s.missing_is_error = 1;
    cr_assert_eq(roll(&r, "lsoa,flag\nL1,\n", &s, &err), TDM_EPARSE);
    cr_assert_str_eq(err.message, "<buffer>: line 2, column 2 (\"flag\"): \"\" is missing");
}

Test(agg_rollup, by_columns_from_input_and_lookup_and_numeric_order)
{
    /* SPEC: agg.rollup.order - deciles 1, 3, 10 in numeric order; input by
     * column "sex" splits further. */
    static const char *const cols[] = { "ltla", "decile" };
    static const char *const levels[] = { "ltla" };
    static const char *const by[] = { "decile", "sex" };
    static const char *const sums[] = { "n" };
    const char *in = "lsoa,sex,n\nL3,F,1\nL1,M,2\nL2,F,4\nL1,M,8\nL1,F,16\nL4,F,32\n";
    const char *want[][3] = { { "A", "1", "F" },
                              { "A", "1", "M" },
                              { "A", "3", "F" },
                              { "A", "10", "F" },
                              { "B", "2", "F" } };
    const double sum[] = { 16, 10, 4, 1, 32 };
    tdm_rollup_spec s;
    rolled r = { NULL, load(cols, 2, 0) };
    tdm_rollup_spec_init(&s);
    s.key_column = "lsoa";
    s.lookup = r.lk;
    s.levels = levels;
    s.n_levels = 1;
    s.by_columns = by;
    s.n_by = 2;
    s.sum_columns = sums;
    s.n_sum = 1;
    cr_assert_eq(roll(&r, in, &s, NULL), TDM_OK);
    cr_assert_eq(tdm_rollup_result_count(r.res), 5);
    for (size_t i = 0; i < 5; i++) {
        tdm_rollup_row row;
        tdm_rollup_result_row(r.res, i, &row);
        cr_assert_str_eq(row.code, want[i][0]);
        cr_assert_str_eq(row.by[0], want[i][1]);
        cr_assert_str_eq(row.by[1], want[i][2]);
        cr_assert_eq(row.sum[0], sum[i]);
    }
    tdm_rollup_result_free(r.res);
    tdm_lookup_free(r.lk);
}

Test(agg_rollup, weighted_mean_of_a_lookup_attribute)
{
    /* mean decile of A weighted by population: (1*10 + 3*30 + 10*60) / 100 = 7 */
    static const char *const cols[] = { "ltla", "decile" };
    static const char *const levels[] = { "ltla" };
    static const char *const sums[] = { "pop" };
    static const char *const means[] = { "decile" };
    tdm_rollup_spec s;
    tdm_rollup_row row;
    rolled r = { NULL, load(cols, 2, 0) };
    tdm_rollup_spec_init(&s);
    s.key_column = "lsoa";
    s.lookup = r.lk;
    s.levels = levels;
    s.n_levels = 1;
    s.sum_columns = sums;
    s.n_sum = 1;
    s.mean_columns = means;
    s.n_mean = 1;
    s.weight_column = "pop";
    cr_assert_eq(roll(&r, "lsoa,pop\nL1,10\nL2,30\nL3,60\nL4,5\n", &s, NULL), TDM_OK);
    tdm_rollup_result_row(r.res, 0, &row);
    cr_assert_str_eq(row.code, "A");
    cr_assert_eq(row.mean[0], 7.0);
    cr_assert_eq(row.weight[0], 100.0);
    tdm_rollup_result_free(r.res);
    cr_assert_eq(roll(&r, "lsoa,pop\nL1,-1\n", &s, NULL), TDM_EDOMAIN, "negative weight");
    tdm_lookup_free(r.lk);
}

Test(agg_rollup, without_a_lookup_the_key_is_the_level)
{
    static const char *const sums[] = { "x" };
    tdm_rollup_spec s;
    tdm_rollup_row row;
    rolled r = { NULL, NULL };
    tdm_rollup_spec_init(&s);
    s.key_column = "k";
    s.sum_columns = sums;
    s.n_sum = 1;
    cr_assert_eq(roll(&r, "k,x\nb,1\na,2\nb,3\n10,1\n9,1\n", &s, NULL), TDM_OK);
    cr_assert_eq(tdm_rollup_result_count(r.res), 4);
    cr_assert_str_eq(tdm_rollup_result_level(r.res, 0), "k");
    tdm_rollup_result_row(r.res, 0, &row);
    cr_assert_str_eq(row.code, "9");
    tdm_rollup_result_row(r.res, 1, &row);
    cr_assert_str_eq(row.code, "10");
    tdm_rollup_result_row(r.res, 3, &row);
    cr_assert_str_eq(row.code, "b");
    cr_assert_eq(row.sum[0], 4.0);
    tdm_rollup_result_free(r.res);
}

Test(agg_rollup, sums_are_compensated)
{
    /* 1e16 + 1 + 1 - 1e16 = 2 exactly with Neumaier's summation (naive: 0). */
    static const char *const sums[] = { "x" };
    tdm_rollup_spec s;
    tdm_rollup_row row;
    rolled r = { NULL, NULL };
    tdm_rollup_spec_init(&s);
    s.key_column = "k";
    s.sum_columns = sums;
    s.n_sum = 1;
    cr_assert_eq(roll(&r, "k,x\na,1e16\na,1\na,1\na,-1e16\n", &s, NULL), TDM_OK);
    tdm_rollup_result_row(r.res, 0, &row);
    cr_assert_eq(row.sum[0], 2.0);
    tdm_rollup_result_free(r.res);
}

Test(agg_rollup, level_not_in_lookup_and_misuse)
{
    static const char *const cols[] = { "msoa" };
    static const char *const levels[] = { "icb" };
    tdm_rollup_spec s;
    tdm_error err;
    rolled r = { NULL, load(cols, 1, 0) };
    tdm_rollup_spec_init(&s);
    s.key_column = "lsoa";
    s.lookup = r.lk;
    s.levels = levels;
    s.n_levels = 1;
    cr_assert_eq(roll(&r, input, &s, &err), TDM_ENOTFOUND);
    cr_assert_str_eq(err.message, "level \"icb\" is not a column of the lookup");
    s.levels = NULL;
    cr_assert_eq(roll(&r, input, &s, &err), TDM_EINVAL);
    s.n_levels = 0;
    s.key_column = "nope";
    cr_assert_eq(roll(&r, input, &s, &err), TDM_ENOTFOUND);
    tdm_lookup_free(r.lk);
}

Test(agg_rollup, out_of_memory_anywhere_is_clean)
{
    /* The sqlite OOM loop: fail the k-th allocation for k = 1, 2, ... */
    static const char *const cols[] = { "msoa", "region", "decile" };
    static const char *const levels[] = { "msoa", "region" };
    static const char *const by[] = { "decile" };
    static const char *const sums[] = { "flag" };
    static const char *const means[] = { "age" };
    int done = 0;
    for (size_t k = 1; !done && k < 5000; k++) {
        tdm_csv_reader *t[2] = { csv(lk1), csv(lk2) };
        tdm_csv_reader *in = csv(input);
        tdm_lookup_spec ls;
        tdm_rollup_spec s;
        tdm_lookup *lk = NULL;
        tdm_rollup_result *res = NULL;
        int rc;
        tdm_lookup_spec_init(&ls);
        ls.tables = t;
        ls.n_tables = 2;
        ls.key_column = "lsoa";
        ls.columns = cols;
        ls.n_columns = 3;
        test_alloc_install(k);
        rc = tdm_lookup_load(&lk, &ls, NULL);
        if (rc == TDM_OK) {
            tdm_rollup_spec_init(&s);
            s.key_column = "lsoa";
            s.lookup = lk;
            s.levels = levels;
            s.n_levels = 2;
            s.by_columns = by;
            s.n_by = 1;
            s.sum_columns = sums;
            s.n_sum = 1;
            s.mean_columns = means;
            s.n_mean = 1;
            s.total_code = "All";
            rc = tdm_rollup_run(&res, in, &s, NULL);
            if (rc == TDM_OK) {
                rc = tdm_rollup_suppress(res, NULL, NULL);
                done = rc == TDM_OK;
            }
        }
        cr_assert(rc == TDM_OK || rc == TDM_ENOMEM, "k=%zu rc=%d", k, rc);
        tdm_rollup_result_free(res);
        tdm_lookup_free(lk);
        cr_assert_eq(test_alloc_remove(), 0, "leak at k=%zu", k);
        tdm_csv_reader_free(t[0]);
        tdm_csv_reader_free(t[1]);
        tdm_csv_reader_free(in);
    }
    cr_assert(done);
}

Test(agg_rollup, row_counts_only)
{
    /* No sum or mean column: only row counts (tests/fuzz/corpus/lookup/
     * crash-no-value-columns found undefined NULL + 0 arithmetic here). */
    static const char *const cols[] = { "msoa" };
    static const char *const levels[] = { "msoa" };
    tdm_rollup_spec s;
    tdm_rollup_row row;
    rolled r = { NULL, load(cols, 1, 0) };
    tdm_rollup_spec_init(&s);
    s.key_column = "lsoa";
    s.lookup = r.lk;
    s.levels = levels;
    s.n_levels = 1;
    s.total_code = "All";
    cr_assert_eq(roll(&r, input, &s, NULL), TDM_OK);
    tdm_rollup_result_row(r.res, 0, &row);
    cr_assert_str_eq(row.code, "M1");
    cr_assert_eq(row.n_rows, 3);
    cr_assert_eq(tdm_rollup_suppress(r.res, NULL, NULL), TDM_OK);
    tdm_rollup_result_free(r.res);
    tdm_lookup_free(r.lk);
}
