# SPDX-License-Identifier: GPL-3.0-or-later
# Reference for tests/ref/sii/r_draws_*.csv: phe_sii's simulation
# (PHEindicatormethods 2.1.0 SimulationFunc) transcribed line for line into
# base R, run under R's own RNG, so that tandem's intervals can be checked
# against R's draws exactly, not only to the package tests' 5%. Two areas are
# simulated one after the other from one stream seeded with set.seed(5), as
# phe_sii does for a grouped data frame. Documentation: not run in CI.
# Also the package's NCMP example (prevalence_data: child obesity by decile,
# 24 areas = Period x SchoolYear) with its Wilson limits, for the counts path.
#   Rscript scripts/gen-ref-sii.R tests/ref/sii/sii_testdata.csv tests/ref/sii
args <- commandArgs(TRUE)
d <- read.csv(args[1])
out <- args[2]

sii_case <- function(rows, value_type, transform, multiplier, conf, reps, use_cl) {
  set.seed(5)
  res <- NULL
  x <- d[d$RecordNo %in% rows, ]
  for (area in sort(unique(x$Area))) {
    a <- x[x$Area == area, ]
    a <- a[order(a$Quantile), ]
    link <- function(v) if (value_type == 1) log(v) else if (value_type == 2) log(v / (1 - v)) else v
    unlink <- function(v) if (value_type == 1) exp(v) else if (value_type == 2) exp(v) / (1 + exp(v)) else v
    value <- link(a$Value)
    se <- if (use_cl) (link(a$UpperCL) - link(a$LowerCL)) / qnorm(0.975) / 2 else a$StandardError
    pa <- a$Population / sum(a$Population)
    b <- cumsum(pa) - pa / 2
    sqrt_a <- sqrt(pa); b_sqrt_a <- b * sqrt_a
    y <- if (transform) value else unlink(value)
    fit <- lm(I(sqrt_a * y) ~ sqrt_a + b_sqrt_a - 1)
    b0 <- unname(coef(fit)[1]); b1 <- unname(coef(fit)[2])
    yv <- matrix(rnorm(reps * length(value), value, se), ncol = reps)
    if (!transform) yv <- unlink(yv)
    m <- rbind(sqrt_a, b_sqrt_a)
    invm_m <- solve(m %*% t(m)) %*% m
    temp <- apply(yv * sqrt_a, 2, function(v) invm_m %*% v)
    s <- temp[2, ]; r <- (temp[2, ] + temp[1, ]) / temp[1, ]
    if (!transform) { s <- s * multiplier; if (multiplier < 0) r <- 1 / r }
    s <- sort(s); r <- sort(r)
    cv <- conf + (1 - conf) / 2
    lo <- round(reps * (1 - cv)); hi <- round(reps * cv)
    if (!transform) {
      row <- c(s[lo], s[hi], r[lo], r[hi])
    } else {
      h <- (b0 + (b0 + b1)) / 2
      l0 <- unlink(h - s[lo] / 2); l1 <- unlink(h + s[lo] / 2)
      u0 <- unlink(h - s[hi] / 2); u1 <- unlink(h + s[hi] / 2)
      row <- if (multiplier < 0) c((u1 - u0) * multiplier, (l1 - l0) * multiplier, 1 / (u1 / u0), 1 / (l1 / l0))
             else c((l1 - l0) * multiplier, (u1 - u0) * multiplier, l1 / l0, u1 / u0)
    }
    res <- rbind(res, data.frame(Area = area, sii_lower = row[1], sii_upper = row[2],
                                 rii_lower = row[3], rii_upper = row[4]))
  }
  res
}

# phe_sii(group_by(prevalence_data, Period, SchoolYear), Decile, Measured, x = Count,
# value_type = 2, lower_cl = LCL/100, upper_cl = UCL/100, multiplier = 100, rii = TRUE)
# with set.seed(5) and 10,000 repetitions, transcribed as above.
ncmp <- function(path, reps) {
  p <- read.csv(path)
  p <- p[order(p$Period, p$SchoolYear, p$Decile), ]
  set.seed(5)
  res <- NULL
  for (g in unique(paste(p$Period, p$SchoolYear))) {
    a <- p[paste(p$Period, p$SchoolYear) == g, ]
    logit <- function(v) log(v / (1 - v))
    expit <- function(v) exp(v) / (1 + exp(v))
    y <- a$Count / a$Measured
    value <- logit(y)
    se <- (logit(a$UCL / 100) - logit(a$LCL / 100)) / qnorm(0.975) / 2
    pa <- a$Measured / sum(a$Measured)
    sqrt_a <- sqrt(pa); b_sqrt_a <- (cumsum(pa) - pa / 2) * sqrt_a
    fit <- lm(I(sqrt_a * expit(value)) ~ sqrt_a + b_sqrt_a - 1)
    b0 <- unname(coef(fit)[1]); b1 <- unname(coef(fit)[2])
    yv <- expit(matrix(rnorm(reps * 10, value, se), ncol = reps))
    m <- rbind(sqrt_a, b_sqrt_a)
    temp <- apply(yv * sqrt_a, 2, function(v) (solve(m %*% t(m)) %*% m) %*% v)
    s <- sort(temp[2, ] * 100); r <- sort((temp[2, ] + temp[1, ]) / temp[1, ])
    res <- rbind(res, data.frame(Period = a$Period[1], SchoolYear = a$SchoolYear[1],
                                 sii = b1 * 100, rii = (b0 + b1) / b0,
                                 sii_lower = s[round(reps * 0.025)], sii_upper = s[round(reps * 0.975)],
                                 rii_lower = r[round(reps * 0.025)], rii_upper = r[round(reps * 0.975)]))
  }
  res
}

w <- function(df, f) {
  for (k in 2:ncol(df)) df[[k]] <- sprintf("%.17g", df[[k]])
  write.csv(df, file.path(out, f), row.names = FALSE, quote = FALSE)
}
w(sii_case(1:20, 0, FALSE, 1, 0.95, 10000, FALSE), "r_draws_normal_se.csv")
w(sii_case(131:150, 2, FALSE, -100, 0.95, 10000, TRUE), "r_draws_prop_m_neg100.csv")
w(sii_case(306:325, 1, TRUE, 1, 0.98, 10000, TRUE), "r_draws_rate_log_98.csv")
n <- ncmp(file.path(out, "sii_prevalence_data.csv"), 10000)
for (k in 3:ncol(n)) n[[k]] <- sprintf("%.17g", n[[k]])
write.csv(n, file.path(out, "r_draws_ncmp_counts.csv"), row.names = FALSE, quote = FALSE)
