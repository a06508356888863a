import GRPCCore
import PlanModel
import PlanAPI

extension MetricsService {
    /// The figures of a table's rows or of one row, in document order, each figure kept as a
    /// number, a dash or a blank; NOT_FOUND naming the id if there is no such table or row.
    public func getFigures(_ request: GetFiguresRequest) throws(RPCError) -> GetFiguresResponse {
        let actuals = self.actuals
        switch request.target {
        case .tableID(let id):
            guard let facts = table.facts(tableID: id) else {
                throw RPCError(code: .notFound, message: "no table has id '\(id)'")
            }
            return GetFiguresResponse(rows: facts.map { rowFigures($0, actuals) })
        case .rowID(let id):
            guard let fact = table.fact(rowID: id) else {
                throw RPCError(code: .notFound, message: "no row has id '\(id)'")
            }
            return GetFiguresResponse(rows: [rowFigures(fact, actuals)])
        }
    }

    /// Every row the cuts keep, with its figures, in document order.
    public func streamRows(_ request: StreamRowsRequest) throws(RPCError) -> [RowFigures] {
        let actuals = self.actuals
        return try table.facts(cut: request.cuts).map { rowFigures($0, actuals) }
    }

    /// The most rows one StreamRowBatches message holds: the bound metrics.proto promises
    /// clients, so a constant of the contract rather than a setting. 128 rows make the 927 rows
    /// of the document 8 messages instead of 927, and a batch of the document's rows stays far
    /// under the 4 MiB message limit (the largest is under 64 KiB encoded, see the tests).
    public static let rowBatchLimit = 128

    /// The rows ``streamRows(_:)`` answers, in the same order, in batches of
    /// ``rowBatchLimit`` (the last holding the rest); none when no row is kept.
    public func streamRowBatches(_ request: StreamRowsRequest) throws(RPCError) -> [RowBatch] {
        let rows = try streamRows(request)
        return stride(from: 0, to: rows.count, by: Self.rowBatchLimit).map { start in
            RowBatch(rows: Array(rows[start..<min(start + Self.rowBatchLimit, rows.count)]))
        }
    }

    /// A fact's printed figures and those recorded in `actuals`.
    func rowFigures(_ fact: Fact, _ actuals: RecordedActuals) -> RowFigures {
        RowFigures(
            tableID: fact.tableID, unitID: fact.unitID, programme: fact.programme, row: fact.row,
            actual2019: actuals.figure(rowID: fact.row.id, year: 2019),
            actual2020: actuals.figure(rowID: fact.row.id, year: 2020))
    }
}
