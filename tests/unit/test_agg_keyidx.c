/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_agg_keyidx.c - the roll-up's key index (src/agg/keyidx.c): hashing
 * of short keys, the direct array for prefix + dense digits after freeze,
 * and the cases that must stay on the hash (sparse numbers, mixed shapes).
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "src/agg/agg_internal.h"

/* Key number v: prefix, then v zero-padded to width digits (0: unpadded). */
static void key(char *k, const char *prefix, int width, int v)
{
    snprintf(k, 32, "%s%0*d", prefix, width, v);
}

static tdm__keyidx *build(const char *prefix, int width, int n, int step, int freeze)
{
    tdm__keyidx *x = NULL;
    cr_assert_eq(tdm__keyidx_new(&x, (size_t)n), TDM_OK);
    for (int i = 0; i < n; i++) {
        char k[32];
        key(k, prefix, width, 1 + i * step);
        cr_assert_eq(tdm__keyidx_put(x, k, strlen(k), (uint32_t)i), TDM_OK);
    }
    if (freeze) {
        cr_assert_eq(tdm__keyidx_freeze(x), TDM_OK);
    }
    return x;
}

static int find(const tdm__keyidx *x, const char *k, uint32_t *id)
{
    return tdm__keyidx_find(x, k, strlen(k), id);
}

static void check_both_modes(const char *prefix, int width, int n, int step)
{
    for (int freeze = 0; freeze <= 1; freeze++) {
        tdm__keyidx *x = build(prefix, width, n, step, freeze);
        uint32_t id = 0;
        char k[32];
        for (int i = 0; i < n; i++) {
            key(k, prefix, width, 1 + i * step);
            cr_assert_eq(find(x, k, &id), 1, "%s (freeze %d)", k, freeze);
            cr_assert_eq(id, (uint32_t)i);
        }
        key(k, prefix, width, 1 + n * step); /* same shape, absent */
        cr_assert_eq(find(x, k, &id), 0);
        cr_assert_eq(find(x, "W01000001", &id), 0);
        cr_assert_eq(find(x, "E0100000", &id), 0);
        cr_assert_eq(find(x, "E01000x01", &id), 0);
        cr_assert_eq(find(x, "", &id), 0);
        cr_assert_eq(find(x, "a key longer than sixteen bytes", &id), -1);
        tdm__keyidx_free(x);
    }
}

Test(agg_keyidx, dense_ons_codes)
{
    check_both_modes("E01", 6, 33000, 1);
}

Test(agg_keyidx, sparse_numbers_stay_hashed)
{
    check_both_modes("E01", 6, 1000, 997);
}

Test(agg_keyidx, mixed_shapes_stay_hashed)
{
    tdm__keyidx *x = build("P", 5, 100, 1, 0);
    uint32_t id = 0;
    cr_assert_eq(tdm__keyidx_put(x, "Y00001", 6, 100), TDM_OK);
    cr_assert_eq(tdm__keyidx_put(x, "P123", 4, 101), TDM_OK);
    cr_assert_eq(tdm__keyidx_freeze(x), TDM_OK);
    cr_assert_eq(find(x, "Y00001", &id), 1);
    cr_assert_eq(id, 100);
    cr_assert_eq(find(x, "P123", &id), 1);
    cr_assert_eq(id, 101);
    cr_assert_eq(find(x, "P00050", &id), 1);
    cr_assert_eq(id, 49);
    tdm__keyidx_free(x);
}

Test(agg_keyidx, digits_only_and_sixteen_bytes)
{
    tdm__keyidx *x = build("", 0, 5000, 1, 1); /* 1..5000: no prefix, varying length */
    uint32_t id = 0;
    cr_assert_eq(find(x, "4999", &id), 1);
    cr_assert_eq(id, 4998);
    tdm__keyidx_free(x);
    x = build("ABCDEFGHIJ", 6, 10, 1, 1); /* exactly 16 bytes */
    cr_assert_eq(find(x, "ABCDEFGHIJ000010", &id), 1);
    cr_assert_eq(id, 9);
    cr_assert_eq(find(x, "ABCDEFGHIJ000011", &id), 0);
    tdm__keyidx_free(x);
}
