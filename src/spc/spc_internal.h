/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * spc_internal.h - pieces of the Making Data Count XmR computation shared by
 * the files of src/spc: phase limits (xmr_limits.c), the four rules
 * (mdc_rules.c) and the icons (mdc_icons.c). tdm_spc_compute (mdc_spc.c)
 * strings them together.
 */
#ifndef TDM_SPC_INTERNAL_H
#define TDM_SPC_INTERNAL_H

#include "../core/core.h"

/* SPEC: spc.constants - as coded in NHSRplotthedots (ptd_spc_standard). */
#define TDM__XMR_LIMIT  2.66  /* 3 / d2 with d2 = 1.128, rounded */
#define TDM__XMR_SCREEN 3.267 /* D4 for subgroups of 2: moving-range screen */

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
