/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz_lookup.c - libFuzzer target for the lookup loader and the roll-up
 * through it (src/agg/lookup.c, rollup.c, suppress.c). The input is split at
 * its first NUL byte: before it a lookup CSV (keyed on its first column;
 * its other columns become levels), after it the data CSV (keyed on its
 * first column, the rest summed); with no NUL the same bytes serve as both.
 * Invariants: no crash, leak or sanitizer report; an error leaves no result;
 * on success every level accounts for exactly the rows that matched.
 *
 * Built with clang -fsanitize=fuzzer when meson is set up with -Dfuzz=true;
 * otherwise (TDM_FUZZ_REPLAY) a main() replays the files and directories
 * given on the command line, so the corpus runs as an ordinary test.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tandem.h"

#define MAX_COLS 8

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

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
        if (row.level >= nl || row.level >= MAX_COLS + 2) {
            abort();
        }
        per_level[row.level] += row.n_rows;
    }
    for (size_t l = 0; l < nl && l < MAX_COLS + 2; l++) {
        if (per_level[l] != st.rows - st.unmatched_rows) {
            abort();
        }
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
        if (tdm_rollup_suppress(res, NULL, NULL) != TDM_OK) {
            abort();
        }
    } else if (res != NULL) {
        abort();
    }
    tdm_rollup_result_free(res);
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
        if (lk != NULL) {
            abort();
        }
        goto done;
    }
    for (size_t k = 0; k < tdm_lookup_size(lk); k++) {
        size_t len;
        const char *key = tdm_lookup_key(lk, k, &len);
        size_t found;
        if (!tdm_lookup_find(lk, key, len, &found) || found != k) {
            abort();
        }
    }
    roll(input, lk, in_names[0], lk_names + 1, n_lk - 1, in_names + 1, n_in - 1);
done:
    tdm_lookup_free(lk);
    tdm_csv_reader_free(table);
    tdm_csv_reader_free(input);
    return 0;
}

#ifdef TDM_FUZZ_REPLAY
#include <dirent.h>
#include <stdio.h>
#include <sys/stat.h>

static int replay_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    char *buf;
    long len;
    if (f == NULL || fseek(f, 0, SEEK_END) != 0 || (len = ftell(f)) < 0 ||
        fseek(f, 0, SEEK_SET) != 0) {
        fprintf(stderr, "fuzz_lookup: cannot read %s\n", path);
        if (f != NULL) {
            fclose(f);
        }
        return 1;
    }
    buf = malloc((size_t)len + 1);
    if (buf == NULL || fread(buf, 1, (size_t)len, f) != (size_t)len) {
        fprintf(stderr, "fuzz_lookup: cannot read %s\n", path);
        free(buf);
        fclose(f);
        return 1;
    }
    fclose(f);
    LLVMFuzzerTestOneInput((const uint8_t *)buf, (size_t)len);
    free(buf);
    return 0;
}

/* Replay every file named, and every file in every directory named. */
int main(int argc, char **argv)
{
    int bad = 0;
    int n = 0;
    for (int i = 1; i < argc; i++) {
        struct stat st;
        DIR *d;
        struct dirent *e;
        if (stat(argv[i], &st) != 0 || !S_ISDIR(st.st_mode)) {
            bad |= replay_file(argv[i]);
            n++;
            continue;
        }
        d = opendir(argv[i]);
        while (d != NULL && (e = readdir(d)) != NULL) {
            char path[4096];
            if (e->d_name[0] == '.') {
                continue;
            }
            snprintf(path, sizeof path, "%s/%s", argv[i], e->d_name);
            bad |= replay_file(path);
            n++;
        }
        if (d != NULL) {
            closedir(d);
        }
    }
    printf("fuzz_lookup: %d inputs replayed\n", n);
    return bad || n == 0;
}
#endif
