/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz_lookup.c - libFuzzer target for the lookup loader and the roll-up
 * through it (src/agg/lookup.c, rollup.c, suppress.c). The input is split at
 * its first NUL byte: before it a lookup CSV (keyed on its first column;
 * its other columns become levels), after it the data CSV (keyed on its
 * first column, the rest summed); with no NUL the same bytes serve as both.
 * Invariants: no crash, leak or sanitizer report; an error leaves no result;
 * every key of the lookup finds itself; on success every level accounts for
 * exactly the rows that matched. The data CSV is also read by
 * tdm_inequality_run (first four columns: quantile, population, value, SE).
 * Replayed over corpus/lookup/ by driver.c.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_common.h"
#include "tandem.h"

#define MAX_COLS 8

/* Header names of a CSV, NUL-terminated copies in buf. @return count. */
static size_t names(tdm_csv_reader *r, char buf[MAX_COLS][64], const char *out[MAX_COLS])
{
    size_t n;
    const tdm_csv_field *h = tdm_csv_reader_header(r, &n);
    if (h == NULL) {
        return 0;
    }
    n = n > MAX_COLS ? MAX_COLS : n;
    for (size_t i = 0; i < n; i++) {
        size_t len = h[i].len < 63 ? h[i].len : 63;
        memcpy(buf[i], h[i].ptr, len);
        buf[i][len] = '\0';
        out[i] = buf[i];
    }
    return n;
}

static void check_levels(const tdm_rollup_result *res)
{
    tdm_rollup_stats st;
    uint64_t per_level[MAX_COLS + 2] = { 0 };
    size_t nl = tdm_rollup_result_levels(res);
    tdm_rollup_result_stats(res, &st);
    for (size_t i = 0; i < tdm_rollup_result_count(res); i++) {
        tdm_rollup_row row;
        tdm_rollup_result_row(res, i, &row);
        FUZZ_CHECK(row.level < nl && row.level < MAX_COLS + 2, "row %zu level %zu", i, row.level);
        per_level[row.level] += row.n_rows;
    }
    for (size_t l = 0; l < nl && l < MAX_COLS + 2; l++) {
        FUZZ_CHECK(per_level[l] == st.rows - st.unmatched_rows, "level %zu: %llu rows of %llu", l,
                   (unsigned long long)per_level[l],
                   (unsigned long long)(st.rows - st.unmatched_rows));
    }
}

static void roll(tdm_csv_reader *input, const tdm_lookup *lk, const char *key,
                 const char *const *levels, size_t n_levels, const char *const *sums, size_t n_sum)
{
    tdm_rollup_spec s;
    tdm_rollup_result *res = NULL;
    tdm_rollup_spec_init(&s);
    s.key_column = key;
    s.lookup = lk;
    s.levels = levels;
    s.n_levels = n_levels;
    s.sum_columns = sums;
    s.n_sum = n_sum;
    s.total_code = "T";
    if (tdm_rollup_run(&res, input, &s, NULL) == TDM_OK) {
        check_levels(res);
        FUZZ_CHECK(tdm_rollup_suppress(res, NULL, NULL) == TDM_OK, "suppression failed");
    } else {
        FUZZ_CHECK(res == NULL, "a result after an error");
    }
    tdm_rollup_result_free(res);
}

/* The data CSV as inequality input too: its first four columns as quantile,
 * population, value and SE (one area), a few simulation repetitions. */
static void inequality(const char *text, size_t len, const char *const *names, size_t n)
{
    tdm_csv_reader *in = NULL;
    tdm_inequality_spec s;
    tdm_inequality_result *res = NULL;
    if (n < 4 || tdm_csv_reader_open_buffer(&in, text, len, NULL, NULL) != TDM_OK) {
        tdm_csv_reader_free(in);
        return;
    }
    tdm_inequality_spec_init(&s);
    s.quantile_column = names[0];
    s.population_column = names[1];
    s.value_column = names[2];
    s.se_column = names[3];
    s.sii.reps = 20;
    if (tdm_inequality_run(&res, in, &s, NULL) == TDM_OK) {
        size_t q = tdm_inequality_result_quantiles(res);
        for (size_t i = 0; i < tdm_inequality_result_count(res); i++) {
            tdm_inequality_area a;
            tdm_inequality_result_area(res, i, &a);
            FUZZ_CHECK(a.n_present <= q, "area %zu: %zu quantiles of %zu", i, a.n_present, q);
            FUZZ_CHECK(a.status != TDM_INEQ_OK || a.n_present == q, "complete area %zu", i);
        }
    } else {
        FUZZ_CHECK(res == NULL, "an inequality result after an error");
    }
    tdm_inequality_result_free(res);
    tdm_csv_reader_free(in);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data;
    const char *nul = memchr(text, '\0', size);
    size_t lk_len = nul != NULL ? (size_t)(nul - text) : size;
    const char *in_text = nul != NULL ? nul + 1 : text;
    size_t in_len = nul != NULL ? size - lk_len - 1 : size;
    char lk_buf[MAX_COLS][64], in_buf[MAX_COLS][64];
    const char *lk_names[MAX_COLS], *in_names[MAX_COLS];
    tdm_csv_reader *table = NULL;
    tdm_csv_reader *input = NULL;
    tdm_lookup *lk = NULL;
    tdm_lookup_spec ls;
    size_t n_lk, n_in;
    if (tdm_csv_reader_open_buffer(&table, text, lk_len, NULL, NULL) != TDM_OK ||
        tdm_csv_reader_open_buffer(&input, in_text, in_len, NULL, NULL) != TDM_OK) {
        goto done;
    }
    n_lk = names(table, lk_buf, lk_names);
    n_in = names(input, in_buf, in_names);
    inequality(in_text, in_len, in_names, n_in);
    if (n_lk == 0 || n_in == 0) {
        goto done;
    }
    tdm_lookup_spec_init(&ls);
    ls.tables = &table;
    ls.n_tables = 1;
    ls.key_column = lk_names[0];
    ls.columns = lk_names + 1;
    ls.n_columns = n_lk - 1;
    if (tdm_lookup_load(&lk, &ls, NULL) != TDM_OK) {
        FUZZ_CHECK(lk == NULL, "a lookup after an error");
        goto done;
    }
    for (size_t k = 0; k < tdm_lookup_size(lk); k++) {
        size_t len;
        const char *key = tdm_lookup_key(lk, k, &len);
        size_t found = SIZE_MAX;
        FUZZ_CHECK(tdm_lookup_find(lk, key, len, &found) && found == k, "key %zu not found", k);
    }
    roll(input, lk, in_names[0], lk_names + 1, n_lk - 1, in_names + 1, n_in - 1);
done:
    tdm_lookup_free(lk);
    tdm_csv_reader_free(table);
    tdm_csv_reader_free(input);
    return 0;
}
