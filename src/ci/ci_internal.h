/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ci_internal.h - pieces shared by the indicator-statistics files of src/ci
 * and by src/funnel: Byar's limits in the reference's evaluation order, the
 * number formatting used in messages, and small numeric helpers.
 */
#ifndef TDM_CI_INTERNAL_H
#define TDM_CI_INTERNAL_H

#include "../core/core.h"
#include "../core/rmath.h"

/* Byar's lower limit of a count, exactly as PHEindicatormethods byars_lower:
 * o * (1 - 1/(9*o) - z/(3*sqrt(o)))^3, negative -> NaN (the reference's NA).
 * Breslow & Day (1987) vol. II eq. 2.16. SPEC: ci.byar */
TDM__HIDDEN double tdm__byar_lower(double o, double z);
/* Byar's upper limit: (o+1) * (1 - 1/(9*(o+1)) + z/(3*sqrt(o+1)))^3. */
TDM__HIDDEN double tdm__byar_upper(double o, double z);

/* 1 if v is a finite whole number. */
static inline int tdm__is_whole(double v)
{
    return v == v && v - v == 0.0 && v == (double)(long long)v;
}

/* Shortest round-trip text of v for messages ("12", "0.5", "NA"). */
TDM__HIDDEN const char *tdm__num_text(double v, char buf[TDM_NUMBUF]);

/* Type-7 percentile (R quantile type 7, Excel PERCENTILE.INC) of the
 * ascending sorted[0..n-1], in R's arithmetic; NaN for n = 0. */
TDM__HIDDEN double tdm__percentile7(const double *sorted, size_t n, double p);

/* Sort doubles ascending (NaN-free input), heap sort: no recursion, no allocation. */
TDM__HIDDEN void tdm__sort_doubles(double *v, size_t n);

#endif /* TDM_CI_INTERNAL_H */
