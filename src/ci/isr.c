/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * isr.c - indirectly standardised ratios and rates (SMRs): observed over
 * expected events, with the PHE count interval of the observed events
 * (PHEindicatormethods calculate_ISRatio / calculate_ISRate).
 */
#include "ci_internal.h"

#include <math.h>

/* SPEC: isr.expected - E = sum(X_ref / N_ref * n) with NaN X_ref and n
 * counted as 0 (the reference's na.zero); O = sum(x) dropping NaN;
 * ref_rate = sum(X_ref, NaN dropped) / sum(N_ref) * m. Breslow & Day (1987)
 * vol. II ch. 2. */
int tdm_isr_compute(const double *x, const double *n, const double *xref, const double *nref,
                    size_t rows, double observed_total, double multiplier, tdm_isr_result *res,
                    tdm_error *err)
{
    tdm__sum o, e, xr, nr;
    char t[TDM_NUMBUF];
    if (n == NULL || xref == NULL || nref == NULL || res == NULL || rows == 0 ||
        (x == NULL && isnan(observed_total))) {
        return tdm__error(err, TDM_EINVAL, 0, 0, "an ISR needs at least one age band");
    }
    tdm__sum_init(&o);
    tdm__sum_init(&e);
    tdm__sum_init(&xr);
    tdm__sum_init(&nr);
    for (size_t i = 0; i < rows; i++) {
        double xi = x != NULL ? x[i] : (double)NAN;
        double xri = isnan(xref[i]) ? 0.0 : xref[i];
        double ni = isnan(n[i]) ? 0.0 : n[i];
        if (!isnan(xi) && (xi < 0.0 || isinf(xi))) {
            return tdm__error(err, TDM_EDOMAIN, i + 1, 0, "count %s is negative or infinite",
                              tdm__num_text(xi, t));
        }
        if (ni < 0.0 || isinf(ni)) {
            return tdm__error(err, TDM_EDOMAIN, i + 1, 0, "population %s is negative or infinite",
                              tdm__num_text(ni, t));
        }
        if (xri < 0.0 || isinf(xri)) {
            return tdm__error(err, TDM_EDOMAIN, i + 1, 0,
                              "reference count %s is negative or infinite", tdm__num_text(xri, t));
        }
        if (!(nref[i] > 0.0) || isinf(nref[i])) {
            return tdm__error(err, TDM_EDOMAIN, i + 1, 0,
                              "reference population %s is not a positive number",
                              tdm__num_text(nref[i], t));
        }
        if (!isnan(xi)) {
            tdm__sum_add(&o, xi);
        }
        tdm__sum_add(&e, xri / nref[i] * ni);
        tdm__sum_add(&xr, xri);
        tdm__sum_add(&nr, nref[i]);
    }
    res->observed = isnan(observed_total) ? tdm__sum_value(&o) : observed_total;
    res->expected = tdm__sum_value(&e);
    res->ref_rate = tdm__sum_value(&xr) / tdm__sum_value(&nr) * multiplier;
    if (!isnan(res->observed) && (res->observed < 0.0 || isinf(res->observed))) {
        return tdm__error(err, TDM_EDOMAIN, 0, 0, "observed total %s is negative or infinite",
                          tdm__num_text(res->observed, t));
    }
    return TDM_OK;
}

/* SPEC: isr.interval - value = O/E*scale; exact below 10 events
 * (qchisq(...)/2/E*scale), Byar's from 10 (byars(O)/E*scale). */
int tdm_isr_interval(const tdm_isr_result *r, double scale, const tdm_ci_level *lv, double *value,
                     tdm_interval *ci, int *method, tdm_error *err)
{
    tdm_interval c;
    int m = TDM_CI_METHOD_NONE;
    int rc;
    if (r == NULL || lv == NULL || value == NULL || ci == NULL) {
        return tdm__error(err, TDM_EINVAL, 0, 0, "tdm_isr_interval: NULL argument");
    }
    rc = tdm_ci_poisson(r->observed, lv, &c, &m, err);
    if (rc != TDM_OK) {
        return rc;
    }
    *value = r->observed / r->expected * scale;
    ci->lower = c.lower / r->expected * scale;
    ci->upper = c.upper / r->expected * scale;
    if (method != NULL) {
        *method = m;
    }
    return TDM_OK;
}
