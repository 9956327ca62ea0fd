/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * svg_icons.c - the Making Data Count icons, drawn by tandem in the MDC
 * visual language (not copied from any image): a ringed circle in the
 * icon's colour holding a small run chart (variation) or a letter over a
 * target bar (assurance). Colour is never the only cue: variation icons
 * carry H or L and a rising or falling run, assurance icons carry P, F or ?,
 * and every use has a text label.
 *
 * Colours (NHSRplotthedots, which follows MDC): common cause #a6a6a6,
 * improvement #00b0f0, concern #e46c0a, neutral #490092, target #de1b1b.
 * Symbols are emitted once per page (rpt_svg_icon_defs) and referenced with
 * <use>, so a pack of many metrics stays small.
 */
#include "rpt_internal.h"

#define C_COMMON  "#a6a6a6"
#define C_IMPROVE "#00b0f0"
#define C_CONCERN "#e46c0a"
#define C_NEUTRAL "#490092"
#define C_TARGET  "#de1b1b"

/* Run chart inside a variation icon: x from 9 to 31 in 7 steps. `shape`:
 * 0 common cause (wobble around the middle), +1 rising, -1 falling. */
static void mini_run(rpt_buf *b, int shape, const char *colour)
{
    static const int flat[7] = { 21, 18, 22, 19, 22, 18, 21 };
    static const int rise[7] = { 27, 25, 27, 25, 22, 19, 16 };
    int y[7];
    for (int i = 0; i < 7; i++) {
        y[i] = shape == 0 ? flat[i] : shape > 0 ? rise[i] : 40 - rise[i];
    }
    rpt_buf_puts(b,
                 "<polyline fill=\"none\" stroke=\"" C_COMMON "\" stroke-width=\"1.5\" points=\"");
    for (int i = 0; i < 7; i++) {
        rpt_buf_int(b, 9 + i * 11 / 3);
        rpt_buf_puts(b, ",");
        rpt_buf_int(b, y[i]);
        rpt_buf_puts(b, i < 6 ? " " : "\"/>");
    }
    for (int i = 0; i < 7; i++) {
        /* The last three points take the icon's colour when special. */
        const char *c = shape != 0 && i >= 4 ? colour : C_COMMON;
        rpt_buf_puts(b, "<circle r=\"2.2\" cx=\"");
        rpt_buf_int(b, 9 + i * 11 / 3);
        rpt_buf_puts(b, "\" cy=\"");
        rpt_buf_int(b, y[i]);
        rpt_buf_puts(b, "\" fill=\"");
        rpt_buf_puts(b, c);
        rpt_buf_puts(b, "\"/>");
    }
}

static void ring(rpt_buf *b, const char *colour)
{
    rpt_buf_puts(b, "<circle cx=\"20\" cy=\"20\" r=\"17.5\" fill=\"#fff\" stroke=\"");
    rpt_buf_puts(b, colour);
    rpt_buf_puts(b, "\" stroke-width=\"3\"/>");
}

static void letter(rpt_buf *b, const char *text, const char *colour, int y, int size)
{
    rpt_buf_puts(b, "<text x=\"20\" y=\"");
    rpt_buf_int(b, y);
    rpt_buf_puts(b, "\" text-anchor=\"middle\" font-family=\"Arial,Helvetica,sans-serif\" "
                    "font-weight=\"bold\" font-size=\"");
    rpt_buf_int(b, size);
    rpt_buf_puts(b, "\" fill=\"");
    rpt_buf_puts(b, colour);
    rpt_buf_puts(b, "\">");
    rpt_buf_puts(b, text);
    rpt_buf_puts(b, "</text>");
}

static void variation_symbol(rpt_buf *b, int variation)
{
    const char *colour = C_COMMON;
    int shape = 0;
    switch (variation) {
    case TDM_SPC_VARIATION_IMPROVEMENT_HIGH:
    case TDM_SPC_VARIATION_IMPROVEMENT_LOW:
        colour = C_IMPROVE;
        break;
    case TDM_SPC_VARIATION_CONCERN_HIGH:
    case TDM_SPC_VARIATION_CONCERN_LOW:
        colour = C_CONCERN;
        break;
    case TDM_SPC_VARIATION_NEUTRAL_HIGH:
    case TDM_SPC_VARIATION_NEUTRAL_LOW:
        colour = C_NEUTRAL;
        break;
    default:
        break;
    }
    if (variation == TDM_SPC_VARIATION_IMPROVEMENT_HIGH ||
        variation == TDM_SPC_VARIATION_CONCERN_HIGH ||
        variation == TDM_SPC_VARIATION_NEUTRAL_HIGH) {
        shape = 1;
    } else if (variation != TDM_SPC_VARIATION_COMMON_CAUSE) {
        shape = -1;
    }
    rpt_buf_puts(b, "<symbol id=\"tdm-v-");
    rpt_buf_puts(b, tdm_spc_variation_name(variation));
    rpt_buf_puts(b, "\" viewBox=\"0 0 40 40\">");
    ring(b, colour);
    mini_run(b, shape, colour);
    if (shape > 0) {
        letter(b, "H", colour, 14, 10);
    } else if (shape < 0) {
        letter(b, "L", colour, 34, 10);
    }
    rpt_buf_puts(b, "</symbol>\n");
}

static void assurance_symbol(rpt_buf *b, int assurance)
{
    const char *colour = assurance == TDM_SPC_ASSURANCE_PASS   ? C_IMPROVE
                         : assurance == TDM_SPC_ASSURANCE_FAIL ? C_CONCERN
                                                               : C_COMMON;
    const char *text = assurance == TDM_SPC_ASSURANCE_PASS   ? "P"
                       : assurance == TDM_SPC_ASSURANCE_FAIL ? "F"
                                                             : "?";
    rpt_buf_puts(b, "<symbol id=\"tdm-a-");
    rpt_buf_puts(b, tdm_spc_assurance_name(assurance));
    rpt_buf_puts(b, "\" viewBox=\"0 0 40 40\">");
    ring(b, colour);
    letter(b, text, colour, 25, 17);
    /* The target: a bar under the letter. */
    rpt_buf_puts(b, "<path d=\"M11 30.5H29\" stroke=\"" C_TARGET "\" stroke-width=\"2.2\"/>");
    rpt_buf_puts(b, "</symbol>\n");
}

void rpt_svg_icon_defs(rpt_buf *b)
{
    rpt_buf_puts(b, "<svg class=\"defs\" width=\"0\" height=\"0\" aria-hidden=\"true\" "
                    "focusable=\"false\"><defs>\n");
    for (int v = TDM_SPC_VARIATION_COMMON_CAUSE; v <= TDM_SPC_VARIATION_NEUTRAL_LOW; v++) {
        variation_symbol(b, v);
    }
    for (int a = TDM_SPC_ASSURANCE_PASS; a <= TDM_SPC_ASSURANCE_INCONSISTENT; a++) {
        assurance_symbol(b, a);
    }
    rpt_buf_puts(b, "</defs></svg>\n");
}

static void use_icon(rpt_buf *b, const char *kind, const char *name, const char *label, int px)
{
    rpt_buf_puts(b, "<svg class=\"icon\" width=\"");
    rpt_buf_int(b, px);
    rpt_buf_puts(b, "\" height=\"");
    rpt_buf_int(b, px);
    rpt_buf_puts(b, "\" viewBox=\"0 0 40 40\" role=\"img\" aria-label=\"");
    rpt_buf_esc(b, label);
    rpt_buf_puts(b, "\"><title>");
    rpt_buf_esc(b, label);
    rpt_buf_puts(b, "</title><use href=\"#tdm-");
    rpt_buf_puts(b, kind);
    rpt_buf_puts(b, "-");
    rpt_buf_puts(b, name);
    rpt_buf_puts(b, "\"/></svg>");
}

void rpt_svg_variation_icon(rpt_buf *b, int variation, int px)
{
    char label[64] = "Variation: ";
    if (variation < TDM_SPC_VARIATION_COMMON_CAUSE || variation > TDM_SPC_VARIATION_NEUTRAL_LOW) {
        rpt_buf_puts(b, "<span class=\"noicon\">No data</span>");
        return;
    }
    {
        const char *t = rpt_variation_text(variation);
        size_t o = 11;
        for (size_t i = 0; t[i] != '\0' && o + 1 < sizeof label; i++) {
            label[o++] = t[i];
        }
        label[o] = '\0';
    }
    use_icon(b, "v", tdm_spc_variation_name(variation), label, px);
}

void rpt_svg_assurance_icon(rpt_buf *b, int assurance, int px)
{
    char label[64] = "Assurance: ";
    if (assurance < TDM_SPC_ASSURANCE_PASS || assurance > TDM_SPC_ASSURANCE_INCONSISTENT) {
        rpt_buf_puts(b, "<span class=\"noicon\">No assurance</span>");
        return;
    }
    {
        const char *t = rpt_assurance_text(assurance);
        size_t o = 11;
        for (size_t i = 0; t[i] != '\0' && o + 1 < sizeof label; i++) {
            label[o++] = t[i];
        }
        label[o] = '\0';
    }
    use_icon(b, "a", tdm_spc_assurance_name(assurance), label, px);
}
