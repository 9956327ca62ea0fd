/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * mdc_icons.c - the Making Data Count variation and assurance icons and the
 * text names of labels, point types and icons (NHSRplotthedots 0.2.2:
 * ptd_calculate_assurance_type.R, geom_ptd_icon.R).
 */
#include "spc_internal.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* SPEC: spc.icon.variation - from the point type of the last observed point. */
int tdm__mdc_variation(int point_type, int improvement)
{
    switch (point_type) {
    case TDM_SPC_POINT_COMMON_CAUSE:
        return TDM_SPC_VARIATION_COMMON_CAUSE;
    case TDM_SPC_POINT_IMPROVEMENT:
        return improvement == TDM_IMPROVEMENT_INCREASE ? TDM_SPC_VARIATION_IMPROVEMENT_HIGH
                                                       : TDM_SPC_VARIATION_IMPROVEMENT_LOW;
    case TDM_SPC_POINT_CONCERN:
        return improvement == TDM_IMPROVEMENT_INCREASE ? TDM_SPC_VARIATION_CONCERN_LOW
                                                       : TDM_SPC_VARIATION_CONCERN_HIGH;
    case TDM_SPC_POINT_NEUTRAL_HIGH:
        return TDM_SPC_VARIATION_NEUTRAL_HIGH;
    case TDM_SPC_POINT_NEUTRAL_LOW:
        return TDM_SPC_VARIATION_NEUTRAL_LOW;
    default:
        return TDM_SPC_VARIATION_NONE;
    }
}

/* SPEC: spc.icon.assurance - target against the last phase's process limits.
 * No target, a neutral direction or missing limits give no icon (the
 * reference's "inconsistent" for a series without a target is a quirk we do
 * not copy). A target exactly on a limit is "inconsistent". */
int tdm__mdc_assurance(double target, int improvement, double lpl, double upl)
{
    if (isnan(target) || improvement == TDM_IMPROVEMENT_NEUTRAL || isnan(lpl) || isnan(upl)) {
        return TDM_SPC_ASSURANCE_NONE;
    }
    if (target > upl) {
        return improvement == TDM_IMPROVEMENT_INCREASE ? TDM_SPC_ASSURANCE_FAIL
                                                       : TDM_SPC_ASSURANCE_PASS;
    }
    if (target < lpl) {
        return improvement == TDM_IMPROVEMENT_INCREASE ? TDM_SPC_ASSURANCE_PASS
                                                       : TDM_SPC_ASSURANCE_FAIL;
    }
    return TDM_SPC_ASSURANCE_INCONSISTENT;
}

const char *tdm_spc_label_text(int label, const tdm_spc_options *opt, char *buf)
{
    size_t shift = opt != NULL ? opt->shift_length : 7;
    size_t trend = opt != NULL ? opt->trend_length : 7;
    const char *fixed = NULL;
    switch (label) {
    case TDM_SPC_LABEL_COMMON_CAUSE:
        fixed = "Common Cause";
        break;
    case TDM_SPC_LABEL_ABOVE_UPL:
        fixed = "Above UCL";
        break;
    case TDM_SPC_LABEL_BELOW_LPL:
        fixed = "Below LCL";
        break;
    case TDM_SPC_LABEL_TWO_IN_THREE_ABOVE:
        fixed = "2 in 3 Above CL";
        break;
    case TDM_SPC_LABEL_TWO_IN_THREE_BELOW:
        fixed = "2 in 3 Below CL";
        break;
    case TDM_SPC_LABEL_TREND_UP:
        (void)snprintf(buf, 32, "%zu Point Trend (Increasing)", trend);
        return buf;
    case TDM_SPC_LABEL_TREND_DOWN:
        (void)snprintf(buf, 32, "%zu Point Trend (Decreasing)", trend);
        return buf;
    case TDM_SPC_LABEL_SHIFT_ABOVE:
        (void)snprintf(buf, 32, "%zu Points Above CL", shift);
        return buf;
    case TDM_SPC_LABEL_SHIFT_BELOW:
        (void)snprintf(buf, 32, "%zu Points Below CL", shift);
        return buf;
    default:
        fixed = "";
        break;
    }
    (void)snprintf(buf, 32, "%s", fixed);
    return buf;
}

const char *tdm_spc_point_type_name(int point_type)
{
    static const char *const names[] = { "",
                                         "common_cause",
                                         "special_cause_improvement",
                                         "special_cause_concern",
                                         "special_cause_neutral_high",
                                         "special_cause_neutral_low" };
    if (point_type < 0 || point_type >= (int)(sizeof names / sizeof *names)) {
        return "";
    }
    return names[point_type];
}

const char *tdm_spc_variation_name(int variation)
{
    static const char *const names[] = { "",
                                         "common_cause",
                                         "improvement_high",
                                         "improvement_low",
                                         "concern_high",
                                         "concern_low",
                                         "neutral_high",
                                         "neutral_low" };
    if (variation < 0 || variation >= (int)(sizeof names / sizeof *names)) {
        return "";
    }
    return names[variation];
}

const char *tdm_spc_assurance_name(int assurance)
{
    static const char *const names[] = { "", "pass", "fail", "inconsistent" };
    if (assurance < 0 || assurance >= (int)(sizeof names / sizeof *names)) {
        return "";
    }
    return names[assurance];
}

const char *tdm_spc_assurance_type_name(int assurance)
{
    static const char *const names[] = { "", "consistent_pass", "consistent_fail", "inconsistent" };
    if (assurance < 0 || assurance >= (int)(sizeof names / sizeof *names)) {
        return "";
    }
    return names[assurance];
}

static int word_is(const char *s, size_t len, const char *w)
{
    size_t n = strlen(w);
    if (len != n) {
        return 0;
    }
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c >= 'A' && c <= 'Z') {
            c = (char)(c - 'A' + 'a');
        }
        if (c != w[i]) {
            return 0;
        }
    }
    return 1;
}

int tdm_improvement_parse(const char *s, size_t len, int *out)
{
    while (len > 0 && (*s == ' ' || *s == '\t')) {
        s++;
        len--;
    }
    while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t')) {
        len--;
    }
    if (word_is(s, len, "increase") || word_is(s, len, "higher") || word_is(s, len, "up")) {
        *out = TDM_IMPROVEMENT_INCREASE;
    } else if (word_is(s, len, "decrease") || word_is(s, len, "lower") || word_is(s, len, "down")) {
        *out = TDM_IMPROVEMENT_DECREASE;
    } else if (word_is(s, len, "neutral")) {
        *out = TDM_IMPROVEMENT_NEUTRAL;
    } else {
        return TDM_EPARSE;
    }
    return TDM_OK;
}

const char *tdm_improvement_name(int improvement)
{
    return improvement > 0 ? "increase" : improvement < 0 ? "decrease" : "neutral";
}
