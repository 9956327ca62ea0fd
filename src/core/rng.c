/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * rng.c - random numbers that are R's, draw for draw: the Mersenne-Twister
 * generator seeded exactly as R's set.seed(), uniform numbers as R's
 * unif_rand(), and normal deviates by R's default "Inversion" method
 * (norm_rand), using qnorm from libRmath (rmath.h). So `set.seed(s); rnorm(n, mu, sd)`
 * in R and tdm_rng_new(s) + tdm_rng_norm() here give identical doubles,
 * which lets the SII simulation intervals (src/agg/sii.c) reproduce
 * PHEindicatormethods::phe_sii exactly instead of only statistically.
 *
 * Sources (R 4.2.2, GPL-2+): src/main/RNG.c (RNG_Init, FixupSeeds,
 * MT_genrand, fixup), src/nmath/snorm.c (INVERSION), src/nmath/rnorm.c.
 * MT19937 itself: Matsumoto & Nishimura (1998), ACM TOMACS 8:3-30.
 * SPEC: ineq.rng
 */
#include "core.h"
#include "rmath.h"

#define MT_N          624
#define MT_M          397
#define MATRIX_A      0x9908b0dfU
#define UPPER_MASK    0x80000000U
#define LOWER_MASK    0x7fffffffU
#define TEMPERING_B   0x9d2c5680U
#define TEMPERING_C   0xefc60000U
#define I2_32M1       2.328306437080797e-10 /* 1 / (2^32 - 1), R's i2_32m1 */
#define TWO_POW_M32   2.3283064365386963e-10
#define INVERSION_BIG 134217728.0 /* 2^27 */

struct tdm_rng {
    uint32_t mt[MT_N]; /* R's dummy[1..624] */
    int mti;           /* R's dummy[0]: next word to temper */
};

int tdm_rng_new(tdm_rng **out, uint32_t seed)
{
    tdm_rng *r;
    if (out == NULL) {
        return TDM_EINVAL;
    }
    *out = NULL;
    r = tdm__malloc(sizeof *r);
    if (r == NULL) {
        return TDM_ENOMEM;
    }
    tdm_rng_seed(r, seed);
    *out = r;
    return TDM_OK;
}

void tdm_rng_seed(tdm_rng *r, uint32_t seed)
{
    /* RNG_Init: 50 rounds of initial scrambling with the LCG 69069 s + 1
     * (unsigned 32-bit arithmetic), then one more round per seed word; the
     * first of R's 625 words is mti, which FixupSeeds sets to 624 so that the
     * first draw regenerates the whole state. */
    for (int j = 0; j < 50; j++) {
        seed = 69069U * seed + 1U;
    }
    seed = 69069U * seed + 1U; /* dummy[0], overwritten by FixupSeeds */
    for (int j = 0; j < MT_N; j++) {
        seed = 69069U * seed + 1U;
        r->mt[j] = seed;
    }
    r->mti = MT_N;
}

void tdm_rng_free(tdm_rng *r)
{
    tdm__free(r);
}

/* MT_genrand: next 32-bit output scaled to [0, 1). */
static double mt_genrand(tdm_rng *r)
{
    static const uint32_t mag01[2] = { 0x0U, MATRIX_A };
    uint32_t y;
    if (r->mti >= MT_N) {
        int kk;
        for (kk = 0; kk < MT_N - MT_M; kk++) {
            y = (r->mt[kk] & UPPER_MASK) | (r->mt[kk + 1] & LOWER_MASK);
            r->mt[kk] = r->mt[kk + MT_M] ^ (y >> 1) ^ mag01[y & 0x1U];
        }
        for (; kk < MT_N - 1; kk++) {
            y = (r->mt[kk] & UPPER_MASK) | (r->mt[kk + 1] & LOWER_MASK);
            r->mt[kk] = r->mt[kk + (MT_M - MT_N)] ^ (y >> 1) ^ mag01[y & 0x1U];
        }
        y = (r->mt[MT_N - 1] & UPPER_MASK) | (r->mt[0] & LOWER_MASK);
        r->mt[MT_N - 1] = r->mt[MT_M - 1] ^ (y >> 1) ^ mag01[y & 0x1U];
        r->mti = 0;
    }
    y = r->mt[r->mti++];
    y ^= (y >> 11);
    y ^= (y << 7) & TEMPERING_B;
    y ^= (y << 15) & TEMPERING_C;
    y ^= (y >> 18);
    return (double)y * TWO_POW_M32;
}

double tdm_rng_unif(tdm_rng *r)
{
    /* R's fixup(): keep the value strictly inside (0, 1). */
    double v = mt_genrand(r);
    if (v <= 0.0) {
        return 0.5 * I2_32M1;
    }
    if (1.0 - v <= 0.0) {
        return 1.0 - 0.5 * I2_32M1;
    }
    return v;
}

double tdm_rng_norm(tdm_rng *r, double mean, double sd)
{
    double u;
    /* rnorm(): NaN for a NaN mean or an invalid sd; the mean itself, with no
     * draw consumed, for sd == 0 or an infinite mean. */
    if (isnan(mean) || !isfinite(sd) || sd < 0.0) {
        return (double)NAN;
    }
    if (sd == 0.0 || !isfinite(mean)) {
        return mean;
    }
    /* norm_rand(), INVERSION: one uniform alone has only 32 bits, so two are
     * combined into a 2^-27-spaced grid plus a fine part. */
    u = tdm_rng_unif(r);
    u = (double)(int)(INVERSION_BIG * u) + tdm_rng_unif(r);
    return mean + sd * tdm__qnorm(u / INVERSION_BIG);
}
