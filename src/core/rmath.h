/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * rmath.h - the only door to libRmath (R's standalone maths library), so that
 * distribution functions give R's answers bit for bit. <Rmath.h> defines
 * macros (M_PI, fmax2, ...) that would leak into every file that saw it, so
 * nothing else includes it: callers use the small inline wrappers below.
 */
#ifndef TDM_RMATH_H
#define TDM_RMATH_H

#define MATHLIB_STANDALONE 1
#include <Rmath.h>

/* Quantile of Binomial(size, prob): the smallest x with P(X <= x) >= p, with
 * R's search fuzz of 1 - 64 DBL_EPSILON (as stats::qbinom, lower tail, not log). */
static inline double tdm__qbinom(double p, double size, double prob)
{
    return qbinom(p, size, prob, 1, 0);
}

/* log |Gamma(x)| as R's lgamma (thread-safe: no signgam global, unlike libm). */
static inline double tdm__lgamma(double x)
{
    return lgammafn(x);
}

#endif /* TDM_RMATH_H */
