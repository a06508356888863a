import PlanModel
import PlanPresentation
import PlanAPI
import Testing

@Suite("Table: CSV and aligned text")
struct TableTests {
    @Test("display width counts East Asian wide characters as two columns")
    func displayWidth() {
        #expect(DisplayWidth.of("abc") == 3)
        #expect(DisplayWidth.of("海洋事务") == 8)
        #expect(DisplayWidth.of("（会议）、。") == 12)
        #expect(DisplayWidth.of("—") == 1)
        #expect(DisplayWidth.of("e\u{301}") == 1)
        #expect(DisplayWidth.of("ＡＢ") == 4)
    }

    @Test("every line of the aligned text has the same display width; numbers align right")
    func alignedText() {
        let table = Table(
            header: ["id", "title", "sum"],
            rows: [["p6", "法律事务", "12"], ["p17", "经济发展\n(非洲)", "—"], ["p1", "General Assembly", ""]])
        let lines = table.text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
        #expect(lines.count == 5)
        #expect(Set(lines.map(DisplayWidth.of)).count == 1)
        #expect(lines[0].hasPrefix("id   title "))
        #expect(lines[0].hasSuffix("sum"))
        #expect(lines[2].hasSuffix("  12"))
        #expect(lines[3].contains("经济发展 (非洲)"))
        #expect(lines[3].hasSuffix(" —"))
    }

    @Test("CSV is RFC 4180 through PlanModel's CSV")
    func csv() {
        let table = Table(header: ["a", "b"], rows: [["1,2", "—"], ["", "x\"y"]])
        #expect(table.csv == "a,b\r\n\"1,2\",—\r\n,\"x\"\"y\"\r\n")
    }

    @Test("aggregate cells take two columns per drilldown, figures as printed")
    func aggregateProjection() {
        let cell = AggregateCell(
            drilldown: [DimensionValue(dimension: .programme, key: "p6", label: "法律事务")], measure: .documents, sum: 10,
            count: 3, countReported: 2, countDashes: 1)
        let table = Table.aggregate([cell], drilldowns: [.programme])
        #expect(table.header == ["programme", "programme_label", "measure", "sum", "count", "count_reported", "count_dashes"])
        #expect(table.rows == [["p6", "法律事务", "documents", "10", "3", "2", "1"]])
    }

    @Test("the JSON mapping writes snake_case keys and figures as number, dash or null")
    func json() throws {
        let rows = [
            RowFigures(
                tableID: "20.3", unitID: "p20.sp1", programme: 20,
                row: DeliverableRow(
                    id: "20.3.r1", category: .a, printedCategory: "A", quantified: true, subcategory: "会议",
                    measureText: nil, measure: nil, planned2018: .dash, actual2018: .blank, planned2019: .number(2),
                    planned2020: .number(3), footnoteMarkers: [], line: 10),
                actual2019: .number(1), actual2020: .blank)
        ]
        let text = String(decoding: try JSONMapping.encode(GetFiguresResponse(rows: rows)), as: UTF8.self)
        #expect(text.contains("\"table_id\":\"20.3\""))
        #expect(text.contains("\"planned_2018\":\"—\""))
        #expect(text.contains("\"actual_2018\":null"))
        #expect(text.contains("\"actual_2019\":1"))
    }
}
