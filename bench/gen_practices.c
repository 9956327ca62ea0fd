/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * gen_practices.c - benchmark input for tandem peers / pair / opportunity:
 * N GP-practice-like units with P context variables (CONTEXT file) and an
 * outcome count out of a list size (OUTCOME file), deterministic for a seed.
 * The context variables share three latent factors (deprivation, age,
 * rurality) so they are correlated as real ones are; the outcome rate
 * depends on the context plus unit-level variation.
 *   gen_practices N P CONTEXT.csv OUTCOME.csv [--seed S]
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
    return sqrt(-2.0 * log(uniform())) * cos(6.283185307179586 * uniform());
}

int main(int argc, char **argv)
{
    long n, p;
    FILE *ctx, *out;
    if (argc < 5) {
        fprintf(stderr, "usage: gen_practices N P CONTEXT.csv OUTCOME.csv [--seed S]\n");
        return 2;
    }
    n = strtol(argv[1], NULL, 10);
    p = strtol(argv[2], NULL, 10);
    state = 42;
    if (argc >= 7 && strcmp(argv[5], "--seed") == 0) {
        state = strtoull(argv[6], NULL, 10) | 1u;
    }
    if (n < 2 || p < 1 || p > 100) {
        fprintf(stderr, "gen_practices: need N >= 2 and 1 <= P <= 100\n");
        return 2;
    }
    ctx = fopen(argv[3], "w");
    out = fopen(argv[4], "w");
    if (ctx == NULL || out == NULL) {
        fprintf(stderr, "gen_practices: cannot write the output files\n");
        return 3;
    }
    fprintf(ctx, "code,lat,lon");
    for (long v = 0; v < p; v++) {
        fprintf(ctx, ",v%ld", v + 1);
    }
    fprintf(ctx, "\n");
    fprintf(out, "code,events,list_size\n");
    for (long i = 0; i < n; i++) {
        double f[3] = { normal(), normal(), normal() };
        double list = floor(1500.0 + 15000.0 * uniform());
        double logit = -2.0 + 0.3 * f[0] - 0.2 * f[1] + 0.25 * normal();
        double rate = 1.0 / (1.0 + exp(-logit));
        double events = floor(list * rate + sqrt(list * rate * (1 - rate)) * normal() + 0.5);
        /* England's bounding box, roughly */
        fprintf(ctx, "P%06ld,%.5f,%.5f", i + 1, 50.5 + 4.5 * uniform(), -5.0 + 6.5 * uniform());
        for (long v = 0; v < p; v++) {
            /* positive values (shares, scores): loadings on the three factors + noise */
            double x = 0.6 * f[v % 3] + 0.3 * f[(v + 1) % 3] + 0.5 * normal();
            fprintf(ctx, ",%.6f", 20.0 * exp(0.4 * x));
        }
        fprintf(ctx, "\n");
        fprintf(out, "P%06ld,%.0f,%.0f\n", i + 1, events < 0 ? 0 : events, list);
    }
    if (fclose(ctx) != 0 || fclose(out) != 0) {
        fprintf(stderr, "gen_practices: write failed\n");
        return 3;
    }
    return 0;
}
