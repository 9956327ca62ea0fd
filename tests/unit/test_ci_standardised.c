/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_ci_standardised.c - means (SPEC: ci.mean), directly standardised
 * rates (SPEC: dsr.value, dsr.interval, dsr.suppress, dsr.nonindependent,
 * dsr.esp2013), indirect standardisation (SPEC: isr.expected, isr.interval)
 * and age-band matching, against the PHEindicatormethods test workbooks
 * (testdata_Mean.xlsx, testdata_DSR_ISR.xlsx) read through the group reader.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "refcsv.h"
#include "tandem.h"

#define REL(a, b, t) (fabs((a) - (b)) <= (t)*fmax(fabs(a), fabs(b)))

static tdm_ci_level l95, l998;

static void setup(void)
{
    cr_assert_eq(tdm_ci_level_init(&l95, 0.95, NULL), TDM_OK);
    cr_assert_eq(tdm_ci_level_init(&l998, 0.998, NULL), TDM_OK);
}

TestSuite(ci_standardised, .init = setup);

Test(ci_standardised, mean_workbook_area1)
{
    /* testdata_Mean.xlsx, Area1 */
    const double y[8] = { 33.09375, 48.38596, 64.83495, 67.98475,
                          22.93556, 71.23587, 38.78465, 82.37927 };
    tdm_ci_mean_stats s;
    tdm_interval a, b;
    cr_assert_eq(tdm_ci_mean_stats_compute(y, 8, &s), TDM_OK);
    cr_assert(REL(s.sum, 429.63476000000009, 1e-14));
    cr_assert_eq(s.count, 8.0);
    cr_assert(REL(s.sd, 20.975575257709309, 1e-13));
    cr_assert(REL(s.mean, 53.704345000000011, 1e-14));
    cr_assert_eq(tdm_ci_mean_interval(&s, 0.95, &a, NULL), TDM_OK);
    cr_assert_eq(tdm_ci_mean_interval(&s, 0.998, &b, NULL), TDM_OK);
    cr_assert(REL(a.lower, 36.168325241336504, 1e-12));
    cr_assert(REL(a.upper, 71.240364758663517, 1e-12));
    cr_assert(REL(b.lower, 18.216705294788838, 1e-12));
    cr_assert(REL(b.upper, 89.191984705211183, 1e-12));
}

Test(ci_standardised, mean_missing_and_small)
{
    const double y[3] = { 1, NAN, 3 };
    tdm_ci_mean_stats s;
    tdm_interval a;
    cr_assert_eq(tdm_ci_mean_stats_compute(y, 3, &s), TDM_OK);
    cr_assert(isnan(s.mean) && s.count == 3.0);
    cr_assert_eq(tdm_ci_mean_stats_compute(y, 1, &s), TDM_OK);
    cr_assert_eq(s.mean, 1.0);
    cr_assert_eq(tdm_ci_mean_interval(&s, 0.95, &a, NULL), TDM_OK);
    cr_assert(isnan(a.lower));
    cr_assert_eq(tdm_ci_mean_interval(&s, 1.0, &a, NULL), TDM_EINVAL);
}

/* Read a reference DSR input through the group reader, one group per area. */
typedef struct dsr_case {
    const char *area;
    double count, pop, value, l95, u95, l998, u998;
} dsr_case;

static void check_dsr_file(const char *rel, const dsr_case *want, size_t n_want, int nonindep)
{
    char path[1024];
    tdm_csv_reader *csv = NULL;
    tdm_group_reader *gr = NULL;
    tdm_group_spec spec;
    tdm_group g;
    const char *keys[] = { "area_code" };
    const char *nums[] = { "numerator", "denominator", "stdpop", "eventfreq" };
    const char *texts[] = { "ageband" };
    size_t seen = 0;
    int rc;
    snprintf(path, sizeof path, "%s/%s", TDM_REF_DIR, rel);
    cr_assert_eq(tdm_csv_reader_open_path(&csv, path, NULL, NULL), TDM_OK);
    tdm_group_spec_init(&spec);
    spec.key_columns = keys;
    spec.n_keys = 1;
    spec.num_columns = nums;
    spec.n_num = nonindep ? 4 : 3;
    spec.text_columns = texts;
    spec.n_text = 1;
    cr_assert_eq(tdm_group_reader_open(&gr, csv, &spec, NULL), TDM_OK);
    while ((rc = tdm_group_reader_next(gr, &g, NULL)) == 1) {
        tdm_dsr_result r;
        tdm_interval a, b;
        const dsr_case *w = NULL;
        for (size_t i = 0; i < n_want; i++) {
            if (g.key[0].len == strlen(want[i].area) &&
                memcmp(g.key[0].ptr, want[i].area, g.key[0].len) == 0) {
                w = &want[i];
            }
        }
        cr_assert_not_null(w);
        if (nonindep) {
            cr_assert_eq(tdm_dsr_nonindependent(g.text[0], g.num[3], g.num[0], g.num[1], g.num[2],
                                                g.n, 1e5, &r, NULL),
                         TDM_OK);
            cr_assert_eq(r.method, TDM_CI_METHOD_DOBSON_NONINDEP);
        } else {
            cr_assert_eq(tdm_dsr_compute(g.num[0], g.num[1], g.num[2], g.n, 1e5, &r, NULL), TDM_OK);
        }
        tdm_dsr_interval(&r, &l95, &a);
        tdm_dsr_interval(&r, &l998, &b);
        cr_assert_eq(r.total_count, w->count, "%s", w->area);
        cr_assert_eq(r.total_pop, w->pop);
        if (isnan(w->value)) {
            cr_assert(r.suppressed && isnan(r.value) && isnan(a.lower) && isnan(b.upper));
        } else {
            cr_assert(REL(r.value, w->value, 1e-9), "%s value %.17g", w->area, r.value);
            cr_assert(REL(a.lower, w->l95, 1e-9), "%s", w->area);
            cr_assert(REL(a.upper, w->u95, 1e-9), "%s", w->area);
            cr_assert(REL(b.lower, w->l998, 1e-9), "%s", w->area);
            cr_assert(REL(b.upper, w->u998, 1e-9), "%s", w->area);
        }
        seen++;
    }
    cr_assert_eq(rc, 0);
    cr_assert_eq(seen, n_want);
    tdm_group_reader_free(gr);
    tdm_csv_reader_free(csv);
}

Test(ci_standardised, dsr_workbook_esp2013)
{
    /* SPEC: dsr.value, dsr.interval, dsr.suppress - testresults_DSR rows 5-7 */
    static const dsr_case want[] = {
        { "testdata_big", 895, 8970, 10430.247991469423, 9717.709067985681, 11178.94091547925,
          9323.2878802199029, 11620.595999522058 },
        { "testdata_small", 91, 8970, 1103.212025300104, 877.455767536709, 1367.0882227251795,
          763.64203579398793, 1530.0328948244762 },
        { "testdata_tiny", 9, 8970, NAN, NAN, NAN, NAN, NAN },
    };
    check_dsr_file("indicators/dsr_input.csv", want, 3, 0);
}

Test(ci_standardised, dsr_workbook_nonindependent_events)
{
    /* SPEC: dsr.nonindependent - testresults_DSR rows 9-12 (10 significant digits) */
    static const dsr_case want[] = {
        { "testdata_nonind_big", 895, 8970, 10430.24799147, 9532.94977862, 11373.07483298,
          9036.25631357, 11929.24980749 },
        { "testdata_nonind_dummy", 895, 8970, 10430.24799147, 9512.29883752, 11394.77359633,
          9004.17418121, 11963.74870404 },
        { "testdata_nonind_small", 89, 8970, 1082.95419841, 817.68609755, 1393.55884927,
          684.16751792, 1585.49645593 },
        { "testdata_nonind_tiny", 9, 8970, NAN, NAN, NAN, NAN, NAN },
    };
    check_dsr_file("indicators/dsr_nonindependent_input.csv", want, 4, 1);
}

Test(ci_standardised, dsr_domain_errors)
{
    double x[3] = { 1, 2, 3 }, n[3] = { 10, 0, 10 }, w[3] = { 1, 1, 1 };
    tdm_dsr_result r;
    tdm_error err;
    cr_assert_eq(tdm_dsr_compute(x, n, w, 3, 1e5, &r, &err), TDM_EDOMAIN);
    cr_assert_eq(err.line, 2); /* the row */
    n[1] = 10;
    x[2] = -1;
    cr_assert_eq(tdm_dsr_compute(x, n, w, 3, 1e5, &r, &err), TDM_EDOMAIN);
    cr_assert_eq(err.line, 3);
    x[2] = NAN; /* a missing count is 0 (na.zero) */
    cr_assert_eq(tdm_dsr_compute(x, n, w, 3, 1e5, &r, &err), TDM_OK);
    cr_assert_eq(r.total_count, 3.0);
    cr_assert(r.suppressed);
}

Test(ci_standardised, dsr_nonindependent_rejects_disagreeing_populations)
{
    tdm_csv_field band[2] = { { "0-4", 3, 0 }, { "0-4", 3, 0 } };
    double f[2] = { 1, 2 }, x[2] = { 5, 6 }, n[2] = { 100, 101 }, w[2] = { 5000, 5000 };
    tdm_dsr_result r;
    tdm_error err;
    cr_assert_eq(tdm_dsr_nonindependent(band, f, x, n, w, 2, 1e5, &r, &err), TDM_EDOMAIN);
    cr_assert(strstr(err.message, "populations must agree") != NULL, "%s", err.message);
}

Test(ci_standardised, esp2013_tables)
{
    /* SPEC: dsr.esp2013 - both forms sum to 100,000 */
    tdm_stdpop *a = NULL, *b = NULL;
    double sa = 0, sb = 0;
    cr_assert_eq(tdm_stdpop_esp2013(&a, 19), TDM_OK);
    cr_assert_eq(tdm_stdpop_esp2013(&b, 21), TDM_OK);
    cr_assert_eq(tdm_stdpop_bands(a), 19);
    cr_assert_eq(tdm_stdpop_bands(b), 21);
    for (size_t i = 0; i < 19; i++) {
        sa += tdm_stdpop_weight(a, i);
    }
    for (size_t i = 0; i < 21; i++) {
        sb += tdm_stdpop_weight(b, i);
    }
    cr_assert_eq(sa, 100000.0);
    cr_assert_eq(sb, 100000.0);
    cr_assert_str_eq(tdm_stdpop_label(a, 18), "90+");
    cr_assert_eq(tdm_stdpop_weight(a, 0), 5000.0);
    cr_assert_eq(tdm_stdpop_weight(b, 0), 1000.0);
    cr_assert_eq(tdm_stdpop_esp2013(&a, 20), TDM_EINVAL); /* a unchanged on error */
    tdm_stdpop_free(a);
    tdm_stdpop_free(b);
}

Test(ci_standardised, shipped_esp2013_files_match)
{
    /* data/esp2013_*band.csv (shipped) equal the built-in tables */
    tdm_stdpop *sp = NULL;
    ref_table t;
    ref_load(&t, "../../data/esp2013_19band.csv");
    cr_assert_eq(tdm_stdpop_esp2013(&sp, 19), TDM_OK);
    cr_assert_eq(t.n_rows, 19);
    for (size_t r = 0; r < t.n_rows; r++) {
        cr_assert_str_eq(t.cells[r][ref_col(&t, "ageband")], tdm_stdpop_label(sp, r));
        cr_assert_eq(ref_num(&t, r, ref_col(&t, "stdpop")), tdm_stdpop_weight(sp, r));
    }
    ref_free(&t);
    tdm_stdpop_free(sp);
    ref_load(&t, "../../data/esp2013_21band.csv");
    cr_assert_eq(tdm_stdpop_esp2013(&sp, 21), TDM_OK);
    cr_assert_eq(t.n_rows, 21);
    for (size_t r = 0; r < t.n_rows; r++) {
        cr_assert_str_eq(t.cells[r][ref_col(&t, "ageband")], tdm_stdpop_label(sp, r));
        cr_assert_eq(ref_num(&t, r, ref_col(&t, "stdpop")), tdm_stdpop_weight(sp, r));
    }
    ref_free(&t);
    tdm_stdpop_free(sp);
}

Test(ci_standardised, ageband_parse)
{
    tdm_ageband b;
    tdm_ageband_parse("05-09", 5, &b);
    cr_assert(b.kind == TDM_AGEBAND_CLOSED && b.lower == 5 && b.upper == 9);
    tdm_ageband_parse("90+", 3, &b);
    cr_assert(b.kind == TDM_AGEBAND_OPEN && b.lower == 90);
    tdm_ageband_parse("Under 1 year", 12, &b);
    cr_assert(b.kind == TDM_AGEBAND_CLOSED && b.lower == 0 && b.upper == 0);
    tdm_ageband_parse("85 and over", 11, &b);
    cr_assert(b.kind == TDM_AGEBAND_OPEN && b.lower == 85);
    tdm_ageband_parse("10 to 14", 8, &b);
    cr_assert(b.kind == TDM_AGEBAND_CLOSED && b.lower == 10 && b.upper == 14);
    tdm_ageband_parse("0", 1, &b);
    cr_assert(b.kind == TDM_AGEBAND_CLOSED && b.lower == 0 && b.upper == 0);
    tdm_ageband_parse("all ages", 8, &b);
    cr_assert_eq(b.kind, TDM_AGEBAND_TEXT);
}

Test(ci_standardised, stdpop_matching)
{
    tdm_stdpop *sp = NULL;
    tdm_error err;
    size_t band = 99;
    cr_assert_eq(tdm_stdpop_esp2013(&sp, 19), TDM_OK);
    cr_assert_eq(tdm_stdpop_match(sp, "00-04", 5, &band, &err), TDM_OK);
    cr_assert_eq(band, 0);
    cr_assert_eq(tdm_stdpop_match(sp, "90 +", 4, &band, &err), TDM_OK);
    cr_assert_eq(band, 18);
    cr_assert_eq(tdm_stdpop_match(sp, "00-04", 5, &band, &err), TDM_OK); /* cached */
    cr_assert_eq(band, 0);
    /* the workbook's mislabelled band is not silently taken for 55-59 */
    cr_assert_eq(tdm_stdpop_match(sp, "55-69", 5, &band, &err), TDM_ENOTFOUND);
    cr_assert(strstr(err.message, "nearest: \"55-59\"") != NULL, "%s", err.message);
    /* a 21-band label does not match the 19-band table */
    cr_assert_eq(tdm_stdpop_match(sp, "1-4", 3, &band, &err), TDM_ENOTFOUND);
    tdm_stdpop_free(sp);
    cr_assert_eq(tdm_stdpop_esp2013(&sp, 21), TDM_OK);
    cr_assert_eq(tdm_stdpop_match(sp, "0-4", 3, &band, &err), TDM_ENOTFOUND);
    cr_assert_eq(tdm_stdpop_match(sp, "Under 1", 7, &band, &err), TDM_OK);
    cr_assert_eq(band, 0);
    tdm_stdpop_free(sp);
}

Test(ci_standardised, stdpop_from_table)
{
    tdm_csv_field l[3] = { { "young", 5, 0 }, { "old", 3, 0 }, { "Young", 5, 0 } };
    double w[3] = { 60, 40, 1 };
    tdm_stdpop *sp = NULL;
    tdm_error err;
    size_t b;
    cr_assert_eq(tdm_stdpop_new(&sp, "mine", l, w, 3, &err), TDM_EINVAL); /* duplicate */
    cr_assert_eq(tdm_stdpop_new(&sp, "mine", l, w, 2, &err), TDM_OK);
    cr_assert_eq(tdm_stdpop_match(sp, "OLD", 3, &b, &err), TDM_OK);
    cr_assert_eq(b, 1);
    cr_assert_str_eq(tdm_stdpop_name(sp), "mine");
    tdm_stdpop_free(sp);
    w[0] = -1;
    cr_assert_eq(tdm_stdpop_new(&sp, "mine", l, w, 2, &err), TDM_EDOMAIN);
    cr_assert_eq(err.line, 1);
}

Test(ci_standardised, isr_workbook)
{
    /* SPEC: isr.expected, isr.interval - testresults_ISR: testdata_big, testdata_tiny */
    ref_table t;
    double x[19], n[19], xr[19], nr[19];
    size_t k = 0;
    tdm_isr_result r;
    tdm_interval a;
    double v;
    int m;
    ref_load(&t, "indicators/isr_input.csv");
    for (size_t i = 0; i < t.n_rows; i++) {
        if (strcmp(t.cells[i][0], "testdata_tiny") == 0) {
            x[k] = ref_num(&t, i, ref_col(&t, "numerator"));
            n[k] = ref_num(&t, i, ref_col(&t, "denominator"));
            xr[k] = ref_num(&t, i, ref_col(&t, "ref_numerator"));
            nr[k] = ref_num(&t, i, ref_col(&t, "ref_denominator"));
            k++;
        }
    }
    ref_free(&t);
    cr_assert_eq(k, 19);
    cr_assert_eq(tdm_isr_compute(x, n, xr, nr, k, NAN, 1e5, &r, NULL), TDM_OK);
    cr_assert_eq(r.observed, 9.0);
    cr_assert(REL(r.expected, 835.88356123117433, 1e-12));
    cr_assert(REL(r.ref_rate, 9349.8830922110192, 1e-12));
    cr_assert_eq(tdm_isr_interval(&r, 1.0, &l95, &v, &a, &m, NULL), TDM_OK);
    cr_assert_eq(m, TDM_CI_METHOD_EXACT);
    cr_assert(REL(v, 0.010767049882813684, 1e-12));
    cr_assert(REL(a.lower, 0.0049233808250957762, 1e-12));
    cr_assert(REL(a.upper, 0.02043921455549973, 1e-12));
    cr_assert_eq(tdm_isr_interval(&r, r.ref_rate, &l998, &v, &a, &m, NULL), TDM_OK);
    cr_assert(REL(v, 100.6706576523123, 1e-12));
    cr_assert(REL(a.lower, 27.431908625542341, 1e-12));
    cr_assert(REL(a.upper, 253.43696352192359, 1e-12));
    /* an observed total given separately replaces the sum */
    cr_assert_eq(tdm_isr_compute(NULL, n, xr, nr, k, 12, 1e5, &r, NULL), TDM_OK);
    cr_assert_eq(r.observed, 12.0);
}
