/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * group_pipe.h - read groups on a second thread. A producer thread drives the
 * group reader (CSV tokenising, number parsing, grouping) and copies each
 * group into batches; the caller's thread takes the batches in order and does
 * the statistics and the output. The groups, their order and so the output
 * bytes are exactly those of reading on one thread: only the work is split,
 * which roughly halves the wall time on two cores because reading and
 * computing-plus-writing cost about the same.
 */
#ifndef TANDEM_CLI_GROUP_PIPE_H
#define TANDEM_CLI_GROUP_PIPE_H

#include "tandem.h"

typedef struct group_pipe group_pipe;

/* Start reading `gr` on a new thread (gr is used only by that thread until
 * group_pipe_free). n_num and n_text are the reader's column counts.
 * @return TDM_OK or TDM_ENOMEM (thread or memory); *out NULL on failure. */
int group_pipe_start(group_pipe **out, tdm_group_reader *gr, size_t n_num, size_t n_text);

/* The next group, as tdm_group_reader_next would return it: 1 (group in *g,
 * valid until the next call), 0 (end), TDM_GROUP_RESTART, or a negative
 * status with err filled as the reader filled it. */
int group_pipe_next(group_pipe *p, tdm_group *g, tdm_error *err);

/* Stop the reading thread (if still running), join it and free everything.
 * NULL is a no-op. */
void group_pipe_free(group_pipe *p);

#endif
