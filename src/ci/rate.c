/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * rate.c - intervals for Poisson counts and crude rates: Byar's
 * approximation, the exact chi-square interval, and the PHE rule that picks
 * exact below 10 events and Byar's from 10 (phe_rate, calculate_ISRatio).
 */
#include "ci_internal.h"

#include <math.h>

/* SPEC: ci.byar - Breslow & Day (1987) "Statistical methods in cancer
 * research" vol. II, eq. 2.16 (Byar's approximation). The cube is R's `^3`,
 * i.e. R_pow(x, 3), so the last bit agrees with the reference. */
double tdm__byar_lower(double o, double z)
{
    double v = o * tdm__rpow(1.0 - 1.0 / (9.0 * o) - z / (3.0 * sqrt(o)), 3.0);
    /* The reference turns a negative limit into NA (tiny counts at high
     * confidence); o = 0 gives 0 * -Inf = NaN there too. */
    return v < 0.0 ? (double)NAN : v;
}

double tdm__byar_upper(double o, double z)
{
    return (o + 1.0) * tdm__rpow(1.0 - 1.0 / (9.0 * (o + 1.0)) + z / (3.0 * sqrt(o + 1.0)), 3.0);
}

int tdm_ci_byar(double o, const tdm_ci_level *lv, tdm_interval *ci, tdm_error *err)
{
    int rc;
    if (lv == NULL || ci == NULL) {
        return tdm__error(err, TDM_EINVAL, 0, 0, "tdm_ci_byar: NULL argument");
    }
    if (isnan(o)) {
        ci->lower = ci->upper = (double)NAN;
        return TDM_OK;
    }
    rc = tdm_ci_count_check(o, 0, err);
    if (rc != TDM_OK) {
        return rc;
    }
    ci->lower = tdm__byar_lower(o, lv->z);
    ci->upper = tdm__byar_upper(o, lv->z);
    return TDM_OK;
}

/* SPEC: ci.exact - the chi-square form of the exact Poisson interval,
 * Garwood (1936) Biometrika 28:437-442: L = qchisq((1-c)/2, 2O)/2,
 * U = qchisq(c + (1-c)/2, 2O+2)/2. Counts below 10 come from the table in
 * the level; larger ones are computed. */
int tdm_ci_poisson_exact(double o, const tdm_ci_level *lv, tdm_interval *ci, tdm_error *err)
{
    int rc;
    double c;
    if (lv == NULL || ci == NULL) {
        return tdm__error(err, TDM_EINVAL, 0, 0, "tdm_ci_poisson_exact: NULL argument");
    }
    if (isnan(o)) {
        ci->lower = ci->upper = (double)NAN;
        return TDM_OK;
    }
    rc = tdm_ci_count_check(o, 1, err);
    if (rc != TDM_OK) {
        return rc;
    }
    if (o < TDM_CI_EXACT_BELOW) {
        ci->lower = lv->exact_lower[(int)o];
        ci->upper = lv->exact_upper[(int)o];
        return TDM_OK;
    }
    c = lv->confidence;
    ci->lower = tdm__qchisq((1.0 - c) / 2.0, 2.0 * o, 1) / 2.0;
    ci->upper = tdm__qchisq(c + (1.0 - c) / 2.0, 2.0 * o + 2.0, 1) / 2.0;
    return TDM_OK;
}

/* SPEC: ci.poisson - exact below 10 events, Byar's from 10 (phe_rate). */
int tdm_ci_poisson(double o, const tdm_ci_level *lv, tdm_interval *ci, int *method, tdm_error *err)
{
    int rc;
    if (method != NULL) {
        *method = TDM_CI_METHOD_NONE;
    }
    if (!isnan(o) && o < TDM_CI_EXACT_BELOW) {
        rc = tdm_ci_poisson_exact(o, lv, ci, err);
        if (rc == TDM_OK && method != NULL) {
            *method = TDM_CI_METHOD_EXACT;
        }
        return rc;
    }
    rc = tdm_ci_byar(o, lv, ci, err);
    if (rc == TDM_OK && method != NULL && !isnan(o)) {
        *method = TDM_CI_METHOD_BYAR;
    }
    return rc;
}

/* SPEC: ci.rate - value = O/n*m; limits L/n*m, U/n*m in that order, as
 * phe_rate evaluates qchisq(...)/2/n*m and byars_lower(O)/n*m. */
int tdm_ci_rate(double o, double n, double multiplier, int exact, const tdm_ci_level *lv,
                double *value, tdm_interval *ci, int *method, tdm_error *err)
{
    char t[TDM_NUMBUF];
    tdm_interval c = { (double)NAN, (double)NAN };
    int m = TDM_CI_METHOD_NONE;
    int rc;
    if (value == NULL || ci == NULL) {
        return tdm__error(err, TDM_EINVAL, 0, 0, "tdm_ci_rate: NULL argument");
    }
    if (method != NULL) {
        *method = TDM_CI_METHOD_NONE;
    }
    if (isnan(o) || isnan(n)) {
        /* The reference names the method from the count alone, so a row with a
         * count but no denominator still says "Exact" or "Byars". */
        *value = ci->lower = ci->upper = (double)NAN;
        if (method != NULL && !isnan(o)) {
            *method = exact > 0 || (exact < 0 && o < TDM_CI_EXACT_BELOW) ? TDM_CI_METHOD_EXACT
                                                                         : TDM_CI_METHOD_BYAR;
        }
        return tdm_ci_count_check(o, 0, err);
    }
    if (isinf(n) || n <= 0.0) {
        return tdm__error(err, TDM_EDOMAIN, 0, 0, "denominator %s is not a positive number",
                          tdm__num_text(n, t));
    }
    if (exact < 0) {
        rc = tdm_ci_poisson(o, lv, &c, &m, err);
    } else if (exact > 0) {
        rc = tdm_ci_poisson_exact(o, lv, &c, err);
        m = TDM_CI_METHOD_EXACT;
    } else {
        rc = tdm_ci_byar(o, lv, &c, err);
        m = TDM_CI_METHOD_BYAR;
    }
    if (rc != TDM_OK) {
        return rc;
    }
    *value = o / n * multiplier;
    ci->lower = c.lower / n * multiplier;
    ci->upper = c.upper / n * multiplier;
    if (method != NULL) {
        *method = m;
    }
    return TDM_OK;
}
