/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fail.c - library status -> message on stderr and exit code. */
#include <stdio.h>

#include "cmd.h"

int cli_fail(const char *cmd, int status, const tdm_error *err)
{
    const char *msg =
        (err != NULL && err->message[0] != '\0') ? err->message : tdm_strerror(status);
    fprintf(stderr, "tandem %s: %s\n", cmd, msg);
    switch (status) {
    case TDM_EPARSE:
    case TDM_EDOMAIN:
    case TDM_ENOTFOUND:
    case TDM_ESOLVER:
    case TDM_ELIMIT:
    case TDM_ENOMEM:
        return EXIT_DATA;
    case TDM_EIO:
        return EXIT_IO;
    case TDM_EINVAL:
        return EXIT_USAGE;
    default:
        return EXIT_INTERNAL;
    }
}

int cli_error_at(tdm_error *err, int status, const char *source, uint64_t line, const char *col,
                 const char *value, const char *what)
{
    err->status = status;
    err->line = line;
    err->field = 0;
    snprintf(err->message, sizeof err->message, "%s: line %llu, column \"%s\": \"%.60s\" %s",
             source, (unsigned long long)line, col, value, what);
    return status;
}
