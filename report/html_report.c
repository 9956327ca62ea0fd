/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * html_report.c - the board pack as one self-contained HTML file: embedded
 * CSS (report/assets, embedded at build time by tools/embed.c), inline SVG
 * charts and icons, no script, and a Content-Security-Policy that forbids
 * every fetch, so the page works offline and cannot leak requests.
 *
 * Pages, in order: cover (grid of variation icon x assurance icon with the
 * metrics in each cell), summary table (concern and fail first), one section
 * per metric (icons, key figures, chart, text alternative, exception note,
 * data table), and the method note. Works with rpt_pack.c (data),
 * svg_chart_spc.c and svg_icons.c (drawing), rpt_text.c (words).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report_assets.h"
#include "rpt_internal.h"

#define FLUSH_AT 65536

typedef struct html {
    rpt_buf b;
    const rpt_pack *p;
    const rpt_options *o;
    size_t *order; /* summary order */
} html;

/* Anchor of metric i: "m<i+1>-<id with anything but [A-Za-z0-9_-] as '-'>",
 * unique through the index, readable through the id. */
static void anchor_of(const rpt_metric *m, size_t i, char *buf)
{
    int n = snprintf(buf, 64, "m%zu-", i + 1);
    size_t o = n < 0 ? 0 : (size_t)n;
    for (const char *s = m->id; *s != '\0' && o < 56; s++) {
        char c = *s;
        int ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                 c == '_' || c == '-';
        buf[o++] = c;
        if (!ok) {
            buf[o - 1] = '-';
        }
    }
    buf[o] = '\0';
}

static void put_value(rpt_buf *b, const rpt_numfmt *f, double v, int stat)
{
    char s[64];
    if (rpt_fmt_value(f, v, stat, s) == 0) {
        rpt_buf_puts(b, "<span aria-label=\"none\">&#8211;</span>");
        return;
    }
    rpt_buf_esc(b, s);
}

static void put_time(rpt_buf *b, const rpt_metric *m, int monthly, size_t i)
{
    char s[32];
    if (m->time_kind == TDM_TIME_DATE) {
        char iso[16];
        (void)tdm_format_date((int32_t)m->time[i], iso);
        rpt_buf_puts(b, "<time datetime=\"");
        rpt_buf_puts(b, iso);
        rpt_buf_puts(b, "\">");
    }
    rpt_fmt_time(m->time_kind, monthly, m->time[i], s);
    rpt_buf_puts(b, s);
    if (m->time_kind == TDM_TIME_DATE) {
        rpt_buf_puts(b, "</time>");
    }
}

/* Short names for narrow table cells. */
static const char *short_variation(int variation)
{
    switch (variation) {
    case TDM_SPC_VARIATION_COMMON_CAUSE:
        return "Common cause";
    case TDM_SPC_VARIATION_IMPROVEMENT_HIGH:
        return "Improvement (high)";
    case TDM_SPC_VARIATION_IMPROVEMENT_LOW:
        return "Improvement (low)";
    case TDM_SPC_VARIATION_CONCERN_HIGH:
        return "Concern (high)";
    case TDM_SPC_VARIATION_CONCERN_LOW:
        return "Concern (low)";
    case TDM_SPC_VARIATION_NEUTRAL_HIGH:
        return "Neutral (high)";
    case TDM_SPC_VARIATION_NEUTRAL_LOW:
        return "Neutral (low)";
    default:
        return "No data";
    }
}

static const char *assurance_reason(const rpt_metric *m)
{
    if (m->summary->assurance != TDM_SPC_ASSURANCE_NONE) {
        return rpt_assurance_text(m->summary->assurance);
    }
    if (isnan(m->opt.target)) {
        return "No target";
    }
    if (m->opt.improvement == TDM_IMPROVEMENT_NEUTRAL) {
        return "No direction";
    }
    return "No limits";
}

/* ---- head and header ---- */

static void head(html *h)
{
    rpt_buf *b = &h->b;
    const char *title = h->o->title ? h->o->title : "Integrated performance report";
    rpt_buf_puts(b, "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n"
                    "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
                    "style-src 'unsafe-inline'\">\n"
                    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                    "<meta name=\"generator\" content=\"tandem ");
    rpt_buf_puts(b, tdm_version_string());
    rpt_buf_puts(b, "\">\n<title>");
    rpt_buf_esc(b, title);
    rpt_buf_puts(b, "</title>\n<style>\n");
    rpt_buf_put(b, (const char *)rpt_asset_report_css, rpt_asset_report_css_len);
    rpt_buf_puts(b, "</style>\n</head>\n<body>\n<a class=\"skip\" href=\"#summary\">Skip to the "
                    "summary table</a>\n");
    rpt_svg_icon_defs(b);
    rpt_buf_puts(b, "<header>\n<h1>");
    rpt_buf_esc(b, title);
    rpt_buf_puts(b, "</h1>\n");
    if (h->o->subtitle != NULL && h->o->subtitle[0] != '\0') {
        rpt_buf_puts(b, "<p class=\"sub\">");
        rpt_buf_esc(b, h->o->subtitle);
        rpt_buf_puts(b, "</p>\n");
    }
    rpt_buf_puts(b, "<p class=\"meta\">");
    if (h->o->report_date != NULL && h->o->report_date[0] != '\0') {
        rpt_buf_puts(b, "Report date: ");
        rpt_buf_esc(b, h->o->report_date);
        rpt_buf_puts(b, " &#183; ");
    }
    rpt_buf_int(b, (long long)rpt_pack_count(h->p));
    rpt_buf_puts(b, h->o->kind == RPT_KIND_SPC  ? " series"
                    : rpt_pack_count(h->p) == 1 ? " metric"
                                                : " metrics");
    rpt_buf_puts(b, " &#183; Making Data Count XmR charts by tandem ");
    rpt_buf_puts(b, tdm_version_string());
    rpt_buf_puts(b, "</p>\n</header>\n<nav aria-label=\"Contents\"><ol>");
    if (h->o->cover) {
        rpt_buf_puts(b, "<li><a href=\"#cover\">Overview</a></li>");
    }
    rpt_buf_puts(b, "<li><a href=\"#summary\">Summary table</a></li><li><a href=\"#metrics\">");
    rpt_buf_puts(b, h->o->kind == RPT_KIND_SPC ? "Charts" : "Metrics");
    rpt_buf_puts(b, "</a></li><li><a href=\"#method\">Method</a></li></ol></nav>\n<main>\n");
}

/* ---- cover grid ---- */

enum { COL_CONCERN, COL_NEUTRAL, COL_COMMON, COL_IMPROVE, COL_NODATA, N_COLS };
enum { ROW_FAIL, ROW_MISS, ROW_PASS, ROW_NONE, N_ROWS };

static int col_of(int variation)
{
    switch (variation) {
    case TDM_SPC_VARIATION_CONCERN_HIGH:
    case TDM_SPC_VARIATION_CONCERN_LOW:
        return COL_CONCERN;
    case TDM_SPC_VARIATION_NEUTRAL_HIGH:
    case TDM_SPC_VARIATION_NEUTRAL_LOW:
        return COL_NEUTRAL;
    case TDM_SPC_VARIATION_COMMON_CAUSE:
        return COL_COMMON;
    case TDM_SPC_VARIATION_IMPROVEMENT_HIGH:
    case TDM_SPC_VARIATION_IMPROVEMENT_LOW:
        return COL_IMPROVE;
    default:
        return COL_NODATA;
    }
}

static int row_of(int assurance)
{
    switch (assurance) {
    case TDM_SPC_ASSURANCE_FAIL:
        return ROW_FAIL;
    case TDM_SPC_ASSURANCE_INCONSISTENT:
        return ROW_MISS;
    case TDM_SPC_ASSURANCE_PASS:
        return ROW_PASS;
    default:
        return ROW_NONE;
    }
}

static void grid_col_head(rpt_buf *b, int col)
{
    static const char *const names[N_COLS] = { "Special cause concern", "Special cause neutral",
                                               "Common cause", "Special cause improvement",
                                               "No data" };
    static const int icons[N_COLS][2] = {
        { TDM_SPC_VARIATION_CONCERN_HIGH, TDM_SPC_VARIATION_CONCERN_LOW },
        { TDM_SPC_VARIATION_NEUTRAL_HIGH, TDM_SPC_VARIATION_NEUTRAL_LOW },
        { TDM_SPC_VARIATION_COMMON_CAUSE, 0 },
        { TDM_SPC_VARIATION_IMPROVEMENT_HIGH, TDM_SPC_VARIATION_IMPROVEMENT_LOW },
        { 0, 0 }
    };
    rpt_buf_puts(b, "<th scope=\"col\">");
    for (int k = 0; k < 2; k++) {
        if (icons[col][k] != 0) {
            rpt_svg_variation_icon(b, icons[col][k], 28);
        }
    }
    rpt_buf_puts(b, " ");
    rpt_buf_puts(b, names[col]);
    rpt_buf_puts(b, "</th>");
}

static void grid_row_head(rpt_buf *b, int row)
{
    static const char *const names[N_ROWS] = { "Consistently failing", "Hit and miss",
                                               "Consistently passing", "No assurance" };
    static const int icons[N_ROWS] = { TDM_SPC_ASSURANCE_FAIL, TDM_SPC_ASSURANCE_INCONSISTENT,
                                       TDM_SPC_ASSURANCE_PASS, 0 };
    rpt_buf_puts(b, "<th scope=\"row\">");
    if (icons[row] != 0) {
        rpt_svg_assurance_icon(b, icons[row], 28);
        rpt_buf_puts(b, " ");
    }
    rpt_buf_puts(b, names[row]);
    rpt_buf_puts(b,
                 row == ROW_NONE ? " <span class=\"count\">(no target or direction)</span>" : "");
    rpt_buf_puts(b, "</th>");
}

static void cover(html *h)
{
    rpt_buf *b = &h->b;
    size_t n = rpt_pack_count(h->p);
    size_t count[N_ROWS][N_COLS] = { { 0 } };
    int used_col[N_COLS] = { 1, 0, 1, 1, 0 };
    int used_row[N_ROWS] = { 1, 1, 1, 0 };
    for (size_t i = 0; i < n; i++) {
        const tdm_spc_summary *s = rpt_pack_metric(h->p, i)->summary;
        int r = row_of(s->assurance), c = col_of(s->variation);
        count[r][c]++;
        used_col[c] = used_row[r] = 1;
    }
    rpt_buf_puts(b, "<section id=\"cover\" aria-labelledby=\"cover-h\">\n<h2 id=\"cover-h\">"
                    "Overview: variation and assurance</h2>\n<p class=\"hint\">Each metric sits "
                    "in the cell of its variation icon (the latest point) and its assurance icon "
                    "(the target against the process limits). Start top left: special cause "
                    "concern and consistently failing.</p>\n<table class=\"grid\">\n"
                    "<caption class=\"vh\">Metrics by variation and assurance</caption>\n"
                    "<thead><tr><td></td>");
    for (int c = 0; c < N_COLS; c++) {
        if (used_col[c]) {
            grid_col_head(b, c);
        }
    }
    rpt_buf_puts(b, "</tr></thead>\n<tbody>\n");
    for (int r = 0; r < N_ROWS; r++) {
        if (!used_row[r]) {
            continue;
        }
        rpt_buf_puts(b, "<tr>");
        grid_row_head(b, r);
        for (int c = 0; c < N_COLS; c++) {
            if (!used_col[c]) {
                continue;
            }
            rpt_buf_puts(b, (r == ROW_FAIL || c == COL_CONCERN) && count[r][c] > 0
                                ? "<td class=\"hot\">"
                                : "<td>");
            if (count[r][c] == 0) {
                rpt_buf_puts(b, "<span class=\"count\">none</span></td>");
                continue;
            }
            rpt_buf_puts(b, "<span class=\"count\">");
            rpt_buf_int(b, (long long)count[r][c]);
            rpt_buf_puts(b, "</span><ul>");
            for (size_t k = 0; k < n; k++) {
                size_t i = h->order[k];
                const rpt_metric *m = rpt_pack_metric(h->p, i);
                char a[64];
                if (row_of(m->summary->assurance) != r || col_of(m->summary->variation) != c) {
                    continue;
                }
                anchor_of(m, i, a);
                rpt_buf_puts(b, "<li><a href=\"#");
                rpt_buf_puts(b, a);
                rpt_buf_puts(b, "\">");
                rpt_buf_esc(b, m->title);
                rpt_buf_puts(b, "</a></li>");
            }
            rpt_buf_puts(b, "</ul></td>");
        }
        rpt_buf_puts(b, "</tr>\n");
    }
    rpt_buf_puts(b, "</tbody>\n</table>\n</section>\n");
}

/* ---- summary table ---- */

static int any_domain(const rpt_pack *p)
{
    for (size_t i = 0; i < rpt_pack_count(p); i++) {
        if (rpt_pack_metric(p, i)->domain[0] != '\0') {
            return 1;
        }
    }
    return 0;
}

static void summary_row(html *h, size_t i, int domain)
{
    rpt_buf *b = &h->b;
    const rpt_metric *m = rpt_pack_metric(h->p, i);
    const tdm_spc_summary *s = m->summary;
    rpt_numfmt f;
    char a[64];
    int monthly = rpt_monthly(m->time_kind, m->time, m->n);
    rpt_metric_numfmt(m, &f);
    f.unit = NULL; /* shown once, under the name, to keep the table narrow */
    anchor_of(m, i, a);
    rpt_buf_puts(b, "<tr class=\"r");
    rpt_buf_int(b, rpt_concern_rank(s->variation, s->assurance));
    /* Machine-readable icons, for scripts that post-process the pack. */
    rpt_buf_puts(b, "\" data-variation=\"");
    rpt_buf_puts(b, tdm_spc_variation_name(s->variation));
    rpt_buf_puts(b, "\" data-assurance=\"");
    rpt_buf_puts(b, tdm_spc_assurance_name(s->assurance));
    rpt_buf_puts(b, "\"><th scope=\"row\"><a href=\"#");
    rpt_buf_puts(b, a);
    rpt_buf_puts(b, "\">");
    rpt_buf_esc(b, m->title);
    rpt_buf_puts(b, "</a>");
    if (m->unit[0] != '\0' && !m->percent) {
        rpt_buf_puts(b, " <span class=\"it\">(");
        rpt_buf_esc(b, m->unit);
        rpt_buf_puts(b, ")</span>");
    }
    rpt_buf_puts(b, "</th>");
    if (domain) {
        rpt_buf_puts(b, "<td>");
        rpt_buf_esc(b, m->domain);
        rpt_buf_puts(b, "</td>");
    }
    rpt_buf_puts(b, "<td class=\"nw\">");
    if (s->last < m->n) {
        put_time(b, m, monthly, s->last);
    }
    rpt_buf_puts(b, "</td><td class=\"n\">");
    put_value(b, &f, s->last < m->n ? m->value[s->last] : (double)NAN, 0);
    rpt_buf_puts(b, "</td><td class=\"n\">");
    put_value(b, &f, m->opt.target, 1);
    rpt_buf_puts(b, "</td><td class=\"n\">");
    put_value(b, &f, s->mean, 1);
    rpt_buf_puts(b, "</td><td class=\"n\">");
    put_value(b, &f, s->lpl, 1);
    rpt_buf_puts(b, "</td><td class=\"n\">");
    put_value(b, &f, s->upl, 1);
    rpt_buf_puts(b, "</td><td>");
    /* Icons only (each carries its text as a label and tooltip), to keep the
     * table narrow; the letters H, L, P, F and ? stand in for colour. */
    rpt_svg_variation_icon(b, s->variation, 32);
    rpt_buf_puts(b, "</td><td>");
    if (s->assurance == TDM_SPC_ASSURANCE_NONE) {
        rpt_buf_puts(b, "<span class=\"noicon\">");
        rpt_buf_puts(b, assurance_reason(m));
        rpt_buf_puts(b, "</span>");
    } else {
        rpt_svg_assurance_icon(b, s->assurance, 32);
    }
    rpt_buf_puts(b, "</td><td>");
    if (s->short_phase && s->n_obs > 0) {
        rpt_buf_puts(b, "<span class=\"badge\">Trial limits</span>");
    }
    if (m->notes[0] != '\0') {
        rpt_buf_puts(b, "<span class=\"badge\">Note</span>");
    }
    rpt_buf_puts(b, "</td></tr>\n");
}

static void summary(html *h)
{
    rpt_buf *b = &h->b;
    int domain = any_domain(h->p);
    rpt_buf_puts(b, "<section id=\"summary\" aria-labelledby=\"summary-h\">\n<h2 id=\"summary-h\">"
                    "Summary</h2>\n<p class=\"hint\">One row per ");
    rpt_buf_puts(b, h->o->kind == RPT_KIND_SPC ? "series" : "metric");
    rpt_buf_puts(
        b,
        ", special cause concern and consistently failing first. Mean and limits are "
        "those of the latest phase.</p>\n<div class=\"wide\">\n<table class=\"summary\">\n<caption "
        "class=\"vh\">Summary of every metric with its latest value and icons"
        "</caption>\n<thead><tr><th scope=\"col\">");
    rpt_buf_puts(b, h->o->kind == RPT_KIND_SPC ? "Series" : "Metric");
    rpt_buf_puts(b, "</th>");
    if (domain) {
        rpt_buf_puts(b, "<th scope=\"col\">Domain</th>");
    }
    rpt_buf_puts(b, "<th scope=\"col\">Latest period</th><th scope=\"col\" class=\"n\">Latest "
                    "value</th><th scope=\"col\" class=\"n\">Target</th><th scope=\"col\" "
                    "class=\"n\">Mean</th><th scope=\"col\" class=\"n\">Lower limit</th><th "
                    "scope=\"col\" class=\"n\">Upper limit</th><th scope=\"col\">Variation</th>"
                    "<th scope=\"col\">Assurance</th><th scope=\"col\">Flags</th></tr></thead>\n"
                    "<tbody>\n");
    for (size_t k = 0; k < rpt_pack_count(h->p); k++) {
        summary_row(h, h->order[k], domain);
    }
    rpt_buf_puts(b, "</tbody>\n</table>\n</div>\n</section>\n");
}

/* ---- one metric ---- */

static void key_figure(rpt_buf *b, const char *label)
{
    rpt_buf_puts(b, "<div><dt>");
    rpt_buf_puts(b, label);
    rpt_buf_puts(b, "</dt><dd>");
}

static void key_figures(rpt_buf *b, const rpt_metric *m, const rpt_numfmt *f, int monthly)
{
    const tdm_spc_summary *s = m->summary;
    rpt_buf_puts(b, "<dl class=\"kf\">");
    key_figure(b, "Latest value");
    put_value(b, f, s->last < m->n ? m->value[s->last] : (double)NAN, 0);
    if (s->last < m->n) {
        rpt_buf_puts(b, " <span class=\"it\">");
        put_time(b, m, monthly, s->last);
        rpt_buf_puts(b, "</span>");
    }
    rpt_buf_puts(b, "</dd></div>");
    key_figure(b, "Target");
    put_value(b, f, m->opt.target, 1);
    rpt_buf_puts(b, "</dd></div>");
    key_figure(b, "Mean");
    put_value(b, f, s->mean, 1);
    rpt_buf_puts(b, "</dd></div>");
    key_figure(b, "Process limits");
    {
        rpt_numfmt bare = *f; /* "664,905 to 781,259 incidents" */
        bare.unit = NULL;
        put_value(b, &bare, s->lpl, 1);
    }
    rpt_buf_puts(b, " to ");
    put_value(b, f, s->upl, 1);
    rpt_buf_puts(b, "</dd></div>");
    key_figure(b, "Variation");
    rpt_buf_puts(b, short_variation(s->variation));
    rpt_buf_puts(b, "</dd></div>");
    key_figure(b, "Assurance");
    rpt_buf_puts(b, assurance_reason(m));
    rpt_buf_puts(b, "</dd></div>");
    key_figure(b, "Improvement");
    rpt_buf_puts(b, m->opt.improvement == TDM_IMPROVEMENT_INCREASE   ? "Higher is better"
                    : m->opt.improvement == TDM_IMPROVEMENT_DECREASE ? "Lower is better"
                                                                     : "Neutral");
    rpt_buf_puts(b, "</dd></div>");
    key_figure(b, "Points");
    rpt_buf_int(b, (long long)s->n_obs);
    if (s->n_phases > 1) {
        rpt_buf_puts(b, " in ");
        rpt_buf_int(b, (long long)s->n_phases);
        rpt_buf_puts(b, " phases");
    }
    if (s->short_phase && s->n_obs > 0) {
        rpt_buf_puts(b, "<span class=\"badge\">Trial limits</span>");
    }
    rpt_buf_puts(b, "</dd></div></dl>\n");
}

static void method_line(rpt_buf *b, const rpt_metric *m)
{
    rpt_buf_puts(b, "<p class=\"mnote\">Method: XmR chart; limits from ");
    if (m->opt.fix_after > 0) {
        rpt_buf_puts(b, "the first ");
        rpt_buf_int(b, (long long)m->opt.fix_after);
        rpt_buf_puts(b, " points of each phase");
    } else {
        rpt_buf_puts(b, "all points of each phase");
    }
    rpt_buf_puts(b, m->opt.screen ? "; large moving ranges screened out"
                                  : "; moving ranges not screened");
    rpt_buf_puts(b, "; shift ");
    rpt_buf_int(b, (long long)m->opt.shift_length);
    rpt_buf_puts(b, " points, trend ");
    rpt_buf_int(b, (long long)m->opt.trend_length);
    rpt_buf_puts(b, " points");
    if (m->n_missing + m->n_suppressed > 0) {
        rpt_buf_puts(b, "; ");
        rpt_buf_int(b, (long long)m->n_missing + (long long)m->n_suppressed);
        rpt_buf_puts(b, " missing or suppressed values skipped");
    }
    rpt_buf_puts(b, ". <a href=\"#method\">About the method</a></p>\n");
}

static void exception_note(rpt_buf *b, const rpt_metric *m)
{
    const tdm_spc_summary *s = m->summary;
    int need = rpt_concern_rank(s->variation, s->assurance) <= 2;
    rpt_buf_puts(b, need ? "<div class=\"note need\">" : "<div class=\"note\">");
    rpt_buf_puts(b, "<h4>Exception note</h4>");
    if (m->notes[0] != '\0') {
        rpt_buf_puts(b, "<p>");
        rpt_buf_esc(b, m->notes);
        rpt_buf_puts(b, "</p>");
    } else if (need) {
        rpt_buf_puts(b, "<p class=\"empty\">Needed: this metric shows special cause concern or "
                        "consistently fails its target. Add what the chart shows, why, the "
                        "actions taken and the expected date of recovery (notes column of the "
                        "metrics file).</p>");
    } else {
        rpt_buf_puts(b, "<p class=\"empty\">None.</p>");
    }
    rpt_buf_puts(b, "</div>\n");
}

/* "Above UCL (concern)", "Common cause" or "Missing": the rule and what it means. */
static void signal_text(rpt_buf *b, const rpt_metric *m, const tdm_spc_point *pt)
{
    char label[32];
    const char *kind = pt->point_type == TDM_SPC_POINT_IMPROVEMENT    ? "improvement"
                       : pt->point_type == TDM_SPC_POINT_CONCERN      ? "concern"
                       : pt->point_type == TDM_SPC_POINT_NEUTRAL_HIGH ? "neutral, high"
                       : pt->point_type == TDM_SPC_POINT_NEUTRAL_LOW  ? "neutral, low"
                                                                      : NULL;
    if (kind == NULL) {
        rpt_buf_puts(b, rpt_point_type_text(pt->point_type));
        return;
    }
    tdm_spc_label_text(pt->label, &m->opt, label);
    rpt_buf_esc(b, label);
    rpt_buf_puts(b, " (");
    rpt_buf_puts(b, kind);
    rpt_buf_puts(b, ")");
}

/* The chart's numbers, one row per period. Compact markup (a pack of 200
 * metrics has 12,000 rows): the unit is in the headers, alignment in CSS. */
static void data_table(rpt_buf *b, const rpt_metric *m, const rpt_numfmt *f, int monthly)
{
    rpt_numfmt cell = *f;
    char unit[64] = "";
    cell.unit = NULL;
    if (!m->percent && m->unit[0] != '\0') {
        snprintf(unit, sizeof unit, " (%.50s)", m->unit);
    }
    rpt_buf_puts(b, "<details class=\"data\"><summary>Data table (");
    rpt_buf_int(b, (long long)m->n);
    rpt_buf_puts(b, m->n == 1 ? " row)" : " rows)");
    rpt_buf_puts(b, "</summary>\n<table class=\"dt\">\n<caption class=\"vh\">Data for ");
    rpt_buf_esc(b, m->title);
    rpt_buf_puts(b, "</caption>\n<thead><tr><th scope=\"col\">Period</th><th scope=\"col\">Value");
    rpt_buf_esc(b, unit);
    rpt_buf_puts(b, "</th><th scope=\"col\">Mean</th><th scope=\"col\">Lower limit</th><th "
                    "scope=\"col\">Upper limit</th><th scope=\"col\">Signal</th></tr></thead>\n"
                    "<tbody>\n");
    for (size_t i = 0; i < m->n; i++) {
        const tdm_spc_point *pt = &m->points[i];
        char t[32];
        rpt_fmt_time(m->time_kind, monthly, m->time[i], t);
        rpt_buf_puts(b, "<tr><td>");
        rpt_buf_puts(b, t);
        rpt_buf_puts(b, "</td><td>");
        put_value(b, &cell, m->value[i], 0);
        rpt_buf_puts(b, "</td><td>");
        put_value(b, &cell, pt->mean, 1);
        rpt_buf_puts(b, "</td><td>");
        put_value(b, &cell, pt->lpl, 1);
        rpt_buf_puts(b, "</td><td>");
        put_value(b, &cell, pt->upl, 1);
        rpt_buf_puts(b, "</td><td>");
        signal_text(b, m, pt);
        rpt_buf_puts(b, "</td></tr>\n");
    }
    rpt_buf_puts(b, "</tbody>\n</table>\n</details>\n");
}

static void metric_section(html *h, size_t i)
{
    rpt_buf *b = &h->b;
    const rpt_metric *m = rpt_pack_metric(h->p, i);
    rpt_numfmt f;
    char a[64];
    int monthly = rpt_monthly(m->time_kind, m->time, m->n);
    rpt_metric_numfmt(m, &f);
    anchor_of(m, i, a);
    rpt_buf_puts(b, "<section class=\"metric\" id=\"");
    rpt_buf_puts(b, a);
    rpt_buf_puts(b, "\" aria-labelledby=\"");
    rpt_buf_puts(b, a);
    rpt_buf_puts(b, "-h\">\n<h3 id=\"");
    rpt_buf_puts(b, a);
    rpt_buf_puts(b, "-h\">");
    rpt_buf_esc(b, m->title);
    if (m->domain[0] != '\0') {
        rpt_buf_puts(b, " <span class=\"it\">");
        rpt_buf_esc(b, m->domain);
        rpt_buf_puts(b, "</span>");
    }
    rpt_buf_puts(b, "</h3>\n<div class=\"mhead\"><div class=\"icons\">");
    rpt_svg_variation_icon(b, m->summary->variation, 52);
    rpt_svg_assurance_icon(b, m->summary->assurance, 52);
    rpt_buf_puts(b, "</div>");
    key_figures(b, m, &f, monthly);
    rpt_buf_puts(b, "</div>\n<figure>\n");
    rpt_svg_spc(b, m, &f, a);
    rpt_buf_puts(b, "<figcaption>");
    {
        rpt_buf alt;
        rpt_buf_init(&alt);
        rpt_text_alternative(&alt, m, &f);
        rpt_buf_put(&alt, "", 1);
        if (alt.failed) {
            b->failed = alt.failed;
        } else {
            rpt_buf_esc(b, alt.data);
        }
        rpt_buf_free(&alt);
    }
    rpt_buf_puts(b, "</figcaption>\n</figure>\n");
    method_line(b, m);
    exception_note(b, m);
    data_table(b, m, &f, monthly);
    rpt_buf_puts(b, "<p class=\"top\"><a href=\"#summary\">Back to the summary</a></p>\n"
                    "</section>\n");
}

/* ---- method note ---- */

static void method(html *h)
{
    rpt_buf *b = &h->b;
    size_t n = rpt_pack_count(h->p), screened = 0, fixed = 0;
    for (size_t i = 0; i < n; i++) {
        screened += rpt_pack_metric(h->p, i)->opt.screen != 0;
        fixed += rpt_pack_metric(h->p, i)->opt.fix_after > 0;
    }
    rpt_buf_puts(
        b, "<section id=\"method\" aria-labelledby=\"method-h\">\n<h2 id=\"method-h\">Method</h2>\n"
           "<p>Every chart is an NHS England <i>Making Data Count</i> XmR (individuals) chart, "
           "computed by tandem with the semantics of the R package NHSRplotthedots 0.2.2. The "
           "centre line is the mean; the process limits are the mean plus and minus 2.66 times the "
           "average moving range (three sigma).</p>\n<ul>\n<li><b>Baseline.</b> ");
    if (fixed == 0) {
        rpt_buf_puts(b, "Limits come from all points of each phase.");
    } else if (fixed == n) {
        rpt_buf_puts(b, "Limits come from the first points of each phase (the baseline), then "
                        "stay fixed; each chart's method line gives the number.");
    } else {
        rpt_buf_puts(b, "Limits come from all points of each phase, or from a fixed baseline of "
                        "the first points where a metric sets one (see each chart's method "
                        "line).");
    }
    rpt_buf_puts(b, " A phase starts at each rebase date, where the process is known to have "
                    "changed; fewer than 13 points in a phase gives trial limits.</li>\n"
                    "<li><b>Screening.</b> ");
    rpt_buf_puts(b, screened == n   ? "Moving ranges of at least 3.267 times their average are "
                                      "left out once before the limits are computed (as "
                                      "NHSRplotthedots)."
                    : screened == 0 ? "Moving ranges are not screened (as the MDC Excel tool)."
                                    : "Moving ranges are screened for some metrics and not "
                                      "others (see each chart's method line).");
    rpt_buf_puts(
        b, "</li>\n<li><b>Special cause rules</b>, in this order: a point beyond a process limit; "
           "a run of 7 points each rising or each falling (trend); 2 of 3 points beyond two sigma "
           "on one side (near the limit); a run of 7 points on one side of the mean (shift). "
           "Points are coloured and shaped by what they signal given the direction of improvement: "
           "grey circle common cause, blue diamond improvement, orange square concern, purple "
           "triangle neutral.</li>\n<li><b>Variation icon</b>: the type of the latest point. "
           "<b>Assurance icon</b>: the target against the latest phase's process limits: beyond "
           "them on the good side is consistently passing (P), on the bad side consistently "
           "failing (F), between them hit and miss (?). There is no assurance icon without a "
           "target or a direction of improvement.</li>\n<li><b>Missing and suppressed values</b> "
           "are skipped and counted, never guessed; a moving range is only taken between two "
           "consecutive observed values.</li>\n</ul>\n<p>Accessibility: every chart has a text "
           "alternative and a data table; point types differ in shape as well as colour; icons "
           "carry letters (H, L, P, F, ?) and text labels. The page makes no network requests and "
           "runs no script.</p>\n");
    if (h->o->source != NULL && h->o->source[0] != '\0') {
        rpt_buf_puts(b, "<p>Data: ");
        rpt_buf_esc(b, h->o->source);
        rpt_buf_puts(b, "</p>\n");
    }
    rpt_buf_puts(b, "</section>\n</main>\n<footer>Produced by tandem ");
    rpt_buf_puts(b, tdm_version_string());
    rpt_buf_puts(b,
                 " (GPL-3.0-or-later). Making Data Count XmR charts; rules: beyond limits, 7-point "
                 "trend, 2 of 3 near the limit, 7-point shift; icons from the latest point and "
                 "the latest limits.</footer>\n</body>\n</html>\n");
}

int rpt_pack_write_html(const rpt_pack *p, const rpt_options *o, tdm_write_fn fn, void *ctx)
{
    html h;
    rpt_options defaults;
    size_t n = rpt_pack_count(p);
    int rc;
    if (o == NULL) {
        rpt_options_init(&defaults);
        o = &defaults;
    }
    memset(&h, 0, sizeof h);
    rpt_buf_init(&h.b);
    h.b.fn = fn;
    h.b.ctx = ctx;
    h.p = p;
    h.o = o;
    h.order = malloc((n ? n : 1) * sizeof *h.order);
    if (h.order == NULL) {
        return TDM_ENOMEM;
    }
    rpt_pack_order(p, h.order);
    head(&h);
    if (o->cover) {
        cover(&h);
    }
    summary(&h);
    rpt_buf_puts(&h.b, "<section id=\"metrics\" aria-labelledby=\"metrics-h\">\n<h2 "
                       "id=\"metrics-h\">");
    rpt_buf_puts(&h.b, o->kind == RPT_KIND_SPC ? "Charts" : "Metrics");
    rpt_buf_puts(&h.b, "</h2>\n");
    for (size_t k = 0; k < n && rpt_buf_flush(&h.b, FLUSH_AT) == 0; k++) {
        metric_section(&h, k); /* definition order: the analyst groups them */
    }
    rpt_buf_puts(&h.b, "</section>\n");
    method(&h);
    rc = rpt_buf_flush(&h.b, 0);
    rpt_buf_free(&h.b);
    free(h.order);
    return rc;
}
