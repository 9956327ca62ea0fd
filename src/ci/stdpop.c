/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * stdpop.c - age band labels and standard populations for direct
 * standardisation: the European Standard Population 2013 in its 19- and
 * 21-band forms, user tables, and matching of input labels to bands.
 */
#include "ci_internal.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct tdm_stdpop {
    char *name;
    size_t n;
    char **labels;
    double *weights;
    tdm_ageband *parsed;
    tdm__strmap *seen; /* raw input labels already matched */
    size_t *seen_band; /* band of each seen label, by strmap id */
    size_t cap_seen;
    /* Input usually lists the bands in the same order group after group, so
     * the label after band k is checked against the last text seen for band
     * k + 1 before any hashing. */
    char (*recent)[24]; /* per band: last raw label matched (if short enough) */
    unsigned char *recent_len;
    size_t last; /* band of the previous match */
};

/* SPEC: dsr.esp2013 - Eurostat (2013) "Revision of the European Standard
 * Population", Table 3.1; 21 bands as published, and the 19-band form of
 * PHEindicatormethods `esp2013` (0-4 = 1,000 + 4,000; 90+ = 800 + 200). */
static const char *const esp19_labels[19] = { "0-4",   "5-9",   "10-14", "15-19", "20-24",
                                              "25-29", "30-34", "35-39", "40-44", "45-49",
                                              "50-54", "55-59", "60-64", "65-69", "70-74",
                                              "75-79", "80-84", "85-89", "90+" };
static const double esp19_weights[19] = { 5000, 5500, 5500, 5500, 6000, 6000, 6500,
                                          7000, 7000, 7000, 7000, 6500, 6000, 5500,
                                          5000, 4000, 2500, 1500, 1000 };
static const char *const esp21_labels[21] = { "0",     "1-4",   "5-9",   "10-14", "15-19", "20-24",
                                              "25-29", "30-34", "35-39", "40-44", "45-49", "50-54",
                                              "55-59", "60-64", "65-69", "70-74", "75-79", "80-84",
                                              "85-89", "90-94", "95+" };
static const double esp21_weights[21] = { 1000, 4000, 5500, 5500, 5500, 6000, 6000,
                                          6500, 7000, 7000, 7000, 7000, 6500, 6000,
                                          5500, 5000, 4000, 2500, 1500, 800,  200 };

/* Does the lower-cased text s[0..len) contain word w? */
static int contains(const char *s, size_t len, const char *w)
{
    size_t wl = strlen(w);
    for (size_t i = 0; i + wl <= len; i++) {
        size_t k = 0;
        while (k < wl && tolower((unsigned char)s[i + k]) == w[k]) {
            k++;
        }
        if (k == wl) {
            return 1;
        }
    }
    return 0;
}

static int read_int(const char *s, size_t len, size_t *i, int *out)
{
    long v = 0;
    size_t start = *i;
    while (*i < len && isdigit((unsigned char)s[*i]) && v < 100000) {
        v = v * 10 + (s[*i] - '0');
        (*i)++;
    }
    if (*i == start || v >= 100000) {
        return 0;
    }
    *out = (int)v;
    return 1;
}

static size_t skip_space(const char *s, size_t len, size_t i)
{
    while (i < len && isspace((unsigned char)s[i])) {
        i++;
    }
    return i;
}

static void set_band(tdm_ageband *out, int kind, int lower, int upper)
{
    out->kind = kind;
    out->lower = lower;
    out->upper = upper;
}

/* After the first age a at s[i]: "-b" / "to b" (closed), "+" / "and over" /
 * "plus" / "older" (open), nothing numeric (one year), else text. */
static void band_tail(const char *s, size_t len, size_t i, int a, tdm_ageband *out)
{
    int b;
    i = skip_space(s, len, i);
    if (i < len && (s[i] == '-' || (i + 1 < len && tolower((unsigned char)s[i]) == 't' &&
                                    tolower((unsigned char)s[i + 1]) == 'o'))) {
        i = skip_space(s, len, i + (s[i] == '-' ? 1 : 2));
        if (!read_int(s, len, &i, &b)) {
            set_band(out, TDM_AGEBAND_OPEN, a, 0); /* "90-" */
        } else if (b >= a) {
            set_band(out, TDM_AGEBAND_CLOSED, a, b);
        }
        return;
    }
    if (memchr(s + i, '+', len - i) != NULL || contains(s + i, len - i, "over") ||
        contains(s + i, len - i, "plus") || contains(s + i, len - i, "older")) {
        set_band(out, TDM_AGEBAND_OPEN, a, 0);
        return;
    }
    for (size_t k = i; k < len; k++) {
        if (isdigit((unsigned char)s[k])) {
            return; /* more numbers we cannot read: text */
        }
    }
    set_band(out, TDM_AGEBAND_CLOSED, a, a);
}

void tdm_ageband_parse(const char *s, size_t len, tdm_ageband *out)
{
    size_t i = 0;
    int a;
    set_band(out, TDM_AGEBAND_TEXT, 0, 0);
    while (i < len && !isdigit((unsigned char)s[i])) {
        i++;
    }
    if (!read_int(s, len, &i, &a)) {
        return;
    }
    if (contains(s, i, "under") || memchr(s, '<', i) != NULL) {
        /* "Under 1", "<5": ages 0 to N-1 */
        if (a >= 1) {
            set_band(out, TDM_AGEBAND_CLOSED, 0, a - 1);
        }
        return;
    }
    band_tail(s, len, i, a, out);
}

/* Labels equal ignoring case and white space. */
static int same_text(const char *a, size_t la, const char *b, size_t lb)
{
    size_t i = skip_space(a, la, 0), j = skip_space(b, lb, 0);
    while (i < la && j < lb) {
        if (tolower((unsigned char)a[i]) != tolower((unsigned char)b[j])) {
            return 0;
        }
        i = skip_space(a, la, i + 1);
        j = skip_space(b, lb, j + 1);
    }
    return i == la && j == lb;
}

static int same_ages(const tdm_ageband *a, const tdm_ageband *b)
{
    if (a->kind == TDM_AGEBAND_TEXT || a->kind != b->kind || a->lower != b->lower) {
        return 0;
    }
    return a->kind == TDM_AGEBAND_OPEN || a->upper == b->upper;
}

void tdm_stdpop_free(tdm_stdpop *sp)
{
    if (sp == NULL) {
        return;
    }
    if (sp->labels != NULL) {
        for (size_t i = 0; i < sp->n; i++) {
            tdm__free(sp->labels[i]);
        }
    }
    tdm__free(sp->labels);
    tdm__free(sp->weights);
    tdm__free(sp->parsed);
    tdm__free(sp->seen_band);
    tdm__free(sp->recent);
    tdm__free(sp->recent_len);
    tdm__strmap_free(sp->seen);
    tdm__free(sp->name);
    tdm__free(sp);
}

static int stdpop_alloc(tdm_stdpop **out, const char *name, size_t n)
{
    tdm_stdpop *sp = tdm__calloc(1, sizeof *sp);
    *out = NULL;
    if (sp == NULL) {
        return TDM_ENOMEM;
    }
    sp->n = n;
    sp->name = tdm__strndup(name, strlen(name));
    sp->labels = tdm__calloc(n, sizeof *sp->labels);
    sp->weights = tdm__calloc(n, sizeof *sp->weights);
    sp->parsed = tdm__calloc(n, sizeof *sp->parsed);
    sp->recent = tdm__calloc(n, sizeof *sp->recent);
    sp->recent_len = tdm__calloc(n, 1);
    if (sp->name == NULL || sp->labels == NULL || sp->weights == NULL || sp->parsed == NULL ||
        sp->recent == NULL || sp->recent_len == NULL || tdm__strmap_new(&sp->seen) != TDM_OK) {
        tdm_stdpop_free(sp);
        return TDM_ENOMEM;
    }
    *out = sp;
    return TDM_OK;
}

int tdm_stdpop_new(tdm_stdpop **out, const char *name, const tdm_csv_field *labels,
                   const double *weights, size_t n, tdm_error *err)
{
    tdm_stdpop *sp;
    char t[TDM_NUMBUF];
    int rc;
    if (out == NULL || labels == NULL || weights == NULL || n == 0) {
        return tdm__error(err, TDM_EINVAL, 0, 0, "a standard population needs at least one band");
    }
    *out = NULL;
    for (size_t i = 0; i < n; i++) {
        if (!(weights[i] >= 0.0) || isinf(weights[i])) {
            return tdm__error(err, TDM_EDOMAIN, i + 1, 0,
                              "standard population weight %s is not a number >= 0",
                              tdm__num_text(weights[i], t));
        }
        for (size_t j = 0; j < i; j++) {
            if (same_text(labels[i].ptr, labels[i].len, labels[j].ptr, labels[j].len)) {
                return tdm__error(err, TDM_EINVAL, i + 1, 0,
                                  "standard population band \"%.*s\" appears twice",
                                  (int)(labels[i].len > 40 ? 40 : labels[i].len), labels[i].ptr);
            }
        }
    }
    rc = stdpop_alloc(&sp, name != NULL ? name : "standard population", n);
    if (rc != TDM_OK) {
        return rc;
    }
    for (size_t i = 0; i < n; i++) {
        sp->labels[i] = tdm__strndup(labels[i].ptr, labels[i].len);
        if (sp->labels[i] == NULL) {
            tdm_stdpop_free(sp);
            return TDM_ENOMEM;
        }
        sp->weights[i] = weights[i];
        tdm_ageband_parse(labels[i].ptr, labels[i].len, &sp->parsed[i]);
    }
    *out = sp;
    return TDM_OK;
}

int tdm_stdpop_esp2013(tdm_stdpop **out, int bands)
{
    tdm_csv_field f[21];
    const char *const *labels = bands == 21 ? esp21_labels : esp19_labels;
    const double *w = bands == 21 ? esp21_weights : esp19_weights;
    if (out == NULL || (bands != 19 && bands != 21)) {
        return TDM_EINVAL;
    }
    for (int i = 0; i < bands; i++) {
        f[i].ptr = labels[i];
        f[i].len = strlen(labels[i]);
        f[i].flags = 0;
    }
    return tdm_stdpop_new(out, bands == 21 ? "ESP2013 (21 bands)" : "ESP2013 (19 bands)", f, w,
                          (size_t)bands, NULL);
}

size_t tdm_stdpop_bands(const tdm_stdpop *sp)
{
    return sp->n;
}

const char *tdm_stdpop_label(const tdm_stdpop *sp, size_t i)
{
    return i < sp->n ? sp->labels[i] : "";
}

double tdm_stdpop_weight(const tdm_stdpop *sp, size_t i)
{
    return i < sp->n ? sp->weights[i] : (double)NAN;
}

const char *tdm_stdpop_name(const tdm_stdpop *sp)
{
    return sp->name;
}

/* The band whose lower age is closest to the label's, for the message. */
static size_t nearest(const tdm_stdpop *sp, const tdm_ageband *b)
{
    size_t best = 0;
    int gap = -1;
    for (size_t i = 0; i < sp->n; i++) {
        int d;
        if (sp->parsed[i].kind == TDM_AGEBAND_TEXT) {
            continue;
        }
        d = abs(sp->parsed[i].lower - b->lower);
        if (gap < 0 || d < gap) {
            gap = d;
            best = i;
        }
    }
    return best;
}

static int remember(tdm_stdpop *sp, const char *label, size_t len, size_t band)
{
    uint32_t id;
    int inserted;
    int rc = tdm__strmap_intern(sp->seen, label, len, &id, &inserted);
    if (rc != TDM_OK) {
        return rc;
    }
    if (tdm__grow((void **)&sp->seen_band, &sp->cap_seen, (size_t)id + 1, sizeof(size_t)) !=
        TDM_OK) {
        return TDM_ENOMEM;
    }
    sp->seen_band[id] = band;
    return TDM_OK;
}

/* Note `label` as the latest text of band k, for the next-band fast path. */
static void note_recent(tdm_stdpop *sp, const char *label, size_t len, size_t k)
{
    sp->last = k;
    if (len < sizeof sp->recent[k] &&
        (sp->recent_len[k] != len || memcmp(sp->recent[k], label, len) != 0)) {
        memcpy(sp->recent[k], label, len);
        sp->recent_len[k] = (unsigned char)len;
    }
}

int tdm_stdpop_match(tdm_stdpop *sp, const char *label, size_t len, size_t *band, tdm_error *err)
{
    tdm_ageband b;
    char shown[64];
    uint32_t id;
    size_t next = sp->last + 1 < sp->n ? sp->last + 1 : 0;
    if (sp->recent_len[next] == len && len > 0 && memcmp(sp->recent[next], label, len) == 0) {
        sp->last = next;
        *band = next;
        return TDM_OK;
    }
    if (tdm__strmap_find(sp->seen, label, len, &id)) {
        *band = sp->seen_band[id];
        note_recent(sp, label, len, *band);
        return TDM_OK;
    }
    tdm_ageband_parse(label, len, &b);
    for (size_t i = 0; i < sp->n; i++) {
        if (same_text(label, len, sp->labels[i], strlen(sp->labels[i])) ||
            same_ages(&b, &sp->parsed[i])) {
            *band = i;
            note_recent(sp, label, len, i);
            return remember(sp, label, len, i);
        }
    }
    tdm__quote_text(shown, sizeof shown, label, len);
    if (b.kind == TDM_AGEBAND_TEXT) {
        return tdm__error(err, TDM_ENOTFOUND, 0, 0,
                          "age band %s is not a band of the standard population %s", shown,
                          sp->name);
    }
    return tdm__error(err, TDM_ENOTFOUND, 0, 0,
                      "age band %s does not match any band of the standard population %s "
                      "(nearest: \"%s\")",
                      shown, sp->name, sp->labels[nearest(sp, &b)]);
}
