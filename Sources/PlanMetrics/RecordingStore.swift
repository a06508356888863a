import Foundation
import GRPCCore
import PlanModel
import PlanAPI

/// Where recorded actuals are kept: an append-only log of recordings per row and year, the
/// document staying the read-only base layer beneath it.
///
/// A recording is made once per client request id: the same id again records nothing and
/// returns the first recording; the same id with a different request is INVALID_ARGUMENT
/// naming `request_id`. A later recording of the same row and year supersedes the
/// earlier one (its `previous`), and the history keeps both.
public protocol RecordingStore: Sendable {
    /// Records `request`; returns the recording and whether it was a replay of an earlier
    /// request id. INVALID_ARGUMENT naming the field for a request ``RecordingRules`` rejects.
    func record(_ request: RecordActualRequest) throws(RPCError) -> (recording: Recording, replayed: Bool)

    /// The recordings of row `rowID` (both years), oldest first.
    func history(rowID: String) throws(RPCError) -> [Recording]

    /// The recordings with a sequence greater than `sequence` (all rows), oldest first.
    func recordings(after sequence: UInt64) throws(RPCError) -> [Recording]

    /// The latest figure recorded for every row and year: what the metrics read.
    func currentActuals() -> RecordedActuals

    /// Where each new recording is published once committed, in sequence order.
    var feed: RecordingFeed { get }
}

extension Recording {
    /// Whether this recording is what `request` asks to record: the same row, year, value,
    /// reporter and note. A request id sent again must carry the same request.
    public func records(_ request: RecordActualRequest) -> Bool {
        rowID == request.rowID && year == request.year && value == request.value && reportedBy == request.reportedBy
            && sourceNote == request.sourceNote
    }
}

/// What a recording must be, checked against the rows of the document.
public struct RecordingRules: Sendable {
    /// The largest figure accepted. Deliverables count meetings, documents, pages, thousands of
    /// words or days; the document's largest printed figure is 400 000, so ten million (25
    /// times that) is taken as a typing error rather than an output.
    public static let maximumFigure = 10_000_000

    /// The years recordings are for: those the document plans but does not report.
    public static let years: Set<Int> = [2019, 2020]

    /// The document's rows by id.
    let table: FactTable

    public init(table: FactTable) {
        self.table = table
    }

    /// The fact of the row `request` records for. INVALID_ARGUMENT naming `request_id`,
    /// `row_id`, `year`, `value`, `reported_by` or `source_note` for a request that cannot be
    /// recorded anywhere (among others a text longer than ``RecordingLimits`` allows or holding
    /// a control character); then, for a well-formed request, NOT_FOUND naming `row_id` when
    /// the document has no such row (as GetFigures and RowHistory answer for it).
    public func check(_ request: RecordActualRequest) throws(RPCError) -> Fact {
        func invalid(_ message: String) -> RPCError { RPCError(code: .invalidArgument, message: message) }
        let texts = [
            "row_id": request.rowID, "reported_by": request.reportedBy, "source_note": request.sourceNote,
            "request_id": request.requestID,
        ]
        for (field, limit) in RecordingLimits.byField {
            let text = texts[field] ?? ""
            guard text.unicodeScalars.prefix(limit + 1).count <= limit else {
                throw invalid("\(field) is longer than its limit of \(limit) characters")
            }
            guard !text.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else {
                throw invalid("\(field) holds a control character; none is accepted")
            }
        }
        guard !request.requestID.isEmpty else { throw invalid("request_id must not be empty") }
        guard !request.rowID.isEmpty else { throw invalid("row_id must not be empty") }
        guard Self.years.contains(request.year) else {
            let reason =
                request.year == 2018 ? "the document already reports 2018" : "only 2019 and 2020 are recorded"
            throw invalid("year: \(request.year) cannot be recorded, \(reason)")
        }
        if case .number(let value) = request.value {
            guard value >= 0 else { throw invalid("value: \(value) is negative") }
            guard value <= Self.maximumFigure else {
                throw invalid("value: \(value) is above the largest accepted figure, \(Self.maximumFigure)")
            }
        }
        guard !request.reportedBy.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw invalid("reported_by must not be empty")
        }
        guard let fact = table.fact(rowID: request.rowID) else {
            throw RPCError(code: .notFound, message: "row_id: no row has id '\(request.rowID)'")
        }
        return fact
    }
}
