/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_agg_rng.c - the random stream is R's, draw for draw (SPEC: ineq.rng): values printed
 * by R 4.2.2 (set.seed(s); runif(...) / rnorm(...), "%.17g").
 */
#include <criterion/criterion.h>
#include <math.h>

#include "tandem.h"

Test(agg_rng, runif_after_set_seed_5)
{
    tdm_rng *r = NULL;
    cr_assert_eq(tdm_rng_new(&r, 5), TDM_OK);
    cr_assert_eq(tdm_rng_unif(r), 0.20021445257589221);
    cr_assert_eq(tdm_rng_unif(r), 0.68521859566681087);
    cr_assert_eq(tdm_rng_unif(r), 0.9168757745064795);
    tdm_rng_free(r);
}

Test(agg_rng, negative_seed_is_its_unsigned_value)
{
    tdm_rng *r = NULL;
    cr_assert_eq(tdm_rng_new(&r, (uint32_t)-1), TDM_OK); /* set.seed(-1) */
    cr_assert_eq(tdm_rng_unif(r), 0.48666717973537743);
    cr_assert_eq(tdm_rng_unif(r), 0.19136525527574122);
    tdm_rng_free(r);
}

Test(agg_rng, state_regenerates_after_624_words)
{
    tdm_rng *r = NULL;
    double v = 0.0;
    cr_assert_eq(tdm_rng_new(&r, 7), TDM_OK);
    for (int i = 1; i <= 700; i++) {
        v = tdm_rng_unif(r);
        if (i == 624) {
            cr_assert_eq(v, 0.30523010995239019);
        } else if (i == 625) {
            cr_assert_eq(v, 0.96215723711065948);
        }
    }
    cr_assert_eq(v, 0.22171545214951038);
    tdm_rng_free(r);
}

Test(agg_rng, rnorm_by_inversion)
{
    tdm_rng *r = NULL;
    cr_assert_eq(tdm_rng_new(&r, 123), TDM_OK);
    cr_assert_eq(tdm_rng_norm(r, 10, 2), 8.8790487068955741);
    cr_assert_eq(tdm_rng_norm(r, 10, 2), 9.53964502103344);
    cr_assert_eq(tdm_rng_norm(r, 10, 2), 13.117416628298248);
    tdm_rng_seed(r, 123); /* re-seeding restarts the stream */
    cr_assert_eq(tdm_rng_norm(r, 10, 2), 8.8790487068955741);
    tdm_rng_free(r);
}

Test(agg_rng, degenerate_normals_consume_no_draw)
{
    tdm_rng *r = NULL;
    cr_assert_eq(tdm_rng_new(&r, 9), TDM_OK);
    cr_assert_eq(tdm_rng_norm(r, 0, 0), 0.0);
    cr_assert_eq(tdm_rng_norm(r, 0, 1), -0.76679603536161056);
    cr_assert(isinf(tdm_rng_norm(r, INFINITY, 1)));
    cr_assert_eq(tdm_rng_norm(r, 0, 1), -0.81645834416837171);
    cr_assert(isnan(tdm_rng_norm(r, NAN, 1)));
    cr_assert(isnan(tdm_rng_norm(r, 0, -1)));
    cr_assert(isnan(tdm_rng_norm(r, 0, INFINITY)));
    tdm_rng_free(r);
}

Test(agg_rng, misuse)
{
    cr_assert_eq(tdm_rng_new(NULL, 1), TDM_EINVAL);
    tdm_rng_free(NULL);
}
