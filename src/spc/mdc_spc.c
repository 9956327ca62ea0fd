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

/* Counts of a phase after the rules have run. */
static void count_phase(const tdm_spc_point *pts, tdm_spc_phase *ph)
{
    size_t last = SIZE_MAX;
    ph->common_cause = ph->improvement = ph->concern = ph->neutral = 0;
    for (size_t i = ph->start; i < ph->start + ph->n; i++) {
        switch (pts[i].point_type) {
        case TDM_SPC_POINT_COMMON_CAUSE:
            ph->common_cause++;
            break;
        case TDM_SPC_POINT_IMPROVEMENT:
            ph->improvement++;
            break;
        case TDM_SPC_POINT_CONCERN:
            ph->concern++;
            break;
        case TDM_SPC_POINT_NEUTRAL_HIGH:
        case TDM_SPC_POINT_NEUTRAL_LOW:
            ph->neutral++;
            break;
        default:
            continue; /* missing */
        }
        last = i;
    }
    ph->variation = last == SIZE_MAX ? TDM_SPC_POINT_NONE : pts[last].point_type;
    ph->assurance = TDM_SPC_ASSURANCE_NONE;
}

static void summarise(const tdm_spc_point *pts, size_t n, const tdm_spc_phase *last_phase,
                      size_t n_phases, const tdm_spc_options *opt, int any_short,
                      tdm_spc_summary *s)
{
    memset(s, 0, sizeof *s);
    s->n = n;
    s->n_phases = n_phases;
    s->last = n;
    s->short_phase = any_short;
    for (size_t i = 0; i < n; i++) {
        if (pts[i].missing) {
            s->n_missing++;
            continue;
        }
        s->n_obs++;
        s->last = i;
        if (pts[i].label != TDM_SPC_LABEL_COMMON_CAUSE) {
            s->n_special++;
        }
    }
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
    s->variation = s->last < n ? tdm__mdc_variation(pts[s->last].point_type, opt->improvement)
                               : TDM_SPC_VARIATION_NONE;
    s->assurance = tdm__mdc_assurance(opt->target, opt->improvement, s->lpl, s->upl);
}

int tdm_spc_compute(const double *y, const uint8_t *rebase, size_t n, const tdm_spc_options *opt,
                    tdm_spc_point *points, tdm_spc_phase *phases, tdm_spc_summary *summary)
{
    tdm_spc_options defaults;
    tdm_spc_phase ph;
    size_t n_phases = 0;
    size_t start = 0;
    uint32_t phase = 0;
    int any_short = 0;

    if (opt == NULL) {
        tdm_spc_options_init(&defaults);
        opt = &defaults;
    }
    if (check_options(opt) != TDM_OK || (n > 0 && (y == NULL || points == NULL))) {
        return TDM_EINVAL;
    }
    for (size_t i = 0; i < n; i++) {
        if (isinf(y[i])) {
            return TDM_EDOMAIN;
        }
    }
    /* SPEC: spc.phase - the phase is the running count of rebase flags, so a
     * flag on the very first point starts at phase 1 (as the reference). */
    for (size_t i = 0; i < n; i++) {
        memset(&points[i], 0, sizeof points[i]);
        if (rebase != NULL && rebase[i]) {
            phase++;
        }
        points[i].phase = phase;
        points[i].missing = (uint8_t)isnan(y[i]);
    }
    memset(&ph, 0, sizeof ph);
    for (size_t i = 1; i <= n; i++) {
        if (i < n && points[i].phase == points[start].phase) {
            continue;
        }
        memset(&ph, 0, sizeof ph);
        ph.index = points[start].phase;
        tdm__xmr_phase_limits(y, start, i - start, opt, points, &ph);
        tdm__mdc_rules(y, start, i - start, opt, points);
        count_phase(points, &ph);
        any_short |= ph.short_phase;
        if (phases != NULL) {
            phases[n_phases] = ph;
        }
        n_phases++;
        start = i;
    }
    if (phases != NULL && n_phases > 0) {
        tdm_spc_phase *last = &phases[n_phases - 1];
        last->assurance = tdm__mdc_assurance(opt->target, opt->improvement, last->lpl, last->upl);
    }
    if (summary != NULL) {
        summarise(points, n, n_phases > 0 ? &ph : NULL, n_phases, opt, any_short, summary);
    }
    return TDM_OK;
}
