/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * gen_indicators.c - deterministic benchmark inputs for tandem ci and tandem
 * funnel: AREAS small areas (LSOA-like codes E01000001...) x INDICATORS
 * indicators, grouped by indicator (the order an indicator extract comes in).
 *
 *   gen_indicators props AREAS INDICATORS   indicator,area,numerator,denominator
 *   gen_indicators dsr AREAS INDICATORS     indicator,area,ageband,numerator,denominator
 *                                           (19 ESP2013 age bands per area)
 *
 * Populations are drawn once per area (1,000-3,000 people, like an LSOA) and
 * split over the age bands in ESP2013-like shares; each indicator has its own
 * prevalence or age-specific rates, with an area effect so that some areas
 * are genuinely different (funnels then find outliers). Counts are Poisson
 * (inversion below 30, a rounded normal above). Seed 42: the same bytes on
 * every run and machine.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t state = 42;

/* splitmix64 (Steele, Lea & Flood 2014): fast, good enough for test data. */
static uint64_t next_u64(void)
{
    uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static double uniform(void)
{
    return (double)(next_u64() >> 11) * (1.0 / 9007199254740992.0);
}

static double normal(void)
{
    /* Box-Muller; one value per call keeps the stream simple */
    double u = uniform(), v = uniform();
    return sqrt(-2.0 * log(u > 0 ? u : 1e-300)) * cos(6.283185307179586 * v);
}

static long poisson(double mean)
{
    if (mean < 30) {
        double l = exp(-mean), p = 1.0;
        long k = 0;
        do {
            k++;
            p *= uniform();
        } while (p > l);
        return k - 1;
    }
    {
        double x = floor(mean + sqrt(mean) * normal() + 0.5);
        return x < 0 ? 0 : (long)x;
    }
}

static char buf[1 << 16];
static size_t used;

static void out(const char *s, size_t n)
{
    if (used + n > sizeof buf) {
        fwrite(buf, 1, used, stdout);
        used = 0;
    }
    memcpy(buf + used, s, n);
    used += n;
}

static void out_str(const char *s)
{
    out(s, strlen(s));
}

static void out_long(long v)
{
    char t[24];
    int n = 0;
    char r[24];
    if (v == 0) {
        out("0", 1);
        return;
    }
    while (v > 0) {
        t[n++] = (char)('0' + v % 10);
        v /= 10;
    }
    for (int i = 0; i < n; i++) {
        r[i] = t[n - 1 - i];
    }
    out(r, (size_t)n);
}

static const char *const bands[19] = { "0-4",   "5-9",   "10-14", "15-19", "20-24",
                                       "25-29", "30-34", "35-39", "40-44", "45-49",
                                       "50-54", "55-59", "60-64", "65-69", "70-74",
                                       "75-79", "80-84", "85-89", "90+" };
static const double shares[19] = { 5.0, 5.5, 5.5, 5.5, 6.0, 6.0, 6.5, 7.0, 7.0, 7.0,
                                   7.0, 6.5, 6.0, 5.5, 5.0, 4.0, 2.5, 1.5, 1.0 };

int main(int argc, char **argv)
{
    long areas, inds;
    double *pop, *effect;
    char code[32], ind[32];
    int dsr;
    if (argc != 4 || (strcmp(argv[1], "props") != 0 && strcmp(argv[1], "dsr") != 0)) {
        fprintf(stderr, "usage: gen_indicators props|dsr AREAS INDICATORS\n");
        return 2;
    }
    dsr = strcmp(argv[1], "dsr") == 0;
    areas = atol(argv[2]);
    inds = atol(argv[3]);
    if (areas < 1 || inds < 1) {
        fprintf(stderr, "gen_indicators: AREAS and INDICATORS must be positive\n");
        return 2;
    }
    pop = malloc((size_t)areas * sizeof *pop);
    effect = malloc((size_t)areas * sizeof *effect);
    if (pop == NULL || effect == NULL) {
        return 1;
    }
    for (long a = 0; a < areas; a++) {
        pop[a] = floor(1000 + 2000 * uniform());
        effect[a] = exp(0.15 * normal()); /* overdispersion between areas */
    }
    out_str(dsr ? "indicator,area,ageband,numerator,denominator\n"
                : "indicator,area,numerator,denominator\n");
    for (long i = 0; i < inds; i++) {
        double base = dsr ? 2e-4 * (1 + (double)(i % 10)) : 0.02 + 0.5 * uniform();
        snprintf(ind, sizeof ind, "I%03ld,", i + 1);
        for (long a = 0; a < areas; a++) {
            snprintf(code, sizeof code, "E01%06ld,", a + 1);
            if (!dsr) {
                double p = base * effect[a];
                long n = (long)pop[a];
                long x = poisson(n * (p < 0.95 ? p : 0.95));
                out_str(ind);
                out_str(code);
                out_long(x < n ? x : n);
                out(",", 1);
                out_long(n);
                out("\n", 1);
                continue;
            }
            for (int b = 0; b < 19; b++) {
                long n = (long)floor(pop[a] * shares[b] / 100.0) + 1;
                /* rates rise about tenfold every 25 years of age */
                double rate = base * effect[a] * exp(0.092 * 5.0 * b);
                out_str(ind);
                out_str(code);
                out_str(bands[b]);
                out(",", 1);
                out_long(poisson(n * rate));
                out(",", 1);
                out_long(n);
                out("\n", 1);
            }
        }
    }
    fwrite(buf, 1, used, stdout);
    free(pop);
    free(effect);
    return ferror(stdout) ? 1 : 0;
}
