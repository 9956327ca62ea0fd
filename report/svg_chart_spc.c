/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * svg_chart_spc.c - one Making Data Count XmR chart as inline SVG: value
 * axis with nice ticks, calendar (or period) axis, the series line, points
 * coloured AND shaped by point type, each phase's mean and process limits
 * with a break between phases, the target line, and a legend naming what is
 * drawn. Every number drawn comes from tdm_spc_compute via rpt_metric.
 *
 * Geometry: viewBox 0 0 760 305, plot area x 70..744, y 14..250; the page's
 * CSS makes the chart as wide as its column. Coordinates are written with one
 * decimal by rpt_buf_coord, so output is byte-identical everywhere.
 */
#include <math.h>
#include <string.h>

#include "rpt_internal.h"

#define PL 70.0  /* plot left */
#define PR 744.0 /* plot right */
#define PT 14.0  /* plot top */
#define PB 250.0 /* plot bottom */

#define C_LINE    "#7f7f7f"
#define C_MEAN    "#333333"
#define C_LIMIT   "#7f7f7f"
#define C_TARGET  "#de1b1b"
#define C_COMMON  "#a6a6a6"
#define C_IMPROVE "#00b0f0"
#define C_CONCERN "#e46c0a"
#define C_NEUTRAL "#490092"

typedef struct scale {
    double xlo, xhi; /* time domain */
    double ylo, yhi; /* value domain, display units */
    double sf;       /* display factor: 100 for percent, else 1 */
    rpt_ticks yt;
} scale;

static double sx(const scale *s, double t)
{
    return PL + (t - s->xlo) / (s->xhi - s->xlo) * (PR - PL);
}

static double sy(const scale *s, double v)
{
    return PB - (v * s->sf - s->ylo) / (s->yhi - s->ylo) * (PB - PT);
}

/* Range of everything drawn on the value axis: observed values, the limits
 * of phases that have observations, and the target. @return 0 if empty. */
static int value_range(const rpt_metric *m, double *lo, double *hi)
{
    int any = 0;
    *lo = INFINITY;
    *hi = -INFINITY;
#define TAKE(v)                  \
    do {                         \
        double v_ = (v);         \
        if (isfinite(v_)) {      \
            *lo = fmin(*lo, v_); \
            *hi = fmax(*hi, v_); \
            any = 1;             \
        }                        \
    } while (0)
    for (size_t i = 0; i < m->n; i++) {
        TAKE(m->value[i]);
    }
    for (size_t k = 0; m->summary != NULL && k < m->summary->n_phases; k++) {
        if (m->phases[k].n_obs > 0) {
            TAKE(m->phases[k].lpl);
            TAKE(m->phases[k].upl);
            TAKE(m->phases[k].mean);
        }
    }
    TAKE(m->opt.target);
#undef TAKE
    return any;
}

static void make_scale(const rpt_metric *m, scale *s)
{
    double lo, hi;
    s->sf = m->percent ? 100.0 : 1.0;
    if (!value_range(m, &lo, &hi)) {
        lo = 0;
        hi = 1.0 / s->sf;
    }
    (void)rpt_nice_ticks(lo * s->sf, hi * s->sf, 6, &s->yt); /* finite inputs: cannot fail */
    s->ylo = rpt_tick_value(&s->yt, 0);
    s->yhi = rpt_tick_value(&s->yt, s->yt.n - 1);
    if (m->n == 0) {
        s->xlo = 0;
        s->xhi = 1;
    } else {
        double t0 = (double)m->time[0], t1 = (double)m->time[m->n - 1];
        double pad = m->n > 1 ? (t1 - t0) / (double)(m->n - 1) / 2.0 : 0;
        if (pad <= 0) {
            pad = m->time_kind == TDM_TIME_DATE ? 15 : 1;
        }
        s->xlo = t0 - pad;
        s->xhi = t1 + pad;
    }
}

void rpt_metric_numfmt(const rpt_metric *m, rpt_numfmt *f)
{
    scale s;
    int integral = !m->percent;
    memset(f, 0, sizeof *f);
    f->percent = m->percent;
    f->unit = m->unit;
    if (m->decimals >= 0) {
        f->dec_value = f->dec_stat = m->decimals;
        return;
    }
    make_scale(m, &s);
    f->dec_stat = s.yt.decimals + 1;
    if (f->dec_stat > 6) {
        f->dec_stat = 6;
    }
    for (size_t i = 0; i < m->n && integral; i++) {
        integral = isnan(m->value[i]) || m->value[i] == floor(m->value[i]);
    }
    f->dec_value = integral && m->n > 0 ? 0 : f->dec_stat;
}

/* ---- pieces ---- */

static void y_axis(rpt_buf *b, const scale *s, const rpt_metric *m)
{
    rpt_numfmt tf = { 0, s->yt.decimals, s->yt.decimals, NULL };
    rpt_buf_puts(b, "<path fill=\"none\" stroke=\"#e6e6e6\" d=\"");
    for (int i = 0; i < s->yt.n; i++) {
        double y = PB - (rpt_tick_value(&s->yt, i) - s->ylo) / (s->yhi - s->ylo) * (PB - PT);
        rpt_buf_puts(b, "M70 ");
        rpt_buf_coord(b, y);
        rpt_buf_puts(b, "H744");
    }
    rpt_buf_puts(b, "\"/>\n<g text-anchor=\"end\" fill=\"#444\">");
    for (int i = 0; i < s->yt.n; i++) {
        double v = rpt_tick_value(&s->yt, i);
        double y = PB - (v - s->ylo) / (s->yhi - s->ylo) * (PB - PT);
        char text[64];
        rpt_fmt_value(&tf, v, 0, text);
        rpt_buf_puts(b, "<text x=\"64\" y=\"");
        rpt_buf_coord(b, y + 4);
        rpt_buf_puts(b, "\">");
        rpt_buf_puts(b, text);
        rpt_buf_puts(b, m->percent ? "%</text>" : "</text>");
    }
    rpt_buf_puts(b, "</g>\n");
    if (m->unit != NULL && m->unit[0] != '\0' && !m->percent) {
        rpt_buf_puts(b,
                     "<text transform=\"rotate(-90)\" x=\"-132\" y=\"14\" text-anchor=\"middle\" "
                     "fill=\"#444\">");
        rpt_buf_esc(b, m->unit);
        rpt_buf_puts(b, "</text>\n");
    }
}

static void x_tick(rpt_buf *b, double x, const char *label)
{
    /* Keep the label inside the picture: estimated width at 11px. */
    double half = 3.1 * (double)strlen(label);
    rpt_buf_puts(b, "<path stroke=\"#666\" d=\"M");
    rpt_buf_coord(b, x);
    rpt_buf_puts(b, " 250v5\"/><text x=\"");
    if (x + half > 758) {
        rpt_buf_puts(b, "758\" text-anchor=\"end");
    } else {
        rpt_buf_coord(b, x);
    }
    rpt_buf_puts(b, "\" y=\"269\">");
    rpt_buf_esc(b, label);
    rpt_buf_puts(b, "</text>");
}

static void x_axis(rpt_buf *b, const scale *s, const rpt_metric *m)
{
    rpt_buf_puts(b, "<g text-anchor=\"middle\" fill=\"#444\">");
    if (m->n == 0) {
        /* nothing to label */
    } else if (m->time_kind == TDM_TIME_DATE) {
        rpt_date_tick ticks[RPT_MAX_DATE_TICKS];
        size_t n = rpt_date_ticks((int32_t)ceil(s->xlo), (int32_t)floor(s->xhi), 8, ticks);
        for (size_t i = 0; i < n; i++) {
            x_tick(b, sx(s, ticks[i].day), ticks[i].label);
        }
    } else {
        rpt_ticks t;
        if (rpt_nice_ticks(s->xlo, s->xhi, 10, &t) == TDM_OK) {
            if (t.e < 0) { /* periods are whole numbers: never a fractional step */
                t.m = 1;
                t.e = 0;
                t.k0 = (long long)ceil(s->xlo);
                t.n = (int)(floor(s->xhi) - ceil(s->xlo)) + 1;
            }
            for (int i = 0; i < t.n; i++) {
                double v = rpt_tick_value(&t, i);
                char label[64];
                if (v < s->xlo || v > s->xhi) {
                    continue;
                }
                rpt_fmt_fixed(v, 0, 0, label);
                x_tick(b, sx(s, v), label);
            }
        }
    }
    rpt_buf_puts(b, "</g>\n<path fill=\"none\" stroke=\"#666\" d=\"M70 14V250H744\"/>\n");
}

/* Horizontal segments of one phase statistic across each phase. */
static void phase_path(rpt_buf *b, const scale *s, const rpt_metric *m, int which,
                       const char *attrs)
{
    int any = 0;
    for (size_t k = 0; k < m->summary->n_phases; k++) {
        const tdm_spc_phase *ph = &m->phases[k];
        double xa = sx(s, (double)m->time[ph->start]);
        double xb = sx(s, (double)m->time[ph->start + ph->n - 1]);
        double v[2];
        int nv = which == 0 ? 1 : 2;
        if (ph->n_obs == 0) {
            continue;
        }
        v[0] = which == 0 ? ph->mean : ph->lpl;
        v[1] = ph->upl;
        if (xb - xa < 8) {
            xa -= 4;
            xb += 4;
        }
        for (int j = 0; j < nv; j++) {
            if (!isfinite(v[j])) {
                continue;
            }
            if (!any) {
                rpt_buf_puts(b, "<path fill=\"none\" ");
                rpt_buf_puts(b, attrs);
                rpt_buf_puts(b, " d=\"");
                any = 1;
            }
            rpt_buf_puts(b, "M");
            rpt_buf_coord(b, xa);
            rpt_buf_puts(b, " ");
            rpt_buf_coord(b, sy(s, v[j]));
            rpt_buf_puts(b, "H");
            rpt_buf_coord(b, xb);
        }
    }
    if (any) {
        rpt_buf_puts(b, "\"/>\n");
    }
}

static void phase_breaks(rpt_buf *b, const scale *s, const rpt_metric *m)
{
    for (size_t k = 1; k < m->summary->n_phases; k++) {
        size_t i = m->phases[k].start;
        double x = (sx(s, (double)m->time[i - 1]) + sx(s, (double)m->time[i])) / 2;
        rpt_buf_puts(b, "<path stroke=\"#333\" stroke-dasharray=\"2 3\" d=\"M");
        rpt_buf_coord(b, x);
        rpt_buf_puts(b, " 14V250\"/>\n");
    }
}

static void target_line(rpt_buf *b, const scale *s, const rpt_metric *m)
{
    if (!isfinite(m->opt.target)) {
        return;
    }
    rpt_buf_puts(b, "<path stroke=\"" C_TARGET "\" stroke-width=\"1.5\" stroke-dasharray=\"8 3\" "
                    "d=\"M70 ");
    rpt_buf_coord(b, sy(s, m->opt.target));
    rpt_buf_puts(b, "H744\"/>\n");
}

static void series_line(rpt_buf *b, const scale *s, const rpt_metric *m)
{
    int pen = 0, any = 0;
    for (size_t i = 0; i < m->n; i++) {
        if (isnan(m->value[i])) {
            pen = 0; /* a gap: the line breaks at a missing value */
            continue;
        }
        if (!any) {
            rpt_buf_puts(b, "<path fill=\"none\" stroke=\"" C_LINE "\" stroke-width=\"1.5\" d=\"");
            any = 1;
        }
        rpt_buf_puts(b, pen ? "L" : "M");
        rpt_buf_coord(b, sx(s, (double)m->time[i]));
        rpt_buf_puts(b, " ");
        rpt_buf_coord(b, sy(s, m->value[i]));
        pen = 1;
    }
    if (any) {
        rpt_buf_puts(b, "\"/>\n");
    }
}

static const char *marker_fill(int type)
{
    switch (type) {
    case TDM_SPC_POINT_IMPROVEMENT:
        return C_IMPROVE;
    case TDM_SPC_POINT_CONCERN:
        return C_CONCERN;
    case TDM_SPC_POINT_NEUTRAL_HIGH:
    case TDM_SPC_POINT_NEUTRAL_LOW:
        return C_NEUTRAL;
    default:
        return C_COMMON;
    }
}

/* A marker: circle (common cause), diamond (improvement), square (concern),
 * triangle up or down (neutral high or low). Shape as well as colour. The
 * fill comes from the enclosing group unless `fill` is set. */
static void marker(rpt_buf *b, int type, double x, double y, int fill)
{
    const char *f = fill ? marker_fill(type) : NULL;
    switch (type) {
    case TDM_SPC_POINT_IMPROVEMENT:
    case TDM_SPC_POINT_NEUTRAL_HIGH:
    case TDM_SPC_POINT_NEUTRAL_LOW:
        rpt_buf_puts(b, "<path");
        break;
    case TDM_SPC_POINT_CONCERN:
        rpt_buf_puts(b, "<rect");
        break;
    default:
        rpt_buf_puts(b, "<circle");
        break;
    }
    if (f != NULL) {
        rpt_buf_puts(b, " fill=\"");
        rpt_buf_puts(b, f);
        rpt_buf_puts(b, "\"");
    }
    switch (type) {
    case TDM_SPC_POINT_IMPROVEMENT:
        rpt_buf_puts(b, " d=\"M");
        rpt_buf_coord(b, x);
        rpt_buf_puts(b, " ");
        rpt_buf_coord(b, y - 5.5);
        rpt_buf_puts(b, "l5.5 5.5-5.5 5.5-5.5-5.5z\"/>");
        break;
    case TDM_SPC_POINT_CONCERN:
        rpt_buf_puts(b, " width=\"8\" height=\"8\" x=\"");
        rpt_buf_coord(b, x - 4);
        rpt_buf_puts(b, "\" y=\"");
        rpt_buf_coord(b, y - 4);
        rpt_buf_puts(b, "\"/>");
        break;
    case TDM_SPC_POINT_NEUTRAL_HIGH:
    case TDM_SPC_POINT_NEUTRAL_LOW: {
        int up = type == TDM_SPC_POINT_NEUTRAL_HIGH;
        rpt_buf_puts(b, " d=\"M");
        rpt_buf_coord(b, x);
        rpt_buf_puts(b, " ");
        rpt_buf_coord(b, up ? y - 5.5 : y + 5.5);
        rpt_buf_puts(b, up ? "l5 9h-10z\"/>" : "l5-9h-10z\"/>");
        break;
    }
    default:
        rpt_buf_puts(b, " r=\"3.2\" cx=\"");
        rpt_buf_coord(b, x);
        rpt_buf_puts(b, "\" cy=\"");
        rpt_buf_coord(b, y);
        rpt_buf_puts(b, "\"/>");
        break;
    }
}

/* Markers grouped by type (common cause first, so signals draw on top), one
 * fill per group: compact for packs of many charts. */
static void markers(rpt_buf *b, const scale *s, const rpt_metric *m, unsigned *seen)
{
    static const int order[] = { TDM_SPC_POINT_COMMON_CAUSE, TDM_SPC_POINT_NEUTRAL_HIGH,
                                 TDM_SPC_POINT_NEUTRAL_LOW, TDM_SPC_POINT_IMPROVEMENT,
                                 TDM_SPC_POINT_CONCERN };
    for (size_t k = 0; k < sizeof order / sizeof *order; k++) {
        int open = 0;
        for (size_t i = 0; i < m->n; i++) {
            if (isnan(m->value[i]) || m->points[i].point_type != order[k]) {
                continue;
            }
            if (!open) {
                rpt_buf_puts(b, "<g class=\"pts\" fill=\"");
                rpt_buf_puts(b, marker_fill(order[k]));
                rpt_buf_puts(b, "\">");
                open = 1;
            }
            *seen |= 1u << (order[k] & 7);
            marker(b, order[k], sx(s, (double)m->time[i]), sy(s, m->value[i]), 0);
        }
        if (open) {
            rpt_buf_puts(b, "</g>\n");
        }
    }
}

/* ---- legend ---- */

typedef struct legend {
    rpt_buf *b;
    double x;
} legend;

static void legend_text(legend *l, const char *text)
{
    rpt_buf_puts(l->b, "<text x=\"");
    rpt_buf_coord(l->b, l->x + 14);
    rpt_buf_puts(l->b, "\" y=\"296\">");
    rpt_buf_puts(l->b, text);
    rpt_buf_puts(l->b, "</text>");
    /* Advance by an estimate of the text width at 11px (deterministic). */
    l->x += 14 + 6.2 * (double)strlen(text) + 22;
}

static void legend_line(legend *l, const char *stroke, const char *dash, const char *text)
{
    rpt_buf_puts(l->b, "<path stroke=\"");
    rpt_buf_puts(l->b, stroke);
    rpt_buf_puts(l->b, "\" stroke-width=\"1.5\"");
    if (dash != NULL) {
        rpt_buf_puts(l->b, " stroke-dasharray=\"");
        rpt_buf_puts(l->b, dash);
        rpt_buf_puts(l->b, "\"");
    }
    rpt_buf_puts(l->b, " d=\"M");
    rpt_buf_coord(l->b, l->x - 2);
    rpt_buf_puts(l->b, " 292h12\"/>");
    legend_text(l, text);
}

static void legend_marker(legend *l, int type, const char *text)
{
    marker(l->b, type, l->x + 4, 292, 1);
    legend_text(l, text);
}

static void draw_legend(rpt_buf *b, const rpt_metric *m, unsigned seen)
{
    legend l = { b, 72 };
    rpt_buf_puts(b, "<g fill=\"#333\">");
    legend_marker(&l, TDM_SPC_POINT_COMMON_CAUSE, "Common cause");
    if (seen & (1u << TDM_SPC_POINT_IMPROVEMENT)) {
        legend_marker(&l, TDM_SPC_POINT_IMPROVEMENT, "Improvement");
    }
    if (seen & (1u << TDM_SPC_POINT_CONCERN)) {
        legend_marker(&l, TDM_SPC_POINT_CONCERN, "Concern");
    }
    if (seen & (1u << TDM_SPC_POINT_NEUTRAL_HIGH)) {
        legend_marker(&l, TDM_SPC_POINT_NEUTRAL_HIGH, "Neutral high");
    }
    if (seen & (1u << TDM_SPC_POINT_NEUTRAL_LOW)) {
        legend_marker(&l, TDM_SPC_POINT_NEUTRAL_LOW, "Neutral low");
    }
    legend_line(&l, C_MEAN, NULL, "Mean");
    legend_line(&l, C_LIMIT, "4 3", "Process limits");
    if (isfinite(m->opt.target)) {
        legend_line(&l, C_TARGET, "8 3", "Target");
    }
    if (m->summary->n_phases > 1) {
        legend_line(&l, "#333", "2 3", "Limits recalculated");
    }
    rpt_buf_puts(b, "</g>\n");
}

void rpt_svg_spc(rpt_buf *b, const rpt_metric *m, const rpt_numfmt *f, const char *anchor)
{
    scale s;
    unsigned seen = 0;
    make_scale(m, &s);
    rpt_buf_puts(b,
                 "<svg class=\"spc\" viewBox=\"0 0 760 305\" role=\"img\" "
                 "font-family=\"Arial,Helvetica,sans-serif\" font-size=\"11\" aria-labelledby=\"");
    rpt_buf_puts(b, anchor);
    rpt_buf_puts(b, "-t ");
    rpt_buf_puts(b, anchor);
    rpt_buf_puts(b, "-d\"><title id=\"");
    rpt_buf_puts(b, anchor);
    rpt_buf_puts(b, "-t\">XmR chart: ");
    rpt_buf_esc(b, m->title ? m->title : m->id);
    rpt_buf_puts(b, "</title><desc id=\"");
    rpt_buf_puts(b, anchor);
    rpt_buf_puts(b, "-d\">");
    {
        rpt_buf alt;
        rpt_buf_init(&alt);
        rpt_text_alternative(&alt, m, f);
        rpt_buf_put(&alt, "", 1);
        if (alt.failed) {
            b->failed = alt.failed;
        } else {
            rpt_buf_esc(b, alt.data);
        }
        rpt_buf_free(&alt);
    }
    rpt_buf_puts(b, "</desc>\n");
    y_axis(b, &s, m);
    x_axis(b, &s, m);
    if (m->summary->n_obs == 0) {
        rpt_buf_puts(b, "<text x=\"407\" y=\"136\" text-anchor=\"middle\" fill=\"#444\" "
                        "font-size=\"14\">No observed values</text>\n");
    } else {
        phase_path(b, &s, m, 1,
                   "stroke=\"" C_LIMIT "\" stroke-width=\"1.5\" "
                   "stroke-dasharray=\"4 3\"");
        phase_path(b, &s, m, 0, "stroke=\"" C_MEAN "\" stroke-width=\"1.5\"");
        phase_breaks(b, &s, m);
        target_line(b, &s, m);
        series_line(b, &s, m);
        markers(b, &s, m, &seen);
    }
    draw_legend(b, m, seen);
    rpt_buf_puts(b, "</svg>\n");
}
