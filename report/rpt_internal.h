/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * rpt_internal.h - pieces of the report renderer shared between the files
 * of report/ and exercised by tests/unit/test_report_*.c: a growable text
 * buffer, locale-independent number text, axis ticks, the SPC chart and the
 * Making Data Count icons as SVG.
 */
#ifndef TANDEM_RPT_INTERNAL_H
#define TANDEM_RPT_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "report.h"

/* ---- growable buffer (rpt_buf.c) ---- */

/* Text accumulates here; an allocation failure is sticky (`failed`), so
 * callers write freely and check once. With a sink, rpt_buf_flush hands the
 * bytes over and empties the buffer. */
typedef struct rpt_buf {
    char *data;
    size_t len, cap;
    int failed;      /* first error: TDM_ENOMEM or a sink status */
    tdm_write_fn fn; /* optional sink */
    void *ctx;
} rpt_buf;

void rpt_buf_init(rpt_buf *b);
void rpt_buf_free(rpt_buf *b);
void rpt_buf_put(rpt_buf *b, const char *s, size_t n);
void rpt_buf_puts(rpt_buf *b, const char *s);
/* Text with & < > " ' escaped for HTML/XML text and attribute values. */
void rpt_buf_esc(rpt_buf *b, const char *s);
/* A signed integer in decimal. */
void rpt_buf_int(rpt_buf *b, long long v);
/* An SVG coordinate: fixed, one decimal ("12.5", "-3", "0"). */
void rpt_buf_coord(rpt_buf *b, double v);
/* Send everything to the sink (if any) once at least `threshold` bytes wait.
 * @return b->failed. */
int rpt_buf_flush(rpt_buf *b, size_t threshold);

/* ---- number and date text (rpt_text.c) ---- */

/* Round v to `decimals` places (0..9) from its shortest round-trip decimal
 * text (tdm_format_double), half away from zero, so 0.125 -> "0.13" as a
 * person would round it. `group`: thousands separated by ','. NaN -> "".
 * @param buf at least 64 bytes. @return length. */
size_t rpt_fmt_fixed(double v, int decimals, int group, char *buf);

/* How a metric's numbers are shown. */
typedef struct rpt_numfmt {
    int percent;   /* x 100 and a "%" suffix */
    int dec_value; /* decimals for observed values */
    int dec_stat;  /* decimals for mean, limits, target */
    const char *unit;
} rpt_numfmt;

/* Value text with unit ("87.3%", "7.2 min", "13,012"). NaN -> "". */
size_t rpt_fmt_value(const rpt_numfmt *f, double v, int stat, char *buf);

/* 1 if every time is the first of a month (dates shown "Apr 2016"). */
int rpt_monthly(int time_kind, const int64_t *time, size_t n);
/* Period text: "Apr 2016" (monthly), "3 Apr 2016" (dates), "17" (periods).
 * @param buf at least 32 bytes. @return length. */
size_t rpt_fmt_time(int time_kind, int monthly, int64_t t, char *buf);
/* Year, month (1-12) and day of days since 1970-01-01 (via tdm_format_date). */
void rpt_civil(int32_t days, int *y, int *m, int *d);
/* Days since 1970-01-01 of y-m-d (via tdm_parse_date); INT32_MIN if invalid. */
int32_t rpt_days(int y, int m, int d);
/* "Jan" .. "Dec". */
const char *rpt_month_abbr(int m);

/* Display text of icons and point types (presentation only; the classes
 * come from libtandem). */
const char *rpt_variation_text(int variation);
const char *rpt_assurance_text(int assurance);
const char *rpt_point_type_text(int point_type);

/* ---- axes (svg_axis.c) ---- */

/* Ticks k*step for k = k0 .. k0+n-1, step = m * 10^e with m in {1, 2, 5}. */
typedef struct rpt_ticks {
    long long k0;
    int n;        /* number of ticks (2..max) */
    int m, e;     /* step mantissa and exponent */
    int decimals; /* digits after the point that the labels need */
} rpt_ticks;

/* Choose at most max_ticks (>= 2) "nice" ticks whose range covers [lo, hi].
 * An empty range (lo == hi) is widened around the value.
 * @return TDM_OK, or TDM_EINVAL for non-finite bounds or max_ticks < 2. */
int rpt_nice_ticks(double lo, double hi, int max_ticks, rpt_ticks *t);
/* Value of tick i, computed as an exact multiple (no accumulated error). */
double rpt_tick_value(const rpt_ticks *t, int i);

#define RPT_MAX_DATE_TICKS 16

/* A date axis tick: the day it marks and its label. */
typedef struct rpt_date_tick {
    int32_t day;
    char label[24];
} rpt_date_tick;

/* Calendar ticks within [d0, d1]: the finest of 1, 2, 7, 14 days, 1, 2, 3, 6
 * months, 1, 2, 5, 10, 20, 50, 100 years giving at most max_ticks ticks
 * (capped at RPT_MAX_DATE_TICKS), on calendar boundaries (Mondays, months
 * divisible by the step counting from January, years divisible by the step).
 * Labels: "3 Jan 2022" / "3 Jan" (day steps: year on the first tick and at a
 * change of year), "Apr 2016" (month steps), "2016" (year steps).
 * @return the number of ticks written to out[RPT_MAX_DATE_TICKS]. */
size_t rpt_date_ticks(int32_t d0, int32_t d1, int max_ticks, rpt_date_tick *out);

/* ---- SVG (svg_chart_spc.c, svg_icons.c) ---- */

/* Write one XmR chart as an inline <svg viewBox="0 0 760 305"> with a <title> and <desc>.
 * `anchor` is a unique, HTML-safe id prefix for the chart's ids. */
void rpt_svg_spc(rpt_buf *b, const rpt_metric *m, const rpt_numfmt *f, const char *anchor);

/* Number format for a metric: from m->decimals, else from its y axis. */
void rpt_metric_numfmt(const rpt_metric *m, rpt_numfmt *f);

/* The icon symbols (<symbol id="tdm-v-NAME"> and <symbol id="tdm-a-NAME">),
 * in a hidden <svg>, once per page. */
void rpt_svg_icon_defs(rpt_buf *b);
/* An icon: <svg role="img" aria-label=...><use href="#tdm-..."/></svg>, or a
 * text-only placeholder for NONE. `px` is the rendered size. */
void rpt_svg_variation_icon(rpt_buf *b, int variation, int px);
void rpt_svg_assurance_icon(rpt_buf *b, int assurance, int px);

/* ---- text alternative (rpt_text.c) ---- */

/* One paragraph describing the chart for people who cannot see it (no
 * markup, not escaped: pass through rpt_buf_esc). */
void rpt_text_alternative(rpt_buf *b, const rpt_metric *m, const rpt_numfmt *f);

/* ---- pack internals (rpt_pack.c) ---- */

const rpt_metric *rpt_pack_metric(const rpt_pack *p, size_t i);
/* Indexes in summary order: concern with fail first, then concern, then fail,
 * then hit and miss, then the rest; ties in definition order.
 * @param idx rpt_pack_count(p) elements. */
void rpt_pack_order(const rpt_pack *p, size_t *idx);
/* Sort key of a metric (0 = first), as rpt_pack_order uses it. */
int rpt_concern_rank(int variation, int assurance);

#endif
