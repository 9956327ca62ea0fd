/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * peers_util.c - small numeric helpers of the peers, pairing and
 * opportunity code: a seeded generator (bootstrap stability, simulation
 * intervals), selection and Hyndman-Fan percentiles, and Phi(z). Sorting,
 * the type-7 percentile and pnorm come from the indicator code (src/ci,
 * core/rmath.h): one implementation of each.
 */
#include "peers_internal.h"

#include "../ci/ci_internal.h"
#include "../core/rmath.h"

#include <math.h>
#include <string.h>

/* splitmix64 (Steele, Lea & Flood 2014): spreads one 64-bit seed over the
 * generator's 256-bit state, as the xoshiro authors recommend. */
static uint64_t splitmix64(uint64_t *x)
{
    uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

void tdm__rng_seed(tdm__rng *g, uint64_t seed)
{
    uint64_t x = seed;
    for (int i = 0; i < 4; i++) {
        g->s[i] = splitmix64(&x);
    }
}

static uint64_t rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

/* xoshiro256** 1.0 (Blackman & Vigna 2018, "Scrambled linear pseudorandom
 * number generators", ACM TOMS 47:36). Integer arithmetic only, so draws are
 * the same on every platform. */
uint64_t tdm__rng_next(tdm__rng *g)
{
    uint64_t *s = g->s;
    const uint64_t result = rotl(s[1] * 5, 7) * 9;
    const uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
}

double tdm__rng_unif(tdm__rng *g)
{
    return (double)(tdm__rng_next(g) >> 11) * 0x1.0p-53;
}

size_t tdm__rng_index(tdm__rng *g, size_t n)
{
    /* floor(U n) with 53-bit U: bias below 2^-53 n, far below any effect a
     * bootstrap could show; avoids 128-bit arithmetic (not ISO C). */
    size_t i = (size_t)(tdm__rng_unif(g) * (double)n);
    return i < n ? i : n - 1;
}

/* Marsaglia & Bray (1964) polar method: two uniforms in the unit disc give
 * a normal deviate; only log and sqrt, no trigonometry. The second deviate
 * is discarded so that each call consumes a whole number of draws and the
 * stream does not depend on call parity. */
double tdm__rng_norm(tdm__rng *g)
{
    double u, v, s;
    do {
        u = 2.0 * tdm__rng_unif(g) - 1.0;
        v = 2.0 * tdm__rng_unif(g) - 1.0;
        s = u * u + v * v;
    } while (s >= 1.0 || s == 0.0);
    return u * sqrt(-2.0 * log(s) / s);
}

/* Wirth's FIND (Algorithms + Data Structures = Programs, 1976, after Hoare
 * 1961): partition around the current k-th element until it is in place.
 * Signed indexes: j may step below 0. */
double tdm__peers_select(double *v, size_t n, size_t k)
{
    ptrdiff_t lo = 0, hi = (ptrdiff_t)n - 1;
    const ptrdiff_t kk = (ptrdiff_t)k;
    while (lo < hi) {
        const double x = v[kk];
        ptrdiff_t i = lo, j = hi;
        do {
            while (v[i] < x) {
                i++;
            }
            while (x < v[j]) {
                j--;
            }
            if (i <= j) {
                double t = v[i];
                v[i] = v[j];
                v[j] = t;
                i++;
                j--;
            }
        } while (i <= j);
        if (j < kk) {
            lo = i;
        }
        if (kk < i) {
            hi = j;
        }
    }
    return v[k];
}

/* Hyndman & Fan (1996) Am Stat 50:361-365. Type 7, h = (n - 1) p + 1 (R's
 * default, Excel PERCENTILE.INC), is the indicator code's tdm__percentile7
 * (src/ci). Type 6, h = (n + 1) p (Minitab, SPSS), clamped to the sample,
 * in the same arithmetic: (1 - f) x_lo + f x_hi, skipped when the two order
 * statistics are equal. */
double tdm__peers_percentile(const double *sorted, size_t n, double p, int type)
{
    double h, lo, f;
    size_t j;
    if (n == 0 || !(p >= 0.0 && p <= 1.0) || (type != 6 && type != 7)) {
        return (double)NAN;
    }
    if (type == 7) {
        return tdm__percentile7(sorted, n, p);
    }
    h = (double)(n + 1) * p;
    if (h <= 1.0) {
        return sorted[0];
    }
    if (h >= (double)n) {
        return sorted[n - 1];
    }
    lo = floor(h);
    j = (size_t)lo - 1;
    f = h - lo;
    if (f == 0.0 || sorted[j + 1] == sorted[j]) {
        return sorted[j];
    }
    return (1.0 - f) * sorted[j] + f * sorted[j + 1];
}

/* The k-th and (k+1)-th smallest of v[0..n-1] (the second NaN if k + 1 = n),
 * by one counting pass over 1,024 equal-width buckets and a sort of the
 * bucket that holds rank k: the bucket number is a monotone function of the
 * value, so the ranks inside a bucket follow from the counts before it.
 * Three passes over v, no data-dependent swaps. Reorders v. */
#define N_BUCKETS 1024
static size_t bucket(double x, double lo, double scale)
{
    /* (x - lo) scale is in [0, N_BUCKETS]; int conversion is one instruction */
    int b = (int)((x - lo) * scale);
    return b < N_BUCKETS ? (size_t)b : N_BUCKETS - 1;
}

static void select_pair(double *v, size_t n, size_t k, double *a, double *b)
{
    size_t count[N_BUCKETS] = { 0 };
    double lo = v[0], hi = v[0], scale, next = (double)NAN;
    size_t before = 0, bk = 0, m = 0;
    for (size_t i = 1; i < n; i++) {
        lo = v[i] < lo ? v[i] : lo;
        hi = v[i] > hi ? v[i] : hi;
    }
    if (!(hi > lo)) {
        *a = lo;
        *b = k + 1 < n ? lo : (double)NAN;
        return;
    }
    scale = (double)N_BUCKETS / (hi - lo);
    for (size_t i = 0; i < n; i++) {
        count[bucket(v[i], lo, scale)]++;
    }
    while (before + count[bk] <= k) {
        before += count[bk++];
    }
    /* gather bucket bk in place (m <= i, so nothing unread is overwritten) and
     * the smallest value of the later buckets, in case rank k + 1 is there */
    for (size_t i = 0; i < n; i++) {
        size_t bi = bucket(v[i], lo, scale);
        if (bi == bk) {
            v[m++] = v[i];
        } else if (bi > bk && !(v[i] >= next)) {
            next = v[i];
        }
    }
    tdm__sort_doubles(v, m);
    *a = v[k - before];
    *b = k - before + 1 < m ? v[k - before + 1] : next;
}

double tdm__peers_percentile_select(double *v, size_t n, double p, int type)
{
    double h, lo, f, a, b = (double)NAN;
    size_t j;
    if (n == 0 || !(p >= 0.0 && p <= 1.0) || (type != 6 && type != 7)) {
        return (double)NAN;
    }
    /* the same h, clamping and arithmetic as tdm__peers_percentile */
    h = type == 7 ? 1.0 + (double)(n - 1) * p : (double)(n + 1) * p;
    h = h < 1.0 ? 1.0 : (h > (double)n ? (double)n : h);
    lo = floor(h);
    j = (size_t)lo - 1;
    f = h - lo;
    if (n > 256) {
        select_pair(v, n, j, &a, &b);
    } else {
        a = tdm__peers_select(v, n, j);
        if (j + 1 < n) {
            /* after selecting j, everything above position j is >= a */
            b = v[j + 1];
            for (size_t i = j + 2; i < n; i++) {
                b = v[i] < b ? v[i] : b;
            }
        }
    }
    if (f == 0.0 || j + 1 >= n || b == a) {
        return a;
    }
    return (1.0 - f) * a + f * b;
}

/* Phi(z) from libRmath, as R's pnorm (conventions section 5). */
double tdm__peers_pnorm(double z)
{
    return tdm__pnorm(z);
}
