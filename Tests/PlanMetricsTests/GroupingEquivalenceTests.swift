import GRPCCore
import PlanMetrics
import PlanModel
import PlanAPI
import Testing

/// The grouped methods (Aggregate, ImplementationRate, Change, Rankings) against a naive
/// reference: the straightforward implementation they replaced — every kept `Fact` copied,
/// grouped by arrays of `String` keys, groups sorted by the document-order ranks of their keys,
/// the summary grouped again — on a catalogue larger than the document whose key orders differ
/// from it, with recorded actuals, over seeded random drilldowns, cuts, columns and orders.
@Suite("Grouping equivalence")
struct GroupingEquivalenceTests {
    /// The document's tables, preceded by a shuffled copy and followed by another (new table
    /// and row ids, figures reshuffled, one copied table placed in a unit no programme has),
    /// so that document order is not the order of the document's own keys.
    static let catalogue: Catalogue = {
        var generator = Generator(seed: 2020)
        let base = PlanMetricsTests.catalogue
        let figures = base.rows.flatMap { row in DeliverableRow.Column.allCases.map { row[$0] } }
        func copy(_ tables: [DeliverableTable], _ suffix: String) -> [DeliverableTable] {
            tables.enumerated().map { index, table in
                var table = table
                table.id += suffix
                if index == 7 { table.unitID = "nowhere" }
                table.rows = table.rows.map { row in
                    var row = row
                    row.id += suffix
                    for column in DeliverableRow.Column.allCases {
                        row[column] = figures[Int(generator.next() % UInt64(figures.count))]
                    }
                    return row
                }
                return table
            }
        }
        var shuffled = base.tables
        shuffled.shuffle(using: &generator)
        return Catalogue(
            programmes: base.programmes, tables: copy(shuffled, ".c1") + base.tables + copy(base.tables, ".c2"))
    }()

    /// Actuals recorded for some rows in 2019 and 2020: numbers, dashes and blanks.
    static let actuals: RecordedActuals = {
        var generator = Generator(seed: 19)
        var actuals = RecordedActuals()
        for row in catalogue.rows where generator.next() % 3 == 0 {
            let figure: (UInt64) -> Figure = { $0 % 5 == 0 ? .dash : $0 % 7 == 0 ? .blank : .number(Int($0 % 300)) }
            actuals.actual2019[row.id] = figure(generator.next())
            if generator.next() % 2 == 0 { actuals.actual2020[row.id] = figure(generator.next()) }
        }
        return actuals
    }()

    static let service = MetricsService(
        catalogue: catalogue, actuals: actuals, pagination: Pagination(defaultPageSize: 100_000, maxPageSize: 100_000))
    static let reference = Reference(table: service.table, actuals: actuals)

    @Test("the whole catalogue has more rows than the document, some outside any programme")
    func catalogueShape() {
        #expect(Self.service.table.facts.count == 3 * PlanMetricsTests.catalogue.rows.count)
        #expect(Self.service.table.facts.contains { $0.programme == 0 && $0.partID == nil })
    }

    @Test("aggregates equal the reference: cells, order, summary and counts")
    func aggregates() async throws {
        var generator = Generator(seed: 1)
        for _ in 0..<200 {
            await Task.yield()  // long in a debug build: leave the concurrency pool to other tests too
            let request = AggregateRequest(
                column: FigureColumn.allCases.randomElement(using: &generator)!,
                drilldowns: Self.randomDrilldowns(using: &generator), cuts: Self.randomCuts(using: &generator))
            var ordered = request
            ordered.order = Self.randomOrder(drilldowns: request.drilldowns, using: &generator)
            for request in [request, ordered] {
                let response = try Self.service.aggregate(request)
                let expected = Self.reference.aggregate(request)
                #expect(response.cells == expected.cells, "\(request)")
                #expect(response.summary == expected.summary, "\(request)")
                #expect(response.totalCellCount == expected.cells.count)
            }
        }
    }

    @Test("pages of an aggregate are the reference's cells, page after page")
    func pages() throws {
        let service = MetricsService(
            catalogue: Self.catalogue, actuals: Self.actuals, pagination: Pagination(defaultPageSize: 7, maxPageSize: 50))
        var generator = Generator(seed: 5)
        for _ in 0..<10 {
            var request = AggregateRequest(
                column: .planned2020, drilldowns: Self.randomDrilldowns(using: &generator, allowRow: false),
                cuts: Self.randomCuts(using: &generator))
            request.order = Self.randomOrder(drilldowns: request.drilldowns, using: &generator)
            request.pageSize = 13
            var cells: [AggregateCell] = []
            repeat {
                let response = try service.aggregate(request)
                cells += response.cells
                request.pageToken = response.nextPageToken
            } while !request.pageToken.isEmpty
            #expect(cells == Self.reference.aggregate(request).cells, "\(request)")
        }
    }

    @Test("page tokens are those of the request text as before: filters interpolated, FNV-1a, base64url")
    func pageTokens() throws {
        let service = MetricsService(
            catalogue: Self.catalogue, actuals: Self.actuals, pagination: Pagination(defaultPageSize: 3, maxPageSize: 50))
        func token(_ filters: String, offset: Int) -> String {
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325
            for byte in filters.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
            // base64url without padding, written out.
            let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
            let bytes = Array("\(offset).\(String(hash, radix: 16))".utf8)
            var text = ""
            for start in stride(from: 0, to: bytes.count, by: 3) {
                let chunk = bytes[start..<min(start + 3, bytes.count)]
                let bits = chunk.enumerated().reduce(0) { $0 | Int($1.element) << (16 - 8 * $1.offset) }
                for index in 0...chunk.count { text.append(alphabet[(bits >> (18 - 6 * index)) & 63]) }
            }
            return text
        }
        func fingerprint(_ cuts: [Cut]) -> String {
            cuts.map { "\($0.dimension)=\($0.values.joined(separator: ","))" }.joined(separator: ";")
        }
        var generator = Generator(seed: 4)
        var checked = 0
        for _ in 0..<40 {
            let drilldowns = Self.randomDrilldowns(using: &generator, allowRow: false)
            let cuts = Self.randomCuts(using: &generator)
            let column = FigureColumn.allCases.randomElement(using: &generator)!
            let order = Self.randomOrder(drilldowns: drilldowns, using: &generator)
            let aggregate = try service.aggregate(
                AggregateRequest(column: column, drilldowns: drilldowns, cuts: cuts, order: order))
            if !aggregate.nextPageToken.isEmpty {
                checked += 1
                #expect(
                    aggregate.nextPageToken
                        == token("aggregate|\(column)|\(drilldowns)|\(fingerprint(cuts))|\(order)", offset: 3))
            }
            let year = [2018, 2019, 2020].randomElement(using: &generator)!
            let rate = try service.implementationRate(ImplementationRateRequest(year: year, drilldowns: drilldowns, cuts: cuts))
            if !rate.nextPageToken.isEmpty {
                #expect(rate.nextPageToken == token("rate|\(year)|\(drilldowns)|\(fingerprint(cuts))", offset: 3))
            }
            let change = try service.change(ChangeRequest(drilldowns: drilldowns, cuts: cuts))
            if !change.nextPageToken.isEmpty {
                #expect(change.nextPageToken == token("change|\(drilldowns)|\(fingerprint(cuts))", offset: 3))
            }
        }
        #expect(checked > 10)
    }

    @Test("implementation rates and change equal the reference")
    func comparisons() async throws {
        var generator = Generator(seed: 2)
        for _ in 0..<120 {
            await Task.yield()  // long in a debug build: leave the concurrency pool to other tests too
            let drilldowns = Self.randomDrilldowns(using: &generator)
            let cuts = Self.randomCuts(using: &generator)
            let year = [2018, 2019, 2020].randomElement(using: &generator)!
            let rate = try Self.service.implementationRate(
                ImplementationRateRequest(year: year, drilldowns: drilldowns, cuts: cuts))
            #expect(rate.cells == Self.reference.rates(year: year, drilldowns: drilldowns, cuts: cuts))
            let change = try Self.service.change(ChangeRequest(drilldowns: drilldowns, cuts: cuts))
            #expect(change.cells == Self.reference.changes(drilldowns: drilldowns, cuts: cuts))
        }
    }

    @Test("rankings equal the reference for every metric")
    func rankings() throws {
        var generator = Generator(seed: 3)
        for _ in 0..<150 {
            let metric = RankingMetric.allCases.randomElement(using: &generator)!
            let request = RankingsRequest(
                by: Dimension.allCases.randomElement(using: &generator)!,
                measure: Measure.allCases.randomElement(using: &generator)!, metric: metric,
                column: metric == .total ? FigureColumn.allCases.randomElement(using: &generator)! : nil,
                year: [2018, 2019, 2020].randomElement(using: &generator)!,
                cuts: generator.next() % 2 == 0 ? [] : Self.randomCuts(using: &generator),
                ascending: generator.next() % 2 == 0, limit: Int(generator.next() % 4) * 3)
            let response = try Self.service.rankings(request)
            #expect(response.entries == Self.reference.rankings(request), "\(request)")
        }
    }

    @Test("bad drilldowns and cuts fail (unknown ids NOT_FOUND, as everywhere)")
    func errors() {
        let requests: [(AggregateRequest, String)] = [
            (
                AggregateRequest(column: .planned2020, drilldowns: [.unit, .programme, .unit]),
                "drilldowns: a dimension is named more than once"
            ),
            (
                AggregateRequest(column: .planned2020, cuts: [Cut(dimension: .period, values: [])]),
                "cuts: the cut on period names no values"
            ),
            (
                AggregateRequest(
                    column: .planned2020,
                    cuts: [Cut(dimension: .row, values: [Self.service.table.facts[5].row.id, "20.3.r999", "x"])]),
                "cuts: the catalogue has no row '20.3.r999'"
            ),
            (
                AggregateRequest(
                    column: .planned2020, drilldowns: [.unit, .unit],
                    cuts: [Cut(dimension: .programme, values: ["p6", "p99"])]),
                "cuts: the catalogue has no programme 'p99'"
            ),
        ]
        for (request, message) in requests {
            do {
                _ = try Self.service.aggregate(request)
                Issue.record("no error for \(request)")
            } catch {
                let code: RPCError.Code = message.contains("the catalogue has no") ? .notFound : .invalidArgument
                #expect(error.code == code && error.message == message, "\(error)")
            }
        }
    }

    // MARK: Random requests

    static func randomDrilldowns(using generator: inout Generator, allowRow: Bool = true) -> [Dimension] {
        let dimensions = Dimension.allCases.filter { allowRow || $0 != .row }.shuffled(using: &generator)
        let count = Int(generator.next() % 4)
        // Drilling down by row makes a cell per row: keep it to one request in eight.
        return Array(dimensions.filter { $0 != .row || generator.next() % 8 == 0 }.prefix(count))
    }

    static func randomCuts(using generator: inout Generator) -> [Cut] {
        let facts = service.table.facts
        return Dimension.allCases.shuffled(using: &generator).prefix(Int(generator.next() % 3)).map { dimension in
            let values = (0...Int(generator.next() % 4)).map { _ in
                FactTable.key(dimension, of: facts[Int(generator.next() % UInt64(facts.count))])
            }
            return Cut(dimension: dimension, values: values)
        }
    }

    static func randomOrder(drilldowns: [Dimension], using generator: inout Generator) -> [AggregateOrder] {
        let keys: [AggregateOrder.Key] =
            drilldowns.map { .dimension($0) } + [.dimension(.measure)] + AggregateField.allCases.map { .aggregate($0) }
        return keys.shuffled(using: &generator).prefix(Int(generator.next() % 3)).map {
            AggregateOrder(key: $0, descending: generator.next() % 2 == 0)
        }
    }
}

/// SplitMix64, so every run draws the same requests.
struct Generator: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// The grouped methods written the simple way, from the public `FactTable` (its facts, keys,
/// values and figures) only; requests are assumed valid.
struct Reference {
    let table: FactTable
    let actuals: RecordedActuals
    /// The document-order rank of every key of every dimension.
    let ranks: [Dimension: [String: Int]]

    init(table: FactTable, actuals: RecordedActuals) {
        self.table = table
        self.actuals = actuals
        var ranks: [Dimension: [String: Int]] = [:]
        for dimension in Dimension.allCases {
            var keys: [String: Int] = [:]
            for fact in table.facts where keys[FactTable.key(dimension, of: fact)] == nil {
                keys[FactTable.key(dimension, of: fact)] = keys.count
            }
            ranks[dimension] = keys
        }
        self.ranks = ranks
    }

    struct Group {
        var drilldown: [DimensionValue]
        var measure: Measure?
        var facts: [Fact]
    }

    static func measureRank(_ measure: Measure?) -> Int {
        measure.flatMap { Measure.allCases.firstIndex(of: $0) } ?? Measure.allCases.count
    }

    func rank(_ dimension: Dimension, _ key: String) -> Int { ranks[dimension]?[key] ?? Int.max }

    func kept(_ cuts: [Cut]) -> [Fact] {
        table.facts.filter { fact in cuts.allSatisfy { $0.values.contains(FactTable.key($0.dimension, of: fact)) } }
    }

    func groups(_ facts: [Fact], by drilldowns: [Dimension]) -> [Group] {
        var positions: [[String]: Int] = [:]
        var groups: [Group] = []
        for fact in facts {
            let keys = drilldowns.map { FactTable.key($0, of: fact) } + [fact.measure?.code ?? ""]
            if let position = positions[keys] {
                groups[position].facts.append(fact)
            } else {
                positions[keys] = groups.count
                groups.append(
                    Group(
                        drilldown: drilldowns.map { FactTable.value($0, of: fact) }, measure: fact.measure,
                        facts: [fact]))
            }
        }
        return groups.sorted { lhs, rhs in
            let left = lhs.drilldown.map { rank($0.dimension, $0.key) } + [Self.measureRank(lhs.measure)]
            let right = rhs.drilldown.map { rank($0.dimension, $0.key) } + [Self.measureRank(rhs.measure)]
            return left.lexicographicallyPrecedes(right)
        }
    }

    func figure(_ column: FigureColumn, _ fact: Fact) -> Figure {
        FactTable.figure(column, of: fact, actuals: actuals)
    }

    func cell(_ group: Group, _ column: FigureColumn) -> AggregateCell {
        let figures = group.facts.map { figure(column, $0) }
        return AggregateCell(
            drilldown: group.drilldown, measure: group.measure,
            sum: figures.reduce(0) { $0 + ($1.countedValue ?? 0) }, count: figures.count,
            countReported: figures.filter(\.isReported).count, countDashes: figures.filter { $0 == .dash }.count)
    }

    /// Every cell in order and the summary.
    func aggregate(_ request: AggregateRequest) -> (cells: [AggregateCell], summary: [AggregateCell]) {
        let facts = kept(request.cuts)
        let cells = groups(facts, by: request.drilldowns).map { cell($0, request.column) }
        func value(_ key: AggregateOrder.Key, _ cell: AggregateCell) -> Int {
            switch key {
            case .dimension(.measure): Self.measureRank(cell.measure)
            case .dimension(let dimension): rank(dimension, cell.drilldown.first { $0.dimension == dimension }?.key ?? "")
            case .aggregate(.sum): cell.sum
            case .aggregate(.count): cell.count
            case .aggregate(.countReported): cell.countReported
            }
        }
        let ordered = cells.enumerated().sorted { lhs, rhs in
            for item in request.order {
                let left = value(item.key, lhs.element)
                let right = value(item.key, rhs.element)
                if left != right { return item.descending ? left > right : left < right }
            }
            return lhs.offset < rhs.offset
        }.map(\.element)
        return (ordered, groups(facts, by: []).map { cell($0, request.column) })
    }

    func compare(_ facts: [Fact], _ from: FigureColumn, _ to: FigureColumn) -> (from: Int, to: Int, compared: Int, skipped: Int) {
        var result = (from: 0, to: 0, compared: 0, skipped: 0)
        for fact in facts {
            guard let before = figure(from, fact).countedValue, let after = figure(to, fact).countedValue else {
                result.skipped += 1
                continue
            }
            result.from += before
            result.to += after
            result.compared += 1
        }
        return result
    }

    static func columns(_ year: Int) -> (FigureColumn, FigureColumn) {
        switch year {
        case 2018: (.planned2018, .actual2018)
        case 2019: (.planned2019, .actual2019)
        default: (.planned2020, .actual2020)
        }
    }

    func rateCell(_ group: Group, year: Int) -> RateCell {
        let (planned, actual) = Self.columns(year)
        let pair = compare(group.facts, planned, actual)
        return RateCell(
            drilldown: group.drilldown, measure: group.measure, planned: pair.from, actual: pair.to,
            rowsCompared: pair.compared, rowsSkipped: pair.skipped,
            rate: pair.from == 0 ? nil : Double(pair.to) / Double(pair.from))
    }

    func changeCell(_ group: Group) -> ChangeCell {
        let pair = compare(group.facts, .planned2019, .planned2020)
        return ChangeCell(
            drilldown: group.drilldown, measure: group.measure, planned2019: pair.from, planned2020: pair.to,
            difference: pair.to - pair.from,
            fraction: pair.from == 0 ? nil : Double(pair.to - pair.from) / Double(pair.from),
            rowsCompared: pair.compared, rowsSkipped: pair.skipped)
    }

    func rates(year: Int, drilldowns: [Dimension], cuts: [Cut]) -> [RateCell] {
        groups(kept(cuts), by: drilldowns).map { rateCell($0, year: year) }
    }

    func changes(drilldowns: [Dimension], cuts: [Cut]) -> [ChangeCell] {
        groups(kept(cuts), by: drilldowns).map { changeCell($0) }
    }

    func rankings(_ request: RankingsRequest) -> [RankingEntry] {
        var scored: [(item: DimensionValue, value: Double, rows: Int)] = []
        for group in groups(kept(request.cuts).filter { $0.measure == request.measure }, by: [request.by]) {
            let score: (Double, Int)?
            switch request.metric {
            case .total:
                let figures = group.facts.compactMap { figure(request.column!, $0).countedValue }
                score = figures.isEmpty ? nil : (Double(figures.reduce(0, +)), figures.count)
            case .implementationRate:
                let cell = rateCell(group, year: request.year)
                score = cell.rate.map { ($0, cell.rowsCompared) }
            case .change:
                let cell = changeCell(group)
                score = cell.rowsCompared == 0 ? nil : (Double(cell.difference), cell.rowsCompared)
            case .changeFraction:
                let cell = changeCell(group)
                score = cell.fraction.map { ($0, cell.rowsCompared) }
            case .gap:
                let (planned, actual) = Self.columns(request.year)
                let pair = compare(group.facts, planned, actual)
                score = pair.compared == 0 ? nil : (Double(pair.to - pair.from), pair.compared)
            }
            if let score { scored.append((group.drilldown[0], score.0, score.1)) }
        }
        let sorted = scored.enumerated().sorted { lhs, rhs in
            if lhs.element.value != rhs.element.value {
                return request.ascending ? lhs.element.value < rhs.element.value : lhs.element.value > rhs.element.value
            }
            return lhs.offset < rhs.offset
        }.map(\.element)
        var entries: [RankingEntry] = []
        for (index, entry) in sorted.enumerated() {
            let rank = index > 0 && sorted[index - 1].value == entry.value ? entries[index - 1].rank : index + 1
            entries.append(RankingEntry(rank: rank, item: entry.item, value: entry.value, rows: entry.rows))
        }
        return request.limit == 0 ? entries : Array(entries.prefix(request.limit))
    }
}
