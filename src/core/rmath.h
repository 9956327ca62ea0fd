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

/* Standard normal quantile, lower tail (R qnorm(p)). */
static inline double tdm__qnorm(double p)
{
    return qnorm(p, 0.0, 1.0, 1, 0);
}

/* Standard normal distribution function, lower tail (R pnorm(x)). */
static inline double tdm__pnorm(double x)
{
    return pnorm(x, 0.0, 1.0, 1, 0);
}

/* Chi-square quantile with df degrees of freedom (R qchisq(p, df, lower.tail)). */
static inline double tdm__qchisq(double p, double df, int lower_tail)
{
    return qchisq(p, df, lower_tail, 0);
}

/* Student t quantile, lower tail (R qt(p, df)). */
static inline double tdm__qt(double p, double df)
{
    return qt(p, df, 1, 0);
}

/* x^y exactly as R's `^` operator computes it (R_pow), so cubes such as
 * Byar's agree with R to the last bit. */
static inline double tdm__rpow(double x, double y)
{
    return R_pow(x, y);
}

#endif /* TDM_RMATH_H */
