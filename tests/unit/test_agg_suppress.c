/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_agg_suppress.c - small-number suppression of a roll-up (SPEC:
 * agg.suppress.primary, agg.suppress.secondary), on a three-level
 * hierarchy worked by hand: LSOA -> MSOA -> LTLA, and a total.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "tandem.h"

static tdm_csv_reader *csv(const char *text)
{
    tdm_csv_reader *r = NULL;
    cr_assert_eq(tdm_csv_reader_open_buffer(&r, text, strlen(text), NULL, NULL), TDM_OK);
    return r;
}

/* M1 (3 rows) and M2 (1 row) in A; M3 (1 row) alone in B; M4 (2 rows, flag 0) in C. */
static const char *lookup = "lsoa,msoa,ltla\nL1,M1,A\nL2,M2,A\nL3,M3,B\nL4,M4,C\n";
static const char *input = "lsoa,flag\nL1,1\nL1,1\nL1,1\nL2,1\nL3,1\nL4,0\nL4,0\n";

static tdm_rollup_result *rolled_at(tdm_lookup **lk, const char *const *levels, size_t n_levels)
{
    static const char *const cols[] = { "msoa", "ltla" };
    static const char *const sums[] = { "flag" };
    tdm_csv_reader *t = csv(lookup);
    tdm_csv_reader *in = csv(input);
    tdm_lookup_spec ls;
    tdm_rollup_spec s;
    tdm_rollup_result *res = NULL;
    tdm_lookup_spec_init(&ls);
    ls.tables = &t;
    ls.n_tables = 1;
    ls.key_column = "lsoa";
    ls.columns = cols;
    ls.n_columns = 2;
    cr_assert_eq(tdm_lookup_load(lk, &ls, NULL), TDM_OK);
    tdm_rollup_spec_init(&s);
    s.key_column = "lsoa";
    s.lookup = *lk;
    s.levels = levels;
    s.n_levels = n_levels;
    s.sum_columns = sums;
    s.n_sum = 1;
    s.total_code = "All";
    cr_assert_eq(tdm_rollup_run(&res, in, &s, NULL), TDM_OK);
    tdm_csv_reader_free(t);
    tdm_csv_reader_free(in);
    return res;
}

static tdm_rollup_result *rolled(tdm_lookup **lk)
{
    static const char *const levels[] = { "msoa", "ltla" };
    return rolled_at(lk, levels, 2);
}

/* Hidden flags of the row count and the sum of output row i. */
static void flags(const tdm_rollup_result *r, size_t i, const char *code, int n_rows, int sum)
{
    tdm_rollup_row row;
    tdm_rollup_result_row(r, i, &row);
    cr_assert_str_eq(row.code, code);
    cr_assert_eq(row.hidden[0], n_rows, "%s n_rows: %d", code, row.hidden[0]);
    cr_assert_eq(row.hidden[1], sum, "%s flag: %d", code, row.hidden[1]);
}

#define P TDM_HIDDEN_PRIMARY
#define S TDM_HIDDEN_SECONDARY

Test(agg_suppress, primary_only)
{
    /* SPEC: agg.suppress.primary - threshold 3: counts 1 and 2 hidden, 0 and
     * 3+ shown. Rows: M1 3/3, M2 1/1, M3 1/1, M4 2/0, A 4/4, B 1/1, C 2/0, All 7/5. */
    tdm_lookup *lk = NULL;
    tdm_rollup_result *r = rolled(&lk);
    tdm_suppress_options o;
    tdm_rollup_stats st;
    tdm_suppress_options_init(&o);
    cr_assert_eq(o.threshold, 5.0);
    cr_assert_eq(o.secondary, 1);
    o.threshold = 3;
    o.secondary = 0;
    cr_assert_eq(tdm_rollup_suppress(r, &o, NULL), TDM_OK);
    flags(r, 0, "M1", 0, 0);
    flags(r, 1, "M2", P, P);
    flags(r, 2, "M3", P, P);
    flags(r, 3, "M4", P, 0);
    flags(r, 4, "A", 0, 0);
    flags(r, 5, "B", P, P);
    flags(r, 6, "C", P, 0);
    flags(r, 7, "All", 0, 0);
    tdm_rollup_result_stats(r, &st);
    cr_assert_eq(st.hidden_primary, 8);
    cr_assert_eq(st.hidden_secondary, 0);
    tdm_rollup_result_free(r);
    tdm_lookup_free(lk);
}

Test(agg_suppress, secondary_protects_by_subtraction)
{
    /* SPEC: agg.suppress.secondary - in A (shown, 4) M2 is the lone hidden
     * child, so M1 (3) is hidden too. B and C are hidden themselves. In the
     * total (shown, 7 rows), the LTLAs B and C are two hidden children: safe.
     * Sums: A (4) has M2 hidden alone -> M1 hidden; in All (5) the LTLA B
     * is the lone hidden child (C's sum is 0, shown) -> the smallest shown
     * non-zero sibling, A, is hidden. M4's sum of 0 stays shown. */
    tdm_lookup *lk = NULL;
    tdm_rollup_result *r = rolled(&lk);
    tdm_suppress_options o;
    tdm_rollup_stats st;
    tdm_suppress_options_init(&o);
    o.threshold = 3;
    cr_assert_eq(tdm_rollup_suppress(r, &o, NULL), TDM_OK);
    flags(r, 0, "M1", S, S);
    flags(r, 1, "M2", P, P);
    flags(r, 2, "M3", P, P);
    flags(r, 3, "M4", P, 0);
    flags(r, 4, "A", 0, S);
    flags(r, 5, "B", P, P);
    flags(r, 6, "C", P, 0);
    flags(r, 7, "All", 0, 0);
    tdm_rollup_result_stats(r, &st);
    cr_assert_eq(st.hidden_secondary, 3);
    /* Calling again starts from scratch: same marks. */
    cr_assert_eq(tdm_rollup_suppress(r, &o, NULL), TDM_OK);
    flags(r, 4, "A", 0, S);
    tdm_rollup_result_free(r);
    tdm_lookup_free(lk);
}

Test(agg_suppress, an_only_child_hides_its_parent)
{
    /* Levels lsoa, msoa, ltla, threshold 3. In A (4 rows) the LSOAs are L1 (3)
     * and L2 (1, primary): L1 is hidden to protect L2. M1's only LSOA is L1,
     * so M1 (3 rows, shown) would equal the hidden L1: M1 is hidden too. */
    static const char *const levels[] = { "lsoa", "msoa", "ltla" };
    tdm_lookup *lk = NULL;
    tdm_rollup_result *r = rolled_at(&lk, levels, 3);
    tdm_suppress_options o;
    tdm_suppress_options_init(&o);
    o.threshold = 3;
    cr_assert_eq(tdm_rollup_suppress(r, &o, NULL), TDM_OK);
    flags(r, 0, "L1", S, S);
    flags(r, 1, "L2", P, P);
    flags(r, 4, "M1", S, S);
    flags(r, 5, "M2", P, P);
    flags(r, 8, "A", 0, S);
    tdm_rollup_result_free(r);
    tdm_lookup_free(lk);
}

Test(agg_suppress, bad_threshold)
{
    tdm_lookup *lk = NULL;
    tdm_rollup_result *r = rolled(&lk);
    tdm_suppress_options o;
    tdm_suppress_options_init(&o);
    o.threshold = -1;
    cr_assert_eq(tdm_rollup_suppress(r, &o, NULL), TDM_EINVAL);
    tdm_rollup_result_free(r);
    tdm_lookup_free(lk);
}
