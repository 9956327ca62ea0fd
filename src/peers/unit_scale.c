/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * unit_scale.c - each unit's indicator on a variance-stabilising scale with
 * its standard error, and empirical-Bayes shrinkage on that scale: the
 * inputs of the credibly-better test (pairing) and of the simulation
 * intervals (opportunity).
 */
#include "peers_internal.h"

#include <math.h>
#include <string.h>

void tdm_rate_options_init(tdm_rate_options *o)
{
    memset(o, 0, sizeof *o);
    o->version = TDM_RATE_OPTIONS_VERSION;
    o->type = TDM_RATE_PROPORTION;
    o->multiplier = 1.0;
    o->shrink = 0;
    o->tau2 = (double)NAN;
    o->winsor = 0.1;
    o->level = 0.95;
}

static int check_unit(double o, double n, int type, size_t i, tdm_error *err)
{
    if (isnan(o) || isnan(n)) {
        return tdm__error(err, TDM_EDOMAIN, i + 1, isnan(o) ? 1 : 2, "unit %zu: missing %s", i + 1,
                          isnan(o) ? "numerator" : "denominator");
    }
    if (o < 0.0 || isinf(o)) {
        return tdm__error(err, TDM_EDOMAIN, i + 1, 1,
                          "unit %zu: the numerator must be a finite count >= 0 (got %g)", i + 1, o);
    }
    if (!(n > 0.0) || isinf(n)) {
        return tdm__error(err, TDM_EDOMAIN, i + 1, 2,
                          "unit %zu: the denominator must be finite and > 0 (got %g)", i + 1, n);
    }
    if (type == TDM_RATE_PROPORTION && o > n) {
        return tdm__error(err, TDM_EDOMAIN, i + 1, 1,
                          "unit %zu: numerator %g exceeds denominator %g (a rate, not a "
                          "proportion?)",
                          i + 1, o, n);
    }
    return TDM_OK;
}

double tdm_unit_rate_natural(double y, const tdm_rate_options *opt)
{
    double m = opt != NULL ? opt->multiplier : 1.0;
    if (opt != NULL && opt->type == TDM_RATE_RATE) {
        return exp(y) * m;
    }
    /* expit, written to stay finite for large |y| */
    return (y >= 0.0 ? 1.0 / (1.0 + exp(-y)) : exp(y) / (1.0 + exp(y))) * m;
}

/* SPEC: opp.scale - proportions on the empirical logit scale,
 * y = log((O + 1/2) / (N - O + 1/2)) with var 1/(O + 1/2) + 1/(N - O + 1/2)
 * (Gart & Zweifel 1967, Biometrika 54:181-187: finite at O = 0 and O = N,
 * with the smallest bias of the simple corrections); rates on the log scale,
 * y = log((O + 1/2) / N), var 1/(O + 1/2) (the same correction for a
 * Poisson count). */
static void scale_unit(double o, double n, int type, tdm_unit_rate *u)
{
    if (type == TDM_RATE_PROPORTION) {
        u->y = log((o + 0.5) / (n - o + 0.5));
        u->se = sqrt(1.0 / (o + 0.5) + 1.0 / (n - o + 0.5));
    } else {
        u->y = log((o + 0.5) / n);
        u->se = sqrt(1.0 / (o + 0.5));
    }
}

/* SPEC: opp.shrink - normal-normal model y_u ~ N(theta_u, s_u^2),
 * theta_u ~ N(mu, tau^2): mu = sum w y / sum w with w = 1/(s^2 + tau^2),
 * B = s^2 / (s^2 + tau^2), posterior mean (1 - B) y + B mu, variance
 * (1 - B) s^2 + B^2 Var(mu), Var(mu) = 1 / sum w: the last term carries the
 * uncertainty in mu (Morris 1983, JASA 78:47-55, section 4; the uncertainty
 * in tau^2 itself is not propagated). tau^2 = 0 gives every unit mu. */
static void shrink(tdm_unit_rate *out, size_t n, double tau2, const tdm_rate_options *opt)
{
    tdm__sum sw, swy;
    double mu, var_mu;
    tdm__sum_init(&sw);
    tdm__sum_init(&swy);
    for (size_t i = 0; i < n; i++) {
        double w = 1.0 / (out[i].se * out[i].se + tau2);
        tdm__sum_add(&sw, w);
        tdm__sum_add(&swy, w * out[i].y);
    }
    mu = tdm__sum_value(&swy) / tdm__sum_value(&sw);
    var_mu = 1.0 / tdm__sum_value(&sw);
    for (size_t i = 0; i < n; i++) {
        double s2 = out[i].se * out[i].se;
        double b = s2 / (s2 + tau2);
        out[i].theta = (1.0 - b) * out[i].y + b * mu;
        out[i].v = (1.0 - b) * s2 + b * b * var_mu;
        out[i].shrunk = tdm_unit_rate_natural(out[i].theta, opt);
    }
}

/* SPEC: opp.shrink.tau2 - DerSimonian & Laird (1986) between-unit variance
 * on the y scale, with the z-scores winsorised as Spiegelhalter (2005) and
 * FunnelPlotR do: z_u = (y_u - ybar) / s_u about the fixed-effect mean
 * ybar = sum(y / s^2) / sum(1 / s^2), so that I phi = Cochran's Q; the
 * estimator itself is the funnel code's (tdm_overdispersion). */
static int estimate_tau2(const tdm_unit_rate *u, size_t n, double winsor, double *tau2)
{
    double *z = tdm__calloc(2 * n, sizeof *z);
    double *s, ybar, phi;
    tdm__sum sw, swy;
    int rc;
    if (z == NULL) {
        return TDM_ENOMEM;
    }
    s = z + n;
    tdm__sum_init(&sw);
    tdm__sum_init(&swy);
    for (size_t i = 0; i < n; i++) {
        double w = 1.0 / (u[i].se * u[i].se);
        tdm__sum_add(&sw, w);
        tdm__sum_add(&swy, w * u[i].y);
    }
    ybar = tdm__sum_value(&swy) / tdm__sum_value(&sw);
    for (size_t i = 0; i < n; i++) {
        z[i] = (u[i].y - ybar) / u[i].se;
        s[i] = u[i].se;
    }
    rc = tdm_overdispersion(z, s, n, winsor, &phi, tau2, NULL);
    tdm__free(z);
    return rc;
}

/* The unit's interval with the indicator code's methods (issue 4): Wilson
 * for a proportion (SPEC: ci.wilson), the PHE rate interval for a rate
 * (SPEC: ci.rate: exact Poisson below 10 events, Byar's from 10; Byar's for
 * counts that are not whole numbers, which the exact method rejects). */
static int interval(double o, double n, const tdm_rate_options *opt, const tdm_ci_level *lv,
                    tdm_unit_rate *u)
{
    tdm_interval ci;
    int rc;
    if (opt->type == TDM_RATE_PROPORTION) {
        rc = tdm_ci_wilson(o, n, lv, &ci, NULL);
        ci.lower *= opt->multiplier;
        ci.upper *= opt->multiplier;
    } else {
        double value;
        const int whole = o == floor(o);
        rc = tdm_ci_rate(o, n, opt->multiplier, whole ? -1 : 0, lv, &value, &ci, NULL, NULL);
    }
    u->lower = ci.lower;
    u->upper = ci.upper;
    return rc;
}

int tdm_unit_rates(const double *num, const double *den, size_t n, const tdm_rate_options *opt,
                   tdm_unit_rate *out, double *tau2_out, tdm_error *err)
{
    tdm_rate_options defaults;
    tdm_ci_level lv;
    double tau2;
    if (tau2_out != NULL) {
        *tau2_out = (double)NAN;
    }
    if (opt == NULL) {
        tdm_rate_options_init(&defaults);
        opt = &defaults;
    }
    if (opt->version != TDM_RATE_OPTIONS_VERSION ||
        (opt->type != TDM_RATE_PROPORTION && opt->type != TDM_RATE_RATE) ||
        !(opt->multiplier > 0.0) || isinf(opt->multiplier) ||
        (!isnan(opt->tau2) && !(opt->tau2 >= 0.0 && isfinite(opt->tau2))) ||
        !(opt->winsor >= 0.0 && opt->winsor < 0.5) || !(opt->level > 0.0 && opt->level < 1.0)) {
        return tdm__error(err, TDM_EINVAL, 0, 0,
                          "rate options: type proportion or rate, multiplier > 0, tau2 >= 0, "
                          "winsor in [0, 0.5)");
    }
    if ((n > 0 && (num == NULL || den == NULL || out == NULL))) {
        return tdm__error(err, TDM_EINVAL, 0, 0, "tdm_unit_rates: NULL argument");
    }
    if (tdm_ci_level_init(&lv, opt->level, err) != TDM_OK) {
        return TDM_EINVAL;
    }
    for (size_t i = 0; i < n; i++) {
        int rc = check_unit(num[i], den[i], opt->type, i, err);
        rc = rc ? rc : interval(num[i], den[i], opt, &lv, &out[i]);
        if (rc != TDM_OK) {
            return rc;
        }
        out[i].value = num[i] / den[i] * opt->multiplier;
        scale_unit(num[i], den[i], opt->type, &out[i]);
        out[i].theta = out[i].y;
        out[i].v = out[i].se * out[i].se;
        out[i].shrunk = out[i].value;
    }
    if (!opt->shrink || n == 0) {
        return TDM_OK;
    }
    tau2 = opt->tau2;
    if (isnan(tau2)) {
        int rc = estimate_tau2(out, n, opt->winsor, &tau2);
        if (rc == TDM_ENOMEM) {
            return tdm__error(err, rc, 0, 0, "out of memory");
        }
        if (rc != TDM_OK || isnan(tau2)) {
            return tdm__error(err, TDM_EDOMAIN, 0, 0,
                              "shrinkage needs at least 2 units to estimate tau^2");
        }
    }
    shrink(out, n, tau2, opt);
    if (tau2_out != NULL) {
        *tau2_out = tau2;
    }
    return TDM_OK;
}
