import ArgumentParser
import LinearAlgebra
import LinearModels
import MixedModels
import Optimization

/// The exit codes of `trialstats`, from BSD's sysexits.h so that scripts can tell a bad
/// command line from bad data from a missing file from a bug.
enum ExitStatus: Int32 {
    case ok = 0
    /// The analysis failed although its input was sound: a fit could not be computed (a
    /// numerical or optimizer failure), or did not converge under `run --strict`.
    case analysisFailure = 1
    /// EX_USAGE: the command line was wrong (swift-argument-parser exits with this too).
    case usage = 64
    /// EX_DATAERR: the input data were malformed or failed validation.
    case dataError = 65
    /// EX_NOINPUT: an input file does not exist or cannot be read.
    case missingInput = 66
    /// EX_SOFTWARE: TrialStats itself failed; a self-check or an invariant broke.
    case internalError = 70
    /// EX_IOERR: a result could not be written (disk full, closed output).
    case outputError = 74

    var exitCode: ExitCode { ExitCode(rawValue) }

    /// A model's failure: numerical and optimizer failures are the analysis's (1); anything the
    /// data or the formula must change is a data error (65).
    static func of(modelError error: Error) -> ExitStatus {
        switch error {
        case MixedModelError.numerical, MixedModelError.optimization, LinearModelError.numerical: return .analysisFailure
        case is OptimizationError, is LinearAlgebraError: return .analysisFailure
        default: return .dataError
        }
    }
}
