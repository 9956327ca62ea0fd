/* SPDX-License-Identifier: GPL-3.0-or-later */
/* sum.c - compensated summation used for every mean in the library. */
#include "core.h"

#include <math.h>

/* Neumaier (1974): like Kahan, but also correct when |x| > |s|. */
void tdm__sum_add(tdm__sum *a, double x)
{
    double t = a->s + x;
    if (fabs(a->s) >= fabs(x)) {
        a->c += (a->s - t) + x;
    } else {
        a->c += (x - t) + a->s;
    }
    a->s = t;
}
