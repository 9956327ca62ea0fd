/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * mdc_spc.c - tdm_spc_compute: one series through phases, limits, rules,
 * per-phase counts and the series icons (Making Data Count XmR).
 */
#include "spc_internal.h"

#include <math.h>
#include <string.h>

void tdm_spc_options_init(tdm_spc_options *o)
{
    memset(o, 0, sizeof *o);
    o->version = TDM_SPC_OPTIONS_VERSION;
    o->improvement = TDM_IMPROVEMENT_INCREASE;
    o->target = NAN;
    o->screen = 1;
    o->fix_after = 0;
    o->shift_length = 7;
    o->trend_length = 7;
    o->short_phase = 13;
}

static int check_options(const tdm_spc_options *o)
{
    if (o->version < 1 || o->improvement < -1 || o->improvement > 1 ||
        (o->fix_after > 0 && o->fix_after < TDM_SPC_MIN_FIX_AFTER) || o->shift_length < 2 ||
        o->trend_length < 2 || isinf(o->target)) {
        return TDM_EINVAL;
    }
    return TDM_OK;
}

/* Series result from its phases (no extra pass over the points). */
static void summarise(const tdm_spc_point *pts, const tdm_spc_phase *last_phase, size_t last_obs,
                      const tdm_spc_options *opt, tdm_spc_summary *s)
{
    s->last = last_obs == SIZE_MAX ? s->n : last_obs;
    if (last_phase == NULL) {
        s->mean = s->lpl = s->upl = s->nlpl = s->nupl = s->amr = NAN;
        s->variation = TDM_SPC_VARIATION_NONE;
        s->assurance = TDM_SPC_ASSURANCE_NONE;
        return;
    }
    s->mean = last_phase->mean;
    s->lpl = last_phase->lpl;
    s->upl = last_phase->upl;
    s->nlpl = last_phase->nlpl;
    s->nupl = last_phase->nupl;
    s->amr = last_phase->amr;
    s->variation = s->last < s->n ? tdm__mdc_variation(pts[s->last].point_type, opt->improvement)
                                  : TDM_SPC_VARIATION_NONE;
    s->assurance = tdm__mdc_assurance(opt->target, opt->improvement, s->lpl, s->upl);
}

int tdm_spc_compute(const double *y, const uint8_t *rebase, size_t n, const tdm_spc_options *opt,
                    tdm_spc_point *points, tdm_spc_phase *phases, tdm_spc_summary *summary)
{
    tdm_spc_options defaults;
    tdm_spc_phase ph;
    tdm_spc_summary sum;
    size_t n_phases = 0;
    size_t start = 0;
    size_t last;
    size_t last_obs = SIZE_MAX;
    uint32_t phase = 0;

    if (opt == NULL) {
        tdm_spc_options_init(&defaults);
        opt = &defaults;
    }
    if (check_options(opt) != TDM_OK || (n > 0 && (y == NULL || points == NULL))) {
        return TDM_EINVAL;
    }
    /* SPEC: spc.phase - the phase is the running count of rebase flags, so a
     * flag on the very first point starts at phase 1 (as the reference).
     * Each phase is computed as soon as its last row has been seen. */
    memset(&sum, 0, sizeof sum);
    sum.n = n;
    for (size_t i = 0; i < n; i++) {
        if (isinf(y[i])) {
            return TDM_EDOMAIN; /* points are unspecified after an error */
        }
        if (rebase != NULL && rebase[i]) {
            phase++;
        }
        points[i].phase = phase;
        points[i].missing = (uint8_t)isnan(y[i]);
        if (i + 1 < n && !(rebase != NULL && rebase[i + 1])) {
            continue;
        }
        memset(&ph, 0, sizeof ph);
        ph.index = phase;
        tdm__xmr_phase_limits(y, start, i + 1 - start, opt, points, &ph);
        last = tdm__mdc_rules(y, start, i + 1 - start, opt, points, &ph);
        if (last != SIZE_MAX) {
            last_obs = last;
        }
        sum.n_obs += ph.n_obs;
        sum.n_special += ph.improvement + ph.concern + ph.neutral;
        sum.short_phase |= ph.short_phase;
        if (phases != NULL) {
            phases[n_phases] = ph;
        }
        n_phases++;
        start = i + 1;
    }
    sum.n_missing = n - sum.n_obs;
    sum.n_phases = n_phases;
    if (phases != NULL && n_phases > 0) {
        tdm_spc_phase *lp = &phases[n_phases - 1];
        lp->assurance = tdm__mdc_assurance(opt->target, opt->improvement, lp->lpl, lp->upl);
    }
    if (summary != NULL) {
        summarise(points, n_phases > 0 ? &ph : NULL, last_obs, opt, &sum);
        *summary = sum;
    }
    return TDM_OK;
}
