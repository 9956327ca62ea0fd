/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * pair_candidates.c - tdm_pair_compute: who is challenged, which peers are
 * credibly better, what each candidate pair costs, and the rows of the
 * optimal assignment (the flow itself is tdm_pair_flow in pairing.c).
 */
#include "../core/core.h"
#include "pairing_internal.h"

#include <math.h>
#include <string.h>

#include "../ci/ci_internal.h"
#include "../peers/peers_internal.h"

void tdm_pair_options_init(tdm_pair_options *o)
{
    memset(o, 0, sizeof *o);
    o->version = TDM_PAIR_OPTIONS_VERSION;
    o->improvement = TDM_IMPROVEMENT_INCREASE;
    o->mentors = 1;
    o->capacity = 2;
    o->min_p_better = 0.95;
    o->alpha = 1.0;
    o->beta = 1.0;
    o->gamma = 0.5;
    o->scale = 1000.0;
    o->max_travel_km = (double)INFINITY;
    o->challenged = TDM_PAIR_CHALLENGED_MEDIAN;
    o->strict = 0;
}

struct tdm_pair_result {
    tdm_pair_match *rows;
    size_t n_rows;
    tdm_pair_summary summary;
};

/* A candidate pair with the terms of its cost. */
typedef struct cand {
    uint32_t i, j, rank;
    double dist, travel, gain, z, p;
} cand;

typedef struct pair_ctx {
    const tdm_unit_rate *u;
    const double *lat, *lon;
    size_t n;
    const tdm_peers_result *peers;
    const tdm_pair_options *opt;
    uint8_t *challenged; /* n flags */
    cand *c;             /* candidates, sorted by (i, j) */
    size_t n_c;
    tdm_pair_arc *arcs;
    uint8_t *chosen;
    uint64_t *demand, *capacity, *unmet;
} pair_ctx;

static int check(const tdm_pair_options *o, size_t n, const tdm_peers_result *peers,
                 const double *lat, const double *lon, tdm_error *err)
{
    if (o->version != TDM_PAIR_OPTIONS_VERSION ||
        (o->improvement != TDM_IMPROVEMENT_INCREASE &&
         o->improvement != TDM_IMPROVEMENT_DECREASE) ||
        o->mentors < 1 || !(o->min_p_better > 0.0 && o->min_p_better < 1.0) || !(o->alpha >= 0.0) ||
        !(o->beta >= 0.0) || !(o->gamma >= 0.0) || isinf(o->alpha) || isinf(o->beta) ||
        isinf(o->gamma) || !(o->scale > 0.0 && o->scale <= 1e9) || !(o->max_travel_km > 0.0) ||
        o->challenged < TDM_PAIR_CHALLENGED_MEDIAN || o->challenged > TDM_PAIR_CHALLENGED_ALL) {
        return tdm__error(err, TDM_EINVAL, 0, 0,
                          "pair options: improvement increase or decrease, mentors >= 1, "
                          "min_p_better in (0, 1), weights >= 0, scale in (0, 1e9]");
    }
    if (peers == NULL || tdm_peers_result_units(peers) != n || (lat == NULL) != (lon == NULL)) {
        return tdm__error(err, TDM_EINVAL, 0, 0,
                          "pairing needs the peers of the same %zu units (and both or neither "
                          "coordinate arrays)",
                          n);
    }
    return TDM_OK;
}

/* SPEC: pair.challenged - units strictly on the unfavourable side of the
 * median (or of the unfavourable quartile: the 25th percentile when higher
 * is better), type-7 percentiles of the (shrunk) values; or every unit. */
static int mark_challenged(pair_ctx *c, tdm_pair_summary *s)
{
    const int dir = c->opt->improvement;
    double thr = (double)NAN;
    if (c->opt->challenged != TDM_PAIR_CHALLENGED_ALL) {
        double *v = tdm__calloc(c->n, sizeof *v);
        double p = c->opt->challenged == TDM_PAIR_CHALLENGED_MEDIAN ? 0.5 : dir > 0 ? 0.25 : 0.75;
        if (v == NULL) {
            return TDM_ENOMEM;
        }
        for (size_t i = 0; i < c->n; i++) {
            v[i] = c->u[i].shrunk;
        }
        tdm__sort_doubles(v, c->n);
        thr = tdm__peers_percentile(v, c->n, p, 7);
        tdm__free(v);
    }
    s->threshold = thr;
    for (size_t i = 0; i < c->n; i++) {
        c->challenged[i] = isnan(thr) || (double)dir * (c->u[i].shrunk - thr) < 0.0;
        s->n_challenged += c->challenged[i];
    }
    return TDM_OK;
}

/* SPEC: pair.candidates - j is a candidate mentor of i when j is one of i's
 * peers, P(j better) = Phi(dir (theta_j - theta_i) / sqrt(v_i + v_j)) reaches
 * min_p_better (a one-sided z test at alpha = 1 - min_p_better using both
 * units' standard errors, Dropkin 2018; or the empirical-Bayes posterior
 * probability with shrunk inputs), and they are within max_travel_km. */
static int candidate(const pair_ctx *c, uint32_t i, uint32_t j, uint32_t rank, double dist,
                     cand *out)
{
    const tdm_unit_rate *a = &c->u[i], *b = &c->u[j];
    const double gain = (double)c->opt->improvement * (b->theta - a->theta);
    const double z = gain / sqrt(a->v + b->v);
    const double p = tdm__peers_pnorm(z);
    double travel = (double)NAN;
    if (!(p >= c->opt->min_p_better)) {
        return 0;
    }
    if (c->lat != NULL) {
        travel = tdm_haversine_km(c->lat[i], c->lon[i], c->lat[j], c->lon[j]);
        if (travel > c->opt->max_travel_km) {
            return 0;
        }
    }
    out->i = i;
    out->j = j;
    out->rank = rank;
    out->dist = dist;
    out->travel = travel;
    out->gain = gain;
    out->z = z;
    out->p = p;
    return 1;
}

static int collect(pair_ctx *c)
{
    size_t cap = 0;
    for (size_t i = 0; i < c->n; i++) {
        cap += c->challenged[i] ? tdm_peers_result_list(c->peers, i, NULL, NULL) : 0;
    }
    c->c = tdm__calloc(cap ? cap : 1, sizeof *c->c);
    if (c->c == NULL) {
        return TDM_ENOMEM;
    }
    for (size_t i = 0; i < c->n; i++) {
        const uint32_t *peer;
        const double *dist;
        size_t k, first = c->n_c;
        if (!c->challenged[i]) {
            continue;
        }
        k = tdm_peers_result_list(c->peers, i, &peer, &dist);
        for (size_t q = 0; q < k; q++) {
            c->n_c += (size_t)candidate(c, (uint32_t)i, peer[q], (uint32_t)(q + 1), dist[q],
                                        &c->c[c->n_c]);
        }
        /* by mentor index within i (tdm_pair_flow's order): insertion sort of <= k items */
        for (size_t a = first + 1; a < c->n_c; a++) {
            cand t = c->c[a];
            size_t b = a;
            while (b > first && c->c[b - 1].j > t.j) {
                c->c[b] = c->c[b - 1];
                b--;
            }
            c->c[b] = t;
        }
    }
    return TDM_OK;
}

/* Median of one cost term over the candidates (NaN terms skipped); a scale
 * that is not > 0 (no such term, or all zero) becomes 1 so it cannot divide
 * by zero. */
static int term_median(const cand *c, size_t n, int which, double *out)
{
    double *v = tdm__calloc(n ? n : 1, sizeof *v);
    size_t m = 0;
    if (v == NULL) {
        return TDM_ENOMEM;
    }
    for (size_t a = 0; a < n; a++) {
        double x = which == 0 ? c[a].dist : which == 1 ? c[a].travel : c[a].gain;
        if (!isnan(x)) {
            v[m++] = x;
        }
    }
    *out = m > 0 ? tdm__peers_percentile_select(v, m, 0.5, 7) : (double)NAN;
    tdm__free(v);
    return TDM_OK;
}

/* SPEC: pair.cost - c = round(scale (alpha D/D~ + beta T/T~ - gamma G/G~)),
 * tildes the medians over the candidates, then shifted so the smallest is 0
 * (spec-peers 5.1). A missing travel term (no coordinates) counts 0. */
static int costs(pair_ctx *c, tdm_pair_summary *s, tdm_error *err)
{
    const tdm_pair_options *o = c->opt;
    double md, mt, mg, lo = 0.0;
    int rc = term_median(c->c, c->n_c, 0, &md);
    rc = rc ? rc : term_median(c->c, c->n_c, 1, &mt);
    rc = rc ? rc : term_median(c->c, c->n_c, 2, &mg);
    if (rc != TDM_OK) {
        return rc;
    }
    s->median_distance = md;
    s->median_travel = mt;
    s->median_gain = mg;
    md = md > 0.0 ? md : 1.0;
    mt = mt > 0.0 ? mt : 1.0;
    mg = mg > 0.0 ? mg : 1.0;
    for (size_t a = 0; a < c->n_c; a++) {
        const cand *x = &c->c[a];
        double t = isnan(x->travel) ? 0.0 : o->beta * x->travel / mt;
        double raw = nearbyint(o->scale * (o->alpha * x->dist / md + t - o->gamma * x->gain / mg));
        if (!(fabs(raw) < 1e15)) {
            return tdm__error(err, TDM_ELIMIT, x->i + 1, 0,
                              "pair cost of units %u and %u is out of range (%g)", x->i + 1,
                              x->j + 1, raw);
        }
        c->arcs[a].challenged = x->i;
        c->arcs[a].mentor = x->j;
        c->arcs[a].cost = (int64_t)raw;
        c->arcs[a].tie = x->rank;
        lo = a == 0 || raw < lo ? raw : lo;
    }
    for (size_t a = 0; a < c->n_c; a++) {
        c->arcs[a].cost -= (int64_t)lo;
    }
    return TDM_OK;
}

static void fill_match(const pair_ctx *c, const cand *x, int64_t cost, tdm_pair_match *m)
{
    m->challenged = x->i;
    m->mentor = x->j;
    m->peer_rank = x->rank;
    m->cost = cost;
    m->gap = (double)c->opt->improvement * (c->u[x->j].shrunk - c->u[x->i].shrunk);
    m->p_better = x->p;
    m->z = x->z;
    m->distance = x->dist;
    m->travel_km = x->travel;
}

/* Rows: per challenged unit in index order, its filled places by cost (then
 * peer rank), then one row per unmet place. */
static int make_rows(pair_ctx *c, tdm_pair_result *r)
{
    size_t n_rows = 0, a = 0;
    for (size_t i = 0; i < c->n; i++) {
        n_rows += c->challenged[i] ? (size_t)c->demand[i] : 0;
    }
    r->rows = tdm__calloc(n_rows ? n_rows : 1, sizeof *r->rows);
    if (r->rows == NULL) {
        return TDM_ENOMEM;
    }
    for (size_t i = 0; i < c->n; i++) {
        size_t first = r->n_rows;
        if (!c->challenged[i]) {
            continue;
        }
        for (; a < c->n_c && c->c[a].i == i; a++) {
            if (c->chosen[a]) {
                tdm_pair_match *m = &r->rows[r->n_rows++];
                size_t b = r->n_rows - 1;
                fill_match(c, &c->c[a], c->arcs[a].cost, m);
                while (b > first && (r->rows[b - 1].cost > r->rows[b].cost ||
                                     (r->rows[b - 1].cost == r->rows[b].cost &&
                                      r->rows[b - 1].peer_rank > r->rows[b].peer_rank))) {
                    tdm_pair_match t = r->rows[b];
                    r->rows[b] = r->rows[b - 1];
                    r->rows[b - 1] = t;
                    b--;
                }
            }
        }
        for (uint64_t u = 0; u < c->unmet[i]; u++) {
            tdm_pair_match *m = &r->rows[r->n_rows++];
            memset(m, 0, sizeof *m);
            m->challenged = (uint32_t)i;
            m->mentor = UINT32_MAX;
            m->gap = m->p_better = m->z = m->distance = m->travel_km = (double)NAN;
        }
    }
    return TDM_OK;
}

static void ctx_free(pair_ctx *c)
{
    tdm__free(c->challenged);
    tdm__free(c->c);
    tdm__free(c->arcs);
    tdm__free(c->chosen);
    tdm__free(c->demand);
    tdm__free(c->capacity);
    tdm__free(c->unmet);
}

static int solve(pair_ctx *c, tdm_pair_summary *s, tdm_error *err)
{
    tdm_pair_flow_summary fs;
    int rc;
    c->arcs = tdm__calloc(c->n_c ? c->n_c : 1, sizeof *c->arcs);
    c->chosen = tdm__calloc(c->n_c ? c->n_c : 1, 1);
    c->demand = tdm__calloc(c->n, sizeof *c->demand);
    c->capacity = tdm__calloc(c->n, sizeof *c->capacity);
    c->unmet = tdm__calloc(c->n, sizeof *c->unmet);
    if (!c->arcs || !c->chosen || !c->demand || !c->capacity || !c->unmet) {
        return TDM_ENOMEM;
    }
    rc = costs(c, s, err);
    if (rc != TDM_OK) {
        return rc;
    }
    for (size_t i = 0; i < c->n; i++) {
        c->demand[i] = c->challenged[i] ? c->opt->mentors : 0;
        c->capacity[i] = c->opt->capacity;
    }
    rc =
        tdm_pair_flow(c->n, c->demand, c->capacity, c->arcs, c->n_c, c->chosen, c->unmet, &fs, err);
    if (rc != TDM_OK) {
        return rc;
    }
    s->demand = fs.demand;
    s->filled = fs.filled;
    s->total_cost = fs.total_cost;
    return TDM_OK;
}

/* strict: the first unit with a place left empty makes the run fail. */
static int strict_check(const pair_ctx *c, tdm_error *err)
{
    for (size_t i = 0; i < c->n; i++) {
        if (c->unmet[i] > 0) {
            size_t eligible = 0;
            for (size_t a = 0; a < c->n_c; a++) {
                eligible += c->c[a].i == i;
            }
            return tdm__error(err, TDM_ESOLVER, i + 1, 0,
                              "unit %zu: %llu of %llu mentor places cannot be filled (%zu "
                              "credibly better peers)",
                              i + 1, (unsigned long long)c->unmet[i],
                              (unsigned long long)c->opt->mentors, eligible);
        }
    }
    return TDM_OK;
}

int tdm_pair_compute(const tdm_unit_rate *rates, const double *lat, const double *lon, size_t n,
                     const tdm_peers_result *peers, const tdm_pair_options *opt,
                     tdm_pair_result **out, tdm_error *err)
{
    tdm_pair_options defaults;
    tdm_pair_result *r = NULL;
    pair_ctx c;
    int rc;
    if (out == NULL || rates == NULL) {
        return tdm__error(err, TDM_EINVAL, 0, 0, "tdm_pair_compute: NULL argument");
    }
    *out = NULL;
    if (opt == NULL) {
        tdm_pair_options_init(&defaults);
        opt = &defaults;
    }
    rc = check(opt, n, peers, lat, lon, err);
    if (rc != TDM_OK) {
        return rc;
    }
    memset(&c, 0, sizeof c);
    c.u = rates;
    c.lat = lat;
    c.lon = lon;
    c.n = n;
    c.peers = peers;
    c.opt = opt;
    r = tdm__calloc(1, sizeof *r);
    c.challenged = tdm__calloc(n, 1);
    if (r == NULL || c.challenged == NULL) {
        rc = TDM_ENOMEM;
        goto done;
    }
    rc = mark_challenged(&c, &r->summary);
    rc = rc ? rc : collect(&c);
    if (rc == TDM_OK) {
        r->summary.n_candidates = c.n_c;
        rc = solve(&c, &r->summary, err);
    }
    rc = rc ? rc : make_rows(&c, r);
    if (rc == TDM_OK && opt->strict) {
        rc = strict_check(&c, err);
    }
done:
    ctx_free(&c);
    if (rc != TDM_OK) {
        tdm_pair_result_free(r);
        return rc == TDM_ENOMEM ? tdm__error(err, rc, 0, 0, "out of memory") : rc;
    }
    *out = r;
    return TDM_OK;
}

const tdm_pair_match *tdm_pair_result_rows(const tdm_pair_result *r, size_t *n)
{
    if (n != NULL) {
        *n = r != NULL ? r->n_rows : 0;
    }
    return r != NULL ? r->rows : NULL;
}

const tdm_pair_summary *tdm_pair_result_summary(const tdm_pair_result *r)
{
    return r != NULL ? &r->summary : NULL;
}

void tdm_pair_result_free(tdm_pair_result *r)
{
    if (r == NULL) {
        return;
    }
    tdm__free(r->rows);
    tdm__free(r);
}
