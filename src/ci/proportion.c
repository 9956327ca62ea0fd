/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * proportion.c - the Wilson score interval for a proportion, as
 * PHEindicatormethods wilson_lower / wilson_upper compute it.
 */
#include "ci_internal.h"

#include <math.h>

/* SPEC: ci.wilson - Wilson (1927) JASA 22:209-212; Newcombe & Altman (2000)
 * "Statistics with confidence" pp. 46-48. Evaluated literally in the
 * reference's order, (2x + z^2 -/+ z sqrt(z^2 + 4x(1 - x/n))) / 2 / (n + z^2),
 * so the bits agree with R. x = 0 gives lower exactly 0 (the square root is
 * z) and x = n gives upper exactly 1. */
int tdm_ci_wilson(double x, double n, const tdm_ci_level *lv, tdm_interval *ci, tdm_error *err)
{
    double z, z2, root;
    int rc;
    if (lv == NULL || ci == NULL) {
        return tdm__error(err, TDM_EINVAL, 0, 0, "tdm_ci_wilson: NULL argument");
    }
    if (isnan(x) || isnan(n)) {
        ci->lower = ci->upper = (double)NAN;
        return TDM_OK;
    }
    rc = tdm_ci_proportion_check(x, n, err);
    if (rc != TDM_OK) {
        return rc;
    }
    z = lv->z;
    z2 = z * z;
    root = sqrt(z2 + 4.0 * x * (1.0 - (x / n)));
    ci->lower = (2.0 * x + z2 - z * root) / 2.0 / (n + z2);
    ci->upper = (2.0 * x + z2 + z * root) / 2.0 / (n + z2);
    return TDM_OK;
}
