/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * spc_internal.h - pieces of the Making Data Count XmR computation shared by
 * the files of src/spc: phase limits (xmr_limits.c), the four rules
 * (mdc_rules.c) and the icons (mdc_icons.c). tdm_spc_compute (mdc_spc.c)
 * strings them together. Also what the XmR chart shares with the qicharts2
 * charts (qic_internal.h): the constants and the moving-range average and
 * screen (moving_range.c).
 */
#ifndef TDM_SPC_INTERNAL_H
#define TDM_SPC_INTERNAL_H

#include "../core/core.h"

/* SPEC: spc.constants - as coded in NHSRplotthedots (ptd_spc_standard). */
#define TDM__XMR_LIMIT  2.66  /* 3 / d2 with d2 = 1.128, rounded */
#define TDM__XMR_SCREEN 3.267 /* D4 for subgroups of 2: moving-range screen */

/* SPEC: qic.constants - as coded in qicharts2 0.8.1 (spec-spc Appendix 2).
 * The moving-range screen and the MR chart's upper limit are TDM__XMR_SCREEN. */
#define TDM__D2        1.128  /* d2 for subgroups of 2: sigma = mean MR / d2 */
#define TDM__IP_SCREEN 3.2665 /* screening constant of the I' chart */
#define TDM__T_POWER   3.6    /* T chart: y^(1/3.6) is near normal (Nelson 1994) */
#define TDM__G_MEDIAN  0.693  /* ln 2: G chart centre from a given mean */

/* Average moving range after optional screening (moving_range.c). */
typedef struct tdm__amr {
    double amr;    /* mean of the moving ranges kept; NaN if none */
    size_t n_mr;   /* moving ranges (non-NaN entries) before screening */
    size_t n_used; /* moving ranges kept by the screen */
} tdm__amr;

/* Mean of the non-NaN values of mr[0], mr[stride], ... (n values, stride in
 * bytes); then, if factor > 0, one pass keeping only values < factor x mean.
 * keep_if_zero: a mean of exactly 0 is kept unscreened (Making Data Count
 * choice) instead of screening every range out (qicharts2: NaN). */
TDM__HIDDEN tdm__amr tdm__mr_average(const double *mr, size_t n, size_t stride, double factor,
                                     int keep_if_zero);

/* Compute mean, moving ranges, screening and limits of phase
 * [start, start + n) and fill ph (counts of points left for the rules). */
TDM__HIDDEN void tdm__xmr_phase_limits(const double *y, size_t start, size_t n,
                                       const tdm_spc_options *opt, tdm_spc_point *pts,
                                       tdm_spc_phase *ph);

/* Apply the shift, trend and two-in-three rules over the phase's observed
 * points (outside is set by tdm__xmr_phase_limits), then label each point,
 * give it a point type and count the types into ph. @return the phase's
 * last observed row, or SIZE_MAX if it has none. */
TDM__HIDDEN size_t tdm__mdc_rules(const double *y, size_t start, size_t n,
                                  const tdm_spc_options *opt, tdm_spc_point *pts,
                                  tdm_spc_phase *ph);

/* Variation icon for a point type under an improvement direction. */
TDM__HIDDEN int tdm__mdc_variation(int point_type, int improvement);

/* Assurance of a target against a phase's limits. */
TDM__HIDDEN int tdm__mdc_assurance(double target, int improvement, double lpl, double upl);

#endif
