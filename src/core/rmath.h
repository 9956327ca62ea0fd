/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * rmath.h - the only file that includes <Rmath.h> (R's standalone maths
 * library), so that distribution functions give R's answers bit for bit.
 * <Rmath.h> defines macros (qnorm -> qnorm5, M_PI, ...) that would leak into
 * every file that saw it; include this header only where they are needed.
 */
#ifndef TDM_RMATH_H
#define TDM_RMATH_H

#define MATHLIB_STANDALONE 1
#include <Rmath.h>

#endif /* TDM_RMATH_H */
