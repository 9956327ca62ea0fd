/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * life_expectancy.c - abridged life tables by Chiang's method II with the
 * Silcocks et al. (2001) variance, for the 20 PHE age bands (0, 1-4, 5-9,
 * ..., 85-89, 90+), as PHEindicatormethods phe_life_expectancy computes them.
 */
#include "ci_internal.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* The PHE bands, to name the missing ones in messages. */
static const int standard_starts[TDM_LE_BANDS] = { 0,  1,  5,  10, 15, 20, 25, 30, 35, 40,
                                                   45, 50, 55, 60, 65, 70, 75, 80, 85, 90 };

/* Sort the 20 row indices by start age (insertion sort; ties keep input order). */
static void order_by_age(const double *age, size_t n, size_t *idx)
{
    for (size_t i = 0; i < n; i++) {
        size_t j = i;
        idx[i] = i;
        while (j > 0 && age[idx[j - 1]] > age[i]) {
            idx[j] = idx[j - 1];
            j--;
        }
        idx[j] = i;
    }
}

/* "missing 85, 90" when the ages seen are a subset of the PHE bands. */
static void missing_bands(const double *age, size_t n, char *buf, size_t cap)
{
    size_t used = 0;
    buf[0] = '\0';
    for (size_t k = 0; k < TDM_LE_BANDS; k++) {
        int found = 0;
        for (size_t i = 0; i < n && !found; i++) {
            found = age[i] == standard_starts[k];
        }
        if (!found && used + 8 < cap) {
            int w = snprintf(buf + used, cap - used, "%s%d",
                             used ? ", " : "; missing bands: ", standard_starts[k]);
            used += w > 0 ? (size_t)w : 0;
        }
    }
}

static int validate_bands(const double *age, const double *deaths, const double *pop, size_t n,
                          const size_t *idx, tdm_error *err)
{
    char t[TDM_NUMBUF], miss[128];
    if (n != TDM_LE_BANDS) {
        missing_bands(age, n, miss, sizeof miss);
        return tdm__error(err, TDM_EDOMAIN, 0, 0,
                          "life expectancy needs %d age bands (0, 1-4, 5-9, ..., 85-89, 90+), "
                          "got %zu%s",
                          TDM_LE_BANDS, n, miss);
    }
    for (size_t k = 0; k < n; k++) {
        size_t i = idx[k];
        if (isnan(age[i]) || (k == 0 && age[i] != 0.0) || (k > 0 && !(age[i] > age[idx[k - 1]]))) {
            return tdm__error(err, TDM_EDOMAIN, i + 1, 0,
                              "age bands must start at 0 and have different start ages (band "
                              "starting at %s)",
                              tdm__num_text(age[i], t));
        }
        if (!(deaths[i] >= 0.0) || isinf(deaths[i])) {
            return tdm__error(err, TDM_EDOMAIN, i + 1, 0, "deaths %s is not a number >= 0",
                              tdm__num_text(deaths[i], t));
        }
        if (isnan(pop[i]) || isinf(pop[i])) {
            return tdm__error(err, TDM_EDOMAIN, i + 1, 0, "population %s is not a number",
                              tdm__num_text(pop[i], t));
        }
    }
    return TDM_OK;
}

/* SPEC: le.suppress - the reference's group rules, in its order. */
static int suppression(const double *deaths, const double *pop, size_t n)
{
    tdm__sum total;
    for (size_t i = 0; i < n; i++) {
        if (pop[i] <= 0.0) {
            return TDM_LE_ZERO_POPULATION;
        }
    }
    for (size_t i = 0; i < n; i++) {
        if (deaths[i] > pop[i]) {
            return TDM_LE_DEATHS_ABOVE_POP;
        }
    }
    tdm__sum_init(&total);
    for (size_t i = 0; i < n; i++) {
        tdm__sum_add(&total, pop[i]);
    }
    return tdm__sum_value(&total) <= 5000.0 ? TDM_LE_SMALL_POPULATION : TDM_LE_OK;
}

/* SPEC: le.chiang - Chiang (1984) method II: n_i band widths (last 2/M),
 * a_i = 0.1 at age 0 else 0.5, q_i = n M / (1 + n M (1 - a)) (1 when deaths
 * exceed P/n/a), l_1 = 100,000, L_i = n (l_{i+1} + a d), L_20 = l_20 / M_20,
 * e_i = T_i / l_i. SPEC: le.silcocks - Silcocks, Jenner & Reza (2001):
 * var(q) = q^2 (1-q) / D, last band 4 / (D M^2); SE_i = sqrt(sum_{j>=i} W_j) / l_i.
 * Every expression is written in the reference's order. `a` holds the
 * sorted inputs: age, deaths, population. */
static void life_table(const double *age, const double *dth, const double *pop, tdm_le_row *out)
{
    enum { B = TDM_LE_BANDS };
    double nw[B], ai[B], m[B], q[B], l[B + 1], d[B], big_l[B], e[B + 1], w[B];
    double z975 = tdm__qnorm(0.975);
    double t = 0.0, st = 0.0, pu = 0.0, du = 0.0;
    for (int i = 0; i < B; i++) {
        m[i] = dth[i] / pop[i];
        nw[i] = i < B - 1 ? age[i + 1] - age[i] : 2.0 / m[i];
        ai[i] = age[i] == 0.0 ? 0.1 : 0.5;
        q[i] = dth[i] <= pop[i] / nw[i] / ai[i]
                   ? m[i] * nw[i] / (1.0 + m[i] * nw[i] * (1.0 - ai[i]))
                   : 1.0;
    }
    l[0] = 1e5;
    for (int i = 1; i <= B; i++) {
        l[i] = i < B ? l[i - 1] * (1.0 - q[i - 1]) : 0.0;
    }
    for (int i = 0; i < B; i++) {
        d[i] = l[i] - l[i + 1];
        big_l[i] = i < B - 1 ? nw[i] * (l[i + 1] + ai[i] * d[i]) : l[i] / m[i];
    }
    e[B] = 0.0;
    for (int i = B - 1; i >= 0; i--) {
        t += big_l[i];
        e[i] = l[i] == 0.0 ? 0.0 : t / l[i];
    }
    for (int i = 0; i < B; i++) {
        double spi = d[i] == 0.0 ? 0.0 : (q[i] * q[i]) * (1.0 - q[i]) / dth[i];
        if (i == B - 1) {
            double h = l[i] / 2.0;
            spi = 4.0 / (dth[i] * (m[i] * m[i]));
            w[i] = (h * h) * spi;
        } else {
            double k = (1.0 - ai[i]) * nw[i] + e[i + 1];
            w[i] = spi * (l[i] * l[i]) * (k * k);
        }
    }
    for (int i = B - 1; i >= 0; i--) {
        st += w[i];
        pu += pop[i];
        du += dth[i];
        out[i].start_age = age[i];
        out[i].le = e[i];
        out[i].se = sqrt(st / (l[i] * l[i]));
        out[i].pops_used = pu;
        out[i].dths_used = du;
        /* An infinite expectancy is NA; so is one whose 95% interval is wider
         * than 20 years (the interval itself is kept, as in the reference). */
        out[i].value = isinf(e[i]) || z975 * out[i].se > 10.0 ? (double)NAN : e[i];
    }
}

int tdm_le_compute(const double *start_age, const double *deaths, const double *pop, size_t n,
                   tdm_le_row *out, int *suppressed, tdm_error *err)
{
    size_t idx[TDM_LE_BANDS] = { 0 };
    double age[TDM_LE_BANDS] = { 0 }, dth[TDM_LE_BANDS] = { 0 }, pp[TDM_LE_BANDS] = { 0 };
    int rc, sup;
    if (start_age == NULL || deaths == NULL || pop == NULL || out == NULL) {
        return tdm__error(err, TDM_EINVAL, 0, 0, "tdm_le_compute: NULL argument");
    }
    if (suppressed != NULL) {
        *suppressed = TDM_LE_OK;
    }
    if (n == TDM_LE_BANDS) {
        order_by_age(start_age, n, idx);
    }
    rc = validate_bands(start_age, deaths, pop, n, idx, err);
    if (rc != TDM_OK) {
        return rc;
    }
    for (size_t k = 0; k < TDM_LE_BANDS; k++) { /* n is TDM_LE_BANDS here */
        age[k] = start_age[idx[k]];
        dth[k] = deaths[idx[k]];
        pp[k] = pop[idx[k]];
    }
    sup = suppression(dth, pp, n);
    life_table(age, dth, pp, out);
    if (sup != TDM_LE_OK) {
        for (size_t k = 0; k < n; k++) {
            out[k].value = out[k].le = out[k].se = (double)NAN;
        }
    }
    if (suppressed != NULL) {
        *suppressed = sup;
    }
    return TDM_OK;
}

/* SPEC: le.interval - e -/+ z(c) SE. */
int tdm_le_interval(const tdm_le_row *row, const tdm_ci_level *lv, tdm_interval *ci)
{
    if (row == NULL || lv == NULL || ci == NULL) {
        return TDM_EINVAL;
    }
    ci->lower = row->le - lv->z * row->se;
    ci->upper = row->le + lv->z * row->se;
    return TDM_OK;
}
