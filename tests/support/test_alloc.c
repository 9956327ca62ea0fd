/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_alloc.c - see test_alloc.h. */
#include "test_alloc.h"

#include <stdlib.h>

#include "tandem.h"

static size_t attempts, fail_from;
static int fail_once; /* only the fail_from-th allocation fails */
static long live;

static int should_fail(void)
{
    attempts++;
    if (fail_from == 0) {
        return 0;
    }
    return fail_once ? attempts == fail_from : attempts >= fail_from;
}

static void *t_malloc(void *ctx, size_t size)
{
    void *p;
    (void)ctx;
    if (should_fail()) {
        return NULL;
    }
    p = malloc(size);
    if (p != NULL) {
        live++;
    }
    return p;
}

static void *t_realloc(void *ctx, void *ptr, size_t old_size, size_t new_size)
{
    void *p;
    (void)ctx;
    (void)old_size;
    if (should_fail()) {
        return NULL;
    }
    p = realloc(ptr, new_size);
    if (p != NULL && ptr == NULL) {
        live++;
    }
    return p;
}

static void t_free(void *ctx, void *ptr, size_t size)
{
    (void)ctx;
    (void)size;
    if (ptr != NULL) {
        live--;
    }
    free(ptr);
}

void test_alloc_install(size_t fail_at)
{
    tdm_allocator a = { t_malloc, t_realloc, t_free, NULL };
    attempts = 0;
    live = 0;
    fail_from = fail_at;
    fail_once = 0;
    (void)tdm_set_allocator(&a);
}

void test_alloc_install_once(size_t fail_at)
{
    test_alloc_install(fail_at);
    fail_once = 1;
}

long test_alloc_remove(void)
{
    (void)tdm_set_allocator(NULL);
    return live;
}

size_t test_alloc_count(void)
{
    return attempts;
}
