import Foundation
import PlanIngest
import PlanModel
import Testing

@Suite("The embedded 2020 programme budget")
struct EmbeddedDocumentTests {
    @Test("has 28 programmes, 141 tables (122 + 19) and 927 rows (445 + 482)")
    func counts() {
        let summary = embedded.catalogue.summary
        #expect(summary.programmes == 28)
        #expect(summary.tables == 141)
        #expect(summary.tables2018to2020 == 122)
        #expect(summary.tables2020 == 19)
        #expect(summary.rows == 927)
        #expect(summary.quantifiedRows == 445)
        #expect(summary.nonQuantifiedRows == 482)
        #expect(embedded.catalogue.programmes.map(\.number) == Array(1...28))
    }

    @Test("reads without a diagnostic, so strict mode passes")
    func strict() throws {
        #expect(embedded.diagnostics == [])
        let url = repositoryRoot.appendingPathComponent("Data/programme-budget-2020.zh.txt")
        _ = try DocumentReader(strict: true).read(contentsOf: url)
    }

    @Test("ships Data/ and the bundled resource as the same bytes, identical to shared/")
    func copies() throws {
        let data = try Data(contentsOf: repositoryRoot.appendingPathComponent("Data/programme-budget-2020.zh.txt"))
        let bundled = try Data(contentsOf: repositoryRoot.appendingPathComponent("Sources/PlanDataset/programme-budget-2020.zh.txt"))
        #expect(data == bundled)
        let shared = repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared/data/programme-budget-2020.zh.txt")
        if let sharedData = try? Data(contentsOf: shared) { #expect(sharedData == data) }
    }

    @Test("matches the independently read tables row by row")
    func tablesRowByRow() throws {
        struct ExpectedRow: Decodable {
            var line: Int, category: String, quantified: Bool, subcategory: String, measure: String?
            var planned_2018: Int?, actual_2018: Int?, planned_2019: Int?, planned_2020: Int?
            var dashes: [String], footnotes: [String]
        }
        struct ExpectedTable: Decodable {
            var title_line: Int, label: String?, table_id: String, period: String, rows: [ExpectedRow]
        }
        let expected = try JSONDecoder().decode([ExpectedTable].self, from: fixture("expected-tables.json"))
        #expect(expected.count >= 12)
        let records = embedded.catalogue.deliverableRecords
        for table in expected {
            let actual = try #require(embedded.catalogue.table(id: table.table_id), "table \(table.table_id)")
            #expect(actual.line == table.title_line)
            #expect(actual.printedLabel == table.label)
            #expect(actual.period.rawValue == table.period)
            let rows = records.filter { $0.tableID == table.table_id }
            try #require(rows.count == table.rows.count, "table \(table.table_id) rows")
            for (record, row) in zip(rows, table.rows) {
                #expect(record.row.line == row.line)
                #expect(record.category == row.category)
                #expect(record.quantified == row.quantified)
                #expect(record.subcategory == row.subcategory)
                #expect(record.measure == row.measure)
                #expect(record.row.planned2018.countedValue == row.planned_2018, "line \(row.line)")
                #expect(record.row.actual2018.countedValue == row.actual_2018, "line \(row.line)")
                #expect(record.row.planned2019.countedValue == row.planned_2019, "line \(row.line)")
                #expect(record.row.planned2020.countedValue == row.planned_2020, "line \(row.line)")
                #expect(record.dashes.map(\.fieldName) == row.dashes, "line \(row.line)")
                #expect(record.footnotes.map(\.marker) == row.footnotes, "line \(row.line)")
            }
        }
    }

    @Test("per-measure column totals of the quantified rows equal an independent count")
    func totals() throws {
        struct Cell: Decodable, Equatable { var sum: Int, numeric_cells: Int, dash_cells: Int, blank_cells: Int }
        struct Totals: Decodable { var quantified_rows: Int, by_measure: [String: [String: Cell]] }
        let expected = try JSONDecoder().decode(Totals.self, from: fixture("expected-totals.json"))
        let quantified = embedded.catalogue.rows.filter(\.quantified)
        #expect(quantified.count == expected.quantified_rows)
        #expect(Set(expected.by_measure.keys) == Set(quantified.compactMap { $0.measure?.code }))
        for (code, columns) in expected.by_measure {
            let rows = quantified.filter { $0.measure?.code == code }
            for column in DeliverableRow.Column.allCases {
                let figures = rows.map { $0[column] }
                let actual = Cell(
                    sum: figures.compactMap(\.countedValue).reduce(0, +),
                    numeric_cells: figures.filter { if case .number = $0 { true } else { false } }.count,
                    dash_cells: figures.filter { $0 == .dash }.count,
                    blank_cells: figures.filter { $0 == .blank }.count)
                #expect(actual == columns[column.fieldName], "\(code) \(column.fieldName)")
            }
        }
    }

    @Test("corrects wrong and missing labels from the unit and the referring paragraph")
    func correctedLabels() throws {
        let wrong = try #require(embedded.catalogue.tables.first { $0.printedLabel == "22.3" })
        #expect(wrong.id == "20.3")
        #expect(wrong.unitID == "p20.sp1c")
        let p25 = try #require(embedded.catalogue.tables.first { $0.printedLabel == "29A.1" })
        #expect(p25.id == "25.1")
        let unlabelled = try #require(embedded.catalogue.table(id: "21.1"))
        #expect(unlabelled.printedLabel == nil)
        #expect(unlabelled.unitID == "p21.programme")
    }

    @Test("keeps a dash, a literal zero and a blank cell apart")
    func threeStates() throws {
        let rows = embedded.catalogue.rows
        let zero = try #require(rows.first { $0.line == 673 })
        #expect(DeliverableRow.Column.allCases.contains { zero[$0] == .number(0) })
        let dash = try #require(rows.first { $0.line == 110 })
        #expect(dash.planned2018 == .dash && dash.planned2020 == .number(8))
        let blank = try #require(rows.first { $0.line == 5594 })
        #expect(DeliverableRow.Column.allCases.allSatisfy { blank[$0] == .blank })
    }

    @Test("reads programme structure: parts, units, objectives, mandates and narrative")
    func structure() throws {
        let catalogue = embedded.catalogue
        let p1 = try #require(catalogue.programme(1))
        #expect(p1.title == "大会和经济及社会理事会事务和会议管理")
        #expect(p1.parts.map(\.title) == ["会议管理，纽约", "会议管理，日内瓦", "会议管理，维也纳", "会议管理，内罗毕"])
        #expect(p1.mandates.first?.symbols == ["71/328"] && p1.mandates.first?.title == "使用多种语文")
        let p25 = try #require(catalogue.programme(25))
        #expect(p25.parts.compactMap(\.letter) == ["A", "B", "C", "E", "F", "G"])
        let sp1 = try #require(catalogue.unit(id: "p1.sp1"))
        #expect(sp1.title == "大会和经济及社会理事会事务")
        #expect(sp1.objective?.paragraph == "1.1")
        #expect(sp1.tableIDs == ["1.1"])
        let component = try #require(catalogue.unit(id: "p25.A.sp1.c3"))
        #expect(component.kind == .component && component.parentID == "p25.A.sp1")
        let office = try #require(catalogue.units.first { $0.title == "联合国停战监督组织" })
        #expect(office.kind == .office && office.partID == "p4.g1")
        let p5 = try #require(catalogue.programme(5))
        #expect(p5.narrative.map(\.heading).contains("2020 年战略和外部因素"))
        #expect(p5.units.map(\.kind) == [.programme])
        #expect(catalogue.units.filter { $0.kind == .subprogramme && $0.number == "4" && $0.title == "会议和出版事务" }.count >= 1)
    }

    @Test("joins a paragraph broken across a page break")
    func pageBreakParagraph() throws {
        let p6 = try #require(embedded.catalogue.programme(6))
        let paragraph = try #require(p6.narrative.flatMap(\.paragraphs).first { $0.number == "6.6" })
        #expect(paragraph.line == 1213)
        #expect(paragraph.text.contains("供其第七十五届会议进一步审议。"))
        #expect(paragraph.text.hasSuffix("在这一事项上为会员国提供支持是一项具有挑战性的新任务。"))
    }

    @Test("gives every entity a unique id that survives reading the same document again")
    func stableIDs() throws {
        let again = try DocumentReader().readEmbedded().catalogue
        #expect(again == embedded.catalogue)
        let catalogue = embedded.catalogue
        let ids = catalogue.programmes.map(\.id) + catalogue.programmes.flatMap { $0.parts.map(\.id) }
            + catalogue.units.map(\.id) + catalogue.tables.map(\.id) + catalogue.rows.map(\.id)
        #expect(Set(ids).count == ids.count)
    }
}
