/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * report.h - the board pack: self-contained HTML with inline SVG charts and an
 * Excel workbook, drawn from results that libtandem computed. This is the
 * app layer (conventions section 1): it includes only include/tandem.h, holds
 * no statistics, and is shared by the command line (`tandem report`,
 * `tandem spc --format html`) and, later, the local server.
 *
 * Use: rpt_pack_new, then rpt_pack_add once per metric (everything is
 * copied), then rpt_pack_write_html and/or rpt_pack_write_xlsx, then
 * rpt_pack_free. Output is byte-deterministic: the same pack and options give
 * the same bytes, in every locale, with no timestamp unless one is given.
 */
#ifndef TANDEM_REPORT_H
#define TANDEM_REPORT_H

#include <stddef.h>
#include <stdint.h>

#include "tandem.h"

/* Chart types a metric can ask for. Only XmR exists today; the funnel, run
 * and attribute charts of later issues plug in behind the same renderer. */
typedef enum rpt_chart_type { RPT_CHART_XMR = 0 } rpt_chart_type;

/* One metric with its computed Making Data Count chart. All pointers are
 * borrowed by rpt_pack_add, which copies what they point to. */
typedef struct rpt_metric {
    const char *id;      /* metric identifier (any text; used for the anchor) */
    const char *title;   /* display name (NULL: the id) */
    const char *domain;  /* grouping, e.g. "Urgent care" (NULL or "": none) */
    const char *unit;    /* shown after values, e.g. "min" (NULL or "": none) */
    const char *notes;   /* exception note (NULL or "": an empty note slot) */
    int percent;         /* 1: values are proportions, shown x 100 with "%" */
    int decimals;        /* digits after the point; -1: chosen from the axis */
    int chart;           /* rpt_chart_type */
    tdm_spc_options opt; /* as given to tdm_spc_compute (direction, target, rules) */
    int time_kind;       /* tdm_time_kind of `time` */
    const int64_t *time; /* n times, ascending (days since 1970-01-01 or periods) */
    const double *value; /* n values; NaN = missing or suppressed */
    size_t n;
    size_t n_missing;            /* values that were missing (NA) */
    size_t n_suppressed;         /* values that were suppressed (counted apart) */
    const tdm_spc_point *points; /* n results of tdm_spc_compute */
    const tdm_spc_phase *phases; /* summary.n_phases results */
    const tdm_spc_summary *summary;
} rpt_metric;

typedef struct rpt_pack rpt_pack;

/* Options for a whole output. Strings are borrowed for the call. */
typedef struct rpt_options {
    const char *title;       /* page title (NULL: "Integrated performance report") */
    const char *subtitle;    /* NULL: none */
    const char *report_date; /* ISO date shown on the cover and stored as the
                                workbook's creation date (NULL: none shown) */
    const char *source;      /* data source line for the method note (NULL: none) */
    int cover;               /* 1: icon cover grid (variation x assurance) */
    int kind;                /* RPT_KIND_* : what the page is called in its text */
} rpt_options;

enum { RPT_KIND_PACK = 0, RPT_KIND_SPC = 1 };

/* Fill `o` with the defaults above (cover on, kind PACK). */
void rpt_options_init(rpt_options *o);

/* @return TDM_OK or TDM_ENOMEM (*out NULL). */
int rpt_pack_new(rpt_pack **out);
/* Copy a metric into the pack (order of addition is definition order).
 * @return TDM_OK, TDM_EINVAL (NULL fields, n > 0 without arrays), TDM_ENOMEM. */
int rpt_pack_add(rpt_pack *p, const rpt_metric *m);
/* Forget every metric (keeps the pack usable). */
void rpt_pack_clear(rpt_pack *p);
/* @return the number of metrics. */
size_t rpt_pack_count(const rpt_pack *p);
/* NULL is a no-op. */
void rpt_pack_free(rpt_pack *p);

/* Write the self-contained HTML page through `fn` (in chunks).
 * @return TDM_OK, TDM_ENOMEM, or the first negative status `fn` returned. */
int rpt_pack_write_html(const rpt_pack *p, const rpt_options *o, tdm_write_fn fn, void *ctx);

/* Write the Excel workbook (Summary, Data and Method sheets) to `path`,
 * which is created or replaced. The caller makes it all-or-nothing (write to
 * a temporary path, then rename). @return TDM_OK, TDM_EIO (message in err),
 * TDM_ENOMEM. */
int rpt_pack_write_xlsx(const rpt_pack *p, const rpt_options *o, const char *path, tdm_error *err);

/* Parse a chart type name ("xmr"; case-insensitive). @return TDM_OK or TDM_EPARSE. */
int rpt_chart_parse(const char *s, size_t len, int *out);
/* Names accepted by rpt_chart_parse, for messages ("xmr"). Static. */
const char *rpt_chart_names(void);

#endif
