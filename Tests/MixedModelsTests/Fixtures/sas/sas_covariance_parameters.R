# Generates sas_covariance_parameters.json: the "Covariance Parameter Estimates" (with CL: Alpha,
# Lower, Upper) and "-2 Res Log Likelihood" of SAS PROC MIXED's listings in mmrm's public design
# folder (https://github.com/openpharma/mmrm, v0.3.14, design/ddfm_covtype/kr_*.txt: MODEL FEV1 =
# ARMCD / DDFM=KR(LINEAR); REPEATED AVISIT / TYPE=… on fev_data), copied as printed.
# Run from the repository root with mmrm's source checked out:
#   Rscript Tests/MixedModelsTests/Fixtures/sas/sas_covariance_parameters.R /path/to/mmrm
suppressPackageStartupMessages(library(jsonlite))
args <- commandArgs(trailingOnly = TRUE)
folder <- file.path(args[1], "design", "ddfm_covtype")
structures <- c(us = "kr_us", cs = "kr_cs", csh = "kr_csh", ar1 = "kr_ar1", ar1h = "kr_arh1", toep = "kr_toep",
                toeph = "kr_toeph", adh = "kr_adh", sp_exp = "kr_spexp")
cases <- lapply(names(structures), function(structure) {
  lines <- readLines(file.path(folder, paste0(structures[[structure]], ".txt")), warn = FALSE)
  start <- grep("Covariance Parameter Estimates", lines)[1]
  end <- grep("Fit Statistics", lines)[1]
  rows <- trimws(lines[(start + 1):(end - 1)])
  rows <- rows[grepl("0\\.05", rows)]
  parts <- strsplit(rows, "[[:space:]]+")
  # Name, [subject,] estimate, alpha, lower, upper: the last four are numbers.
  name <- sapply(parts, function(p) p[1])
  numbers <- t(sapply(parts, function(p) tail(p, 4)))
  criterion <- sub(".*Likelihood[[:space:]]+", "", lines[grep("-2 Res Log Likelihood", lines)[1]])
  list(structure = structure, listing = paste0("design/ddfm_covtype/", structures[[structure]], ".txt"),
       criterion = criterion, name = I(name), estimate = I(numbers[, 1]), lower = I(numbers[, 3]), upper = I(numbers[, 4]))
})
out <- list(generator = "Tests/MixedModelsTests/Fixtures/sas/sas_covariance_parameters.R", source = "mmrm v0.3.14", cases = cases)
writeLines(toJSON(out, auto_unbox = TRUE, pretty = TRUE), "Tests/MixedModelsTests/Fixtures/sas/sas_covariance_parameters.json")
