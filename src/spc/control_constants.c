/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * control_constants.c - the bias-correction constants of Shewhart charts for
 * subgroups of size n, computed exactly rather than read from a table (as
 * qicharts2 does since 0.5.1 and 0.6.0): c4, c5, and the Xbar and S chart
 * factors A3, B3, B4 for limits at `sigma` standard errors (3, or 2 for the
 * "95%" lines). Used by qic_limits.c.
 *
 * Reference: Montgomery DC (2009) Introduction to Statistical Quality
 * Control, 6th ed., sections 6.3 and 6.4 and Appendix VI; qicharts2 0.8.1
 * (c4, c5, a3, b3, b4 in helper.functions.R). The expressions follow the R
 * code term by term so that values agree to the last bits.
 */
#include "../core/rmath.h"
#include "qic_internal.h"

#include <math.h>

/* SPEC: qic.constants.c4 - c4(n) = sqrt(2 / (n - 1)) Gamma(n/2) / Gamma((n-1)/2),
 * the mean of the sample standard deviation in units of sigma (normal data),
 * through log-gamma so that large n does not overflow. NaN for n <= 1. */
double tdm__c4(double n)
{
    if (!(n > 1.0)) {
        return NAN;
    }
    return sqrt(2.0 / (n - 1.0)) * exp(tdm__lgamma(n / 2.0) - tdm__lgamma((n - 1.0) / 2.0));
}

/* c5(n) = sqrt(1 - c4^2): the standard deviation of s in units of sigma. */
double tdm__c5(double n)
{
    double c4 = tdm__c4(n);
    return sqrt(1.0 - c4 * c4);
}

/* SPEC: qic.constants.a3 - A3 = sigma / (c4 sqrt(n)): Xbar limits are
 * mean +/- A3 s-bar. */
double tdm__a3(double n, double sigma)
{
    if (!(n > 1.0)) {
        return NAN;
    }
    return sigma / (tdm__c4(n) * sqrt(n));
}

/* SPEC: qic.constants.b3 - B3 = max(0, 1 - sigma c5 / c4): S chart lower limit factor. */
double tdm__b3(double n, double sigma)
{
    double v;
    if (!(n > 1.0)) {
        return NAN;
    }
    v = 1.0 - sigma * tdm__c5(n) / tdm__c4(n);
    return v < 0.0 ? 0.0 : v;
}

/* SPEC: qic.constants.b4 - B4 = 1 + sigma c5 / c4: S chart upper limit factor. */
double tdm__b4(double n, double sigma)
{
    if (!(n > 1.0)) {
        return NAN;
    }
    return 1.0 + sigma * tdm__c5(n) / tdm__c4(n);
}
