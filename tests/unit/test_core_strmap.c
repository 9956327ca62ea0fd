/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_core_strmap.c - the interning map (src/core/strmap.c): dense ids in
 * order of first appearance, growth through many rehashes, keys that are
 * arbitrary bytes (embedded NULs, empty), key storage that never moves.
 * Expected ids follow from the specification in core.h (0, 1, 2, ... by
 * first insertion); key bytes are checked against the inserted text.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "src/core/core.h"

static tdm__strmap *m;

static void setup(void)
{
    cr_assert_eq(tdm__strmap_new(&m), TDM_OK);
}

static void teardown(void)
{
    tdm__strmap_free(m);
    m = NULL;
}

TestSuite(core_strmap, .init = setup, .fini = teardown);

static uint32_t intern(const char *s, size_t len, int want_inserted)
{
    uint32_t id = 12345;
    int inserted = -1;
    cr_assert_eq(tdm__strmap_intern(m, s, len, &id, &inserted), TDM_OK);
    cr_assert_eq(inserted, want_inserted, "key \"%.*s\"", (int)len, s);
    return id;
}

Test(core_strmap, dense_ids_in_first_appearance_order)
{
    uint32_t id;
    size_t len;
    cr_assert_eq(tdm__strmap_count(m), 0);
    cr_assert_eq(tdm__strmap_find(m, "a", 1, &id), 0);
    cr_assert_eq(intern("RX1", 3, 1), 0);
    cr_assert_eq(intern("RYJ", 3, 1), 1);
    cr_assert_eq(intern("RX1", 3, 0), 0); /* again: same id, not inserted */
    cr_assert_eq(intern("R0A", 3, 1), 2);
    cr_assert_eq(intern("RYJ", 3, 0), 1);
    cr_assert_eq(tdm__strmap_count(m), 3);
    cr_assert_eq(tdm__strmap_find(m, "R0A", 3, &id), 1);
    cr_assert_eq(id, 2);
    cr_assert_str_eq(tdm__strmap_key(m, 1, &len), "RYJ");
    cr_assert_eq(len, 3);
    cr_assert_str_eq(tdm__strmap_key(m, 0, NULL), "RX1");
}

Test(core_strmap, prefixes_are_different_keys)
{
    cr_assert_eq(intern("abc", 3, 1), 0);
    cr_assert_eq(intern("ab", 2, 1), 1);
    cr_assert_eq(intern("abcd", 4, 1), 2);
    cr_assert_eq(intern("abc", 2, 0), 1); /* only the first len bytes count */
}

Test(core_strmap, empty_key)
{
    uint32_t id;
    size_t len = 9;
    cr_assert_eq(intern("", 0, 1), 0);
    cr_assert_eq(intern("x", 1, 1), 1);
    cr_assert_eq(intern("", 0, 0), 0);
    cr_assert_eq(tdm__strmap_find(m, "", 0, &id), 1);
    cr_assert_eq(id, 0);
    cr_assert_str_eq(tdm__strmap_key(m, 0, &len), "");
    cr_assert_eq(len, 0);
}

Test(core_strmap, binary_keys_with_nuls)
{
    static const char k1[] = "a\0b";
    static const char k2[] = "a\0c";
    static const char k3[] = "\0\0\0\0\0\0\0\0\0"; /* 9 NULs: crosses the 8-byte hash word */
    size_t len;
    const char *key;
    cr_assert_eq(intern(k1, 3, 1), 0);
    cr_assert_eq(intern(k2, 3, 1), 1);
    cr_assert_eq(intern("a", 1, 1), 2);
    cr_assert_eq(intern(k3, 9, 1), 3);
    cr_assert_eq(intern(k3, 8, 1), 4);
    cr_assert_eq(intern("", 0, 1), 5);
    cr_assert_eq(intern(k1, 3, 0), 0);
    cr_assert_eq(intern(k3, 9, 0), 3);
    key = tdm__strmap_key(m, 1, &len);
    cr_assert_eq(len, 3);
    cr_assert_eq(memcmp(key, k2, 3), 0);
    cr_assert_eq(key[3], '\0', "keys are NUL-terminated");
}

Test(core_strmap, many_keys_rehash_and_keep_addresses, .timeout = 60)
{
    /* 200000 keys: the table doubles a dozen times and key chunks fill up;
     * ids stay dense and key pointers taken early stay valid. */
    enum { N = 200000 };
    char key[32];
    const char *first = NULL;
    for (uint32_t i = 0; i < N; i++) {
        int len = snprintf(key, sizeof key, "key-%u", i * 2654435761u);
        cr_assert_eq(intern(key, (size_t)len, 1), i);
        if (i == 0) {
            first = tdm__strmap_key(m, 0, NULL);
        }
    }
    cr_assert_eq(tdm__strmap_count(m), N);
    cr_assert_eq(tdm__strmap_key(m, 0, NULL), first);
    for (uint32_t i = 0; i < N; i++) {
        uint32_t id;
        size_t len;
        int n = snprintf(key, sizeof key, "key-%u", i * 2654435761u);
        cr_assert_eq(tdm__strmap_find(m, key, (size_t)n, &id), 1);
        cr_assert_eq(id, i);
        cr_assert_str_eq(tdm__strmap_key(m, i, &len), key);
        cr_assert_eq(len, (size_t)n);
    }
    cr_assert_eq(tdm__strmap_find(m, "key-", 4, &(uint32_t){ 0 }), 0);
}

Test(core_strmap, long_keys_get_their_own_chunks)
{
    /* Keys longer than the 64 KiB arena chunk. */
    static char big[200000];
    memset(big, 'z', sizeof big);
    cr_assert_eq(intern("small", 5, 1), 0);
    cr_assert_eq(intern(big, sizeof big, 1), 1);
    big[sizeof big - 1] = 'y';
    cr_assert_eq(intern(big, sizeof big, 1), 2);
    cr_assert_eq(intern("after", 5, 1), 3);
    cr_assert_str_eq(tdm__strmap_key(m, 0, NULL), "small");
    cr_assert_eq(tdm__strmap_key(m, 2, NULL)[sizeof big - 1], 'y');
    cr_assert_eq(tdm__strmap_key(m, 1, NULL)[sizeof big - 1], 'z');
}

Test(core_strmap, free_null_is_a_no_op)
{
    tdm__strmap_free(NULL);
    cr_assert_not_null(m);
}
