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

# A second file for models with more structure: the same subjects in 6 sites (15 each, arms
# mixed), a site intercept and a site slope added to the pain score, visits grouped in blocks,
# and the triamcinolone arm's late visits removed, so that one arm × block cell is empty.
site_of <- function(subject) ((as.integer(sub("S", "", subject)) - 1) %% 6) + 1
sites <- trial
sites$site <- sprintf("site%d", site_of(sites$subject))
site_intercept <- rnorm(6, sd = 0.6)
site_slope <- rnorm(6, sd = 0.04)
index <- site_of(sites$subject)
sites$vas <- round(sites$vas + site_intercept[index] + site_slope[index] * sites$week, 1)
sites$visit_block <- ifelse(sites$week <= 2, "early", ifelse(sites$week <= 8, "middle", "late"))
sites <- sites[!(sites$arm == "triamcinolone" & sites$visit_block == "late"), ]
write.csv(sites, "Datasets/simulated-three-arm/three-arm-trial-sites.csv", row.names = FALSE, quote = FALSE, na = "NA")
cat(nrow(sites), "rows in the site file\n")
