/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * pairing_internal.h - the one internal interface to a min-cost flow
 * solver (LEMON's network simplex, flow_lemon.cc), used by pairing.c.
 * Shared by C and C++, so it includes only tandem.h and its names carry no
 * double underscore (reserved everywhere in an identifier in C++); the
 * symbol stays hidden because the shim's library is built with hidden
 * visibility.
 */
#ifndef TDM_PAIRING_INTERNAL_H
#define TDM_PAIRING_INTERNAL_H

#include "tandem.h"

#ifdef __cplusplus
extern "C" {
#endif

/* A min-cost flow instance: arcs src[a] -> dst[a] with capacity cap[a] >= 0
 * and cost cost[a] (no lower bounds); `supply` units leave node s and enter
 * node t. Node indexes are below n_nodes. */
typedef struct tdm_mcf {
    size_t n_nodes;
    size_t n_arcs;
    const uint32_t *src;
    const uint32_t *dst;
    const int64_t *cap;
    const int64_t *cost;
    uint32_t s, t;
    int64_t supply;
} tdm_mcf;

/* Solve exactly with LEMON NetworkSimplex (block-search pivots, which are
 * deterministic: the same instance gives the same flow on every run).
 * @param flow n_arcs outputs.
 * @return TDM_OK, TDM_ESOLVER (infeasible or unbounded), TDM_ENOMEM.
 * LEMON's own allocations live and die inside the call. */
int tdm_mcf_solve_lemon(const tdm_mcf *p, int64_t *flow);

#ifdef __cplusplus
}
#endif

#endif /* TDM_PAIRING_INTERNAL_H */
