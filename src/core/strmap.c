/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * strmap.c - interning map from byte strings to dense ids (0, 1, 2, ...),
 * used to number series keys and lookup codes in order of first appearance.
 * Open addressing with linear probing over a power-of-two table of ids; keys
 * live in an arena of chunks so their addresses never move.
 */
#include "core.h"

#include <string.h>

typedef struct entry {
    const char *key;
    size_t len;
    uint64_t hash;
} entry;

typedef struct chunk {
    struct chunk *next;
    size_t used, cap;
    char data[]; /* flexible array: key bytes */
} chunk;

struct tdm__strmap {
    entry *entries; /* by id */
    size_t n, cap_entries;
    uint32_t *slots; /* id + 1, 0 = empty */
    size_t n_slots;  /* power of two */
    chunk *chunks;
};

/* A fast 64-bit hash over 8-byte words (multiply-xorshift mixing, in the
 * spirit of wyhash/splitmix64); quality is ample for a probing table. */
static uint64_t mix(uint64_t x)
{
    x ^= x >> 32;
    x *= 0xd6e8feb86659fd93ULL;
    x ^= x >> 32;
    x *= 0xd6e8feb86659fd93ULL;
    x ^= x >> 32;
    return x;
}

static uint64_t hash_bytes(const char *s, size_t len)
{
    uint64_t h = 0x9e3779b97f4a7c15ULL ^ (uint64_t)len;
    size_t i = 0;
    for (; i + 8 <= len; i += 8) {
        uint64_t w;
        memcpy(&w, s + i, 8);
        h = mix(h ^ w);
    }
    if (i < len) {
        uint64_t w = 0;
        memcpy(&w, s + i, len - i);
        h = mix(h ^ w ^ 0xff51afd7ed558ccdULL);
    }
    return mix(h);
}

int tdm__strmap_new(tdm__strmap **out)
{
    tdm__strmap *m = tdm__calloc(1, sizeof *m);
    *out = NULL;
    if (m == NULL) {
        return TDM_ENOMEM;
    }
    m->n_slots = 64;
    m->slots = tdm__calloc(m->n_slots, sizeof *m->slots);
    if (m->slots == NULL) {
        tdm__free(m);
        return TDM_ENOMEM;
    }
    *out = m;
    return TDM_OK;
}

static const char *store_key(tdm__strmap *m, const char *s, size_t len)
{
    chunk *c = m->chunks;
    char *dst;
    if (c == NULL || c->cap - c->used < len + 1) {
        size_t cap = len + 1 > 65536 ? len + 1 : 65536;
        c = tdm__malloc(sizeof(chunk) + cap);
        if (c == NULL) {
            return NULL;
        }
        c->next = m->chunks;
        c->used = 0;
        c->cap = cap;
        m->chunks = c;
    }
    dst = c->data + c->used;
    if (len > 0) {
        memcpy(dst, s, len);
    }
    dst[len] = '\0';
    c->used += len + 1;
    return dst;
}

static int rehash(tdm__strmap *m)
{
    size_t n_slots = m->n_slots * 2;
    uint32_t *slots = tdm__calloc(n_slots, sizeof *slots);
    if (slots == NULL) {
        return TDM_ENOMEM;
    }
    for (size_t id = 0; id < m->n; id++) {
        size_t i = (size_t)m->entries[id].hash & (n_slots - 1);
        while (slots[i] != 0) {
            i = (i + 1) & (n_slots - 1);
        }
        slots[i] = (uint32_t)id + 1;
    }
    tdm__free(m->slots);
    m->slots = slots;
    m->n_slots = n_slots;
    return TDM_OK;
}

static size_t probe(const tdm__strmap *m, const char *s, size_t len, uint64_t h)
{
    size_t i = (size_t)h & (m->n_slots - 1);
    for (;;) {
        uint32_t slot = m->slots[i];
        if (slot == 0) {
            return i;
        }
        const entry *e = &m->entries[slot - 1];
        if (e->hash == h && e->len == len && memcmp(e->key, s, len) == 0) {
            return i;
        }
        i = (i + 1) & (m->n_slots - 1);
    }
}

int tdm__strmap_find(const tdm__strmap *m, const char *s, size_t len, uint32_t *id)
{
    size_t i = probe(m, s, len, hash_bytes(s, len));
    if (m->slots[i] == 0) {
        return 0;
    }
    *id = m->slots[i] - 1;
    return 1;
}

int tdm__strmap_intern(tdm__strmap *m, const char *s, size_t len, uint32_t *id, int *inserted)
{
    uint64_t h = hash_bytes(s, len);
    size_t i = probe(m, s, len, h);
    const char *key;
    *inserted = 0;
    if (m->slots[i] != 0) {
        *id = m->slots[i] - 1;
        return TDM_OK;
    }
    if (m->n >= UINT32_MAX - 1) {
        return TDM_ELIMIT;
    }
    /* Keep the load factor at most 1/2 so probes stay short and a free slot
     * always exists; grow before inserting so a failure leaves the map intact. */
    if ((m->n + 1) * 2 > m->n_slots) {
        if (rehash(m) != TDM_OK) {
            return TDM_ENOMEM;
        }
        i = probe(m, s, len, h);
    }
    if (tdm__grow((void **)&m->entries, &m->cap_entries, m->n + 1, sizeof *m->entries) != 0) {
        return TDM_ENOMEM;
    }
    key = store_key(m, s, len);
    if (key == NULL) {
        return TDM_ENOMEM;
    }
    m->entries[m->n].key = key;
    m->entries[m->n].len = len;
    m->entries[m->n].hash = h;
    m->slots[i] = (uint32_t)m->n + 1;
    *id = (uint32_t)m->n;
    *inserted = 1;
    m->n++;
    return TDM_OK;
}

const char *tdm__strmap_key(const tdm__strmap *m, uint32_t id, size_t *len)
{
    if (len != NULL) {
        *len = m->entries[id].len;
    }
    return m->entries[id].key;
}

size_t tdm__strmap_count(const tdm__strmap *m)
{
    return m->n;
}

void tdm__strmap_free(tdm__strmap *m)
{
    chunk *c;
    if (m == NULL) {
        return;
    }
    c = m->chunks;
    while (c != NULL) {
        chunk *next = c->next;
        tdm__free(c);
        c = next;
    }
    tdm__free(m->entries);
    tdm__free(m->slots);
    tdm__free(m);
}
