/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * rpt_pack.c - the pack: an owned copy of every metric's definition and
 * computed chart, in definition order, and the board's summary order
 * (Making Data Count board convention, spec A8: concern with fail first).
 */
#include <stdlib.h>
#include <string.h>

#include "rpt_internal.h"

typedef struct rpt_item {
    rpt_metric m;          /* pointers below */
    char *strings;         /* id, title, domain, unit, notes, NUL-separated */
    int64_t *time;         /* n */
    double *value;         /* n */
    tdm_spc_point *points; /* n */
    tdm_spc_phase *phases; /* n_phases */
    tdm_spc_summary summary;
} rpt_item;

struct rpt_pack {
    rpt_item *items;
    size_t n, cap;
};

void rpt_options_init(rpt_options *o)
{
    memset(o, 0, sizeof *o);
    o->cover = 1;
    o->kind = RPT_KIND_PACK;
}

int rpt_pack_new(rpt_pack **out)
{
    *out = calloc(1, sizeof **out);
    return *out == NULL ? TDM_ENOMEM : TDM_OK;
}

static void item_free(rpt_item *it)
{
    free(it->strings);
    free(it->time);
    free(it->value);
    free(it->points);
    free(it->phases);
}

void rpt_pack_clear(rpt_pack *p)
{
    for (size_t i = 0; i < p->n; i++) {
        item_free(&p->items[i]);
    }
    p->n = 0;
}

void rpt_pack_free(rpt_pack *p)
{
    if (p == NULL) {
        return;
    }
    rpt_pack_clear(p);
    free(p->items);
    free(p);
}

size_t rpt_pack_count(const rpt_pack *p)
{
    return p->n;
}

const rpt_metric *rpt_pack_metric(const rpt_pack *p, size_t i)
{
    return &p->items[i].m;
}

static void *dup_array(const void *src, size_t n, size_t size)
{
    void *d;
    if (n == 0) {
        return malloc(1); /* a valid, distinct pointer */
    }
    if (n > SIZE_MAX / size) {
        return NULL;
    }
    d = malloc(n * size);
    if (d != NULL) {
        memcpy(d, src, n * size);
    }
    return d;
}

/* Copy the five strings into one block; fields point into it. */
static int copy_strings(rpt_item *it, const rpt_metric *m)
{
    const char *src[5] = { m->id, m->title ? m->title : m->id, m->domain ? m->domain : "",
                           m->unit ? m->unit : "", m->notes ? m->notes : "" };
    const char **dst[5] = { &it->m.id, &it->m.title, &it->m.domain, &it->m.unit, &it->m.notes };
    size_t len = 0, o = 0;
    for (int i = 0; i < 5; i++) {
        len += strlen(src[i]) + 1;
    }
    it->strings = malloc(len);
    if (it->strings == NULL) {
        return TDM_ENOMEM;
    }
    for (int i = 0; i < 5; i++) {
        size_t l = strlen(src[i]) + 1;
        memcpy(it->strings + o, src[i], l);
        *dst[i] = it->strings + o;
        o += l;
    }
    return TDM_OK;
}

int rpt_pack_add(rpt_pack *p, const rpt_metric *m)
{
    rpt_item it;
    size_t nph;
    if (p == NULL || m == NULL || m->id == NULL || m->summary == NULL ||
        (m->n > 0 &&
         (m->time == NULL || m->value == NULL || m->points == NULL || m->phases == NULL))) {
        return TDM_EINVAL;
    }
    if (p->n == p->cap) {
        size_t cap = p->cap ? p->cap * 2 : 16;
        rpt_item *items = realloc(p->items, cap * sizeof *items);
        if (items == NULL) {
            return TDM_ENOMEM;
        }
        p->items = items;
        p->cap = cap;
        for (size_t i = 0; i < p->n; i++) {
            items[i].m.summary = &items[i].summary; /* the block may have moved */
        }
    }
    memset(&it, 0, sizeof it);
    it.m = *m;
    nph = m->summary->n_phases;
    it.summary = *m->summary;
    it.time = dup_array(m->time, m->n, sizeof *m->time);
    it.value = dup_array(m->value, m->n, sizeof *m->value);
    it.points = dup_array(m->points, m->n, sizeof *m->points);
    it.phases = dup_array(m->phases, nph, sizeof *m->phases);
    if (it.time == NULL || it.value == NULL || it.points == NULL || it.phases == NULL ||
        copy_strings(&it, m) != TDM_OK) {
        item_free(&it);
        return TDM_ENOMEM;
    }
    it.m.time = it.time;
    it.m.value = it.value;
    it.m.points = it.points;
    it.m.phases = it.phases;
    it.m.summary = &p->items[p->n].summary; /* its final address */
    p->items[p->n++] = it;
    return TDM_OK;
}

int rpt_concern_rank(int variation, int assurance)
{
    int concern =
        variation == TDM_SPC_VARIATION_CONCERN_HIGH || variation == TDM_SPC_VARIATION_CONCERN_LOW;
    if (concern && assurance == TDM_SPC_ASSURANCE_FAIL) {
        return 0;
    }
    if (concern) {
        return 1;
    }
    if (assurance == TDM_SPC_ASSURANCE_FAIL) {
        return 2;
    }
    if (assurance == TDM_SPC_ASSURANCE_INCONSISTENT) {
        return 3;
    }
    return 4;
}

void rpt_pack_order(const rpt_pack *p, size_t *idx)
{
    /* A stable counting sort over five ranks: definition order within each. */
    size_t o = 0;
    for (int rank = 0; rank <= 4; rank++) {
        for (size_t i = 0; i < p->n; i++) {
            const tdm_spc_summary *s = &p->items[i].summary;
            if (rpt_concern_rank(s->variation, s->assurance) == rank) {
                idx[o++] = i;
            }
        }
    }
}

int rpt_chart_parse(const char *s, size_t len, int *out)
{
    if (len == 3 && (s[0] | 32) == 'x' && (s[1] | 32) == 'm' && (s[2] | 32) == 'r') {
        *out = RPT_CHART_XMR;
        return TDM_OK;
    }
    return TDM_EPARSE;
}

const char *rpt_chart_names(void)
{
    return "xmr";
}
