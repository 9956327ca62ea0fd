/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * qic_internal.h - pieces of the qicharts2-style run and control charts
 * shared by the files of src/spc: the series driver (qic_charts.c), the
 * centre line and limits of each chart type (qic_limits.c) and the control
 * chart constants (control_constants.c). The runs analysis is public
 * (anhoej.c); the moving-range screen is shared with the XmR chart
 * (spc_internal.h).
 */
#ifndef TDM_QIC_INTERNAL_H
#define TDM_QIC_INTERNAL_H

#include "spc_internal.h"

/* One series being charted. Per-point arrays are indexed like pts. */
typedef struct tdm__qic {
    const tdm_qic_options *opt;
    tdm_qic_point *pts; /* the series' points (subgroups), in time order */
    size_t m;           /* number of points */
    int got_n;          /* 1: the rows had denominators */
    double *y_sum;      /* sum of the subgroup's values (NaN if none) */
    double *y_mean;     /* their mean (NaN if none) */
    double *y_sd;       /* their standard deviation (NaN if fewer than 2) */
    double *scratch;    /* m doubles: moving ranges, z-scores, I' scales */
    double *sorted;     /* max(m, rows) doubles: values being sorted for a median */
} tdm__qic;

/* Centre line and limits (cl, lcl, ucl, lcl_95, ucl_95) of the part
 * pts[start, start + n), before `multiply`; may replace pts[i].y (MR, S, C
 * and T charts plot something other than the subgroup value) and pts[i].n
 * (I' without denominators). Dispatches on q->opt->chart. */
TDM__HIDDEN void tdm__qic_part_limits(tdm__qic *q, size_t start, size_t n);

/* Median of v[0, n) (NaN for n = 0) as R's median(): the middle value, or the
 * mean of the two middle values. Reorders v. */
TDM__HIDDEN double tdm__median(double *v, size_t n);

/* Control chart constants for subgroups of size n (control_constants.c);
 * NaN for n <= 1. sigma is 3 for the control limits, 2 for the 95% lines. */
TDM__HIDDEN double tdm__c4(double n);
TDM__HIDDEN double tdm__c5(double n);
TDM__HIDDEN double tdm__a3(double n, double sigma);
TDM__HIDDEN double tdm__b3(double n, double sigma);
TDM__HIDDEN double tdm__b4(double n, double sigma);

#endif
