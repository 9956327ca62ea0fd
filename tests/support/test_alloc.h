/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_alloc.h - a failing allocator for out-of-memory tests (the sqlite OOM
 * loop): fail the k-th allocation, for k = 1, 2, ... until the call succeeds;
 * every run must return TDM_ENOMEM cleanly and leak nothing.
 */
#ifndef TDM_TEST_ALLOC_H
#define TDM_TEST_ALLOC_H

#include <stddef.h>

/* Install the counting allocator; the `fail_at`-th allocation (1-based) and
 * every later one fail; 0 never fails. */
void test_alloc_install(size_t fail_at);
/* As test_alloc_install, but only the `fail_at`-th allocation fails: later
 * ones succeed again (a transient failure, as under memory pressure). */
void test_alloc_install_once(size_t fail_at);
/* Restore libc. @return allocations still live (0 means no leak). */
long test_alloc_remove(void);
/* Allocations attempted since install. */
size_t test_alloc_count(void);

#endif
