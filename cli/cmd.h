/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cmd.h - the subcommands of `tandem` (one file each, cli/cmd_<name>.c) and
 * the helpers they share. Commands parse options, open input, call
 * libtandem, and write output; they hold no statistics.
 */
#ifndef TANDEM_CLI_CMD_H
#define TANDEM_CLI_CMD_H

#include "tandem.h"

/* Exit codes, documented in tandem(1). */
enum {
    EXIT_OK = 0,
    EXIT_DATA = 1,     /* bad data or a processing error */
    EXIT_USAGE = 2,    /* bad flag or option value */
    EXIT_IO = 3,       /* cannot open, read or write */
    EXIT_DB = 4,       /* registry or database error */
    EXIT_INTERNAL = 70 /* a bug */
};

int cmd_spc(int argc, char **argv);
int cmd_qic(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_ci(int argc, char **argv);
int cmd_funnel(int argc, char **argv);
int cmd_rollup(int argc, char **argv);
int cmd_inequality(int argc, char **argv);
/* issue 5 */
int cmd_peers(int argc, char **argv);
int cmd_pair(int argc, char **argv);
int cmd_opportunity(int argc, char **argv);

/* Print "tandem <cmd>: <message>" for a library status and return the exit
 * code it maps to (conventions section 7). */
int cli_fail(const char *cmd, int status, const tdm_error *err);

/* Fill err with "SOURCE: line N, column "COL": "VALUE" WHAT" and return status. */
int cli_error_at(tdm_error *err, int status, const char *source, uint64_t line, const char *col,
                 const char *value, const char *what);

#endif
