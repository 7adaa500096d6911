import ArgumentParser
import TrialData

/// What kind of file DATA is, and the companion files a REDCap export or an ADaM dataset needs;
/// shared by every command that reads trial data.
struct InputFormatOptions: ParsableArguments {
    @Option(help: "What DATA is: csv (default), redcap or adam.")
    var inputFormat: InputFormat = .csv

    @Option(help: "REDCap: the project's data dictionary (CSV), for choice labels and validation ranges.")
    var dictionary: String?

    @Option(help: "ADaM: the ADSL dataset (CSV), merged on USUBJID.")
    var adsl: String?

    @Option(help: "ADaM: the PARAMCD to analyse (needed when the file has several).")
    var param: String?

    enum InputFormat: String, ExpressibleByArgument, CaseIterable {
        case csv, redcap, adam
    }

    func validate() throws {
        if dictionary != nil && inputFormat != .redcap { throw ValidationError("--dictionary goes with --input-format redcap") }
        if (adsl != nil || param != nil) && inputFormat != .adam { throw ValidationError("--adsl and --param go with --input-format adam") }
    }

    /// The REDCap export or ADaM dataset at `path` in the long form its adapter reads; nil for a
    /// plain CSV. A read error is reported and ends the command.
    func adapted(_ path: String, options: CSVOptions, roles: ColumnRoles) throws -> AdaptedInput? {
        guard inputFormat != .csv else { return nil }
        do {
            return inputFormat == .redcap
                ? try REDCapExport.read(path: path, dictionaryPath: dictionary, options: options, roles: roles)
                : try ADaMDataset.read(path: path, adslPath: adsl, parameter: param, options: options)
        } catch {
            throw CommandFailure(error.isMissingInput ? .missingInput : .dataError, "\(error)")
        }
    }

    /// Everything that decides how the file is adapted.
    var key: [String] {
        ["inputFormat=" + inputFormat.rawValue, "dictionary=" + (dictionary ?? ""), "adsl=" + (adsl ?? ""), "param=" + (param ?? "")]
    }

    /// How the file was read, for the report.
    func describe(_ records: Int) -> String { "\(inputFormat == .redcap ? "REDCap export" : "ADaM BDS"): \(records) records" }
}
