/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * main.c - `tandem <command> [options]`: global options and the dispatch
 * table from which `tandem help` and the unknown-command message are made.
 */
#include <stdio.h>
#include <string.h>

#include "cmd.h"

typedef struct command {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary;
} command;

static const command commands[] = {
    { "spc", cmd_spc, "Making Data Count XmR charts: limits, special causes and icons" },
    { "qic", cmd_qic, "Run charts and control charts (qicharts2): limits, Anhoej runs analysis" },
    { "report", cmd_report,
      "Board pack: one self-contained HTML file with SPC charts, plus Excel" },
    { "ci", cmd_ci, "Indicator values with confidence intervals (PHE Fingertips methods)" },
    { "funnel", cmd_funnel, "Funnel plots: significance and control limits, overdispersion" },
    { "rollup", cmd_rollup,
      "Roll a CSV up through lookups to every level at once, with small-number suppression" },
    { "inequality", cmd_inequality,
      "Slope and relative index of inequality (SII, RII) and the CORE20 gap, per area" },
    /* issue 5: peers, pairing, opportunity */
    { "peers", cmd_peers, "Context peers: the k most similar units (Similar 10, Mahalanobis)" },
    { "pair", cmd_pair, "Pair challenged units with credibly better peers (min-cost flow)" },
    { "opportunity", cmd_opportunity,
      "Opportunity: the gap to a benchmark in natural units, rolled up" },
};

#define N_COMMANDS (sizeof commands / sizeof *commands)

static void usage(FILE *fp)
{
    fprintf(fp, "usage: tandem <command> [options]\n\n"
                "tandem: measurement for improvement in health and care systems.\n\n"
                "Commands:\n");
    for (size_t i = 0; i < N_COMMANDS; i++) {
        fprintf(fp, "  %-12s %s\n", commands[i].name, commands[i].summary);
    }
    fprintf(fp, "  %-12s %s\n", "help", "Show this list, or the help of one command");
    fprintf(fp, "\nGlobal options:\n  --version    Print the version and exit\n"
                "  -h, --help   Show this help and exit\n\n"
                "Run 'tandem help <command>' for a command's options and examples.\n"
                "Exit status: 0 success, 1 data error, 2 usage error, 3 input/output error,\n"
                "70 internal error.\n");
}

static const command *find(const char *name)
{
    for (size_t i = 0; i < N_COMMANDS; i++) {
        if (strcmp(commands[i].name, name) == 0) {
            return &commands[i];
        }
    }
    return NULL;
}

static int unknown(const char *name)
{
    fprintf(stderr, "tandem: '%s' is not a tandem command. See 'tandem help'.\n", name);
    return EXIT_USAGE;
}

static int help(int argc, char **argv)
{
    const command *c;
    char help_flag[] = "--help";
    char *sub[3];
    if (argc < 2) {
        usage(stdout);
        return EXIT_OK;
    }
    c = find(argv[1]);
    if (c == NULL) {
        return unknown(argv[1]);
    }
    sub[0] = argv[1];
    sub[1] = help_flag;
    sub[2] = NULL;
    return c->run(2, sub);
}

int main(int argc, char **argv)
{
    const command *c;
    int rc;
    if (argc < 2) {
        usage(stderr);
        return EXIT_USAGE;
    }
    if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "version") == 0) {
        printf("tandem %s\n", tdm_version_string());
        rc = EXIT_OK;
    } else if (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0) {
        usage(stdout);
        rc = EXIT_OK;
    } else if (strcmp(argv[1], "help") == 0) {
        rc = help(argc - 1, argv + 1);
    } else {
        c = find(argv[1]);
        if (c == NULL) {
            return unknown(argv[1]);
        }
        rc = c->run(argc - 1, argv + 1);
    }
    /* A full disk or closed pipe on stdout is a failure, not a success. */
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "tandem: cannot write standard output\n");
        return EXIT_IO;
    }
    if (fclose(stdout) != 0 && rc == EXIT_OK) {
        fprintf(stderr, "tandem: cannot write standard output\n");
        return EXIT_IO;
    }
    return rc;
}
