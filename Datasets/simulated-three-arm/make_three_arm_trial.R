# A simulated 3-arm trial for the mixed-model tests: perineural 5% dextrose, saline and
# triamcinolone, pain VAS (0-10 cm) at weeks 0, 2, 4, 8 and 12, a random intercept and slope
# per subject, monotone dropout and a few intermittent missing visits.
# Run from the repository root: Rscript Datasets/simulated-three-arm/make_three_arm_trial.R
# (R >= 3.6 sampling; the CSV is committed, so the tests never need R.)
set.seed(20261121)
arms <- c("dextrose", "saline", "triamcinolone")
per_arm <- 30
weeks <- c(0, 2, 4, 8, 12)
slope <- c(dextrose = -0.26, saline = -0.09, triamcinolone = -0.17)
rows <- list()
id <- 0
for (arm in arms) {
  for (i in seq_len(per_arm)) {
    id <- id + 1
    # Subject intercept and slope: SDs 1.1 and 0.07, correlation -0.3.
    z <- rnorm(2)
    b0 <- 1.1 * z[1]
    b1 <- 0.07 * (-0.3 * z[1] + sqrt(1 - 0.09) * z[2])
    last <- length(weeks)
    for (v in 2:length(weeks)) if (runif(1) < 0.05) { last <- v - 1; break }
    for (v in seq_len(last)) {
      vas <- 6.6 + b0 + (slope[[arm]] + b1) * weeks[v] + rnorm(1, sd = 0.8)
      rows[[length(rows) + 1]] <- data.frame(subject = sprintf("S%03d", id), arm = arm, week = weeks[v],
                                             vas = round(vas, 1))
    }
  }
}
trial <- do.call(rbind, rows)
# Three intermittent missing pain scores (the visit happened, the VAS was not recorded).
trial$vas[c(17, 140, 301)] <- NA
write.csv(trial, "Datasets/simulated-three-arm/three-arm-trial.csv", row.names = FALSE, quote = FALSE, na = "NA")
cat(nrow(trial), "rows,", length(unique(trial$subject)), "subjects\n")
print(table(trial$arm, trial$week))
