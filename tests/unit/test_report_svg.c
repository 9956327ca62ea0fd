/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_report_svg.c - the SVG chart, icons, number text and the whole pack
 * (report/): negative limits stay inside the plot, a series of one point and
 * an all-missing series draw without NaN, icons carry text, numbers round as
 * people do, and every output (SVG, HTML, Excel) is byte-deterministic, also
 * under a locale with a decimal comma.
 */
#include <criterion/criterion.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "report/rpt_internal.h"

/* A computed chart and the metric that points at it. */
typedef struct chart {
    int64_t time[64];
    double value[64];
    tdm_spc_point points[64];
    tdm_spc_phase phases[64];
    tdm_spc_summary summary;
    rpt_metric m;
} chart;

static void make_chart(chart *c, const double *y, size_t n, double target, int improvement)
{
    int32_t d0;
    cr_assert(n <= 64);
    memset(c, 0, sizeof *c);
    cr_assert_eq(tdm_parse_date("2020-01-01", 10, &d0), TDM_OK);
    for (size_t i = 0; i < n; i++) {
        int32_t d = rpt_days(2020 + (int)(i / 12), 1 + (int)(i % 12), 1);
        cr_assert(d != INT32_MIN);
        c->time[i] = d;
        c->value[i] = y[i];
    }
    tdm_spc_options_init(&c->m.opt);
    c->m.opt.target = target;
    c->m.opt.improvement = improvement;
    cr_assert_eq(tdm_spc_compute(c->value, NULL, n, &c->m.opt, c->points, c->phases, &c->summary),
                 TDM_OK);
    c->m.id = "m1";
    c->m.title = "Test <metric> & co";
    c->m.unit = "beds";
    c->m.decimals = -1;
    c->m.time_kind = TDM_TIME_DATE;
    c->m.time = c->time;
    c->m.value = c->value;
    c->m.n = n;
    c->m.points = c->points;
    c->m.phases = c->phases;
    c->m.summary = &c->summary;
}

/* Render a chart to a NUL-terminated string (caller frees). */
static char *render(const rpt_metric *m)
{
    rpt_buf b;
    rpt_numfmt f;
    rpt_buf_init(&b);
    rpt_metric_numfmt(m, &f);
    rpt_svg_spc(&b, m, &f, "c1");
    rpt_buf_put(&b, "", 1);
    cr_assert_eq(b.failed, 0);
    return b.data;
}

static size_t count(const char *s, const char *needle)
{
    size_t n = 0;
    for (const char *p = strstr(s, needle); p != NULL; p = strstr(p + 1, needle)) {
        n++;
    }
    return n;
}

/* Every value of attribute `attr` (e.g. "cy") lies within [lo, hi]. */
static void attrs_within(const char *svg, const char *attr, double lo, double hi)
{
    char key[16];
    snprintf(key, sizeof key, " %s=\"", attr);
    for (const char *p = strstr(svg, key); p != NULL; p = strstr(p + 1, key)) {
        double v = strtod(p + strlen(key), NULL);
        cr_assert(v >= lo && v <= hi, "%s=%g outside [%g, %g]", attr, v, lo, hi);
    }
}

/* The data markers (the <g class="pts"> groups) lie inside the plot area. */
static void markers_within(const char *svg)
{
    size_t groups = 0;
    for (const char *g = strstr(svg, "<g class=\"pts\""); g != NULL;
         g = strstr(g + 1, "<g class=\"pts\"")) {
        const char *end = strstr(g, "</g>");
        char *part;
        cr_assert_not_null(end);
        part = strndup(g, (size_t)(end - g));
        attrs_within(part, "cy", 14, 250);
        attrs_within(part, "cx", 70, 744);
        attrs_within(part, "y", 14 - 4, 250 - 4);
        free(part);
        groups++;
    }
    cr_assert(groups > 0, "no marker group");
}

static void no_nan(const char *s)
{
    cr_assert_null(strstr(s, "nan"), "NaN text in output");
    cr_assert_null(strstr(s, "NaN"), "NaN text in output");
    cr_assert_null(strstr(s, "inf"), "inf text in output");
}

Test(report_svg, negative_limits_scale_inside_the_plot)
{
    /* NHSRplotthedots deviations example: the LPL is -3.063 (no screening). */
    static const double y[] = { 1, 2, 1, 2, 10, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1 };
    chart c;
    char *svg;
    make_chart(&c, y, 18, NAN, TDM_IMPROVEMENT_INCREASE);
    c.m.opt.screen = 0;
    cr_assert_eq(tdm_spc_compute(c.value, NULL, 18, &c.m.opt, c.points, c.phases, &c.summary),
                 TDM_OK);
    cr_assert(c.summary.lpl < 0);
    svg = render(&c.m);
    /* Markers inside the plot area (y 14..250, x 70..744). */
    markers_within(svg);
    /* A negative tick label exists, and the limit line path is drawn (and in the legend). */
    cr_assert_not_null(strstr(svg, ">-5</text>"), "%s", svg);
    cr_assert_eq(count(svg, "stroke-dasharray=\"4 3\" d=\"M"), 2);
    /* Point 5 (value 10) is above the UPL: a special cause (shape, not only colour). */
    cr_assert_eq(count(svg, "l5.5 5.5-5.5 5.5-5.5-5.5z"), 1 + 1); /* marker + legend */
    no_nan(svg);
    free(svg);
}

Test(report_svg, one_point_series)
{
    static const double y[] = { 42.5 };
    chart c;
    char *svg;
    make_chart(&c, y, 1, 40, TDM_IMPROVEMENT_INCREASE);
    svg = render(&c.m);
    cr_assert_not_null(strstr(svg, "<svg class=\"spc\""));
    cr_assert_not_null(strstr(svg, "<title id=\"c1-t\">XmR chart: Test &lt;metric&gt; &amp; co"));
    cr_assert_eq(count(svg, "<circle"), 2); /* the point and the legend's */
    markers_within(svg);
    cr_assert_not_null(strstr(svg, "Jan 2020"), "the one date is labelled");
    no_nan(svg);
    free(svg);
}

Test(report_svg, all_missing_series)
{
    const double y[] = { NAN, NAN, NAN, NAN, NAN };
    chart c;
    char *svg;
    rpt_buf alt;
    rpt_numfmt f;
    make_chart(&c, y, 5, 0.95, TDM_IMPROVEMENT_INCREASE);
    cr_assert_eq(c.summary.n_obs, 0);
    svg = render(&c.m);
    cr_assert_not_null(strstr(svg, "No observed values"));
    cr_assert_eq(count(svg, "<circle"), 1); /* the legend's only */
    no_nan(svg);
    free(svg);
    rpt_buf_init(&alt);
    rpt_metric_numfmt(&c.m, &f);
    rpt_text_alternative(&alt, &c.m, &f);
    rpt_buf_put(&alt, "", 1);
    cr_assert_str_eq(alt.data, "Test <metric> & co: no observed values (5 rows, all missing).");
    rpt_buf_free(&alt);
}

Test(report_svg, empty_series)
{
    chart c;
    char *svg;
    make_chart(&c, NULL, 0, NAN, TDM_IMPROVEMENT_DECREASE);
    svg = render(&c.m);
    cr_assert_not_null(strstr(svg, "No observed values"));
    no_nan(svg);
    free(svg);
}

Test(report_svg, phases_break_and_missing_gap)
{
    double y[30];
    uint8_t rebase[30] = { 0 };
    chart c;
    char *svg;
    for (int i = 0; i < 30; i++) {
        y[i] = i < 15 ? 10 + (i % 3) : 20 + (i % 4);
    }
    y[7] = NAN;
    rebase[15] = 1;
    make_chart(&c, y, 30, NAN, TDM_IMPROVEMENT_DECREASE);
    cr_assert_eq(tdm_spc_compute(c.value, rebase, 30, &c.m.opt, c.points, c.phases, &c.summary),
                 TDM_OK);
    cr_assert_eq(c.summary.n_phases, 2);
    svg = render(&c.m);
    /* One break line, two mean segments, a series line lifted at the gap. */
    cr_assert_eq(count(svg, "stroke-dasharray=\"2 3\" d=\"M"), 2); /* break + legend */
    cr_assert_not_null(strstr(svg, "Limits recalculated"));
    {
        const char *line = strstr(svg, "stroke=\"#7f7f7f\" stroke-width=\"1.5\" d=\"M");
        cr_assert_not_null(line);
        cr_assert_eq(count(line, "M") - count(strstr(line, "\"/>"), "M"), 2, "line broken once");
    }
    no_nan(svg);
    free(svg);
}

Test(report_svg, icons_have_text_and_symbols)
{
    rpt_buf b;
    rpt_buf_init(&b);
    rpt_svg_icon_defs(&b);
    rpt_svg_variation_icon(&b, TDM_SPC_VARIATION_CONCERN_HIGH, 32);
    rpt_svg_assurance_icon(&b, TDM_SPC_ASSURANCE_FAIL, 32);
    rpt_svg_assurance_icon(&b, TDM_SPC_ASSURANCE_NONE, 32);
    rpt_buf_put(&b, "", 1);
    for (int v = TDM_SPC_VARIATION_COMMON_CAUSE; v <= TDM_SPC_VARIATION_NEUTRAL_LOW; v++) {
        char id[64];
        snprintf(id, sizeof id, "<symbol id=\"tdm-v-%s\"", tdm_spc_variation_name(v));
        cr_assert_not_null(strstr(b.data, id), "%s missing", id);
    }
    cr_assert_eq(count(b.data, "<symbol id=\"tdm-a-"), 3);
    cr_assert_not_null(strstr(b.data, "aria-label=\"Variation: Special cause concern (high)\""));
    cr_assert_not_null(strstr(b.data, "<use href=\"#tdm-v-concern_high\"/>"));
    cr_assert_not_null(strstr(b.data, "aria-label=\"Assurance: Consistently failing\""));
    cr_assert_not_null(strstr(b.data, ">F</text>"), "fail carries a letter, not only colour");
    cr_assert_not_null(strstr(b.data, "No assurance"));
    rpt_buf_free(&b);
}

Test(report_svg, fixed_decimals_round_like_people)
{
    char buf[64];
    struct {
        double v;
        int d, group;
        const char *want;
    } cases[] = {
        { 0.125, 2, 0, "0.13" },
        { 0.135, 2, 0, "0.14" },
        { 2.5, 0, 0, "3" },
        { -2.5, 0, 0, "-3" },
        { 9.96, 1, 0, "10.0" },
        { 999.95, 1, 1, "1,000.0" },
        { 1234567.891, 1, 1, "1,234,567.9" },
        { -0.004, 2, 0, "0.00" },
        { 1e-12, 3, 0, "0.000" },
        { 100, 0, 1, "100" },
        { 123456, 0, 1, "123,456" },
        { 0.95, 3, 0, "0.950" },
        { -1234.5, 0, 1, "-1,235" },
        { 7.0, 2, 0, "7.00" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        rpt_fmt_fixed(cases[i].v, cases[i].d, cases[i].group, buf);
        cr_assert_str_eq(buf, cases[i].want, "%.17g to %d places", cases[i].v, cases[i].d);
    }
    cr_assert_eq(rpt_fmt_fixed(NAN, 2, 0, buf), 0);
    {
        rpt_numfmt pct = { 1, 1, 1, NULL }, min = { 0, 1, 2, "min" };
        rpt_fmt_value(&pct, 0.8297, 0, buf);
        cr_assert_str_eq(buf, "83.0%");
        rpt_fmt_value(&min, 7.125, 1, buf);
        cr_assert_str_eq(buf, "7.13 min");
    }
}

Test(report_svg, concern_and_fail_sort_first)
{
    cr_assert_eq(rpt_concern_rank(TDM_SPC_VARIATION_CONCERN_LOW, TDM_SPC_ASSURANCE_FAIL), 0);
    cr_assert_eq(rpt_concern_rank(TDM_SPC_VARIATION_CONCERN_HIGH, TDM_SPC_ASSURANCE_PASS), 1);
    cr_assert_eq(rpt_concern_rank(TDM_SPC_VARIATION_COMMON_CAUSE, TDM_SPC_ASSURANCE_FAIL), 2);
    cr_assert_eq(
        rpt_concern_rank(TDM_SPC_VARIATION_IMPROVEMENT_HIGH, TDM_SPC_ASSURANCE_INCONSISTENT), 3);
    cr_assert_eq(rpt_concern_rank(TDM_SPC_VARIATION_IMPROVEMENT_HIGH, TDM_SPC_ASSURANCE_PASS), 4);
    cr_assert_eq(rpt_concern_rank(TDM_SPC_VARIATION_NONE, TDM_SPC_ASSURANCE_NONE), 4);
}

/* ---- determinism ---- */

static int collect(void *ctx, const void *buf, size_t len)
{
    rpt_buf *b = ctx;
    rpt_buf_put(b, buf, len);
    return b->failed;
}

static rpt_pack *three_metric_pack(void)
{
    static chart c[3];
    static const double a[] = { 0.81, 0.83, 0.79, 0.85, 0.84, 0.86, 0.82, 0.80, 0.78, 0.77,
                                0.76, 0.75, 0.74, 0.73, 0.72, 0.71, 0.70, 0.69, 0.68, 0.67 };
    static const double b[] = { 420, 433, 415, 460, 401, 399, 455, 470, 480, 466, 471, 490 };
    static const double d[] = { 3, NAN, 5, 4, 6, 2, 3, 5, 4, 3, 7, 30, 4, 5 };
    rpt_pack *p = NULL;
    cr_assert_eq(rpt_pack_new(&p), TDM_OK);
    make_chart(&c[0], a, 20, 0.95, TDM_IMPROVEMENT_INCREASE);
    c[0].m.percent = 1;
    c[0].m.id = "pct";
    make_chart(&c[1], b, 12, 420, TDM_IMPROVEMENT_DECREASE);
    c[1].m.id = "secs";
    c[1].m.notes = "Recovery plan agreed in March.";
    make_chart(&c[2], d, 14, NAN, TDM_IMPROVEMENT_NEUTRAL);
    c[2].m.id = "count";
    for (int i = 0; i < 3; i++) {
        cr_assert_eq(rpt_pack_add(p, &c[i].m), TDM_OK);
    }
    return p;
}

static char *pack_html(const rpt_pack *p, size_t *len)
{
    rpt_buf out;
    rpt_options o;
    rpt_buf_init(&out);
    rpt_options_init(&o);
    o.title = "Determinism";
    cr_assert_eq(rpt_pack_write_html(p, &o, collect, &out), TDM_OK);
    *len = out.len;
    return out.data;
}

Test(report_svg, html_is_byte_deterministic_in_every_locale)
{
    rpt_pack *p = three_metric_pack();
    size_t n1, n2, n3;
    char *h1 = pack_html(p, &n1);
    char *h2 = pack_html(p, &n2);
    char *h3;
    cr_assert_eq(n1, n2);
    cr_assert_eq(memcmp(h1, h2, n1), 0);
    /* A locale with a decimal comma (if installed) changes nothing. */
    if (setlocale(LC_ALL, "de_DE.UTF-8") != NULL) {
        h3 = pack_html(p, &n3);
        cr_assert_eq(n1, n3);
        cr_assert_eq(memcmp(h1, h3, n1), 0);
        free(h3);
        setlocale(LC_ALL, "C");
    }
    /* Structure: one chart and one data table per metric, no network reference. */
    {
        char *s = malloc(n1 + 1);
        memcpy(s, h1, n1);
        s[n1] = '\0';
        cr_assert_eq(count(s, "<svg class=\"spc\""), 3);
        cr_assert_eq(count(s, "<details class=\"data\">"), 3);
        cr_assert_null(strstr(s, "http://"));
        cr_assert_null(strstr(s, "https://"));
        cr_assert_not_null(strstr(s, "Content-Security-Policy"));
        /* Concern + fail first in the summary: the falling percentage. */
        cr_assert(strstr(s, "href=\"#m1-pct\"") < strstr(s, "href=\"#m3-count\""));
        free(s);
    }
    free(h1);
    free(h2);
    rpt_pack_free(p);
}

static char *slurp(const char *path, size_t *len)
{
    FILE *fp = fopen(path, "rb");
    char *data;
    long n;
    cr_assert_not_null(fp);
    fseek(fp, 0, SEEK_END);
    n = ftell(fp);
    fseek(fp, 0, SEEK_SET);
    data = malloc((size_t)n + 1);
    cr_assert_eq(fread(data, 1, (size_t)n, fp), (size_t)n);
    fclose(fp);
    *len = (size_t)n;
    return data;
}

Test(report_svg, xlsx_is_byte_deterministic)
{
    rpt_pack *p = three_metric_pack();
    rpt_options o;
    char t1[] = "/tmp/tandem-test-xlsx1.XXXXXX", t2[] = "/tmp/tandem-test-xlsx2.XXXXXX";
    int f1 = mkstemp(t1), f2 = mkstemp(t2);
    size_t n1, n2;
    char *a, *b;
    cr_assert(f1 >= 0 && f2 >= 0);
    close(f1);
    close(f2);
    rpt_options_init(&o);
    o.report_date = "2025-09-30";
    cr_assert_eq(rpt_pack_write_xlsx(p, &o, t1, NULL), TDM_OK);
    sleep(1); /* a clock in the file would now differ */
    cr_assert_eq(rpt_pack_write_xlsx(p, &o, t2, NULL), TDM_OK);
    a = slurp(t1, &n1);
    b = slurp(t2, &n2);
    cr_assert(n1 > 1000);
    cr_assert_eq(n1, n2);
    cr_assert_eq(memcmp(a, b, n1), 0);
    cr_assert_eq(memcmp(a, "PK", 2), 0);
    unlink(t1);
    unlink(t2);
    free(a);
    free(b);
    rpt_pack_free(p);
}

Test(report_svg, xlsx_unwritable_path_is_an_error)
{
    rpt_pack *p = three_metric_pack();
    tdm_error err;
    memset(&err, 0, sizeof err);
    cr_assert_eq(rpt_pack_write_xlsx(p, NULL, "/nonexistent-dir/x.xlsx", &err), TDM_EIO);
    cr_assert_not_null(strstr(err.message, "/nonexistent-dir/x.xlsx"));
    rpt_pack_free(p);
}
