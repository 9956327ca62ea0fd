/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_funnel_overdispersion.c - phi and tau^2 from winsorised z-scores
 * (SPEC: funnel.od) on the NHS-R FunnelPlotR test data (observed 100, 150,
 * 180, 80, 120, 225 over expected 108, 112, 165, 95, 100, 220; square-root
 * scale, 10% winsorisation), with the expected numbers worked independently
 * from the formulas (Spiegelhalter 2005); and the adjusted limits and labels.
 */
#include <criterion/criterion.h>
#include <math.h>

#include "tandem.h"

#define REL(a, b, t) (fabs((a) - (b)) <= (t)*fmax(fabs(a), fabs(b)))

static const double obs[6] = { 100, 150, 180, 80, 120, 225 };
static const double expd[6] = { 108, 112, 165, 95, 100, 220 };

static tdm_funnel_fit fit(int od)
{
    tdm_funnel_options o;
    tdm_funnel_fit f;
    tdm_funnel_options_init(&o);
    o.statistic = TDM_FUNNEL_RATIO;
    o.overdispersion = od;
    cr_assert_eq(tdm_funnel_fit_compute(obs, expd, NULL, 6, &o, &f, NULL), TDM_OK);
    return f;
}

Test(funnel_overdispersion, funnelplotr_data_phi_and_tau2)
{
    /* z = 2(sqrt(O) - sqrt(E)); winsorised at the type-7 10% / 90% points
     * (-1.194827280223068, 2.61889461976085); phi = mean z^2;
     * tau2 = (6 phi - 5) / (sum w - sum w^2 / sum w), w = 4E */
    tdm_funnel_fit f = fit(TDM_FUNNEL_OD_TAU2);
    double z;
    cr_assert_eq(f.n_od, 6);
    cr_assert(REL(f.phi, 2.3271782575941193, 1e-13), "%.17g", f.phi);
    cr_assert(REL(f.tau2, 0.003439780154186274, 1e-12), "%.17g", f.tau2);
    cr_assert_eq(f.od_applied, TDM_FUNNEL_OD_TAU2);
    /* area b: z = 3.3289 unadjusted; with tau^2 its sd is sqrt(1/448 + tau2) */
    (void)tdm_funnel_significance(&f, 150, 112, NAN, &z);
    cr_assert(REL(z, (sqrt(150.0 / 112) - 1) / sqrt(1.0 / (4 * 112) + f.tau2), 1e-13));
    cr_assert_eq(tdm_funnel_significance(&f, 150, 112, NAN, NULL), TDM_FUNNEL_SIG_HIGH_0025);
}

Test(funnel_overdispersion, phi_widens_by_its_square_root)
{
    tdm_funnel_fit f = fit(TDM_FUNNEL_OD_PHI);
    tdm_funnel_fit g = fit(TDM_FUNNEL_OD_NONE);
    tdm_funnel_limit a[TDM_FUNNEL_POINTS];
    double z;
    cr_assert_eq(f.od_applied, TDM_FUNNEL_OD_PHI);
    (void)tdm_funnel_significance(&f, 150, 112, NAN, &z);
    cr_assert(REL(z, 2 * (sqrt(150.0) - sqrt(112.0)) / sqrt(f.phi), 1e-13));
    /* unadjusted: the PHE exact-Poisson label; not estimated: no phi */
    cr_assert_eq(tdm_funnel_significance(&g, 150, 112, NAN, NULL), TDM_FUNNEL_SIG_HIGH_0001);
    cr_assert(isnan(g.phi));
    cr_assert_eq(tdm_funnel_limits(&f, a, NULL), TDM_OK);
    for (size_t j = 0; j < TDM_FUNNEL_POINTS; j++) {
        double sd = sqrt(f.phi) / (2 * sqrt(a[j].x));
        cr_assert(REL(a[j].upper_3s, 100 * (1 + f.z999 * sd) * (1 + f.z999 * sd), 1e-13));
        cr_assert(a[j].lower_3s >= 0.0);
    }
}

Test(funnel_overdispersion, no_overdispersion_no_adjustment)
{
    /* areas exactly at the pooled proportion: phi = 0, tau2 = 0, labels unadjusted */
    double x[5] = { 10, 20, 30, 40, 50 }, n[5] = { 100, 200, 300, 400, 500 };
    tdm_funnel_options o;
    tdm_funnel_fit f;
    tdm_funnel_options_init(&o);
    o.overdispersion = TDM_FUNNEL_OD_TAU2;
    cr_assert_eq(tdm_funnel_fit_compute(x, n, NULL, 5, &o, &f, NULL), TDM_OK);
    cr_assert_eq(f.phi, 0.0);
    cr_assert_eq(f.tau2, 0.0);
    cr_assert_eq(f.od_applied, TDM_FUNNEL_OD_NONE);
    o.overdispersion = TDM_FUNNEL_OD_PHI;
    cr_assert_eq(tdm_funnel_fit_compute(x, n, NULL, 5, &o, &f, NULL), TDM_OK);
    cr_assert_eq(f.od_applied, TDM_FUNNEL_OD_NONE);
}

Test(funnel_overdispersion, proportion_tau2_limits)
{
    /* proportions on the natural scale: s^2 = P0(1-P0)/n, limits P0 -/+ z sqrt(s^2 + tau2) */
    double x[8] = { 50, 80, 30, 120, 65, 200, 10, 95 };
    double n[8] = { 100, 120, 110, 200, 100, 300, 90, 150 };
    tdm_funnel_options o;
    tdm_funnel_fit f;
    tdm_funnel_limit rows[TDM_FUNNEL_POINTS];
    tdm_funnel_options_init(&o);
    o.overdispersion = TDM_FUNNEL_OD_TAU2;
    o.winsor = 0.0;
    cr_assert_eq(tdm_funnel_fit_compute(x, n, NULL, 8, &o, &f, NULL), TDM_OK);
    {
        /* without winsorisation phi is the plain mean of z^2 */
        double p0 = f.baseline, s2 = 0, sw = 0, sww = 0;
        for (int i = 0; i < 8; i++) {
            double s = sqrt(p0 * (1 - p0) / n[i]), z = (x[i] / n[i] - p0) / s;
            s2 += z * z;
            sw += 1 / (s * s);
            sww += 1 / (s * s * s * s);
        }
        cr_assert(REL(f.phi, s2 / 8, 1e-12));
        cr_assert(REL(f.tau2, (s2 - 7) / (sw - sww / sw), 1e-12));
    }
    cr_assert_eq(f.od_applied, TDM_FUNNEL_OD_TAU2);
    cr_assert_eq(tdm_funnel_limits(&f, rows, NULL), TDM_OK);
    for (size_t j = 0; j < TDM_FUNNEL_POINTS; j++) {
        double p0 = f.baseline, sd = sqrt(p0 * (1 - p0) / rows[j].x + f.tau2);
        double u = (p0 + f.z975 * sd) * 100;
        cr_assert(REL(rows[j].upper_2s, u > 100 ? 100 : u, 1e-12));
    }
}
