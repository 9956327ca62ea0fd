/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_agg_sii.c - the SII/RII kernel (SPEC: ineq.sii, ineq.rii,
 * ineq.sii.se, ineq.sii.sim, ineq.sii.transform). Point estimates against
 * PHEindicatormethods' test workbook (testdata_SII.xlsx, rows quoted), the
 * domain checks of phe_sii, NaN handling, workspace and allocation failure.
 * Interval parity with the package and with R's draws is in
 * tests/parity/sii_phe.sh.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "tandem.h"
#include "test_alloc.h"

#define REL(a, b, t) (fabs((a) - (b)) <= (t)*fmax(fabs(a), fabs(b)))

/* Workbook rows 1-10: life expectancy by decile, area1. */
static const double le_pop[10] = { 7291, 7997, 6105, 7666, 5790, 6934, 5918, 5974, 7147, 7534 };
static const double le_val[10] = { 75.933459010308098, 78.344238272784295, 83.836063104165405,
                                   83.637539966493094, 80.465503152955904, 81.115675985702197,
                                   81.693083571856207, 84.190006206098701, 80.595564108147201,
                                   86.289434957862397 };
static const double le_se[10] = { 1.6384724263585451, 1.578192884542907,  1.5134355059640296,
                                  1.7754906175801293, 1.7013390591981388, 1.5641210737675499,
                                  1.3681148366878566, 1.4001418005940802, 2.4328463975781616,
                                  1.5665181695934678 };

/* Rows 91-100: a proportion (child obesity), area1. */
static const double pr_pop[10] = { 34353, 32112, 27715, 25372, 23889,
                                   23260, 23180, 24193, 23609, 24488 };
static const double pr_cnt[10] = { 7287, 6881, 5656, 4868, 4176, 3876, 3617, 3546, 3314, 2960 };
static const double pr_lo[10] = { 0.20783049922555499, 0.209827711465288,   0.19937351725899902,
                                  0.187066648694241,   0.17004464070303801, 0.16190410576997,
                                  0.15142507546851799, 0.142170753783533,   0.13599767093637602,
                                  0.11685200990738201 };
static const double pr_hi[10] = { 0.21647630081289901, 0.218803170788612,   0.208862933590925,
                                  0.19675673996564999, 0.17967690552753499, 0.17148199783416998,
                                  0.16076828867592699, 0.15108411052992399, 0.144859737537153,
                                  0.12501798050476101 };

/* Rows 306-315: a rate (infant mortality), area1. */
static const double rt_pop[10] = { 279012, 255993, 236961, 214315, 192812,
                                   183546, 168593, 164822, 154836, 138165 };
static const double rt_val[10] = { 5.8922196894757208, 4.7345044591063035, 3.827634083245766,
                                   3.8681380211371112, 3.6771570234217785, 3.1436261209723995,
                                   3.1258711808912585, 2.9425683464586041, 2.8287995039913199,
                                   2.7648101907140012 };
static const double rt_lo[10] = { 5.6149596624107483, 4.4759207707810038, 3.5869260554450242,
                                  3.6140791140579505, 3.4166969870147965, 2.8977176350029272,
                                  2.8704938092859789, 2.6924041297904315, 2.5763057378752698,
                                  2.5014206190884578 };
static const double rt_hi[10] = { 6.1830853575761537, 5.0079519402470885, 4.0844291026854505,
                                  4.1399822998098585, 3.9573934822289045, 3.4103317188858107,
                                  3.4038909874130083, 3.2159015715579464, 3.1059621495836955,
                                  3.0558486661833499 };

static tdm_sii_data normal_data(void)
{
    tdm_sii_data d;
    memset(&d, 0, sizeof d);
    d.n = 10;
    d.population = le_pop;
    d.value = le_val;
    d.se = le_se;
    return d;
}

static tdm_sii_options opts(int type, double m, size_t reps)
{
    tdm_sii_options o;
    tdm_sii_options_init(&o);
    o.value_type = type;
    o.multiplier = m;
    o.reps = reps;
    return o;
}

Test(agg_sii, defaults_are_phe_sii)
{
    tdm_sii_options o;
    tdm_sii_options_init(&o);
    cr_assert_eq(o.version, TDM_SII_OPTIONS_VERSION);
    cr_assert_eq(o.value_type, TDM_VALUE_NORMAL);
    cr_assert_eq(o.reps, 100000);
    cr_assert_eq(o.confidence, 0.95);
    cr_assert_eq(o.multiplier, 1.0);
    cr_assert_eq(o.transform, 0);
}

Test(agg_sii, normal_point_estimates_match_workbook)
{
    /* SPEC: ineq.sii, ineq.rii - workbook row 1: sii 6.9346164736688189,
     * rii 1.0888180804446217; row 246 gives the intercept 78.076630782316712. */
    tdm_sii_data d = normal_data();
    tdm_sii_options o = opts(0, 1, 0);
    tdm_sii_result r;
    cr_assert_eq(tdm_sii(&d, &o, NULL, NULL, &r, NULL), TDM_OK);
    cr_assert(REL(r.sii, 6.9346164736688189, 1e-12), "sii %.17g", r.sii);
    cr_assert(REL(r.rii, 1.0888180804446217, 1e-12));
    cr_assert(REL(r.intercept, 78.076630782316712, 1e-12));
    cr_assert(isnan(r.sii_lower) && isnan(r.rii_upper), "no intervals without repetitions");
}

Test(agg_sii, proportion_from_counts_with_negative_multiplier)
{
    /* Rows 91 and 131: value = count / population; multiplier -100 gives
     * sii = 100 x 0.10720032333730493 and 1/RII = 1/0.53340153064655071. */
    tdm_sii_data d;
    tdm_sii_options o = opts(2, -100, 0);
    tdm_sii_result r;
    double val[10];
    memset(&d, 0, sizeof d);
    d.n = 10;
    d.population = pr_pop;
    d.count = pr_cnt;
    d.lower = pr_lo;
    d.upper = pr_hi;
    cr_assert_eq(tdm_sii(&d, &o, NULL, NULL, &r, NULL), TDM_OK);
    cr_assert(REL(r.sii, 10.720032333730493, 1e-9), "sii %.17g", r.sii);
    cr_assert(REL(r.rii, 1.0 / 0.53340153064655071, 1e-9));
    /* The same through values. */
    for (int q = 0; q < 10; q++) {
        val[q] = pr_cnt[q] / pr_pop[q];
    }
    d.count = NULL;
    d.value = val;
    o.multiplier = 1;
    cr_assert_eq(tdm_sii(&d, &o, NULL, NULL, &r, NULL), TDM_OK);
    cr_assert(REL(r.sii, -0.10720032333730493, 1e-9));
}

Test(agg_sii, log_transform_point_estimates)
{
    /* SPEC: ineq.sii.transform - row 306: sii -3.1559071389545599, rii
     * 0.44188484360768232, intercept 5.6545806054694703. */
    tdm_sii_data d;
    tdm_sii_options o = opts(1, 1, 0);
    tdm_sii_result r;
    memset(&d, 0, sizeof d);
    d.n = 10;
    d.population = rt_pop;
    d.value = rt_val;
    d.lower = rt_lo;
    d.upper = rt_hi;
    o.transform = 1;
    cr_assert_eq(tdm_sii(&d, &o, NULL, NULL, &r, NULL), TDM_OK);
    cr_assert(REL(r.sii, -3.1559071389545599, 1e-12), "sii %.17g", r.sii);
    cr_assert(REL(r.rii, 0.44188484360768232, 1e-12));
    cr_assert(REL(r.intercept, 5.6545806054694703, 1e-12));
}

Test(agg_sii, intervals_bracket_the_estimate_and_are_reproducible)
{
    tdm_sii_data d = normal_data();
    tdm_sii_options o = opts(0, 1, 5000);
    tdm_sii_result a, b;
    tdm_rng *rng = NULL;
    cr_assert_eq(tdm_rng_new(&rng, 42), TDM_OK);
    cr_assert_eq(tdm_sii(&d, &o, rng, NULL, &a, NULL), TDM_OK);
    cr_assert(a.sii_lower < a.sii && a.sii < a.sii_upper);
    cr_assert(a.rii_lower < a.rii && a.rii < a.rii_upper);
    tdm_rng_seed(rng, 42);
    cr_assert_eq(tdm_sii(&d, &o, rng, NULL, &b, NULL), TDM_OK);
    cr_assert_eq(memcmp(&a, &b, sizeof a), 0, "same seed, same bits");
    tdm_rng_free(rng);
}

Test(agg_sii, caller_workspace_gives_the_same_result)
{
    tdm_sii_data d = normal_data();
    tdm_sii_options o = opts(0, 1, 2000);
    size_t bytes = tdm_sii_workspace_size(10, &o);
    double *work = malloc(bytes);
    tdm_sii_result a, b;
    tdm_rng *rng = NULL;
    cr_assert_eq(bytes, (2 * 2000 + 5 * 10) * sizeof(double));
    cr_assert_eq(tdm_rng_new(&rng, 3), TDM_OK);
    cr_assert_eq(tdm_sii(&d, &o, rng, work, &a, NULL), TDM_OK);
    tdm_rng_seed(rng, 3);
    cr_assert_eq(tdm_sii(&d, &o, rng, NULL, &b, NULL), TDM_OK);
    cr_assert_eq(memcmp(&a, &b, sizeof a), 0);
    free(work);
    tdm_rng_free(rng);
}

Test(agg_sii, nan_input_gives_nan_and_draws_nothing)
{
    double val[10];
    tdm_sii_data d = normal_data();
    tdm_sii_options o = opts(0, 1, 1000);
    tdm_sii_result r;
    tdm_rng *rng = NULL;
    memcpy(val, le_val, sizeof val);
    val[4] = NAN;
    d.value = val;
    cr_assert_eq(tdm_rng_new(&rng, 5), TDM_OK);
    cr_assert_eq(tdm_sii(&d, &o, rng, NULL, &r, NULL), TDM_OK);
    cr_assert(isnan(r.sii) && isnan(r.rii) && isnan(r.sii_lower) && isnan(r.intercept));
    cr_assert_eq(tdm_rng_unif(rng), 0.20021445257589221, "stream untouched (set.seed(5))");
    tdm_rng_free(rng);
}

Test(agg_sii, domain_errors)
{
    double pop[10], val[10], se[10];
    tdm_sii_data d = normal_data();
    tdm_sii_options o = opts(0, 1, 0);
    tdm_sii_result r;
    tdm_error err;
    memcpy(pop, le_pop, sizeof pop);
    memcpy(val, le_val, sizeof val);
    memcpy(se, le_se, sizeof se);
    d.population = pop;
    d.value = val;
    d.se = se;
    pop[2] = 0;
    cr_assert_eq(tdm_sii(&d, &o, NULL, NULL, &r, &err), TDM_EDOMAIN);
    cr_assert_str_eq(err.message, "quantile 3: population must be positive");
    pop[2] = 1;
    se[0] = -1;
    cr_assert_eq(tdm_sii(&d, &o, NULL, NULL, &r, &err), TDM_EDOMAIN);
    se[0] = 1;
    o.value_type = TDM_VALUE_PROPORTION; /* values around 80 are not proportions */
    cr_assert_eq(tdm_sii(&d, &o, NULL, NULL, &r, &err), TDM_EDOMAIN);
    cr_assert_str_eq(err.message, "quantile 1: a proportion must be between 0 and 1");
    o.value_type = TDM_VALUE_NORMAL;
    d.n = 4;
    cr_assert_eq(tdm_sii(&d, &o, NULL, NULL, &r, &err), TDM_EDOMAIN);
    cr_assert_str_eq(err.message, "SII needs 5 to 100 quantiles, got 4");
}

Test(agg_sii, misuse)
{
    tdm_sii_data d = normal_data();
    tdm_sii_options o = opts(0, 1, 100);
    tdm_sii_result r;
    cr_assert_eq(tdm_sii(&d, &o, NULL, NULL, &r, NULL), TDM_EINVAL, "intervals need a stream");
    o.reps = 0;
    o.transform = 1; /* normal values cannot be transformed */
    cr_assert_eq(tdm_sii(&d, &o, NULL, NULL, &r, NULL), TDM_EINVAL);
    o.transform = 0;
    o.confidence = 1.0;
    cr_assert_eq(tdm_sii(&d, &o, NULL, NULL, &r, NULL), TDM_EINVAL);
    o.confidence = 0.95;
    o.value_type = 3;
    cr_assert_eq(tdm_sii(&d, &o, NULL, NULL, &r, NULL), TDM_EINVAL);
    cr_assert_eq(tdm_sii(NULL, &o, NULL, NULL, &r, NULL), TDM_EINVAL);
    d.se = NULL; /* neither SEs nor limits */
    o.value_type = 0;
    cr_assert_eq(tdm_sii(&d, &o, NULL, NULL, &r, NULL), TDM_EINVAL);
}

Test(agg_sii, out_of_memory_is_reported_cleanly)
{
    tdm_sii_data d = normal_data();
    tdm_sii_options o = opts(0, 1, 1000);
    tdm_sii_result r;
    tdm_rng *rng = NULL;
    cr_assert_eq(tdm_rng_new(&rng, 1), TDM_OK);
    test_alloc_install(1);
    cr_assert_eq(tdm_sii(&d, &o, rng, NULL, &r, NULL), TDM_ENOMEM);
    cr_assert_eq(test_alloc_remove(), 0);
    cr_assert(isnan(r.sii));
    tdm_rng_free(rng);
}
