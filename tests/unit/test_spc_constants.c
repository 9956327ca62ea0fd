/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_spc_constants.c - control chart constants (SPEC: qic.constants,
 * qic.constants.c4, qic.constants.a3, qic.constants.b3, qic.constants.b4)
 * for subgroups of n = 2..25 against the published table: Montgomery DC (2009) Introduction
 * to Statistical Quality Control, 6th ed., Appendix VI (c4 to 4 decimals,
 * A3, B3, B4 to 3), plus exact identities.
 */
#include <criterion/criterion.h>
#include <math.h>

#include "src/spc/qic_internal.h"

typedef struct published {
    int n;
    double c4, a3, b3, b4;
} published;

static const published table[] = {
    { 2, 0.7979, 2.659, 0.000, 3.267 },  { 3, 0.8862, 1.954, 0.000, 2.568 },
    { 4, 0.9213, 1.628, 0.000, 2.266 },  { 5, 0.9400, 1.427, 0.000, 2.089 },
    { 6, 0.9515, 1.287, 0.030, 1.970 },  { 7, 0.9594, 1.182, 0.118, 1.882 },
    { 8, 0.9650, 1.099, 0.185, 1.815 },  { 9, 0.9693, 1.032, 0.239, 1.761 },
    { 10, 0.9727, 0.975, 0.284, 1.716 }, { 11, 0.9754, 0.927, 0.321, 1.679 },
    { 12, 0.9776, 0.886, 0.354, 1.646 }, { 13, 0.9794, 0.850, 0.382, 1.618 },
    { 14, 0.9810, 0.817, 0.406, 1.594 }, { 15, 0.9823, 0.789, 0.428, 1.572 },
    { 16, 0.9835, 0.763, 0.448, 1.552 }, { 17, 0.9845, 0.739, 0.466, 1.534 },
    { 18, 0.9854, 0.718, 0.482, 1.518 }, { 19, 0.9862, 0.698, 0.497, 1.503 },
    { 20, 0.9869, 0.680, 0.510, 1.490 }, { 21, 0.9876, 0.663, 0.523, 1.477 },
    { 22, 0.9882, 0.647, 0.534, 1.466 }, { 23, 0.9887, 0.633, 0.545, 1.455 },
    { 24, 0.9892, 0.619, 0.555, 1.445 }, { 25, 0.9896, 0.606, 0.565, 1.435 },
};

/* Agrees with a value published to `dp` decimals (half a unit in the last place). */
static int published_eq(double computed, double shown, int dp)
{
    return fabs(computed - shown) <= 0.5 * pow(10.0, -dp) + 1e-12;
}

Test(spc_constants, c4_a3_b3_b4_match_montgomery_appendix_vi)
{
    for (size_t i = 0; i < sizeof table / sizeof *table; i++) {
        const published *t = &table[i];
        double n = t->n;
        cr_assert(published_eq(tdm__c4(n), t->c4, 4), "c4(%d) = %.6f", t->n, tdm__c4(n));
        cr_assert(published_eq(tdm__a3(n, 3.0), t->a3, 3), "A3(%d) = %.6f", t->n, tdm__a3(n, 3.0));
        cr_assert(published_eq(tdm__b3(n, 3.0), t->b3, 3), "B3(%d) = %.6f", t->n, tdm__b3(n, 3.0));
        cr_assert(published_eq(tdm__b4(n, 3.0), t->b4, 3), "B4(%d) = %.6f", t->n, tdm__b4(n, 3.0));
    }
}

Test(spc_constants, exact_identities)
{
    /* c4(2) = sqrt(2 / pi): Gamma(1) / Gamma(1/2) = 1 / sqrt(pi). */
    cr_assert(fabs(tdm__c4(2.0) - sqrt(2.0 / 3.141592653589793)) < 1e-15);
    /* c4(3) = sqrt(pi) / 2. */
    cr_assert(fabs(tdm__c4(3.0) - sqrt(3.141592653589793) / 2.0) < 1e-15);
    for (double n = 2; n <= 50; n++) {
        double c4 = tdm__c4(n);
        double c5 = tdm__c5(n);
        cr_assert(fabs(c4 * c4 + c5 * c5 - 1.0) < 1e-14);
        /* 2-sigma ("95%") factors are 2/3 of the distance of the 3-sigma ones. */
        cr_assert(fabs(tdm__a3(n, 2.0) - tdm__a3(n, 3.0) * 2.0 / 3.0) < 1e-14);
        cr_assert(fabs((tdm__b4(n, 2.0) - 1.0) - (tdm__b4(n, 3.0) - 1.0) * 2.0 / 3.0) < 1e-14);
        cr_assert(tdm__b3(n, 3.0) >= 0.0);
    }
}

Test(spc_constants, large_subgroups_do_not_overflow)
{
    /* c4(n) ~ 1 - 1 / (4n) - 7 / (32 n^2) (Montgomery 6.4 approximation). */
    for (double n = 100; n <= 1e6; n *= 10) {
        double approx = 1.0 - 1.0 / (4.0 * n) - 7.0 / (32.0 * n * n);
        double tol = fmax(0.2 / (n * n * n), 1e-8); /* next term 19 / (128 n^3) */
        cr_assert(fabs(tdm__c4(n) - approx) < tol, "c4(%g) = %.12f", n, tdm__c4(n));
        cr_assert(isfinite(tdm__a3(n, 3.0)));
    }
}

Test(spc_constants, subgroups_of_one_or_none_have_no_constants)
{
    cr_assert(isnan(tdm__c4(1.0)));
    cr_assert(isnan(tdm__c4(0.0)));
    cr_assert(isnan(tdm__a3(1.0, 3.0)));
    cr_assert(isnan(tdm__b3(1.0, 3.0)));
    cr_assert(isnan(tdm__b4(0.0, 2.0)));
    cr_assert(isnan(tdm__c4(NAN)));
}
