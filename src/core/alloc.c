/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * alloc.c - the single allocation choke point of libtandem (conventions 4.5).
 * Every block carries a small header with its size so that tdm__free can
 * honour the sized free() of a user allocator, and so that tests can install
 * a failing allocator (the sqlite-style OOM loop) to prove every error path.
 */
#include "core.h"

#include <stdlib.h>
#include <string.h>

/* Header before every block; max_align_t keeps the payload aligned. */
typedef union block_header {
    size_t size;
    max_align_t align;
} block_header;

static void *libc_malloc(void *ctx, size_t size)
{
    (void)ctx;
    return malloc(size);
}

static void *libc_realloc(void *ctx, void *p, size_t old_size, size_t new_size)
{
    (void)ctx;
    (void)old_size;
    return realloc(p, new_size);
}

static void libc_free(void *ctx, void *p, size_t size)
{
    (void)ctx;
    (void)size;
    free(p);
}

static tdm_allocator current = { libc_malloc, libc_realloc, libc_free, NULL };

int tdm_set_allocator(const tdm_allocator *a)
{
    if (a == NULL) {
        current.malloc = libc_malloc;
        current.realloc = libc_realloc;
        current.free = libc_free;
        current.ctx = NULL;
        return TDM_OK;
    }
    if (a->malloc == NULL || a->realloc == NULL || a->free == NULL) {
        return TDM_EINVAL;
    }
    current = *a;
    return TDM_OK;
}

void *tdm__malloc(size_t size)
{
    block_header *h;
    if (size > SIZE_MAX - sizeof(block_header)) {
        return NULL;
    }
    h = current.malloc(current.ctx, size + sizeof(block_header));
    if (h == NULL) {
        return NULL;
    }
    h->size = size;
    return h + 1;
}

void *tdm__calloc(size_t n, size_t size)
{
    size_t total;
    void *p;
    if (__builtin_mul_overflow(n, size, &total)) {
        return NULL;
    }
    p = tdm__malloc(total);
    if (p != NULL) {
        memset(p, 0, total);
    }
    return p;
}

void *tdm__realloc_array(void *p, size_t n, size_t size)
{
    size_t total;
    block_header *h;
    block_header *nh;
    if (__builtin_mul_overflow(n, size, &total) || total > SIZE_MAX - sizeof(block_header)) {
        return NULL;
    }
    if (p == NULL) {
        return tdm__malloc(total);
    }
    h = (block_header *)p - 1;
    nh = current.realloc(current.ctx, h, h->size + sizeof(block_header),
                         total + sizeof(block_header));
    if (nh == NULL) {
        return NULL;
    }
    nh->size = total;
    return nh + 1;
}

void tdm__free(void *p)
{
    block_header *h;
    if (p == NULL) {
        return;
    }
    h = (block_header *)p - 1;
    current.free(current.ctx, h, h->size + sizeof(block_header));
}

char *tdm__strndup(const char *s, size_t len)
{
    char *d = tdm__malloc(len + 1);
    if (d == NULL) {
        return NULL;
    }
    if (len > 0) {
        memcpy(d, s, len);
    }
    d[len] = '\0';
    return d;
}

int tdm__grow(void **p, size_t *cap, size_t need, size_t size)
{
    size_t ncap;
    void *np;
    if (need <= *cap) {
        return TDM_OK;
    }
    ncap = *cap < 16 ? 16 : *cap;
    while (ncap < need) {
        if (ncap > SIZE_MAX / 2) {
            return TDM_ENOMEM;
        }
        ncap *= 2;
    }
    np = tdm__realloc_array(*p, ncap, size);
    if (np == NULL) {
        return TDM_ENOMEM;
    }
    *p = np;
    *cap = ncap;
    return TDM_OK;
}
