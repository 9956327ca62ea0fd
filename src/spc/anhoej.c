/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * anhoej.c - runs analysis of run and control charts: Anhoej's two rules
 * (an unusually long run on one side of the centre line; unusually few
 * crossings of it), and the "best box" and "cut box" variants. Used by
 * tdm_qic_compute (qic_charts.c) for every part of every chart, and public
 * on its own for anyone with a centre line.
 *
 * References: Anhoej J, Olesen AV (2014) Run charts revisited. PLoS ONE
 * 9(11): e113825; Anhoej J (2015) Diagnostic value of run chart analysis.
 * PLoS ONE 10(3): e0121349; Anhoej J, Wentzel-Larsen T (2020) Smooth
 * operator: modifying the Anhoej rules to improve runs analysis in
 * statistical process control. PLoS ONE 15(5): e0233920. The semantics are
 * those of qicharts2 0.8.1 (runs.analysis, crsignal).
 */
#include "../core/rmath.h"
#include "spc_internal.h"

#include <math.h>
#include <string.h>

/* SPEC: qic.runs.box - bounds for 10 <= n <= 100 from Anhoej & Wentzel-Larsen
 * (2020), as tabulated in qicharts2 0.8.1 (crsignal): the best box is
 * "crossings >= cb and longest run <= lb"; the cut box adds the border cells
 * (cbord, lbord), -1 where the paper has none. */
typedef struct box_bounds {
    signed char cb, lb, cbord, lbord;
} box_bounds;

#define BOX_MIN 10
#define BOX_MAX 100

static const box_bounds box[BOX_MAX - BOX_MIN + 1] = { { 2, 6, 3, 5 },     /* n = 10 */
                                                       { 3, 7, 4, 6 },     /* n = 11 */
                                                       { 3, 6, -1, -1 },   /* n = 12 */
                                                       { 3, 6, -1, -1 },   /* n = 13 */
                                                       { 3, 6, -1, -1 },   /* n = 14 */
                                                       { 4, 7, 6, 6 },     /* n = 15 */
                                                       { 5, 8, 6, 7 },     /* n = 16 */
                                                       { 5, 7, -1, -1 },   /* n = 17 */
                                                       { 5, 7, 6, 6 },     /* n = 18 */
                                                       { 5, 7, 6, 5 },     /* n = 19 */
                                                       { 6, 7, -1, -1 },   /* n = 20 */
                                                       { 7, 8, -1, -1 },   /* n = 21 */
                                                       { 6, 7, 7, 6 },     /* n = 22 */
                                                       { 6, 7, 7, 6 },     /* n = 23 */
                                                       { 6, 7, 7, 6 },     /* n = 24 */
                                                       { 6, 7, -1, -1 },   /* n = 25 */
                                                       { 9, 9, 10, 7 },    /* n = 26 */
                                                       { 9, 8, 10, 7 },    /* n = 27 */
                                                       { 9, 8, 11, 7 },    /* n = 28 */
                                                       { 10, 8, -1, -1 },  /* n = 29 */
                                                       { 11, 10, 12, 9 },  /* n = 30 */
                                                       { 11, 9, 14, 8 },   /* n = 31 */
                                                       { 11, 8, -1, -1 },  /* n = 32 */
                                                       { 11, 8, 12, 7 },   /* n = 33 */
                                                       { 11, 8, 13, 7 },   /* n = 34 */
                                                       { 12, 8, -1, -1 },  /* n = 35 */
                                                       { 13, 9, 15, 8 },   /* n = 36 */
                                                       { 14, 10, -1, -1 }, /* n = 37 */
                                                       { 13, 8, -1, -1 },  /* n = 38 */
                                                       { 15, 11, -1, -1 }, /* n = 39 */
                                                       { 15, 9, -1, -1 },  /* n = 40 */
                                                       { 15, 9, 17, 8 },   /* n = 41 */
                                                       { 14, 8, -1, -1 },  /* n = 42 */
                                                       { 14, 8, -1, -1 },  /* n = 43 */
                                                       { 17, 10, -1, -1 }, /* n = 44 */
                                                       { 17, 9, -1, -1 },  /* n = 45 */
                                                       { 17, 9, 19, 8 },   /* n = 46 */
                                                       { 17, 9, 20, 7 },   /* n = 47 */
                                                       { 19, 12, 20, 11 }, /* n = 48 */
                                                       { 19, 10, 21, 9 },  /* n = 49 */
                                                       { 19, 9, -1, -1 },  /* n = 50 */
                                                       { 19, 9, 21, 8 },   /* n = 51 */
                                                       { 19, 9, 21, 7 },   /* n = 52 */
                                                       { 21, 11, 23, 9 },  /* n = 53 */
                                                       { 21, 10, 23, 8 },  /* n = 54 */
                                                       { 21, 9, -1, -1 },  /* n = 55 */
                                                       { 21, 9, 23, 8 },   /* n = 56 */
                                                       { 23, 12, 25, 11 }, /* n = 57 */
                                                       { 23, 10, 24, 9 },  /* n = 58 */
                                                       { 23, 10, 26, 8 },  /* n = 59 */
                                                       { 23, 9, -1, -1 },  /* n = 60 */
                                                       { 23, 9, 24, 8 },   /* n = 61 */
                                                       { 25, 11, 27, 9 },  /* n = 62 */
                                                       { 25, 10, 27, 9 },  /* n = 63 */
                                                       { 26, 11, 27, 10 }, /* n = 64 */
                                                       { 26, 10, 27, 9 },  /* n = 65 */
                                                       { 27, 12, 29, 10 }, /* n = 66 */
                                                       { 27, 10, -1, -1 }, /* n = 67 */
                                                       { 27, 10, 29, 8 },  /* n = 68 */
                                                       { 28, 11, 29, 8 },  /* n = 69 */
                                                       { 29, 14, 30, 13 }, /* n = 70 */
                                                       { 29, 11, 31, 9 },  /* n = 71 */
                                                       { 29, 10, 30, 9 },  /* n = 72 */
                                                       { 30, 11, 31, 10 }, /* n = 73 */
                                                       { 30, 10, -1, -1 }, /* n = 74 */
                                                       { 31, 12, 32, 9 },  /* n = 75 */
                                                       { 31, 11, 34, 8 },  /* n = 76 */
                                                       { 31, 10, 33, 9 },  /* n = 77 */
                                                       { 32, 11, 33, 8 },  /* n = 78 */
                                                       { 33, 13, 37, 11 }, /* n = 79 */
                                                       { 33, 11, 35, 9 },  /* n = 80 */
                                                       { 33, 10, -1, -1 }, /* n = 81 */
                                                       { 34, 11, 36, 10 }, /* n = 82 */
                                                       { 33, 10, 36, 7 },  /* n = 83 */
                                                       { 35, 11, -1, -1 }, /* n = 84 */
                                                       { 35, 11, 38, 8 },  /* n = 85 */
                                                       { 35, 10, 36, 9 },  /* n = 86 */
                                                       { 35, 10, 38, 8 },  /* n = 87 */
                                                       { 37, 12, 38, 10 }, /* n = 88 */
                                                       { 37, 11, 39, 9 },  /* n = 89 */
                                                       { 38, 12, -1, -1 }, /* n = 90 */
                                                       { 37, 10, 39, 9 },  /* n = 91 */
                                                       { 39, 13, 41, 12 }, /* n = 92 */
                                                       { 39, 11, 40, 10 }, /* n = 93 */
                                                       { 39, 11, 42, 8 },  /* n = 94 */
                                                       { 39, 10, -1, -1 }, /* n = 95 */
                                                       { 39, 10, 41, 8 },  /* n = 96 */
                                                       { 41, 12, 42, 9 },  /* n = 97 */
                                                       { 41, 11, 44, 9 },  /* n = 98 */
                                                       { 42, 12, 43, 10 }, /* n = 99 */
                                                       { 41, 10, 42, 9 },
                                                       /* n = 100 */ };

/* SPEC: qic.runs.thresholds - longest run > round(log2(n)) + 3 (Schilling
 * 2012) or crossings < the 5% quantile of Binomial(n - 1, 1/2) (Chen 2010).
 * log2 of an integer is never exactly halfway, so lround agrees with R's
 * round. The quantile comes from libRmath's qbinom, i.e. R's own search
 * including its 1 - 64 DBL_EPSILON fuzz, so the thresholds are R's exactly. */
int tdm_anhoej_thresholds(size_t n_useful, size_t *longest_run_max, size_t *n_crossings_min)
{
    if (longest_run_max == NULL || n_crossings_min == NULL) {
        return TDM_EINVAL;
    }
    *longest_run_max = 0;
    *n_crossings_min = 0;
    if (n_useful == 0) {
        return TDM_EDOMAIN;
    }
    *longest_run_max = (size_t)lround(log2((double)n_useful)) + 3;
    *n_crossings_min = (size_t)tdm__qbinom(0.05, (double)(n_useful - 1), 0.5);
    return TDM_OK;
}

/* SPEC: qic.runs.signal - qicharts2 crsignal(n, c, l, method). */
int tdm_anhoej_signal(size_t n_useful, size_t longest_run, size_t n_crossings, int method)
{
    size_t lmax;
    size_t cmin;
    const box_bounds *b;
    if (method < TDM_ANHOEJ || method > TDM_ANHOEJ_CUTBOX) {
        return TDM_EINVAL;
    }
    if (n_useful == 0 || longest_run < 1 || longest_run > n_useful || n_crossings >= n_useful) {
        return TDM_EDOMAIN;
    }
    if (method == TDM_ANHOEJ || n_useful < BOX_MIN || n_useful > BOX_MAX) {
        (void)tdm_anhoej_thresholds(n_useful, &lmax, &cmin); /* n_useful >= 1: cannot fail */
        return longest_run > lmax || n_crossings < cmin;
    }
    b = &box[n_useful - BOX_MIN];
    if (method == TDM_ANHOEJ_BESTBOX || b->cbord < 0) {
        return !(n_crossings >= (size_t)b->cb && longest_run <= (size_t)b->lb);
    }
    /* Cut box: inside the box shrunk by one on both sides, or on its border
     * row (c = cb, l <= lbord) or border column (c >= cbord, l <= lb). */
    if (n_crossings >= (size_t)b->cb + 1 && longest_run + 1 <= (size_t)b->lb) {
        return 0;
    }
    if (n_crossings == (size_t)b->cb && longest_run <= (size_t)b->lbord) {
        return 0;
    }
    if (n_crossings >= (size_t)b->cbord && longest_run <= (size_t)b->lb) {
        return 0;
    }
    return 1;
}

/* SPEC: qic.runs - sign(y - cl) of the included points; missing values and
 * points on the centre line are dropped (they neither break nor extend a
 * run); runs are maximal blocks of equal signs; crossings = runs - 1. */
int tdm_anhoej_runs(const double *y, size_t n, double cl, const uint8_t *include, int method,
                    tdm_anhoej_result *out)
{
    int prev = 0;
    size_t run = 0;
    size_t runs = 0;
    int sig;
    if (out == NULL || (n > 0 && y == NULL) || method < TDM_ANHOEJ || method > TDM_ANHOEJ_CUTBOX) {
        return TDM_EINVAL;
    }
    memset(out, 0, sizeof *out);
    for (size_t i = 0; i < n; i++) {
        double d;
        int s;
        if (include != NULL && !include[i]) {
            continue;
        }
        out->n_obs++;
        d = y[i] - cl;
        if (isnan(d) || d == 0.0) {
            continue;
        }
        s = d > 0.0 ? 1 : -1;
        out->n_useful++;
        if (s == prev) {
            run++;
        } else {
            runs++;
            run = 1;
            prev = s;
        }
        if (run > out->longest_run) {
            out->longest_run = run;
        }
    }
    if (out->n_useful == 0) {
        return TDM_OK; /* qicharts2: statistics NA, no signal */
    }
    out->n_crossings = runs - 1;
    (void)tdm_anhoej_thresholds(out->n_useful, &out->longest_run_max, &out->n_crossings_min);
    sig = tdm_anhoej_signal(out->n_useful, out->longest_run, out->n_crossings, method);
    out->runs_signal = sig > 0;
    return TDM_OK;
}

const char *tdm_anhoej_method_name(int method)
{
    switch (method) {
    case TDM_ANHOEJ:
        return "anhoej";
    case TDM_ANHOEJ_BESTBOX:
        return "bestbox";
    case TDM_ANHOEJ_CUTBOX:
        return "cutbox";
    default:
        return "";
    }
}
