/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * mdc_rules.c - the four Making Data Count special-cause rules, their
 * precedence and the point types, as NHSRplotthedots 0.2.2 defines them
 * (ptd_calculate_point_type.R), restated in docs/numerics.md.
 *
 * The R code marks "trigger" points and expands each to the pattern it
 * ends; the net effect, used here directly, is that a point belongs to a
 * shift if it is in a maximal same-side run of at least shift_length points,
 * and to a trend if it is in a maximal strictly monotone stretch of at least
 * trend_length points. Rules run over the observed points of one phase in
 * time order: a missing value is skipped, not a break (SPEC: spc.missing).
 */
#include "spc_internal.h"

#include <string.h>

/* Mark points [from .. to] (observed ones) with a rule bit. */
static void mark(tdm_spc_point *pts, size_t from, size_t to, uint8_t bit)
{
    for (size_t i = from; i <= to; i++) {
        if (!pts[i].missing) {
            pts[i].rules |= bit;
        }
    }
}

/* Streaming state of the three pattern rules over a phase's observed points. */
typedef struct rule_state {
    size_t shift_start, shift_count; /* current same-side run */
    int shift_side;
    size_t up_start, up_count;     /* current strictly rising stretch */
    size_t down_start, down_count; /* current strictly falling stretch */
    size_t prev;                   /* previous observed point, SIZE_MAX at start */
    size_t w[3];                   /* last three observed points (two in three) */
    size_t have;
} rule_state;

/* SPEC: spc.rule.shift - shift_length points on one side of the mean; a
 * point on the mean (side 0) breaks the run. */
static void step_shift(rule_state *st, size_t i, size_t len, tdm_spc_point *pts)
{
    const int side = (int)pts[i].side;
    if (side != 0 && side == st->shift_side) {
        st->shift_count++;
    } else {
        st->shift_side = side;
        st->shift_count = st->shift_side != 0;
        st->shift_start = i;
    }
    if (st->shift_count == len) {
        mark(pts, st->shift_start, i, TDM_SPC_RULE_SHIFT);
    } else if (st->shift_count > len) {
        pts[i].rules |= TDM_SPC_RULE_SHIFT;
    }
}

/* SPEC: spc.rule.trend - trend_length points each strictly above (below) the
 * one before; equal neighbours break a trend; the mean is irrelevant. */
static void step_trend(rule_state *st, const double *y, size_t i, size_t len, tdm_spc_point *pts)
{
    if (st->prev != SIZE_MAX && y[i] > y[st->prev]) {
        st->up_count++;
    } else {
        st->up_count = 1;
        st->up_start = i;
    }
    if (st->prev != SIZE_MAX && y[i] < y[st->prev]) {
        st->down_count++;
    } else {
        st->down_count = 1;
        st->down_start = i;
    }
    if (st->up_count == len) {
        mark(pts, st->up_start, i, TDM_SPC_RULE_TREND);
    } else if (st->up_count > len) {
        pts[i].rules |= TDM_SPC_RULE_TREND;
    }
    if (st->down_count == len) {
        mark(pts, st->down_start, i, TDM_SPC_RULE_TREND);
    } else if (st->down_count > len) {
        pts[i].rules |= TDM_SPC_RULE_TREND;
    }
}

/* SPEC: spc.rule.two_in_three - in a window of three consecutive observed
 * points, at least two beyond a near limit (but not outside) and all three
 * strictly on one side of the mean: the close points of the window are
 * flagged. Windows never run past the ends of the phase. */
static void step_two_in_three(rule_state *st, size_t i, tdm_spc_point *pts)
{
    int close, side;
    st->w[0] = st->w[1];
    st->w[1] = st->w[2];
    st->w[2] = i;
    if (++st->have < 3) {
        return;
    }
    close = pts[st->w[0]].close + pts[st->w[1]].close + pts[st->w[2]].close;
    side = pts[st->w[0]].side + pts[st->w[1]].side + pts[st->w[2]].side;
    if (close >= 2 && (side == 3 || side == -3)) {
        for (int k = 0; k < 3; k++) {
            if (pts[st->w[k]].close) {
                pts[st->w[k]].rules |= TDM_SPC_RULE_TWO_IN_THREE;
            }
        }
    }
}

/* Direction of a trend point's label (NHSRplotthedots `sdy`): if this point
 * and the next observed one are both in a trend, the step to the next point;
 * otherwise the step from the previous point. +1 -> Increasing, else
 * Decreasing (a flat step therefore reads "Decreasing", as in the reference). */
static int trend_direction(const double *y, const tdm_spc_point *pts, size_t prev, size_t i,
                           size_t next)
{
    double d;
    if (next != SIZE_MAX && (pts[next].rules & TDM_SPC_RULE_TREND)) {
        d = y[next] - y[i];
    } else if (prev != SIZE_MAX) {
        d = y[i] - y[prev];
    } else {
        return 0;
    }
    return d > 0 ? 1 : 0;
}

/* SPEC: spc.label - precedence: outside, trend, two-in-three, shift. */
static int label_of(const double *y, const tdm_spc_point *pts, size_t prev, size_t i, size_t next)
{
    const tdm_spc_point *p = &pts[i];
    if (p->rules & TDM_SPC_RULE_OUTSIDE) {
        return p->side == 1 ? TDM_SPC_LABEL_ABOVE_UPL : TDM_SPC_LABEL_BELOW_LPL;
    }
    if (p->rules & TDM_SPC_RULE_TREND) {
        return trend_direction(y, pts, prev, i, next) ? TDM_SPC_LABEL_TREND_UP
                                                      : TDM_SPC_LABEL_TREND_DOWN;
    }
    if (p->rules & TDM_SPC_RULE_TWO_IN_THREE) {
        return p->side > 0 ? TDM_SPC_LABEL_TWO_IN_THREE_ABOVE : TDM_SPC_LABEL_TWO_IN_THREE_BELOW;
    }
    if (p->rules & TDM_SPC_RULE_SHIFT) {
        return p->side > 0 ? TDM_SPC_LABEL_SHIFT_ABOVE : TDM_SPC_LABEL_SHIFT_BELOW;
    }
    return TDM_SPC_LABEL_COMMON_CAUSE;
}

/* SPEC: spc.point_type - the label's direction times the improvement direction. */
static int point_type_of(int label, int improvement)
{
    int dir = 0;
    switch (label) {
    case TDM_SPC_LABEL_ABOVE_UPL:
    case TDM_SPC_LABEL_TREND_UP:
    case TDM_SPC_LABEL_TWO_IN_THREE_ABOVE:
    case TDM_SPC_LABEL_SHIFT_ABOVE:
        dir = 1;
        break;
    case TDM_SPC_LABEL_BELOW_LPL:
    case TDM_SPC_LABEL_TREND_DOWN:
    case TDM_SPC_LABEL_TWO_IN_THREE_BELOW:
    case TDM_SPC_LABEL_SHIFT_BELOW:
        dir = -1;
        break;
    default:
        return label == TDM_SPC_LABEL_NONE ? TDM_SPC_POINT_NONE : TDM_SPC_POINT_COMMON_CAUSE;
    }
    if (improvement == TDM_IMPROVEMENT_NEUTRAL) {
        return dir > 0 ? TDM_SPC_POINT_NEUTRAL_HIGH : TDM_SPC_POINT_NEUTRAL_LOW;
    }
    return dir * improvement > 0 ? TDM_SPC_POINT_IMPROVEMENT : TDM_SPC_POINT_CONCERN;
}

/* Count a labelled point into the phase totals. */
static void count(tdm_spc_phase *ph, int point_type)
{
    switch (point_type) {
    case TDM_SPC_POINT_COMMON_CAUSE:
        ph->common_cause++;
        break;
    case TDM_SPC_POINT_IMPROVEMENT:
        ph->improvement++;
        break;
    case TDM_SPC_POINT_CONCERN:
        ph->concern++;
        break;
    default:
        ph->neutral++;
        break;
    }
}

size_t tdm__mdc_rules(const double *y, size_t start, size_t n, const tdm_spc_options *opt,
                      tdm_spc_point *pts, tdm_spc_phase *ph)
{
    const size_t end = start + n;
    rule_state st;
    size_t prev = SIZE_MAX;
    size_t cur = SIZE_MAX;
    memset(&st, 0, sizeof st);
    st.prev = SIZE_MAX;
    /* One pass for the three pattern rules (outside was set with the limits). */
    for (size_t i = start; i < end; i++) {
        if (pts[i].missing) {
            continue;
        }
        step_shift(&st, i, opt->shift_length, pts);
        step_trend(&st, y, i, opt->trend_length, pts);
        step_two_in_three(&st, i, pts);
        st.prev = i;
    }
    /* Labels need the previous and next observed points; count as we go. */
    ph->common_cause = ph->improvement = ph->concern = ph->neutral = 0;
    for (size_t i = start; i <= end; i++) {
        size_t next = SIZE_MAX;
        if (i < end) {
            if (pts[i].missing) {
                continue;
            }
            next = i;
        }
        if (cur != SIZE_MAX) {
            int label = label_of(y, pts, prev, cur, next);
            int type = point_type_of(label, opt->improvement);
            pts[cur].label = (uint8_t)label;
            pts[cur].point_type = (uint8_t)type;
            count(ph, type);
        }
        prev = cur;
        cur = next;
    }
    ph->variation = prev == SIZE_MAX ? TDM_SPC_POINT_NONE : pts[prev].point_type;
    return prev; /* the last observed point, SIZE_MAX if none */
}
