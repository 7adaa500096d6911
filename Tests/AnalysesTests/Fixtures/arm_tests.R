# Generates arm_tests.json: the demo trial's Student t test at week 12 (dextrose vs saline), the
# responders' chi-square test (30% improvement at week 12; R's prop.test), the standardized
# response mean of dextrose's change at week 12 (effectsize's cohens_d of the change, mu = 0), and
# the Kruskal-Wallis test across the three arms at each visit; for ArmComparisonTests and
# OutcomeDescriptivesTests.
# Run from the repository root: Rscript Tests/AnalysesTests/Fixtures/arm_tests.R
suppressPackageStartupMessages({ library(effectsize); library(jsonlite) })
fmt <- function(v) I(sprintf("%.17g", v))
d <- read.csv("Datasets/demo-trial/demo-trial-long.csv")
bl <- d[d$visit == 0, c("subject", "vas")]; names(bl)[2] <- "vas_bl"
d <- merge(d, bl, by = "subject")
w12 <- d[d$visit == 12 & d$arm %in% c("dextrose", "saline") & !is.na(d$vas), ]
t <- t.test(vas ~ factor(arm, levels = c("dextrose", "saline")), data = w12, var.equal = TRUE)
improved <- with(w12, (vas_bl - vas) / vas_bl >= 0.3)
responders <- tapply(improved, factor(w12$arm, levels = c("dextrose", "saline")), sum)
classified <- tapply(improved, factor(w12$arm, levels = c("dextrose", "saline")), length)
p <- suppressWarnings(prop.test(responders, classified))
change <- with(d[d$visit == 12 & d$arm == "dextrose" & !is.na(d$vas), ], vas - vas_bl)
srm <- cohens_d(change, mu = 0)
kruskal <- lapply(c(0, 4, 12), function(v) {
  k <- kruskal.test(vas ~ factor(arm), data = d[d$visit == v, ])
  list(visit = as.character(v), statistic = fmt(k$statistic), p = fmt(k$p.value))
})
out <- list(R = R.version.string, effectsize = as.character(packageVersion("effectsize")),
            student = list(statistic = fmt(t$statistic), df = fmt(t$parameter), p = fmt(t$p.value), lower = fmt(t$conf.int[1]),
                           upper = fmt(t$conf.int[2])),
            responders = list(responders = I(as.integer(responders)), classified = I(as.integer(classified)),
                              statistic = fmt(p$statistic), p = fmt(p$p.value)),
            srm = list(n = length(change), estimate = fmt(srm$Cohens_d), lower = fmt(srm$CI_low), upper = fmt(srm$CI_high)),
            kruskal = kruskal)
writeLines(toJSON(out, auto_unbox = TRUE, pretty = TRUE), "Tests/AnalysesTests/Fixtures/arm_tests.json")
