/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * gen_series.c - benchmark input for tandem spc: N series x M monthly points
 * in one long CSV (series_id,period,value), deterministic for a seed.
 * Values are normal noise around a per-series level with an occasional
 * shift, so the rules have real work to do. Rows are grouped by series
 * unless --shuffle, which interleaves them period by period (the worst case
 * for grouping).
 *   gen_series N M [--seed S] [--shuffle] > file.csv
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t state;

/* xorshift64*: small, fast, good enough for benchmark data. */
static uint64_t next_u64(void)
{
    state ^= state >> 12;
    state ^= state << 25;
    state ^= state >> 27;
    return state * 2685821657736338717ULL;
}

static double uniform(void)
{
    return ((double)(next_u64() >> 11) + 0.5) / 9007199254740992.0;
}

static double normal(void)
{
    /* Box-Muller; one value per call keeps it simple */
    return sqrt(-2.0 * log(uniform())) * cos(6.283185307179586 * uniform());
}

static void month(int k, char *buf)
{
    int y = 2019 + k / 12;
    int m = 1 + k % 12;
    snprintf(buf, 16, "%04d-%02d-01", y, m);
}

static double value(uint64_t series, int k)
{
    /* per-series level and noise from a hash of the series number */
    uint64_t h = (series + 1) * 0x9e3779b97f4a7c15ULL;
    double level = 50.0 + (double)(h >> 40) / (double)(1u << 24) * 100.0;
    double shift = (h & 7) == 0 && k >= 36 ? 8.0 : 0.0;
    return level + shift + 3.0 * normal();
}

int main(int argc, char **argv)
{
    uint64_t n;
    int m;
    int shuffle = 0;
    char date[16];
    static char buf[1 << 20];
    if (argc < 3) {
        fprintf(stderr, "usage: gen_series N M [--seed S] [--shuffle]\n");
        return 2;
    }
    n = strtoull(argv[1], NULL, 10);
    m = atoi(argv[2]);
    state = 42;
    for (int i = 3; i < argc; i++) {
        if (strcmp(argv[i], "--seed") == 0 && i + 1 < argc) {
            state = strtoull(argv[++i], NULL, 10) | 1;
        } else if (strcmp(argv[i], "--shuffle") == 0) {
            shuffle = 1;
        }
    }
    setvbuf(stdout, buf, _IOFBF, sizeof buf);
    fputs("series_id,period,value\n", stdout);
    if (shuffle) {
        for (int k = 0; k < m; k++) {
            month(k, date);
            for (uint64_t s = 0; s < n; s++) {
                printf("S%07llu,%s,%.3f\n", (unsigned long long)s, date, value(s, k));
            }
        }
    } else {
        for (uint64_t s = 0; s < n; s++) {
            for (int k = 0; k < m; k++) {
                month(k, date);
                printf("S%07llu,%s,%.3f\n", (unsigned long long)s, date, value(s, k));
            }
        }
    }
    return ferror(stdout) ? 1 : 0;
}
