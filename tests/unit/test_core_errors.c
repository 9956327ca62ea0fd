/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_core_errors.c - version (src/core/version.c), status texts and the
 * error helpers (src/core/error.c), and the allocator hook (src/core/alloc.c).
 * Expected values come from tandem.h (version macros, status list), from
 * meson.project_version() (passed in as TDM_PROJECT_VERSION, conventions
 * 4.6) and from the documented message rules (one line, at most 40 bytes of
 * input shown, never overflowing the caller's buffer).
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "src/core/core.h"
#include "test_alloc.h"

Test(core_errors, header_version_matches_the_build)
{
    char want[32];
    (void)snprintf(want, sizeof want, "%d.%d.%d", TDM_VERSION_MAJOR, TDM_VERSION_MINOR,
                   TDM_VERSION_PATCH);
    cr_assert_str_eq(TDM_VERSION_STRING, TDM_PROJECT_VERSION);
    cr_assert_str_eq(want, TDM_VERSION_STRING);
    cr_assert_eq(tdm_version_number(), TDM_VERSION_NUMBER);
    cr_assert_str_eq(tdm_version_string(), TDM_VERSION_STRING);
}

Test(core_errors, every_status_has_a_distinct_text)
{
    const char *seen[10];
    for (int s = 0; s >= TDM_ESOLVER; s--) {
        const char *t = tdm_strerror(s);
        cr_assert_not_null(t);
        cr_assert(t[0] != '\0');
        for (int k = 0; k < -s; k++) {
            cr_assert(strcmp(seen[k], t) != 0, "status %d repeats \"%s\"", s, t);
        }
        seen[-s] = t;
    }
    cr_assert_str_eq(tdm_strerror(TDM_OK), "success");
    cr_assert_str_eq(tdm_strerror(-99), "unknown error");
    cr_assert_str_eq(tdm_strerror(1), "unknown error");
}

Test(core_errors, error_fills_the_struct_and_returns_the_status)
{
    tdm_error err;
    char long_text[400];
    memset(long_text, 'x', sizeof long_text - 1);
    long_text[sizeof long_text - 1] = '\0';
    cr_assert_eq(tdm__error(&err, TDM_EPARSE, 12, 3, "line %d: %s", 12, "bad"), TDM_EPARSE);
    cr_assert_eq(err.status, TDM_EPARSE);
    cr_assert_eq(err.line, 12);
    cr_assert_eq(err.field, 3);
    cr_assert_str_eq(err.message, "line 12: bad");
    /* truncated, never overflowing */
    cr_assert_eq(tdm__error(&err, TDM_EIO, 0, 0, "%s", long_text), TDM_EIO);
    cr_assert_eq(strlen(err.message), sizeof err.message - 1);
    /* NULL err is allowed */
    cr_assert_eq(tdm__error(NULL, TDM_ELIMIT, 1, 1, "x"), TDM_ELIMIT);
    tdm__error_clear(&err);
    cr_assert_eq(err.status, TDM_OK);
    cr_assert_eq(err.message[0], '\0');
    tdm__error_clear(NULL);
}

Test(core_errors, quote_text_is_short_printable_and_bounded)
{
    char buf[64];
    char tiny[8];
    char none[4] = "abc";
    tdm__quote_text(buf, sizeof buf, "12,5", 4);
    cr_assert_str_eq(buf, "\"12,5\"");
    tdm__quote_text(buf, sizeof buf, "a\nb\tc\x7f", 6);
    cr_assert_str_eq(buf, "\"a?b?c?\"", "control bytes are replaced: %s", buf);
    tdm__quote_text(buf, sizeof buf, "0123456789012345678901234567890123456789abcdef", 46);
    cr_assert_str_eq(buf, "\"0123456789012345678901234567890123456789...\"");
    tdm__quote_text(tiny, sizeof tiny, "0123456789", 10);
    cr_assert_lt(strlen(tiny), sizeof tiny);
    cr_assert_eq(tiny[0], '"');
    tdm__quote_text(none, 3, "xyz", 3); /* too small to quote: empty */
    cr_assert_eq(none[0], '\0');
}

Test(core_errors, allocator_hook_rejects_incomplete_tables)
{
    tdm_allocator a = { NULL, NULL, NULL, NULL };
    cr_assert_eq(tdm_set_allocator(&a), TDM_EINVAL);
    cr_assert_eq(tdm_set_allocator(NULL), TDM_OK);
}

Test(core_errors, sized_free_and_realloc_through_the_hook)
{
    /* Every block allocated through the hook is freed through it. */
    char *p;
    char *q;
    test_alloc_install(0);
    p = tdm__malloc(10);
    cr_assert_not_null(p);
    memcpy(p, "012345678", 10);
    q = tdm__realloc_array(p, 1000, 2);
    cr_assert_not_null(q);
    cr_assert_str_eq(q, "012345678");
    cr_assert_null(tdm__realloc_array(q, SIZE_MAX / 2 + 1, 2), "n * size overflows");
    cr_assert_null(tdm__calloc(SIZE_MAX / 4, 8));
    cr_assert_null(tdm__malloc(SIZE_MAX - 4));
    tdm__free(q);
    tdm__free(NULL);
    p = tdm__strndup("abc", 2);
    cr_assert_str_eq(p, "ab");
    tdm__free(p);
    cr_assert_eq(test_alloc_remove(), 0);
}

Test(core_errors, grow_doubles_and_fails_cleanly)
{
    int *v = NULL;
    size_t cap = 0;
    cr_assert_eq(tdm__grow((void **)&v, &cap, 1, sizeof *v), TDM_OK);
    cr_assert_eq(cap, 16);
    cr_assert_eq(tdm__grow((void **)&v, &cap, 17, sizeof *v), TDM_OK);
    cr_assert_eq(cap, 32);
    cr_assert_eq(tdm__grow((void **)&v, &cap, 20, sizeof *v), TDM_OK);
    cr_assert_eq(cap, 32, "no growth when there is room");
    test_alloc_install(1);
    cr_assert_eq(tdm__grow((void **)&v, &cap, 100, sizeof *v), TDM_ENOMEM);
    (void)test_alloc_remove();
    cr_assert_eq(cap, 32, "capacity untouched on failure");
    cr_assert_eq(tdm__grow((void **)&v, &cap, SIZE_MAX, sizeof *v), TDM_ENOMEM);
    tdm__free(v);
}
