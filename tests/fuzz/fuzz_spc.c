/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz_spc.c - tdm_spc_compute on arbitrary series (conventions 8.4).
 *
 * Input: 4 option bytes (direction, screening, fixed baseline, rule lengths,
 * short-phase size, target), then 3 bytes per point: a kind byte (low bits:
 * small integer / raw-ish double / NaN / infinity; top bit: rebase here) and
 * two value bytes. Checks:
 *  - no crash or sanitizer report;
 *  - TDM_EDOMAIN exactly when an infinity is present, TDM_EINVAL exactly for
 *    the invalid option values;
 *  - per point: missing == isnan(y); every observed point has a label and a
 *    point type, missing points have neither; phases count rebase flags;
 *  - where the limits are finite: lpl <= nlpl <= mean <= nupl <= upl, and
 *    outside/close agree with the limits;
 *  - phases tile the series; summary counts add up.
 */
#include <math.h>
#include <string.h>

#include "fuzz_common.h"
#include "tandem.h"

#define MAXN 512

static double value(uint8_t kind, uint8_t a, uint8_t b)
{
    switch (kind & 7) {
    case 0:
    case 1:
    case 2:
        return (double)a; /* small counts, many ties */
    case 3:
        return ((double)a * 256 + b) / 100.0 - 100.0;
    case 4: /* wide magnitudes, both signs */
        return ldexp((double)a - 128, (int)b - 128);
    case 5:
        return (double)NAN;
    case 6:
        return (b & 1) ? (double)INFINITY : -(double)INFINITY;
    default:
        return (double)a * 1e300; /* near overflow: sums may not be finite */
    }
}

static void check_point(const tdm_spc_point *p, double y, uint32_t phase)
{
    FUZZ_CHECK(p->missing == (isnan(y) ? 1 : 0), "missing flag");
    FUZZ_CHECK(p->phase == phase, "phase %u, expected %u", p->phase, phase);
    if (p->missing) {
        FUZZ_CHECK(p->label == TDM_SPC_LABEL_NONE && p->point_type == TDM_SPC_POINT_NONE,
                   "label on a missing point");
        FUZZ_CHECK(p->baseline == 0 && p->side == 0 && p->outside == 0, "flags on a missing point");
        return;
    }
    FUZZ_CHECK(p->label != TDM_SPC_LABEL_NONE, "observed point without a label");
    FUZZ_CHECK(p->point_type != TDM_SPC_POINT_NONE, "observed point without a type");
    FUZZ_CHECK(p->label <= TDM_SPC_LABEL_SHIFT_BELOW, "label %u", p->label);
    if (isfinite(p->mean) && isfinite(p->lpl) && isfinite(p->upl) && isfinite(p->nlpl) &&
        isfinite(p->nupl)) {
        FUZZ_CHECK(
            p->lpl <= p->nlpl && p->nlpl <= p->mean && p->mean <= p->nupl && p->nupl <= p->upl,
            "limits out of order: %a %a %a %a %a", p->lpl, p->nlpl, p->mean, p->nupl, p->upl);
        FUZZ_CHECK(p->amr >= 0, "negative average moving range");
        FUZZ_CHECK(p->outside == (y > p->upl || y < p->lpl), "outside flag");
        FUZZ_CHECK(!(p->outside && p->close), "outside and close");
        FUZZ_CHECK(p->side == (y > p->mean) - (y < p->mean), "side");
    }
    if (p->label == TDM_SPC_LABEL_ABOVE_UPL || p->label == TDM_SPC_LABEL_BELOW_LPL) {
        FUZZ_CHECK(p->outside, "outside label without the flag");
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static double y[MAXN];
    static uint8_t rebase[MAXN];
    static tdm_spc_point pts[MAXN];
    static tdm_spc_phase ph[MAXN];
    tdm_spc_summary sum;
    tdm_spc_options o;
    size_t n;
    int any_inf = 0, bad_opt = 0;
    uint32_t phase = 0;
    size_t obs = 0;
    int rc;
    if (size < 4) {
        return 0;
    }
    tdm_spc_options_init(&o);
    o.improvement = (int)(data[0] % 3) - 1;
    o.screen = (data[0] >> 2) & 1;
    if ((data[0] >> 3) & 1) {
        o.fix_after = data[1] % 24; /* 1..11 are invalid */
        bad_opt |= o.fix_after > 0 && o.fix_after < TDM_SPC_MIN_FIX_AFTER;
    }
    o.shift_length = 1 + (data[2] & 15); /* 1 is invalid */
    o.trend_length = 1 + (data[2] >> 4);
    bad_opt |= o.shift_length < 2 || o.trend_length < 2;
    o.short_phase = data[3] % 20;
    if ((data[0] >> 4) & 1) {
        o.target = (double)data[1] - 50.0;
    }
    n = (size - 4) / 3;
    if (n > MAXN) {
        n = MAXN;
    }
    for (size_t i = 0; i < n; i++) {
        const uint8_t *q = data + 4 + 3 * i;
        y[i] = value(q[0], q[1], q[2]);
        rebase[i] = q[0] >> 7;
        any_inf |= isinf(y[i]) != 0;
    }
    rc = tdm_spc_compute(y, (data[0] >> 5) & 1 ? NULL : rebase, n, &o, pts, ph, &sum);
    if (bad_opt) {
        FUZZ_CHECK(rc == TDM_EINVAL, "invalid options accepted: %d", rc);
        return 0;
    }
    FUZZ_CHECK(rc == (any_inf ? TDM_EDOMAIN : TDM_OK), "status %d (infinity present: %d)", rc,
               any_inf);
    if (rc != TDM_OK) {
        return 0;
    }
    for (size_t i = 0; i < n; i++) {
        if ((data[0] >> 5) & 1 ? 0 : rebase[i]) {
            phase++;
        }
        check_point(&pts[i], y[i], phase);
        obs += !isnan(y[i]);
    }
    FUZZ_CHECK(sum.n == n && sum.n_obs == obs && sum.n_missing == n - obs, "summary counts");
    FUZZ_CHECK(sum.n_special <= sum.n_obs, "special %zu of %zu", sum.n_special, sum.n_obs);
    FUZZ_CHECK(sum.n_phases >= (n > 0) && sum.n_phases <= n, "%zu phases", sum.n_phases);
    {
        size_t at = 0, special = 0;
        for (size_t k = 0; k < sum.n_phases; k++) {
            FUZZ_CHECK(ph[k].start == at && ph[k].n > 0, "phase %zu does not tile", k);
            FUZZ_CHECK(ph[k].n_obs <= ph[k].n && ph[k].n_baseline <= ph[k].n_obs &&
                           ph[k].n_mr_used <= ph[k].n_mr,
                       "phase %zu counts", k);
            FUZZ_CHECK(ph[k].common_cause + ph[k].improvement + ph[k].concern + ph[k].neutral ==
                           ph[k].n_obs,
                       "phase %zu point types", k);
            special += ph[k].improvement + ph[k].concern + ph[k].neutral;
            at += ph[k].n;
        }
        FUZZ_CHECK(at == n, "phases cover %zu of %zu rows", at, n);
        (void)special;
    }
    return 0;
}
