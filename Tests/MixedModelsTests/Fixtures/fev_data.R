# Writes fev_data.csv: the mmrm package's simulated FEV1 trial (200 subjects, visits VIS1-VIS4,
# arms PBO and TRT), the data of mmrm's tests and of the SAS PROC MIXED listings in mmrm's
# design/ddfm_covtype folder. mmrm (Apache-2.0, https://github.com/openpharma/mmrm) is the source;
# the data are copied here at full precision so that tests need no R.
# Run from the repository root, with mmrm installed from its public source (v0.3.14):
#   Rscript Tests/MixedModelsTests/Fixtures/fev_data.R
data(fev_data, package = "mmrm")
d <- fev_data
numeric <- vapply(d, is.numeric, logical(1))
d[numeric] <- lapply(d[numeric], function(x) ifelse(is.na(x), "", sprintf("%.17g", x)))
write.csv(d, "Tests/MixedModelsTests/Fixtures/fev_data.csv", row.names = FALSE, quote = FALSE)
