# A simulated 3-arm trial for the MMRM tests: perineural 5% dextrose, saline and
# triamcinolone; pain VAS (0-10) at baseline and at weeks 2, 4, 8 and 12; an unstructured
# covariance between the post-baseline visits (SDs growing with time, correlations falling
# with distance); dropout that depends on the last observed score (missing at random).
# Run from the repository root: Rscript Datasets/simulated-mmrm/make_mmrm_trial.R
set.seed(20261122)
arms <- c("dextrose", "saline", "triamcinolone")
weeks <- c(2, 4, 8, 12)
per_arm <- 40
sds <- c(1.0, 1.15, 1.3, 1.45)
correlation <- outer(1:4, 1:4, function(i, j) 0.75^abs(i - j) + 0.1 * (i != j))
diag(correlation) <- 1
covariance <- diag(sds) %*% correlation %*% diag(sds)
root <- chol(covariance)
effect <- list(dextrose = c(-1.0, -1.6, -2.2, -2.6), saline = c(-0.6, -0.8, -1.0, -1.1),
               triamcinolone = c(-1.6, -1.8, -1.6, -1.3))
rows <- list()
id <- 0
for (arm in arms) {
  for (i in seq_len(per_arm)) {
    id <- id + 1
    baseline <- round(min(max(rnorm(1, 6.8, 1.0), 2), 10), 1)
    y <- 0.6 * (baseline - 6.8) + 6.8 + effect[[arm]] + drop(rnorm(4) %*% root)
    observed <- rep(TRUE, 4)
    for (v in 2:4) {
      # Subjects with more pain at the previous visit drop out more often (MAR).
      if (!observed[v - 1] || runif(1) < plogis(-3.2 + 0.35 * (y[v - 1] - 5))) observed[v:4] <- FALSE
    }
    for (v in seq_len(4)) if (observed[v]) {
      rows[[length(rows) + 1]] <- data.frame(subject = sprintf("P%03d", id), arm = arm, vas_bl = baseline,
                                             visit = sprintf("week%02d", weeks[v]), week = weeks[v], vas = round(y[v], 2))
    }
  }
}
trial <- do.call(rbind, rows)
# Two intermittent missed visits (the subject came back later).
trial <- trial[-c(15, 200), ]
# Weights for the weighted-MMRM tests (no random draws, so the values above are unchanged): a
# row's weight varies between subjects and between visits, from 0.5 to 2.
id_number <- as.integer(sub("P", "", trial$subject))
trial$weight <- round(0.5 + ((id_number * 7 + trial$week * 3) %% 10) / 6, 3)
write.csv(trial, "Datasets/simulated-mmrm/mmrm-trial.csv", row.names = FALSE, quote = FALSE)
cat(nrow(trial), "rows,", length(unique(trial$subject)), "subjects\n")
print(table(trial$arm, trial$visit))
