import GRPCCore
import PlanModel
import PlanAPI

extension MetricsService {
    /// Actual against planned for `year` (2018: printed actuals; 2019, 2020: recorded ones) per
    /// drilldown group and always per measure. Only rows with both figures reported (a number
    /// or a dash) are compared; the others are counted in `rowsSkipped`. The rate is absent when
    /// the planned sum is 0. INVALID_ARGUMENT naming `year` for any other year.
    public func implementationRate(_ request: ImplementationRateRequest) throws(RPCError) -> ImplementationRateResponse {
        _ = try Self.columns(comparingYear: request.year)
        let selection = try table.rows(cut: request.cuts)
        // 2018 compares printed columns only: the store's actuals are not read.
        let actuals = request.year == 2018 ? RecordedActuals() : self.actuals
        var cells: [RateCell] = []
        for group in try table.groups(of: selection, by: request.drilldowns) {
            cells.append(try rateCell(group, year: request.year, actuals: actuals))
        }
        let page = try pagination.page(
            of: cells, pageSize: request.pageSize, pageToken: request.pageToken,
            filters: "rate|\(request.year)|\(request.drilldowns.described)|\(request.cuts.fingerprint)")
        return ImplementationRateResponse(year: request.year, cells: page.items, nextPageToken: page.nextPageToken)
    }

    /// Planned 2019 → planned 2020 per drilldown group and always per measure, over the rows with
    /// both years reported; the fraction is absent when the planned 2019 sum is 0.
    public func change(_ request: ChangeRequest) throws(RPCError) -> ChangeResponse {
        let selection = try table.rows(cut: request.cuts)
        let cells = try table.groups(of: selection, by: request.drilldowns).map { changeCell($0) }
        let page = try pagination.page(
            of: cells, pageSize: request.pageSize, pageToken: request.pageToken,
            filters: "change|\(request.drilldowns.described)|\(request.cuts.fingerprint)")
        return ChangeResponse(cells: page.items, nextPageToken: page.nextPageToken)
    }

    /// The change cell of one group (printed figures only).
    func changeCell(_ group: Group) -> ChangeCell {
        let pair = compare(group.rows, .planned2019, .planned2020, actuals: RecordedActuals())
        return ChangeCell(
            drilldown: group.drilldown, measure: group.measure, planned2019: pair.from, planned2020: pair.to,
            difference: pair.to - pair.from,
            fraction: pair.from == 0 ? nil : Double(pair.to - pair.from) / Double(pair.from),
            rowsCompared: pair.compared, rowsSkipped: pair.skipped)
    }

    /// The rate cell of one group for `year`, with the actuals recorded in `actuals`.
    func rateCell(_ group: Group, year: Int, actuals: RecordedActuals) throws(RPCError) -> RateCell {
        let (plannedColumn, actualColumn) = try Self.columns(comparingYear: year)
        let pair = compare(group.rows, plannedColumn, actualColumn, actuals: actuals)
        return RateCell(
            drilldown: group.drilldown, measure: group.measure, planned: pair.from, actual: pair.to,
            rowsCompared: pair.compared, rowsSkipped: pair.skipped,
            rate: pair.from == 0 ? nil : Double(pair.to) / Double(pair.from))
    }

    /// The sums of two columns (recorded actuals from `actuals`) over the rows (positions in
    /// `table.facts`) where both are reported, and the counts of rows compared and skipped.
    func compare(
        _ rows: ArraySlice<Int32>, _ from: FigureColumn, _ to: FigureColumn, actuals: RecordedActuals
    ) -> (from: Int, to: Int, compared: Int, skipped: Int) {
        var result = (from: 0, to: 0, compared: 0, skipped: 0)
        let facts = table.facts
        for row in rows {
            let before = FactTable.figure(from, of: facts[Int(row)], actuals: actuals).countedValue
            let after = FactTable.figure(to, of: facts[Int(row)], actuals: actuals).countedValue
            guard let before, let after else {
                result.skipped += 1
                continue
            }
            result.from += before
            result.to += after
            result.compared += 1
        }
        return result
    }

    /// The planned and actual columns of `year`; INVALID_ARGUMENT naming `year` unless it is
    /// 2018, 2019 or 2020.
    static func columns(comparingYear year: Int) throws(RPCError) -> (planned: FigureColumn, actual: FigureColumn) {
        switch year {
        case 2018: (.planned2018, .actual2018)
        case 2019: (.planned2019, .actual2019)
        case 2020: (.planned2020, .actual2020)
        default:
            throw RPCError(code: .invalidArgument, message: "year must be 2018, 2019 or 2020, got \(year)")
        }
    }
}
