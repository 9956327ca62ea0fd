/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * date.c - ISO 8601 calendar dates <-> days since 1970-01-01 (proleptic
 * Gregorian). Algorithms "days_from_civil" and "civil_from_days" from
 * H. Hinnant, "chrono-Compatible Low-Level Date Algorithms" (2013).
 */
#include "core.h"

static int64_t days_from_civil(int64_t y, unsigned m, unsigned d)
{
    y -= m <= 2;
    const int64_t era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = (unsigned)(y - era * 400);
    const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (int64_t)doe - 719468;
}

static int is_leap(unsigned y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static unsigned days_in_month(unsigned y, unsigned m)
{
    static const unsigned char dim[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    return m == 2 && is_leap(y) ? 29 : dim[m - 1];
}

static int digits(const char *s, size_t n, unsigned *v)
{
    unsigned x = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9') {
            return 0;
        }
        x = x * 10 + (unsigned)(s[i] - '0');
    }
    *v = x;
    return 1;
}

static void trim(const char **s, size_t *len)
{
    while (*len > 0 && ((*s)[0] == ' ' || (*s)[0] == '\t')) {
        (*s)++;
        (*len)--;
    }
    while (*len > 0 && ((*s)[*len - 1] == ' ' || (*s)[*len - 1] == '\t')) {
        (*len)--;
    }
}

/* Is [s, s+len) a midnight time of day after a date: "T00:00", "T00:00:00",
 * " 00:00:00.000", optionally ending in Z? Exports from databases and Excel
 * often carry one; any other time would make two rows of one day. */
static int midnight(const char *s, size_t len)
{
    static const char zeros[] = "00:00:00.000000000";
    size_t i;
    if (len < 6 || (s[0] != 'T' && s[0] != ' ')) {
        return 0;
    }
    s++;
    len--;
    if (s[len - 1] == 'Z') {
        len--;
    }
    if (len > sizeof zeros - 1 || !(len == 5 || len == 8 || len >= 10)) {
        return 0; /* HH:MM, HH:MM:SS or HH:MM:SS.fraction */
    }
    for (i = 0; i < len; i++) {
        if (s[i] != zeros[i]) {
            return 0;
        }
    }
    return 1;
}

int tdm_parse_date(const char *s, size_t len, int32_t *days)
{
    unsigned y, m, d;
    trim(&s, &len);
    if (len > 10 && midnight(s + 10, len - 10)) {
        len = 10;
    }
    if (len != 10 || s[4] != '-' || s[7] != '-') {
        return TDM_EPARSE;
    }
    if (!digits(s, 4, &y) || !digits(s + 5, 2, &m) || !digits(s + 8, 2, &d)) {
        return TDM_EPARSE;
    }
    if (y < 1 || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m)) {
        return TDM_EPARSE;
    }
    *days = (int32_t)days_from_civil((int64_t)y, m, d);
    return TDM_OK;
}

int tdm_parse_date_dmy(const char *s, size_t len, int32_t *days)
{
    unsigned part[3] = { 0, 0, 0 };
    size_t width[3] = { 0, 0, 0 };
    size_t k = 0;
    char sep = 0;
    trim(&s, &len);
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (c >= '0' && c <= '9') {
            if (width[k] == 4) {
                return TDM_EPARSE;
            }
            part[k] = part[k] * 10 + (unsigned)(c - '0');
            width[k]++;
        } else if ((c == '/' || c == '-' || c == '.') && k < 2 && width[k] > 0 &&
                   (sep == 0 || c == sep)) {
            sep = c;
            k++;
        } else if (k == 2 && width[2] == 4 && midnight(s + i, len - i)) {
            break;
        } else {
            return TDM_EPARSE;
        }
    }
    if (k != 2 || width[0] > 2 || width[1] > 2 || width[2] != 4) {
        return TDM_EPARSE;
    }
    {
        const unsigned d = part[0], m = part[1], y = part[2];
        if (y < 1 || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m)) {
            return TDM_EPARSE;
        }
        *days = (int32_t)days_from_civil((int64_t)y, m, d);
    }
    return TDM_OK;
}

size_t tdm_format_date(int32_t days, char *buf)
{
    int64_t z = (int64_t)days + 719468;
    const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = (unsigned)(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t y = (int64_t)yoe + era * 400;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned d = doy - (153 * mp + 2) / 5 + 1;
    const unsigned m = mp < 10 ? mp + 3 : mp - 9;
    unsigned yy;
    y += m <= 2;
    if (y < 1 || y > 9999) {
        buf[0] = '\0';
        return 0;
    }
    yy = (unsigned)y;
    buf[0] = (char)('0' + yy / 1000);
    buf[1] = (char)('0' + yy / 100 % 10);
    buf[2] = (char)('0' + yy / 10 % 10);
    buf[3] = (char)('0' + yy % 10);
    buf[4] = '-';
    buf[5] = (char)('0' + m / 10);
    buf[6] = (char)('0' + m % 10);
    buf[7] = '-';
    buf[8] = (char)('0' + d / 10);
    buf[9] = (char)('0' + d % 10);
    buf[10] = '\0';
    return 10;
}
