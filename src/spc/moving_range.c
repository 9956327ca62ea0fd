/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * moving_range.c - the average moving range and its one-pass screening, the
 * single implementation shared by the Making Data Count XmR chart
 * (xmr_limits.c) and the qicharts2 I, T, P', U' and I' charts (qic_limits.c).
 * Callers decide which pairs of points make a moving range (and what is
 * differenced: values, z-scores, scaled differences); this file only averages
 * and screens, so the rule itself exists once.
 */
#include "spc_internal.h"

#include <math.h>

/* The i-th value of a strided array. */
static double at(const double *mr, size_t stride, size_t i)
{
    return *(const double *)(const void *)((const char *)mr + i * stride);
}

/* SPEC: spc.screen, qic.screen - mean of the moving ranges, then (when asked)
 * one pass keeping only MR < factor x mean (strict) and the mean of those.
 * Nelson (1982), Provost & Murray (2011) p. 156; NHSRplotthedots 0.2.2
 * ptd_spc_standard and qicharts2 0.8.1 qic.i use the same rule. Sums are
 * compensated (Neumaier) and taken in index order. */
tdm__amr tdm__mr_average(const double *mr, size_t n, size_t stride, double factor, int keep_if_zero)
{
    tdm__amr r = { NAN, 0, 0 };
    tdm__sum sum;
    tdm__sum_init(&sum);
    for (size_t i = 0; i < n; i++) {
        double v = at(mr, stride, i);
        if (!isnan(v)) {
            tdm__sum_add(&sum, v);
            r.n_mr++;
        }
    }
    if (r.n_mr == 0) {
        return r;
    }
    r.amr = tdm__sum_value(&sum) / (double)r.n_mr;
    r.n_used = r.n_mr;
    /* keep_if_zero: with every MR 0 the screen (MR < 0) would drop them all.
     * Making Data Count keeps the average of 0 (documented spc.constant);
     * qicharts2 screens them all out and has no limits. */
    if (factor <= 0.0 || (keep_if_zero && r.amr == 0.0)) {
        return r;
    }
    {
        const double cut = factor * r.amr;
        tdm__sum_init(&sum);
        r.n_used = 0;
        for (size_t i = 0; i < n; i++) {
            double v = at(mr, stride, i);
            if (!isnan(v) && v < cut) {
                tdm__sum_add(&sum, v);
                r.n_used++;
            }
        }
        r.amr = r.n_used > 0 ? tdm__sum_value(&sum) / (double)r.n_used : (double)NAN;
    }
    return r;
}
