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

/* Mark points [from .. to] (observed ones) with a rule bit. */
static void mark(tdm_spc_point *pts, size_t from, size_t to, uint8_t bit)
{
    for (size_t i = from; i <= to; i++) {
        if (!pts[i].missing) {
            pts[i].rules |= bit;
        }
    }
}

/* SPEC: spc.rule.shift - shift_length points on one side of the mean; a
 * point on the mean (side 0) breaks the run. */
static void rule_shift(size_t start, size_t end, size_t len, tdm_spc_point *pts)
{
    size_t run_start = start;
    size_t count = 0;
    int side = 0;
    for (size_t i = start; i < end; i++) {
        if (pts[i].missing) {
            continue;
        }
        if (pts[i].side != 0 && pts[i].side == side) {
            count++;
        } else {
            side = pts[i].side;
            count = side != 0;
            run_start = i;
        }
        if (count == len) {
            mark(pts, run_start, i, TDM_SPC_RULE_SHIFT);
        } else if (count > len) {
            pts[i].rules |= TDM_SPC_RULE_SHIFT;
        }
    }
}

/* SPEC: spc.rule.trend - trend_length points each strictly above (below) the
 * one before; equal neighbours break a trend; the mean is irrelevant. */
static void rule_trend(const double *y, size_t start, size_t end, size_t len, tdm_spc_point *pts)
{
    size_t up_start = start, down_start = start;
    size_t up = 0, down = 0;
    size_t prev = SIZE_MAX;
    for (size_t i = start; i < end; i++) {
        if (pts[i].missing) {
            continue;
        }
        if (prev != SIZE_MAX && y[i] > y[prev]) {
            up++;
        } else {
            up = 1;
            up_start = i;
        }
        if (prev != SIZE_MAX && y[i] < y[prev]) {
            down++;
        } else {
            down = 1;
            down_start = i;
        }
        if (up == len) {
            mark(pts, up_start, i, TDM_SPC_RULE_TREND);
        } else if (up > len) {
            pts[i].rules |= TDM_SPC_RULE_TREND;
        }
        if (down == len) {
            mark(pts, down_start, i, TDM_SPC_RULE_TREND);
        } else if (down > len) {
            pts[i].rules |= TDM_SPC_RULE_TREND;
        }
        prev = i;
    }
}

/* SPEC: spc.rule.two_in_three - in a window of three consecutive observed
 * points, at least two beyond a near limit (but not outside) and all three
 * strictly on one side of the mean: the close points of the window are
 * flagged. Windows never run past the ends of the phase. */
static void rule_two_in_three(size_t start, size_t end, tdm_spc_point *pts)
{
    size_t w[3] = { 0, 0, 0 };
    size_t have = 0;
    for (size_t i = start; i < end; i++) {
        int close, side;
        if (pts[i].missing) {
            continue;
        }
        w[0] = w[1];
        w[1] = w[2];
        w[2] = i;
        if (++have < 3) {
            continue;
        }
        close = pts[w[0]].close + pts[w[1]].close + pts[w[2]].close;
        side = pts[w[0]].side + pts[w[1]].side + pts[w[2]].side;
        if (close >= 2 && (side == 3 || side == -3)) {
            for (int k = 0; k < 3; k++) {
                if (pts[w[k]].close) {
                    pts[w[k]].rules |= TDM_SPC_RULE_TWO_IN_THREE;
                }
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

void tdm__mdc_rules(const double *y, size_t start, size_t n, const tdm_spc_options *opt,
                    tdm_spc_point *pts)
{
    const size_t end = start + n;
    size_t prev = SIZE_MAX;
    size_t cur = SIZE_MAX;
    for (size_t i = start; i < end; i++) {
        pts[i].rules = 0;
        if (!pts[i].missing && pts[i].outside) {
            pts[i].rules = TDM_SPC_RULE_OUTSIDE; /* SPEC: spc.rule.outside */
        }
    }
    rule_shift(start, end, opt->shift_length, pts);
    rule_trend(y, start, end, opt->trend_length, pts);
    rule_two_in_three(start, end, pts);
    /* Labels need the previous and next observed points. */
    for (size_t i = start; i <= end; i++) {
        size_t next = SIZE_MAX;
        if (i < end) {
            if (pts[i].missing) {
                pts[i].label = TDM_SPC_LABEL_NONE;
                pts[i].point_type = TDM_SPC_POINT_NONE;
                continue;
            }
            next = i;
        }
        if (cur != SIZE_MAX) {
            int label = label_of(y, pts, prev, cur, next);
            pts[cur].label = (uint8_t)label;
            pts[cur].point_type = (uint8_t)point_type_of(label, opt->improvement);
        }
        prev = cur;
        cur = next;
    }
}
