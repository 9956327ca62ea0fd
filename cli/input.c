/* SPDX-License-Identifier: GPL-3.0-or-later */
/* input.c - shared parsing of the input options (see input.h). */
#include "input.h"

#include <string.h>

const char *const cli_date_format_choices[] = { "iso", "dmy", NULL };

int cli_delimiter(const cli_command_doc *doc, const char *arg, char *out)
{
    if (arg == NULL) {
        *out = ',';
        return -1;
    }
    if (strcmp(arg, "tab") == 0 || strcmp(arg, "\\t") == 0 || strcmp(arg, "\t") == 0) {
        *out = '\t';
        return -1;
    }
    if (strlen(arg) == 1 && strchr(",;|", arg[0]) != NULL) {
        *out = arg[0];
        return -1;
    }
    return cli_usage_error(doc, "--delimiter must be one of , ; | tab (got \"%s\")", arg);
}

int cli_na_list(const cli_command_doc *doc, const char *arg, char *buf, size_t bufcap,
                const char **list, size_t cap, size_t *n)
{
    char *p = buf;
    *n = 0;
    if (strlen(arg) >= bufcap) {
        return cli_usage_error(doc, "--na is too long");
    }
    memcpy(buf, arg, strlen(arg) + 1);
    for (;;) {
        char *comma = strchr(p, ',');
        if (*n == cap) {
            return cli_usage_error(doc, "--na lists at most %zu values", cap);
        }
        if (comma != NULL) {
            *comma = '\0';
        }
        list[(*n)++] = p;
        if (comma == NULL) {
            return -1;
        }
        p = comma + 1;
    }
}
