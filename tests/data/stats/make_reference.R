# Reference values for tests/test_stats_reference.py, computed by R packages:
#   psych::alpha (Cronbach's alpha, r.drop, alpha if deleted), multilevel::rwg.j and ad.m,
#   multilevel::ICC1 / ICC2 of aov(score ~ agency), cor(method = "spearman"), quantile(type = 7).
# Run from the repository root:  Rscript tests/data/stats/make_reference.R
# Reads the CSV files beside this script (written by make_datasets.py) and writes reference.json.
suppressPackageStartupMessages({
  library(psych)
  library(multilevel)
  library(jsonlite)
})

here <- "tests/data/stats"
datasets <- c("balanced", "unbalanced", "edge")
num <- function(x) if (length(x) == 0 || is.null(x) || !is.finite(x)) NA else unname(x)
nums <- function(x) vapply(unname(x), function(v) if (is.finite(v)) v else NA_real_, numeric(1))

factor_of <- function(items) sub("_[0-9]+$", "", items)

one_factor <- function(d, items) {
  x <- d[, items, drop = FALSE]
  complete <- na.omit(x)
  k <- length(items)
  # psych::alpha deletes items without variance before anything else: psych_items are the items it kept,
  # and r_drop / alpha_drop are over those. formula_alpha is k/(k-1) (1 - sum var / var sum) over all k.
  alpha_out <- list(n = nrow(complete), k = k, psych_items = items, raw_alpha = NA,
                    r_drop = rep(NA, k), alpha_drop = rep(NA, k), formula_alpha = NA)
  if (k >= 2 && nrow(complete) >= 2 && var(rowSums(complete)) > 0) {
    alpha_out$formula_alpha <- (k / (k - 1)) * (1 - sum(apply(complete, 2, var)) / var(rowSums(complete)))
    a <- suppressWarnings(suppressMessages(psych::alpha(complete, check.keys = FALSE, warnings = FALSE)))
    kept <- rownames(a$item.stats)
    alpha_out$psych_items <- I(kept)
    alpha_out$raw_alpha <- num(a$total$raw_alpha)
    alpha_out$r_drop <- nums(a$item.stats$r.drop)
    alpha_out$alpha_drop <- if (length(kept) >= 3) nums(a$alpha.drop$raw_alpha) else rep(NA, length(kept))
  }
  rw <- rwg.j(x, d$agency, ranvar = 2)
  ad <- ad.m(x, d$agency, type = "mean")
  rwg <- lapply(seq_len(nrow(rw)), function(i)
    list(group = as.character(rw$grpid[i]), rwg_j = num(rw$rwg.j[i]), gsize = rw$gsize[i]))
  adm <- lapply(seq_len(nrow(ad)), function(i)
    list(group = as.character(ad$grpid[i]), ad_m = num(ad$AD.M[i]), gsize = ad$gsize[i]))
  score <- rowMeans((as.matrix(x) - 1) * 25, na.rm = TRUE)  # NaN when no item is rated
  scored <- data.frame(score = score, agency = factor(d$agency))[is.finite(score), ]
  scored$agency <- droplevels(scored$agency)
  model <- aov(score ~ agency, data = scored)
  tab <- summary(model)[[1]]
  icc <- list(n = nrow(scored), groups = nlevels(scored$agency),
              icc1 = num(suppressWarnings(ICC1(model))), icc2 = num(suppressWarnings(ICC2(model))),
              msb = num(tab[1, 3]), msw = num(tab[2, 3]))
  probs <- c(0.05, 0.95, 0.5, 1 / 3)
  q <- list(probs = probs, values = unname(quantile(score[is.finite(score)], probs, type = 7)))
  list(items = items, alpha = alpha_out, rwg = rwg, ad = adm, icc = icc, quantile = q, score = nums(score))
}

out <- list(generated_by = "tests/data/stats/make_reference.R",
            r_version = R.version.string,
            psych = as.character(packageVersion("psych")),
            multilevel = as.character(packageVersion("multilevel")),
            datasets = list())
for (name in datasets) {
  d <- read.csv(file.path(here, paste0(name, ".csv")), stringsAsFactors = FALSE, na.strings = "")
  items <- setdiff(names(d), c("respondent", "agency"))
  factors <- unique(factor_of(items))
  per_factor <- list()
  scores <- list()
  for (f in factors) {
    res <- one_factor(d, items[factor_of(items) == f])
    per_factor[[f]] <- res
    scores[[f]] <- res$score
  }
  spear <- list()
  for (i in seq_along(factors)) for (j in seq_along(factors)) if (i < j) {
    a <- scores[[factors[i]]]; b <- scores[[factors[j]]]
    ok <- is.finite(a) & is.finite(b)
    rho <- if (sum(ok) >= 3) suppressWarnings(cor(a, b, method = "spearman", use = "complete.obs")) else NA
    spear[[length(spear) + 1]] <- list(x = factors[i], y = factors[j], n = sum(ok), rho = num(rho))
  }
  out$datasets[[name]] <- list(factors = per_factor, spearman = spear)
}
# percentiles of a fixed matrix of bootstrap draw means, per column over its non-missing values
rm <- read.csv(file.path(here, "resample_means.csv"), na.strings = "")
probs <- c(0.05, 0.95)
out$resample_means <- list(probs = probs, columns = lapply(names(rm), function(col)
  list(column = col, n = sum(!is.na(rm[[col]])), values = unname(quantile(rm[[col]], probs, type = 7, na.rm = TRUE)))))
writeLines(toJSON(out, auto_unbox = TRUE, digits = NA, na = "null", pretty = TRUE),
           file.path(here, "reference.json"))
cat("wrote", file.path(here, "reference.json"), "\n")
