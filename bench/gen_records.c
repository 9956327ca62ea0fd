/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * gen_records.c - benchmark input for tandem rollup: N patient-level rows
 * (LSOA code, practice code, age band, four 0/1 numerator flags) and, with
 * --lookup FILE, a synthetic geography in England's proportions: 33,000
 * LSOAs in 6,600 MSOAs, 330 local authorities, 42 ICBs and 7 regions.
 * Rows draw their LSOA uniformly at random (the worst order for a roll-up's
 * key lookups: no two neighbouring rows share a key, as in an extract sorted
 * by patient number). Deterministic for a seed.
 *   gen_records N [--seed S] [--lookup FILE] > records.csv
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define N_LSOA     33000
#define PER_MSOA   5
#define N_LTLA     330
#define N_ICB      42
#define N_REGION   7
#define N_PRACTICE 6500

static uint64_t state;

/* xorshift64*: small, fast, good enough for benchmark data. */
static uint64_t next_u64(void)
{
    state ^= state >> 12;
    state ^= state << 25;
    state ^= state >> 27;
    return state * 2685821657736338717ULL;
}

static uint32_t below(uint32_t n)
{
    return (uint32_t)(((next_u64() >> 32) * (uint64_t)n) >> 32);
}

/* "PPDDDDDD": a prefix and d zero-padded digits. */
static char *code(char *p, const char *prefix, uint32_t v, int d)
{
    size_t n = strlen(prefix);
    memcpy(p, prefix, n);
    p += n;
    for (int i = d - 1; i >= 0; i--) {
        p[i] = (char)('0' + v % 10);
        v /= 10;
    }
    return p + d;
}

static int write_lookup(const char *path)
{
    FILE *f = fopen(path, "w");
    if (f == NULL) {
        perror(path);
        return 1;
    }
    fputs("lsoa11_code,msoa11_code,ltla22_code,icb22_code,region_code\n", f);
    for (uint32_t l = 0; l < N_LSOA; l++) {
        char buf[128];
        char *p = buf;
        uint32_t msoa = l / PER_MSOA;
        uint32_t ltla = msoa % N_LTLA; /* MSOAs of one authority spread over the range */
        uint32_t icb = ltla % N_ICB;
        uint32_t region = icb % N_REGION;
        p = code(p, "E01", 1 + l, 6);
        *p++ = ',';
        p = code(p, "E02", 1 + msoa, 6);
        *p++ = ',';
        p = code(p, "E06", 1 + ltla, 6);
        *p++ = ',';
        p = code(p, "E54", 1 + icb, 6);
        *p++ = ',';
        p = code(p, "E40", 1 + region, 6);
        *p++ = '\n';
        fwrite(buf, 1, (size_t)(p - buf), f);
    }
    return fclose(f) != 0;
}

int main(int argc, char **argv)
{
    static const char *const bands[] = { "0-4",   "5-17",  "18-24", "25-34", "35-44",
                                         "45-54", "55-64", "65-74", "75-84", "85+" };
    static const uint32_t rate[4] = { 70, 140, 130, 250 }; /* per 1000: DM, HYP, smoking, obesity */
    static char out[1 << 16];
    unsigned long long n;
    size_t used = 0;
    const char *lookup = NULL;
    state = 42;
    if (argc < 2) {
        fprintf(stderr, "usage: gen_records N [--seed S] [--lookup FILE]\n");
        return 2;
    }
    n = strtoull(argv[1], NULL, 10);
    for (int i = 2; i + 1 < argc; i += 2) {
        if (strcmp(argv[i], "--seed") == 0) {
            state = strtoull(argv[i + 1], NULL, 10) | 1;
        } else if (strcmp(argv[i], "--lookup") == 0) {
            lookup = argv[i + 1];
        }
    }
    if (lookup != NULL && write_lookup(lookup) != 0) {
        return 1;
    }
    fputs("lsoa11_code,practice_code,age_band,diabetes,hypertension,smoker,obese\n", stdout);
    for (unsigned long long r = 0; r < n; r++) {
        char *p = out + used;
        const char *b = bands[below(10)];
        size_t bl = strlen(b);
        p = code(p, "E01", 1 + below(N_LSOA), 6);
        *p++ = ',';
        p = code(p, "P", 10000 + below(N_PRACTICE), 5);
        *p++ = ',';
        memcpy(p, b, bl);
        p += bl;
        for (int k = 0; k < 4; k++) {
            *p++ = ',';
            *p++ = below(1000) < rate[k] ? '1' : '0';
        }
        *p++ = '\n';
        used = (size_t)(p - out);
        if (used > sizeof out - 128) {
            fwrite(out, 1, used, stdout);
            used = 0;
        }
    }
    fwrite(out, 1, used, stdout);
    return fflush(stdout) != 0;
}
