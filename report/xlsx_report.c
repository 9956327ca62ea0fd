/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * xlsx_report.c - the board pack as an Excel workbook (libxlsxwriter), for
 * those who must edit it: a Summary sheet (one row per metric in the board's
 * order, icons as text, conditional formatting in the Making Data Count
 * colours, a link to each metric's rows), a Data sheet (every point with its
 * limits and special-cause label) and a Method sheet (the method note).
 * Numbers are written as numbers with formats, dates as Excel dates.
 *
 * Deterministic: libxlsxwriter stamps zip entries with a fixed date, and the
 * document's creation time is the report date (or 1980-01-01 without one),
 * never the clock.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

#include "rpt_internal.h"

#define MAX_CELL_TEXT 32000 /* Excel's limit is 32767 characters */

typedef struct xl {
    lxw_workbook *wb;
    lxw_format *title, *head, *wrap, *bold;
    lxw_format *num[2][10]; /* [percent][decimals] */
    lxw_format *date_month, *date_day, *period;
    lxw_format *cf_concern, *cf_improve, *cf_neutral, *cf_common;
    lxw_error err; /* first error */
} xl;

static void check(xl *x, lxw_error e)
{
    if (x->err == LXW_NO_ERROR && e != LXW_NO_ERROR) {
        x->err = e;
    }
}

/* Text cell, cut at a UTF-8 boundary below Excel's cell limit. */
static void put_str(xl *x, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const char *s,
                    lxw_format *f)
{
    size_t len = strlen(s);
    if (len == 0) {
        return;
    }
    if (len > MAX_CELL_TEXT) {
        char *cut = malloc(MAX_CELL_TEXT + 1);
        size_t n = MAX_CELL_TEXT;
        if (cut == NULL) {
            check(x, LXW_ERROR_MEMORY_MALLOC_FAILED);
            return;
        }
        while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80) {
            n--;
        }
        memcpy(cut, s, n);
        cut[n] = '\0';
        check(x, worksheet_write_string(ws, r, c, cut, f));
        free(cut);
        return;
    }
    check(x, worksheet_write_string(ws, r, c, s, f));
}

static void put_num(xl *x, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, double v, lxw_format *f)
{
    if (isfinite(v)) {
        check(x, worksheet_write_number(ws, r, c, v, f));
    }
}

static lxw_format *num_format(xl *x, int percent, int decimals)
{
    static const char *const plain[10] = { "#,##0",          "#,##0.0",       "#,##0.00",
                                           "#,##0.000",      "#,##0.0000",    "#,##0.00000",
                                           "#,##0.000000",   "#,##0.0000000", "#,##0.00000000",
                                           "#,##0.000000000" };
    static const char *const pct[10] = { "0%",          "0.0%",        "0.00%",     "0.000%",
                                         "0.0000%",     "0.00000%",    "0.000000%", "0.0000000%",
                                         "0.00000000%", "0.000000000%" };
    if (decimals < 0) {
        decimals = 0;
    } else if (decimals > 9) {
        decimals = 9;
    }
    if (x->num[percent][decimals] == NULL) {
        lxw_format *f = workbook_add_format(x->wb);
        format_set_num_format(f, percent ? pct[decimals] : plain[decimals]);
        x->num[percent][decimals] = f;
    }
    return x->num[percent][decimals];
}

static lxw_format *fill_format(xl *x, lxw_color_t bg, lxw_color_t fg)
{
    lxw_format *f = workbook_add_format(x->wb);
    format_set_bg_color(f, bg);
    format_set_font_color(f, fg);
    return f;
}

static void make_formats(xl *x)
{
    x->title = workbook_add_format(x->wb);
    format_set_bold(x->title);
    format_set_font_size(x->title, 14);
    x->bold = workbook_add_format(x->wb);
    format_set_bold(x->bold);
    x->head = workbook_add_format(x->wb);
    format_set_bold(x->head);
    format_set_bg_color(x->head, 0xF0F4F5);
    format_set_bottom(x->head, LXW_BORDER_THIN);
    format_set_text_wrap(x->head);
    x->wrap = workbook_add_format(x->wb);
    format_set_text_wrap(x->wrap);
    format_set_align(x->wrap, LXW_ALIGN_VERTICAL_TOP);
    x->date_month = workbook_add_format(x->wb);
    format_set_num_format(x->date_month, "mmm yyyy");
    format_set_align(x->date_month, LXW_ALIGN_LEFT);
    x->date_day = workbook_add_format(x->wb);
    format_set_num_format(x->date_day, "d mmm yyyy");
    format_set_align(x->date_day, LXW_ALIGN_LEFT);
    x->period = workbook_add_format(x->wb);
    format_set_num_format(x->period, "0");
    format_set_align(x->period, LXW_ALIGN_LEFT);
    /* Light fills with dark text in the MDC hues (readable, and the text says it too). */
    x->cf_concern = fill_format(x, 0xFCE4D6, 0x8A3B00);
    x->cf_improve = fill_format(x, 0xDDF3FC, 0x005B7F);
    x->cf_neutral = fill_format(x, 0xE8DDF3, 0x490092);
    x->cf_common = fill_format(x, 0xEDEDED, 0x333333);
}

/* Colour cells of a text column by what they contain. */
static void text_rule(xl *x, lxw_worksheet *ws, lxw_row_t r0, lxw_row_t r1, lxw_col_t c,
                      const char *needle, lxw_format *f)
{
    lxw_conditional_format cf;
    char value[64];
    memset(&cf, 0, sizeof cf);
    snprintf(value, sizeof value, "%s", needle);
    cf.type = LXW_CONDITIONAL_TYPE_TEXT;
    cf.criteria = LXW_CONDITIONAL_CRITERIA_TEXT_CONTAINING;
    cf.value_string = value;
    cf.format = f;
    check(x, worksheet_conditional_format_range(ws, r0, c, r1, c, &cf));
}

static void time_cell(xl *x, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const rpt_metric *m,
                      int monthly, size_t i)
{
    if (m->time_kind == TDM_TIME_DATE) {
        /* Excel serial date: days since 1899-12-30 (1970-01-01 is 25569). */
        put_num(x, ws, r, c, (double)m->time[i] + 25569.0, monthly ? x->date_month : x->date_day);
    } else {
        put_num(x, ws, r, c, (double)m->time[i], x->period);
    }
}

static const char *assurance_cell_text(const rpt_metric *m)
{
    if (m->summary->assurance != TDM_SPC_ASSURANCE_NONE) {
        return rpt_assurance_text(m->summary->assurance);
    }
    return isnan(m->opt.target)                            ? "No target"
           : m->opt.improvement == TDM_IMPROVEMENT_NEUTRAL ? "No direction"
                                                           : "No limits";
}

static void headers(xl *x, lxw_worksheet *ws, lxw_row_t r, const char *const *names, int n,
                    const double *widths)
{
    for (int c = 0; c < n; c++) {
        put_str(x, ws, r, (lxw_col_t)c, names[c], x->head);
        check(x, worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, widths[c], NULL));
    }
}

static void summary_sheet(xl *x, const rpt_pack *p, const rpt_options *o, const size_t *order,
                          const size_t *first_row)
{
    static const char *const names[] = {
        "Metric",    "Metric ID", "Domain", "Latest period",       "Latest value",
        "Unit",      "Target",    "Mean",   "Lower process limit", "Upper process limit",
        "Variation", "Assurance", "Points", "Trial limits",        "Exception note"
    };
    static const double widths[] = { 40, 14, 16, 12, 12, 10, 10, 10, 12, 12, 32, 22, 8, 8, 60 };
    lxw_worksheet *ws = workbook_add_worksheet(x->wb, "Summary");
    size_t n = rpt_pack_count(p);
    lxw_row_t r0 = 4;
    if (ws == NULL) {
        check(x, LXW_ERROR_MEMORY_MALLOC_FAILED);
        return;
    }
    put_str(x, ws, 0, 0, o->title ? o->title : "Integrated performance report", x->title);
    if (o->subtitle != NULL) {
        put_str(x, ws, 1, 0, o->subtitle, NULL);
    }
    {
        char line[160];
        snprintf(line, sizeof line,
                 "%s%s%sMaking Data Count XmR charts by tandem %s; sorted with special cause "
                 "concern and consistently failing first; see the Method sheet.",
                 o->report_date ? "Report date " : "", o->report_date ? o->report_date : "",
                 o->report_date ? ". " : "", tdm_version_string());
        put_str(x, ws, 2, 0, line, NULL);
    }
    headers(x, ws, r0, names, (int)(sizeof names / sizeof *names), widths);
    for (size_t k = 0; k < n; k++) {
        size_t i = order[k];
        const rpt_metric *m = rpt_pack_metric(p, i);
        const tdm_spc_summary *s = m->summary;
        lxw_row_t r = r0 + 1 + (lxw_row_t)k;
        rpt_numfmt f;
        lxw_format *vf, *sf;
        char url[64];
        rpt_metric_numfmt(m, &f);
        vf = num_format(x, m->percent, f.dec_value);
        sf = num_format(x, m->percent, f.dec_stat);
        snprintf(url, sizeof url, "internal:'Data'!A%zu", first_row[i] + 1);
        check(x, worksheet_write_url_opt(ws, r, 0, url, NULL, m->title, NULL));
        put_str(x, ws, r, 1, m->id, NULL);
        put_str(x, ws, r, 2, m->domain, NULL);
        if (s->last < m->n) {
            time_cell(x, ws, r, 3, m, rpt_monthly(m->time_kind, m->time, m->n), s->last);
            put_num(x, ws, r, 4, m->value[s->last], vf);
        }
        put_str(x, ws, r, 5, m->percent ? "%" : m->unit, NULL);
        put_num(x, ws, r, 6, m->opt.target, sf);
        put_num(x, ws, r, 7, s->mean, sf);
        put_num(x, ws, r, 8, s->lpl, sf);
        put_num(x, ws, r, 9, s->upl, sf);
        put_str(x, ws, r, 10, rpt_variation_text(s->variation), NULL);
        put_str(x, ws, r, 11, assurance_cell_text(m), NULL);
        put_num(x, ws, r, 12, (double)s->n_obs, NULL);
        put_str(x, ws, r, 13, s->short_phase ? "Yes" : "", NULL);
        put_str(x, ws, r, 14, m->notes, x->wrap);
    }
    if (n > 0) {
        lxw_row_t r1 = r0 + (lxw_row_t)n;
        text_rule(x, ws, r0 + 1, r1, 10, "concern", x->cf_concern);
        text_rule(x, ws, r0 + 1, r1, 10, "improvement", x->cf_improve);
        text_rule(x, ws, r0 + 1, r1, 10, "neutral", x->cf_neutral);
        text_rule(x, ws, r0 + 1, r1, 10, "Common cause", x->cf_common);
        text_rule(x, ws, r0 + 1, r1, 11, "failing", x->cf_concern);
        text_rule(x, ws, r0 + 1, r1, 11, "passing", x->cf_improve);
        text_rule(x, ws, r0 + 1, r1, 11, "Hit and miss", x->cf_common);
        check(x, worksheet_autofilter(ws, r0, 0, r1, 14));
    }
    worksheet_freeze_panes(ws, r0 + 1, 1);
}

static void data_sheet(xl *x, const rpt_pack *p, size_t *first_row)
{
    static const char *const names[] = { "Metric ID",
                                         "Metric",
                                         "Period",
                                         "Value",
                                         "Phase",
                                         "Mean",
                                         "Lower process limit",
                                         "Upper process limit",
                                         "Special cause",
                                         "Point type" };
    static const double widths[] = { 14, 40, 12, 12, 7, 12, 12, 12, 26, 28 };
    lxw_worksheet *ws = workbook_add_worksheet(x->wb, "Data");
    lxw_row_t r = 1;
    if (ws == NULL) {
        check(x, LXW_ERROR_MEMORY_MALLOC_FAILED);
        return;
    }
    headers(x, ws, 0, names, (int)(sizeof names / sizeof *names), widths);
    for (size_t i = 0; i < rpt_pack_count(p); i++) {
        const rpt_metric *m = rpt_pack_metric(p, i);
        int monthly = rpt_monthly(m->time_kind, m->time, m->n);
        rpt_numfmt f;
        lxw_format *vf, *sf;
        rpt_metric_numfmt(m, &f);
        vf = num_format(x, m->percent, f.dec_value);
        sf = num_format(x, m->percent, f.dec_stat);
        first_row[i] = r;
        for (size_t j = 0; j < m->n && x->err == LXW_NO_ERROR; j++, r++) {
            const tdm_spc_point *pt = &m->points[j];
            char label[32];
            put_str(x, ws, r, 0, m->id, NULL);
            put_str(x, ws, r, 1, m->title, NULL);
            time_cell(x, ws, r, 2, m, monthly, j);
            put_num(x, ws, r, 3, m->value[j], vf);
            put_num(x, ws, r, 4, (double)pt->phase, NULL);
            put_num(x, ws, r, 5, pt->mean, sf);
            put_num(x, ws, r, 6, pt->lpl, sf);
            put_num(x, ws, r, 7, pt->upl, sf);
            tdm_spc_label_text(pt->label, &m->opt, label);
            put_str(x, ws, r, 8, label, NULL);
            put_str(x, ws, r, 9, rpt_point_type_text(pt->point_type), NULL);
        }
    }
    if (r > 1) {
        text_rule(x, ws, 1, r - 1, 9, "concern", x->cf_concern);
        text_rule(x, ws, 1, r - 1, 9, "improvement", x->cf_improve);
        text_rule(x, ws, 1, r - 1, 9, "neutral", x->cf_neutral);
        check(x, worksheet_autofilter(ws, 0, 0, r - 1, 9));
    }
    worksheet_freeze_panes(ws, 1, 0);
}

static void method_sheet(xl *x, const rpt_options *o)
{
    static const char *const lines[] = {
        "Method",
        "Every metric is an NHS England Making Data Count XmR (individuals) chart computed by "
        "tandem with the semantics of NHSRplotthedots 0.2.2.",
        "Centre line: the mean. Process limits: the mean plus and minus 2.66 times the average "
        "moving range (three sigma).",
        "Baseline: limits from all points of each phase unless a baseline of the first N points "
        "is set; a phase starts at each rebase date; fewer than 13 points gives trial limits.",
        "Screening: unless turned off, moving ranges of at least 3.267 times their average are "
        "left out once before the limits are computed.",
        "Special cause rules, in order: a point beyond a process limit; 7 points rising or "
        "falling (trend); 2 of 3 points beyond two sigma on one side; 7 points on one side of "
        "the mean (shift).",
        "Variation: the type of the latest point (common cause, special cause improvement, "
        "concern or neutral, high or low).",
        "Assurance: the target against the latest phase's limits: consistently passing, "
        "consistently failing, or hit and miss; none without a target or direction.",
        "Missing and suppressed values are skipped and counted, never guessed.",
    };
    lxw_worksheet *ws = workbook_add_worksheet(x->wb, "Method");
    lxw_row_t r = 0;
    if (ws == NULL) {
        check(x, LXW_ERROR_MEMORY_MALLOC_FAILED);
        return;
    }
    check(x, worksheet_set_column(ws, 0, 0, 120, x->wrap));
    for (size_t i = 0; i < sizeof lines / sizeof *lines; i++) {
        put_str(x, ws, r++, 0, lines[i], i == 0 ? x->title : x->wrap);
    }
    if (o->source != NULL && o->source[0] != '\0') {
        char line[1100];
        snprintf(line, sizeof line, "Data: %.1000s", o->source);
        put_str(x, ws, r++, 0, line, x->wrap);
    }
    {
        char line[80];
        snprintf(line, sizeof line, "Produced by tandem %s (GPL-3.0-or-later).",
                 tdm_version_string());
        put_str(x, ws, r, 0, line, x->wrap);
    }
}

static int fail(tdm_error *err, int status, const char *path, const char *what)
{
    if (err != NULL) {
        err->status = status;
        err->line = 0;
        err->field = 0;
        snprintf(err->message, sizeof err->message, "cannot write workbook %.150s: %s", path, what);
    }
    return status;
}

int rpt_pack_write_xlsx(const rpt_pack *p, const rpt_options *o, const char *path, tdm_error *err)
{
    xl x;
    rpt_options defaults;
    lxw_doc_properties props;
    char title[256];
    size_t n = rpt_pack_count(p);
    size_t *order = malloc((n ? n : 1) * sizeof *order);
    size_t *first_row = malloc((n ? n : 1) * sizeof *first_row);
    int32_t day;
    lxw_error e;
    if (order == NULL || first_row == NULL) {
        free(order);
        free(first_row);
        return fail(err, TDM_ENOMEM, path, "out of memory");
    }
    if (o == NULL) {
        rpt_options_init(&defaults);
        o = &defaults;
    }
    memset(&x, 0, sizeof x);
    x.wb = workbook_new(path);
    if (x.wb == NULL) {
        free(order);
        free(first_row);
        return fail(err, TDM_EIO, path, "cannot create the file");
    }
    memset(&props, 0, sizeof props);
    snprintf(title, sizeof title, "%s", o->title ? o->title : "Integrated performance report");
    props.title = title; /* libxlsxwriter takes char *; a copy keeps const honest */
    props.comments = "Produced by tandem (Making Data Count XmR charts)";
    /* Never the clock: the report date, else a fixed date (the zip entries' own). */
    props.created = 315532800; /* 1980-01-01T00:00:00Z */
    if (o->report_date != NULL &&
        tdm_parse_date(o->report_date, strlen(o->report_date), &day) == TDM_OK && day > 3652) {
        props.created = (time_t)day * 86400;
    }
    check(&x, workbook_set_properties(x.wb, &props));
    make_formats(&x);
    rpt_pack_order(p, order);
    /* The Summary sheet comes first but links into Data, so lay Data out first. */
    {
        lxw_row_t r = 1;
        for (size_t i = 0; i < n; i++) {
            first_row[i] = r;
            r += (lxw_row_t)rpt_pack_metric(p, i)->n;
        }
    }
    summary_sheet(&x, p, o, order, first_row);
    data_sheet(&x, p, first_row);
    method_sheet(&x, o);
    e = workbook_close(x.wb);
    free(order);
    free(first_row);
    if (x.err != LXW_NO_ERROR) {
        return fail(err, x.err == LXW_ERROR_MEMORY_MALLOC_FAILED ? TDM_ENOMEM : TDM_EIO, path,
                    lxw_strerror(x.err));
    }
    if (e != LXW_NO_ERROR) {
        return fail(err, TDM_EIO, path, lxw_strerror(e));
    }
    return TDM_OK;
}
