/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * rmath.h - the only file that includes <Rmath.h> (Debian r-mathlib, the
 * standalone build of R's nmath library). Every distribution function in
 * libtandem comes through here, so results match R bit for bit: the same
 * qnorm, qchisq, qt and R_pow as the R packages tandem is checked against.
 *
 * MATHLIB_STANDALONE must be defined before the include; Rmath.h then maps
 * qnorm -> Rf_qnorm5 and so on. Rmath.h also defines short macros (e.g.
 * `beta`, `gamma`, `choose`) that would clash with ordinary identifiers, so
 * this header undefines the ones nobody uses.
 */
#ifndef TDM_RMATH_H
#define TDM_RMATH_H

#define MATHLIB_STANDALONE 1
#include <Rmath.h>

#undef beta
#undef gamma
#undef choose
#undef trigamma
#undef digamma
#undef sign

#endif /* TDM_RMATH_H */
