// SPDX-License-Identifier: GPL-3.0-or-later
//
// flow_lemon.cc - the C-callable shim over LEMON's network simplex (Debian
// liblemon-dev 1.3.1, Boost licence): builds a SmartDigraph from the arrays
// of a tdm_mcf, solves, copies the flow out, and frees everything before
// returning. Only this file includes LEMON, and only this file is compiled
// with C++ exceptions, so that an allocation failure inside LEMON's
// containers becomes TDM_ENOMEM instead of terminating the program.
//
// Why LEMON: at national GP-practice scale (about 300,000 candidate arcs)
// its network simplex solves in tens of milliseconds, about 300 times faster
// than GLPK's out-of-kilter code (spec-peers 5.4; bench/README.md), and it
// is the solver behind R optmatch since 0.10.0. Kovacs (2015) "Minimum-cost
// flow algorithms: an experimental evaluation", Optim Methods Softw 30:94.
#include "pairing_internal.h"

#include <lemon/network_simplex.h>
#include <lemon/smart_graph.h>
#include <new>
#include <vector>

// LEMON's SmartDigraph appends default-constructed node and arc records whose
// fields it fills straight after; gcc 12 cannot see that across the inlined
// vector growth and reports them as maybe uninitialised. Silenced for this
// file only (a false positive inside a system header's template).
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif

namespace
{

typedef lemon::SmartDigraph digraph;
typedef lemon::NetworkSimplex<digraph, long long, long long> solver;

int solve(const tdm_mcf *p, int64_t *flow)
{
    digraph g;
    g.reserveNode(static_cast<int>(p->n_nodes));
    g.reserveArc(static_cast<int>(p->n_arcs));
    std::vector<digraph::Node> nodes;
    nodes.reserve(p->n_nodes);
    for (size_t i = 0; i < p->n_nodes; i++) {
        nodes.push_back(g.addNode());
    }
    std::vector<digraph::Arc> arcs;
    arcs.reserve(p->n_arcs);
    for (size_t a = 0; a < p->n_arcs; a++) {
        arcs.push_back(g.addArc(nodes[p->src[a]], nodes[p->dst[a]]));
    }
    digraph::ArcMap<long long> cap(g), cost(g);
    for (size_t a = 0; a < p->n_arcs; a++) {
        cap[arcs[a]] = p->cap[a];
        cost[arcs[a]] = p->cost[a];
    }
    solver ns(g);
    ns.upperMap(cap).costMap(cost).stSupply(nodes[p->s], nodes[p->t], p->supply);
    if (ns.run() != solver::OPTIMAL) {
        return TDM_ESOLVER;
    }
    for (size_t a = 0; a < p->n_arcs; a++) {
        flow[a] = ns.flow(arcs[a]);
    }
    return TDM_OK;
}

} // namespace

extern "C" int tdm_mcf_solve_lemon(const tdm_mcf *p, int64_t *flow)
{
    try {
        return solve(p, flow);
    } catch (const std::bad_alloc &) {
        return TDM_ENOMEM;
    } catch (...) {
        return TDM_ESOLVER;
    }
}
