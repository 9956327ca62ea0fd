/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * opt.c - option parsing from the declarative tables (a thin layer over
 * getopt_long), and the help and man-page text generated from them.
 */
#include "opt.h"

#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tandem.h"

enum { HELP_ID = 1000, MAN_MD_ID, MAN_ROFF_ID };

int cli_usage_error(const cli_command_doc *doc, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "tandem %s: ", doc->name);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\nSee 'tandem %s --help'.\n", doc->name);
    return 2;
}

static int set_value(const cli_command_doc *doc, const cli_option *o, const char *arg)
{
    switch (o->type) {
    case CLI_OPT_STRING:
        *(const char **)o->target = arg;
        return 0;
    case CLI_OPT_FLAG:
        *(int *)o->target = 1;
        return 0;
    case CLI_OPT_SIZE: {
        char *end = NULL;
        unsigned long long v;
        errno = 0;
        if (arg[0] == '-' || arg[0] == '\0') {
            return cli_usage_error(doc, "--%s expects a whole number, got \"%s\"", o->name, arg);
        }
        v = strtoull(arg, &end, 10);
        if (errno != 0 || *end != '\0' || v > SIZE_MAX) {
            return cli_usage_error(doc, "--%s expects a whole number, got \"%s\"", o->name, arg);
        }
        *(size_t *)o->target = (size_t)v;
        return 0;
    }
    case CLI_OPT_DOUBLE: {
        double v;
        if (tdm_parse_double(arg, strlen(arg), &v) != TDM_OK || !isfinite(v)) {
            return cli_usage_error(doc, "--%s expects a number, got \"%s\"", o->name, arg);
        }
        *(double *)o->target = v;
        return 0;
    }
    case CLI_OPT_CHOICE:
        for (int i = 0; o->choices[i] != NULL; i++) {
            if (strcmp(o->choices[i], arg) == 0) {
                *(int *)o->target = i;
                return 0;
            }
        }
        {
            char list[200] = "";
            size_t used = 0;
            for (int i = 0; o->choices[i] != NULL && used + 2 < sizeof list; i++) {
                int w =
                    snprintf(list + used, sizeof list - used, "%s%s", i ? ", " : "", o->choices[i]);
                if (w < 0) {
                    break;
                }
                used += (size_t)w;
            }
            return cli_usage_error(doc, "--%s must be one of %s (got \"%s\")", o->name, list, arg);
        }
    }
    return cli_usage_error(doc, "internal: bad option type");
}

/* Long-option table and getopt short string from the declarative table. */
static void build_getopt(const cli_command_doc *doc, struct option *longs, char *shorts)
{
    size_t ns = 0;
    size_t n = doc->n_options;
    shorts[ns++] = ':'; /* report missing arguments as ':' */
    for (size_t i = 0; i < n; i++) {
        const cli_option *o = &doc->options[i];
        int has_arg = o->type == CLI_OPT_FLAG ? no_argument : required_argument;
        longs[i].name = o->name;
        longs[i].has_arg = has_arg;
        longs[i].flag = NULL;
        longs[i].val = o->short_name ? o->short_name : (int)(2000 + i);
        if (o->short_name) {
            shorts[ns++] = o->short_name;
            if (has_arg == required_argument) {
                shorts[ns++] = ':';
            }
        }
    }
    shorts[ns++] = 'h';
    shorts[ns] = '\0';
    longs[n] = (struct option){ "help", no_argument, NULL, HELP_ID };
    longs[n + 1] = (struct option){ "help-man", no_argument, NULL, MAN_MD_ID };
    longs[n + 2] = (struct option){ "help-roff", no_argument, NULL, MAN_ROFF_ID };
    longs[n + 3] = (struct option){ NULL, 0, NULL, 0 };
}

static const cli_option *option_for(const cli_command_doc *doc, int c)
{
    for (size_t i = 0; i < doc->n_options; i++) {
        if (c == (doc->options[i].short_name ? doc->options[i].short_name : (int)(2000 + i))) {
            return &doc->options[i];
        }
    }
    return NULL;
}

/* Handle one getopt result. @return -1 to go on, else an exit code. */
static int one_option(const cli_command_doc *doc, int c, char **argv)
{
    const cli_option *o;
    switch (c) {
    case 'h':
    case HELP_ID:
        cli_print_help(doc, stdout);
        return 0;
    case MAN_MD_ID:
        cli_print_man_markdown(doc, stdout);
        return 0;
    case MAN_ROFF_ID:
        cli_print_man_roff(doc, stdout);
        return 0;
    case '?':
        if (optopt != 0) {
            return cli_usage_error(doc, "unknown option -%c", optopt);
        }
        return cli_usage_error(doc, "unknown option %s", argv[optind - 1]);
    case ':':
        return cli_usage_error(doc, "option %s needs a value", argv[optind - 1]);
    default:
        break;
    }
    o = option_for(doc, c);
    if (o == NULL) {
        return cli_usage_error(doc, "internal: unmatched option");
    }
    return set_value(doc, o, optarg) != 0 ? 2 : -1;
}

int cli_parse(const cli_command_doc *doc, int argc, char **argv)
{
    struct option longs[64];
    char shorts[128];
    int c;
    if (doc->n_options + 4 > sizeof longs / sizeof *longs) {
        return cli_usage_error(doc, "internal: too many options");
    }
    build_getopt(doc, longs, shorts);
    optind = 1;
    opterr = 0;
    for (;;) {
        int rc;
        c = getopt_long(argc, argv, shorts, longs, NULL);
        if (c == -1) {
            break;
        }
        rc = one_option(doc, c, argv);
        if (rc >= 0) {
            return rc;
        }
    }
    if (optind < argc) {
        return cli_usage_error(doc, "unexpected argument \"%s\"", argv[optind]);
    }
    for (size_t i = 0; i < doc->n_options; i++) {
        const cli_option *o = &doc->options[i];
        if (o->required && o->type == CLI_OPT_STRING && *(const char **)o->target == NULL) {
            return cli_usage_error(doc, "--%s %s is required", o->name, o->value_name);
        }
    }
    return -1;
}

/* ---- help and man pages ---- */

static void option_signature(const cli_option *o, char *buf, size_t cap)
{
    char val[96] = "";
    if (o->type == CLI_OPT_CHOICE) {
        size_t used = 0;
        for (int i = 0; o->choices[i] != NULL && used + 2 < sizeof val; i++) {
            int w = snprintf(val + used, sizeof val - used, "%s%s", i ? "|" : "", o->choices[i]);
            if (w < 0) {
                break;
            }
            used += (size_t)w;
        }
    } else if (o->value_name != NULL) {
        snprintf(val, sizeof val, "%s", o->value_name);
    }
    if (o->short_name) {
        snprintf(buf, cap, "-%c, --%s%s%s", o->short_name, o->name, val[0] ? " " : "", val);
    } else {
        snprintf(buf, cap, "--%s%s%s", o->name, val[0] ? " " : "", val);
    }
}

void cli_print_help(const cli_command_doc *doc, FILE *fp)
{
    fprintf(fp, "usage: tandem %s [options]\n\n%s\n\nOptions:\n", doc->name, doc->summary);
    for (size_t i = 0; i < doc->n_options; i++) {
        char sig[160];
        option_signature(&doc->options[i], sig, sizeof sig);
        if (strlen(sig) <= 28) {
            fprintf(fp, "  %-28s %s\n", sig, doc->options[i].help);
        } else {
            fprintf(fp, "  %s\n  %-28s %s\n", sig, "", doc->options[i].help);
        }
    }
    fprintf(fp, "  %-28s %s\n", "-h, --help", "Show this help and exit.");
    if (doc->n_examples > 0) {
        fprintf(fp, "\nExamples:\n");
        for (size_t i = 0; i < doc->n_examples; i++) {
            fprintf(fp, "  # %s\n  %s\n", doc->examples[i].title, doc->examples[i].command);
        }
    }
    fprintf(fp, "\nMore: man tandem-%s, or docs/man/tandem-%s.1.md\n", doc->name, doc->name);
}

void cli_print_man_markdown(const cli_command_doc *doc, FILE *fp)
{
    fprintf(fp, "# tandem-%s(1)\n\n", doc->name);
    fprintf(fp,
            "<!-- Generated by `tandem %s --help-man` from cli/cmd_%s.c. Do not edit: "
            "edit the option table and run scripts/gen-man.sh. -->\n\n",
            doc->name, doc->name);
    fprintf(fp, "## NAME\n\ntandem-%s - %s\n\n", doc->name, doc->summary);
    fprintf(fp, "## SYNOPSIS\n\n`tandem %s [options]`\n\n", doc->name);
    fprintf(fp, "## DESCRIPTION\n\n%s\n\n", doc->description);
    fprintf(fp, "## OPTIONS\n\n");
    for (size_t i = 0; i < doc->n_options; i++) {
        char sig[160];
        option_signature(&doc->options[i], sig, sizeof sig);
        fprintf(fp, "`%s`%s\n: %s\n\n", sig, doc->options[i].required ? " (required)" : "",
                doc->options[i].help);
    }
    fprintf(fp, "`-h, --help`\n: Show the help and exit.\n\n");
    if (doc->output != NULL) {
        fprintf(fp, "## OUTPUT\n\n%s\n\n", doc->output);
    }
    fprintf(fp, "## EXIT STATUS\n\n0 success; 1 data or processing error; 2 usage error; "
                "3 input/output error; 70 internal error. See tandem(1).\n\n");
    if (doc->n_examples > 0) {
        fprintf(fp, "## EXAMPLES\n\n");
        for (size_t i = 0; i < doc->n_examples; i++) {
            fprintf(fp, "%s:\n\n    %s\n\n", doc->examples[i].title, doc->examples[i].command);
        }
    }
    fprintf(fp, "## SEE ALSO\n\ntandem(1)\n");
}

/* Write text with roff escapes (backslashes, leading dots and quotes). */
static void roff_text(FILE *fp, const char *s)
{
    int bol = 1;
    for (; *s; s++) {
        if (bol && (*s == '.' || *s == '\'')) {
            fputs("\\&", fp);
        }
        if (*s == '\\') {
            fputs("\\e", fp);
        } else if (*s == '-') {
            fputs("\\-", fp);
        } else if (*s == '`') {
            /* markdown code marks carry no meaning in roff */
        } else {
            fputc(*s, fp);
        }
        bol = *s == '\n';
    }
}

void cli_print_man_roff(const cli_command_doc *doc, FILE *fp)
{
    fprintf(fp, ".\\\" Generated by `tandem %s --help-roff`; do not edit.\n", doc->name);
    fprintf(fp, ".TH TANDEM\\-%s 1 \"\" \"tandem %s\" \"tandem manual\"\n", doc->name,
            tdm_version_string());
    fprintf(fp, ".SH NAME\ntandem\\-%s \\- ", doc->name);
    roff_text(fp, doc->summary);
    fprintf(fp, "\n.SH SYNOPSIS\n.B tandem %s\n[options]\n.SH DESCRIPTION\n", doc->name);
    for (const char *p = doc->description; *p;) {
        const char *q = strstr(p, "\n\n");
        size_t len = q ? (size_t)(q - p) : strlen(p);
        char para[2048];
        snprintf(para, sizeof para, "%.*s", (int)len, p);
        fputs(".PP\n", fp);
        roff_text(fp, para);
        fputc('\n', fp);
        p += len;
        while (*p == '\n') {
            p++;
        }
    }
    fputs(".SH OPTIONS\n", fp);
    for (size_t i = 0; i < doc->n_options; i++) {
        char sig[160];
        option_signature(&doc->options[i], sig, sizeof sig);
        fputs(".TP\n.B ", fp);
        roff_text(fp, sig);
        fputc('\n', fp);
        roff_text(fp, doc->options[i].help);
        fputc('\n', fp);
    }
    if (doc->output != NULL) {
        fputs(".SH OUTPUT\n", fp);
        roff_text(fp, doc->output);
        fputc('\n', fp);
    }
    fputs(".SH EXIT STATUS\n0 success; 1 data or processing error; 2 usage error; 3 "
          "input/output error; 70 internal error.\n",
          fp);
    if (doc->n_examples > 0) {
        fputs(".SH EXAMPLES\n", fp);
        for (size_t i = 0; i < doc->n_examples; i++) {
            fputs(".PP\n", fp);
            roff_text(fp, doc->examples[i].title);
            fputs(":\n.PP\n.nf\n.RS 4\n", fp);
            roff_text(fp, doc->examples[i].command);
            fputs("\n.RE\n.fi\n", fp);
        }
    }
    fputs(".SH SEE ALSO\ntandem(1)\n", fp);
}
