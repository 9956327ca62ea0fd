/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * xmr_limits.c - centre line and process limits of an XmR (individuals)
 * chart phase, as in NHS England's Making Data Count and NHSRplotthedots
 * 0.2.2 (ptd_spc_standard): mean of the baseline, average moving range with
 * one screening pass, limits mean +/- 2.66 mR and near limits
 * mean +/- 2 * (2.66 / 3) mR. The arithmetic follows the R expressions term
 * by term so that values agree to the last bits.
 */
#include "spc_internal.h"

#include <math.h>

/* SPEC: spc.limits */
void tdm__xmr_phase_limits(const double *y, size_t start, size_t n, const tdm_spc_options *opt,
                           tdm_spc_point *pts, tdm_spc_phase *ph)
{
    const size_t end = start + n;
    const double limit = TDM__XMR_LIMIT;
    const double limitclose = 2.0 * (limit / 3.0);
    tdm__sum sum;
    size_t n_obs = 0;
    size_t n_base = 0;
    size_t n_mr = 0;
    size_t n_used = 0;
    double mean = NAN;
    double amr = NAN;

    /* SPEC: spc.baseline - the first fix_after observed points, else all.
     * SPEC: spc.missing - a moving range needs two consecutive observed
     * baseline rows; a gap removes the ranges into and out of it.
     * One pass does both (the baseline flag of row i-1 is known at row i);
     * the ranges are staged in the points' amr field, overwritten below. */
    tdm__sum_init(&sum);
    for (size_t i = start; i < end; i++) {
        uint8_t base = 0;
        pts[i].amr = NAN;
        if (!pts[i].missing) {
            n_obs++;
            if (opt->fix_after == 0 || n_base < opt->fix_after) {
                base = 1;
                n_base++;
                tdm__sum_add(&sum, y[i]);
                if (i > start && pts[i - 1].baseline) {
                    pts[i].amr = fabs(y[i] - y[i - 1]);
                }
            }
        }
        pts[i].baseline = base;
    }
    if (n_base > 0) {
        mean = tdm__sum_value(&sum) / (double)n_base;
    }
    /* SPEC: spc.screen - keep MR < 3.267 x mean MR (strict), one pass.
     * SPEC: spc.constant - when every moving range is 0 the average is 0 and
     * the limits equal the mean. (NHSRplotthedots screens all of them out and
     * returns NaN limits; we document and test that difference.) */
    {
        tdm__amr a = tdm__mr_average(n > 1 ? &pts[start + 1].amr : NULL, n > 1 ? n - 1 : 0,
                                     sizeof *pts, opt->screen ? TDM__XMR_SCREEN : 0.0, 1);
        amr = a.amr;
        n_mr = a.n_mr;
        n_used = a.n_used;
    }

    ph->start = start;
    ph->n = n;
    ph->n_obs = n_obs;
    ph->n_baseline = n_base;
    ph->n_mr = n_mr;
    ph->n_mr_used = n_used;
    ph->mean = mean;
    ph->amr = amr;
    ph->lpl = mean - (limit * amr);
    ph->upl = mean + (limit * amr);
    ph->nlpl = mean - (limitclose * amr);
    ph->nupl = mean + (limitclose * amr);
    ph->short_phase = n_obs < opt->short_phase;

    for (size_t i = start; i < end; i++) {
        tdm_spc_point *p = &pts[i];
        p->mean = ph->mean;
        p->lpl = ph->lpl;
        p->upl = ph->upl;
        p->nlpl = ph->nlpl;
        p->nupl = ph->nupl;
        p->amr = ph->amr;
        p->point_in_phase = (uint32_t)(i - start + 1);
        p->label = TDM_SPC_LABEL_NONE;
        p->point_type = TDM_SPC_POINT_NONE;
        if (p->missing) {
            p->side = 0;
            p->outside = 0;
            p->close = 0;
            p->rules = 0;
            continue;
        }
        /* SPEC: spc.point - strict comparisons; NaN limits compare false. */
        p->side = (int8_t)((y[i] > mean) - (y[i] < mean));
        p->outside = y[i] > p->upl || y[i] < p->lpl;
        p->close = !p->outside && (y[i] < p->nlpl || y[i] > p->nupl);
        p->rules = p->outside ? TDM_SPC_RULE_OUTSIDE : 0; /* SPEC: spc.rule.outside */
    }
}
