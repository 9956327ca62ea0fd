/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * csv_check.h - differential check of tdm_csv_reader against the reference
 * parser (csv_ref.h), shared by tests/unit/test_io_csv_reader.c and
 * tests/fuzz/fuzz_csv.c.
 *
 * The expected outcome is derived from csv_ref's records and the options
 * alone: the first record fixes the width (and is the header when
 * opt->header); a record with another width is a TDM_EPARSE at its line,
 * unless it is short and opt->ragged pads it; a record with more than
 * opt->max_fields fields is TDM_ELIMIT; a record longer than
 * opt->max_record_bytes (line end included) is TDM_ELIMIT.
 */
#ifndef TDM_CSV_CHECK_H
#define TDM_CSV_CHECK_H

#include <stddef.h>

#include "tandem.h"

enum { CSV_CHECK_SKIPPED = 0, CSV_CHECK_AGREED = 1, CSV_CHECK_DIFFERS = -1 };

/*
 * Read `data` with tandem - from the buffer itself, or from `path` when it is
 * not NULL (the file must hold exactly these bytes) - and compare every
 * record, field, flag, line number and error with csv_ref.
 * @return CSV_CHECK_SKIPPED when the input is not well-formed (csv_ref
 *         rejects it), CSV_CHECK_AGREED, or CSV_CHECK_DIFFERS with a
 *         description in msg.
 */
int csv_check(const char *data, size_t len, const tdm_csv_options *opt, const char *path, char *msg,
              size_t msg_cap);

#endif
