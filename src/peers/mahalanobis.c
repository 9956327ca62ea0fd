/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * mahalanobis.c - Mahalanobis peers: whiten the z-scores once with the
 * Cholesky factor of a shrunk correlation matrix, after which the distance
 * is plain squared Euclidean (and knn.c needs no second code path).
 */
#include "peers_internal.h"

#include <math.h>

/* SPEC: peers.mahalanobis.lambda - Schafer & Strimmer (2005) Stat Appl Genet
 * Mol Biol 4:32, target D (the identity for correlations), as R corpcor's
 * cor.shrink: with x standardised by the sample SD, w_kij = x_ki x_kj,
 * r_ij = n/(n-1) mean_k w_kij, Var(r_ij) = n/(n-1)^3 sum_k (w_kij - mean w_ij)^2,
 * lambda = sum_{i != j} Var(r_ij) / sum_{i != j} r_ij^2, clamped to [0, 1].
 * Our z-scores use the population SD, so x = z sqrt((n-1)/n). */
static double schafer_strimmer(const double *z, size_t n, size_t p)
{
    const double dn = (double)n;
    const double c = (dn - 1.0) / dn; /* z_i z_j -> x_i x_j */
    tdm__sum num, den;
    tdm__sum_init(&num);
    tdm__sum_init(&den);
    for (size_t i = 0; i < p; i++) {
        for (size_t j = i + 1; j < p; j++) {
            tdm__sum s, ss;
            double wbar, r;
            tdm__sum_init(&s);
            for (size_t k = 0; k < n; k++) {
                tdm__sum_add(&s, c * z[k * p + i] * z[k * p + j]);
            }
            wbar = tdm__sum_value(&s) / dn;
            tdm__sum_init(&ss);
            for (size_t k = 0; k < n; k++) {
                double d = c * z[k * p + i] * z[k * p + j] - wbar;
                tdm__sum_add(&ss, d * d);
            }
            r = dn / (dn - 1.0) * wbar;
            /* each unordered pair counts twice in both sums; the factor cancels */
            tdm__sum_add(&num, dn / ((dn - 1.0) * (dn - 1.0) * (dn - 1.0)) * tdm__sum_value(&ss));
            tdm__sum_add(&den, r * r);
        }
    }
    if (!(tdm__sum_value(&den) > 0.0)) {
        return 1.0; /* uncorrelated (or one variable): the target is the estimate */
    }
    {
        double lambda = tdm__sum_value(&num) / tdm__sum_value(&den);
        return lambda < 0.0 ? 0.0 : (lambda > 1.0 ? 1.0 : lambda);
    }
}

/* Cholesky factor of the p x p symmetric matrix a (row-major, lower triangle
 * used), in place: a = L L'. @return 0, or -1 if a is not positive definite
 * (a pivot below 1e-12 of its diagonal: numerically singular). */
static int cholesky(double *a, size_t p)
{
    for (size_t j = 0; j < p; j++) {
        double d = a[j * p + j];
        const double scale = d;
        for (size_t k = 0; k < j; k++) {
            d -= a[j * p + k] * a[j * p + k];
        }
        if (!(d > 1e-12 * scale)) {
            return -1;
        }
        d = sqrt(d);
        a[j * p + j] = d;
        for (size_t i = j + 1; i < p; i++) {
            double s = a[i * p + j];
            for (size_t k = 0; k < j; k++) {
                s -= a[i * p + k] * a[j * p + k];
            }
            a[i * p + j] = s / d;
        }
    }
    return 0;
}

/* SPEC: peers.mahalanobis - D = (z_a - z_b)' W^1/2 S^-1 W^1/2 (z_a - z_b),
 * S = (1 - lambda) R + lambda I; with S = L L', the scores L^-1 W^1/2 z are
 * whitened and D is their squared Euclidean distance. */
int tdm__peers_whiten(double *z, size_t n, size_t p, const double *w, double lambda,
                      double *lambda_out, tdm_error *err)
{
    double *s = tdm__calloc(p * p + p, sizeof *s);
    double *row;
    if (s == NULL) {
        return TDM_ENOMEM;
    }
    row = s + p * p;
    if (isnan(lambda)) {
        lambda = schafer_strimmer(z, n, p);
    }
    *lambda_out = lambda;
    /* R of population-standardised scores: mean 0, SD 1, so r_ij = mean(z_i z_j). */
    for (size_t i = 0; i < p; i++) {
        for (size_t j = 0; j <= i; j++) {
            tdm__sum acc;
            double r;
            tdm__sum_init(&acc);
            for (size_t k = 0; k < n; k++) {
                tdm__sum_add(&acc, z[k * p + i] * z[k * p + j]);
            }
            r = i == j ? 1.0 : tdm__sum_value(&acc) / (double)n;
            s[i * p + j] = i == j ? 1.0 : (1.0 - lambda) * r;
        }
    }
    if (cholesky(s, p) != 0) {
        tdm__free(s);
        return tdm__error(err, TDM_EDOMAIN, 0, 0,
                          "the context variables are collinear (their correlation matrix is "
                          "singular): drop a variable or use shrinkage above 0");
    }
    /* Forward substitution, unit by unit: L y = W^1/2 z. */
    for (size_t k = 0; k < n; k++) {
        double *zk = z + k * p;
        for (size_t i = 0; i < p; i++) {
            double t = sqrt(w[i]) * zk[i];
            for (size_t j = 0; j < i; j++) {
                t -= s[i * p + j] * row[j];
            }
            row[i] = t / s[i * p + i];
        }
        for (size_t i = 0; i < p; i++) {
            zk[i] = row[i];
        }
    }
    tdm__free(s);
    return TDM_OK;
}
