/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * input.h - the input options every command spells the same way
 * (conventions section 7): --delimiter, --na, --date-format.
 */
#ifndef TANDEM_CLI_INPUT_H
#define TANDEM_CLI_INPUT_H

#include <stddef.h>

#include "opt.h"

/* Choices for a CLI_OPT_CHOICE --date-format option (index = tdm_date_format). */
extern const char *const cli_date_format_choices[];

/* "," ";" "|" "tab" or "\t" -> the delimiter byte. @return -1 ok, else exit code 2
 * (message printed). NULL arg means ','. */
int cli_delimiter(const cli_command_doc *doc, const char *arg, char *out);

/* Split a comma-separated --na list (e.g. "NA,,-,n/a") into at most `cap`
 * strings, copied into buf (bufcap bytes). An empty item means the empty
 * field. @return -1 ok, else exit code 2 (message printed). */
int cli_na_list(const cli_command_doc *doc, const char *arg, char *buf, size_t bufcap,
                const char **list, size_t cap, size_t *n);

#endif
