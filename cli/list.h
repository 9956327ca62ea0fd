/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * list.h - comma-separated lists of column names or files in option values
 * (--sum register,list), shared by the commands that take them.
 */
#ifndef TANDEM_CLI_LIST_H
#define TANDEM_CLI_LIST_H

#include <stddef.h>

typedef struct cli_list {
    const char **items; /* n names (pointers into buf) */
    size_t n;
    char *buf;
} cli_list;

/* Split "a,b,c" (NULL gives an empty list). @return 0, -1 out of memory,
 * -2 an empty item ("a,,b" or a trailing comma). */
int cli_list_split(const char *text, cli_list *out);
/* 1 if name is in the list. */
int cli_list_has(const cli_list *l, const char *name);
void cli_list_free(cli_list *l);

#endif
