/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * error.c - status texts and the caller-owned error struct. Messages say
 * where (line, field) and what; no allocation happens on an error path.
 */
#include "core.h"

#include <stdio.h>
#include <string.h>

const char *tdm_strerror(int status)
{
    switch (status) {
    case TDM_OK:
        return "success";
    case TDM_ENOMEM:
        return "out of memory";
    case TDM_EINVAL:
        return "invalid argument";
    case TDM_EDOMAIN:
        return "input outside the method's domain";
    case TDM_EPARSE:
        return "malformed input";
    case TDM_EIO:
        return "input/output error";
    case TDM_ELIMIT:
        return "limit exceeded";
    case TDM_ENOTFOUND:
        return "not found";
    case TDM_ESOLVER:
        return "solver failed";
    default:
        return "unknown error";
    }
}

void tdm__error_clear(tdm_error *err)
{
    if (err != NULL) {
        err->status = TDM_OK;
        err->line = 0;
        err->field = 0;
        err->message[0] = '\0';
    }
}

int tdm__error(tdm_error *err, int status, uint64_t line, uint32_t field, const char *fmt, ...)
{
    va_list ap;
    if (err == NULL) {
        return status;
    }
    err->status = status;
    err->line = line;
    err->field = field;
    va_start(ap, fmt);
    (void)vsnprintf(err->message, sizeof err->message, fmt, ap); /* truncation is acceptable */
    va_end(ap);
    return status;
}

void tdm__quote_text(char *buf, size_t cap, const char *s, size_t len)
{
    /* Show at most 40 bytes; replace control bytes so a message stays one line. */
    size_t o = 0;
    size_t shown = len > 40 ? 40 : len;
    if (cap < 8) {
        if (cap > 0) {
            buf[0] = '\0';
        }
        return;
    }
    buf[o++] = '"';
    for (size_t i = 0; i < shown && o + 5 < cap; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20 || c == 0x7f) {
            buf[o++] = '?';
        } else {
            buf[o++] = s[i];
        }
    }
    if (shown < len && o + 5 < cap) {
        memcpy(buf + o, "...", 3);
        o += 3;
    }
    buf[o++] = '"';
    buf[o] = '\0';
}
