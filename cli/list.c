/* SPDX-License-Identifier: GPL-3.0-or-later */
/* list.c - comma-separated option values (--sum a,b,c) split into names. */
#include "list.h"

#include <stdlib.h>
#include <string.h>

int cli_list_split(const char *text, cli_list *out)
{
    size_t n = 1;
    char *p;
    memset(out, 0, sizeof *out);
    if (text == NULL) {
        return 0;
    }
    for (const char *c = text; *c != '\0'; c++) {
        n += *c == ',';
    }
    out->buf = strdup(text);
    out->items = calloc(n, sizeof *out->items);
    if (out->buf == NULL || out->items == NULL) {
        cli_list_free(out);
        return -1;
    }
    p = out->buf;
    for (size_t i = 0; i < n; i++) {
        char *comma = strchr(p, ',');
        if (comma != NULL) {
            *comma = '\0';
        }
        if (*p == '\0') {
            cli_list_free(out);
            return -2; /* an empty name */
        }
        out->items[i] = p;
        p = comma != NULL ? comma + 1 : p + strlen(p);
    }
    out->n = n;
    return 0;
}

int cli_list_has(const cli_list *l, const char *name)
{
    for (size_t i = 0; i < l->n; i++) {
        if (strcmp(l->items[i], name) == 0) {
            return 1;
        }
    }
    return 0;
}

void cli_list_free(cli_list *l)
{
    free(l->buf);
    free(l->items);
    memset(l, 0, sizeof *l);
}
