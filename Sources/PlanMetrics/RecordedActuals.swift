import PlanModel

/// The actual outputs recorded for 2019 and 2020: row id → the latest recorded figure.
///
/// A value the caller hands in; keeping and changing it (storage, recording) is not this
/// module's business yet. A row with nothing recorded is blank.
public struct RecordedActuals: Hashable, Sendable {
    /// Actual 2019 per row id.
    public var actual2019: [String: Figure]
    /// Actual 2020 per row id.
    public var actual2020: [String: Figure]

    public init(actual2019: [String: Figure] = [:], actual2020: [String: Figure] = [:]) {
        self.actual2019 = actual2019
        self.actual2020 = actual2020
    }

    /// The actual recorded for row `rowID` in `year` (2019 or 2020); blank if none is.
    public func figure(rowID: String, year: Int) -> Figure {
        switch year {
        case 2019: actual2019[rowID] ?? .blank
        case 2020: actual2020[rowID] ?? .blank
        default: .blank
        }
    }
}
