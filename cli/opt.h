/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * opt.h - declarative option tables for tandem subcommands. One table per
 * command drives parsing (getopt_long), the usage line, --help, and the man
 * pages in docs/man (generated from the table, checked by a test).
 */
#ifndef TANDEM_CLI_OPT_H
#define TANDEM_CLI_OPT_H

#include <stddef.h>
#include <stdio.h>

typedef enum cli_opt_type {
    CLI_OPT_STRING, /* target: const char ** */
    CLI_OPT_SIZE,   /* target: size_t * (non-negative integer) */
    CLI_OPT_DOUBLE, /* target: double * */
    CLI_OPT_FLAG,   /* target: int * (set to 1) */
    CLI_OPT_CHOICE  /* target: int * (index into choices) */
} cli_opt_type;

typedef struct cli_option {
    const char *name; /* long name, without "--" */
    char short_name;  /* 0: none */
    cli_opt_type type;
    void *target;
    const char *value_name;     /* FILE, COL, N ... (NULL for flags) */
    const char *help;           /* one sentence; defaults in brackets */
    const char *const *choices; /* CLI_OPT_CHOICE: NULL-terminated */
    int required;               /* 1: the command cannot run without it */
} cli_option;

typedef struct cli_example {
    const char *title;
    const char *command;
} cli_example;

typedef struct cli_command_doc {
    const char *name;        /* "spc" */
    const char *summary;     /* one line, for `tandem help` */
    const char *description; /* paragraphs separated by blank lines */
    const cli_option *options;
    size_t n_options;
    const cli_example *examples;
    size_t n_examples;
    const char *output; /* description of the output columns */
} cli_command_doc;

/* Parse argv against the table. @return -1 to continue, otherwise the exit
 * code to return at once (0 after --help, 2 after a usage error). */
int cli_parse(const cli_command_doc *doc, int argc, char **argv);

/* Report a usage error for this command (to stderr) and return 2. */
int cli_usage_error(const cli_command_doc *doc, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

void cli_print_help(const cli_command_doc *doc, FILE *fp);
void cli_print_man_markdown(const cli_command_doc *doc, FILE *fp);
void cli_print_man_roff(const cli_command_doc *doc, FILE *fp);

#endif
