/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * gen_qic.c - seeded generator of a long CSV for benchmarking `tandem qic`:
 * SERIES series x POINTS monthly points from 2015-01-01, columns
 *   series,period,value,numerator,denominator
 * value ~ Normal(50 + 5 x series effect, 5), with a shift of +1 sd in the
 * last third of some series; denominator ~ Uniform(200, 2000) (integers);
 * numerator ~ round(denominator x p), p around 0.1 with noise, so that P and
 * U charts have varying denominators. Same seed, same bytes.
 *
 *   gen_qic SERIES POINTS [SEED] > file.csv
 *
 * Standalone (C11 + libm), no tandem code, so it can be built anywhere.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

/* splitmix64 (Steele, Lea & Flood 2014): tiny, seedable, good enough here. */
static uint64_t state;

static uint64_t next(void)
{
    uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static double uniform(void)
{
    return (double)(next() >> 11) * 0x1.0p-53;
}

/* Standard normal by Box-Muller (one of the pair). */
static double normal(void)
{
    double u = uniform();
    double v = uniform();
    if (u < 1e-300) {
        u = 1e-300;
    }
    return sqrt(-2.0 * log(u)) * cos(6.283185307179586 * v);
}

int main(int argc, char **argv)
{
    long series, points;
    static char buf[1 << 16];
    if (argc < 3) {
        fprintf(stderr, "usage: gen_qic SERIES POINTS [SEED] > file.csv\n");
        return 2;
    }
    series = strtol(argv[1], NULL, 10);
    points = strtol(argv[2], NULL, 10);
    state = argc > 3 ? strtoull(argv[3], NULL, 10) : 20240601ULL;
    if (series <= 0 || points <= 0 || points > 12 * 7000) {
        fprintf(stderr, "gen_qic: SERIES and POINTS must be positive\n");
        return 2;
    }
    setvbuf(stdout, buf, _IOFBF, sizeof buf);
    printf("series,period,value,numerator,denominator\n");
    for (long s = 0; s < series; s++) {
        double level = 50.0 + 5.0 * normal();
        double p = 0.1 * exp(0.3 * normal());
        int shifted = (s % 3) == 0;
        for (long i = 0; i < points; i++) {
            long year = 2015 + i / 12;
            long month = 1 + i % 12;
            double shift = shifted && i >= points * 2 / 3 ? 1.0 : 0.0;
            double value = level + 5.0 * (normal() + shift);
            long den = 200 + (long)(uniform() * 1800.0);
            double pi = p * exp(0.1 * normal() + 0.2 * shift);
            long num = lround(den * (pi < 1.0 ? pi : 1.0));
            printf("S%06ld,%04ld-%02ld-01,%.3f,%ld,%ld\n", s, year, month, value, num, den);
        }
    }
    if (fflush(stdout) != 0 || ferror(stdout)) {
        perror("gen_qic");
        return 1;
    }
    return 0;
}
