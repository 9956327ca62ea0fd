/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * rpt_buf.c - the growable text buffer every renderer in report/ writes to,
 * with HTML escaping and fixed-point SVG coordinates (no printf of doubles,
 * so no locale can change a byte).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "rpt_internal.h"

void rpt_buf_init(rpt_buf *b)
{
    memset(b, 0, sizeof *b);
}

void rpt_buf_free(rpt_buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

static int reserve(rpt_buf *b, size_t extra)
{
    size_t cap;
    char *p;
    if (b->failed) {
        return 0;
    }
    if (extra <= b->cap - b->len) {
        return 1;
    }
    cap = b->cap ? b->cap : 4096;
    while (cap - b->len < extra) {
        if (cap > SIZE_MAX / 2) {
            b->failed = TDM_ENOMEM;
            return 0;
        }
        cap *= 2;
    }
    p = realloc(b->data, cap);
    if (p == NULL) {
        b->failed = TDM_ENOMEM;
        return 0;
    }
    b->data = p;
    b->cap = cap;
    return 1;
}

void rpt_buf_put(rpt_buf *b, const char *s, size_t n)
{
    if (n > 0 && reserve(b, n)) {
        memcpy(b->data + b->len, s, n);
        b->len += n;
    }
}

void rpt_buf_puts(rpt_buf *b, const char *s)
{
    rpt_buf_put(b, s, strlen(s));
}

void rpt_buf_esc(rpt_buf *b, const char *s)
{
    const char *run = s;
    if (s == NULL) {
        return;
    }
    for (; *s != '\0'; s++) {
        const char *rep;
        switch (*s) {
        case '&':
            rep = "&amp;";
            break;
        case '<':
            rep = "&lt;";
            break;
        case '>':
            rep = "&gt;";
            break;
        case '"':
            rep = "&quot;";
            break;
        case '\'':
            rep = "&#39;";
            break;
        default:
            continue;
        }
        rpt_buf_put(b, run, (size_t)(s - run));
        rpt_buf_puts(b, rep);
        run = s + 1;
    }
    rpt_buf_put(b, run, (size_t)(s - run));
}

void rpt_buf_int(rpt_buf *b, long long v)
{
    char tmp[24];
    size_t i = sizeof tmp;
    unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
    do {
        tmp[--i] = (char)('0' + u % 10);
        u /= 10;
    } while (u > 0);
    if (v < 0) {
        tmp[--i] = '-';
    }
    rpt_buf_put(b, tmp + i, sizeof tmp - i);
}

void rpt_buf_coord(rpt_buf *b, double v)
{
    long long t;
    if (!isfinite(v)) {
        v = 0;
    }
    /* Coordinates stay within a few thousand units; clamp anything wild. */
    if (v > 1e9) {
        v = 1e9;
    } else if (v < -1e9) {
        v = -1e9;
    }
    t = llround(v * 10.0);
    if (t < 0) {
        rpt_buf_put(b, "-", 1);
        t = -t;
    }
    rpt_buf_int(b, t / 10);
    if (t % 10 != 0) {
        char d[2] = { '.', (char)('0' + t % 10) };
        rpt_buf_put(b, d, 2);
    }
}

int rpt_buf_flush(rpt_buf *b, size_t threshold)
{
    if (b->failed || b->fn == NULL || b->len < threshold || b->len == 0) {
        return b->failed;
    }
    {
        int rc = b->fn(b->ctx, b->data, b->len);
        if (rc < 0) {
            b->failed = rc;
        }
    }
    b->len = 0;
    return b->failed;
}
