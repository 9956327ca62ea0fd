/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * funnel_internal.h - pieces shared by the files of src/funnel: the PHE
 * proportion limit (sigma_adjustment), the axis rounding, the z-score model
 * behind the overdispersion adjustment (overdispersion.c), and the limits and
 * significance code (funnel_limits.c, funnel_significance.c).
 */
#ifndef TDM_FUNNEL_INTERNAL_H
#define TDM_FUNNEL_INTERNAL_H

#include "../ci/ci_internal.h"

/* Index of the cached exact limits in tdm_funnel_fit.exact. */
enum { FUNNEL_LOW_95 = 0, FUNNEL_LOW_998, FUNNEL_HIGH_95, FUNNEL_HIGH_998 };

/* PHE sigma_adjustment: the proportion at which the Wilson interval of a
 * sample of `population` touches `avg`, times `m`; q = qnorm(p). SPEC: funnel.proportion */
TDM__HIDDEN double tdm__funnel_sigma_adjustment(double q, double population, double avg, int high,
                                                double m);

/* Within-area standard error on the scale of the z-scores (SPEC: funnel.od):
 * proportions sqrt(P0 (1 - P0) / n); ratios and rates (square-root scale)
 * 1 / (2 sqrt(E)), E the expected events. */
TDM__HIDDEN double tdm__funnel_se(const tdm_funnel_fit *fit, double precision);

/* Unadjusted z-score of one area and its precision (n, or expected events E);
 * NaN when the area cannot be scored. */
TDM__HIDDEN double tdm__funnel_zscore(const tdm_funnel_fit *fit, double num, double den,
                                      double rate, double *precision);

/* Standard deviation with the applied overdispersion: sqrt(phi) s or
 * sqrt(s^2 + tau^2). */
TDM__HIDDEN double tdm__funnel_sd(const tdm_funnel_fit *fit, double s);

/* Derived denominator of a rate row as assign_funnel_significance computes it
 * (num / rate * m; the given denominator for zero-event crude rows; NaN for
 * zero-event DSR rows). */
TDM__HIDDEN double tdm__funnel_rate_den(const tdm_funnel_options *o, double num, double den,
                                        double rate);

/* Estimate phi and tau^2 over the rows (overdispersion.c). */
TDM__HIDDEN int tdm__funnel_overdispersion(tdm_funnel_fit *fit, const double *num,
                                           const double *den, const double *rate, size_t n);

#endif /* TDM_FUNNEL_INTERNAL_H */
