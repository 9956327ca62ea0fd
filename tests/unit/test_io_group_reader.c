/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_io_group_reader.c - the group reader behind tandem ci and tandem
 * funnel: streaming grouped rows, re-reading ungrouped ones (restart), each
 * row alone, missing and suppressed values, errors, and out-of-memory at
 * every allocation.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

#include "tandem.h"
#include "test_alloc.h"

static const char grouped[] = "area,band,x,n\n"
                              "A,0-4,1,10\nA,5-9,2,20\n"
                              "B,0-4,NA,30\nB,5-9,*,40\nB,10-14,5,50\n";
static const char ungrouped[] = "area,band,x,n\n"
                                "A,0-4,1,10\nB,0-4,3,30\nA,5-9,2,20\n";

static int open_reader(const char *csv, int mode, int each_row, tdm_csv_reader **c,
                       tdm_group_reader **g)
{
    static const char *keys[] = { "area" };
    static const char *nums[] = { "x", "n" };
    static const char *texts[] = { "band" };
    tdm_group_spec spec;
    int rc = tdm_csv_reader_open_buffer(c, csv, strlen(csv), NULL, NULL);
    if (rc != TDM_OK) {
        return rc;
    }
    tdm_group_spec_init(&spec);
    spec.key_columns = keys;
    spec.n_keys = 1;
    spec.num_columns = nums;
    spec.n_num = 2;
    spec.text_columns = texts;
    spec.n_text = 1;
    spec.mode = mode;
    spec.each_row = each_row;
    return tdm_group_reader_open(g, *c, &spec, NULL);
}

Test(io_group_reader, streams_groups_with_counts)
{
    tdm_csv_reader *c = NULL;
    tdm_group_reader *g = NULL;
    tdm_group grp;
    cr_assert_eq(open_reader(grouped, TDM_SERIES_AUTO, 0, &c, &g), TDM_OK);
    cr_assert_eq(tdm_group_reader_next(g, &grp, NULL), 1);
    cr_assert_eq(grp.n, 2);
    cr_assert_eq(grp.key[0].len, 1);
    cr_assert_eq(grp.key[0].ptr[0], 'A');
    cr_assert_eq(grp.num[0][1], 2.0);
    cr_assert_eq(grp.text[0][1].len, 3);
    cr_assert(memcmp(grp.text[0][1].ptr, "5-9", 3) == 0);
    cr_assert_eq(grp.line[0], 2);
    cr_assert_eq(tdm_group_reader_next(g, &grp, NULL), 1);
    cr_assert_eq(grp.n, 3);
    cr_assert_eq(grp.n_missing[0], 1);
    cr_assert_eq(grp.n_suppressed[0], 1);
    cr_assert(isnan(grp.num[0][0]) && isnan(grp.num[0][1]));
    cr_assert_eq(grp.ordinal, 1);
    cr_assert_eq(tdm_group_reader_next(g, &grp, NULL), 0);
    cr_assert_eq(tdm_group_reader_rows(g), 5);
    cr_assert_eq(tdm_group_reader_held(g), 0);
    tdm_group_reader_free(g);
    tdm_csv_reader_free(c);
}

Test(io_group_reader, ungrouped_input_restarts_and_holds)
{
    tdm_csv_reader *c = NULL;
    tdm_group_reader *g = NULL;
    tdm_group grp;
    int rc, restarts = 0;
    size_t seen = 0;
    cr_assert_eq(open_reader(ungrouped, TDM_SERIES_AUTO, 0, &c, &g), TDM_OK);
    for (;;) {
        rc = tdm_group_reader_next(g, &grp, NULL);
        if (rc == TDM_GROUP_RESTART) {
            /* A (one row) was yielded before B showed the input is not grouped */
            cr_assert_eq(seen, 1);
            seen = 0;
            restarts++;
            continue;
        }
        if (rc != 1) {
            break;
        }
        if (restarts == 1 && seen == 0) {
            cr_assert_eq(grp.key[0].ptr[0], 'A');
            cr_assert_eq(grp.n, 2);
            cr_assert_eq(grp.line[1], 4);
            cr_assert(memcmp(grp.text[0][1].ptr, "5-9", 3) == 0);
        } else if (restarts == 1) {
            cr_assert_eq(grp.key[0].ptr[0], 'B');
            cr_assert_eq(grp.num[1][0], 30.0);
        }
        seen++;
    }
    cr_assert_eq(rc, 0);
    cr_assert_eq(restarts, 1);
    cr_assert_eq(seen, 2);
    cr_assert_eq(tdm_group_reader_held(g), 1);
    tdm_group_reader_free(g);
    tdm_csv_reader_free(c);
}

Test(io_group_reader, stream_mode_rejects_ungrouped)
{
    tdm_csv_reader *c = NULL;
    tdm_group_reader *g = NULL;
    tdm_group grp;
    tdm_error err;
    cr_assert_eq(open_reader(ungrouped, TDM_SERIES_STREAM, 0, &c, &g), TDM_OK);
    cr_assert_eq(tdm_group_reader_next(g, &grp, &err), 1);
    cr_assert_eq(tdm_group_reader_next(g, &grp, &err), TDM_EPARSE);
    cr_assert(strstr(err.message, "appears again") != NULL, "%s", err.message);
    tdm_group_reader_free(g);
    tdm_csv_reader_free(c);
}

Test(io_group_reader, each_row_keeps_the_record)
{
    tdm_csv_reader *c = NULL;
    tdm_group_reader *g = NULL;
    tdm_group grp;
    cr_assert_eq(open_reader(ungrouped, TDM_SERIES_AUTO, 1, &c, &g), TDM_OK);
    for (int i = 0; i < 3; i++) {
        cr_assert_eq(tdm_group_reader_next(g, &grp, NULL), 1);
        cr_assert_eq(grp.n, 1);
        cr_assert_not_null(grp.record);
        cr_assert_eq(grp.record->n_fields, 4);
        cr_assert_eq(grp.ordinal, (size_t)i);
    }
    cr_assert_eq(tdm_group_reader_next(g, &grp, NULL), 0);
    tdm_group_reader_free(g);
    tdm_csv_reader_free(c);
}

Test(io_group_reader, not_a_number_names_line_and_column)
{
    static const char bad[] = "area,band,x,n\nA,0-4,1,10\nA,5-9,\"1,5\",20\n";
    tdm_csv_reader *c = NULL;
    tdm_group_reader *g = NULL;
    tdm_group grp;
    tdm_error err;
    cr_assert_eq(open_reader(bad, TDM_SERIES_AUTO, 0, &c, &g), TDM_OK);
    cr_assert_eq(tdm_group_reader_next(g, &grp, &err), TDM_EPARSE);
    cr_assert_eq(err.line, 3);
    cr_assert_eq(err.field, 3);
    cr_assert(strstr(err.message, "line 3, column 3 (\"x\"): \"1,5\" is not a number") != NULL,
              "%s", err.message);
    tdm_group_reader_free(g);
    tdm_csv_reader_free(c);
}

Test(io_group_reader, missing_column_is_enotfound)
{
    static const char *keys[] = { "region" };
    tdm_csv_reader *c = NULL;
    tdm_group_reader *g = NULL;
    tdm_group_spec spec;
    cr_assert_eq(tdm_csv_reader_open_buffer(&c, grouped, strlen(grouped), NULL, NULL), TDM_OK);
    tdm_group_spec_init(&spec);
    spec.key_columns = keys;
    spec.n_keys = 1;
    cr_assert_eq(tdm_group_reader_open(&g, c, &spec, NULL), TDM_ENOTFOUND);
    cr_assert_null(g);
    tdm_csv_reader_free(c);
}

/* Read everything; any status but ENOMEM must come out the same. */
static int read_all(const char *csv, int mode)
{
    tdm_csv_reader *c = NULL;
    tdm_group_reader *g = NULL;
    tdm_group grp;
    int rc = open_reader(csv, mode, 0, &c, &g);
    while (rc == TDM_OK || rc == 1 || rc == TDM_GROUP_RESTART) {
        rc = tdm_group_reader_next(g, &grp, NULL);
        if (rc == 0) {
            break;
        }
    }
    tdm_group_reader_free(g);
    tdm_csv_reader_free(c);
    return rc;
}

Test(io_group_reader, out_of_memory_everywhere)
{
    int modes[2] = { TDM_SERIES_AUTO, TDM_SERIES_HOLD };
    const char *inputs[2] = { grouped, ungrouped };
    for (int m = 0; m < 2; m++) {
        for (int in = 0; in < 2; in++) {
            for (size_t k = 1;; k++) {
                int rc;
                test_alloc_install(k);
                rc = read_all(inputs[in], modes[m]);
                cr_assert_eq(test_alloc_remove(), 0, "leak at allocation %zu", k);
                if (rc == 0) {
                    break;
                }
                cr_assert_eq(rc, TDM_ENOMEM, "allocation %zu gave %d", k, rc);
            }
        }
    }
}
