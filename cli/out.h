/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * out.h - all-or-nothing output for commands. Output goes to a temporary
 * file first: `-o FILE` writes FILE.tmp.XXXXXX beside FILE and renames it
 * into place on success; standard output is spooled through an unlinked
 * temporary file and copied out at the end. So a failed run never leaves a
 * half-written file, and a command can discard what it wrote and start again
 * (used when the series reader restarts on ungrouped input). Devices and
 * pipes named with -o (/dev/null, /dev/full, FIFOs) are written directly.
 */
#ifndef TANDEM_CLI_OUT_H
#define TANDEM_CLI_OUT_H

#include <stddef.h>

typedef struct cli_out {
    int fd;           /* where bytes go now */
    int direct;       /* 1: writing straight to the destination */
    int to_stdout;    /* 1: copy the spool to standard output at commit */
    char *path;       /* destination (NULL for stdout) */
    char *tmp_path;   /* temporary beside the destination, or NULL */
    int failed_errno; /* first write error */
} cli_out;

/* Open output for `path` (NULL or "-" = standard output). On failure prints
 * "tandem <cmd>: ..." and returns 3; else 0. */
int cli_out_open(cli_out *o, const char *cmd, const char *path);
/* tdm_write_fn sink: ctx is a cli_out. */
int cli_out_write(void *ctx, const void *buf, size_t len);
/* Discard everything written so far. @return 0 or 3 (message printed). */
int cli_out_reset(cli_out *o, const char *cmd);
/* Put the output in place. @return 0, or 3 with a message. */
int cli_out_commit(cli_out *o, const char *cmd);
/* Remove any temporary file; safe after commit and on a zeroed struct. */
void cli_out_abort(cli_out *o);

#endif
