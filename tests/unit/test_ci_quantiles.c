/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_ci_quantiles.c - quantile (decile) assignment (SPEC: quantile.assign)
 * against the package run on ties and a missing value
 * (oracle_generated/edge_quantile_output.csv) and the PHEindicatormethods
 * test workbook testdata_Quantiles.xlsx (1,017 rows of real Fingertips
 * deciles, septiles and quartiles: quantiles_testdata.csv).
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "refcsv.h"
#include "tandem.h"

Test(ci_quantiles, ties_take_the_lowest_rank_and_na_is_skipped)
{
    ref_table t;
    double v[64];
    int q[64];
    size_t n_valid = 0;
    ref_load(&t, "indicators/oracle_generated/edge_quantile_output.csv");
    cr_assert(t.n_rows < 64);
    for (size_t r = 0; r < t.n_rows; r++) {
        v[r] = ref_num(&t, r, ref_col(&t, "value"));
    }
    cr_assert_eq(tdm_quantile_assign(v, t.n_rows, 5, 1, q, NULL, &n_valid), TDM_OK);
    cr_assert_eq(n_valid, t.n_rows - 1);
    for (size_t r = 0; r < t.n_rows; r++) {
        double want = ref_num(&t, r, ref_col(&t, "quantile"));
        cr_assert_eq(q[r], isnan(want) ? 0 : (int)want, "row %zu", r);
    }
    ref_free(&t);
}

Test(ci_quantiles, too_few_areas_get_none)
{
    double v[3] = { 1, 2, 3 };
    int q[3] = { 9, 9, 9 };
    size_t work[3];
    cr_assert_eq(tdm_quantile_assign(v, 3, 10, 0, q, work, NULL), TDM_OK);
    cr_assert(q[0] == 0 && q[1] == 0 && q[2] == 0);
    cr_assert_eq(tdm_quantile_assign(v, 3, 0, 0, q, work, NULL), TDM_EINVAL);
}

Test(ci_quantiles, rank_one_is_quantile_one_rank_n_is_q)
{
    double v[10];
    int q[10];
    for (int i = 0; i < 10; i++) {
        v[i] = i;
    }
    cr_assert_eq(tdm_quantile_assign(v, 10, 10, 0, q, NULL, NULL), TDM_OK);
    for (int i = 0; i < 10; i++) {
        cr_assert_eq(q[i], i + 1);
    }
    cr_assert_eq(tdm_quantile_assign(v, 10, 10, 1, q, NULL, NULL), TDM_OK);
    for (int i = 0; i < 10; i++) {
        cr_assert_eq(q[i], 10 - i);
    }
}

/* One group set of the workbook: rows with GroupSet == set, grouped by
 * IndSexRef (and ParentCode when by_parent), nq quantiles, inverted for
 * "RAG - Low is good" or TRUE polarity. */
static void check_set(const char *set, int by_ind, int by_parent, unsigned int nq,
                      int always_invert)
{
    ref_table t;
    size_t cset, cind, cpar, cval, cpol, cwant, ctest, checked = 0;
    char *done;
    ref_load(&t, "indicators/quantiles_testdata.csv");
    cset = ref_col(&t, "GroupSet");
    cind = ref_col(&t, "IndSexRef");
    cpar = ref_col(&t, "ParentCode");
    cval = ref_col(&t, "Value");
    cpol = ref_col(&t, "Polarity");
    cwant = ref_col(&t, "QuantileInGrp");
    ctest = ref_col(&t, "Test");
    done = calloc(t.n_rows, 1);
    for (size_t r = 0; r < t.n_rows; r++) {
        double *v;
        int *q;
        size_t *idx, n = 0;
        int invert;
        /* "BadPolarity" rows only feed the package's error test */
        if (done[r] || strcmp(t.cells[r][cset], set) != 0 ||
            strcmp(t.cells[r][ctest], "BadPolarity") == 0) {
            continue;
        }
        v = calloc(t.n_rows, sizeof *v);
        q = calloc(t.n_rows, sizeof *q);
        idx = calloc(t.n_rows, sizeof *idx);
        for (size_t s = r; s < t.n_rows; s++) {
            if (strcmp(t.cells[s][cset], set) == 0 &&
                (!by_ind || strcmp(t.cells[s][cind], t.cells[r][cind]) == 0) &&
                strcmp(t.cells[s][ctest], "BadPolarity") != 0 &&
                (!by_parent || strcmp(t.cells[s][cpar], t.cells[r][cpar]) == 0)) {
                idx[n] = s;
                v[n++] = ref_num(&t, s, cval);
                done[s] = 1;
            }
        }
        invert = always_invert || strcmp(t.cells[r][cpol], "RAG - Low is good") == 0 ||
                 strcmp(t.cells[r][cpol], "TRUE") == 0;
        cr_assert_eq(tdm_quantile_assign(v, n, nq, invert, q, NULL, NULL), TDM_OK);
        for (size_t i = 0; i < n; i++) {
            double want = ref_num(&t, idx[i], cwant);
            cr_assert_eq(q[i], isnan(want) ? 0 : (int)want, "%s %s row %zu", set,
                         t.cells[idx[i]][cind], idx[i] + 2);
            checked++;
        }
        free(v);
        free(q);
        free(idx);
    }
    cr_assert(checked > 100, "%zu", checked);
    free(done);
    ref_free(&t);
}

Test(ci_quantiles, workbook_deciles_within_regions)
{
    check_set("IndSexReg", 1, 1, 10, 0);
}

Test(ci_quantiles, workbook_septiles_nationally)
{
    check_set("IndSex", 1, 0, 7, 0);
}

Test(ci_quantiles, workbook_quartiles)
{
    /* testQuantiles.R: phe_quantile(df4, Value, nquantiles = 4L): the whole set is
     * one group, invert at its default TRUE */
    check_set("None", 0, 0, 4, 1);
}
