/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * suppress.c - small-number suppression of a roll-up before it is shared
 * (SPEC: agg.suppress.primary, agg.suppress.secondary). Marks cells; never
 * changes values, so writers decide how a hidden cell looks (a marker).
 * Secondary suppression follows the classic complementary-cell rule for
 * hierarchical tables (Hundepool et al. 2012, Statistical Disclosure
 * Control, section 4.3.2): within every parent whose total is published, a
 * lone hidden child must be joined by a second hidden sibling, else
 * parent - siblings gives it away.
 */
#include "agg_internal.h"

#include <string.h>

void tdm_suppress_options_init(tdm_suppress_options *o)
{
    o->version = TDM_SUPPRESS_OPTIONS_VERSION;
    o->threshold = 5.0;
    o->secondary = 1;
}

/* Value of count cell k (0: row count, 1..n_sum: sums) of row i. */
static double cell(const tdm_rollup_result *r, size_t i, size_t k)
{
    return k == 0 ? (double)r->n_rows[i] : r->sum[i * r->n_sum + (k - 1)];
}

static uint8_t *flag(tdm_rollup_result *r, size_t i, size_t k)
{
    return &r->hidden[i * (1 + r->n_sum + r->n_mean) + k];
}

/* SPEC: agg.suppress.primary - 0 < v < threshold; zero is published. */
static void primary(tdm_rollup_result *r, double threshold)
{
    for (size_t i = 0; i < r->n_out; i++) {
        for (size_t k = 0; k <= r->n_sum; k++) {
            double v = cell(r, i, k);
            if (v > 0.0 && v < threshold) {
                *flag(r, i, k) = TDM_HIDDEN_PRIMARY;
            }
        }
    }
}

/* One pass of the complementary rule over one nested pair and one count
 * column. hidden_n, best: per output row (as parent) scratch.
 * @return number of cells newly hidden. */
static size_t complement(tdm_rollup_result *r, const tdm__nest *nest, size_t k, size_t *hidden_n,
                         size_t *best)
{
    size_t changed = 0;
    for (size_t i = 0; i < r->n_out; i++) {
        hidden_n[i] = 0;
        best[i] = SIZE_MAX;
    }
    for (size_t i = 0; i < r->n_out; i++) {
        size_t p = nest->parent_of[i];
        if (p == SIZE_MAX) {
            continue;
        }
        if (*flag(r, i, k) != 0) {
            hidden_n[p]++;
        } else if (cell(r, i, k) > 0.0 &&
                   (best[p] == SIZE_MAX || cell(r, i, k) < cell(r, best[p], k))) {
            best[p] = i; /* smallest published non-zero sibling; ties: first in output order */
        }
    }
    for (size_t p = 0; p < r->n_out; p++) {
        if (hidden_n[p] != 1 || *flag(r, p, k) != 0) {
            continue;
        }
        /* A lone hidden child under a published parent: hide a sibling, or the
         * parent itself when no non-zero sibling is left to hide. */
        *flag(r, best[p] != SIZE_MAX ? best[p] : p, k) = TDM_HIDDEN_SECONDARY;
        changed++;
    }
    return changed;
}

static int secondary(tdm_rollup_result *r)
{
    size_t n = r->n_out ? r->n_out : 1;
    size_t *hidden_n = tdm__malloc(n * sizeof *hidden_n);
    size_t *best = tdm__malloc(n * sizeof *best);
    size_t changed;
    if (hidden_n == NULL || best == NULL) {
        tdm__free(hidden_n);
        tdm__free(best);
        return TDM_ENOMEM;
    }
    /* Hiding a cell can expose it at another pair of levels: repeat until no
     * pass hides anything (cells only ever become hidden, so this ends). */
    do {
        changed = 0;
        for (size_t q = 0; q < r->n_nests; q++) {
            for (size_t k = 0; k <= r->n_sum; k++) {
                changed += complement(r, &r->nests[q], k, hidden_n, best);
            }
        }
    } while (changed > 0);
    tdm__free(hidden_n);
    tdm__free(best);
    return TDM_OK;
}

int tdm_rollup_suppress(tdm_rollup_result *r, const tdm_suppress_options *opt, tdm_error *err)
{
    tdm_suppress_options def;
    size_t cells = 1 + r->n_sum + r->n_mean;
    int rc = TDM_OK;
    if (opt == NULL) {
        tdm_suppress_options_init(&def);
        opt = &def;
    }
    if (!isfinite(opt->threshold) || opt->threshold < 0.0) {
        return tdm__error(err, TDM_EINVAL, 0, 0, "suppression threshold must be a number >= 0");
    }
    memset(r->hidden, 0, (r->n_out ? r->n_out : 1) * cells);
    primary(r, opt->threshold);
    if (opt->secondary) {
        rc = secondary(r);
        if (rc != TDM_OK) {
            return tdm__error(err, rc, 0, 0, "out of memory");
        }
    }
    r->stats.hidden_primary = 0;
    r->stats.hidden_secondary = 0;
    for (size_t i = 0; i < r->n_out; i++) {
        /* A group's means are published with its row count, or not at all. */
        for (size_t m = 0; m < r->n_mean; m++) {
            *flag(r, i, 1 + r->n_sum + m) = *flag(r, i, 0);
        }
        for (size_t k = 0; k <= r->n_sum; k++) {
            r->stats.hidden_primary += *flag(r, i, k) == TDM_HIDDEN_PRIMARY;
            r->stats.hidden_secondary += *flag(r, i, k) == TDM_HIDDEN_SECONDARY;
        }
    }
    return rc;
}
