/// The longest texts a recording (`RecordActualRequest`) may carry, in characters (Unicode code points): the HTTP
/// front refuses longer ones with a 400 naming the field, and plan-metrics with
/// INVALID_ARGUMENT naming it, whoever calls it.
public enum RecordingLimits {
    /// `row_id`: 64 characters (`20.3.r4`).
    public static let rowID = 64
    /// `reported_by`: 256 characters.
    public static let reportedBy = 256
    /// `source_note`: 2,048 characters.
    public static let sourceNote = 2048
    /// `request_id`: 128 characters (as `X-Request-Id`).
    public static let requestID = 128

    /// Every limited field by its snake_case name.
    public static let byField: [(field: String, limit: Int)] = [
        ("row_id", rowID), ("reported_by", reportedBy), ("source_note", sourceNote), ("request_id", requestID),
    ]
}
