/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_peers_similar10.c - tandem's peer sets against an independent,
 * first-principles computation of the NHS England "Similar 10" method on
 * the real ICB context file (SPEC: peers.prep, peers.similar10, peers.ties),
 * written here from the published steps without any library code: its own
 * CSV parsing, its own means and SDs, every distance computed and sorted.
 * Also Mahalanobis (SPEC: peers.mahalanobis) against an explicit inverse,
 * the Schafer-Strimmer lambda, and the stability bootstrap.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tandem.h"

#define MAXN 64
#define MAXP 16

/* ---- an independent reader for the reference CSV (quoted fields, no escapes needed) ---- */

typedef struct ref_table {
    size_t n, ncol;
    char head[MAXP * 2][64];
    char id[MAXN][16];
    double x[MAXN][MAXP * 2];
} ref_table;

static size_t split(char *line, char **f)
{
    size_t n = 0;
    char *p = line;
    for (;;) {
        char *start;
        if (*p == '"') {
            start = ++p;
            while (*p && *p != '"') {
                p++;
            }
            *p++ = '\0';
        } else {
            start = p;
            while (*p && *p != ',' && *p != '\n' && *p != '\r') {
                p++;
            }
        }
        f[n++] = start;
        if (*p != ',') {
            *p = '\0';
            return n;
        }
        *p++ = '\0';
    }
}

static void read_ref(const char *path, ref_table *t)
{
    char line[4096];
    char *f[64];
    FILE *fp = fopen(path, "r");
    cr_assert_not_null(fp, "cannot open %s", path);
    memset(t, 0, sizeof *t);
    cr_assert_not_null(fgets(line, sizeof line, fp));
    t->ncol = split(line, f);
    for (size_t c = 0; c < t->ncol; c++) {
        snprintf(t->head[c], sizeof t->head[c], "%s", f[c]);
    }
    while (fgets(line, sizeof line, fp) != NULL) {
        size_t n = split(line, f);
        cr_assert_eq(n, t->ncol);
        snprintf(t->id[t->n], sizeof t->id[t->n], "%s", f[0]);
        for (size_t c = 0; c < n; c++) {
            t->x[t->n][c] = strtod(f[c], NULL);
        }
        t->n++;
    }
    fclose(fp);
}

static size_t column(const ref_table *t, const char *name)
{
    for (size_t c = 0; c < t->ncol; c++) {
        if (strcmp(t->head[c], name) == 0) {
            return c;
        }
    }
    cr_assert_fail("no column %s", name);
    return 0;
}

/* ---- the method from first principles (NHS England script steps 3-9) ---- */

typedef struct cand {
    double d;
    const char *code;
    size_t j;
} cand;

static int by_d_then_code(const void *a, const void *b)
{
    const cand *x = a, *y = b;
    if (x->d != y->d) {
        return x->d < y->d ? -1 : 1;
    }
    return strcmp(x->code, y->code);
}

/* z[i][v] by: cap at mean + 5 sd_pop; sqrt; (x - mean) / sd_pop. Plain sums. */
static void brute_z(const ref_table *t, const size_t *cols, size_t p, double z[MAXN][MAXP])
{
    const double n = (double)t->n;
    for (size_t v = 0; v < p; v++) {
        double m = 0, s = 0, m2 = 0, s2 = 0, cap, y[MAXN];
        for (size_t i = 0; i < t->n; i++) {
            m += t->x[i][cols[v]];
        }
        m /= n;
        for (size_t i = 0; i < t->n; i++) {
            s += (t->x[i][cols[v]] - m) * (t->x[i][cols[v]] - m);
        }
        cap = m + 5.0 * sqrt(s / n);
        for (size_t i = 0; i < t->n; i++) {
            y[i] = sqrt(fmin(t->x[i][cols[v]], cap));
            m2 += y[i];
        }
        m2 /= n;
        for (size_t i = 0; i < t->n; i++) {
            s2 += (y[i] - m2) * (y[i] - m2);
        }
        for (size_t i = 0; i < t->n; i++) {
            z[i][v] = (y[i] - m2) / sqrt(s2 / n);
        }
    }
}

static void brute_peers(const ref_table *t, double z[MAXN][MAXP], size_t p, const double *w,
                        size_t i, cand *out)
{
    size_t m = 0;
    for (size_t j = 0; j < t->n; j++) {
        double d = 0;
        if (j == i) {
            continue;
        }
        for (size_t v = 0; v < p; v++) {
            d += w[v] * (z[i][v] - z[j][v]) * (z[i][v] - z[j][v]);
        }
        out[m].d = d;
        out[m].code = t->id[j];
        out[m].j = j;
        m++;
    }
    qsort(out, m, sizeof *out, by_d_then_code);
}

static const char *const icb_vars[] = { "population_mid2020",
                                        "pct_age_0_15",
                                        "pct_age_65plus",
                                        "pct_age_85plus",
                                        "imd2019_popweighted_mean_decile",
                                        "pct_pop_imd_decile1",
                                        "pct_pop_imd_decile1_2",
                                        "pct_pop_rural_lsoa" };
#define NV (sizeof icb_vars / sizeof *icb_vars)

static ref_table icb;
static double X[MAXN * MAXP];
static size_t cols[NV];

static void load_icb(void)
{
    read_ref(TDM_REF_DIR "/peers/icb_context.csv", &icb);
    cr_assert_eq(icb.n, 42);
    for (size_t v = 0; v < NV; v++) {
        cols[v] = column(&icb, icb_vars[v]);
    }
    /* rows are sorted by code in the file; the library breaks ties by index */
    for (size_t i = 1; i < icb.n; i++) {
        cr_assert(strcmp(icb.id[i - 1], icb.id[i]) < 0);
    }
    for (size_t i = 0; i < icb.n; i++) {
        for (size_t v = 0; v < NV; v++) {
            X[i * NV + v] = icb.x[i][cols[v]];
        }
    }
}

static void compare_with_brute(const double *w, size_t k)
{
    static double z[MAXN][MAXP];
    static cand c[MAXN];
    double ones[NV];
    tdm_peers_options o;
    tdm_peers_result *r = NULL;
    for (size_t v = 0; v < NV; v++) {
        ones[v] = 1.0;
    }
    tdm_peers_options_init(&o);
    o.k = k;
    o.weights = w;
    cr_assert_eq(tdm_peers_compute(X, icb.n, NV, &o, &r, NULL), TDM_OK);
    brute_z(&icb, cols, NV, z);
    for (size_t i = 0; i < icb.n; i++) {
        const uint32_t *peer;
        const double *dist;
        size_t got = tdm_peers_result_list(r, i, &peer, &dist);
        cr_assert_eq(got, k);
        brute_peers(&icb, z, NV, w != NULL ? w : ones, i, c);
        for (size_t q = 0; q < k; q++) {
            cr_assert_eq(peer[q], c[q].j, "ICB %s rank %zu: tandem %s, first principles %s",
                         icb.id[i], q + 1, icb.id[peer[q]], c[q].code);
            cr_assert(fabs(dist[q] - c[q].d) <= 1e-12 * fmax(1.0, c[q].d),
                      "ICB %s rank %zu: distance %.17g vs %.17g", icb.id[i], q + 1, dist[q],
                      c[q].d);
        }
    }
    tdm_peers_result_free(r);
}

Test(peers_similar10, icb_context_equals_first_principles)
{
    /* SPEC: peers.similar10 - the Similar 10 of every ICB on the real file */
    load_icb();
    compare_with_brute(NULL, 10);
}

Test(peers_similar10, icb_context_five_peers_and_user_weights)
{
    /* SPEC: peers.similar10 - Model Health System ICB peers keep 5; weights as in the
     * NHS England "Variable Descriptions" sheet multiply each squared difference */
    static const double w[NV] = { 0.5, 1, 1, 2, 1.5, 1, 0.25, 1 };
    load_icb();
    compare_with_brute(NULL, 5);
    compare_with_brute(w, 10);
}

Test(peers_similar10, identity_excluded_and_ties_by_index)
{
    /* SPEC: peers.ties - units 1 and 2 are identical: each is the other's nearest
     * peer at distance 0 (the NHS script's D = 0 filter would drop them); unit 0
     * is equidistant from 3 and 4 and takes the lower index first. */
    static const double x[5 * 1] = { 4, 9, 9, 1, 9 };
    static const double y[5 * 2] = { 1, 1, 2, 2, 2, 2, 0, 1, 2, 1 };
    tdm_peers_options o;
    tdm_peers_result *r = NULL;
    const uint32_t *peer;
    const double *dist;
    tdm_peers_options_init(&o);
    o.k = 4;
    o.transform = TDM_PEERS_TRANSFORM_NONE;
    cr_assert_eq(tdm_peers_compute(x, 5, 1, &o, &r, NULL), TDM_OK);
    cr_assert_eq(tdm_peers_result_list(r, 1, &peer, &dist), 4);
    cr_assert_eq(peer[0], 2); /* identical neighbour kept */
    cr_assert_eq(dist[0], 0.0);
    cr_assert_eq(peer[1], 4); /* also identical; ties by index */
    cr_assert_eq(tdm_peers_result_list(r, 2, &peer, NULL), 4);
    cr_assert_eq(peer[0], 1);
    cr_assert_eq(peer[1], 4);
    tdm_peers_result_free(r);
    r = NULL;
    cr_assert_eq(tdm_peers_compute(y, 5, 2, &o, &r, NULL), TDM_OK);
    tdm_peers_result_free(r);
}

Test(peers_similar10, k_larger_than_units_is_capped)
{
    static const double x[3] = { 1, 2, 4 };
    tdm_peers_options o;
    tdm_peers_result *r = NULL;
    tdm_peers_options_init(&o);
    o.k = 10;
    cr_assert_eq(tdm_peers_compute(x, 3, 1, &o, &r, NULL), TDM_OK);
    cr_assert_eq(tdm_peers_result_list(r, 0, NULL, NULL), 2);
    cr_assert_eq(tdm_peers_result_list(r, 3, NULL, NULL), 0);
    cr_assert(isnan(tdm_peers_distance(r, 0, 3)));
    cr_assert_eq(tdm_peers_distance(r, 1, 1), 0.0);
    cr_assert_eq(tdm_peers_distance(r, 0, 2), tdm_peers_distance(r, 2, 0));
    tdm_peers_result_free(r);
}

Test(peers_similar10, cap_limits_the_upper_tail_only)
{
    /* SPEC: peers.prep - one extreme unit among 40: mean + 5 SD caps it. With 39
     * zeros and one 1000: mean 25, SD_pop = sqrt(39 * 625 + 975^2) / sqrt(40) =
     * 156.12...; cap = 805.6; the capped value is sqrt(805.6) on the sqrt scale. */
    double x[40] = { 0 };
    double xc[40] = { 0 };
    tdm_peers_options o;
    tdm_peers_result *a = NULL, *b = NULL;
    double sd = sqrt((39.0 * 625.0 + 975.0 * 975.0) / 40.0);
    x[39] = 1000.0;
    xc[39] = 25.0 + 5.0 * sd;
    for (int i = 0; i < 39; i++) {
        x[i] = xc[i] = (double)(i % 7);
    }
    tdm_peers_options_init(&o);
    o.k = 5;
    /* capping changes the mean of the raw values, so compare with the pre-capped
     * column using no cap: same transformed values, same z-scores */
    {
        double m = 0;
        for (int i = 0; i < 40; i++) {
            m += x[i];
        }
        m /= 40;
        sd = 0;
        for (int i = 0; i < 40; i++) {
            sd += (x[i] - m) * (x[i] - m);
        }
        xc[39] = m + 5 * sqrt(sd / 40);
    }
    cr_assert_eq(tdm_peers_compute(x, 40, 1, &o, &a, NULL), TDM_OK);
    o.cap_sd = 0.0;
    cr_assert_eq(tdm_peers_compute(xc, 40, 1, &o, &b, NULL), TDM_OK);
    for (size_t i = 0; i < 40; i++) {
        const uint32_t *pa, *pb;
        const double *da, *db;
        tdm_peers_result_list(a, i, &pa, &da);
        tdm_peers_result_list(b, i, &pb, &db);
        for (size_t q = 0; q < 5; q++) {
            cr_assert_eq(pa[q], pb[q]);
            cr_assert(fabs(da[q] - db[q]) <= 1e-12 * fmax(1, da[q]));
        }
    }
    tdm_peers_result_free(a);
    tdm_peers_result_free(b);
}

Test(peers_similar10, bad_context_is_an_error_with_unit_and_variable)
{
    static const double constant[4 * 2] = { 1, 5, 2, 5, 3, 5, 4, 5 };
    static const double missing[3 * 2] = { 1, 2, 3, NAN, 5, 6 };
    static const double negative[3 * 1] = { 1, -2, 3 };
    static const double w0[2] = { 1, 0 };
    tdm_peers_options o;
    tdm_peers_result *r = NULL;
    tdm_error err;
    tdm_peers_options_init(&o);
    cr_assert_eq(tdm_peers_compute(constant, 4, 2, &o, &r, &err), TDM_EDOMAIN);
    cr_assert_null(r);
    cr_assert_eq(err.line, 0);
    cr_assert_eq(err.field, 2);
    cr_assert(strstr(err.message, "constant") != NULL);
    /* weight 0 drops the constant variable: no error */
    o.weights = w0;
    cr_assert_eq(tdm_peers_compute(constant, 4, 2, &o, &r, &err), TDM_OK);
    tdm_peers_result_free(r);
    r = NULL;
    o.weights = NULL;
    cr_assert_eq(tdm_peers_compute(missing, 3, 2, &o, &r, &err), TDM_EDOMAIN);
    cr_assert_eq(err.line, 2);
    cr_assert_eq(err.field, 2);
    cr_assert_eq(tdm_peers_compute(negative, 3, 1, &o, &r, &err), TDM_EDOMAIN);
    cr_assert_eq(err.line, 2);
    o.transform = TDM_PEERS_TRANSFORM_NONE;
    cr_assert_eq(tdm_peers_compute(negative, 3, 1, &o, &r, &err), TDM_OK);
    tdm_peers_result_free(r);
    r = NULL;
    o.k = 0;
    cr_assert_eq(tdm_peers_compute(negative, 3, 1, &o, &r, &err), TDM_EINVAL);
    o.k = 2;
    cr_assert_eq(tdm_peers_compute(negative, 1, 1, &o, &r, &err), TDM_EDOMAIN);
    tdm_peers_result_free(NULL);
}

/* ---- Mahalanobis ---- */

/* Invert a p x p SPD matrix by Gauss-Jordan (independent of the Cholesky path). */
static void invert(double *a, double *inv, size_t p)
{
    for (size_t i = 0; i < p; i++) {
        for (size_t j = 0; j < p; j++) {
            inv[i * p + j] = i == j;
        }
    }
    for (size_t c = 0; c < p; c++) {
        double piv = a[c * p + c];
        for (size_t j = 0; j < p; j++) {
            a[c * p + j] /= piv;
            inv[c * p + j] /= piv;
        }
        for (size_t r = 0; r < p; r++) {
            double f = a[r * p + c];
            if (r == c) {
                continue;
            }
            for (size_t j = 0; j < p; j++) {
                a[r * p + j] -= f * a[c * p + j];
                inv[r * p + j] -= f * inv[c * p + j];
            }
        }
    }
}

Test(peers_mahalanobis, equals_explicit_inverse_with_fixed_lambda)
{
    /* SPEC: peers.mahalanobis - D = d' W^1/2 S^-1 W^1/2 d, S = (1 - l) R + l I */
    static double z[MAXN][MAXP];
    static const double w[NV] = { 1, 2, 1, 1, 0.5, 1, 1, 3 };
    double s[NV * NV], inv[NV * NV];
    const double lambda = 0.3;
    tdm_peers_options o;
    tdm_peers_result *r = NULL;
    load_icb();
    brute_z(&icb, cols, NV, z);
    for (size_t a = 0; a < NV; a++) {
        for (size_t b = 0; b < NV; b++) {
            double c = 0;
            for (size_t i = 0; i < icb.n; i++) {
                c += z[i][a] * z[i][b];
            }
            c /= (double)icb.n;
            s[a * NV + b] = a == b ? 1.0 : (1 - lambda) * c;
        }
    }
    invert(s, inv, NV);
    tdm_peers_options_init(&o);
    o.method = TDM_PEERS_MAHALANOBIS;
    o.shrinkage = lambda;
    o.weights = w;
    o.k = 41;
    cr_assert_eq(tdm_peers_compute(X, icb.n, NV, &o, &r, NULL), TDM_OK);
    cr_assert_float_eq(tdm_peers_result_lambda(r), lambda, 0);
    for (size_t i = 0; i < icb.n; i++) {
        for (size_t j = 0; j < icb.n; j++) {
            double d[NV], want = 0;
            for (size_t v = 0; v < NV; v++) {
                d[v] = sqrt(w[v]) * (z[i][v] - z[j][v]);
            }
            for (size_t a = 0; a < NV; a++) {
                for (size_t b = 0; b < NV; b++) {
                    want += d[a] * inv[a * NV + b] * d[b];
                }
            }
            cr_assert(fabs(tdm_peers_distance(r, i, j) - want) <= 1e-9 * fmax(1, want),
                      "%zu %zu: %.17g vs %.17g", i, j, tdm_peers_distance(r, i, j), want);
        }
    }
    tdm_peers_result_free(r);
}

Test(peers_mahalanobis, lambda_one_is_similar10)
{
    /* With S = I the Mahalanobis distance is the Similar 10 distance. */
    tdm_peers_options o;
    tdm_peers_result *a = NULL, *b = NULL;
    load_icb();
    tdm_peers_options_init(&o);
    cr_assert_eq(tdm_peers_compute(X, icb.n, NV, &o, &a, NULL), TDM_OK);
    o.method = TDM_PEERS_MAHALANOBIS;
    o.shrinkage = 1.0;
    cr_assert_eq(tdm_peers_compute(X, icb.n, NV, &o, &b, NULL), TDM_OK);
    for (size_t i = 0; i < icb.n; i++) {
        for (size_t j = 0; j < icb.n; j++) {
            double x = tdm_peers_distance(a, i, j), y = tdm_peers_distance(b, i, j);
            cr_assert(fabs(x - y) <= 1e-12 * fmax(1, x));
        }
    }
    tdm_peers_result_free(a);
    tdm_peers_result_free(b);
}

Test(peers_mahalanobis, schafer_strimmer_lambda_from_its_formula)
{
    /* SPEC: peers.mahalanobis.lambda - corpcor cor.shrink's estimate, computed
     * here from the formula with sample-SD standardisation. */
    static double z[MAXN][MAXP];
    tdm_peers_options o;
    tdm_peers_result *r = NULL;
    double num = 0, den = 0, want;
    const double n = 42.0;
    load_icb();
    brute_z(&icb, cols, NV, z);
    for (size_t a = 0; a < NV; a++) {
        for (size_t b = 0; b < NV; b++) {
            double wbar = 0, ss = 0, x[MAXN];
            if (a == b) {
                continue;
            }
            for (size_t i = 0; i < icb.n; i++) {
                /* sample-SD standardised values: z * sqrt((n - 1) / n) */
                x[i] = z[i][a] * z[i][b] * (n - 1) / n;
                wbar += x[i];
            }
            wbar /= n;
            for (size_t i = 0; i < icb.n; i++) {
                ss += (x[i] - wbar) * (x[i] - wbar);
            }
            num += n / pow(n - 1, 3) * ss;
            den += pow(n / (n - 1) * wbar, 2);
        }
    }
    want = fmin(1, fmax(0, num / den));
    tdm_peers_options_init(&o);
    o.method = TDM_PEERS_MAHALANOBIS;
    cr_assert_eq(tdm_peers_compute(X, icb.n, NV, &o, &r, NULL), TDM_OK);
    cr_assert(fabs(tdm_peers_result_lambda(r) - want) < 1e-12, "%.17g vs %.17g",
              tdm_peers_result_lambda(r), want);
    cr_assert(want > 0.0 && want < 1.0);
    tdm_peers_result_free(r);
}

Test(peers_mahalanobis, collinear_without_shrinkage_is_an_error)
{
    static const double x[4 * 2] = { 1, 2, 2, 4, 3, 6, 5, 10 };
    tdm_peers_options o;
    tdm_peers_result *r = NULL;
    tdm_error err;
    tdm_peers_options_init(&o);
    o.method = TDM_PEERS_MAHALANOBIS;
    o.transform = TDM_PEERS_TRANSFORM_NONE;
    o.shrinkage = 0.0;
    cr_assert_eq(tdm_peers_compute(x, 4, 2, &o, &r, &err), TDM_EDOMAIN);
    cr_assert(strstr(err.message, "collinear") != NULL);
    o.shrinkage = (double)NAN; /* estimated lambda > 0 rescues it */
    cr_assert_eq(tdm_peers_compute(x, 4, 2, &o, &r, &err), TDM_OK);
    tdm_peers_result_free(r);
}

/* ---- stability ---- */

Test(peers_stability, seeded_bounded_and_one_for_separated_clusters)
{
    /* SPEC: peers.stability - four tight, far-apart clusters of 5: every
     * bootstrap keeps each unit's 4 cluster-mates, so stability is 1. */
    double x[20 * 2];
    tdm_peers_options o;
    tdm_peers_result *a = NULL, *b = NULL;
    const double *fa, *fb;
    for (int c = 0; c < 4; c++) {
        for (int i = 0; i < 5; i++) {
            x[(c * 5 + i) * 2] = 100.0 * (c % 2) + 0.01 * i;
            x[(c * 5 + i) * 2 + 1] = 100.0 * (c / 2) + 0.02 * i;
        }
    }
    tdm_peers_options_init(&o);
    o.k = 4;
    o.transform = TDM_PEERS_TRANSFORM_NONE;
    o.replicates = 50;
    cr_assert_eq(tdm_peers_compute(x, 20, 2, &o, &a, NULL), TDM_OK);
    for (size_t i = 0; i < 20; i++) {
        cr_assert_float_eq(tdm_peers_result_stability(a, i, &fa), 1.0, 1e-15);
        cr_assert_float_eq(fa[3], 1.0, 1e-15);
    }
    tdm_peers_result_free(a);
    a = NULL;
    /* the real ICB file: scores in [0, 1], identical under the same seed */
    load_icb();
    o.k = 10;
    o.transform = TDM_PEERS_TRANSFORM_SQRT;
    cr_assert_eq(tdm_peers_compute(X, icb.n, NV, &o, &a, NULL), TDM_OK);
    cr_assert_eq(tdm_peers_compute(X, icb.n, NV, &o, &b, NULL), TDM_OK);
    for (size_t i = 0; i < icb.n; i++) {
        double sa = tdm_peers_result_stability(a, i, &fa);
        double sb = tdm_peers_result_stability(b, i, &fb);
        cr_assert(sa >= 0.0 && sa <= 1.0);
        cr_assert_eq(sa, sb);
        for (size_t q = 0; q < 10; q++) {
            cr_assert_eq(fa[q], fb[q]);
            cr_assert(fa[q] >= 0.0 && fa[q] <= 1.0);
        }
    }
    cr_assert(isnan(tdm_peers_result_stability(a, 99, NULL)));
    tdm_peers_result_free(a);
    tdm_peers_result_free(b);
}

Test(peers_stability, median_distance_is_type7_over_other_units)
{
    static const double x[5] = { 0, 1, 3, 6, 10 };
    tdm_peers_options o;
    tdm_peers_result *r = NULL;
    tdm_peers_options_init(&o);
    o.transform = TDM_PEERS_TRANSFORM_NONE;
    o.cap_sd = 0;
    cr_assert_eq(tdm_peers_compute(x, 5, 1, &o, &r, NULL), TDM_OK);
    /* distances from unit 0 to the others, in z units: (1, 9, 36, 100) / var;
     * type-7 median of 4 values = mean of the middle two */
    {
        double var = 0, m = 4.0;
        for (int i = 0; i < 5; i++) {
            var += (x[i] - m) * (x[i] - m);
        }
        var /= 5;
        cr_assert_float_eq(tdm_peers_result_median_distance(r, 0), (9 + 36) / 2.0 / var, 1e-12);
    }
    tdm_peers_result_free(r);
}
