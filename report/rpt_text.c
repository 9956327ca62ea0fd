/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * rpt_text.c - words and numbers of the report: locale-independent fixed
 * decimals, values with units, period labels, the display names of the
 * Making Data Count icons, and the text alternative of every chart.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "rpt_internal.h"

/* ---- numbers ---- */

/* Round a decimal digit string in place: digits[0..keep) kept, rounding half
 * away from zero on digits[keep]. @return 1 if a carry ran off the front. */
static int round_digits(char *digits, size_t keep, size_t len)
{
    size_t i;
    if (keep >= len || digits[keep] < '5') {
        return 0;
    }
    for (i = keep; i > 0; i--) {
        if (digits[i - 1] != '9') {
            digits[i - 1]++;
            return 0;
        }
        digits[i - 1] = '0';
    }
    return 1;
}

size_t rpt_fmt_fixed(double v, int decimals, int group, char *buf)
{
    char s[TDM_NUMBUF];
    char digits[64]; /* integer digits then fraction digits */
    size_t n_int = 0, n_frac = 0, len, o = 0, keep;
    const char *p;
    int neg, carry, all_zero = 1;
    if (isnan(v)) {
        buf[0] = '\0';
        return 0;
    }
    if (decimals < 0) {
        decimals = 0;
    } else if (decimals > 9) {
        decimals = 9;
    }
    if (isinf(v) || fabs(v) >= 1e21) {
        len = tdm_format_double(v, buf);
        return len;
    }
    if (fabs(v) < 1e-10) {
        v = 0; /* below every precision we print; also avoids exponent text */
    }
    (void)tdm_format_double(v, s);
    p = s;
    neg = *p == '-';
    if (neg) {
        p++;
    }
    for (; *p >= '0' && *p <= '9'; p++) {
        digits[n_int++] = *p;
    }
    if (*p == '.') {
        for (p++; *p >= '0' && *p <= '9' && n_int + n_frac < sizeof digits - 12; p++) {
            digits[n_int + n_frac++] = *p;
        }
    }
    /* Pad the fraction with zeros to the wanted precision. */
    while (n_frac < (size_t)decimals) {
        digits[n_int + n_frac++] = '0';
    }
    keep = n_int + (size_t)decimals;
    carry = round_digits(digits, keep, n_int + n_frac);
    {
        char ip[48]; /* integer part, with the carry */
        size_t ni = 0;
        if (carry) {
            ip[ni++] = '1';
        }
        memcpy(ip + ni, digits, n_int);
        ni += n_int;
        if (neg) {
            buf[o++] = '-';
        }
        for (size_t i = 0; i < ni; i++) {
            if (group && i > 0 && (ni - i) % 3 == 0) {
                buf[o++] = ',';
            }
            buf[o++] = ip[i];
            all_zero = all_zero && ip[i] == '0';
        }
    }
    if (decimals > 0) {
        buf[o++] = '.';
        for (size_t i = 0; i < (size_t)decimals; i++) {
            buf[o++] = digits[n_int + i];
            all_zero = all_zero && digits[n_int + i] == '0';
        }
    }
    buf[o] = '\0';
    if (neg && all_zero) {
        memmove(buf, buf + 1, o); /* no "-0.0" */
        o--;
    }
    return o;
}

size_t rpt_fmt_value(const rpt_numfmt *f, double v, int stat, char *buf)
{
    size_t n;
    if (isnan(v)) {
        buf[0] = '\0';
        return 0;
    }
    if (f->percent) {
        v *= 100.0;
    }
    n = rpt_fmt_fixed(v, stat ? f->dec_stat : f->dec_value, fabs(v) >= 1000, buf);
    if (f->percent) {
        buf[n++] = '%';
        buf[n] = '\0';
    } else if (f->unit != NULL && f->unit[0] != '\0') {
        size_t u = strlen(f->unit);
        if (u > 30) {
            u = 30;
        }
        if (f->unit[0] != '%') {
            buf[n++] = ' ';
        }
        memcpy(buf + n, f->unit, u);
        n += u;
        buf[n] = '\0';
    }
    return n;
}

/* ---- dates ---- */

void rpt_civil(int32_t days, int *y, int *m, int *d)
{
    char s[16];
    if (tdm_format_date(days, s) != 10) {
        *y = *m = *d = 0;
        return;
    }
    *y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    *m = (s[5] - '0') * 10 + (s[6] - '0');
    *d = (s[8] - '0') * 10 + (s[9] - '0');
}

int32_t rpt_days(int y, int m, int d)
{
    char s[16];
    int32_t days;
    if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1 || d > 31) {
        return INT32_MIN;
    }
    s[0] = (char)('0' + y / 1000);
    s[1] = (char)('0' + y / 100 % 10);
    s[2] = (char)('0' + y / 10 % 10);
    s[3] = (char)('0' + y % 10);
    s[4] = '-';
    s[5] = (char)('0' + m / 10);
    s[6] = (char)('0' + m % 10);
    s[7] = '-';
    s[8] = (char)('0' + d / 10);
    s[9] = (char)('0' + d % 10);
    if (tdm_parse_date(s, 10, &days) != TDM_OK) {
        return INT32_MIN;
    }
    return days;
}

const char *rpt_month_abbr(int m)
{
    static const char *const names[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
    return m >= 1 && m <= 12 ? names[m - 1] : "?";
}

int rpt_monthly(int time_kind, const int64_t *time, size_t n)
{
    if (time_kind != TDM_TIME_DATE || n == 0) {
        return 0;
    }
    for (size_t i = 0; i < n; i++) {
        int y, m, d;
        rpt_civil((int32_t)time[i], &y, &m, &d);
        if (d != 1) {
            return 0;
        }
    }
    return 1;
}

size_t rpt_fmt_time(int time_kind, int monthly, int64_t t, char *buf)
{
    int y, m, d, n;
    if (time_kind != TDM_TIME_DATE) {
        n = snprintf(buf, 32, "%lld", (long long)t);
        return n < 0 ? 0 : (size_t)n;
    }
    rpt_civil((int32_t)t, &y, &m, &d);
    if (monthly) {
        n = snprintf(buf, 32, "%s %04d", rpt_month_abbr(m), y);
    } else {
        n = snprintf(buf, 32, "%d %s %04d", d, rpt_month_abbr(m), y);
    }
    return n < 0 ? 0 : (size_t)n;
}

/* ---- icon and point-type names for people ---- */

const char *rpt_variation_text(int variation)
{
    switch (variation) {
    case TDM_SPC_VARIATION_COMMON_CAUSE:
        return "Common cause";
    case TDM_SPC_VARIATION_IMPROVEMENT_HIGH:
        return "Special cause improvement (high)";
    case TDM_SPC_VARIATION_IMPROVEMENT_LOW:
        return "Special cause improvement (low)";
    case TDM_SPC_VARIATION_CONCERN_HIGH:
        return "Special cause concern (high)";
    case TDM_SPC_VARIATION_CONCERN_LOW:
        return "Special cause concern (low)";
    case TDM_SPC_VARIATION_NEUTRAL_HIGH:
        return "Special cause neutral (high)";
    case TDM_SPC_VARIATION_NEUTRAL_LOW:
        return "Special cause neutral (low)";
    default:
        return "No data";
    }
}

const char *rpt_assurance_text(int assurance)
{
    switch (assurance) {
    case TDM_SPC_ASSURANCE_PASS:
        return "Consistently passing";
    case TDM_SPC_ASSURANCE_FAIL:
        return "Consistently failing";
    case TDM_SPC_ASSURANCE_INCONSISTENT:
        return "Hit and miss";
    default:
        return "Not assessed";
    }
}

const char *rpt_point_type_text(int point_type)
{
    switch (point_type) {
    case TDM_SPC_POINT_COMMON_CAUSE:
        return "Common cause";
    case TDM_SPC_POINT_IMPROVEMENT:
        return "Special cause improvement";
    case TDM_SPC_POINT_CONCERN:
        return "Special cause concern";
    case TDM_SPC_POINT_NEUTRAL_HIGH:
        return "Special cause neutral (high)";
    case TDM_SPC_POINT_NEUTRAL_LOW:
        return "Special cause neutral (low)";
    default:
        return "Missing";
    }
}

/* ---- text alternative ---- */

static void put_value(rpt_buf *b, const rpt_numfmt *f, double v, int stat)
{
    char s[64];
    rpt_fmt_value(f, v, stat, s);
    rpt_buf_puts(b, s);
}

static void put_time(rpt_buf *b, const rpt_metric *m, int monthly, size_t i)
{
    char s[32];
    rpt_fmt_time(m->time_kind, monthly, m->time[i], s);
    rpt_buf_puts(b, s);
}

static void put_count(rpt_buf *b, size_t n, const char *one, const char *many)
{
    rpt_buf_int(b, (long long)n);
    rpt_buf_puts(b, " ");
    rpt_buf_puts(b, n == 1 ? one : many);
}

static void put_special_counts(rpt_buf *b, const rpt_metric *m)
{
    size_t k[6] = { 0 };
    for (size_t i = 0; i < m->n; i++) {
        if (m->points[i].point_type < 6) {
            k[m->points[i].point_type]++;
        }
    }
    if (k[TDM_SPC_POINT_IMPROVEMENT] + k[TDM_SPC_POINT_CONCERN] + k[TDM_SPC_POINT_NEUTRAL_HIGH] +
            k[TDM_SPC_POINT_NEUTRAL_LOW] ==
        0) {
        rpt_buf_puts(b, " No point shows special cause variation.");
        return;
    }
    rpt_buf_puts(b, " Special cause points:");
    if (k[TDM_SPC_POINT_IMPROVEMENT] > 0) {
        rpt_buf_puts(b, " ");
        put_count(b, k[TDM_SPC_POINT_IMPROVEMENT], "improvement", "improvement");
        rpt_buf_puts(b, ",");
    }
    if (k[TDM_SPC_POINT_CONCERN] > 0) {
        rpt_buf_puts(b, " ");
        put_count(b, k[TDM_SPC_POINT_CONCERN], "concern", "concern");
        rpt_buf_puts(b, ",");
    }
    if (k[TDM_SPC_POINT_NEUTRAL_HIGH] + k[TDM_SPC_POINT_NEUTRAL_LOW] > 0) {
        rpt_buf_puts(b, " ");
        put_count(b, k[TDM_SPC_POINT_NEUTRAL_HIGH] + k[TDM_SPC_POINT_NEUTRAL_LOW], "neutral",
                  "neutral");
        rpt_buf_puts(b, ",");
    }
    b->len--; /* the last comma */
    rpt_buf_puts(b, ".");
}

void rpt_text_alternative(rpt_buf *b, const rpt_metric *m, const rpt_numfmt *f)
{
    const tdm_spc_summary *s = m->summary;
    int monthly = rpt_monthly(m->time_kind, m->time, m->n);
    rpt_buf_puts(b, m->title ? m->title : m->id);
    if (m->n == 0 || s->n_obs == 0) {
        rpt_buf_puts(b, ": no observed values");
        if (m->n > 0) {
            rpt_buf_puts(b, " (");
            put_count(b, m->n, "row, missing", "rows, all missing");
            rpt_buf_puts(b, ")");
        }
        rpt_buf_puts(b, ".");
        return;
    }
    rpt_buf_puts(b, ": XmR chart of ");
    put_count(b, s->n_obs, monthly ? "monthly value" : "value",
              monthly ? "monthly values" : "values");
    rpt_buf_puts(b, " from ");
    put_time(b, m, monthly, 0);
    rpt_buf_puts(b, " to ");
    put_time(b, m, monthly, m->n - 1);
    if (m->n_missing + m->n_suppressed > 0) {
        rpt_buf_puts(b, " (");
        if (m->n_missing > 0) {
            put_count(b, m->n_missing, "missing", "missing");
        }
        if (m->n_suppressed > 0) {
            rpt_buf_puts(b, m->n_missing > 0 ? ", " : "");
            put_count(b, m->n_suppressed, "suppressed", "suppressed");
        }
        rpt_buf_puts(b, ")");
    }
    rpt_buf_puts(b, ".");
    if (s->n_phases > 1) {
        rpt_buf_puts(b, " Limits were recalculated from ");
        for (size_t k = 1; k < s->n_phases; k++) {
            rpt_buf_puts(b, k == 1 ? "" : k + 1 == s->n_phases ? " and " : ", ");
            put_time(b, m, monthly, m->phases[k].start);
        }
        rpt_buf_puts(b, ".");
    }
    rpt_buf_puts(b, " Latest value ");
    put_value(b, f, m->value[s->last], 0);
    rpt_buf_puts(b, " in ");
    put_time(b, m, monthly, s->last);
    rpt_buf_puts(b, ": ");
    {
        const char *v = rpt_variation_text(s->variation);
        char first = v[0];
        if (first >= 'A' && first <= 'Z') {
            first = (char)(first - 'A' + 'a');
        }
        rpt_buf_put(b, &first, 1);
        rpt_buf_puts(b, v + 1);
    }
    rpt_buf_puts(b, ". Mean ");
    put_value(b, f, s->mean, 1);
    rpt_buf_puts(b, ", process limits ");
    {
        rpt_numfmt bare = *f; /* "420.6 to 611.0 cases" */
        bare.unit = NULL;
        put_value(b, &bare, s->lpl, 1);
    }
    rpt_buf_puts(b, " to ");
    put_value(b, f, s->upl, 1);
    rpt_buf_puts(b, s->short_phase ? " (trial limits: a phase has fewer than " : "");
    if (s->short_phase) {
        rpt_buf_int(b, (long long)m->opt.short_phase);
        rpt_buf_puts(b, " points)");
    }
    rpt_buf_puts(b, ".");
    if (!isnan(m->opt.target)) {
        rpt_buf_puts(b, " Target ");
        put_value(b, f, m->opt.target, 1);
        rpt_buf_puts(b, ": ");
        rpt_buf_puts(b, s->assurance == TDM_SPC_ASSURANCE_NONE   ? "not assessed"
                        : s->assurance == TDM_SPC_ASSURANCE_PASS ? "consistently passing"
                        : s->assurance == TDM_SPC_ASSURANCE_FAIL
                            ? "consistently failing"
                            : "hit and miss (the target lies within the process limits)");
        rpt_buf_puts(b, ".");
    }
    put_special_counts(b, m);
}
