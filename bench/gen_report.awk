# SPDX-License-Identifier: GPL-3.0-or-later
# Synthetic board pack for bench/report.sh: `metrics` metrics x `points` monthly
# points from January 2020, written as DIR/metrics.csv and DIR/data.csv.
# Deterministic in any awk (Park-Miller minimal standard generator, exact in
# doubles), so every run benchmarks the same bytes. A mix of directions,
# targets, percent and count metrics, shifts and trends so that every icon,
# point type, phase and special-cause rule is exercised.
# usage: awk -v metrics=200 -v points=60 -v dir=DIR -f gen_report.awk
function rnd() { seed = (seed * 16807) % 2147483647; return seed / 2147483647 }
function norm(   s, i) { s = 0; for (i = 0; i < 12; i++) s += rnd(); return s - 6 }
BEGIN {
    seed = 20250930
    m_file = dir "/metrics.csv"
    d_file = dir "/data.csv"
    print "id,title,domain,improvement,target,unit,format,decimals,rebase,chart,notes" > m_file
    print "metric,date,value" > d_file
    split("Urgent care,Planned care,Mental health,Community,Workforce,Finance,Quality", domains, ",")
    split("increase,decrease,neutral", dirs, ",")
    for (k = 1; k <= metrics; k++) {
        id = sprintf("m%03d", k)
        dir_k = dirs[1 + k % 3]
        pct = (k % 4 == 0)
        base = pct ? 0.6 + 0.3 * rnd() : 50 + 950 * rnd()
        sd = pct ? 0.02 + 0.02 * rnd() : base * (0.03 + 0.05 * rnd())
        shift_at = (k % 5 == 0) ? int(points * (0.5 + 0.4 * rnd())) : points + 1
        shift = (rnd() < 0.5 ? -1 : 1) * 3 * sd
        trend = (k % 7 == 0) ? sd * 0.25 : 0
        target = ""
        if (dir_k != "neutral" && k % 3 != 0)
            target = sprintf("%.4g", base + (rnd() - 0.5) * 6 * sd)
        rebase = (k % 11 == 0) ? sprintf("%04d-%02d-01", 2020 + int(points / 2 / 12), 1 + int(points / 2) % 12) : ""
        note = (k % 9 == 0) ? "\"Synthetic note for metric " k ", with a comma.\"" : ""
        printf "%s,Synthetic metric %d,%s,%s,%s,%s,%s,,%s,xmr,%s\n", id, k, domains[1 + k % 7], dir_k, target, pct ? "" : "cases", pct ? "percent" : "number", rebase, note > m_file
        for (i = 0; i < points; i++) {
            v = base + sd * norm() + (i >= shift_at ? shift : 0) + trend * i
            if (pct) { if (v < 0) v = 0; if (v > 1) v = 1 }
            date = sprintf("%04d-%02d-01", 2020 + int(i / 12), 1 + i % 12)
            if (k % 13 == 0 && i == 17) printf "%s,%s,\n", id, date > d_file
            else printf "%s,%s,%.6g\n", id, date, v > d_file
        }
    }
}
