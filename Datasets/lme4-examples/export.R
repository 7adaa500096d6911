# Writes lme4's example data sets as CSV, for the mixed-model tests (R is not needed to run them).
# Run from the repository root: Rscript Datasets/lme4-examples/export.R
library(lme4)
out <- "Datasets/lme4-examples"
write_one <- function(data, name) {
  for (column in names(data)) if (is.factor(data[[column]])) data[[column]] <- as.character(data[[column]])
  write.csv(data, file.path(out, paste0(name, ".csv")), row.names = FALSE, quote = FALSE)
}
write_one(sleepstudy, "sleepstudy")
write_one(Dyestuff, "Dyestuff")
write_one(Dyestuff2, "Dyestuff2")
write_one(Penicillin, "Penicillin")
write_one(Pastes, "Pastes")
cat(sprintf("lme4 %s, %s\n", packageVersion("lme4"), R.version.string))
