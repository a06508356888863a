import PlanModel
import PlanAPI

/// The latest recorded figure per row and year, kept in the order of sequences: the in-memory
/// cache a store serves ``RecordingStore/currentActuals()`` from.
struct CurrentActuals {
    var actuals = RecordedActuals()
    /// The sequence of the recording behind each row and year's figure.
    var sequences: [String: UInt64] = [:]

    /// Takes `recording` unless a later one for its row and year is already in.
    mutating func apply(_ recording: Recording) {
        let key = "\(recording.year)|\(recording.rowID)"
        guard sequences[key].map({ $0 < recording.sequence }) ?? true else { return }
        sequences[key] = recording.sequence
        let figure: Figure? = recording.value == .blank ? nil : recording.value
        switch recording.year {
        case 2019: actuals.actual2019[recording.rowID] = figure
        case 2020: actuals.actual2020[recording.rowID] = figure
        default: break
        }
    }
}
